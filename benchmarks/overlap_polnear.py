"""Overlap stage, measured: precision/recall of sentence links, threshold data, speed.

    python benchmarks/overlap_polnear.py [--seed 7] [--copies 300] [--scale 50000]

1. **Edited copies of PolNeAR articles** (../shared/corpora/polnear), built reproducibly from a
   seed the way wire copy is edited: sentences reworded (a word added/changed, quotes curled,
   dashes changed, a clause cut or added), dropped, added (a sentence of another outlet's
   article), reordered. Gold: each kept sentence of a copy is linked to its source sentence.
   Precision/recall of the predicted links (sentence pairs sharing a cluster) between each
   original and its copy, error of the measured ``share_a``, and links between unrelated
   articles.
2. **Data for the thresholds**: PolNeAR's cross-outlet recurrence of normalised sentences by
   length (MIN_TOKENS), and METER (PA wire copy vs newspaper rewrites, latin-1) best-match
   scores of newspaper sentences against same-story PA copy vs other stories' (NEAR_THRESHOLD).
3. **Speed and memory**: ``align`` on a corpus grown to ``--scale`` articles from real sentences
   (PolNeAR + BBC + edited copies), sentences/s and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import overlap  # noqa: E402
from data_pipeline.sentences import sentence_spans  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
POLNEAR = CORPORA / "polnear"
METER = CORPORA / "meter"
BBC = CORPORA / "bbc"

# Edit probabilities per sentence of a copy: wire copy is lightly edited (cf. the seeds:
# 3 of 19 shared sentences reworded, a few cut, a few added, paragraphs moved).
P_REWORD = 0.2
P_DROP = 0.15
P_ADD = 0.1
P_SWAP = 0.1


def read_polnear(folder: Path = POLNEAR, limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles: article_id, publisher; sentences: sentence_id, article_id, position, text) of PolNeAR."""
    meta = pd.read_csv(folder / "metadata.tsv", sep="\t", usecols=["filename", "publisher"]).drop_duplicates("filename")
    publisher = dict(zip(meta["filename"], meta["publisher"], strict=True))
    files = sorted(folder.glob("*/text/*.txt"))[:limit]
    articles, rows = [], []
    for path in files:
        article_id = path.stem
        text = path.read_text(encoding="utf-8")
        body = text.split("\n", 1)[1] if "\n" in text else text
        articles.append({"article_id": article_id, "publisher": publisher.get(article_id)})
        for position, (_, start, end) in enumerate(sentence_spans(body)):
            rows.append(
                {
                    "sentence_id": f"{article_id}:{position:04d}",
                    "article_id": article_id,
                    "position": position,
                    "text": body[start:end],
                }
            )
    return pd.DataFrame(articles).drop_duplicates("article_id"), pd.DataFrame(rows).drop_duplicates("sentence_id")


