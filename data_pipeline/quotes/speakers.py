"""Speakers: one canonical speaker per real-world speaker across the corpus, with type, role,
counts and tone.

``speakers(quotes)`` gives (quotes with a canonical ``speaker``, one row per canonical speaker).

- **Names** (after the Gender Gap Tracker's name merging, made corpus-aware): a surname alone or
  with a title (``Trump``, ``Mr. Trump``, ``President Trump``) joins the full name the corpus
  quotes most with that surname (``Donald Trump``), when it has DOMINANT_NAME_RATIO times the
  quotes of the next one; otherwise it stays as written. Full names never join another first
  name; a suffix (``Trump Jr.``) joins only a full name with that suffix; ``Mrs.``/``Ms.`` never
  join the full name the men's mentions (bare or ``Mr.``) joined, and stay ``Mrs. Trump`` when
  no other full name fits (or when no men's mention tells which full name is the man's). Full names differing only by middle initials join the most quoted.
- **Role descriptions** (``the president``, ``the Kremlin spokesman``) become the person the
  article, else the corpus, names with that role (see ``roles``).
- **Pronouns and fragments** name nobody: ``speaker`` null, ``speaker_mention`` kept.
- ``speaker_type``: ``person`` / ``organisation`` / ``anonymous`` (descriptions such as
  ``senior European diplomat``), the most frequent type among the speaker's quotes.

``aliases`` lists every name and mention merged; ``role`` is the most frequent role given with
the speaker; ``polarity`` is the mean TextBlob polarity of the speaker's quotes.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .. import schema
from . import roles, rules
from .phrases import NON_NAME_PRONOUNS, is_junk, speaker_type

NAME_WORD = re.compile(r"^[A-Z][\w’'\-.]*$")
NAME_PARTICLES = frozenset(rules.NAME_PARTICLES)
NAME_SUFFIXES = frozenset(s.rstrip(".") for s in rules.NAME_SUFFIXES)
MALE_HONORIFICS = frozenset(rules.MALE_HONORIFICS)
FEMALE_HONORIFICS = frozenset(rules.FEMALE_HONORIFICS)
ORGANISATION_OF = re.compile(r"^(Department|Ministry|Office|Bureau) of (?:the )?([A-Z][\w ]+)$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def speakers(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with canonical ``speaker`` and ``speaker_type``, one row per canonical speaker)."""
    if quotes.empty or "speaker" not in quotes.columns:
        return quotes, schema.empty(schema.SPEAKERS)
    mentions = _column(quotes, "speaker_mention")
    roles_given = _column(quotes, "role")
    articles = _column(quotes, "article_id")
    written = [_written(s, m) for s, m in zip(_column(quotes, "speaker"), mentions, strict=True)]
    counts = Counter(s for s in written if s)
    canonical = canonical_names(counts, counts)
    merged = [canonical.get(s, s) if s else None for s in written]
    types = [speaker_type(s, r) if s else None for s, r in zip(merged, roles_given, strict=True)]
    merged, types = _resolve_descriptions(merged, types, mentions, roles_given, articles)
    merged, types = _pronoun_sex_agrees(merged, types, mentions)
    polarity = (
        pd.to_numeric(quotes["polarity"], errors="coerce").tolist()
        if "polarity" in quotes.columns
        else [None] * len(quotes)
    )
    groups: dict[str, dict] = {}
    for i, speaker in enumerate(merged):
        if speaker is None:
            continue
        group = groups.setdefault(
            speaker, {"aliases": set(), "roles": Counter(), "n": 0, "articles": set(), "tone": [], "types": Counter()}
        )
        group["aliases"].update(a for a in (written[i], mentions[i]) if a)
        if roles_given[i]:
            group["roles"][roles_given[i]] += 1
        group["n"] += 1
        group["articles"].add(articles[i])
        group["types"][types[i]] += 1
        if polarity[i] is not None and polarity[i] == polarity[i]:
            group["tone"].append(polarity[i])
    kind = {speaker: g["types"].most_common(1)[0][0] for speaker, g in groups.items()}
    rows = [
        {
            "speaker": speaker,
            "aliases": sorted(g["aliases"]),
            "role": g["roles"].most_common(1)[0][0] if g["roles"] else None,
            "n_quotes": g["n"],
            "n_articles": len(g["articles"]),
            "polarity": sum(g["tone"]) / len(g["tone"]) if g["tone"] else None,
            "speaker_type": kind[speaker],
        }
        for speaker, g in sorted(groups.items())
    ]
    named = quotes.assign(
        speaker=pd.array(merged, dtype="string"),
        speaker_type=pd.array([kind.get(s) if s else None for s in merged], dtype="string"),
    )
    return named, schema.conform(pd.DataFrame(rows, columns=list(schema.SCHEMAS[schema.SPEAKERS])), schema.SPEAKERS)


