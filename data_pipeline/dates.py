"""Dates: each article's publication date, and its sentences' dated mentions (the events table).

``publication_dates(articles, sentences)`` fills ``published`` and ``date_source``:

- ``manifest``: the date given by a manifest.csv row;
- ``stated``: a date in the metadata (HTML meta tag, CSV/JSONL column) or a full date in the
  header lines (the dateline, e.g. ``Brussels, Jan 7 (AFP) Jan 07, 2022``);
- ``inferred``: no date stated, but the article names by weekday events that a dated article of
  the same corpus places (see ``_inferred_dates``);
- ``unknown``: none of these settles it; ``published`` stays null.

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

from . import schema
from .settings import ID_LENGTH

# Granularities of the events table.
DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
PAST, FUTURE, UNKNOWN = "past", "future", "unknown"
STATED, INFERRED, MANIFEST, UNKNOWN_SOURCE = "stated", "inferred", "manifest", "unknown"

# A weekday named without a tense is the nearest such day: at most 3 days either way.
NEAREST_WEEKDAY_REACH = 3
# AP style names days by weekday only within a week of publication, so the weekday-named days
# of one article lie within 7 consecutive days (span at most 6 days).
WEEKDAY_SPAN_DAYS = 6
# An undated weekday mention is matched to an anchor (a dated article's mention of the same
# weekday) when their sentences share at least this many content words (Geneva, talks) ...
MIN_SHARED_WORDS = 2
# ... and only anchors from an article about the same story count: the two articles' sets of
# names (capitalised words) overlap by at least this Jaccard share. Measured: the seeds' pairs
# are 0.29–0.74; PolNeAR pairs of articles more than a week apart reach it in 0.06% of cases
# (262 of 407,402), pairs within 3 days in 0.7% (benchmarks/polnear_dates.py).
MIN_RELATED_ARTICLES_JACCARD = 0.25
# Inferred dates may become anchors for a next round; this many rounds at most. One round (only
# stated and manifest dates anchor) because on PolNeAR a second round spread wrong dates.
MAX_INFERENCE_ROUNDS = 1
# A month named without a year is the nearest such month; at this distance (6 months) the
# past wins, because news mostly reports what happened.
HALF_YEAR_MONTHS = 6
# Plausible years for a bare four-digit number.
MIN_YEAR, MAX_YEAR = 1900, 2099
# Languages dateparser tries on metadata dates: without a list it detects among ~200 and takes
# seconds on a string that is no date ("January 2022": 5.6 s, vs 0.01 s with this list).
METADATA_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
MAX_DATE_STRING_CHARS = 100
# How many distinct sentence texts keep their parsed mentions in memory.
MENTION_CACHE_SIZE = 65_536
# How many sets of needles found keep their choice of patterns (613 occur on PolNeAR train).
PATTERN_CHOICE_CACHE_SIZE = 16_384

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Case-sensitive on purpose: "may" and "march" are also verbs; "May" alone needs a day or year.
_MONTH_NAME = (
    r"January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_MONTH = rf"(?P<month>{_MONTH_NAME}|May(?=,?\s+\d))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d,.%]\d|\d|%)"
_NOT_NUMBER = r"(?<![\d,.$€£/-])"

# One regex decides whether a sentence is worth looking at (the cost gate).
_GATE = re.compile(
    r"day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{4}|[Ww]eek|[Mm]onth|[Yy]ear|[Aa]go\b"
    r"|[Tt]onight|[Tt]omorrow"
)  # literal prefixes (fast); over-accepting is fine, the patterns below decide

# Patterns in priority order (longest forms first); the first that claims a span keeps it.
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(pattern, flags))
    for kind, pattern, flags in (
        ("iso", rf"{_NOT_NUMBER}\b(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})\b(?!-)", 0),
        (
            "numeric",
            rf"{_NOT_NUMBER}\b(?P<a>\d{{1,2}})(?P<separator>[/.])(?P<b>\d{{1,2}})(?P=separator)(?P<year>\d{{4}})\b",
            0,
        ),
        ("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", 0),
        ("day_month_year", rf"{_NOT_NUMBER}\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", 0),
        (
            "month_year",
            rf"\b(?P<modifier>(?i:since|in|by|until|from|before|after|early|late|mid-?)\s+)?{_MONTH},?\s+{_YEAR}",
            0,
        ),
        # "on Monday, Oct. 26": the weekday is an apposition of the date, which decides
        ("month_day", rf"\b{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}\b(?![\d:,]\d|\s*(?:%|percent))", 0),
        ("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?![\d:,]\d|\s*(?:%|percent))", 0),
        ("day_month", rf"{_NOT_NUMBER}\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", 0),
        (
            "relative_year",
            r"\b(?P<modifier>(?:(?:late|early|earlier|later|mid-?)\s+|(?:(?:at\s+)?the\s+)?(?:end|start|beginning|middle)\s+of\s+)?)"
            r"(?P<relative>last|this|next|past|coming)\s+year\b",
            re.IGNORECASE,
        ),
        ("relative_month", r"\b(?P<relative>last|this|next|past|coming)\s+month\b", re.IGNORECASE),
        (
            "relative_week",
            r"\b(?P<modifier>(?:earlier|later)\s+)?(?P<relative>last|this|next|past|coming)\s+week\b",
            re.IGNORECASE,
        ),
        ("recent_months", r"\b(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+months\b", re.IGNORECASE),
        ("relative_day", r"\b(?P<relative>today|tonight|yesterday|tomorrow)\b", re.IGNORECASE),
        (
            "ago",
            r"\b(?P<amount>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
            re.IGNORECASE,
        ),
        (
            "weekday",
            rf"\b(?P<modifier>(?i:last|next|this|coming|past|until|since|by)\s+)?(?:(?i:late|early)\s+)?{_WEEKDAY}(?P<possessive>['’]s)?",
            0,
        ),
        (
            "month",
            rf"\b(?P<modifier>(?i:(?:by|at|until|before|since)\s+)?(?i:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)"
            rf"|(?i:since|in|by|until|from|last|next|this|early|late|mid-?)\s+)?{_MONTH}(?!\s*\d)",
            0,
        ),
        ("year", rf"{_NOT_NUMBER}(?P<modifier>(?i:since|in|by|until|from|before|after)\s+)?\b{_YEAR}\b(?!-)", 0),
    )
)

_NAMED_DAY = re.compile(r"\b(?:Super|Black|Cyber|Good|Ash|Easter|Palm|Holy|Maundy|Bloody|Giving)\s+$")
_EXPLICIT_KINDS = ("iso", "numeric", "month_day_year", "day_month_year")
_AMOUNTS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_BARE_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# Substrings each pattern's matches contain: a pattern runs only if each group of its entry is
# present in the text. A group is (where, needles): one of the needles is in the text ("text": as
# written, for the case-sensitive parts; "lower": lowercased, for the IGNORECASE patterns;
# "regex": one of the compiled needles is found), or ("four_digits", ()): a run of four digits.
_MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FOUR_DIGITS = re.compile(r"\d{4}")
# Every pattern's month name starts a word (after \b, \s or a modifier ending in \s+) ...
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(_MONTH_PREFIXES) + ")")
# ... and every year is (?:19|20)\d\d (_YEAR).
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_NEEDLE_GROUPS = {
    "dash": ("text", ("-",)),
    "slash_or_dot": ("text", ("/", ".")),
    "four_digits": ("four_digits", ()),
    "month_name": ("regex", (_MONTH_WORD,)),
    "century": ("regex", (_YEAR_DIGITS,)),
    "ago": ("lower", ("ago",)),
    "year": ("lower", ("year",)),
    "month": ("lower", ("month",)),
    "week": ("lower", ("week",)),
    "months": ("lower", ("months",)),
    "relative_day": ("lower", ("today", "tonight", "yesterday", "tomorrow")),
    "weekday": ("text", ("day",)),  # Monday … Sunday, case-sensitive
}
_NEEDLES: dict[str, tuple[str, ...]] = {
    "iso": ("dash", "four_digits"),
    "numeric": ("slash_or_dot", "four_digits"),
    "month_day_year": ("month_name", "century"),
    "day_month_year": ("month_name", "century"),
    "month_year": ("month_name", "century"),
    "month_day": ("month_name",),
    "day_month": ("month_name",),
    "ago": ("ago",),
    "relative_year": ("year",),
    "relative_month": ("month",),
    "relative_week": ("week",),
    "recent_months": ("months",),
    "relative_day": ("relative_day",),
    "weekday": ("weekday",),
    "month": ("month_name",),
    "year": ("century",),
}
_TEXT_NEEDLES = tuple(
    dict.fromkeys(n for source, needles in _NEEDLE_GROUPS.values() if source == "text" for n in needles)
)
_REGEX_NEEDLES = tuple(
    dict.fromkeys(n for source, needles in _NEEDLE_GROUPS.values() if source == "regex" for n in needles)
)
_LOWER_NEEDLES = tuple(
    dict.fromkeys(n for source, needles in _NEEDLE_GROUPS.values() if source == "lower" for n in needles)
)
# A weekday mention contains one of these (case-sensitive, as _WEEKDAY).
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A superset of _GATE that pyarrow (RE2) tests over a whole column at once: only the sentences it
# accepts go through _GATE and the patterns. Superset because \p{Nd} is Python's \d on str
# (Unicode decimal digits) and "[Aa]go" drops the word boundary.
_COLUMN_GATE = (
    r"day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\p{Nd}{4}|[Ww]eek|[Mm]onth|[Yy]ear|[Aa]go"
    r"|[Tt]onight|[Tt]omorrow"
)
_RELATIVE_DAY_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE_STEP = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}
_PAST_MODIFIERS = {"since", "last", "past", "after", "from"}
_FUTURE_MODIFIERS = {"next", "coming", "by", "until", "before"}

# Tense markers, read in the clause around a mention. A hand list (no POS tagger ships without a
# model download): common irregular past forms, regular -ed forms, modal future and "to <verb>".
_IRREGULAR_PAST = frozenset(
    "said told was were had did held met spoke gave took came went made got saw began brought "
    "sent left felt kept thought wrote rose fell led won lost ran stood sat put set paid sought "
    "struck drew broke chose flew fought hit hung laid meant quit read shut spent spun stole swore "
    "threw understood woke wore withdrew overtook undertook became didn't wasn't weren't hadn't "
    "couldn't agreed".split()
)
_FUTURE_WORDS = frozenset(
    "will 'll shall won't would wouldn't due scheduled upcoming ahead next soon plan plans planned planning "
    "expected expects hopes".split()
)
# Future words that only count before the mention ("Friday, ahead of the talks" is not future).
_FUTURE_BEFORE_ONLY = frozenset("ahead next due soon plan plans planned planning expected expects hopes".split())
_NOT_PAST_ED = frozenset("indeed need speed proceed succeed exceed seed breed embed united red bed shed".split())
_PASSIVE_AUX = frozenset("be being is are am".split())
# Words after "to" that show a preposition, not an infinitive.
_NOT_INFINITIVE = frozenset(
    "the a an his her their its our my your this that these those all both some each every any "
    "him them us me it who whom which what one two three four five six seven eight nine ten "
    "reporters journalists".split()
)
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\s[-–—]{1,2}\s|\s--\s")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-.]*")
# A capitalised word; its group leaves out a possessive 's
_NAME = re.compile(r"\b([A-Z][A-Za-z\-]+)(?:['’]s)?")
_SUFFIXES = ("ing", "ed", "es", "s", "n")
_MIN_STEM = 4
_CONTENT_WORD = re.compile(r"\b[a-z]{4,}\b")
_FUNCTION_WORDS = frozenset(
    "that this these those there their them they then than with from into onto over under about after "
    "before ahead also been being were will would could should shall have having does done said says "
    "told tells according which while when where what whom whose very more most much many some such "
    "other others only just even still week weeks month months year years today yesterday tomorrow "
    "tonight again against between during since until upon within without".split()
)
_NAME_STOPWORDS = frozenset(
    "the a an and but or so yet in on at by for of to from with as after before ahead meanwhile "
    "however while when if it its he she they we i you his her their our this that these those "
    "some others other there here what who which all both one two three".split()
)

_NOT_NAMES = _NAME_STOPWORDS | frozenset(WEEKDAYS) | frozenset(MONTHS)


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
    if not isinstance(text, str) or not _GATE.search(text):
        return ()
    return _mentions(text)


@lru_cache(maxsize=MENTION_CACHE_SIZE)
def _mentions(text: str) -> tuple[Mention, ...]:
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for kind, pattern in _patterns_to_run(text):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            mention = _mention(kind, match, text)
            if mention is not None:
                taken.append((start, end))
                found.append(mention)
    return tuple(sorted(found, key=lambda m: m.start))


def _patterns_to_run(text: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns of ``_PATTERNS`` whose needle groups (``_NEEDLES``) are all in ``text``."""
    lowered = text.lower()
    hits = [needle for needle in _TEXT_NEEDLES if needle in text]
    hits += [needle for needle in _LOWER_NEEDLES if needle in lowered]
    hits += [needle for needle in _REGEX_NEEDLES if needle.search(text) is not None]
    return _patterns_for(frozenset(hits), _FOUR_DIGITS.search(text) is not None)


