"""The engines give identical tables; incremental builds reuse exactly the unchanged articles."""

from __future__ import annotations

import dataclasses
import json
import threading

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from data_pipeline import SEEDS, build_corpus, cache, cli, engine, pipeline, schema
from data_pipeline.ingest import Document, read_inputs
from tests.conftest import corpus_path

SAMPLE_SIZE = 1_000
SAMPLE_PARAGRAPHS = 4  # each article's opening paragraphs: real text, a third of the time


def assert_same_tables(first, second) -> None:
    for name in schema.TABLES:
        assert_frame_equal(getattr(first, name), getattr(second, name), obj=name)


@pytest.fixture(scope="module")
def dask_scheduler():
    """A local Dask cluster reached by address, as a remote one would be."""
    import distributed  # a dependency (dask[distributed]): the Dask engine is required, never skipped

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def parallel_even_for_few(monkeypatch):
    """Worker processes even for the five seeds (below the threshold they are not worth it)."""
    monkeypatch.setattr(engine, "MIN_PARALLEL_DOCUMENTS", 1)


@pytest.fixture
def pool_even_for_few(monkeypatch, parallel_even_for_few):
    """The process pool even for a small corpus (which forked shares would otherwise take)."""
    monkeypatch.setattr(engine, "MAX_FORKED_DOCUMENTS", 0)


@pytest.fixture
def forked_shares(parallel_even_for_few):
    """Forked shares are only taken where forking is safe: no other thread in this process."""
    if engine.fork_context() is None:
        pytest.skip("another thread runs in this test process: forking is not safe here")


@pytest.fixture(scope="module")
def sample_documents() -> list[Document]:
    """PolNeAR's 924 articles (their opening paragraphs) and edited copies of the first ones."""
    folder = corpus_path("polnear")
    documents, _ = read_inputs([folder / "train" / "text", folder / "dev" / "text"])
    documents = [dataclasses.replace(d, text="\n\n".join(d.text.split("\n\n")[:SAMPLE_PARAGRAPHS])) for d in documents]
    copies = [
        Document(f"copy/{d.path}", d.text + "\n\nThis story has been updated.", d.meta)
        for d in documents[: SAMPLE_SIZE - len(documents)]
    ]
    return documents + copies


@pytest.fixture(scope="module")
def sample_results(sample_documents):
    return engine.article_results(sample_documents, workers=1)


# --- identical tables whatever the engine (local first: a running Dask cluster means threads,
# and worker processes are then spawned instead of forked, which is slower) ------------------


def test_seeds_two_workers_same_tables_as_one(seeds_corpus, parallel_even_for_few):
    assert_same_tables(build_corpus([SEEDS], workers=2), seeds_corpus)


def test_seeds_incremental_rebuild_same_tables(seeds_corpus, tmp_path):
    stats: dict = {}
    build_corpus([SEEDS], cache=tmp_path / "cache")
    rebuilt = build_corpus([SEEDS], cache=tmp_path / "cache", stats=stats)
    assert stats == {"processed": 0, "reused": 5}
    assert_same_tables(rebuilt, seeds_corpus)


def test_sample_same_results_with_two_workers_and_incremental(sample_documents, sample_results, tmp_path):
    """The per-article results decide the tables (the later stages are the same code)."""
    assert sample_results.n_documents == SAMPLE_SIZE
    assert sample_results.articles["doc"].tolist() == list(range(SAMPLE_SIZE))
    assert engine.article_results(sample_documents, workers=2).equals(sample_results)
    # Incremental: a cache holding all but 100 of the articles, then the whole corpus.
    stats: dict = {}
    engine.article_results(sample_documents[100:], cache=tmp_path / "cache", workers=1)
    assert engine.article_results(sample_documents, cache=tmp_path / "cache", stats=stats).equals(sample_results)
    assert stats == {"processed": 100, "reused": SAMPLE_SIZE - 100}
    # ...and the cache, now of the whole corpus, gives every row back as it was.
    assert engine.article_results(sample_documents, cache=tmp_path / "cache", stats=stats).equals(sample_results)
    assert stats == {"processed": 0, "reused": SAMPLE_SIZE}


