"""The command line, called in-process through ``cli.main(argv)``."""

from __future__ import annotations

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