@lru_cache(maxsize=PATTERN_CHOICE_CACHE_SIZE)
def _patterns_for(hits: frozenset[str], four_digits: bool) -> tuple[tuple[str, re.Pattern], ...]:
    present = {
        group
        for group, (source, needles) in _NEEDLE_GROUPS.items()
        if (four_digits if source == "four_digits" else not hits.isdisjoint(needles))
    }
    return tuple((kind, pattern) for kind, pattern in _PATTERNS if all(g in present for g in _NEEDLES[kind]))


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
    if kind == "weekday" and _NAMED_DAY.search(text, 0, start):
        return None  # "Super Tuesday", "Black Friday": a named day, not a weekday reference
    if kind == "ago":
        amount = groups["amount"].lower()
        fields["offset"] = int(amount) if amount.isdigit() else _AMOUNTS[amount]
        fields["relative"] = groups["unit"].lower()
    if kind == "numeric":
        fields |= _numeric_day_month(int(groups["a"]), int(groups["b"]), groups["separator"])
    if kind == "month" and groups["month"].rstrip(".") in _BARE_ABBREVIATIONS:
        return None  # a bare abbreviation without a day is more often a name ("Dec", "Jan") than a month
    tense = _tense(text, start, end, modifier, bool(groups.get("possessive")))
    return Mention(expression=expression, start=start, end=end, kind=kind, tense=tense, **fields)


