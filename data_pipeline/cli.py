"""Command line: ``python -m data_pipeline build [INPUT ...] --out DIR``.

Writes one Parquet file per table into DIR (atomically), shows a progress bar for more than a
handful of inputs, prints the problems and a summary line. Exit status 0 unless ``--strict``
is given and there were problems.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import settings
from .pipeline import SEEDS, build_corpus


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m data_pipeline", description="Wirewatch: news articles → tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the tables from articles")
    build.add_argument("inputs", nargs="*", help="files, folders, .zip, .csv/.jsonl exports (default: seeds/)")
    build.add_argument("--out", required=True, help="folder for the Parquet tables")
    build.add_argument("--strict", action="store_true", help="exit non-zero if any input had a problem")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


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

            bar = tqdm(total=total, unit="article", file=sys.stderr)
        bar.update(done - bar.n)

    corpus = build_corpus(args.inputs or [SEEDS], progress=progress)
    if bar is not None:
        bar.close()
    try:
        corpus.save(args.out)
    except OSError as error:  # e.g. --out names a folder of other files: a message, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    for row in corpus.problems.itertuples():
        print(f"problem: {row.path}: [{row.stage}] {row.problem}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"{len(corpus.articles)} articles, {len(corpus.sentences)} sentences, {len(corpus.quotes)} quotes, "
        f"{len(corpus.events)} events, {len(corpus.problems)} problems in {seconds:.1f} s → {args.out}"
    )
    return 1 if args.strict and len(corpus.problems) else 0