def _column(frame: pd.DataFrame, column: str) -> list:
    if column not in frame.columns:
        return [None] * len(frame)
    values = frame[column].astype(object)
    return [_visible(v) if isinstance(v, str) else None for v in values.where(values.notna(), None)]


def _visible(text: str) -> str:
    """Without zero-width, bidirectional-override and soft-hyphen characters."""
    return _INVISIBLE.sub("", text).strip()


def _written(speaker: str | None, mention: str | None) -> str | None:
    """The speaker as written, a female honorific kept (``Mrs. Trump``); pronouns and fragments: None."""
    if not speaker or speaker.lower() in NON_NAME_PRONOUNS or is_junk(speaker):
        return None
    words = (mention or "").split()
    honorific = next((w for w in words if w in FEMALE_HONORIFICS), None)
    if honorific and _is_name(speaker) and len(speaker.split()) == 1:
        return f"{honorific.rstrip('.')}. {speaker}" if honorific != "Miss" else f"Miss {speaker}"
    return speaker


def _parts(name: str) -> tuple[str | None, list[str], str | None]:
    """(honorific, name words, suffix) of a person's name."""
    words = name.split()
    honorific = words[0] if words[0] in MALE_HONORIFICS | FEMALE_HONORIFICS else None
    words = words[1:] if honorific else words
    suffix = words[-1].rstrip(".") if len(words) > 1 and words[-1].rstrip(".") in NAME_SUFFIXES else None
    return honorific, (words[:-1] if suffix else words), suffix


def _dominant(candidates: list[str], counts: Counter) -> str | None:
    ranked = sorted(candidates, key=lambda c: (-counts[c], c))
    if not ranked:
        return None
    if len(ranked) == 1 or counts[ranked[0]] >= rules.DOMINANT_NAME_RATIO * counts[ranked[1]]:
        return ranked[0]
    return None