def reword(text: str, rng: random.Random) -> str:
    """One light wire-desk edit of a sentence (the kinds seen in the seeds)."""
    edits = [
        lambda t: t.replace(" said ", " has said ", 1) if " said " in t else t.replace(" the ", " the very ", 1),
        lambda t: t.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace("'", "\u2019"),
        lambda t: t.replace(" -- ", " \u2013 ").replace(" \u2014 ", " -- ").replace(", ", "; ", 1),
        lambda t: t[: t.rfind(",")] + "." if t.rfind(",") > 0.6 * len(t) else t.rstrip(".") + ", officials said.",
        lambda t: t.rstrip(".") + ", according to a statement.",
        lambda t: " ".join(w if i != len(t.split()) // 2 else w + " also" for i, w in enumerate(t.split())),
    ]
    return rng.choice(edits)(text)


def edited_copies(
    articles: pd.DataFrame, sentences: pd.DataFrame, n_copies: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(copy sentences, gold links source→copy, copies: copy_id, source, expected share of the copy).

    Each copy draws an article (with at least 5 sentences), keeps/rewords/drops its
    sentences, adds sentences from an article of another publisher, swaps neighbours.
    """
    rng = random.Random(seed)
    by_article = {a: g for a, g in sentences.groupby("article_id", sort=True)}
    eligible = sorted(a for a, g in by_article.items() if len(g) >= 5)
    publisher = dict(zip(articles["article_id"], articles["publisher"], strict=True))
    rows, gold, copies = [], [], []
    for number in range(n_copies):
        source = rng.choice(eligible)
        donor = rng.choice([a for a in eligible if publisher[a] != publisher[source]])
        extra = list(by_article[donor]["text"])
        donors = set()
        items: list[tuple[str, str | None]] = []
        for sentence_id, text in zip(by_article[source]["sentence_id"], by_article[source]["text"], strict=True):
            if rng.random() < P_DROP:
                continue
            items.append((reword(text, rng) if rng.random() < P_REWORD else text, sentence_id))
            if rng.random() < P_ADD and extra:
                items.append((extra.pop(rng.randrange(len(extra))) + " (added)", None))
                donors.add(donor)
        for i in range(len(items) - 1):
            if rng.random() < P_SWAP:
                items[i], items[i + 1] = items[i + 1], items[i]
        copy_id = f"copy{number:05d}"
        for position, (text, origin) in enumerate(items):
            sentence_id = f"{copy_id}:{position:04d}"
            rows.append({"sentence_id": sentence_id, "article_id": copy_id, "position": position, "text": text})
            if origin is not None:
                gold.append({"source": origin, "copy": sentence_id})
        kept = sum(origin is not None for _, origin in items)
        copies.append(
            {
                "copy_id": copy_id,
                "source": source,
                "donor": ",".join(sorted(donors)),
                "share_copy": kept / max(len(items), 1),
                "share_source": kept / len(by_article[source]),
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(gold), pd.DataFrame(copies)


def _false_links(clustered: pd.DataFrame, gold: pd.DataFrame, copies: pd.DataFrame) -> list[str]:
    """Texts of predicted source↔copy pairs that are not gold (for the report)."""
    text = clustered.set_index("sentence_id")["text"]
    truth = set(zip(gold["source"], gold["copy"], strict=True))
    out = []
    for copy_id, source in zip(copies["copy_id"], copies["source"], strict=True):
        a = clustered[clustered["article_id"] == source]
        b = clustered[clustered["article_id"] == copy_id]
        joined = a.merge(b, on="cluster_id", suffixes=("_s", "_c"))
        out += [
            f"{text[x][:60]!r} ~ {text[y][:60]!r}"
            for x, y in zip(joined["sentence_id_s"], joined["sentence_id_c"], strict=True)
            if (x, y) not in truth
        ]
        if len(out) >= 8:
            break
    return out


def link_scores(clustered: pd.DataFrame, gold: pd.DataFrame, copies: pd.DataFrame) -> dict:
    """Precision/recall of source↔copy sentence pairs predicted by a shared cluster."""
    cluster = clustered.set_index("sentence_id")["cluster_id"]
    by_article = clustered.groupby("article_id")
    predicted = set()
    for copy_id, source in zip(copies["copy_id"], copies["source"], strict=True):
        a, b = by_article.get_group(source), by_article.get_group(copy_id)
        joined = a.merge(b, on="cluster_id", suffixes=("_s", "_c"))
        predicted |= set(zip(joined["sentence_id_s"], joined["sentence_id_c"], strict=True))
    # Short sentences are never aligned: gold pairs that cannot be found are counted as misses.
    truth = set(zip(gold["source"], gold["copy"], strict=True))
    hit = len(predicted & truth)
    aligned = set(clustered.loc[clustered["aligned"], "sentence_id"])
    truth_aligned = {p for p in truth if p[0] in aligned}
    return {
        "predicted": len(predicted),
        "gold": len(truth),
        "precision": hit / max(len(predicted), 1),
        "recall": hit / max(len(truth), 1),
        "recall_aligned": len(predicted & truth_aligned) / max(len(truth_aligned), 1),
        "same_cluster_check": bool((cluster.reindex(gold["copy"]).notna()).all()),
    }


def _reach(copies: pd.DataFrame, alone_pairs: pd.DataFrame):
    """Articles an article may share text with by construction: itself, a copy's source and
    donors, and every PolNeAR article those already share a sentence with."""
    neighbours: dict[str, set[str]] = {}
    for a, b in zip(alone_pairs["article_a"], alone_pairs["article_b"], strict=True):
        neighbours.setdefault(a, set()).add(b)
    made = {row.copy_id: {row.source, *filter(None, row.donor.split(","))} for row in copies.itertuples()}

    def reach(article: str) -> set[str]:
        roots = made.get(article, {article})
        return set().union(*({r} | neighbours.get(r, set()) for r in roots))

    return reach


def polnear_edited(seed: int, n_copies: int) -> None:
    articles, sentences = read_polnear()
    copy_sentences, gold, copies = edited_copies(articles, sentences, n_copies, seed)
    corpus = pd.concat([sentences, copy_sentences], ignore_index=True)
    start = time.perf_counter()
    clustered, links, pairs = overlap.align(corpus)
    seconds = time.perf_counter() - start
    scores = link_scores(clustered, gold, copies)
    found = copies.merge(pairs, left_on=["copy_id", "source"], right_on=["article_a", "article_b"], how="left")
    # Expected share over the copy's sentences long enough to align (the denominator of share_a).
    counted = clustered[clustered["aligned"] & clustered["article_id"].isin(copies["copy_id"])]
    expected = counted["sentence_id"].isin(gold["copy"]).groupby(counted["article_id"]).mean()
    error = (found["share_a"].fillna(0) - found["copy_id"].map(expected)).abs()
    alone, _, alone_pairs = overlap.align(sentences)
    reach = _reach(copies, alone_pairs)
    unrelated = [(a, b) for a, b in zip(pairs["article_a"], pairs["article_b"], strict=True) if not reach(a) & reach(b)]
    wrong = _false_links(clustered, gold, copies)
    print(
        f"PolNeAR edited copies (seed {seed}): {len(articles)} articles + {n_copies} copies, {len(corpus):,} sentences, align {seconds:.1f} s"
    )
    print(
        f"  links source↔copy: predicted {scores['predicted']}, gold {scores['gold']}, precision {scores['precision']:.3f}, "
        f"recall {scores['recall']:.3f} (recall on sentences long enough to align {scores['recall_aligned']:.3f})"
    )
    print(
        f"  copies found: {found['share_a'].notna().mean():.3f}; |share_a - expected| mean {error.mean():.3f}, max {error.max():.3f}"
    )
    print(
        f"  article pairs linked: {len(pairs) // 2}; unrelated (not source/copy/donor, sources share nothing): {len(unrelated) // 2}"
    )
    print("  false source↔copy links, e.g.:", " | ".join(wrong[:4]))
    repeated = alone[alone["n_articles"] > 1].merge(articles, on="article_id")
    outlets = repeated.groupby("cluster_id")["publisher"].nunique()
    print(
        f"  PolNeAR alone: {len(repeated)} sentences in {repeated['cluster_id'].nunique()} clusters carried by 2+ articles; "
        f"{int((repeated['cluster_id'].map(outlets) > 1).sum())} of them across outlets; {len(alone_pairs) // 2} article pairs"
    )
    near = links[links["match"] == "near"]
    print(f"  links: {len(links)} ({len(near)} near)")


def min_tokens_table() -> None:
    """Cross-outlet recurrence of normalised PolNeAR sentences by length in words."""
    articles, sentences = read_polnear()
    keyed = sentences.merge(articles, on="article_id").assign(key=lambda f: overlap.normalized(f["text"]))
    keyed = keyed[keyed["key"].str.len() > 0]
    keyed = keyed.assign(words=keyed["key"].str.count(" ") + 1)
    outlets = keyed.groupby("key")["publisher"].nunique()
    keyed = keyed.assign(cross_outlet=keyed["key"].map(outlets) > 1)
    table = keyed.groupby(keyed["words"].clip(upper=12)).agg(
        sentences=("key", "size"), cross_outlet=("cross_outlet", "sum")
    )
    table = table.assign(rate=table["cross_outlet"] / table["sentences"])
    print("PolNeAR: normalised sentences recurring in another outlet, by words (12 = 12+)")
    print(table.to_string())
    examples = keyed[keyed["cross_outlet"]].drop_duplicates("key").sort_values("words")
    print("  examples:", "; ".join(examples["text"].head(12)))


def read_meter() -> pd.DataFrame:
    """METER sentences: story (domain/date/catchline), kind (PA/newspaper), file, text."""
    rows = []
    for path in sorted(METER.glob("*/rawtexts/*/*/*/*.txt")):
        kind, domain, date, catchline = path.parts[-6], path.parts[-4], path.parts[-3], path.parts[-2]
        text = (
            path.read_bytes()
            .decode("latin-1")
            .replace("\r", "")
            .replace("<\n", "\n")
            .replace("``", '"')
            .replace("''", '"')
        )
        if kind == "PA":
            lines = text.split("\n")
            text = "\n".join(lines[1:]) if lines and ":" in lines[0][:8] else text
        for _, start, end in sentence_spans(text):
            rows.append(
                {"story": f"{domain}/{date}/{catchline}", "kind": kind, "file": path.name, "text": text[start:end]}
            )
    return pd.DataFrame(rows)


def meter_thresholds(seed: int, sample: int = 300) -> None:
    """Best partial_ratio of each newspaper sentence against same-story PA vs other stories' PA."""
    from rapidfuzz import fuzz, process

    frame = read_meter().assign(key=lambda f: overlap.normalized(f["text"]))
    frame = frame[frame["key"].str.count(" ") + 1 >= overlap.MIN_TOKENS]
    pa, papers = frame[frame["kind"] == "PA"], frame[frame["kind"] == "newspapers"]
    rng = np.random.default_rng(seed)
    papers = papers.iloc[rng.choice(len(papers), size=min(4000, len(papers)), replace=False)]
    pa_by_story = {s: g["key"].tolist() for s, g in pa.groupby("story")}
    same, other = [], []
    pa_keys, pa_story = pa["key"].to_numpy(dtype=object), pa["story"].to_numpy(dtype=object)
    for story, group in papers.groupby("story"):
        queries = group["key"].tolist()
        if story in pa_by_story:
            same.append(_best(queries, pa_by_story[story], process, fuzz))
        pool = pa_keys[pa_story != story]
        picked = list(pool[rng.choice(len(pool), size=min(sample, len(pool)), replace=False)])
        other.append(_best(queries, picked, process, fuzz))
    same_scores, other_scores = np.concatenate(same), np.concatenate(other)
    print(
        f"METER: {len(papers)} newspaper sentences; best partial_ratio vs same-story PA / vs {sample} other-story PA sentences"
    )
    print("  threshold  same-story>=t  other-story>=t")
    for t in (0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.95):
        print(f"  {t:9.2f}  {np.mean(same_scores >= t):13.3f}  {np.mean(other_scores >= t):14.4f}")
    histogram, edges = np.histogram(same_scores, bins=np.linspace(0.4, 1.0, 13))
    print(
        "  same-story best-score histogram:", ", ".join(f"{e:.2f}:{h}" for e, h in zip(edges, histogram, strict=False))
    )


def _best(queries: list[str], choices: list[str], process, fuzz) -> np.ndarray:
    from rapidfuzz import fuzz as _fuzz  # noqa: F401  (scorer must be the C++ one)

    lengths_q = np.array([len(q) for q in queries])[:, None]
    lengths_c = np.array([len(c) for c in choices])[None, :]
    scores = process.cdist(queries, choices, scorer=fuzz.partial_ratio, workers=-1) / 100
    ratio = np.minimum(lengths_q, lengths_c) / np.maximum(lengths_q, lengths_c)
    return np.where(ratio >= overlap.MIN_LENGTH_RATIO, scores, 0).max(axis=1)


def scale(n_articles: int, seed: int) -> None:
    """align() on n_articles built from real sentences: PolNeAR, BBC, and edited copies."""
    articles, sentences = read_polnear()
    frames = [sentences]
    for number, path in enumerate(sorted(BBC.glob("*/*.txt"))):
        text = path.read_bytes().decode("latin-1")
        body = text.split("\n", 1)[1] if "\n" in text else text
        spans = sentence_spans(body)
        frames.append(
            pd.DataFrame(
                {
                    "sentence_id": [f"bbc{number:05d}:{i:04d}" for i in range(len(spans))],
                    "article_id": f"bbc{number:05d}",
                    "position": range(len(spans)),
                    "text": [body[s:e] for _, s, e in spans],
                }
            )
        )
    base = pd.concat(frames, ignore_index=True)
    n_base = base["article_id"].nunique()
    copy_sentences, _, _ = edited_copies(articles, sentences, max(n_articles - n_base, 0), seed)
    corpus = pd.concat([base, copy_sentences], ignore_index=True)
    # The build keeps the sentences table as contract dtypes (pyarrow-backed strings).
    corpus = corpus.astype({"sentence_id": "string", "article_id": "string", "text": "string"})
    # Measured in a fresh process that reads the sentences as the build holds them (Arrow
    # strings), so peak memory is the stage's own, not this generator's.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sentences.parquet"
        corpus.to_parquet(path, index=False)
        del base, frames, copy_sentences, sentences, corpus
        subprocess.run([sys.executable, __file__, "--align-only", str(path)], check=True)


def _rss_mb() -> float:
    """Current resident memory of this process (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def align_only(path: str) -> None:
    corpus = pd.read_parquet(path)
    before = _rss_mb()
    samples = [before]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            samples.append(_rss_mb())
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    clustered, links, pairs = overlap.align(corpus)
    seconds = time.perf_counter() - start
    running.clear()
    sampler.join()
    peak = max(samples)
    print(
        f"scale: {corpus['article_id'].nunique():,} articles, {len(corpus):,} sentences: align {seconds:.1f} s, "
        f"{len(corpus) / seconds:,.0f} sentences/s; peak RSS during align {peak:,.0f} MB (sentences loaded: {before:,.0f} MB); "
        f"{len(links):,} links, {len(pairs):,} overlap rows, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--scale", type=int, default=0, help="also time align() on this many articles")
    parser.add_argument("--align-only", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["edited", "tokens", "meter", "scale"], default=None)
    args = parser.parse_args(argv)
    if args.align_only:
        align_only(args.align_only)
        return
    if args.only in (None, "edited"):
        polnear_edited(args.seed, args.copies)
    if args.only in (None, "tokens"):
        min_tokens_table()
    if args.only in (None, "meter"):
        meter_thresholds(args.seed)
    if args.scale and args.only in (None, "scale"):
        scale(args.scale, args.seed)


if __name__ == "__main__":
    main()