def _numeric_day_month(a: int, b: int, separator: str) -> dict:
    """Day and month of ``a/b/yyyy``: settled only when one part cannot be a month or both agree.

    ``01/02/2022`` is 1 February in Europe and 2 January in the US: left null (day/month None).
    Dots are day-first (``07.01.2022``: the German/European convention; US dates use slashes).
    """
    if a == b or (a > 12 and b <= 12) or (separator == "." and b <= 12):
        return {"day": a, "month": b}
    if b > 12 and a <= 12:
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
        if first in _PAST_MODIFIERS:
            return PAST
        if first in _FUTURE_MODIFIERS:
            return FUTURE
    if possessive:
        previous = [t.lower() for t in _TOKEN.findall(text[:start])[-2:]]
        if previous[-1:] in (["after"], ["since"], ["following"]):
            return PAST
        if previous[-1:] == ["before"] or previous == ["ahead", "of"] or previous[-1:] == ["until"]:
            return FUTURE
        return UNKNOWN
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    following = _CLAUSE_BREAK.search(text, end)
    clause_end = following.start() if following else len(text)
    for left, right in ((clause_start, clause_end), (0, len(text))):
        tense = _nearest_marker(_TOKEN.findall(text[left:start]), _TOKEN.findall(text[end:right]))
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
        if token.endswith("'ll") or token in _FUTURE_WORDS and (infinitive or token not in _FUTURE_BEFORE_ONLY):
            return index, FUTURE
        if infinitive and token == "to" and index > 0 and _is_infinitive(cased[index - 1]):
            return index, FUTURE
        if _is_past(token):
            neighbour = tokens[index + 1] if reverse and index + 1 < len(tokens) else None
            if not reverse and index > 0:
                neighbour = tokens[index - 1]
            if neighbour in _PASSIVE_AUX:
                continue  # "will be followed", "is expected": the auxiliary decides
            return index, PAST
    return None