def canonical_names(names, counts=None) -> dict[str, str]:
    """Map each speaker name to its canonical form (see the module docstring); ``counts`` gives
    each name's number of quotes (all equal when not given)."""
    names = sorted(set(names))
    counts = Counter(counts or {n: 1 for n in names})
    full: dict[tuple[str, str | None], list[str]] = {}
    for name in names:
        if _is_name(name):
            honorific, words, suffix = _parts(name)
            if honorific is None and len(words) >= 2:
                full.setdefault((words[-1], suffix), []).append(name)
    # full names that differ only by middle names or initials (`Vladimir V. Putin`) join the most quoted
    variant: dict[str, str] = {}
    for group in full.values():
        by_first: dict[str, list[str]] = {}
        firsts = {name.split()[0].lower(): name.split()[0] for name in group}
        for name in group:
            given = "".join(_parts(name)[1][:-1]).lower()  # `Kirst Jen Nielsen` is `Kirstjen Nielsen`
            by_first.setdefault(firsts.get(given, name.split()[0]), []).append(name)
        for same in by_first.values():
            best = sorted(same, key=lambda n: (-counts[n], len(n), n))[0]
            variant.update({n: best for n in same})
    weight = Counter()
    for name, best in variant.items():
        weight[best] += counts[name]
    mapping: dict[str, str] = {}
    male_choice: dict[str, str] = {}
    for name in names:
        if not _is_name(name):
            continue
        honorific, words, suffix = _parts(name)
        if len(words) >= 2 and honorific is None:
            mapping[name] = variant.get(name, name)
        elif len(words) == 1 and honorific not in FEMALE_HONORIFICS:
            candidates = sorted({variant[c] for c in full.get((words[0], suffix), [])})
            chosen = _dominant(candidates, weight)
            mapping[name] = chosen or name
            if chosen:
                male_choice[words[0]] = chosen
    for name in names:
        if name in mapping:
            continue
        if not _is_name(name):
            mapping[name] = LEADING_ARTICLE.sub("", name).strip() or name
            continue
        honorific, words, suffix = _parts(name)
        if honorific in FEMALE_HONORIFICS and len(words) == 1 and words[0] in male_choice:
            # only once the men's mentions have named their person can the others be told apart
            candidates = sorted({variant[c] for c in full.get((words[0], suffix), [])} - {male_choice[words[0]]})
            mapping[name] = _dominant(candidates, weight) or name
        else:
            mapping[name] = name
    for name in names:
        inverted = ORGANISATION_OF.match(
            LEADING_ARTICLE.sub("", name)
        )  # `Department of Justice` = `Justice Department`
        other = f"{inverted.group(2)} {inverted.group(1)}" if inverted else None
        if other in counts:
            mapping[name] = mapping[other] = max((mapping[name], other), key=lambda n: (counts[n], n))
    return mapping


def _pronoun_sex_agrees(merged, types, mentions):
    """A `she` resolved to someone the corpus calls `he` PRONOUN_AGREEMENT_RATIO times as often (and at
    least MIN_PRONOUN_QUOTES times) is a wrong resolution: nobody (and `he` for a woman likewise)."""
    told: dict[str, Counter] = {}
    for speaker, mention in zip(merged, mentions, strict=True):
        pronoun = (mention or "").lower()
        if speaker and pronoun in ("he", "she"):
            told.setdefault(speaker, Counter())[pronoun] += 1
    merged, types = list(merged), list(types)
    for i, (speaker, mention) in enumerate(zip(merged, mentions, strict=True)):
        pronoun = (mention or "").lower()
        if not speaker or pronoun not in ("he", "she"):
            continue
        other = told[speaker]["she" if pronoun == "he" else "he"]
        if other >= rules.MIN_PRONOUN_QUOTES and other >= rules.PRONOUN_AGREEMENT_RATIO * told[speaker][pronoun]:
            merged[i], types[i] = None, None
    return merged, types


def _resolve_descriptions(merged, types, mentions, roles_given, articles):
    """Role descriptions (``the president``) to the person the article, else the corpus, names so."""
    corpus: dict[str, Counter] = {}
    by_article: dict[str, dict[str, Counter]] = {}
    for speaker, kind, role, article in zip(merged, types, roles_given, articles, strict=True):
        key = roles.role_key(role) if kind == "person" else None
        if key is not None:
            corpus.setdefault(speaker, Counter())[key] += 1
            by_article.setdefault(article, {}).setdefault(speaker, Counter())[key] += 1
    merged, types = list(merged), list(types)
    for i, (speaker, kind, mention) in enumerate(zip(merged, types, mentions, strict=True)):
        if speaker is None or kind != "anonymous" or not roles.is_description(mention):
            continue
        key = roles.role_key(mention)
        found = roles.holder(key, by_article.get(articles[i], {})) or roles.holder(key, corpus)
        if found is not None:
            merged[i], types[i] = found, "person"
        elif len(LEADING_ARTICLE.sub("", mention).split()) == 1:
            merged[i], types[i] = None, None  # `the president` no one holds here: like a pronoun, nobody
    return merged, types


def _is_name(name: str) -> bool:
    words = name.split()
    return bool(words) and all(NAME_WORD.match(w) or w in NAME_PARTICLES for w in words)
