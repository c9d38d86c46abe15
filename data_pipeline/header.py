"""What the lines around a story say about it: its outlet, its publication date, its wire credit.

Produces answers for ``boilerplate.parse`` (per line) and ``ingest`` (per path), each ``None``
when the evidence is not strong. The rules come from real scrapes (the Helsinki summit scrape of
75 outlets, PolNeAR, METER) and from the rule that a wrong outlet is worse than none:

- **outlet**: a name that looks like an outlet (a domain, a CamelCase masthead such as
  ``GulfToday``, or capitalised words with an outlet word such as ``Herald``, ``Times``,
  ``News``), found where outlets put their name: a title suffix (``… | Miami Herald``), a
  copyright line (``Copyright © 2018 The Washington Times, LLC``), a byline of the house
  (``Tribune Wire``), a folder or file name holding a domain (``miamiherald.com/…``). Photo
  credits (``Getty Images``), pieces of headlines (``Trump - Putin makes everyone wait``) and
  timestamps never qualify;
- **date line**: a short line of the header (``Posted: 4:35 PM, July 15, 2018``,
  ``Originally published July 14, 2018 at 6:54 pm``, ``By GEOFF MULVIHILL - Associated Press -
  Saturday, July 14, 2018``) whose words other than the date, times, labels and names are few;
  a date labelled ``Updated`` counts only when no first publication is given;
- **wire credit**: a byline or credit line naming an agency (``By Reuters``, ``Reuters staff``,
  ``The Associated Press``, ``— AFP``, ``By MATTHEW LEE, AP Diplomatic Writer``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import dates
from .dates import resolve as date_resolve
from .dates import rules as date_rules

# Wire agencies as credited in datelines, bylines and copyright lines -> canonical name.
WIRES = {
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "AP": "AP",
    "Associated Press": "AP",
    "The Associated Press": "AP",
    "Reuters": "Reuters",
    "Thomson Reuters": "Reuters",
    "UPI": "UPI",
    "United Press International": "UPI",
    "PA": "PA",
    "Press Association": "PA",
    "dpa": "dpa",
    "DPA": "dpa",
    "Bloomberg": "Bloomberg",
    "Bloomberg News": "Bloomberg",
    "Xinhua": "Xinhua",
    "ANI": "ANI",
    "IANS": "IANS",
    "PTI": "PTI",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "Kyodo": "Kyodo",
    "Yonhap": "Yonhap",
    "TASS": "TASS",
    "Tribune News Service": "TNS",
    "TNS": "TNS",
    "Tribune Wire": "TNS",
    "McClatchy": "McClatchy",
    "CNN Wire": "CNN Wire",
}
WIRE_NAMES = "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True))
WIRE_PATTERN = re.compile(rf"(?:{WIRE_NAMES})")

# Words that end (or are) the name of a news outlet.
OUTLET_WORDS = frozenset(
    "Times Post Herald Tribune Journal Gazette Chronicle Globe Observer Star Examiner Inquirer Courier "
    "Register Dispatch Telegraph Guardian Independent Mirror Express Standard Sun Bee News Today Daily "
    "Press Record Review Sentinel Enquirer Leader Argus Monitor Reporter Citizen Mercury Picayune Beacon "
    "Bulletin Caller Beast Hill Atlantic Intercept Politico Axios Newsweek Magazine Weekly Radio TV "
    "Television Network Wire".split()
)
# Broadcasters and sites known by their letters or brand alone.
OUTLET_BRANDS = frozenset(
    "CNN BBC NPR CNBC MSNBC ABC CBS NBC PBS Fox Politico Axios Vox Slate Breitbart HuffPost BuzzFeed Mediaite "
    "Salon Newsmax Newsweek Bloomberg Reuters".split()
)
# Never an outlet, whatever their shape: photo agencies, sections, platforms.
NOT_OUTLETS = frozenset(
    "getty images getty shutterstock pool file photo video news world politics opinion us u.s. home live "
    "breaking twitter facebook youtube instagram associated press".split()
)
CONNECTORS = frozenset("of the and & on at for".split())
MAX_OUTLET_WORDS = 5
DOMAIN_SUFFIXES = ("com", "co.uk", "org", "net", "news", "com.au", "co.nz", "ie", "ca", "info", "eu")
_DOMAIN = re.compile(
    r"(?<![a-z0-9.-])(?:www\.)?((?:[a-z0-9][a-z0-9-]{0,62}\.){1,4}(?:"
    + "|".join(re.escape(s) for s in DOMAIN_SUFFIXES)
    + r"))(?![a-z0-9-])",
    re.I,
)
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")  # GulfToday, HuffPost, SpaceWar
_WORD = re.compile(r"[\w.&'’-]+")


def domain_in(text: str) -> str | None:
    """The first domain name written in ``text`` (``www.`` dropped, lower-cased), or None."""
    found = _DOMAIN.search(text)
    return found.group(1).lower() if found else None


def outlet_like(name: str) -> bool:
    """A name an outlet could bear: a domain, a CamelCase word, a known brand, or up to five
    capitalised words (connectors aside) with an outlet word. Photo agencies, sections and
    wires are not outlets (wires go to ``wire``)."""
    name = name.strip()
    if not name or name.lower().removeprefix("the ") in NOT_OUTLETS or name in WIRES:
        return False
    if _DOMAIN.fullmatch(name):
        return True
    words = _WORD.findall(name)
    if not words or len(words) > MAX_OUTLET_WORDS or len(name) != len(" ".join(name.split())):
        return False
    if any(not (w[0].isupper() or w.lower() in CONNECTORS or w[0].isdigit() and len(words) > 1) for w in words):
        return False
    if any(w.isdigit() or ":" in w for w in words):
        return False  # a timestamp or video length
    if len(words) == 1 and (_CAMEL.match(words[0]) or words[0] in OUTLET_BRANDS):
        return True
    return any(w.strip(".") in OUTLET_WORDS or w in OUTLET_BRANDS or w.isupper() and len(w) > 1 for w in words[-2:])


# "Title | Outlet" or "Title - Outlet": the last piece, if outlet-like. A pipe is the usual
# separator of page titles; a dash also joins headline pieces ("Trump - Putin makes everyone
# wait"), so there the outlet must have an outlet word, a brand or a domain (not just capitals).
_TITLE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+(?P<separator>[|–—-])\s+(?P<site>[^|–—-]{2,60})$")


def title_suffix(line: str) -> tuple[str, str] | None:
    """(title, outlet) of a title line ending in ``| Outlet`` / ``- Outlet``, or None."""
    found = _TITLE_SUFFIX.match(line)
    if not found:
        return None
    site = found.group("site").strip()
    if not outlet_like(site):
        return None
    if found.group("separator") != "|" and not _named_like_an_outlet(site):
        return None  # "Job cuts 'false economy' - TUC": capitals after a dash are a source quoted
    return found.group("title").strip(), site


def _named_like_an_outlet(site: str) -> bool:
    """An outlet word, a brand, a domain or a CamelCase masthead: what a dash suffix needs."""
    words = site.split()
    return bool(
        _DOMAIN.fullmatch(site)
        or any(w.strip(".") in OUTLET_WORDS or w in OUTLET_BRANDS for w in words)
        or (len(words) == 1 and _CAMEL.match(site))
    )


_COPYRIGHT_HOLDER = re.compile(
    r"(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?(?P<holder>[A-Z][\w.&'’ -]{1,60}?)"
    r"\s*(?:,?\s*(?:LLC|Inc|Ltd|Limited|PLC|Co|Corp|Company|Group|Media|Publishing|Newspapers?)\b\.?)*\s*(?:[.,;|]|All\b|$)"
)
_CORPORATE = re.compile(r"\s*,?\s*\b(?:LLC|Inc|Ltd|Limited|PLC|Co|Corp|Company|Group)\b\.?$")


def copyright_outlet(line: str) -> str | None:
    """The outlet a copyright line names (``Copyright © 2018 The Washington Times, LLC``), if it
    has an outlet word of a newspaper; companies (``CBS Interactive``, ``Cable News Network``
    on an affiliate's page) and wires are not taken."""
    found = _COPYRIGHT_HOLDER.search(line)
    if not found:
        return None
    holder = _CORPORATE.sub("", found.group("holder").strip())
    words = holder.split()
    if not words or holder in WIRES or WIRE_PATTERN.fullmatch(holder) or words[-1] not in NEWSPAPER_WORDS:
        return None
    return holder if outlet_like(holder) else None


# Outlet words of newspapers only: a copyright line ending in "News" or "Network" is often a
# broadcaster's syndication notice on an affiliate's page ("Copyright 2018 by CNN NewSource").
NEWSPAPER_WORDS = frozenset(
    "Times Post Herald Tribune Journal Gazette Chronicle Globe Observer Star Examiner Inquirer Courier "
    "Register Dispatch Telegraph Guardian Independent Mirror Express Standard Sun Bee Sentinel Enquirer "
    "Picayune Beacon Bulletin Caller".split()
)

# ---------------------------------------------------------------------------------------------
# Republication: the page carries someone else's story (an aggregator, a blog reposting it);
# an outlet named in its text (a title suffix, a masthead, a copyright line) is then the
# original's, not the page's, and is not taken. Read on short lines only (a notice, not prose).
REPUBLICATION_MAX_WORDS = 40
_MONTHS_OR_DAYS = "|".join(
    date_rules.FULL_MONTH_NAMES
    + date_rules.MONTH_ABBREVIATIONS
    + tuple(day.capitalize() for day in date_rules.WEEKDAYS)
)
_REPUBLICATION = re.compile(
    r"(?:originally|first)\s+(?:published|appeared|posted)\s+(?:on|at|in|by)\s+(?!(?:" + _MONTHS_OR_DAYS + r")\b|\d)"
    r"|\b(?:re-?published|reprinted|reposted|syndicated)\s+(?:with\s+permission|from|by|here)\b"
    r"|\bcontent summary only\b|\bvisit my website for full\b|% of readers think this story is\b"
    r"|\b(?:read|continue reading)\s+(?:the\s+)?(?:full|original|rest of the)\s+(?:article|story|post)\s+(?:at|on)\b",
    re.I,
)


def republished(line: str) -> bool:
    """A notice that the page carries a story published elsewhere (``This article was originally
    published on The Conversation``, ``Republished with permission``, ``This is a content summary
    only. Visit my website for full links``); ``Originally published July 14, 2018`` is a date."""
    return len(line.split()) <= REPUBLICATION_MAX_WORDS and bool(_REPUBLICATION.search(line))


# ---------------------------------------------------------------------------------------------
# Site furniture above the headline: a bare outlet name (the masthead), navigation, sections,
# calls to action, weather, share buttons. Never a title.
SITE_LINE_MAX_WORDS = 16
SECTION_WORDS = frozenset(
    "obituaries front opinion opinions perspective world politics sports business local national nation "
    "entertainment lifestyle weather video videos photos photo gallery markets tech technology science health "
    "travel editorial editorials letters columnists commentary analysis blogs blog home latest top stories section "
    "page more menu search print comments comment share email e-mail newsletters newsletter podcasts live watch "
    "fullscreen subscribe login news".split()
)
SOCIAL_NAMES = ("facebook", "twitter", "email", "linkedin", "pinterest", "google+", "whatsapp", "reddit", "messenger")
_SITE_ACTION = re.compile(
    r"^(?:enter\s+(?:city|your|a|zip)|(?:tap|click)\s+(?:here|to)|subscribe\b|sign\s+(?:up|in)\b|log\s*in\b"
    r"|follow\s+us\b|share\s+(?:on|this)\b|download\s+(?:the|our)\b|skip\s+to\b|scroll\s+to\b|powered\s+by\b"
    r"|to\s+find\s+out\s+more\b|get\s+(?:breaking|the\s+latest|our|news)\b|(?-i:[Bb]y\s+[A-Z]))"
    r"|\bplease\b|\bdesktop\s+notifications?\b|\bzip\s+code\b|\b\d+-day\s+forecast\b|(?-i:\b\d{1,3}(?:°\s?F|F)\b)",
    re.I,
)


_BARE_NAME = re.compile(r"[\w.&'’ -]+")  # a name alone: no "/", ":", "•", brackets


def bare_outlet(line: str) -> str | None:
    """``line`` when it is nothing but an outlet's name (``The Boston Globe``, ``CBS News``,
    ``POLITICO``): one upper-case, CamelCase or branded word or a domain, or up to four
    capitalised words ending in an outlet word. ``Trump Slams CNN`` is a headline, ``EDITION``
    a menu, ``Meet the Press`` a show."""
    name = line.strip()
    words = name.split()
    if not 1 <= len(words) <= 4 or not outlet_like(name) or not _BARE_NAME.fullmatch(name):
        return None
    if words[0].lower() == "by" or WIRE_PATTERN.search(name):
        return None  # a byline or a wire's credit ("By The Associated Press"), not the page's name
    if len(words) == 1:
        word = words[0]
        fits = (
            _DOMAIN.fullmatch(word) or _CAMEL.match(word) or word in OUTLET_BRANDS or word.capitalize() in OUTLET_BRANDS
        )
        return name if fits else None
    if any(w[0].islower() and w not in ("of", "and", "&") for w in words):
        return None  # "Meet the Press": a show
    return name if words[-1] in OUTLET_WORDS else None


def site_line(line: str) -> bool:
    """Page furniture rather than a headline: one word, letters alone (``A A``), a call to action
    or an instruction (``Enter City and State or Zip Code``, ``Tap here to turn on desktop
    notifications``), a byline, the weather, share buttons, or a section name
    (``Obituaries Front``, ``CBS News Videos •``)."""
    words = line.split()
    if not words or len(words) > SITE_LINE_MAX_WORDS:
        return False
    tokens = [t for t in _WORD.findall(line) if any(ch.isalnum() for ch in t)]
    if not tokens:
        return False  # a ruler of dashes: not furniture of a site, the cleaning's business
    if len(words) == 1 or all(len(t) == 1 for t in tokens) or _SITE_ACTION.search(line):
        return True
    lower = line.lower()
    if sum(lower.count(name) for name in SOCIAL_NAMES) >= 2 and len(words) <= 8:
        return True
    named = [t for t in tokens if t.lower() in SECTION_WORDS]
    others = [
        t
        for t in tokens
        if t.lower() not in SECTION_WORDS
        and t.lower() not in CONNECTORS
        and not (t in OUTLET_BRANDS or t in OUTLET_WORDS or _CAMEL.match(t) or t.isupper() and len(t) > 1)
    ]
    return len(words) <= 4 and bool(named) and not others


# ---------------------------------------------------------------------------------------------
# Date lines

HEADER_SCAN_LINES = 25  # date lines are looked for in this many lines at the top
DATE_LINE_MAX_CHARS = 200
DATE_LINE_OTHER_WORDS = 10  # words besides date, times, labels and separators
PUBLISHED_LABELS = ("originally published", "first published", "published", "posted", "created")
UPDATED_LABELS = ("last updated", "updated", "last modified", "modified")
_LABEL = re.compile(r"\b(" + "|".join(re.escape(w) for w in (*PUBLISHED_LABELS, *UPDATED_LABELS)) + r")\b", re.I)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.I)
_DIGIT = re.compile(r"\d")
_HANDLE = re.compile(r"@\w+")  # "Follow @apolyakova" in a byline
_ZONES = (
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST IST AEST AEDT Z am pm a.m. p.m. AM PM"
).split()
# Lower-case words a byline or date line may hold besides names.
DATE_LINE_WORDS = frozenset(
    "and of the by at on in from staff contributor writer reporter editor correspondent opinion contact "
    "updated posted published originally first last modified created ago follow".split()
)


