"""How a build runs: every engine gives the same tables; the pool shares work as it comes and its
workers die with their parent; a stage beside another falls back to running in line; incremental
builds reuse exactly the unchanged articles."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
import time

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from data_pipeline import SEEDS, build_corpus, cli, pipeline, schema
from data_pipeline.articles import Frames
from data_pipeline.execution import Beside, EngineError, executors, map_documents
from data_pipeline.execution import cache as article_cache
from data_pipeline.ingest import Document, read_inputs
from data_pipeline.pipeline import BuildOptions, Cache, article_frames, build_to
from tests.conftest import corpus_path

SAMPLE_SIZE = 1_000
SAMPLE_PARAGRAPHS = 4  # each article's opening paragraphs: real text, a third of the time
SERIAL = BuildOptions(engine="serial")


def assert_same_tables(first, second) -> None:
    for name in schema.TABLES:
        assert_frame_equal(getattr(first, name), getattr(second, name), obj=name)


def frames(documents, options=SERIAL, **kwargs) -> Frames:
    return article_frames(list(documents), options, **kwargs)[0]


@pytest.fixture(scope="module")
def dask_scheduler():
    """A local Dask cluster reached by address, as a remote one would be."""
    distributed = pytest.importorskip(
        "distributed", reason="the dask extra is not installed (pip install -e '.[dask]'; the test extra has it)"
    )
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def parallel_even_for_few(monkeypatch):
    """Worker processes even for a few documents (below the threshold they are not worth it)."""
    monkeypatch.setattr(executors, "MIN_PARALLEL_DOCUMENTS", 1)


@pytest.fixture
def forking(monkeypatch):
    """Fork even if another thread runs in this test process (a Streamlit test may have left one):
    the children here run only the pipeline's own code."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform: stages run in line")
    monkeypatch.setattr(executors, "fork_context", lambda: multiprocessing.get_context("fork"))


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
    return frames(sample_documents)


# --- identical tables whatever the engine ----------------------------------------------------


@pytest.mark.parametrize("engine", ["serial", "local"])
def test_seeds_same_tables_with_each_local_engine(seeds_corpus, parallel_even_for_few, engine):
    assert_same_tables(build_corpus([SEEDS], BuildOptions(engine=engine, workers=2)), seeds_corpus)


def test_seeds_incremental_rebuild_same_tables(seeds_corpus, tmp_path):
    build_to(tmp_path / "t", [SEEDS])
    rebuilt = build_to(tmp_path / "t", [SEEDS])
    assert (rebuilt.processed, rebuilt.reused) == (0, 5)
    assert_same_tables(pipeline.Corpus.load(tmp_path / "t"), seeds_corpus)


def test_sample_same_results_with_two_workers_and_incremental(sample_documents, sample_results, tmp_path):
    """The per-article results decide the tables (the later stages are the same code)."""
    assert sample_results.n_documents == SAMPLE_SIZE
    assert sample_results.articles["doc"].tolist() == list(range(SAMPLE_SIZE))
    assert frames(sample_documents, BuildOptions(workers=2)).equals(sample_results)
    # Incremental: a cache holding all but 100 of the articles, then the whole corpus.
    folder = tmp_path / "cache"
    frames(sample_documents[100:], cache=Cache(None, folder))
    results, report = article_frames(list(sample_documents), BuildOptions(), cache=Cache(folder, folder))
    assert results.equals(sample_results)
    assert report == {"processed": 100, "reused": SAMPLE_SIZE - 100, "cache_note": None}
    # ...and the cache, now of the whole corpus, gives every row back as it was.
    results, report = article_frames(list(sample_documents), BuildOptions(), cache=Cache(folder, folder))
    assert results.equals(sample_results)
    assert report["reused"] == SAMPLE_SIZE


# --- map_documents: order, chunks, progress, options --------------------------------------------


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
    parts = executors.chunks(items, workers)
    assert [len(p) for p in parts] == sizes
    assert [i for p in parts for i in p] == items


def _who(pairs) -> list[tuple[int, int]]:
    """(document index, process id) of each document: which process took which."""
    if any(document == "long" for _, document in pairs):
        time.sleep(1.0)
    return [(i, os.getpid()) for i, _ in pairs]