def _is_infinitive(word: str) -> bool:
    return word.isalpha() and word.islower() and word not in _NOT_INFINITIVE


def _is_past(token: str) -> bool:
    if token in _IRREGULAR_PAST:
        return True
    return token.endswith("ed") and len(token) > 4 and token.isalpha() and token not in _NOT_PAST_ED


# ---------------------------------------------------------------------------------------------
# Resolution


def resolve(mention: Mention, published: dt.date | None) -> Resolved | None:
    """``mention`` as a date with its granularity, against the publication date; None if unsettled."""
    try:
        return _resolve(mention, published)
    except (ValueError, OverflowError):
        return None  # impossible dates (31 April, 29 Feb 2022) and out-of-range arithmetic


def _resolve(m: Mention, published: dt.date | None) -> Resolved | None:
    if m.kind in _EXPLICIT_KINDS:
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
        return Resolved(m, published + dt.timedelta(days=_RELATIVE_DAY_OFFSET[m.relative]), DAY)
    if m.kind == "relative_week":
        monday = published - dt.timedelta(days=published.weekday())
        return Resolved(m, monday + dt.timedelta(weeks=_RELATIVE_STEP[m.relative]), WEEK)
    if m.kind == "relative_month":
        return Resolved(m, _add_months(published.replace(day=1), _RELATIVE_STEP[m.relative]), MONTH)
    if m.kind == "ago":
        return Resolved(m, *_ago_date(m.relative, m.offset, published))
    if m.kind == "recent_months":
        return Resolved(m, _add_months(published.replace(day=1), -1), MONTH)
    if m.kind == "relative_year":
        return Resolved(m, dt.date(published.year + _RELATIVE_STEP[m.relative], 1, 1), YEAR)
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
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    first = (modifier or "").split()[0] if modifier else ""
    if first in ("last", "past"):
        return published - dt.timedelta(days=back or 7)
    if first == "this":
        return published + dt.timedelta(days=weekday - published.weekday())
    if tense == PAST:
        return published - dt.timedelta(days=back)
    if first in ("next", "coming"):
        return published + dt.timedelta(days=ahead or 7)
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
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


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
    written = [m for m in mentions(text) if m.kind in _EXPLICIT_KINDS]
    if written:  # our own patterns settle it (and fast: dateparser takes seconds on "Feb 30, 2022")
        found = resolve(written[0], None)
        return found.date if found else None
    if not any(c.isdigit() for c in text) or len(text) > MAX_DATE_STRING_CHARS:
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
        if mention.kind in _EXPLICIT_KINDS:
            found = resolve(mention, None)
            if found is not None:
                return found.date
    return None


