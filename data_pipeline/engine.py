"""Runs the per-article stage over a corpus: ``article_results(documents) -> Frames``.

The per-article stage (``articles.Frames.of``: clean, split, score tone, extract quotes) is a pure function
of one document, so it is mapped over the documents by one of two engines, with results always
returned in input order (same input, same tables, whatever the engine or the number of workers):

- ``local``: worker processes on this machine (processes, not threads: TextBlob is pure Python
  and holds the GIL), never more than the cores available by default. Up to
  ``MAX_FORKED_DOCUMENTS``, forked children take one share each and this process the first;
  above it, a pool takes chunks, so that inter-process traffic is a few large messages, not
  thousands of small ones.
- ``dask``: the documents become a Dask bag whose partitions are mapped on a Dask cluster: a
  local one by default, or any running scheduler given by address (``tcp://host:8786``).

With a cache folder (``cache.py``), documents whose results were kept by an earlier build are
not processed again.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import pickle
import signal
import struct
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import cache as article_cache
from .articles import Frames
from .ingest import Document

ENGINES = ("local", "dask")
DEFAULT_ENGINE = "local"
# Below this many documents to process, starting processes costs more than it saves.
MIN_PARALLEL_DOCUMENTS = 64
# Chunks per worker: enough for an even spread and a lively progress bar, few enough that each
# message carries hundreds of sentences.
CHUNKS_PER_WORKER = 8
MAX_CHUNK_DOCUMENTS = 200
# Up to this many documents to process, forked children and this process take them from a
# ``_Dispenser`` (no pool); above it, a pool takes chunks, so that the documents can be dropped
# as they are sent and each worker's rows come back in pieces.
MAX_FORKED_DOCUMENTS = 2_000
DASK_DASHBOARD = ":0"  # the local cluster's diagnostics page on any free port (8787 may be taken)
DASK_CONNECT_SECONDS = 10  # waiting for a remote scheduler before giving up with a message

Progress = Callable[[int, int], None]


class EngineError(RuntimeError):
    """The engine could not run (bad option, unreachable Dask scheduler)."""


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def article_results(
    documents: Sequence[Document],
    *,
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    scheduler: str | None = None,
    cache: str | os.PathLike | None = None,
    progress: Progress | None = None,
    stats: dict | None = None,
    release: bool = False,
) -> Frames:
    """The per-article rows of every document (``Frames``, ``doc`` = input index), in input order.

    ``workers``: processes (local) or Dask workers of the local cluster; default: the cores.
    ``cache``: a folder of per-article results from earlier builds, read before and rewritten
    after (with exactly this build's documents). ``stats`` receives ``processed`` / ``reused``
    counts and ``cache_note`` when an unreadable cache was ignored. ``release``: the caller
    hands ``documents`` over; each is dropped from the list (set to None) once processed, so the
    raw texts and the rows made of them are not all in memory at once (local engine).
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}")
    stats = {} if stats is None else stats
    total = len(documents)
    kept, reused = Frames.empty(), [False] * total
    if cache is not None:
        keys = [article_cache.document_key(d) for d in documents]
        kept, reused, note = article_cache.load(Path(cache), keys)
        if note:
            stats["cache_note"] = note
    todo = [i for i in range(total) if not reused[i]]
    stats.update(processed=len(todo), reused=total - len(todo))
    if progress and total > len(todo):
        progress(total - len(todo), total)

    def advanced(done: int) -> None:
        if progress:
            progress(total - len(todo) + done, total)

    if engine == "dask":
        pairs = [(i, documents[i]) for i in todo]
        fresh = _dask_results(pairs, workers=workers, scheduler=scheduler, progress=advanced)
        del pairs
    else:
        fresh = _local_results(documents, todo, workers=workers, progress=advanced, release=release)
    if cache is None or len(todo) == total:
        results = fresh
    else:
        results = Frames.concat([kept, fresh]).in_order()
    del kept, fresh
    if cache is not None:
        article_cache.save(Path(cache), keys, results)
    return results


