"""CPU time of the cleaning step (``boilerplate.parse``: header, outlet, wire, date lines, body)
on the first N articles of some inputs, as the per-article stage calls it.

Run: ``python benchmarks/cleaning.py [INPUT ...] [--articles 1000] [--repeats 3]``; without an
input, the Helsinki corpus (../shared/corpora/helsinki, never copied into the repository).
Prints the CPU seconds of each run and the least. The dates' per-text cache is cleared before
each run, so a run costs what it costs in a fresh build.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import boilerplate  # noqa: E402
from data_pipeline.dates import resolve  # noqa: E402
from data_pipeline.ingest import read_inputs  # noqa: E402

DEFAULT_INPUT = ROOT.parent / "shared" / "corpora" / "helsinki" / "helsinki_articles.csv"


def cleaning_seconds(documents: list) -> float:
    """CPU seconds of ``boilerplate.parse`` over ``documents``, the dates' cache cold."""
    resolve._mentions.cache_clear()
    started = time.process_time()
    for document in documents:
        meta = document.meta
        boilerplate.parse(document.text, title=meta.get("title"), source=meta.get("source"), byline=meta.get("byline"))
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT_INPUT])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    documents, _ = read_inputs(args.inputs)
    documents = documents[: args.articles]
    runs = [cleaning_seconds(documents) for _ in range(args.repeats)]
    print(f"{len(documents)} articles: CPU s {' '.join(f'{r:.3f}' for r in runs)}; least {min(runs):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