@pytest.mark.parametrize("engine, workers", [("serial", 1), ("local", 1), ("local", 2), ("local", 3)])
def test_results_keep_input_order_and_progress_reaches_the_total(parallel_even_for_few, engine, workers):
    seen: list[int] = []
    documents = [f"d{i}" for i in range(40)]
    results = map_documents(_who, documents, engine=engine, workers=workers, progress=seen.append)
    assert [i for part in results for i, _ in part] == list(range(40))
    assert seen[-1] == 40 and seen == sorted(seen)
    processes = {pid for part in results for _, pid in part}
    assert (os.getpid() in processes) is (engine == "serial" or workers == 1)


def _slowly(pairs) -> list[int]:
    """Each document's index, after a pause per document (time for progress to be read)."""
    done = []
    for i, _ in pairs:
        time.sleep(0.04)
        done.append(i)
    return done


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_pool_progress_moves_per_document_not_per_chunk(monkeypatch, parallel_even_for_few, start):
    """Two chunks of 12 documents: the bar moves many times within them (forked or spawned
    workers), never backwards, never past the total, and ends on it."""
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} on this platform")
    monkeypatch.setattr(executors, "CHUNKS_PER_WORKER", 1)
    monkeypatch.setattr(executors, "POLL_SECONDS", 0.02)
    context = multiprocessing.get_context("fork") if start == "fork" else None
    monkeypatch.setattr(executors, "fork_context", lambda: context)
    documents = [f"d{i}" for i in range(24)]
    assert len(executors.chunks(documents, 2)) == 2
    seen: list[int] = []
    results = map_documents(_slowly, documents, workers=2, progress=seen.append)
    assert [i for part in results for i in part] == list(range(24))
    assert len(set(seen)) > 4, f"progress moved only per chunk: {seen}"
    assert seen == sorted(set(seen)) and seen[-1] == 24


def test_serial_progress_is_per_document(parallel_even_for_few):
    seen: list[int] = []
    results = map_documents(_who, [f"d{i}" for i in range(40)], engine="serial", progress=seen.append)
    assert len(results) < 40  # chunks of several documents...
    assert seen == list(range(1, 41))  # ...reported one document at a time


def test_only_the_indices_asked_for(parallel_even_for_few):
    results = map_documents(_who, [f"d{i}" for i in range(100)], [3, 50, 99], workers=2)
    assert [i for part in results for i, _ in part] == [3, 50, 99]


def test_uneven_documents_are_shared_as_they_come(forking, parallel_even_for_few):
    """One document far slower than the rest does not hold the others up: whichever worker is
    free takes the next chunk, so the other worker does most of the rest."""
    documents = ["long", *(f"d{i}" for i in range(63))]
    results = map_documents(_who, documents, workers=2)
    by_process: dict[int, list[int]] = {}
    for part in results:
        for i, pid in part:
            by_process.setdefault(pid, []).append(i)
    assert sorted(i for taken in by_process.values() for i in taken) == list(range(64))
    [long_ones] = [taken for taken in by_process.values() if 0 in taken]
    assert len(by_process) == 2 and len(long_ones) < len(documents) / 2


@pytest.mark.parametrize(
    "options, message",
    [
        ({"engine": "spark"}, "unknown engine 'spark'"),
        ({"workers": 0}, "workers must be at least 1"),
    ],
)
def test_bad_options_are_clear_errors(options, message):
    with pytest.raises(EngineError, match=message):
        BuildOptions(**options)
    with pytest.raises(EngineError, match=message):
        map_documents(_who, ["a"], **options)


def test_default_workers_never_exceed_the_cores(monkeypatch, parallel_even_for_few):
    used = []

    class Recorder(executors.ProcessPoolExecutor):
        def __init__(self, max_workers, **kwargs):
            used.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(executors, "ProcessPoolExecutor", Recorder)
    monkeypatch.setattr(executors, "available_cores", lambda: 2)
    map_documents(_who, [f"d{i}" for i in range(50)])
    assert used == [2]


def test_threaded_caller_gets_spawned_workers_same_results(parallel_even_for_few):
    """Inside a threaded program (Streamlit, a Dask client) workers are spawned, not forked."""
    documents = [Document(f"{i}.txt", f"Talk {i} went badly, she said.") for i in range(20)]
    serial = frames(documents)
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
    try:
        assert executors.fork_context() is None
        assert frames(documents, BuildOptions(workers=2)).equals(serial)
    finally:
        stop.set()


