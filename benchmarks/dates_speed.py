"""Speed of the dates stage (``dates.publication_dates`` then ``dates.events``, as the build runs
them) against the floor (TextBlob sentiment alone) over the same sentences, side by side in one run.

Run: ``python benchmarks/dates_speed.py [TABLES_DIR ...]`` with folders written by
``python -m data_pipeline build … --out DIR``; without one, PolNeAR's train articles
(../shared/corpora/polnear, never copied into the repository) are built into a temporary folder.
Prints, per corpus, sentences/s of each and the dates stage's CPU as a share of the floor's.
The stage's caches are cleared first, so each corpus is timed cold, as in a fresh build.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import Corpus, dates  # noqa: E402
from data_pipeline.dates import resolve  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "train" / "text"


def dates_seconds(corpus: Corpus) -> float:
    """CPU seconds of the dates stage on a built corpus, caches cold."""
    resolve._mentions.cache_clear()
    dates.explicit_date.cache_clear()
    started = time.process_time()
    articles = dates.publication_dates(corpus.articles, corpus.sentences)
    dates.events(articles, corpus.sentences)
    return time.process_time() - started


def floor_seconds(texts: list[str]) -> float:
    """CPU seconds of TextBlob sentiment alone over the sentences (the floor of benchmarks/scale.py)."""
    from textblob import TextBlob

    _ = TextBlob("warm up").sentiment
    started = time.process_time()
    for text in texts:
        _ = TextBlob(text).sentiment
    return time.process_time() - started


def report(folder: Path) -> str:
    corpus = Corpus.load(folder)
    texts = corpus.sentences["text"].astype(str).tolist()
    stage, floor = dates_seconds(corpus), floor_seconds(texts)
    n = len(texts)
    return (
        f"{folder}: {n:,} sentences | dates stage {stage:.2f} s CPU ({n / stage:,.0f} sentences/s) | "
        f"TextBlob sentiment {floor:.2f} s CPU ({n / floor:,.0f} sentences/s) | dates / floor = {stage / floor:.3f}"
    )


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv]
    with tempfile.TemporaryDirectory() as work:
        if not folders:
            if not DEFAULT_CORPUS.exists():
                print(f"no tables given and {DEFAULT_CORPUS} is absent", file=sys.stderr)
                return 2
            out = Path(work) / "polnear"
            command = [sys.executable, "-m", "data_pipeline", "build", str(DEFAULT_CORPUS), "--out", str(out)]
            subprocess.run([*command, "--no-cache"], check=True, cwd=ROOT, capture_output=True)
            folders = [out]
        for folder in folders:
            print(report(folder), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