# --- local engine: order, chunks, progress, options ---------------------------------------


@pytest.mark.parametrize(
    "n_items, workers, sizes",
    [
        (0, 2, []),
        (1, 2, [1]),
        (10, 2, [1] * 10),  # fewer items than chunks wanted: one each
        (64, 2, [4] * 16),  # CHUNKS_PER_WORKER = 8 chunks per worker
        (100, 1, [13] * 7 + [9]),
        (10_000, 2, [200] * 50),  # capped at MAX_CHUNK_DOCUMENTS
    ],
)
def test_chunks(n_items, workers, sizes):
    items = list(range(n_items))
    parts = engine.chunks(items, workers)
    assert [len(p) for p in parts] == sizes
    assert [i for p in parts for i in p] == items


def test_results_keep_input_order_and_progress_reaches_the_total(parallel_even_for_few):
    documents = [Document(f"d{i}.txt", f"Story number {i} was told on Monday, officials said.") for i in range(40)]
    seen: list[tuple[int, int]] = []
    results = engine.article_results(documents, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert results.articles["path"].tolist() == [d.path for d in documents]
    assert seen[-1] == (40, 40)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"engine": "spark"}, "unknown engine 'spark'"),
        ({"workers": 0}, "workers must be at least 1"),
    ],
)
def test_bad_options_are_clear_errors(options, message):
    with pytest.raises(engine.EngineError, match=message):
        engine.article_results([Document("a.txt", "Text.")], **options)


def test_default_workers_never_exceed_the_cores(monkeypatch, pool_even_for_few):
    used = []

    class Recorder(engine.ProcessPoolExecutor):
        def __init__(self, max_workers, **kwargs):
            used.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(engine, "ProcessPoolExecutor", Recorder)
    monkeypatch.setattr(engine, "available_cores", lambda: 2)
    engine.article_results([Document(f"{i}.txt", f"Sentence {i}.") for i in range(50)])
    assert used == [2]


def test_threaded_caller_gets_spawned_workers_same_results(pool_even_for_few):
    """Inside a threaded program (Streamlit, a Dask client) workers are spawned, not forked."""
    documents = [Document(f"{i}.txt", f"Talk {i} went badly, she said.") for i in range(20)]
    serial = engine.article_results(documents, workers=1)
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
    try:
        assert engine._process_context().get_start_method() == "spawn"
        assert engine.article_results(documents, workers=2).equals(serial)
    finally:
        stop.set()


