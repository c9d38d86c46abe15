"""The command line, called in-process through ``cli.main(argv)``."""

from __future__ import annotations

import os
import stat
import zipfile

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from data_pipeline import SEEDS, cli, schema


def read_tables(folder) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in schema.TABLES}


def test_build_seeds_writes_the_eight_tables(tmp_path, capsys):
    assert cli.main(["build", str(SEEDS), "--out", str(tmp_path / "t")]) == 0
    tables = read_tables(tmp_path / "t")
    for name, table in tables.items():
        assert list(table.columns[: len(schema.SCHEMAS[name])]) == list(schema.SCHEMAS[name]), name
    assert len(tables["articles"]) == 5
    assert len(tables["sentences"]) == tables["articles"]["n_sentences"].sum()
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith(f"5 articles, {len(tables['sentences'])} sentences, ")
    assert " 0 problems in " in summary


def test_inputs_default_to_the_seeds(tmp_path):
    assert cli.main(["build", "--out", str(tmp_path / "t"), "--quiet"]) == 0
    assert len(pd.read_parquet(tmp_path / "t" / "articles.parquet")) == 5


def test_two_builds_give_identical_tables(tmp_path):
    cli.main(["build", str(SEEDS), "--out", str(tmp_path / "a")])
    cli.main(["build", str(SEEDS), "--out", str(tmp_path / "b")])
    first, second = read_tables(tmp_path / "a"), read_tables(tmp_path / "b")
    for name in schema.TABLES:
        assert_frame_equal(first[name], second[name], obj=name)


@pytest.mark.parametrize(("strict", "status"), [([], 0), (["--strict"], 1)])
def test_problems_are_printed_and_fail_only_with_strict(tmp_path, capsys, strict, status):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Talks\n\nNATO met Russia on Wednesday.")
    (tmp_path / "in" / "empty.txt").write_text("")
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "t"), *strict]) == status
    captured = capsys.readouterr()
    assert "problem: in/empty.txt: [ingest] empty: no text" in captured.err
    assert captured.out.startswith("1 articles, ")
    assert len(pd.read_parquet(tmp_path / "t" / "problems.parquet")) == 1


def test_strict_without_problems_exits_zero(tmp_path):
    assert cli.main(["build", str(SEEDS), "--out", str(tmp_path / "t"), "--strict"]) == 0


def test_out_folder_of_other_files_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me")
    assert cli.main(["build", str(SEEDS), "--out", str(tmp_path)]) == 2
    assert "not replaced" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_progress_bar_for_more_than_a_handful_of_files(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    for n in range(8):
        (tmp_path / "in" / f"{n}.txt").write_text(f"Talks {n}\n\nNATO met Russia on day {n}.")
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "t")]) == 0
    assert "8/8" in capsys.readouterr().err


def test_missing_out_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build"])
    assert exit_.value.code == 2


# --- what --out may replace (SECURITY.md: only a folder Wirewatch wrote) -------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"package.json": "{}", "thesis_results.parquet": "PAR1"},  # a project's files
        {"a.json": '{"text": "NATO met Russia."}', "b.json": '{"text": "Talks ended."}'},  # news JSON
    ],
)
def test_out_is_never_a_folder_wirewatch_did_not_write(tmp_path, capsys, files):
    out = tmp_path / "mine"
    out.mkdir()
    for name, text in files.items():
        (out / name).write_text(text)
    mode = out.stat().st_mode
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 2
    assert "was not written by Wirewatch" in capsys.readouterr().err
    assert {p.name: p.read_text() for p in out.iterdir()} == files
    assert out.stat().st_mode == mode


def test_out_that_is_also_the_input_is_refused(tmp_path, capsys):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.json").write_text('{"title": "Talks", "text": "NATO met Russia on Monday, officials said."}')
    assert cli.main(["build", str(news), "--out", str(news), "--quiet"]) == 2
    assert [p.name for p in news.iterdir()] == ["a.json"]


def test_out_written_by_wirewatch_is_replaced_but_not_with_the_users_files_in_it(tmp_path, capsys):
    out = tmp_path / "t"
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0  # ours: replaced
    (out / "notes.txt").write_text("mine")
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine"


def test_out_gets_the_usual_permissions_not_private_ones(tmp_path):
    umask = os.umask(0o022)
    try:
        assert cli.main(["build", str(SEEDS), "--out", str(tmp_path / "t"), "--quiet"]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "t").stat().st_mode) == 0o755


# --- names and empty inputs on the command line ---------------------------------------------------


def test_control_characters_in_file_names_are_escaped_not_printed(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Talks\n\nNATO met Russia on Wednesday.")
    (inputs / "evil\x1b[2J\x1b[31mred\nproblem: fake.txt").write_text("")  # empty: a problem row
    with zipfile.ZipFile(inputs / "c.zip", "w") as archive:
        archive.writestr("member\x1b]0;title\x07.txt", "")
    assert cli.main(["build", str(inputs), "--out", str(tmp_path / "t"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b[2J\\x1b[31mred\\x0aproblem: fake.txt" in err
    assert all(line.startswith("problem: ") for line in err.splitlines())
    assert len(err.splitlines()) == 2


def test_an_empty_input_folder_fails_strict(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "t"), "--quiet"]) == 0
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "t"), "--quiet", "--strict"]) == 1
    assert "no article in the inputs" in capsys.readouterr().err
