"""Speakers measured on the Helsinki corpus: canonical-speaker accuracy on a hand-made gold,
rows per person for the most quoted people, junk among the most quoted speakers.

    python benchmarks/speakers.py [--corpus ../shared/corpora/helsinki/helsinki_articles.csv]

The Helsinki corpus (612 articles from 75 outlets on the 2018 Trump–Putin summit; CSV
``id,publisher,scrape_time,text`` with `` ### `` between paragraphs) is written as a CSV with
``source``/``text`` columns and built with the real pipeline (``build_corpus``).

- **Gold** (``tests/fixtures/helsinki_speakers_gold.csv``): 180 quotation rows drawn at random
  (``DataFrame.sample(n=180, random_state=15)``) from the quotes table the pipeline gave before
  the speaker work, each with the canonical speaker written from reading the article (before
  looking at the pipeline's speaker). ``-`` marks a row that is no quotation (a title, a
  caption, narrative); alternatives are separated by ``|``. A row is right when the build has
  a quotation of that article whose text holds the excerpt and whose ``speaker`` is one of the
  alternatives (case, a leading ``the`` and apostrophe forms aside); a ``-`` row is right when
  no such quotation of the same kind is left, or it has no speaker.
- **Rows per person**: for the 20 speakers with the most quotes, how many rows of ``speakers``
  carry a name ending with their surname and sharing their first name (or none) — one is right.
- **Junk among the top 100**: speakers that are a pronoun, a fragment or a place (see
  ``junk_reason``), as a share of the 100 most quoted.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import build_corpus  # noqa: E402
from data_pipeline.quotes import normalized_quote  # noqa: E402

HELSINKI = ROOT.parent / "shared" / "corpora" / "helsinki" / "helsinki_articles.csv"
GOLD = ROOT / "tests" / "fixtures" / "helsinki_speakers_gold.csv"
NOT_A_QUOTE = "-"
TOP_PEOPLE = 20
TOP_SPEAKERS = 100
PRONOUNS = frozenset("he she it they we i you his her him them their its this that who".split())
FUNCTION_WORDS = frozenset("of and or but to in on at for with by from the a an as that's".split())
ROLE_HEADS = frozenset("president spokesman spokeswoman minister ambassador secretary adviser senator".split())
# A paper named after its city (`Washington Post`, `Moscow Times`) is a name, not a place before one.
NEWSPAPER_WORDS = frozenset("post times journal herald tribune news telegraph guardian star globe examiner".split())
PLACES = frozenset(
    "washington moscow russia america helsinki finland arizona london britain europe china ukraine "
    "syria crimea brussels texas kremlin".split()
)


def helsinki_csv(source: Path, folder: Path) -> Path:
    """The Helsinki CSV rewritten with ``source``/``text`` columns and blank lines between paragraphs."""
    csv.field_size_limit(sys.maxsize)
    target = folder / "helsinki.csv"
    with source.open(encoding="utf-8", newline="") as inp, target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "source", "text"])
        for row in csv.DictReader(inp):
            writer.writerow([row["id"], row["publisher"], row["text"].replace(" ### ", "\n\n")])
    return target


def gold_rows(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _same(a: str | None, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"^the\s+", "", (s or "").casefold().replace("’", "'").strip())

    return bool(a) and norm(a) == norm(b)


def score(gold: list[dict], quotes, articles) -> dict:
    """Canonical-speaker accuracy of ``quotes`` against ``gold`` (see the module docstring)."""
    path_of = dict(zip(articles["article_id"], articles["path"].str.rsplit("/", n=1).str[-1], strict=True))
    found = quotes.assign(key=quotes["article_id"].map(path_of), norm=quotes["text"].fillna("").map(normalized_quote))
    by_key = {key: group for key, group in found.groupby("key")}
    right, wrong = 0, []
    for g in gold:
        want = normalized_quote(g["quote"])
        group = by_key.get(g["article"])
        hits = [] if group is None else [r for r in group.itertuples(index=False) if want and want in r.norm]
        hits.sort(key=lambda r: r.kind != g["kind"])
        options = g["speaker"].split("|")
        speakers = [r.speaker if isinstance(r.speaker, str) else None for r in hits]
        if any(any(_same(s, o) for o in options) for s in speakers):
            ok = True
        elif NOT_A_QUOTE in options:  # that span is no quotation (an indirect report around it may be)
            ok = all(s is None for s, r in zip(speakers, hits, strict=True) if r.kind == g["kind"])
        else:
            ok = False
        right += ok
        if not ok:
            wrong.append((g["article"], g["quote"][:60], g["speaker"], speakers[:1]))
    return {"n": len(gold), "right": right, "accuracy": right / len(gold) if gold else 0.0, "wrong": wrong}


def junk_reason(name: str) -> str | None:
    """Why a speaker name is junk — ``pronoun``, ``fragment`` (starts or ends with a function
    word, ends with a possessive), ``place`` (alone or before a name), ``unresolved role`` (``president``)
    — or None. A single lower-case word otherwise (``source``, ``investigators``) is a description,
    reported apart as ``lone word`` for a reader to judge."""
    words = name.replace("’", "'").split()
    low = [w.casefold() for w in words]
    if not words:
        return "fragment"
    if len(words) == 1 and low[0] in PRONOUNS:
        return "pronoun"
    if low[0] in PRONOUNS | FUNCTION_WORDS - {"the", "a", "an"} or low[-1] in FUNCTION_WORDS | PRONOUNS:
        return "fragment"
    if low[-1].endswith("'s"):
        return "fragment"
    if len(words) == 1 and low[0].rstrip(".") in PLACES - {"kremlin"}:
        return "place"
    if (
        words[0][:1].isupper()
        and low[0] in PLACES
        and len(words) > 1
        and words[1][:1].isupper()
        and low[-1] not in NEWSPAPER_WORDS
    ):
        return "place before a name"
    if len(words) == 1 and low[0] in ROLE_HEADS:
        return "unresolved role"
    if len(words) == 1 and name[:1].islower():
        return "lone word"
    return None


def people_rows(speakers) -> list[tuple[str, int, int]]:
    """(speaker, n_quotes, rows of the table naming the same person) for the most quoted people."""
    named = speakers[speakers["speaker_type"] == "person"] if "speaker_type" in speakers.columns else speakers
    top = named.sort_values("n_quotes", ascending=False).head(TOP_PEOPLE)
    names = [s for s in speakers["speaker"].dropna()]
    out = []
    for speaker, n in zip(top["speaker"], top["n_quotes"], strict=True):
        words = speaker.split()
        first, last = words[0], words[-1]
        same = [
            s
            for s in names
            if s.split()[-1] == last
            and (len(s.split()) == 1 or s.split()[0] == first or len(words) == 1)
            and not s.startswith(("Mrs", "Ms", "Melania"))
        ]
        out.append((speaker, int(n), len(same)))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HELSINKI)
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"Helsinki corpus not found at {args.corpus}")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        corpus = build_corpus([helsinki_csv(args.corpus, Path(folder))])
        seconds = time.perf_counter() - started
    result = score(gold_rows(), corpus.quotes, corpus.articles)
    print(f"Helsinki: {len(corpus.articles)} articles, {len(corpus.quotes)} quotes, build {seconds:.0f} s")
    print(f"canonical speaker accuracy on the gold: {result['right']}/{result['n']} = {result['accuracy']:.3f}")
    if args.show_wrong:
        for row in result["wrong"]:
            print("  wrong:", row)
    print(f"rows of `speakers` per person, {TOP_PEOPLE} most quoted people:")
    rows = people_rows(corpus.speakers)
    for speaker, n, same in rows:
        print(f"  {speaker:30} {n:5} quotes  {same} row(s)")
    top = corpus.speakers.sort_values("n_quotes", ascending=False).head(TOP_SPEAKERS)
    flagged = [(s, junk_reason(s)) for s in top["speaker"] if junk_reason(s)]
    junk = [(s, r) for s, r in flagged if r != "lone word"]
    print(f"junk among the {TOP_SPEAKERS} most quoted speakers: {len(junk)} ({len(junk) / max(1, len(top)):.2f})")
    for speaker, reason in flagged:
        print(f"  {speaker!r}: {reason}")
    unresolved = corpus.quotes["speaker"].isna().sum()
    print(f"quotes with no resolved speaker: {unresolved} of {len(corpus.quotes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