def test_a_dead_worker_costs_time_not_articles(monkeypatch, pool_even_for_few):
    class Broken(engine.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            raise engine.BrokenProcessPool("worker killed")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", Broken)
    documents = [Document(f"{i}.txt", f"Story {i}.") for i in range(10)]
    assert engine.article_results(documents, workers=2).articles["path"].tolist() == [d.path for d in documents]


# --- forked shares (small corpora): same rows as one process, whatever happens to a child ------

_TALKS = [Document(f"{i}.txt", f"Talk {i} went badly, she said. “We will not,” he said on Monday.") for i in range(40)]


@pytest.mark.parametrize("workers", [2, 3])
def test_forked_shares_give_the_rows_of_one_process(forked_shares, monkeypatch, workers):
    forks = []
    fork = engine.os.fork
    monkeypatch.setattr(engine.os, "fork", lambda: forks.append(1) or fork())
    progress = []
    serial = engine.article_results(list(_TALKS), workers=1)
    handed_over = list(_TALKS)
    shared = engine.article_results(
        handed_over, workers=workers, progress=lambda d, t: progress.append(d), release=True
    )
    assert shared.equals(serial)
    assert len(forks) == workers - 1  # the shares were really forked
    assert progress[-1] == len(_TALKS) and progress == sorted(progress)
    assert handed_over == [None] * len(_TALKS)


@pytest.mark.parametrize("fate", ["dies", "fails", "no fork", "no file"])
def test_a_forked_share_that_dies_or_fails_is_done_here(forked_shares, monkeypatch, fate, tmp_path):
    serial = engine.article_results(list(_TALKS), workers=3)
    assert serial.equals(engine.article_results(list(_TALKS), workers=1))
    if fate == "dies":
        monkeypatch.setattr(engine, "_run_in_child", lambda function, args, handle: engine.os._exit(3))
    elif fate == "fails":  # the child's rows never reach a readable file
        monkeypatch.setattr(engine, "_read_result", lambda path: None)
    elif fate == "no fork":  # a process limit: the second of two shares is not forked

        def fork_once(forks=[]):  # noqa: B006 - counts the calls
            forks.append(1)
            if len(forks) > 1:
                raise OSError("Resource temporarily unavailable")
            return real_fork()

        real_fork = engine.os.fork
        monkeypatch.setattr(engine.os, "fork", fork_once)
    else:  # no room for temporary files

        def no_file(*args, **kwargs):
            raise OSError("No space left on device")

        monkeypatch.setattr(engine.tempfile, "mkstemp", no_file)
    monkeypatch.setattr(engine.tempfile, "tempdir", str(tmp_path))
    assert engine.article_results(list(_TALKS), workers=3).equals(serial)
    assert list(tmp_path.iterdir()) == []  # no temporary file left


def test_uneven_documents_are_shared_as_they_come(forked_shares, monkeypatch, tmp_path):
    """One document far longer than the rest does not leave the other process idle: whoever is
    free takes the next document, so the long one's process does fewer of the others."""
    long_one = Document("long.txt", "\n\n".join(_TALKS[0].text for _ in range(300)))
    documents = [long_one, *_TALKS]
    log = tmp_path / "taken.log"
    dispensed = engine._dispensed

    def logged(*args, **kwargs):  # which process took which document (appends are atomic)
        for i, document in dispensed(*args, **kwargs):
            with log.open("a") as stream:
                stream.write(f"{engine.os.getpid()} {i}\n")
            yield i, document

    monkeypatch.setattr(engine, "_dispensed", logged)
    serial = engine.article_results(list(documents), workers=1)
    assert engine.article_results(list(documents), workers=2).equals(serial)
    taken = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(i) for _, i in taken) == list(range(len(documents)))
    by_process = {pid: [int(i) for p, i in taken if p == pid] for pid, _ in taken}
    assert len(by_process) == 2  # both processes took documents
    [long_ones] = [docs for docs in by_process.values() if 0 in docs]
    assert len(long_ones) < len(documents) / 2


def _taken_in_child(dispenser, write):
    taken = []
    while (chunk := dispenser.take()) is not None:
        taken.extend(chunk)
    engine.os.write(write, json.dumps(taken).encode())
    engine.os._exit(0)


@pytest.mark.parametrize("n", [0, 1, 7, 1_024, 1_025, 5_000])
def test_dispenser_hands_each_position_to_exactly_one_process(forked_shares, n):
    dispenser = engine._Dispenser(n)
    read, write = engine.os.pipe()
    pid = engine.os.fork()
    if pid == 0:
        _taken_in_child(dispenser, write)
    engine.os.close(write)
    mine = []
    while (chunk := dispenser.take()) is not None:
        mine.extend(chunk)
        assert 0 < dispenser.handed_out() <= n
    engine.os.waitpid(pid, 0)
    with engine.os.fdopen(read) as stream:
        theirs = json.loads(stream.read())
    dispenser.close()
    assert sorted(mine + theirs) == list(range(n))
    assert mine == sorted(mine) and theirs == sorted(theirs)  # each takes them in order


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 20_000))
def test_dispenser_chunks_cover_the_positions_in_order(n):
    dispenser = engine._Dispenser(n)
    chunks = []
    while (chunk := dispenser.take()) is not None:
        chunks.append(chunk)
    dispenser.close()
    assert [k for chunk in chunks for k in chunk] == list(range(n))
    assert all(len(chunk) > 0 for chunk in chunks)
    assert len(chunks) <= engine._Dispenser.RECORDS  # all the records fit in one page of a pipe


# --- the cache -------------------------------------------------------------------------------

BASE = Document("a/one.txt", "NATO met Russia on Monday.", {"source": "AFP"})