@dataclass(frozen=True)
class DateLine:
    date: dt.date | None  # None: a day and month without a year
    expression: str
    updated: bool


def date_lines(line: str) -> list[DateLine]:
    """The publication (or update) dates a header line states; [] when it is not a date line
    (too long, a sentence, a tweet's embed ``— Name (@handle) July 15, 2018``)."""
    if not line.strip() or len(line) > DATE_LINE_MAX_CHARS or "(@" in line or line.lstrip().startswith("@"):
        return []
    if not _DIGIT.search(line):
        return []  # the dates read here all have a day or a year in digits; most lines are passed cheaply
    every = dates.mentions(line)
    found = [m for m in every if m.kind in date_rules.EXPLICIT_KINDS]
    if not found:  # "July 15 at 1:10 PM": the year is the corpus's (``dates.publication``)
        found = [m for m in every if m.kind == "month_day"]
    if not found:
        return []
    rest = line
    for mention in reversed(found):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    rest = _HANDLE.sub(" ", _TIME.sub(" ", rest))
    other = [
        w for w in _WORD.findall(rest) if w.strip(".,") and w not in _ZONES and w.lower() not in date_rules.WEEKDAYS
    ]
    if len(other) > DATE_LINE_OTHER_WORDS:
        return []
    if any(w[0].islower() and w.lower() not in DATE_LINE_WORDS for w in other):
        return []  # a verb or a common word: a sentence or a caption, not a date line
    result = []
    for mention in found:
        resolved = date_resolve.resolve(mention, None)
        if resolved is None and mention.kind != "month_day":
            continue
        labels = _LABEL.findall(line, 0, mention.start)
        updated = bool(labels) and labels[-1].lower() in UPDATED_LABELS
        result.append(DateLine(resolved.date if resolved else None, mention.expression, updated))
    return result


