"""A whole build in a fresh interpreter: ``build_in_child(paths, out, progress=...)``.

A threaded caller cannot fork safely (``executors.fork_context``): inside Streamlit's server a
build would map its per-article stage on spawned workers, or in line, and run quotes and dates
in line instead of beside overlap, so an upload took twice the command line's time. Here the
build runs as ``python -m data_pipeline.execution.isolated`` (what ``python -m data_pipeline
build`` does, with progress for a caller): a new, single-threaded process whose executors fork
their workers as the command line's do. It writes the tables into ``out`` (``build_to``) and
reports each step of its per-article progress as one JSON line on its standard output, which
the caller turns into ``progress(done, total)`` calls as they arrive (per article, at most four
times a second). The child dies with its caller, and is stopped if the caller stops waiting (an
exception in ``progress``, say).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .executors import die_with_parent, fork_context, run_command

Progress = Callable[[int, int], None]  # documents done, total
# Seconds between two progress lines (the first and the last always sent): each line redraws
# the app's progress bar, which costs its browser ~30-50 ms of CPU (measured in headless
# Chromium), taken from the build when both run on one machine.
REPORT_EVERY = 0.25
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder holding data_pipeline/


class ChildBuildError(RuntimeError):
    """The build's process failed: the message ends with its error output."""


def build_in_child(
    paths: Sequence[str | os.PathLike], out: str | os.PathLike, *, progress: Progress | None = None
) -> bool:
    """Build the tables of ``paths`` into the folder ``out`` in a new process (see the module
    docstring); ``progress(done, total)`` is called here as the child reports. Returns whether
    the child could fork its workers. Raises ``ChildBuildError`` if the child fails."""
    command = [sys.executable, "-m", __name__, "--out", str(out), "--parent", str(os.getpid()), "--", *map(str, paths)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))}
    forked = False

    def on_line(line: str) -> None:
        nonlocal forked
        message = json.loads(line)
        if "fork" in message:
            forked = message["fork"]
        elif progress is not None:
            progress(message["done"], message["total"])

    code, errors = run_command(command, on_line, env=env)
    if code != 0:
        raise ChildBuildError(f"the build process ended with code {code}: {errors}")
    return forked


def main(argv: Sequence[str] | None = None) -> int:
    """The child: build ``inputs`` into ``--out``, a JSON line per progress step on stdout."""
    parser = argparse.ArgumentParser(prog=f"python -m {__name__}")
    parser.add_argument("--out", required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("inputs", nargs="*")
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    from data_pipeline.pipeline import BuildOptions, build_to  # here: the pipeline imports this package

    print(json.dumps({"fork": fork_context() is not None}), flush=True)

    reported_at = 0.0

    def report(done: int, total: int) -> None:  # per article, at most every REPORT_EVERY seconds
        nonlocal reported_at
        now = time.monotonic()
        if done in (0, total) or now - reported_at >= REPORT_EVERY:
            reported_at = now
            print(json.dumps({"done": done, "total": total}), flush=True)

    build_to(args.out, args.inputs, BuildOptions(cache=False), progress=report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