@pytest.mark.parametrize(
    "changed",
    [
        dataclasses.replace(BASE, text=BASE.text + " Talks ended."),  # edited text
        dataclasses.replace(BASE, path="b/one.txt"),  # same text elsewhere: its row names the path
        dataclasses.replace(BASE, meta={"source": "Reuters"}),  # metadata the stage reads
    ],
)
def test_cache_key_changes_with_what_the_stage_reads(changed):
    assert cache.document_key(changed) != cache.document_key(BASE)


def test_cache_key_is_stable_for_the_same_document():
    assert cache.document_key(Document("a/one.txt", BASE.text, {"source": "AFP"})) == cache.document_key(BASE)


def test_cache_keeps_only_the_current_build(tmp_path):
    first = [BASE, Document("two.txt", "Second story.")]
    engine.article_results(first, cache=tmp_path)
    engine.article_results([BASE], cache=tmp_path)
    assert cache.kept_keys(tmp_path) == ([cache.document_key(BASE)], None)
    assert len(list(tmp_path.glob("build-*"))) == 1  # the earlier build's files are gone


def test_cache_is_data_not_code(tmp_path):
    """Parquet and JSON only: nothing in a cache folder can run code when loaded."""
    engine.article_results([BASE, Document("two.txt", "Second story.")], cache=tmp_path)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and {p.suffix for p in files} == {".parquet", ".json"}


def test_same_document_twice_reuses_one_and_processes_the_other(tmp_path):
    engine.article_results([BASE], cache=tmp_path)
    stats: dict = {}
    results = engine.article_results([BASE, BASE], cache=tmp_path, stats=stats)
    assert stats == {"processed": 1, "reused": 1}
    assert results.articles["doc"].tolist() == [0, 1]
    assert results.sentences["doc"].tolist() == [0, 1]


def _corrupt_current(folder):
    (folder / cache.CURRENT).write_text("{not json")


def _corrupt_keys(folder):
    [build] = folder.glob("build-*")
    (build / cache.KEYS).write_bytes(b"PAR1 truncated")


def _corrupt_sentences(folder):
    [build] = folder.glob("build-*")
    (build / "sentences.parquet").write_bytes(b"PAR1 truncated")


def _missing_build(folder):
    [build] = folder.glob("build-*")
    for path in build.iterdir():
        path.unlink()
    build.rmdir()


@pytest.mark.parametrize("damage", [_corrupt_current, _corrupt_keys, _corrupt_sentences, _missing_build])
def test_unreadable_cache_is_rebuilt_with_a_note(tmp_path, damage):
    engine.article_results([BASE], cache=tmp_path)
    damage(tmp_path)
    stats: dict = {}
    results = engine.article_results([BASE], cache=tmp_path, stats=stats)
    assert results.articles["path"].tolist() == ["a/one.txt"]
    assert results.equals(engine.article_results([BASE]))
    assert stats["processed"] == 1 and "unreadable" in stats["cache_note"]
    assert cache.kept_keys(tmp_path)[1] is None  # rewritten, readable again


def test_cache_of_another_code_version_is_ignored_quietly(tmp_path, monkeypatch):
    engine.article_results([BASE], cache=tmp_path)
    monkeypatch.setattr(cache, "stage_version", lambda: "edited code")
    stats: dict = {}
    engine.article_results([BASE], cache=tmp_path, stats=stats)
    assert stats == {"processed": 1, "reused": 0}


# --- command line ---------------------------------------------------------------------------


def test_cli_second_build_reuses_every_article(tmp_path, capsys):
    out = tmp_path / "tables"
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    first = pd.read_parquet(out / "sentences.parquet")
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet", "--workers", "2"]) == 0
    assert "(5 articles reused, 0 processed)" in capsys.readouterr().out
    assert_frame_equal(pd.read_parquet(out / "sentences.parquet"), first)
    assert cache.cache_folder(out).is_dir()


