"""A build in a process of its own (``data_pipeline.execution.isolated``), as the dashboard runs
an upload's: the same tables as a build in this process, progress reported here as the child
works, and a failure raised here with the child's own error."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from data_pipeline import SEEDS, Corpus, build_corpus
from data_pipeline.execution import isolated


def test_a_child_build_gives_the_tables_of_a_build_here(tmp_path):
    seen: list[tuple[int, int]] = []
    isolated.build_in_child([SEEDS], tmp_path / "tables", progress=lambda done, total: seen.append((done, total)))
    here, there = build_corpus([SEEDS]), Corpus.load(tmp_path / "tables")
    for name, table in here.tables().items():
        pd.testing.assert_frame_equal(
            there.tables()[name].reset_index(drop=True), table.reset_index(drop=True), check_dtype=False, obj=name
        )
    assert seen, "no progress came back from the child"
    assert seen[0] == (0, len(here.articles))  # the total, as soon as the files are read
    assert seen[-1] == (len(here.articles), len(here.articles))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_child_build_from_a_threaded_caller_forks_its_workers(tmp_path):
    """The reason for the child: the caller has other threads (Streamlit's server), so it may
    not fork; the child is single-threaded, so its executors may. The child says which it had."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(isolated.build_in_child([SEEDS], tmp_path / "tables")))
    worker.start()
    worker.join()
    assert result == [True]
    assert len(Corpus.load(tmp_path / "tables").articles) == len(build_corpus([SEEDS]).articles)


def test_a_failed_child_build_raises_here_with_its_error(tmp_path):
    occupied = tmp_path / "tables"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("not Wirewatch's", encoding="utf-8")  # build_to refuses to replace it
    with pytest.raises(isolated.ChildBuildError, match="FileExistsError: .* was not written by Wirewatch"):
        isolated.build_in_child([SEEDS], occupied)
    assert (occupied / "notes.txt").read_text(encoding="utf-8") == "not Wirewatch's"


def test_a_caller_that_stops_waiting_stops_the_child(tmp_path):
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt  # what Streamlit's stop of a script run looks like to the callback

    with pytest.raises(KeyboardInterrupt):
        isolated.build_in_child([SEEDS], tmp_path / "tables", progress=stop)
    assert not (tmp_path / "tables").exists()