def publication_line(top_dates: list[list[DateLine]]) -> tuple[int, DateLine] | None:
    """(index, date) of the first publication stated in the top lines, given their ``date_lines``
    (read once by the caller, which also removes those lines): the earliest date not labelled as
    an update, else the earliest update."""
    found = [(i, d) for i, dates_here in enumerate(top_dates) for d in dates_here]
    found = [(i, d) for i, d in found if d.date is not None] or found
    first = [(i, d) for i, d in found if not d.updated] or found
    return min(first, key=lambda item: (item[1].date or dt.date.max, item[0])) if first else None


# A dateline with a date opening the first paragraph: "Helsinki, July 14: Authorities …",
# "BRUSSELS, Jan 7 (AFP) - …". The place is at most a few words; the date is day and month.
_DATELINE_DATE = re.compile(
    r"^[A-Z][A-Za-z.'’ -]{1,40},\s+(?P<date>(?:"
    + "|".join(date_rules.FULL_MONTH_NAMES + date_rules.MONTH_ABBREVIATIONS)
    + r")\.?\s+\d{1,2}(?:,?\s+\d{4})?)\s*(?:\(|:|[—–-])"
)


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline opening ``paragraph`` (``July 14``, ``Jan 7, 2022``), or None."""
    found = _DATELINE_DATE.match(paragraph)
    return found.group("date") if found else None


# ---------------------------------------------------------------------------------------------
# Wire credits in bylines and credit lines

BYLINE_MAX_WORDS = 20
_AFTER_WIRE = r"(?:\s+(?:[A-Z][a-z]+\s+){0,2}(?:Writer|Correspondent|Reporter|Editor|staff|Staff)\b|\s*(?:$|[|,;–—•-]))"
_CREDIT = re.compile(
    rf"(?:^|\bBy\s+|\bby\s+|[|,;–—•-]\s*)(?:The\s+)?(?P<wire>{WIRE_PATTERN.pattern})(?={_AFTER_WIRE})", re.M
)


def wire_credit(line: str) -> str | None:
    """The agency a byline or credit line credits (``By Reuters``, ``Reuters staff``, ``The
    Associated Press``, ``— AFP``, ``By MATTHEW LEE, AP Diplomatic Writer``), or None. Only short
    lines are read: in a sentence, "Reuters" is a source cited, not a credit."""
    if len(line.split()) > BYLINE_MAX_WORDS:
        return None
    found = _CREDIT.search(line)
    return WIRES[found.group("wire")] if found else None


TRAILING_CREDIT_CHARS = 80  # a credit at the end of a paragraph is read in its last characters
_TRAILING_CREDIT = re.compile(rf"\s[–—-]{{1,2}}\s*(?P<wire>{WIRE_PATTERN.pattern})\s*$")


def trailing_credit(paragraph: str) -> str | None:
    """The agency credited at the end of a paragraph (``… the talks. — AFP``), or None."""
    found = _TRAILING_CREDIT.search(paragraph[-TRAILING_CREDIT_CHARS:])
    return WIRES[found.group("wire")] if found else None


# ---------------------------------------------------------------------------------------------
# Paths


def outlet_from_path(where: str) -> tuple[str, str] | None:
    """(outlet, ``folder`` or ``file name``) when a folder or the file name of ``where`` (the path
    as shown, members of zips after ``!``) holds a domain: ``miamiherald.com/123.txt``,
    ``cnn.com_2018-07-15.txt``. The innermost wins."""
    parts = [p for piece in where.split("!") for p in PurePosixPath(piece).parts]
    if not parts:
        return None
    name = PurePosixPath(parts[-1]).stem
    found = domain_in(name)
    if found:
        return found, "file name"
    for folder in reversed(parts[:-1]):
        if PurePosixPath(folder).suffix.lower() in (".zip",):
            continue
        found = domain_in(folder)
        if found:
            return found, "folder"
    return None
