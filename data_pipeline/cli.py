"""Command line: ``python -m data_pipeline build [INPUT ...] --out DIR``.

Writes one Parquet file per table into DIR (atomically), shows a progress bar for more than a
handful of inputs, prints the problems and a summary line. Exit status 0 unless ``--strict``
is given and there were problems (1), or the build could not run or be saved (2).

Builds are incremental: per-article results are kept beside DIR (``cache.py``) and a rebuild
processes only new or changed articles (``--no-cache`` processes all). ``--workers`` and
``--engine dask [--scheduler ADDRESS]`` choose how the per-article stage runs (``engine.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import cache, settings
from .corpus import is_built
from .engine import DEFAULT_ENGINE, ENGINES, EngineError
from .pipeline import SEEDS, build_to, lean_memory


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m data_pipeline", description="Wirewatch: news articles → tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the tables from articles")
    build.add_argument("inputs", nargs="*", help="files, folders, .zip, .csv/.jsonl exports (default: seeds/)")
    build.add_argument("--out", required=True, help="folder for the Parquet tables")
    build.add_argument("--strict", action="store_true", help="exit non-zero if any input had a problem")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
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
        if args.scheduler and args.engine == "local":
            parser.error("--scheduler is a Dask scheduler: it needs --engine dask")
        args.engine = args.engine or ("dask" if args.scheduler else DEFAULT_ENGINE)
    return args


def _holds_tables_or_nothing(out: str) -> bool:
    """Keep a cache beside ``out`` only if the build may write there (never beside, say, ``~``)."""
    path = Path(out)
    return not path.exists() or (path.is_dir() and (is_built(path) or not any(path.iterdir())))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if args.quiet or total <= settings.PROGRESS_MIN_FILES:
            return
        if bar is None:
            from tqdm import tqdm

            # No monitor thread: with another thread running, the build no longer forks (its
            # later stages run in line and worker processes are spawned, slowly).
            tqdm.monitor_interval = 0
            bar = tqdm(total=total, unit="article", file=sys.stderr)
        bar.update(done - bar.n)

    stats: dict = {}
    lean_memory()
    try:
        built = build_to(
            args.out,
            args.inputs or [SEEDS],
            progress=progress,
            engine=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            cache=None if args.no_cache or not _holds_tables_or_nothing(args.out) else cache.cache_folder(args.out),
            stats=stats,
        )
    except EngineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # e.g. --out names a folder of other files: a message, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    if stats.get("cache_note"):
        print(f"note: {stats['cache_note']}", file=sys.stderr)
    for row in built.problems.itertuples():
        print(f"problem: {row.path}: [{row.stage}] {row.problem}", file=sys.stderr)
    seconds = time.perf_counter() - started
    n = built.counts
    print(
        f"{n['articles']} articles, {n['sentences']} sentences, {n['quotes']} quotes, "
        f"{n['events']} events, {n['problems']} problems in {seconds:.1f} s → {args.out}"
        + (f" ({stats['reused']} articles reused, {stats['processed']} processed)" if stats.get("reused") else "")
    )
    return 1 if args.strict and n["problems"] else 0
