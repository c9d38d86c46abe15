"""Publication-date inference measured on PolNeAR (924 US political articles of 2015–2016).

PolNeAR's ``metadata.tsv`` gives each article's publication date. The articles are built with
the real pipeline; then a share of them keep their date as metadata (``stated``) and the others
lose it, and ``dates.publication_dates`` must infer them from the weekday-named events the dated
ones place. Reported per share kept: how many hidden dates were inferred (coverage), how many of
those are right (accuracy), how many are off by one day, and the seconds the dates stage took
compared with the whole build.

Run: ``python benchmarks/polnear_dates.py [CORPUS_DIR]`` (default ../shared/corpora/polnear).
The corpus is never copied into the repository.
"""

from __future__ import annotations

import csv
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_pipeline import build_corpus, dates  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear"
SHARES_KEPT = (0.25, 0.5, 0.75)
SPLIT_BUCKETS = 1000


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else DEFAULT
    if not folder.exists():
        sys.exit(f"corpus not found: {folder}")
    with open(folder / "metadata.tsv", encoding="utf-8") as handle:
        gold = {row["filename"]: row["publication_date"] for row in csv.DictReader(handle, delimiter="\t")}
    timings: dict = {}
    started = time.perf_counter()
    corpus = build_corpus(
        [folder / "train" / "text", folder / "dev" / "text"],
        on_stage=lambda name, wall, cpu: timings.update({name: timings.get(name, 0.0) + wall}),
    )
    total = time.perf_counter() - started
    articles = corpus.articles.assign(
        stem=corpus.articles["path"].str.rsplit("/", n=1).str[-1].str.removesuffix(".txt")
    )
    articles = articles[articles["stem"].map(lambda s: bool(gold.get(s)))].reset_index(drop=True)
    truth = articles["stem"].map(gold)
    print(f"articles with a gold date: {len(articles)}; build {total:.1f} s, of which dates {timings['dates']:.2f} s")
    print(f"timings: { {k: round(v, 2) for k, v in timings.items()} }")
    bucket = articles["stem"].map(lambda s: zlib.crc32(s.encode()) % SPLIT_BUCKETS)
    for share in SHARES_KEPT:
        kept = bucket < share * SPLIT_BUCKETS
        trial = articles.assign(meta_published=truth.where(kept, None), header="", manifest=False)
        clock = time.perf_counter()
        result = dates.publication_dates(trial, corpus.sentences)
        seconds = time.perf_counter() - clock
        hidden = ~kept
        inferred = hidden & (result["date_source"] == "inferred")
        found = result["published"].dt.strftime("%Y-%m-%d")
        right = inferred & (found == truth)
        off_by_one = inferred & ((result["published"] - truth.astype("datetime64[ns]")).abs().dt.days == 1)
        n_hidden, n_inferred = int(hidden.sum()), int(inferred.sum())
        print(
            f"kept {share:.0%}: hidden {n_hidden}, inferred {n_inferred} ({n_inferred / n_hidden:.1%} coverage), "
            f"right {int(right.sum())} ({right.sum() / max(n_inferred, 1):.1%} of inferred), "
            f"off by one day {int(off_by_one.sum())}; {seconds:.2f} s"
        )
        for row in result[inferred & ~right].head(5).itertuples():
            print(f"   wrong: {row.stem} inferred {row.published.date()} gold {gold[row.stem]}")


if __name__ == "__main__":
    main(sys.argv[1:])