def chunks(items: Sequence, workers: int) -> list[Sequence]:
    """Consecutive slices: about ``CHUNKS_PER_WORKER`` per worker, none above the cap."""
    if not items:
        return []
    size = max(1, min(MAX_CHUNK_DOCUMENTS, math.ceil(len(items) / (workers * CHUNKS_PER_WORKER))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _frames_of_chunk(indexed: Sequence[tuple[int, Document]]) -> Frames:
    return Frames.of(indexed)


def _local_results(
    documents: list[Document], todo: list[int], *, workers: int | None, progress: Progress, release: bool
) -> Frames:
    workers = workers or available_cores()

    def pairs(indices: Sequence[int]) -> list[tuple[int, Document]]:
        taken = [(i, documents[i]) for i in indices]
        if release:
            for i in indices:
                documents[i] = None  # the worker's message (or this list) holds it until done
        return taken

    if workers == 1 or len(todo) < MIN_PARALLEL_DOCUMENTS:
        counter = iter(range(1, len(todo) + 1))
        one_by_one = (pair for i in todo for pair in pairs([i]))
        return Frames.of(one_by_one, on_document=lambda: progress(next(counter)))
    _warm_up()  # what the stage loads on first use is loaded here once; forked workers inherit it
    if len(todo) <= MAX_FORKED_DOCUMENTS and fork_context() is not None:
        return _forked_results(documents, todo, workers=workers, progress=progress, release=release)
    parts = chunks(todo, workers)
    by_part: list[Frames | None] = [None] * len(parts)
    waiting: dict[int, list[tuple[int, Document]]] = {}  # sent, not yet back: kept for a rescue
    done = 0
    try:
        with (
            frozen_heap(),
            ProcessPoolExecutor(max_workers=min(workers, len(parts)), mp_context=_process_context()) as pool,
        ):
            futures = {}
            for index, part in enumerate(parts):
                waiting[index] = pairs(part)
                futures[pool.submit(_frames_of_chunk, waiting[index])] = index
            for future in as_completed(futures):
                index = futures.pop(future)
                by_part[index] = future.result()
                del waiting[index]
                done += len(parts[index])
                progress(done)
    except BrokenProcessPool:
        # A worker died: killed for memory, or a spawned worker re-ran a calling script that
        # lacks the ``if __name__ == "__main__":`` guard. The missing chunks are done here.
        for index, part in enumerate(parts):
            if by_part[index] is None:
                by_part[index] = _frames_of_chunk(waiting.pop(index, None) or pairs(part))
                done += len(part)
                progress(done)
    return Frames.concat(by_part)


def _forked_results(
    documents: list[Document], todo: list[int], *, workers: int, progress: Progress, release: bool
) -> Frames:
    """A small corpus: forked children (``Forked``) and this process take the documents a few
    at a time from one ``_Dispenser`` until none is left, so all finish together however uneven
    the documents (no pool, no queue, no threads). The documents of a child that cannot be
    forked, fails or dies are done here."""
    dispenser = _Dispenser(len(todo))
    children: list[Forked] = []
    try:
        for _ in range(workers - 1):
            child = Forked.start(_frames_of_dispensed, dispenser, documents, todo)
            if child is None:
                break
            children.append(child)
        mine = _dispensed(dispenser, documents, todo, on_chunk=lambda: progress(dispenser.handed_out()))
        parts = [Frames.of(mine)]
        while children:
            frames = children[0].result()
            children.pop(0)
            if frames is not None:
                parts.append(frames)
        done = {doc for part in parts for doc in part.documents()}
        missing = [i for i in todo if i not in done]  # a child's, that failed or died
        if missing:
            parts.append(_frames_of_chunk([(i, documents[i]) for i in missing]))
        progress(len(todo))
    finally:  # interrupted (Ctrl-C, an error here): no child or file is left behind
        for child in children:
            child.cancel()
        dispenser.close()
    if release:
        for i in todo:
            documents[i] = None
    return Frames.concat(parts).in_order()


class _Dispenser:
    """Hands out the positions ``0 .. n - 1`` in consecutive chunks, each to exactly one of the
    processes forked after it was made: the chunks' numbers wait in a pipe, and a read of one
    record is atomic. ``take`` gives None once all are handed out.

    Chunks are single documents up to ``_Dispenser.RECORDS`` documents (larger corpora get
    larger chunks), so that all the records fit in one page, the smallest a pipe holds."""

    RECORD = struct.Struct("=I")
    RECORDS = 1_024  # RECORD.size * RECORDS <= 4096: the pipe is filled before anyone reads

    def __init__(self, n: int) -> None:
        self.n, self.step = n, max(1, math.ceil(n / self.RECORDS))
        self.read, write = os.pipe()
        try:
            chunks = range(math.ceil(n / self.step))
            os.write(write, b"".join(self.RECORD.pack(k) for k in chunks))
        finally:
            os.close(write)
        os.set_blocking(self.read, False)

    def take(self) -> range | None:
        """The next chunk of positions, or None when none is left."""
        try:
            record = os.read(self.read, self.RECORD.size)
        except BlockingIOError:
            return None
        if len(record) != self.RECORD.size:
            return None
        (k,) = self.RECORD.unpack(record)
        return range(k * self.step, min(self.n, (k + 1) * self.step))

    def handed_out(self) -> int:
        """How many positions have been handed out so far, to any process (a progress bar)."""
        import fcntl  # POSIX only, as forking is
        import termios

        waiting = struct.unpack("i", fcntl.ioctl(self.read, termios.FIONREAD, b"\0" * 4))[0]
        return max(0, self.n - waiting // self.RECORD.size * self.step)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.read)


def _dispensed(dispenser: _Dispenser, documents: Sequence[Document], todo: Sequence[int], on_chunk=None):
    """(index, document) of every chunk this process takes from ``dispenser``."""
    while (chunk := dispenser.take()) is not None:
        yield from ((todo[k], documents[todo[k]]) for k in chunk)
        if on_chunk is not None:
            on_chunk()


def _frames_of_dispensed(dispenser: _Dispenser, documents: Sequence[Document], todo: Sequence[int]) -> Frames:
    return Frames.of(_dispensed(dispenser, documents, todo))


class Forked:
    """A function run in a forked child process (``frozen_heap``: the child's collections leave
    the parent's pages alone), its result handed back through a private temporary file (mode
    0600, a pickle only ever read by the process whose own child wrote it, deleted at once).

    The child inherits its arguments: nothing is copied or pickled on the way in."""

    def __init__(self, pid: int, path: str) -> None:
        self.pid, self.path = pid, path

    @classmethod
    def start(cls, function: Callable, *args) -> Forked | None:
        """The child running ``function(*args)``, or None when no temporary file or no process
        is to be had (then the caller does the work itself)."""
        try:
            handle, path = tempfile.mkstemp(prefix="wirewatch-", suffix=".pickle")
        except OSError:
            return None
        with frozen_heap():
            try:
                pid = os.fork()
            except OSError:
                os.close(handle)
                os.unlink(path)
                return None
        if pid == 0:  # the child: never returns
            _run_in_child(function, args, handle)
        os.close(handle)
        return cls(pid, path)

    def result(self):
        """What the function returned, once the child has ended; None if it failed or died."""
        _, status = os.waitpid(self.pid, 0)
        try:
            return _read_result(self.path) if status == 0 else None
        finally:
            os.unlink(self.path)

    def cancel(self) -> None:
        """Stop the child and remove its file (the caller no longer wants the result)."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _run_in_child(function: Callable, args: tuple, handle: int) -> None:
    code = 1
    try:
        result = function(*args)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent redoes the work and meets the error itself
        traceback.print_exc()
    finally:
        os._exit(code)  # no interpreter shutdown, no atexit handlers of the parent's


def _read_result(path: str):
    """A child's result (a pickle this process's own child wrote to a private file), or None."""
    try:
        with open(path, "rb") as stream:
            return pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None


@contextlib.contextmanager
def frozen_heap():
    """Fork inside this: the objects made so far are moved out of the collector's reach, so a
    forked child's collections do not touch every one of them, copying the parent's memory page
    by page (a third of a small build's worker time; the gc module's advice for fork)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fork_context():
    """The ``fork`` context where forking is safe (Linux, no other threads), else None: forking a
    threaded process, say inside Streamlit, can hang."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return None


def _process_context():
    """``fork`` where safe (workers start at once with what ``_warm_up`` loaded); otherwise
    ``spawn``."""
    return fork_context() or multiprocessing.get_context("spawn")


# A short article that takes every path of the per-article stage: header, dateline, quotes
# with and without a speaker, a date, a caption, a notice.
_WARM_UP = Document(
    path="warm-up.txt",
    text=(
        "Talks end without a deal - Example News\n\nBRUSSELS (AFP) - Talks ended on Monday without a deal, "
        'officials said. "We are not going to give up," Ms. Smith told reporters on Jan. 10, 2022.\n\n'
        "\u201cIt was a good day,\u201d he said. The minister said the talks would resume next week.\n\n"
        "Delegates arrive in Brussels. AFP Photo\n\nCopyright AFP. All rights reserved."
    ),
)


def _warm_up() -> None:
    """Run the per-article stage once on a short article before forking: what it loads on first
    use (modules, compiled patterns, the splitter's model, TextBlob's lexicon) is then loaded
    once here and shared by every worker, instead of loaded again in each."""
    Frames.of([(0, _WARM_UP)])


def _frames_in_list(indexed) -> list[Frames]:
    """A Dask bag partition's result must be a sequence: the partition's Frames, alone."""
    return [Frames.of(indexed)]


def _dask_results(
    indexed: Sequence[tuple[int, Document]], *, workers: int | None, scheduler: str | None, progress: Progress
) -> Frames:
    if not indexed:
        return Frames.empty()
    try:
        import dask.bag as bag
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError as error:  # pragma: no cover - dask[distributed] is a dependency
        raise EngineError(f"the dask engine needs dask[distributed]: {error}") from error
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=DASK_CONNECT_SECONDS)
        else:
            cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=DASK_DASHBOARD,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as error:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {error}") from error
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        parts = chunks(list(indexed), n_workers)
        partitioned = bag.from_sequence(list(indexed), partition_size=len(parts[0])).map_partitions(_frames_in_list)
        futures = client.compute(partitioned.to_delayed())
        index_of = {future.key: index for index, future in enumerate(futures)}
        by_part: list[Frames | None] = [None] * len(futures)
        done = 0
        for future in dask_completed(futures):
            [part] = future.result()
            by_part[index_of[future.key]] = part
            done += part.n_documents
            progress(done)
        return Frames.concat(by_part)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
