"""Outlets, publication dates and cleaning measured on real scrapes (no manifest, no metadata).

A CSV of scraped articles (``id,publisher,scrape_time,text``, paragraphs separated by ``###``:
the Helsinki summit scrape in ../shared/corpora/helsinki, or its census/spotify sets) is written
out as one plain ``.txt`` per article, named by its id only, into a temporary folder and built
as a user would (``build_corpus`` on the folder). The ``publisher`` and ``scrape_time`` columns
are hidden from the build and used as the gold:

- **outlet**: coverage (share of articles with a ``source``) and precision (share of those whose
  outlet is the publisher: names and domains compared without case, spaces, punctuation, a
  leading "the" and the domain's suffix; ``ALIASES`` maps the few brands whose name is not their
  domain). Pages of aggregators (``AGGREGATORS``: Yahoo News, Google News, CenturyLink) carry
  other outlets' stories, so their gold outlet is unknown: they are counted apart.
- **dates**: coverage (share of articles with ``published``), by ``date_source``, and the share
  of dated articles on a plausible day: not after the scrape, not more than ``STORY_DAYS``
  before it (the story's span).
- **titles**: how many articles have one, and the titles given to three or more articles (site
  furniture taken for a headline repeats across a site's pages; a wire story's headline repeats
  too). There is no gold title: read the list.
- **cleaning**: every input paragraph of ``MIN_PARAGRAPH_CHARS`` or more characters printed
  word for word by two or more publishers is shared reporting; the share of its occurrences
  found whole in the cleaned body of its article.

Run: ``python benchmarks/metadata.py [CSV ...]`` (default: the Helsinki scrape). The corpus is
never copied into the repository.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import boilerplate, build_corpus  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "helsinki" / "helsinki_articles.csv"
PARAGRAPH_MARK = "###"
MIN_PARAGRAPH_CHARS = 200
MIN_PUBLISHERS = 2
STORY_DAYS = 31
AGGREGATORS = ("yahoo", "news.google", "centurylink")
# Brands whose name is not their domain (annotated by hand from the sites).
ALIASES = {
    "chron": ("houstonchronicle",),
    "sfgate": ("sanfranciscochronicle",),
    "triblive": ("tribunereview", "pittsburghtribunereview"),
    "click2houston": ("kprc", "kprc2"),
    "clickondetroit": ("wdiv", "wdivclickondetroit", "local4"),
    "news4jax": ("wjxt", "news4jax"),
    "nola": ("timespicayune", "nolacomthetimespicayune"),
    "cnn": ("cablenewsnetwork",),
    "nytimes": ("newyorktimes",),
    "wsj": ("wallstreetjournal",),
    "bbc": ("bbcnews",),
    "dailymail": ("mailonline",),
    "usatoday": ("usatoday",),
}


def _key(name: str) -> str:
    name = name.lower().strip()
    name = re.sub(r"^https?://", "", name)
    name = re.sub(r"^www\.", "", name).split("/")[0]
    name = re.sub(r"\.(com|net|org|co\.uk|co|us|info)$", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def outlet_right(named: str, publisher: str) -> bool:
    gold = _key(publisher)
    found = _key(named)
    return bool(found) and (found == gold or found in ALIASES.get(gold, ()) or gold == found.removesuffix("news"))


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), " ")


def _normal(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


def _survives(paragraph: str, body: str) -> bool:
    """Whole in the body, or whole but for a dateline moved to the header (``MOSCOW (AP) —``)."""
    if paragraph in body:
        return True
    dateline = boilerplate.DATELINE_PREFIX.match(paragraph)
    return dateline is not None and paragraph[dateline.end() :] in body


def measure(csv_path: Path) -> dict:
    frame = pd.read_csv(csv_path, dtype={"id": str})
    frame["text"] = frame["text"].fillna("")
    with tempfile.TemporaryDirectory() as folder:
        for row in frame.itertuples():
            Path(folder, f"{row.id}.txt").write_text(row.text, encoding="utf-8")
        started = time.perf_counter()
        corpus = build_corpus([folder])
        seconds = time.perf_counter() - started
    articles = corpus.articles.assign(id=corpus.articles["path"].str.extract(r"([^/]+)\.txt$")[0])
    table = frame.merge(articles[["id", "source", "title", "published", "date_source", "body"]], on="id", how="left")
    aggregator = table["publisher"].str.contains("|".join(map(re.escape, AGGREGATORS)))
    named = table["source"].notna()
    right = [
        outlet_right(s, p) if isinstance(s, str) else False
        for s, p in zip(table["source"], table["publisher"], strict=True)
    ]
    table["outlet_right"] = right
    judged = named & ~aggregator
    scrape = pd.to_datetime(table["scrape_time"], utc=True).dt.tz_localize(None).dt.normalize()
    published = pd.to_datetime(table["published"])
    dated = published.notna()
    plausible = dated & (published <= scrape) & (published >= scrape - pd.Timedelta(days=STORY_DAYS))

    paragraphs: dict[str, set[str]] = {}
    for row in table.itertuples():
        for paragraph in row.text.split(PARAGRAPH_MARK):
            paragraph = _normal(paragraph)
            if len(paragraph) >= MIN_PARAGRAPH_CHARS:
                paragraphs.setdefault(paragraph, set()).add(row.publisher)
    shared = {p for p, publishers in paragraphs.items() if len(publishers) >= MIN_PUBLISHERS}
    occurrences = survived = 0
    lost = []
    for row in table.itertuples():
        body = _normal(row.body) if isinstance(row.body, str) else ""
        for paragraph in {_normal(p) for p in row.text.split(PARAGRAPH_MARK)} & shared:
            occurrences += 1
            if _survives(paragraph, body):
                survived += 1
            else:
                lost.append((row.id, row.publisher, paragraph[:100]))
    return {
        "corpus": csv_path.name,
        "articles": len(table),
        "built": int(table["body"].notna().sum()),
        "seconds": seconds,
        "named": int(named.sum()),
        "outlet_coverage": named.mean(),
        "judged": int(judged.sum()),
        "outlet_precision": table.loc[judged, "outlet_right"].mean() if judged.any() else float("nan"),
        "aggregator_named": int((named & aggregator).sum()),
        "wrong": table.loc[judged & ~table["outlet_right"], ["id", "publisher", "source"]].values.tolist(),
        "date_coverage": dated.mean(),
        "date_sources": table["date_source"].value_counts().to_dict(),
        "date_plausible": plausible.sum() / max(dated.sum(), 1),
        "implausible": table.loc[dated & ~plausible, ["id", "publisher", "published", "scrape_time"]].values.tolist(),
        "titled": int(table["title"].notna().sum()),
        # site furniture shows up as the same "title" on many pages of one site: the most repeated
        "repeated_titles": table["title"].value_counts().loc[lambda counts: counts >= 3].to_dict(),
        "shared_paragraphs": occurrences,
        "survival": survived / max(occurrences, 1),
        "lost": lost,
    }


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [DEFAULT]
    for path in paths:
        if not path.exists():
            sys.exit(f"corpus not found: {path}")
        found = measure(path)
        print(
            f"{found['corpus']}: {found['articles']} articles ({found['built']} built, {found['seconds']:.0f} s)\n"
            f"  outlet: named {found['named']} ({found['outlet_coverage']:.1%} coverage); "
            f"right {found['outlet_precision']:.1%} of {found['judged']} judged "
            f"({found['aggregator_named']} named on aggregator pages, not judged)\n"
            f"  dates: {found['date_coverage']:.1%} dated {found['date_sources']}; "
            f"{found['date_plausible']:.1%} of them on a plausible day\n"
            f"  cleaning: {found['survival']:.2%} of {found['shared_paragraphs']} shared reporting paragraphs survive\n"
            f"  titles: {found['titled']} of {found['articles']} articles have one; given to 3 or more articles: "
            + "; ".join(f"{title!r} ({count})" for title, count in found["repeated_titles"].items())
        )
        for label in ("wrong", "implausible", "lost"):
            for item in found[label][:40]:
                print(f"    {label}: {item}")


if __name__ == "__main__":
    main(sys.argv[1:])
