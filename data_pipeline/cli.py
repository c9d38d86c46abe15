"""Command line: ``python -m data_pipeline build [INPUT ...] --out DIR``.

Writes one Parquet file per table into DIR (atomically; only a folder Wirewatch wrote is ever
replaced), shows progress for more than a handful of inputs, prints the problems and a summary
line. Exit status 0 unless ``--strict`` is given and there were problems or no article at all
(1), or the build could not run or be saved (2).

Builds are incremental: per-article results are kept in ``DIR/cache`` and a rebuild processes
only new or changed articles (``--no-cache`` processes all). ``--engine``, ``--workers`` and
``--scheduler`` choose how the per-article stage runs (``execution/executors.py``).
"""

from __future__ import annotations

import argparse
import sys
import time

from . import settings
from .execution import DEFAULT_ENGINE, ENGINES, EngineError
from .execution.memory import lean_memory
from .pipeline import SEEDS, BuildOptions, build_to

PROGRESS_EVERY = 0.2  # seconds between redraws of the progress line


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m data_pipeline", description="Wirewatch: news articles → tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the tables from articles")
    build.add_argument("inputs", nargs="*", help="files, folders, .zip, .csv/.jsonl exports (default: seeds/)")
    build.add_argument("--out", required=True, help="folder for the Parquet tables (new, empty, or written by Wirewatch)")
    build.add_argument("--strict", action="store_true", help="exit 1 if any input had a problem or none was an article")
    build.add_argument("--quiet", action="store_true", help="no progress line")
    build.add_argument(
        "--workers", type=_positive, default=None, help="processes (or local Dask workers); default: the cores"
    )
    build.add_argument(
        "--engine", choices=ENGINES, default=None, help=f"where the per-article stage runs (default: {DEFAULT_ENGINE})"
    )
    build.add_argument(
        "--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://host:8786 (implies --engine dask)"
    )
    build.add_argument("--no-cache", action="store_true", help="process every article again (ignore kept results)")
    args = parser.parse_args(argv)
    if args.command == "build":
        if args.scheduler and args.engine not in (None, "dask"):
            parser.error("--scheduler is a Dask scheduler: it needs --engine dask")
        args.engine = args.engine or ("dask" if args.scheduler else DEFAULT_ENGINE)
    return args


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def shown(text: object) -> str:
    """``text`` safe to print on a terminal: control and format characters (ESC, newline, RTL
    overrides, zero-width marks) in a file or member name are escaped, not obeyed."""
    return "".join(c if c.isprintable() else _escaped(c) for c in str(text))


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class _ProgressLine:
    """``123/1,000 articles (12%) 4 s`` on stderr, redrawn in place (no thread: nothing beside
    the build)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.drawn_at < PROGRESS_EVERY:
            return
        self.drawn_at, self.drawn = now, True
        share = done / total if total else 1.0
        sys.stderr.write(f"\r{done:,}/{total:,} articles ({share:.0%}) {now - self.started:.0f} s")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    line = _ProgressLine()

    def progress(done: int, total: int) -> None:
        if not args.quiet and total > settings.PROGRESS_MIN_FILES:
            line(done, total)

    lean_memory()
    try:
        options = BuildOptions(
            engine=args.engine, workers=args.workers, scheduler=args.scheduler, cache=not args.no_cache
        )
        built = build_to(args.out, args.inputs or [SEEDS], options, progress=progress)
    except (EngineError, OSError) as error:  # e.g. --out names a folder of other files: a message
        line.close()
        print(f"error: {shown(error)}", file=sys.stderr)
        return 2
    line.close()
    if built.cache_note:
        print(f"note: {shown(built.cache_note)}", file=sys.stderr)
    for row in built.problems.itertuples():
        print(f"problem: {shown(row.path)}: [{row.stage}] {shown(row.problem)}", file=sys.stderr)
    n = built.counts
    if not n["articles"]:
        print("problem: no article in the inputs", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"{n['articles']} articles, {n['sentences']} sentences, {n['quotes']} quotes, "
        f"{n['events']} events, {n['problems']} problems in {seconds:.1f} s → {shown(args.out)}"
        + (f" ({built.reused} articles reused, {built.processed} processed)" if built.reused else "")
    )
    return 1 if args.strict and (n["problems"] or not n["articles"]) else 0