# ---------------------------------------------------------------------------------------------
# Tables


def publication_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``published`` and ``date_source`` filled (stated, manifest, inferred)."""
    ids = articles["article_id"].tolist()
    meta = articles["meta_published"] if "meta_published" in articles else pd.Series(None, index=articles.index)
    header = articles["header"] if "header" in articles else pd.Series(None, index=articles.index)
    manifest = articles["manifest"] if "manifest" in articles else pd.Series(False, index=articles.index)
    stated = {aid: stated_date(_value(m), _value(h)) for aid, m, h in zip(ids, meta, header, strict=True)}
    inferred = {}
    if any(day is None for day in stated.values()):  # else nothing to infer, nothing to read for it
        weekday_mentions = _weekday_mentions(sentences)
        inferred = _inferred_dates(stated, weekday_mentions, _article_names(articles, sentences, set(weekday_mentions)))
    published, source = [], []
    for aid, meta_value, from_manifest in zip(ids, meta, manifest, strict=True):
        if stated[aid] is not None:
            published.append(stated[aid])
            by_manifest = bool(_value(from_manifest)) and explicit_date(_value(meta_value) or "") is not None
            source.append(MANIFEST if by_manifest else STATED)
        elif aid in inferred:
            published.append(inferred[aid])
            source.append(INFERRED)
        else:
            published.append(None)
            source.append(UNKNOWN_SOURCE)
    return articles.assign(
        published=pd.to_datetime(pd.Series(published, index=articles.index, dtype=object)).astype(schema.DATE),
        date_source=pd.Series(source, index=articles.index, dtype="string"),
    )


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
# and freed leave the allocator's arenas fragmented (hundreds of MB kept by the process).
SLICE_ROWS = 100_000


def _gated_slices(sentences: pd.DataFrame, columns: list[str], required: str | None = None):
    """For each slice of the sentences whose text may hold a date: the ``columns`` as lists, the
    texts, and the ``mentions`` of each text. With ``required`` (a regular expression of ASCII
    literals), only texts in which it is found (the caller wants only mentions that contain it).

    The column is gated at once by pyarrow (``_COLUMN_GATE``, a superset of ``_GATE``), so most
    sentences never become Python strings; repeated texts (syndicated copy) are parsed once."""
    texts = sentences["text"]
    if isinstance(texts.dtype, pd.StringDtype) and texts.dtype.storage == "pyarrow":
        keep = texts.str.contains(_COLUMN_GATE, regex=True)
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


# ---------------------------------------------------------------------------------------------
# Inference across articles


@dataclass(frozen=True)
class _WeekdayMention:
    mention: Mention
    words: frozenset[str]


def _weekday_mentions(sentences: pd.DataFrame) -> dict[str, list[_WeekdayMention]]:
    by_article: dict[str, list[_WeekdayMention]] = {}
    words: dict[str, frozenset[str]] = {}  # per distinct text: syndicated copy repeats sentences
    for article_ids, texts, found in _gated_slices(sentences, ["article_id"], required=_WEEKDAY_NAMES):
        for article_id, text, found_mentions in zip(article_ids, texts, found, strict=True):
            for m in found_mentions:
                if m.kind == "weekday":
                    if text not in words:
                        words[text] = _content_words(text)
                    by_article.setdefault(article_id, []).append(_WeekdayMention(m, words[text]))
    return by_article


BODY_SLICE = 2_000  # article bodies read into Python at a time


def _article_names(articles: pd.DataFrame, sentences: pd.DataFrame, article_ids: set[str]) -> dict[str, np.ndarray]:
    """The names of each article's sentences, as sorted ids of a shared vocabulary (an int32
    array per article: a frozenset of strings per article was 10 KB each, 500 MB at 50,000).

    A name is one word and the sentences cover the body (whitespace between them), so they are
    the body's names: one findall per body, a slice of bodies at a time."""
    vocabulary: dict[str, int] = {}
    empty = np.zeros(0, dtype=np.int32)
    if "body" in articles.columns:
        wanted = articles.loc[articles["article_id"].isin(list(article_ids)).fillna(False).to_numpy(dtype=bool)]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(wanted), BODY_SLICE):
            part = wanted.iloc[start : start + BODY_SLICE]
            for aid, body in zip(part["article_id"].tolist(), part["body"].tolist(), strict=True):
                found[aid] = _ids(_names(body), vocabulary) if isinstance(body, str) else empty
        return {aid: found.get(aid, empty) for aid in article_ids}
    names: dict[str, frozenset[str]] = {aid: frozenset() for aid in article_ids}
    wanted = sentences["article_id"].isin(list(article_ids)).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(wanted)
    for start in range(0, len(rows), SLICE_ROWS):
        part = sentences.iloc[rows[start : start + SLICE_ROWS]]
        texts: dict[str, list[str]] = {}
        for article_id, text in zip(part["article_id"].tolist(), part["text"].tolist(), strict=True):
            if isinstance(text, str):
                texts.setdefault(article_id, []).append(text)
        # one findall per article: a name never spans a line break, so the lines' names are the union
        for aid, lines in texts.items():
            names[aid] = names[aid] | _names("\n".join(lines))
    return _name_ids(names)


