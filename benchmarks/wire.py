"""Wire copy traced, measured: the provenance stage's cost, the relations on real corpora, and
the samples read by hand.

    python benchmarks/wire.py cost [--sizes 1000 10000 50000]
    python benchmarks/wire.py relations --data DIR
    python benchmarks/wire.py sample --data DIR --relation syndicated [--n 50] [--seed 11]
    python benchmarks/wire.py meter --data DIR
    python benchmarks/wire.py sources --data DIR [--n 30] [--seed 11]

``cost``: for each size, the generated corpus of ``benchmarks/scale.py`` (PolNeAR articles and
edited syndicated copies of them, with a manifest) is built with ``build --out`` in a fresh
process; printed: the build's wall and CPU seconds and the provenance stage's, as a share of
the build.

``relations``: on built tables (e.g. ``python -m data_pipeline build
../shared/corpora/helsinki/helsinki_articles.csv --out DIR``), the raw article pairs of
``overlap`` (each unordered pair once) by relation, and by how many reporting sentences they
share; then how many articles are dated, the first publisher of the clusters carried by two or
more articles (``earliest``, ``tied`` on the same day, ``earliest dated`` when some copies are
undated, ``undated``) and the articles by likely source.

``sources``: a seeded sample of articles whose likely source is an earlier article, with both
articles' dates and openings, for checking the direction by hand.

``sample``: a seeded sample of unordered pairs of one relation with the sentences they share
(``R`` reporting, ``q`` quoted speech or a common line), for reading by hand.

``meter``: on built METER tables (``build ../shared/corpora/meter``), each newspaper story
against the Press Association files of its own folder (the same story) and of the other
folders: the share of each that is ``syndicated`` (or ``copy``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from data_pipeline import provenance, schema  # noqa: E402

SIZES = (1_000, 10_000)


def _tables(folder: Path, *names: str) -> dict[str, pd.DataFrame]:
    return {name: schema.conform(pd.read_parquet(folder / f"{name}.parquet"), name) for name in names}


def _unordered(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs[pairs["article_a"] < pairs["article_b"]]


# --- cost ------------------------------------------------------------------------------------


def measure_cost(size: int) -> dict:
    """One build of ``size`` generated articles (run in its own process by ``cost``)."""
    from benchmarks import scale
    from data_pipeline.pipeline import build_to

    with tempfile.TemporaryDirectory(prefix="wire-bench-") as scratch:
        folder = scale.write_corpus(Path(scratch) / "corpus", scale.corpus_articles(size))
        timings: dict = {}
        cpu: dict = {}

        def on_stage(name: str, wall: float, seconds: float | None) -> None:
            timings[name] = timings.get(name, 0.0) + wall
            cpu[name] = cpu.get(name, 0.0) + (seconds or 0.0)

        started = time.perf_counter()
        built = build_to(Path(scratch) / "tables", [folder], on_stage=on_stage)
        wall = time.perf_counter() - started
    return {
        "size": size,
        "wall": wall,
        "cpu": sum(cpu.values()),
        "provenance_wall": timings.get("provenance", 0.0),
        "provenance_cpu": cpu.get("provenance", 0.0),
        "sentences": built.counts.get(schema.SENTENCES, 0),
        "stories": built.counts.get(schema.STORIES, 0),
        "edits": built.counts.get(schema.EDITS, 0),
    }


def cost(sizes: list[int]) -> None:
    print(
        "| articles | sentences | build wall s | provenance wall s | share | build CPU s | provenance CPU s | share |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        output = subprocess.run(
            [sys.executable, __file__, "cost-one", str(size)], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout
        m = json.loads(output.strip().splitlines()[-1])
        print(
            f"| {size:,} | {m['sentences']:,} | {m['wall']:.1f} | {m['provenance_wall']:.2f} | "
            f"{m['provenance_wall'] / m['wall']:.1%} | {m['cpu']:.1f} | {m['provenance_cpu']:.2f} | "
            f"{m['provenance_cpu'] / max(m['cpu'], 1e-9):.1%} |",
            flush=True,
        )


# --- relations and samples -------------------------------------------------------------------


def relations(folder: Path) -> None:
    pairs = _unordered(_tables(folder, schema.OVERLAP)[schema.OVERLAP])
    counts = pairs["relation"].value_counts()
    print(f"{len(pairs):,} article pairs sharing at least one sentence")
    for name in provenance.RELATIONS:
        print(f"  {name}: {counts.get(name, 0):,} ({counts.get(name, 0) / max(len(pairs), 1):.1%})")
    shared = pairs["shared_reporting"].clip(upper=6).astype(int).astype(str).replace("6", "6+")
    print(pd.crosstab(shared, pairs["relation"]).to_string())
    tables = _tables(folder, schema.ARTICLES, provenance.CLUSTERS, provenance.PROVENANCE)
    dated = tables[schema.ARTICLES]["published"].notna()
    print(f"articles dated: {int(dated.sum()):,} of {len(dated):,} ({dated.mean():.1%})")
    multi = tables[provenance.CLUSTERS]
    multi = multi[multi["n_articles"] >= 2]
    print(f"first publisher of the {len(multi):,} clusters carried by 2+ articles:")
    for name, count in multi["first"].value_counts().items():
        print(f"  {name}: {count:,} ({count / len(multi):.1%})")
    print("articles by likely source:")
    kinds = tables[provenance.PROVENANCE]["source_kind"].value_counts()
    for name, count in kinds.items():
        print(f"  {name}: {count:,} ({count / kinds.sum():.1%})")


def sources(folder: Path, n: int, seed: int) -> None:
    """A seeded sample of articles whose source is an earlier article: both dates, how each was
    dated, and their first reporting lines, to check the direction by hand."""
    tables = _tables(folder, schema.ARTICLES, provenance.PROVENANCE)
    articles = tables[schema.ARTICLES].set_index("article_id")
    found = tables[provenance.PROVENANCE]
    found = found[found["source_kind"] == provenance.EARLIER]
    for number, row in enumerate(found.sample(min(n, len(found)), random_state=seed).itertuples()):
        print(f"## {number} shared reporting sentences: {row.shared_reporting}")
        for label, article in (("copy  ", row.article_id), ("source", row.source_article)):
            one = articles.loc[article]
            print(f"   {label} {one['published']} ({one['date_source']}) {one['path']}: {str(one['body'])[:140]!r}")


def sample(folder: Path, relation: str, n: int, seed: int) -> None:
    tables = _tables(folder, schema.ARTICLES, schema.SENTENCES, schema.QUOTES, schema.OVERLAP)
    sentences = tables[schema.SENTENCES]
    sentences = sentences.assign(reporting=provenance.reporting(sentences, tables[schema.QUOTES]).to_numpy())
    outlet = tables[schema.ARTICLES].set_index("article_id")["source"]
    pairs = _unordered(tables[schema.OVERLAP])
    pairs = pairs[pairs["relation"] == relation]
    picked = pairs.sample(min(n, len(pairs)), random_state=seed)
    by_article = dict(tuple(sentences.groupby("article_id")))
    for number, row in enumerate(picked.itertuples()):
        a, b = by_article[row.article_a], by_article[row.article_b]
        common = set(a.loc[a["aligned"], "cluster_id"]) & set(b.loc[b["aligned"], "cluster_id"])
        shared = a[a["cluster_id"].isin(common)].sort_values("reporting", ascending=False)
        print(
            f"## {number} {outlet.get(row.article_a)} | {outlet.get(row.article_b)}  "
            f"shared={row.shared_sentences} reporting={row.shared_reporting}"
        )
        for line in shared.head(4).itertuples():
            print("   ", "R" if line.reporting else "q", line.text[:160])


def meter(folder: Path) -> None:
    """Newspaper stories against the PA files of their folder and of the others."""
    tables = _tables(folder, schema.ARTICLES, schema.OVERLAP)
    articles = tables[schema.ARTICLES]
    path = articles["path"].astype(str)
    kind = path.str.extract(r"/(PA|newspapers)/")[0]
    story = path.str.extract(r"rawtexts/(.+)/[^/]+$")[0]
    info = pd.DataFrame({"kind": kind.to_numpy(), "story": story.to_numpy()}, index=articles["article_id"])
    pairs = tables[schema.OVERLAP].join(info, on="article_a").join(info, on="article_b", rsuffix="_b")
    pairs = pairs[(pairs["kind"] == "newspapers") & (pairs["kind_b"] == "PA")]
    linked = pairs["relation"].isin([provenance.SYNDICATED, provenance.COPY])
    same = pairs["story"] == pairs["story_b"]
    papers = info[info["kind"] == "newspapers"]
    with_pa = papers.index.isin(pairs.loc[same & linked, "article_a"])
    has_pa_folder = papers["story"].isin(info.loc[info["kind"] == "PA", "story"])
    print(f"{len(papers):,} newspaper stories, {has_pa_folder.sum():,} with PA files in their folder")
    print(f"  syndicated with a PA file of their own folder: {with_pa[has_pa_folder.to_numpy()].mean():.1%}")
    print(
        f"  newspaper-PA pairs sharing a sentence, same story: {int(same.sum()):,}, of them syndicated {linked[same].mean():.1%}"
    )
    print(
        f"  newspaper-PA pairs sharing a sentence, other stories: {int((~same).sum()):,}, "
        f"of them syndicated {linked[~same].mean() if (~same).any() else 0:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("cost")
    run.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    one = commands.add_parser("cost-one")
    one.add_argument("size", type=int)
    for name in ("relations", "sample", "meter", "sources"):
        sub = commands.add_parser(name)
        sub.add_argument("--data", type=Path, required=True)
        if name == "sample":
            sub.add_argument("--relation", choices=provenance.RELATIONS, required=True)
        if name in ("sample", "sources"):
            sub.add_argument("--n", type=int, default=50)
            sub.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if args.command == "cost":
        cost(args.sizes)
    elif args.command == "cost-one":
        print(json.dumps(measure_cost(args.size)))
    elif args.command == "relations":
        relations(args.data)
    elif args.command == "sample":
        sample(args.data, args.relation, args.n, args.seed)
    elif args.command == "sources":
        sources(args.data, args.n, args.seed)
    else:
        meter(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
