"""Chart images: PNG (2x) and SVG bytes of plotly figures via kaleido + Chromium, and the command

    python -m dashboard.export --out DIR [--data DIR]

which writes every chart of a corpus (built tables in ``--data``, the seeds by default) as
``DIR/<chart>.png`` for reports. Kaleido 1.x drives a local Chromium; where none is found the
command says what to install and exits 2, and the app keeps working without image downloads.
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import sys
import threading
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go

from dashboard import charts, wire_charts

SCALE = 2  # 2x: crisp in print and on high-density screens
WIDTH = 1000  # pixels before scaling, when the figure sets none: room for titles and labels
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_FALLBACK = Path("/usr/bin/chromium")
INSTALL_HINT = (
    "PNG/SVG export needs Chromium: install it (`apt-get install chromium`, or `packages.txt` with "
    "`chromium` on Streamlit Community Cloud, or `plotly_get_chrome`), or set BROWSER_PATH to a Chrome binary."
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_server_started = False
_lock = threading.Lock()  # one kaleido browser per process; downloads run on Streamlit's threads


def find_chromium() -> str | None:
    """The Chromium/Chrome kaleido will use: ``BROWSER_PATH`` (as choreographer reads it), else PATH."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if Path(override).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return str(CHROMIUM_FALLBACK) if CHROMIUM_FALLBACK.exists() else None


class ExportUnavailable(RuntimeError):
    """No Chromium to render images with; the message says what to install."""


def _ensure_server() -> None:
    """Start kaleido's persistent browser once per process (each image then takes ~0.2 s, not ~2 s)."""
    global _server_started
    if find_chromium() is None:
        raise ExportUnavailable(INSTALL_HINT)
    if not _server_started:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _server_started = True


def for_export(figure: go.Figure) -> go.Figure:
    """A copy of ``figure`` with the export template (the app's theme does not travel with a file)."""
    copy = go.Figure(figure).update_layout(template=charts.EXPORT_TEMPLATE)
    return copy if copy.layout.width else copy.update_layout(width=WIDTH)


def image(figure: go.Figure, fmt: str = "png", scale: float = SCALE) -> bytes:
    """The figure as PNG or SVG bytes. Raises ExportUnavailable without Chromium."""
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "kopts ignored" once a server runs
        _ensure_server()
        try:
            return for_export(figure).to_image(format=fmt, scale=scale)
        except RuntimeError as error:  # plotly's "Chrome not found" and kaleido start-up failures
            raise ExportUnavailable(f"{INSTALL_HINT} ({error})") from error


def zip_of_images(figures: Mapping[str, go.Figure | None], fmt: str = "png") -> bytes:
    """A zip of ``<name>.<fmt>`` for every figure that is not None."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, figure in figures.items():
            if figure is not None:
                archive.writestr(f"{name}.{fmt}", image(figure, fmt))
    return buffer.getvalue()


def write_all(figures: Mapping[str, go.Figure | None], out: Path) -> list[Path]:
    """Write each non-empty figure as ``out/<name>.png``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in figures.items():
        if figure is None:
            continue
        path = out / f"{name}.png"
        path.write_bytes(image(figure))
        written.append(path)
    return written


def every_figure(corpus) -> dict[str, go.Figure | None]:
    """Every chart of a corpus by file name: the pages' charts and the wire charts."""
    return {**charts.all_figures(corpus), **wire_charts.all_figures(corpus)}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard.export", description="Write every chart of a corpus as PNG (2x).")
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files (created if missing)")
    parser.add_argument("--data", type=Path, help="folder of built tables (python -m data_pipeline build --out DIR); seeds if omitted")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from data_pipeline import Corpus, build_corpus

    if find_chromium() is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    try:
        corpus = Corpus.load(args.data) if args.data else build_corpus()
    except (OSError, ValueError) as error:
        print(f"cannot read tables from {args.data}: {error}", file=sys.stderr)
        return 2
    figures = every_figure(corpus)
    try:
        written = write_all(figures, args.out)
    except ExportUnavailable as error:
        print(str(error), file=sys.stderr)
        return 2
    for path in written:
        print(path)
    skipped = sorted(name for name, figure in figures.items() if figure is None)
    if skipped:
        print(f"nothing to draw (empty in this corpus): {', '.join(skipped)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
