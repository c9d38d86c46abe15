"""Mapping a function over documents: ``map_documents(function, documents, ...)``.

``function`` takes ``(index, document)`` pairs and returns the rows of those documents (for the
pipeline, ``articles.Frames.of``: a few DataFrames, rows as columns). The documents are cut into
consecutive chunks, and each chunk's result comes back in input order, whatever the engine:

- ``serial``: this process, chunk after chunk.
- ``local``: a pool of worker processes on this machine (processes, not threads: TextBlob is
  pure Python and holds the GIL), the cores by default. Where forking is safe, the workers are
  forked and inherit the documents: a task is a list of indices, and whichever worker is free
  takes the next chunk. Elsewhere (a threaded caller such as Streamlit, or no ``fork``) they are
  spawned and receive the documents once each. Workers die with this process.
- ``dask``: the documents become a Dask bag whose partitions are mapped on a Dask cluster: a
  local one by default, or a running scheduler given by address (``tcp://host:8786``). Needs
  the ``dask`` extra.

``progress(done)`` moves per document on the local engines, not per chunk: the pairs a chunk's
function gets count each document as the function moves on to the next (a pool's workers add
to a shared counter, read here a few times a second). Dask reports per partition.

``start_child`` runs one function in a forked child process (``background.Beside`` uses it);
``run_command`` runs a command in a new process, its output read line by line as it comes
(``isolated.build_in_child`` uses it). Nothing else in the package starts processes.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

ENGINES = ("serial", "local", "dask")
DEFAULT_ENGINE = "local"
# Below this many documents, starting processes costs more than it saves.
MIN_PARALLEL_DOCUMENTS = 64
# Chunks per worker: enough for an even spread and a lively progress bar, few enough that each
# result carries hundreds of sentences (building a chunk's frames has a fixed cost).
CHUNKS_PER_WORKER = 8
MAX_CHUNK_DOCUMENTS = 200
DASK_DASHBOARD = ":0"  # the local cluster's diagnostics page on any free port (8787 may be taken)
DASK_CONNECT_SECONDS = 10  # waiting for a remote scheduler before giving up with a message
POLL_SECONDS = 0.2  # how often the pool's progress is read while its chunks run
ERROR_TAIL = 2_000  # characters of a failed command's error output that ``run_command`` returns

Result = TypeVar("Result")
Progress = Callable[[int], None]  # documents done so far


class EngineError(RuntimeError):
    """The engine could not run (bad option, missing extra, unreachable Dask scheduler)."""


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_options(engine: str, workers: int | None) -> None:
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}")


def map_documents(
    function: Callable[[list], Result],
    documents: list,
    indices: Sequence[int] | None = None,
    *,
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    release: bool = False,
) -> list[Result]:
    """``function`` over the documents at ``indices`` (all by default), chunk by chunk: the
    chunks' results, in input order. Each chunk is a list of ``(index, document)``.

    ``workers``: processes (local) or workers of a local Dask cluster; default: the cores.
    ``release``: the caller hands ``documents`` over; each is set to None once its chunk is
    done, so the raw texts and the rows made of them are not all in memory at once.
    """
    check_options(engine, workers)
    indices = list(range(len(documents))) if indices is None else list(indices)
    progress = progress or (lambda done: None)
    if not indices:
        return []
    if engine == "dask":
        return _dask(function, documents, indices, workers=workers, scheduler=scheduler, progress=progress)
    workers = workers or available_cores()
    parts = chunks(indices, workers)
    if engine == "serial" or workers == 1 or len(indices) < MIN_PARALLEL_DOCUMENTS:
        return _serial(function, documents, parts, progress=progress, release=release)
    return _pool(function, documents, parts, workers=workers, progress=progress, release=release)


def chunks(items: Sequence, workers: int) -> list[Sequence]:
    """Consecutive slices: about ``CHUNKS_PER_WORKER`` per worker, none above the cap."""
    if not items:
        return []
    size = max(1, min(MAX_CHUNK_DOCUMENTS, math.ceil(len(items) / (workers * CHUNKS_PER_WORKER))))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _pairs(documents: list, part: Sequence[int], release: bool) -> list[tuple]:
    pairs = [(i, documents[i]) for i in part]
    if release:
        for i in part:
            documents[i] = None
    return pairs


class _Counted(list):
    """A chunk's ``(index, document)`` pairs that report each document done as they are
    iterated: ``on_done(n)`` with the documents newly done when the next pair is asked for (the
    one before is finished) and when iteration ends. A document counts once however often the
    pairs are iterated; ``finish`` counts the ones the function did not iterate to."""

    def __init__(self, pairs: list, on_done: Callable[[int], None]) -> None:
        super().__init__(pairs)
        self._on_done = on_done
        self._counted = 0

    def __iter__(self):
        for position, pair in enumerate(super().__iter__()):
            yield pair
            self._count_to(position + 1)

    def _count_to(self, done: int) -> None:
        if done > self._counted:
            self._on_done(done - self._counted)
            self._counted = done

    def finish(self) -> None:
        self._count_to(len(self))


def _counted_call(function: Callable, pairs: list, on_done: Callable[[int], None]):
    """``function(pairs)``, each document reported to ``on_done`` as it is done."""
    counted = _Counted(pairs, on_done)
    result = function(counted)
    counted.finish()
    return result


class _Reporter:
    """``progress`` called with a count that only rises, up to ``total``."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, done: int) -> None:
        done = min(done, self.total)
        if done > self.done:
            self.done = done
            self.progress(done)

    def add(self, n: int) -> None:
        self(self.done + n)


def _serial(function, documents, parts, *, progress: Progress, release: bool) -> list:
    report = _Reporter(progress, sum(map(len, parts)))
    return [_counted_call(function, _pairs(documents, part, release), report.add) for part in parts]


