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

import pandas as pd

from . import schema

NAME_WORD = re.compile(r"^[A-Z][\w’'\-.]*$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def speakers(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with canonical ``speaker``, one row per canonical speaker)."""
    if quotes.empty or "speaker" not in quotes.columns:
        return quotes, schema.empty(schema.SPEAKERS)
    canonical = canonical_names(quotes["speaker"].dropna().astype(str).unique())
    named = quotes.assign(speaker=quotes["speaker"].map(lambda s: canonical.get(s, s) if isinstance(s, str) else s))
    rows = []
    for speaker, group in named.dropna(subset=["speaker"]).groupby("speaker", sort=True):
        aliases = sorted({str(v) for v in [*quotes.loc[group.index, "speaker"].dropna(), *group["speaker_mention"].dropna()]})
        roles = group["role"].dropna() if "role" in group.columns else pd.Series(dtype="string")
        rows.append(
            {
                "speaker": speaker,
                "aliases": aliases,
                "role": roles.value_counts().index[0] if len(roles) else None,
                "n_quotes": len(group),
                "n_articles": group["article_id"].nunique(),
                "polarity": group["polarity"].astype("float64").mean(),
            }
        )
    return named, schema.conform(pd.DataFrame(rows, columns=list(schema.SCHEMAS[schema.SPEAKERS])), schema.SPEAKERS)


def canonical_names(names) -> dict[str, str]:
    """Map each speaker name to its canonical form (see the module docstring)."""
    people = [n for n in names if _is_name(n)]
    full = [n for n in people if len(n.split()) >= 2]
    mapping: dict[str, str] = {}
    for name in names:
        if not _is_name(name):
            mapping[name] = LEADING_ARTICLE.sub("", name).strip()
            continue
        longer = {f for f in full if f != name and f.split()[-len(name.split()) :] == name.split()}
        longest = {f for f in longer if not any(g != f and g.endswith(" " + f) for g in longer)}
        mapping[name] = next(iter(longest)) if len(longest) == 1 else name
    return mapping


def _is_name(name: str) -> bool:
    words = name.split()
    return bool(words) and all(NAME_WORD.match(w) or w in ("de", "der", "von", "van", "la", "le", "da", "di", "bin", "al") for w in words)
