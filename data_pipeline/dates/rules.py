"""The rule tables of the dates stage: limits, word lists and the patterns of temporal expressions.

Code lives in ``resolve`` (mentions found and resolved) and ``publication`` (publication dates,
inference across articles); everything one might tune or extend is here. A pattern is written
from named pieces (``{month}``, ``{year}``, ``{weekday}``, ``{word:year}``, …); each piece that a
match must contain brings its *needle*, a cheap test (a substring, a lower-cased substring or a
small regex) run before the pattern. The needles of a pattern and the one-regex gate that every
sentence passes first are derived from the pieces, so adding a pattern is one line below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os.path import commonprefix

# Granularities of the events table, tenses, and where a publication date came from.
DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
PAST, FUTURE, UNKNOWN = "past", "future", "unknown"
STATED, INFERRED, MANIFEST, UNKNOWN_SOURCE = "stated", "inferred", "manifest", "unknown"

DAYS_PER_WEEK = 7
MONTHS_PER_YEAR = 12

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
# When the weekday mentions leave several days open, the day on which most related articles
# state their publication is taken if at least this many agree (and no other day ties).
MIN_STORY_VOTES = 2
# A corpus is one story when one 7-day window holds this share of its stated dates; then its
# undated articles' weekday mentions are read as days of that week (``publication._story_dates``).
STORY_SHARE = 0.5
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
# The tense of a mention is read this far around it: the longest sentence (settings.
# MAX_SENTENCE_CHARS) fits, so sentences read as before; a longer line costs a bounded amount.
TENSE_WINDOW_CHARS = 600
# How many distinct sentence texts keep their parsed mentions in memory.
MENTION_CACHE_SIZE = 65_536
# How many sets of needles found keep their choice of patterns (613 occur on PolNeAR train).
PATTERN_CHOICE_CACHE_SIZE = 16_384
# Sentences are read into Python a slice at a time: the strings of 1.5 M sentences made at once
# and freed leave the allocator's arenas fragmented (hundreds of MB kept by the process).
SLICE_ROWS = 100_000
BODY_SLICE = 2_000  # article bodies read into Python at a time
RELATED_BATCH = 256  # undated articles compared with every anchor article at once

# ---------------------------------------------------------------------------------------------
# Words

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Full names and abbreviations, in month order (the longest name of a month is its full name).
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = {number: max((n for n, m in MONTHS.items() if m == number), key=len) for number in MONTHS.values()}
FULL_MONTH_NAMES = tuple(name.capitalize() for name in _FULL_MONTHS.values())
# Abbreviations; a bare one without a day is more often a name ("Dec", "Jan") than a month.
MONTH_ABBREVIATIONS = tuple(name.capitalize() for name in MONTHS if name not in _FULL_MONTHS.values())
WEEKDAY_NAMES = tuple(day.capitalize() for day in WEEKDAYS)
# "May" alone is a verb: it is a month only before a day or year.
AMBIGUOUS_MONTH = "May"

AMOUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
RELATIVE_DAY_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
RELATIVE_STEP = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}
PAST_MODIFIERS = frozenset({"since", "last", "past", "after", "from"})
FUTURE_MODIFIERS = frozenset({"next", "coming", "by", "until", "before"})
# Words before a day name that make it the name of a day, not a weekday reference.
NAMED_DAY_WORDS = ("Super", "Black", "Cyber", "Good", "Ash", "Easter", "Palm", "Holy", "Maundy", "Bloody", "Giving")

# Tense markers, read in the clause around a mention. A hand list (no POS tagger ships without a
# model download): common irregular past forms, regular -ed forms, modal future and "to <verb>".
IRREGULAR_PAST = frozenset(
    "said told was were had did held met spoke gave took came went made got saw began brought "
    "sent left felt kept thought wrote rose fell led won lost ran stood sat put set paid sought "
    "struck drew broke chose flew fought hit hung laid meant quit read shut spent spun stole swore "
    "threw understood woke wore withdrew overtook undertook became didn't wasn't weren't hadn't "
    "couldn't agreed".split()
)
# Future words that only count before the mention ("Friday, ahead of the talks" is not future) ...
FUTURE_BEFORE_ONLY = frozenset("ahead next due soon plan plans planned planning expected expects hopes".split())
# ... and those that count on either side.
FUTURE_WORDS = frozenset("will 'll shall won't would wouldn't scheduled upcoming".split()) | FUTURE_BEFORE_ONLY
NOT_PAST_ED = frozenset("indeed need speed proceed succeed exceed seed breed embed united red bed shed".split())
PASSIVE_AUX = frozenset("be being is are am".split())
# Words after "to" that show a preposition, not an infinitive.
NOT_INFINITIVE = frozenset(
    "the a an his her their its our my your this that these those all both some each every any "
    "him them us me it who whom which what one two three four five six seven eight nine ten "
    "reporters journalists".split()
)

# Words that carry no topic, shared by the two filters below.
_COMMON_FUNCTION_WORDS = frozenset(
    "that this these those there their after before ahead from with which while when what whom".split()
)
# Not content words (sentences of two articles are matched on content words of 4+ letters).
FUNCTION_WORDS = _COMMON_FUNCTION_WORDS | frozenset(
    "them they then than into onto over under about also been being were will would could should "
    "shall have having does done said says told tells according whose very more most much many some "
    "such other others only just even still week weeks month months year years today yesterday "
    "tomorrow tonight again against between during since until upon within without".split()
)
# Not names (a capitalised word starting a sentence).
NAME_STOPWORDS = _COMMON_FUNCTION_WORDS | frozenset(
    "the a an and but or so yet in on at by for of to as meanwhile however if it its he she they we i "
    "you his her our some others other here who all both one two three".split()
)
NOT_NAMES = NAME_STOPWORDS | frozenset(WEEKDAYS) | frozenset(MONTHS)
# Crude stemming of content words: "meeting"/"meet", "Russian"/"Russia", "talks"/"talk".
STEM_SUFFIXES = ("ing", "ed", "es", "s", "n")
MIN_STEM = 4
MIN_CONTENT_WORD = 4

# ---------------------------------------------------------------------------------------------
# Patterns


@dataclass(frozen=True)
class Needle:
    """A cheap test a text passes if a pattern holding this piece can match it.

    ``where``: ``text`` (one of ``words`` is in the text as written), ``lower`` (in the
    lower-cased text: for case-insensitive pieces), ``regex`` (``regex`` is found), or
    ``four_digits`` (a run of four digits). ``gate``: what the one-regex gate looks for
    (Python syntax; ``\\d`` becomes ``\\p{Nd}`` for RE2); None when a cheaper piece of the
    same pattern gates it."""

    name: str
    where: str
    words: tuple[str, ...] = ()
    regex: re.Pattern | None = None
    gate: str | None = None


def _capitalised_either(word: str) -> str:
    return f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}"


def _word_needle(word: str) -> Needle:
    """A literal word of a case-insensitive pattern: found lower-cased, gated with either capital."""
    return Needle(word, "lower", (word,), gate=_capitalised_either(word))


_MONTH_PREFIXES = tuple(dict.fromkeys(name[:3] for name in FULL_MONTH_NAMES))
_WEEKDAY_SUFFIX = commonprefix([name[::-1] for name in WEEKDAY_NAMES])[::-1]  # "day"
_MONTH_NAME = "|".join(
    [*(n for n in FULL_MONTH_NAMES if n != AMBIGUOUS_MONTH), *(rf"{a}\.?" for a in MONTH_ABBREVIATIONS)]
)
_YEAR_DIGITS = r"(?:19|20)\d\d"

# Each piece: (regex, needle or None). Case-sensitive on purpose: "may" and "march" are also verbs.
PIECES: dict[str, tuple[str, Needle | None]] = {
    "weekday": (
        rf"(?P<weekday>{'|'.join(WEEKDAY_NAMES)})",
        Needle("weekday", "text", (_WEEKDAY_SUFFIX,), gate=_WEEKDAY_SUFFIX),
    ),
    "month": (
        rf"(?P<month>{_MONTH_NAME}|{AMBIGUOUS_MONTH}(?=,?\s+\d))",
        # every pattern's month name starts a word (after \b, \s or a modifier ending in \s+)
        Needle(
            "month_name",
            "regex",
            regex=re.compile(rf"\b(?:{'|'.join(_MONTH_PREFIXES)})"),
            gate="|".join(_MONTH_PREFIXES),
        ),
    ),
    "day": (r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?", None),
    "year": (
        rf"(?P<year>{_YEAR_DIGITS})(?![\d,.%]\d|\d|%)",
        Needle("century", "regex", regex=re.compile(_YEAR_DIGITS), gate=r"\d{4}"),
    ),
    "four_digit_year": (r"(?P<year>\d{4})", Needle("four_digits", "four_digits", gate=r"\d{4}")),
    "dash": ("-", Needle("dash", "text", ("-",))),
    "separator": (r"(?P<separator>[/.])", Needle("slash_or_dot", "text", ("/", "."))),
    "not_number": (r"(?<![\d,.$€£/-])", None),
    "relative_day": (
        rf"(?P<relative>{'|'.join(RELATIVE_DAY_OFFSET)})",
        Needle(
            "relative_day",
            "lower",
            tuple(RELATIVE_DAY_OFFSET),
            gate="|".join(_capitalised_either(w) for w in RELATIVE_DAY_OFFSET),
        ),
    ),
    "relative": (rf"(?P<relative>{'|'.join(RELATIVE_STEP)})", None),
    "amount": (rf"(?P<amount>{'|'.join(AMOUNTS)}|\d{{1,2}})", None),
}
# ``{word:year}``: a literal word of a case-insensitive pattern, with its needle.
_WORD_PIECE = re.compile(r"\{word:(\w+)\}")
_PIECE = re.compile(r"\{(" + "|".join(PIECES) + r")\}")


@dataclass(frozen=True)
class Rule:
    """One pattern, compiled, with the needles derived from its pieces."""

    kind: str
    pattern: re.Pattern
    needles: tuple[Needle, ...]


def _rule(kind: str, template: str, flags: int = 0) -> Rule:
    needles = [PIECES[name][1] for name in _PIECE.findall(template) if PIECES[name][1] is not None]
    needles += [_word_needle(word) for word in _WORD_PIECE.findall(template)]
    regex = _PIECE.sub(lambda m: PIECES[m.group(1)][0], _WORD_PIECE.sub(lambda m: m.group(1), template))
    return Rule(kind, re.compile(regex, flags), tuple({n.name: n for n in needles}.values()))


_TIME_MODIFIER = r"(?i:since|in|by|until|from|before|after)\s+"
# Patterns in priority order (longest forms first); the first that claims a span keeps it.
RULES: tuple[Rule, ...] = (
    _rule("iso", r"{not_number}\b{four_digit_year}{dash}(?P<month>\d{1,2})-(?P<day>\d{1,2})\b(?!-)"),
    _rule("numeric", r"{not_number}\b(?P<a>\d{1,2}){separator}(?P<b>\d{1,2})(?P=separator){four_digit_year}\b"),
    _rule("month_day_year", r"\b{month}\s+{day},?\s+{year}"),
    _rule("day_month_year", r"{not_number}\b{day}\s+(?:of\s+)?{month},?\s+{year}"),
    _rule(
        "month_year",
        r"\b(?P<modifier>(?i:since|in|by|until|from|before|after|early|late|mid-?)\s+)?{month},?\s+{year}",
    ),
    # "on Monday, Oct. 26": the weekday is an apposition of the date, which decides
    _rule("month_day", r"\b{weekday},?\s+{month}\s+{day}\b(?![\d:,]\d|\s*(?:%|percent))"),
    _rule("month_day", r"\b{month}\s+{day}\b(?![\d:,]\d|\s*(?:%|percent))"),
    _rule("day_month", r"{not_number}\b{day}\s+(?:of\s+)?{month}\b"),
    _rule(
        "relative_year",
        r"\b(?P<modifier>(?:(?:late|early|earlier|later|mid-?)\s+|(?:(?:at\s+)?the\s+)?(?:end|start|beginning|middle)\s+of\s+)?)"
        r"{relative}\s+{word:year}\b",
        re.IGNORECASE,
    ),
    _rule("relative_month", r"\b{relative}\s+{word:month}\b", re.IGNORECASE),
    _rule("relative_week", r"\b(?P<modifier>(?:earlier|later)\s+)?{relative}\s+{word:week}\b", re.IGNORECASE),
    _rule(
        "recent_months", r"\b(?:in\s+)?(?:recent|the\s+past\s+few|the\s+last\s+few)\s+{word:months}\b", re.IGNORECASE
    ),
    _rule("relative_day", r"\b{relative_day}\b", re.IGNORECASE),
    _rule("ago", r"\b{amount}\s+(?P<unit>day|week|month|year)s?\s+{word:ago}\b", re.IGNORECASE),
    _rule(
        "weekday",
        r"\b(?P<modifier>(?i:last|next|this|coming|past|until|since|by)\s+)?(?:(?i:late|early)\s+)?{weekday}(?P<possessive>['’]s)?",
    ),
    _rule(
        "month",
        r"\b(?P<modifier>(?i:(?:by|at|until|before|since)\s+)?(?i:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)"
        r"|(?i:since|in|by|until|from|last|next|this|early|late|mid-?)\s+)?{month}(?!\s*\d)",
    ),
    _rule("year", r"{not_number}(?P<modifier>" + _TIME_MODIFIER + r")?\b{year}\b(?!-)"),
)
EXPLICIT_KINDS = ("iso", "numeric", "month_day_year", "day_month_year")
NAMED_DAY = re.compile(rf"\b(?:{'|'.join(NAMED_DAY_WORDS)})\s+$")

NEEDLES: tuple[Needle, ...] = tuple({n.name: n for rule in RULES for n in rule.needles}.values())
TEXT_NEEDLES = tuple(dict.fromkeys(w for n in NEEDLES if n.where == "text" for w in n.words))
LOWER_NEEDLES = tuple(dict.fromkeys(w for n in NEEDLES if n.where == "lower" for w in n.words))
REGEX_NEEDLES = tuple(dict.fromkeys(n.regex for n in NEEDLES if n.where == "regex"))
FOUR_DIGITS = re.compile(r"\d{4}")


def _gate_of(rule: Rule) -> str:
    """The first gating needle of a rule (a literal it must contain; cheaper than the rule)."""
    return next(n.gate for n in rule.needles if n.gate is not None)


# One regex decides whether a sentence is worth looking at (the cost gate): a text without any
# rule's gating needle cannot match any rule. ``ago`` keeps a word end as the pattern does.
_GATES = tuple(dict.fromkeys(_gate_of(rule) + (r"\b" if rule.kind == "ago" else "") for rule in RULES))
GATE = re.compile("|".join(_GATES))
# The same gate for pyarrow (RE2) over a whole column at once: only the sentences it accepts go
# through GATE and the patterns. A superset of GATE: \p{Nd} is Python's \d on str (Unicode
# decimal digits), and word ends are dropped.
COLUMN_GATE = "|".join(dict.fromkeys(g.replace(r"\d", r"\p{Nd}").replace(r"\b", "") for g in _GATES))
# A weekday mention contains one of these (case-sensitive, as the weekday piece).
WEEKDAY_REQUIRED = "|".join(WEEKDAY_NAMES)

# Words and clause limits read by the tense rules and the name/content word finders.
CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\s[-–—]{1,2}\s|\s--\s")
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-.]*")
NAME = re.compile(r"\b([A-Z][A-Za-z\-]+)(?:['’]s)?")  # a capitalised word; the group leaves out 's
CONTENT_WORD = re.compile(rf"\b[a-z]{{{MIN_CONTENT_WORD},}}\b")