def test_cli_no_cache_beside_a_folder_it_will_not_replace(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    assert cli.main(["build", str(SEEDS), "--out", str(tmp_path / "mine"), "--quiet"]) == 2
    assert not cache.cache_folder(tmp_path / "mine").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--workers", "0"], "at least 1"),
        (["--workers", "two"], "at least 1"),
        (["--engine", "local", "--scheduler", "tcp://host:8786"], "needs --engine dask"),
        (["--engine", "spark"], "invalid choice"),
    ],
)
def test_cli_bad_engine_options(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", "--out", str(tmp_path / "t"), *argv])
    assert message in capsys.readouterr().err


# --- Dask (last: see above) ---------------------------------------------------------------------


def test_seeds_on_a_dask_scheduler_by_address_same_tables(seeds_corpus, dask_scheduler):
    assert_same_tables(build_corpus([SEEDS], engine="dask", scheduler=dask_scheduler), seeds_corpus)


def test_sample_on_dask_same_results(sample_documents, sample_results, dask_scheduler):
    assert engine.article_results(sample_documents, engine="dask", scheduler=dask_scheduler).equals(sample_results)


def test_seeds_on_a_default_local_dask_cluster_same_tables(seeds_corpus):
    assert_same_tables(build_corpus([SEEDS], engine="dask", workers=1), seeds_corpus)


def test_cli_unreachable_scheduler_is_a_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(engine, "DASK_CONNECT_SECONDS", 1)
    assert (
        cli.main(["build", str(SEEDS), "--out", str(tmp_path / "t"), "--scheduler", "tcp://127.0.0.1:9", "--quiet"])
        == 2
    )
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in capsys.readouterr().err


@pytest.mark.parametrize("workers", [1, 2])
def test_released_documents_are_dropped_once_processed_same_rows(workers, parallel_even_for_few):
    documents = [Document(f"d{i}.txt", f"Story {i} was told on Monday, officials said.") for i in range(30)]
    kept = engine.article_results(list(documents), workers=workers)
    handed_over = list(documents)
    assert engine.article_results(handed_over, workers=workers, release=True).equals(kept)
    assert handed_over == [None] * len(documents)


# --- quotes and dates beside overlap, in a forked process ----------------------------------------

_BESIDE_SCRIPT = """
import json, os, sys
from data_pipeline import pipeline
pipeline._Beside.MIN_SENTENCES = 0  # the seeds are small: fork for them too
how = sys.argv[2]
if how == "huge":
    pipeline._Beside.MAX_SENTENCES = 10  # as if the seeds were huge: in line
elif how in ("dies", "fails", "quotes fail"):  # in the child only: the parent then runs both
    stage = "_quotes" if how == "quotes fail" else "_dates"
    parent, original = os.getpid(), getattr(pipeline, stage)
    def in_the_child(*args):
        if os.getpid() != parent:
            if how == "dies":
                os._exit(3)
            raise ZeroDivisionError(f"{stage} failed")
        return original(*args)
    setattr(pipeline, stage, in_the_child)
timings = {}
if how == "cli":  # the command line, progress bar and all (a bar's thread would stop the fork)
    from data_pipeline import cli, engine, settings
    engine.MIN_PARALLEL_DOCUMENTS = 1
    settings.PROGRESS_MIN_FILES = 0
    build_to = pipeline.build_to
    cli.build_to = lambda *args, **kwargs: build_to(*args, timings=timings, **kwargs)
    assert cli.main(["build", "--out", sys.argv[1]]) == 0
else:
    pipeline.build_to(sys.argv[1], timings=timings)
print(json.dumps(timings))
"""


@pytest.mark.parametrize("how", ["works", "dies", "fails", "quotes fail", "huge", "cli"])
def test_quotes_and_dates_beside_overlap_give_the_same_tables(tmp_path, seeds_corpus, how):
    """Quotes and dates run in a forked child beside overlap: same tables as run in line; a child
    that dies or fails costs the stages' time again (run in the parent), never the tables.
    (In a fresh process: forking is only done where no other thread runs.)"""
    import json
    import subprocess
    import sys

    from data_pipeline.corpus import Corpus

    done = subprocess.run(
        [sys.executable, "-c", _BESIDE_SCRIPT, str(tmp_path / "tables"), how],
        capture_output=True,
        text=True,
        cwd=SEEDS.parent,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    # the child was started (the stages were beside overlap), except for a huge corpus
    assert (pipeline.WAITED in timings) is (how != "huge")
    assert timings["quotes"] > 0 and timings["dates"] > 0
    assert_same_tables(Corpus.load(tmp_path / "tables"), seeds_corpus)
