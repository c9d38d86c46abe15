"""Speakers: aliases merged across the corpus, with role, counts and tone.

``speakers(quotes)`` gives (quotes with a canonical ``speaker``, one row per canonical speaker).
Merging rule (after the Gender Gap Tracker's name merging): a person's name is canonicalised to
the longest full name in the corpus that ends with it (``Stoltenberg`` → ``Jens Stoltenberg``)
when exactly one such full name exists; otherwise it stays as written. Descriptions
(``a senior European diplomat``) and unresolved pronouns are their own speakers, compared
case-insensitively without a leading article. ``aliases`` lists every name and mention that
was merged; ``role`` is the most frequent role given with the speaker; ``polarity`` is the mean
TextBlob polarity of the speaker's quotes.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .. import schema
from . import rules

NAME_WORD = re.compile(r"^[A-Z][\w’'\-.]*$")
NAME_PARTICLES = frozenset(rules.NAME_PARTICLES)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def speakers(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with canonical ``speaker``, one row per canonical speaker)."""
    if quotes.empty or "speaker" not in quotes.columns:
        return quotes, schema.empty(schema.SPEAKERS)
    written = [
        s if isinstance(s, str) else None
        for s in quotes["speaker"].astype(object).where(quotes["speaker"].notna(), None)
    ]
    canonical = canonical_names({s for s in written if s})
    merged = [canonical.get(s, s) if s else None for s in written]
    mentions = _column(quotes, "speaker_mention")
    roles = _column(quotes, "role")
    polarity = (
        pd.to_numeric(quotes["polarity"], errors="coerce").tolist()
        if "polarity" in quotes.columns
        else [None] * len(quotes)
    )
    articles = _column(quotes, "article_id")
    groups: dict[str, dict] = {}
    for i, speaker in enumerate(merged):
        if speaker is None:
            continue
        group = groups.setdefault(
            speaker, {"aliases": set(), "roles": Counter(), "n": 0, "articles": set(), "tone": []}
        )
        group["aliases"].update(a for a in (written[i], mentions[i]) if a)
        if roles[i]:
            group["roles"][roles[i]] += 1
        group["n"] += 1
        group["articles"].add(articles[i])
        if polarity[i] is not None and polarity[i] == polarity[i]:
            group["tone"].append(polarity[i])
    rows = [
        {
            "speaker": speaker,
            "aliases": sorted(g["aliases"]),
            "role": g["roles"].most_common(1)[0][0] if g["roles"] else None,
            "n_quotes": g["n"],
            "n_articles": len(g["articles"]),
            "polarity": sum(g["tone"]) / len(g["tone"]) if g["tone"] else None,
        }
        for speaker, g in sorted(groups.items())
    ]
    named = quotes.assign(speaker=pd.array(merged, dtype="string"))
    return named, schema.conform(pd.DataFrame(rows, columns=list(schema.SCHEMAS[schema.SPEAKERS])), schema.SPEAKERS)


def _column(frame: pd.DataFrame, column: str) -> list:
    if column not in frame.columns:
        return [None] * len(frame)
    values = frame[column].astype(object)
    return [v if isinstance(v, str) else None for v in values.where(values.notna(), None)]


def canonical_names(names) -> dict[str, str]:
    """Map each speaker name to its canonical form (see the module docstring)."""
    names = sorted(set(names))
    full_by_last: dict[str, set[str]] = {}
    for name in names:
        if _is_name(name) and len(name.split()) >= 2:
            full_by_last.setdefault(name.split()[-1], set()).add(name)
    mapping: dict[str, str] = {}
    for name in names:
        if not _is_name(name):
            mapping[name] = LEADING_ARTICLE.sub("", name).strip() or name
            continue
        words = name.split()
        longer = {f for f in full_by_last.get(words[-1], ()) if f != name and f.split()[-len(words) :] == words}
        longest = {f for f in longer if not any(g != f and g.endswith(" " + f) for g in longer)}
        mapping[name] = next(iter(longest)) if len(longest) == 1 else name
    return mapping


def _is_name(name: str) -> bool:
    words = name.split()
    return bool(words) and all(NAME_WORD.match(w) or w in NAME_PARTICLES for w in words)
