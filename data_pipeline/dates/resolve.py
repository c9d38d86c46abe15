"""Dates: temporal expressions found and resolved; the events table.

Part of the dates stage (``data_pipeline.dates``): the rule tables are in ``rules``,
publication dates (stated, manifest, inferred) in ``publication``.

``events(articles, sentences)`` has one row per temporal expression resolved against the
article's date (weekdays, today/yesterday, last/next week, month names, years, explicit dates),
with its granularity: ``day``, ``week`` (Monday of that week: "next week"), ``month`` or ``year``.

Library or own rules. Metadata date strings of any layout (other languages included) that are
neither ISO nor an English day-month-year go to dateparser, a maintained library, which is right
for them (day, month and year required; ``7 janvier 2022`` → 7 Jan 2022). Dates written in the
text with day, month and year are read by our patterns and checked by ``datetime.date``
(dateparser spends seconds rejecting ``Feb 30, 2022``). dateparser is wrong for news-relative
expressions, so those follow our own rules (cases measured with dateparser 1.x, base Friday
7 Jan 2022): a bare ``Friday`` with past preference gives 31 Dec 2021, the week before, and
``on Monday`` gives 3 Jan whatever the tense (the talks "set to" happen on Monday are 10 Jan);
``December`` gives Dec 2022 by default (an article of January 2022 speaking of December means
2021); ``next week`` gives a day (+7 days) where the text names a week; ``late last year`` gives
None after 2 s; ``01/02/2022`` is silently read month-first. Our rules follow the news convention
(AP style: weekday names for days within a week of publication): a weekday in a past-tense
clause is the most recent such day, the publication day included; in a future-tense clause the
next one; when the clause shows no tense, the nearest one. Every sentence is first gated by one
regular expression, so sentences without a date-like word cost one regex search and no parser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import schema
from ..settings import ID_LENGTH
from .rules import (
    AMOUNTS,
    CLAUSE_BREAK,
    COLUMN_GATE,
    DAY,
    DAYS_PER_WEEK,
    EXPLICIT_KINDS,
    FOUR_DIGITS,
    FUTURE,
    FUTURE_BEFORE_ONLY,
    FUTURE_MODIFIERS,
    FUTURE_WORDS,
    GATE,
    HALF_YEAR_MONTHS,
    IRREGULAR_PAST,
    LOWER_NEEDLES,
    MAX_DATE_STRING_CHARS,
    MAX_YEAR,
    MENTION_CACHE_SIZE,
    METADATA_LANGUAGES,
    MIN_YEAR,
    MONTH,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MONTHS_PER_YEAR,
    NAMED_DAY,
    NEAREST_WEEKDAY_REACH,
    NEEDLES,
    NOT_INFINITIVE,
    NOT_PAST_ED,
    PASSIVE_AUX,
    PAST,
    PAST_MODIFIERS,
    PATTERN_CHOICE_CACHE_SIZE,
    REGEX_NEEDLES,
    RELATIVE_DAY_OFFSET,
    RELATIVE_STEP,
    RULES,
    SLICE_ROWS,
    TENSE_WINDOW_CHARS,
    TEXT_NEEDLES,
    TOKEN,
    UNKNOWN,
    WEEK,
    WEEKDAYS,
    YEAR,
    Needle,
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One temporal expression of a text: where, what kind, what it names, and its tense."""

    expression: str
    start: int
    end: int
    kind: str
    tense: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None
    modifier: str | None = None
    offset: int | None = None


@dataclass(frozen=True)
class Resolved:
    """A mention resolved against a publication date."""

    mention: Mention
    date: dt.date
    granularity: str


# ---------------------------------------------------------------------------------------------
# Extraction


def mentions(text: object) -> tuple[Mention, ...]:
    """The temporal expressions of ``text`` (any object; non-strings have none), in text order."""
    if not isinstance(text, str) or not GATE.search(text):
        return ()
    return _mentions(text)


@lru_cache(maxsize=MENTION_CACHE_SIZE)
def _mentions(text: str) -> tuple[Mention, ...]:
    taken = bytearray(len(text))  # 1 where a mention lies: the test per match is its own length
    found: list[Mention] = []
    for kind, pattern in _patterns_to_run(text):
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            mention = _mention(kind, match, text)
            if mention is not None:
                taken[start:end] = b"\x01" * (end - start)
                found.append(mention)
    return tuple(sorted(found, key=lambda m: m.start))


