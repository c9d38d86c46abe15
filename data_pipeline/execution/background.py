"""Running one stage beside another: ``Beside.start(function, *args)``, then ``.result(...)``.

Where forking is safe, ``function(*args)`` runs in a forked child (``executors.start_child``)
while this process does other work; ``result`` waits for it. Where no child could be started,
or the child failed or died (say, killed for memory), ``result`` runs the function here instead:
a build never depends on the child, only its time does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .executors import start_child


class Beside:
    """A function running in a child process, or nothing (then ``result`` runs it here)."""

    def __init__(self, started=None) -> None:
        self._child, self._pipe = started or (None, None)

    @classmethod
    def start(cls, function: Callable, *args, when: bool = True) -> Beside:
        """``function(*args)`` started in a child if ``when`` and forking is safe. The arguments
        are not kept here (the child inherited them)."""
        return cls(start_child(function, *args) if when else None)

    @property
    def started(self) -> bool:
        return self._child is not None

    def result(self, function: Callable, *args) -> Any:
        """The child's result; without one, ``function(*args)`` run here."""
        if self._child is not None:
            try:
                received = (self._pipe.recv(),)
            except (EOFError, OSError):  # the child failed or died: no result came
                received = ()
            self._child.join()
            self.close()
            if received:
                return received[0]
        return function(*args)

    def close(self) -> None:
        """Stop the child if it still runs (the caller no longer wants its result)."""
        if self._child is None:
            return
        self._pipe.close()
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._child = self._pipe = None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
