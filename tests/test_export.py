"""The export command writes every chart of a corpus as a valid PNG at 2x; without Chromium it
says what to install."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from dashboard import charts, export

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"PNG export needs Chromium at {CHROMIUM}")


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (after the 8-byte signature and chunk header)."""
    assert data[:8] == export.PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory, seeds_corpus):
    return seeds_corpus.save(tmp_path_factory.mktemp("tables") / "seeds")


@needs_chromium
def test_export_writes_every_chart_as_a_2x_png(seed_tables, seeds_corpus, tmp_path, capsys):
    out = tmp_path / "charts"
    assert export.main(["--out", str(out), "--data", str(seed_tables)]) == 0
    figures = export.every_figure(seeds_corpus)
    expected = {f"{name}.png" for name, figure in figures.items() if figure is not None}
    assert expected and {p.name for p in out.iterdir()} == expected
    for name in expected:
        figure = figures[name.removesuffix(".png")]
        width, height = _png_size((out / name).read_bytes())
        assert (width, height) == (export.SCALE * export.WIDTH, export.SCALE * figure.layout.height)
    assert sorted(capsys.readouterr().out.split()) == sorted(str(out / name) for name in expected)


@needs_chromium
def test_zip_of_images_holds_one_png_per_chart_and_skips_empty_ones(seeds_corpus):
    figures = charts.all_figures(seeds_corpus)
    chosen = {"tone_by_outlet": figures["tone_by_outlet"], "nothing": None}
    with zipfile.ZipFile(io.BytesIO(export.zip_of_images(chosen))) as archive:
        assert archive.namelist() == ["tone_by_outlet.png"]
        assert archive.read("tone_by_outlet.png")[:8] == export.PNG_SIGNATURE


@needs_chromium
def test_svg_export_is_svg(seeds_corpus):
    assert export.image(charts.tone_by_outlet(seeds_corpus.sentences, seeds_corpus.articles), "svg").lstrip().startswith(b"<svg")


def test_without_chromium_the_command_says_what_to_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(export, "find_chromium", lambda: None)
    assert export.main(["--out", str(tmp_path / "charts")]) == 2
    assert "install" in capsys.readouterr().err.lower()
    assert not (tmp_path / "charts").exists()


def test_without_chromium_an_image_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(export, "find_chromium", lambda: None)
    with pytest.raises(export.ExportUnavailable, match="Chromium"):
        export.image(charts.originality_by_outlet(charts.pd.DataFrame({"source": ["A"], "article_id": ["1"],
                                                                         "wire": [None], "originality": [0.5],
                                                                         "polarity": [0.0]})))


def test_missing_tables_are_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(export, "find_chromium", lambda: "/usr/bin/chromium")
    assert export.main(["--out", str(tmp_path / "charts"), "--data", str(tmp_path / "nowhere")]) == 2
    assert "missing tables" in capsys.readouterr().err


@pytest.mark.parametrize(
    "browser_path, exists, expected",
    [("set", True, "set"), ("set", False, None)],
)
def test_browser_path_overrides_the_search(monkeypatch, tmp_path, browser_path, exists, expected):
    binary = tmp_path / "chrome"
    if exists:
        binary.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(binary))
    assert export.find_chromium() == (str(binary) if expected else None)