def test_a_dead_worker_costs_time_not_articles(monkeypatch, parallel_even_for_few):
    class Broken(executors.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            raise executors.BrokenProcessPool("worker killed")

    monkeypatch.setattr(executors, "ProcessPoolExecutor", Broken)
    documents = [Document(f"{i}.txt", f"Story {i}.") for i in range(10)]
    seen: list[int] = []
    built = frames(documents, BuildOptions(workers=2), progress=lambda done, total: seen.append(done))
    assert built.articles["path"].tolist() == [d.path for d in documents]
    assert seen == list(range(11))  # the chunks done here report per document too


@pytest.mark.parametrize("workers", [1, 2])
def test_released_documents_are_dropped_once_processed_same_rows(workers, parallel_even_for_few):
    documents = [Document(f"d{i}.txt", f"Story {i} was told on Monday, officials said.") for i in range(30)]
    kept = frames(documents, BuildOptions(workers=workers))
    handed_over = list(documents)
    assert article_frames(handed_over, BuildOptions(workers=workers), release=True)[0].equals(kept)
    assert handed_over == [None] * len(documents)


def _sleep_and_tell(pairs, pids) -> list:
    pids.put(os.getpid())
    time.sleep(60)
    return []


def _map_in_a_process(pids) -> None:
    import functools

    map_documents(functools.partial(_sleep_and_tell, pids=pids), list(range(8)), workers=2)


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(forking, parallel_even_for_few, signal_number):
    """A build killed mid-way leaves no worker running (parent-death signal)."""
    context = multiprocessing.get_context("fork")
    pids = context.Queue()
    parent = context.Process(target=_map_in_a_process, args=(pids,))
    parent.start()
    workers = {pids.get(timeout=30), pids.get(timeout=30)}
    assert parent.pid not in workers
    os.kill(parent.pid, signal_number)
    parent.join(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting to be reaped by init)."""
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _build_in_a_process(out, inputs, temp) -> None:
    import tempfile

    tempfile.tempdir = str(temp)  # anything a build would leave in /tmp lands here instead
    build_to(out, [inputs])


def _descendants(pid: int) -> set[int]:
    """Processes whose parent chain leads to ``pid`` (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    parents[int(entry)] = int(stream.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads processes from /proc (Linux)")
def test_a_killed_build_leaves_no_debris(forking, parallel_even_for_few, tmp_path):
    """SIGKILL mid-build: no worker keeps running, nothing is left in the temporary folder, and
    the next build to the same --out removes the staging folder the killed one left."""
    inputs, temp, out = tmp_path / "in", tmp_path / "tmp", tmp_path / "out" / "tables"
    inputs.mkdir()
    temp.mkdir()
    for n in range(300):
        (inputs / f"{n}.txt").write_text(f"Talks {n}\n\n" + "NATO met Russia on Monday, officials said. " * 40)
    build = multiprocessing.get_context("fork").Process(target=_build_in_a_process, args=(out, inputs, temp))
    build.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_descendants(build.pid)) < 2:  # the pool's workers
        time.sleep(0.05)
    workers = _descendants(build.pid)
    assert len(workers) >= 2, "the build never started its workers"
    os.kill(build.pid, signal.SIGKILL)
    build.join(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert list(temp.iterdir()) == []
    [staging] = list(out.parent.iterdir())  # left by the killed build
    assert staging.name.startswith(".tables.wirewatch-staging-")
    build_to(out, [SEEDS])
    assert [p.name for p in out.parent.iterdir()] == ["tables"]


# --- a stage beside another ---------------------------------------------------------------------


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _dies(numbers):
    os._exit(3)


def _fails(numbers):
    raise ZeroDivisionError("failed in the child")


def test_beside_runs_in_a_child_and_hands_back_its_result(forking):
    with Beside.start(_pid_and_sum, [1, 2, 3]) as beside:
        assert beside.started
        pid, total = beside.result(pytest.fail)
    assert pid != os.getpid() and total == 6


@pytest.mark.parametrize("function", [_dies, _fails])
def test_beside_a_child_that_dies_or_fails_is_run_here(forking, function):
    with Beside.start(function, [1, 2, 3]) as beside:
        assert beside.started
        assert beside.result(_pid_and_sum, [1, 2, 3]) == (os.getpid(), 6)


def test_beside_not_started_runs_here(forking):
    beside = Beside.start(_pid_and_sum, [1], when=False)
    assert not beside.started and beside.result(_pid_and_sum, [4]) == (os.getpid(), 4)


def test_beside_closed_stops_the_child(forking):
    with Beside.start(time.sleep, 60) as beside:
        child = beside._child
    assert not child.is_alive()


@pytest.mark.parametrize("how", ["works", "dies", "fails", "quotes fail", "huge"])
def test_quotes_and_dates_beside_overlap_give_the_same_tables(
    tmp_path, seeds_corpus, monkeypatch, forking, how
):
    """Quotes and dates run in a child beside overlap: same tables as run in line; a child that
    dies or fails costs the stages' time again (run here), never the tables."""
    monkeypatch.setattr(pipeline, "BESIDE_MIN_SENTENCES", 0)  # the seeds are small: a child for them too
    if how == "huge":
        monkeypatch.setattr(pipeline, "BESIDE_MAX_SENTENCES", 10)  # as if the seeds were huge: in line
    elif how != "works":  # in the child only: this process then runs both
        stage = "_quotes" if how == "quotes fail" else "_dates"
        parent, original = os.getpid(), getattr(pipeline, stage)

        def in_the_child(*args):
            if os.getpid() != parent:
                if how == "dies":
                    os._exit(3)
                raise ZeroDivisionError(f"{stage} failed")
            return original(*args)

        monkeypatch.setattr(pipeline, stage, in_the_child)
    stages: dict[str, float] = {}
    order: list[str] = []

    def on_stage(name, wall, cpu):
        stages[name] = wall
        order.append(name)

    build_to(tmp_path / "tables", [SEEDS], on_stage=on_stage)
    assert (pipeline.WAITED in stages) is (how != "huge")
    assert stages["quotes"] > 0 and stages["dates"] > 0
    if how != "huge":  # provenance's tests of the texts are made while the child still works
        assert order.index("provenance") < order.index(pipeline.WAITED)
    assert_same_tables(pipeline.Corpus.load(tmp_path / "tables"), seeds_corpus)


def test_no_fork_where_another_thread_runs():
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
    try:
        assert executors.fork_context() is None
        assert not Beside.start(_pid_and_sum, [1]).started
    finally:
        stop.set()


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
    assert article_cache.document_key(changed) != article_cache.document_key(BASE)


def test_cache_key_is_stable_for_the_same_document():
    assert article_cache.document_key(Document("a/one.txt", BASE.text, {"source": "AFP"})) == (
        article_cache.document_key(BASE)
    )


def test_cache_keeps_only_the_current_build(tmp_path):
    frames([BASE, Document("two.txt", "Second story.")], cache=Cache(tmp_path, tmp_path))
    frames([BASE], cache=Cache(tmp_path, tmp_path))
    assert article_cache.kept_keys(tmp_path) == ([article_cache.document_key(BASE)], None)
    assert len(list(tmp_path.glob("build-*"))) == 1  # the earlier build's files are gone


def test_cache_is_data_not_code(tmp_path):
    """Parquet and JSON only: nothing in a cache folder can run code when loaded."""
    frames([BASE, Document("two.txt", "Second story.")], cache=Cache(tmp_path, tmp_path))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and {p.suffix for p in files} == {".parquet", ".json"}


def test_same_document_twice_reuses_one_and_processes_the_other(tmp_path):
    frames([BASE], cache=Cache(tmp_path, tmp_path))
    results, report = article_frames([BASE, BASE], SERIAL, cache=Cache(tmp_path, tmp_path))
    assert (report["processed"], report["reused"]) == (1, 1)
    assert results.articles["doc"].tolist() == [0, 1]
    assert results.sentences["doc"].tolist() == [0, 1]


def _corrupt_current(folder):
    (folder / article_cache.CURRENT).write_text("{not json")


def _corrupt_keys(folder):
    [build] = folder.glob("build-*")
    (build / article_cache.KEYS).write_bytes(b"PAR1 truncated")


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
    frames([BASE], cache=Cache(tmp_path, tmp_path))
    damage(tmp_path)
    results, report = article_frames([BASE], SERIAL, cache=Cache(tmp_path, tmp_path))
    assert results.articles["path"].tolist() == ["a/one.txt"]
    assert results.equals(frames([BASE]))
    assert report["processed"] == 1 and "unreadable" in report["cache_note"]
    assert article_cache.kept_keys(tmp_path)[1] is None  # rewritten, readable again


def test_cache_of_another_code_version_is_ignored_quietly(tmp_path, monkeypatch):
    frames([BASE], cache=Cache(tmp_path, tmp_path))
    monkeypatch.setattr(article_cache, "stage_version", lambda: "edited code")
    assert article_frames([BASE], SERIAL, cache=Cache(tmp_path, tmp_path))[1] == {
        "processed": 1,
        "reused": 0,
        "cache_note": None,
    }


# --- command line ---------------------------------------------------------------------------


def test_cli_second_build_reuses_every_article_its_cache_inside_the_output(tmp_path, capsys):
    out = tmp_path / "tables"
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    first = pd.read_parquet(out / "sentences.parquet")
    assert cli.main(["build", str(SEEDS), "--out", str(out), "--quiet", "--workers", "2"]) == 0
    assert "(5 articles reused, 0 processed)" in capsys.readouterr().out
    assert_frame_equal(pd.read_parquet(out / "sentences.parquet"), first)
    assert article_cache.cache_folder(out).is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # nothing beside the output


def test_cli_no_cache_writes_none(tmp_path):
    assert cli.main(["build", str(SEEDS), "--out", str(tmp_path / "t"), "--quiet", "--no-cache"]) == 0
    assert not article_cache.cache_folder(tmp_path / "t").exists()


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


# --- Dask (last: a running cluster means threads in this process) ------------------------------


def test_seeds_on_a_dask_scheduler_by_address_same_tables(seeds_corpus, dask_scheduler):
    assert_same_tables(build_corpus([SEEDS], BuildOptions(engine="dask", scheduler=dask_scheduler)), seeds_corpus)


def test_sample_on_dask_same_results(sample_documents, sample_results, dask_scheduler):
    assert frames(sample_documents, BuildOptions(engine="dask", scheduler=dask_scheduler)).equals(sample_results)


def test_seeds_on_a_default_local_dask_cluster_same_tables(seeds_corpus):
    pytest.importorskip("distributed", reason="the dask extra is not installed (the test extra has it)")
    assert_same_tables(build_corpus([SEEDS], BuildOptions(engine="dask", workers=1)), seeds_corpus)


def test_cli_unreachable_scheduler_is_a_message(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed", reason="the dask extra is not installed (the test extra has it)")
    monkeypatch.setattr(executors, "DASK_CONNECT_SECONDS", 1)
    argv = ["build", str(SEEDS), "--out", str(tmp_path / "t"), "--scheduler", "tcp://127.0.0.1:9", "--quiet"]
    assert cli.main(argv) == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in capsys.readouterr().err


def test_dask_engine_without_the_extra_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(EngineError, match=r"pip install 'wirewatch\[dask\]'"):
        map_documents(_who, ["a"], engine="dask")


def test_objects_made_before_a_build_are_left_out_of_its_collections_and_given_back_after():
    """A full collection during a build would walk every object alive before it (the modules,
    the lexicon, the splitter's model: a tenth of a 100-article build); they are frozen for the
    build, unfrozen after it, and a caller's own freeze is left as it was."""
    import gc

    kept = [object()]  # a list: tracked by the collector
    seen: list[tuple[int, bool]] = []

    def on_stage(name, wall, cpu):
        seen.append((gc.get_freeze_count(), any(o is kept for o in gc.get_objects())))

    assert gc.get_freeze_count() == 0
    build_corpus(on_stage=on_stage)
    assert seen and all(frozen > 0 and not collected for frozen, collected in seen)
    assert gc.get_freeze_count() == 0 and any(o is kept for o in gc.get_objects())

    gc.freeze()  # the caller's own freeze
    try:
        build_corpus()
        assert gc.get_freeze_count() > 0 and not any(o is kept for o in gc.get_objects())
    finally:
        gc.unfreeze()