def _pool(function, documents, parts, *, workers: int, progress: Progress, release: bool) -> list:
    """Chunks of indices to a process pool whose workers hold the documents (inherited when
    forked). Each worker adds the documents it has done to a shared counter as it goes, which
    is read here every ``POLL_SECONDS`` for the progress: it moves per document, not per chunk.
    A chunk whose worker died (killed for memory, or a spawned worker that re-ran a calling
    script lacking ``if __name__ == "__main__":``) is done here."""
    by_part: list = [None] * len(parts)
    report = _Reporter(progress, sum(map(len, parts)))
    context = fork_context() or multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)  # documents done by the workers
    try:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(parts)),
            mp_context=context,
            initializer=_hold,
            initargs=(os.getpid(), function, documents, counter),
        ) as pool:
            futures = {pool.submit(_run_chunk, part): index for index, part in enumerate(parts)}
            while futures:
                finished, _ = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = futures.pop(future)
                    by_part[index] = future.result()
                    if release:
                        for i in parts[index]:
                            documents[i] = None
                report(counter.value)
    except BrokenProcessPool:
        # A dead worker's chunk may have been counted in part: this count restarts from the
        # chunks with a result (the bar waits until it passes what was shown).
        done = sum(len(part) for part, result in zip(parts, by_part, strict=True) if result is not None)

        def add(n: int) -> None:
            nonlocal done
            done += n
            report(done)

        for index, part in enumerate(parts):
            if by_part[index] is None:
                by_part[index] = _counted_call(function, _pairs(documents, part, release), add)
    return by_part


# in a pool worker: the function, the documents and the shared count of documents done
_held: tuple[Callable, list, object] | None = None


def _hold(parent: int, function: Callable, documents: list, counter) -> None:
    """A pool worker's start: keep the function, documents and counter, and die with the
    parent."""
    global _held
    # The inherited objects leave the collector's reach, so this process's collections do not
    # touch them, copying the parent's memory page by page (the gc module's advice for fork).
    gc.freeze()
    die_with_parent(parent)
    _held = (function, documents, counter)


def _run_chunk(indices: Sequence[int]):
    function, documents, counter = _held

    def add(n: int) -> None:
        with counter.get_lock():
            counter.value += n

    return _counted_call(function, [(i, documents[i]) for i in indices], add)


def die_with_parent(parent: int) -> None:
    """Have the kernel stop this (child) process when its parent ends, however it ends (Linux's
    parent-death signal); if the parent is already gone, stop now."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def fork_context():
    """The ``fork`` context where forking is safe (POSIX, no other thread in this process), else
    None: forking a threaded process, say inside Streamlit, can hang on a lock another thread
    held."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return None


def start_child(function: Callable, *args):
    """``function(*args)`` in a forked child (it inherits the arguments; nothing is pickled on
    the way in) that dies with this process: the child and the end of a pipe its result will
    come through, or None where forking is not safe or fails (then the caller runs it itself)."""
    context = fork_context()
    if context is None:
        return None
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(os.getpid(), send, function, args), daemon=True)
    try:
        child.start()
    except OSError:  # a process limit: no child
        receive.close()
        send.close()
        return None
    send.close()  # the child's end: once the child ends, this end reads EOF
    return child, receive


def run_command(command: Sequence[str], on_line: Callable[[str], None], *, env: dict | None = None) -> tuple[int, str]:
    """Run ``command`` in a new process, calling ``on_line(line)`` for each line of its standard
    output as it arrives; return its exit code and, if it failed, the tail of its error output.
    If ``on_line`` raises (the caller stopped waiting), the process is killed."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env, text=True, bufsize=1)
        try:
            for line in child.stdout:
                on_line(line)
            code = child.wait()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
        if code == 0:
            return code, ""
        errors.seek(0)
        return code, errors.read().decode("utf-8", "replace")[-ERROR_TAIL:]


def _child(parent: int, send, function: Callable, args: tuple) -> None:
    gc.freeze()  # see ``_hold``
    die_with_parent(parent)
    result = function(*args)  # an error ends the child without a result: the parent runs it
    send.send(result)
    send.close()


def _in_list(function: Callable, pairs) -> list:
    """A Dask bag partition's result must be a sequence: the partition's result, alone."""
    return [function(list(pairs))]


def _dask(function, documents, indices, *, workers: int | None, scheduler: str | None, progress: Progress) -> list:
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise EngineError(f"the dask engine needs the dask extra (pip install 'wirewatch[dask]'): {error}") from error
    with contextlib.ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout=DASK_CONNECT_SECONDS))
            else:
                # the workers' scratch files in a folder of this build's, removed after it
                scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="wirewatch-dask-"))
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers or available_cores(),
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=DASK_DASHBOARD,
                        local_directory=scratch,
                    )
                )
                client = stack.enter_context(Client(cluster))
        except (OSError, TimeoutError) as error:
            raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {error}") from error
        return _dask_map(client, function, documents, indices, progress)


def _dask_map(client, function, documents, indices, progress: Progress) -> list:
    import dask.bag as bag
    from distributed import as_completed as dask_completed

    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    pairs = [(i, documents[i]) for i in indices]
    size = len(chunks(pairs, n_workers)[0])
    partitioned = bag.from_sequence(pairs, partition_size=size).map_partitions(functools.partial(_in_list, function))
    del pairs
    futures = client.compute(partitioned.to_delayed())
    index_of = {future.key: index for index, future in enumerate(futures)}
    by_part: list = [None] * len(futures)
    done = 0
    for future in dask_completed(futures):
        [part] = future.result()
        by_part[index_of[future.key]] = part
        done = min(len(indices), done + size)
        progress(done)
    return by_part


def process_running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a build's staging folder carries its pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True