def _patterns_to_run(text: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The rules' patterns whose needles (derived from their pieces, ``rules.RULES``) are all
    found in ``text``."""
    lowered = text.lower()
    hits = [word for word in TEXT_NEEDLES if word in text]
    hits += [word for word in LOWER_NEEDLES if word in lowered]
    hits += [needle.pattern for needle in REGEX_NEEDLES if needle.search(text) is not None]
    return _patterns_for(frozenset(hits), FOUR_DIGITS.search(text) is not None)


@lru_cache(maxsize=PATTERN_CHOICE_CACHE_SIZE)
def _patterns_for(hits: frozenset[str], four_digits: bool) -> tuple[tuple[str, re.Pattern], ...]:
    present = {needle.name for needle in NEEDLES if _found(needle, hits, four_digits)}
    return tuple((rule.kind, rule.pattern) for rule in RULES if all(n.name in present for n in rule.needles))


def _found(needle: Needle, hits: frozenset[str], four_digits: bool) -> bool:
    if needle.where == "four_digits":
        return four_digits
    if needle.where == "regex":
        return needle.regex.pattern in hits
    return not hits.isdisjoint(needle.words)


def _mention(kind: str, match: re.Match, text: str) -> Mention | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    modifier = " ".join(groups.get("modifier", "").lower().split()) or None
    start, end = match.span()
    expression = match.group(0).strip()
    fields: dict = {"modifier": modifier}
    if "weekday" in groups:
        fields["weekday"] = WEEKDAYS.index(groups["weekday"].lower())
    if "month" in groups:
        month = groups["month"]
        fields["month"] = int(month) if month.isdigit() else MONTHS[month.rstrip(".").lower()]
    if "day" in groups:
        fields["day"] = int(groups["day"])
    if "year" in groups:
        fields["year"] = int(groups["year"])
        if not MIN_YEAR <= fields["year"] <= MAX_YEAR:
            return None
    if "relative" in groups:
        fields["relative"] = groups["relative"].lower()
    if kind == "weekday" and NAMED_DAY.search(text, 0, start):
        return None  # "Super Tuesday", "Black Friday": a named day, not a weekday reference
    if kind == "ago":
        amount = groups["amount"].lower()
        fields["offset"] = int(amount) if amount.isdigit() else AMOUNTS[amount]
        fields["relative"] = groups["unit"].lower()
    if kind == "numeric":
        fields |= _numeric_day_month(int(groups["a"]), int(groups["b"]), groups["separator"])
    if kind == "month" and groups["month"].rstrip(".") in MONTH_ABBREVIATIONS:
        return None  # a bare abbreviation without a day is more often a name ("Dec", "Jan") than a month
    tense = _tense(text, start, end, modifier, bool(groups.get("possessive")))
    return Mention(expression=expression, start=start, end=end, kind=kind, tense=tense, **fields)


def _numeric_day_month(a: int, b: int, separator: str) -> dict:
    """Day and month of ``a/b/yyyy``: settled only when one part cannot be a month or both agree.

    ``01/02/2022`` is 1 February in Europe and 2 January in the US: left null (day/month None).
    Dots are day-first (``07.01.2022``: the German/European convention; US dates use slashes).
    """
    if a == b or (a > MONTHS_PER_YEAR and b <= MONTHS_PER_YEAR) or (separator == "." and b <= MONTHS_PER_YEAR):
        return {"day": a, "month": b}
    if b > MONTHS_PER_YEAR and a <= MONTHS_PER_YEAR:
        return {"day": b, "month": a}
    return {"day": None, "month": None}


def _tense(text: str, start: int, end: int, modifier: str | None, possessive: bool) -> str:
    """Past, future or unknown for the mention at ``text[start:end]``.

    The modifier decides first (``last``, ``since`` → past; ``next``, ``by`` → future). A possessive
    weekday (``Wednesday's talks``) takes its tense only from a preceding ``after``/``since``
    (past) or ``ahead of``/``before`` (future): the verb of its sentence is usually the reporting
    verb, not the event's. Otherwise the nearest tense marker in the clause (between commas,
    quotes, dashes) decides — before the mention a past verb, a future modal or ``to <verb>``;
    after it a past verb or a future modal — and if the clause has none, the whole sentence.
    """
    if modifier:
        first = modifier.split()[0]
        if first in PAST_MODIFIERS:
            return PAST
        if first in FUTURE_MODIFIERS:
            return FUTURE
    # The tense is read within TENSE_WINDOW_CHARS of the mention: a sentence is shorter, and a
    # line of thousands of weekday names costs a bounded amount per mention, not the line.
    low, high = max(0, start - TENSE_WINDOW_CHARS), min(len(text), end + TENSE_WINDOW_CHARS)
    if possessive:
        previous = [t.lower() for t in TOKEN.findall(text[low:start])[-2:]]
        if previous[-1:] in (["after"], ["since"], ["following"]):
            return PAST
        if previous[-1:] == ["before"] or previous == ["ahead", "of"] or previous[-1:] == ["until"]:
            return FUTURE
        return UNKNOWN
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(text, low, start)), default=low)
    following = CLAUSE_BREAK.search(text, end, high)
    clause_end = following.start() if following else high
    for left, right in ((clause_start, clause_end), (low, high)):
        tense = _nearest_marker(TOKEN.findall(text[left:start]), TOKEN.findall(text[end:right]))
        if tense != UNKNOWN:
            return tense
    return UNKNOWN


def _nearest_marker(before: list[str], after: list[str]) -> str:
    backward = _scan([t.replace("’", "'") for t in reversed(before)], infinitive=True, reverse=True)
    forward = _scan([t.replace("’", "'") for t in after], infinitive=False, reverse=False)
    candidates = [c for c in (backward, forward) if c is not None]
    if not candidates:
        return UNKNOWN
    return min(candidates, key=lambda c: c[0])[1]  # ties: backward (listed first)


def _scan(tokens: list[str], *, infinitive: bool, reverse: bool) -> tuple[int, str] | None:
    """(distance, tense) of the first marker in ``tokens`` (as written; read away from the mention)."""
    cased = tokens
    tokens = [t.lower() for t in tokens]
    for index, token in enumerate(tokens):
        if token.endswith("'ll") or token in FUTURE_WORDS and (infinitive or token not in FUTURE_BEFORE_ONLY):
            return index, FUTURE
        if infinitive and token == "to" and index > 0 and _is_infinitive(cased[index - 1]):
            return index, FUTURE
        if _is_past(token):
            neighbour = tokens[index + 1] if reverse and index + 1 < len(tokens) else None
            if not reverse and index > 0:
                neighbour = tokens[index - 1]
            if neighbour in PASSIVE_AUX:
                continue  # "will be followed", "is expected": the auxiliary decides
            return index, PAST
    return None


def _is_infinitive(word: str) -> bool:
    return word.isalpha() and word.islower() and word not in NOT_INFINITIVE


def _is_past(token: str) -> bool:
    if token in IRREGULAR_PAST:
        return True
    return token.endswith("ed") and len(token) > 4 and token.isalpha() and token not in NOT_PAST_ED


# ---------------------------------------------------------------------------------------------
# Resolution


def resolve(mention: Mention, published: dt.date | None) -> Resolved | None:
    """``mention`` as a date with its granularity, against the publication date; None if unsettled."""
    try:
        return _resolve(mention, published)
    except (ValueError, OverflowError):
        return None  # impossible dates (31 April, 29 Feb 2022) and out-of-range arithmetic


def _resolve(m: Mention, published: dt.date | None) -> Resolved | None:
    if m.kind in EXPLICIT_KINDS:
        if m.month is None or m.day is None:
            return None
        return Resolved(m, dt.date(m.year, m.month, m.day), DAY)
    if m.kind == "month_year":
        return Resolved(m, dt.date(m.year, m.month, 1), MONTH)
    if m.kind == "year":
        return Resolved(m, dt.date(m.year, 1, 1), YEAR)
    if published is None:
        return None
    if m.kind == "weekday":
        return Resolved(m, weekday_date(m.weekday, published, m.tense, m.modifier), DAY)
    if m.kind == "relative_day":
        return Resolved(m, published + dt.timedelta(days=RELATIVE_DAY_OFFSET[m.relative]), DAY)
    if m.kind == "relative_week":
        monday = published - dt.timedelta(days=published.weekday())
        return Resolved(m, monday + dt.timedelta(weeks=RELATIVE_STEP[m.relative]), WEEK)
    if m.kind == "relative_month":
        return Resolved(m, _add_months(published.replace(day=1), RELATIVE_STEP[m.relative]), MONTH)
    if m.kind == "ago":
        return Resolved(m, *_ago_date(m.relative, m.offset, published))
    if m.kind == "recent_months":
        return Resolved(m, _add_months(published.replace(day=1), -1), MONTH)
    if m.kind == "relative_year":
        return Resolved(m, dt.date(published.year + RELATIVE_STEP[m.relative], 1, 1), YEAR)
    year = month_year(m.month, published, m.tense)
    if m.kind in ("month_day", "day_month"):
        return Resolved(m, dt.date(year, m.month, m.day), DAY)
    return Resolved(m, dt.date(year, m.month, 1), MONTH)  # "month"


def weekday_date(weekday: int, published: dt.date, tense: str, modifier: str | None = None) -> dt.date:
    """The day a weekday name refers to in an article published on ``published``.

    ``last Friday``: the most recent strictly before; ``next Friday``: the first strictly after;
    ``this Friday``: the one of the publication week (Monday to Sunday); past tense: the most
    recent, the publication day included; future tense: the next one, the publication day
    included (a story of Saturday saying officials "declined to comment Saturday" or that a
    group "will travel on Saturday" means that day: a week ahead is written "next Saturday" or
    as a date); unknown: the nearest.
    """
    back = (published.weekday() - weekday) % DAYS_PER_WEEK
    ahead = (weekday - published.weekday()) % DAYS_PER_WEEK
    first = (modifier or "").split()[0] if modifier else ""
    if first in ("last", "past"):
        return published - dt.timedelta(days=back or DAYS_PER_WEEK)
    if first == "this":
        return published + dt.timedelta(days=weekday - published.weekday())
    if tense == PAST:
        return published - dt.timedelta(days=back)
    if first in ("next", "coming"):
        return published + dt.timedelta(days=ahead or DAYS_PER_WEEK)
    if tense == FUTURE:
        return published + dt.timedelta(days=ahead)
    return (
        published - dt.timedelta(days=back) if back <= NEAREST_WEEKDAY_REACH else published + dt.timedelta(days=ahead)
    )


def month_year(month: int, published: dt.date, tense: str) -> int:
    """The year of a month named without one: past → the latest not after publication, future →
    the next not before it, unknown → the nearest (the year boundary: December in a January
    article is last year's)."""
    if tense == PAST:
        return published.year if month <= published.month else published.year - 1
    if tense == FUTURE:
        return published.year if month >= published.month else published.year + 1
    difference = month - published.month
    if difference >= HALF_YEAR_MONTHS:
        return published.year - 1
    if difference < -HALF_YEAR_MONTHS:
        return published.year + 1
    return published.year


def _ago_date(unit: str, amount: int, published: dt.date) -> tuple[dt.date, str]:
    if unit == "day":
        return published - dt.timedelta(days=amount), DAY
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday - dt.timedelta(weeks=amount), WEEK
    if unit == "month":
        return _add_months(published.replace(day=1), -amount), MONTH
    return dt.date(published.year - amount, 1, 1), YEAR


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * MONTHS_PER_YEAR + first_of_month.month - 1 + months
    return dt.date(index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1, 1)


def resolved(text: object, published: dt.date | None) -> list[Resolved]:
    """Every temporal expression of ``text`` that resolves against ``published``."""
    return [r for r in (resolve(m, published) for m in mentions(text)) if r is not None]


@lru_cache(maxsize=MENTION_CACHE_SIZE)
def explicit_date(text: str) -> dt.date | None:
    """A date written with day, month and year (metadata: ``2022-01-07T10:00+01:00``, ``Fri, 07 Jan
    2022 10:00 GMT``, ``7 janvier 2022``); None when a part is missing or the date is impossible.

    ISO strings go through ``datetime.fromisoformat``; English day-month-year forms through our
    patterns; anything else (other languages, unusual layouts) through dateparser, which is
    right for these, with day, month and year required."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if len(text) > MAX_DATE_STRING_CHARS:
        return None  # a date string is short; a long one is not read (its cost would grow with it)
    written = [m for m in mentions(text) if m.kind in EXPLICIT_KINDS]
    if written:  # our own patterns settle it (and fast: dateparser takes seconds on "Feb 30, 2022")
        found = resolve(written[0], None)
        return found.date if found else None
    if not any(c.isdigit() for c in text):
        return None  # a day and a year are written with digits; a long string is not a date
    import dateparser  # noqa: PLC0415 - imported only when a date string needs it

    try:
        parsed = dateparser.parse(
            text,
            languages=list(METADATA_LANGUAGES),
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True, "DATE_ORDER": "DMY"},
        )
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None
    return parsed.date() if parsed is not None else None


def stated_date(meta_published: object, header: object) -> dt.date | None:
    """The date the article states: its metadata, else the first full date of its header lines."""
    if isinstance(meta_published, str):
        date = explicit_date(meta_published)
        if date is not None:
            return date
    for mention in mentions(header):
        if mention.kind in EXPLICIT_KINDS:
            found = resolve(mention, None)
            if found is not None:
                return found.date
    return None


def events(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per temporal expression of a sentence resolved against its article's date."""
    published = {
        aid: (None if pd.isna(day) else pd.Timestamp(day).date())
        for aid, day in zip(articles["article_id"], articles["published"], strict=True)
    }
    frames = []
    for sentence_ids, article_ids, texts, found in _gated_slices(sentences, ["sentence_id", "article_id"]):
        rows = []
        for sentence_id, article_id, text, found_mentions in zip(sentence_ids, article_ids, texts, found, strict=True):
            if not found_mentions:
                continue
            day = published.get(article_id)
            for resolved_ in (r for r in (resolve(m, day) for m in found_mentions) if r is not None):
                m = resolved_.mention
                rows.append(
                    {
                        "event_id": _event_id(sentence_id, m.start),
                        "article_id": article_id,
                        "sentence_id": sentence_id,
                        "expression": m.expression,
                        "date": resolved_.date,
                        "granularity": resolved_.granularity,
                        "text": text,
                        "tense": m.tense,
                        "start": m.start,
                        "end": m.end,
                    }
                )
        if rows:
            frames.append(schema.conform(pd.DataFrame(rows), schema.EVENTS))
    if not frames:
        return schema.empty(schema.EVENTS)
    return pd.concat(frames, ignore_index=True)


def _event_id(sentence_id: str, start: int) -> str:
    return hashlib.sha1(f"{sentence_id}\0{start}".encode()).hexdigest()[:ID_LENGTH]


# Sentences are read into Python a slice at a time: the strings of 1.5 M sentences made at once


def _gated_slices(sentences: pd.DataFrame, columns: list[str], required: str | None = None):
    """For each slice of the sentences whose text may hold a date: the ``columns`` as lists, the
    texts, and the ``mentions`` of each text. With ``required`` (a regular expression of ASCII
    literals), only texts in which it is found (the caller wants only mentions that contain it).

    The column is gated at once by pyarrow (``COLUMN_GATE``, a superset of ``GATE``), so most
    sentences never become Python strings; repeated texts (syndicated copy) are parsed once."""
    texts = sentences["text"]
    if isinstance(texts.dtype, pd.StringDtype) and texts.dtype.storage == "pyarrow":
        keep = texts.str.contains(COLUMN_GATE, regex=True)
        if required is not None:
            keep &= texts.str.contains(required, regex=True)
        keep = keep.fillna(False).astype(bool).to_numpy()
    else:  # the same test in Python (no \p{Nd} in ``re``): the exact gate follows in ``mentions``
        keep = np.array(
            [isinstance(v, str) and (required is None or re.search(required, v) is not None) for v in texts.tolist()],
            dtype=bool,
        )
    rows = np.flatnonzero(keep)
    parsed: dict[str, tuple[Mention, ...]] = {}
    for start in range(0, len(rows), SLICE_ROWS):
        part = sentences.iloc[rows[start : start + SLICE_ROWS]]
        values = part["text"].tolist()
        found = []
        for value in values:
            if not isinstance(value, str):
                found.append(())
                continue
            if value not in parsed:
                parsed[value] = mentions(value)
            found.append(parsed[value])
        yield *(part[c].tolist() for c in columns), values, found


def _value(value: object) -> object:
    return None if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else value
