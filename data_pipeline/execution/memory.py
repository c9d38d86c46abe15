"""Keeping a big build's memory down: what a stage frees goes back to the system."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def lean_memory() -> None:
    """For a process whose job is one big build (the CLI): Arrow allocates through the C
    library's malloc instead of its own pool (mimalloc keeps freed pages for reuse, which on a
    50,000-article build is hundreds of MB held between stages), so ``give_back_memory`` can
    return what a stage freed."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def give_back_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; elsewhere nothing).
    Called between stages, so one stage's temporary arrays do not stay in the process's
    footprint for the rest of the build."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


@contextmanager
def existing_objects_frozen() -> Iterator[None]:
    """While the block runs, the objects that exist when it starts (the modules, TextBlob's
    lexicon, the splitter's model, the caller's own) are left out of the garbage collector's
    passes (``gc.freeze``; ``gc.unfreeze`` after): a full pass would otherwise walk them all,
    some 130,000 objects and 60-80 ms, a tenth of a 100-article build, for nothing a build made.
    Objects are still freed when no longer referenced; only reference cycles among the frozen
    ones wait until the block ends. A caller that froze objects itself is left as it is."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only (not musl)
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _libc()