def _name_ids(names: dict[str, frozenset[str]]) -> dict[str, np.ndarray]:
    """Sets of names as ``_article_names`` gives them: sorted ids of a shared vocabulary."""
    vocabulary: dict[str, int] = {}
    return {aid: _ids(found, vocabulary) for aid, found in names.items()}


def _ids(names: frozenset[str], vocabulary: dict[str, int]) -> np.ndarray:
    return np.array(sorted({vocabulary.setdefault(n, len(vocabulary)) for n in names}), dtype=np.int32)


def _content_words(text: str) -> frozenset[str]:
    """Names and longer lowercase words of a sentence, minus function words and date words."""
    words = {w.lower() for w in _CONTENT_WORD.findall(text)}
    words = {w for w in words if w not in _FUNCTION_WORDS and w not in WEEKDAYS and w not in MONTHS} | _names(text)
    return frozenset(_stem(w) for w in words)


def _stem(word: str) -> str:
    """Crude suffix stripping so "meeting"/"meet", "Russian"/"Russia", "talks"/"talk" match."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def _names(text: str) -> frozenset[str]:
    """Capitalised words of a sentence (places, people, bodies), lowercased, minus weekday/month."""
    return frozenset(set(map(str.lower, _NAME.findall(text))) - _NOT_NAMES)


def _inferred_dates(
    stated: dict[str, dt.date | None],
    weekday_mentions: dict[str, list[_WeekdayMention]],
    article_names: dict[str, np.ndarray],
) -> dict[str, dt.date]:
    """Publication days of undated articles, from weekday-named events dated articles place.

    A dated article resolves its weekday mentions to days (anchors). An undated article's
    mention of the same weekday whose sentence shares content words (Geneva, talks) with an
    anchor's sentence, in an article about the same story (shared names), names the same day
    (when all such anchors agree). The candidate publication days
    are those on which every matched mention resolves to its anchor's day under the same
    tense rules; then (1) all the article's weekday-named days must fit in one week (AP style),
    and (2) if several days remain, the day on which a past-tense event of the article took
    place is taken (news reports the day's events: a Friday story about Friday's call, not the
    weekend after). The matches must bound the day from both sides — an event past and one
    ahead or untensed — else a week stays open and nothing is guessed (a lone "the Geneva talks
    on Monday proved inconclusive"). One day left → inferred; otherwise unknown.
    With ``MAX_INFERENCE_ROUNDS`` above 1, inferred articles anchor the next round.
    """
    dated = {aid: day for aid, day in stated.items() if day is not None}
    inferred: dict[str, dt.date] = {}
    for _ in range(MAX_INFERENCE_ROUNDS):
        anchors = _anchors({**dated, **inferred}, weekday_mentions)
        anchors_of: dict[str, list] = {}
        for anchor in anchors:
            anchors_of.setdefault(anchor[0], []).append(anchor)
        undated = [aid for aid in stated if aid not in dated and aid not in inferred and weekday_mentions.get(aid)]
        related = _related_articles(undated, list(anchors_of), article_names)
        new = {}
        for aid in undated:
            near = [anchor for other in related[aid] for anchor in anchors_of[other]]
            day = _infer_one(aid, weekday_mentions[aid], near)
            if day is not None:
                new[aid] = day
        if not new:
            break
        inferred |= new
    return inferred


def _anchors(dated: dict[str, dt.date], weekday_mentions: dict[str, list[_WeekdayMention]]):
    anchors = []
    for aid, day in dated.items():
        for item in weekday_mentions.get(aid, []):
            anchors.append(
                (
                    aid,
                    item.mention.weekday,
                    item.words,
                    weekday_date(item.mention.weekday, day, item.mention.tense, item.mention.modifier),
                )
            )
    return anchors


def _infer_one(aid: str, items: list[_WeekdayMention], anchors) -> dt.date | None:
    constraints = []
    for item in items:
        days = {
            day
            for other, weekday, words, day in anchors
            if other != aid and weekday == item.mention.weekday and len(words & item.words) >= MIN_SHARED_WORDS
        }
        if len(days) == 1:
            constraints.append((item.mention, days.pop()))
    # "between them": a matched event already past bounds the day from below, an event still
    # ahead on another weekday from above; one side alone leaves a week open. (Untensed or
    # same-weekday mentions do not bound: "primaries Tuesday" in a live blog of primary night
    # matched last fortnight's primary Tuesday on PolNeAR.)
    past_weekdays = {m.weekday for m, _ in constraints if m.tense == PAST}
    ahead = any(i.mention.tense == FUTURE and i.mention.weekday not in past_weekdays for i in items)
    if not past_weekdays or not ahead:
        return None
    low = min(day for _, day in constraints) - dt.timedelta(days=7)
    candidates = [low + dt.timedelta(days=i) for i in range((max(d for _, d in constraints) - low).days + 8)]
    candidates = [
        d for d in candidates if all(weekday_date(m.weekday, d, m.tense, m.modifier) == day for m, day in constraints)
    ]
    within_week = [d for d in candidates if _weekday_span(items, d) <= WEEKDAY_SPAN_DAYS]
    same_day = [
        d
        for d in within_week
        if any(
            i.mention.tense == PAST and weekday_date(i.mention.weekday, d, i.mention.tense, i.mention.modifier) == d
            for i in items
        )
    ]
    remaining = within_week if len(within_week) == 1 else same_day
    return remaining[0] if len(remaining) == 1 else None


RELATED_BATCH = 256  # undated articles compared with every anchor article at once


def _related_articles(
    undated: list[str], candidates: list[str], article_names: dict[str, np.ndarray]
) -> dict[str, list[str]]:
    """For each undated article, the candidates about the same story: Jaccard similarity of
    their names (``_article_names``: sorted name ids) at least MIN_RELATED_ARTICLES_JACCARD,
    in candidates' order.

    Every pair is compared, but as sparse matrix products (shared names = U·Aᵀ), a batch of
    undated articles at a time: a loop over pairs took 89 s for 1,000 undated articles among
    50,000 dated ones."""
    from scipy.sparse import csr_matrix

    related: dict[str, list[str]] = {aid: [] for aid in undated}
    if not undated or not candidates:
        return related
    empty = np.zeros(0, dtype=np.int32)
    width = 1 + max((int(a.max()) for a in article_names.values() if len(a)), default=0)

    def matrix(ids: list[str]) -> csr_matrix:
        rows = [article_names.get(aid, empty) for aid in ids]
        indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
        indices = np.concatenate(rows) if rows else empty
        data = np.ones(len(indices), dtype=np.float64)
        return csr_matrix((data, indices, indptr), shape=(len(ids), width))

    built = matrix(candidates)
    sizes = np.diff(built.indptr)
    built_t = built.T.tocsc()
    del built
    for start in range(0, len(undated), RELATED_BATCH):
        batch = undated[start : start + RELATED_BATCH]
        mine = matrix(batch)
        shared = (mine @ built_t).tocoo()
        own_sizes = np.diff(mine.indptr)
        union = own_sizes[shared.row] + sizes[shared.col] - shared.data
        keep = shared.data / union >= MIN_RELATED_ARTICLES_JACCARD
        for row, col in sorted(zip(shared.row[keep].tolist(), shared.col[keep].tolist(), strict=True)):
            related[batch[row]].append(candidates[col])
    return related


def _weekday_span(items: list[_WeekdayMention], published: dt.date) -> int:
    days = [weekday_date(i.mention.weekday, published, i.mention.tense, i.mention.modifier) for i in items]
    return (max(days) - min(days)).days
