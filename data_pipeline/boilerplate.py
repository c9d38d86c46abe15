"""Split a document's text into header, title, body paragraphs and removed boilerplate.

Produces ``Parsed`` records: title, outlet (``source``), credited wire agency (``wire``), the
header lines (masthead, dateline, byline), the body paragraphs, and every removed line with
its reason. The rules are line-level, from what scraped news pages carry (the seeds, METER,
PolNeAR and the Helsinki scrape): mastheads (``SpaceWar.com - Your World At War``), datelines
(``Brussels, Jan 7 (AFP)``), bylines (``Gulf Today Report``, ``Tribune Wire``), photo captions
(ending in a photo credit), link headlines (unpunctuated lines of six words or more inside or
after the story), "related/recommended/comments" footers, comment policies, affiliate
disclaimers and copyright notices. Short unpunctuated lines inside the story are section
headings: not reporting, removed with the reason ``heading``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import header as header_rules
from .header import WIRE_NAMES, WIRES

__all__ = ["WIRES", "Parsed", "is_credit", "parse"]

_WIRE_NAMES = WIRE_NAMES
# "told X" is an agency's own idiom; other outlets write "told Bloomberg" when citing a
# publication (3 of 3 such cases in PolNeAR), so Bloomberg is not credited that way.
_TOLD_NAMES = "|".join(sorted((re.escape(w) for w in WIRES if WIRES[w] != "Bloomberg"), key=len, reverse=True))

_TERMINAL = tuple(".!?:;)…,")
_TRAILING_QUOTES = "\"”’'»"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

_MASTHEAD = re.compile(
    r"^(?P<site>[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co\.uk|info|news|co|io|eu|ie|in|au))\s*[-|–—:]\s+.+$", re.I
)
_DATELINE_LINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’-]{{1,40}}),?\s+(?:{_MONTH}\s+\d{{1,2}}\s*)?\((?P<wire>{_WIRE_NAMES})\)"
    rf"(?P<rest>\s*[-—–:]?\s*(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})?\s*)$"
)
DATELINE_PREFIX = re.compile(
    rf"^(?P<dateline>[A-Z][A-Za-z .,'’-]{{1,50}}?\s*\((?P<wire>{_WIRE_NAMES})\)\s*[-—–:]+\s*)(?=\S)"
)
_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w.'’ -]{2,60}|(?P<outlet>[A-Z][\w.'’ -]{1,30}?)\s+(?:Report|Staff|Desk|Correspondent|Wire))$"
)
# A wire credited in the story: "told AFP" (agencies write it in their own copy), a dateline
# "(Reuters) -" inside the text, a copyright line. "(AP)" that merely expands a name
# ("Associated Press (AP),") is not followed by a dash, so it is not a credit.
_WIRE_MENTION = re.compile(
    rf"(?:\btold\s+(?P<told>{_TOLD_NAMES})\b(?!\s+(?:Politics|News|TV|Television|news agency)\b)|\((?P<paren>{_WIRE_NAMES})\)\s*(?:[-—–:]|$)"
    rf"|(?:Copyright|©)\s*(?:\d{{4}}\s*)?(?:by\s+)?(?P<copy>{_WIRE_NAMES})\b)",
    re.M,
)
# Where a mention can start. Trying the pattern only there, instead of at every position of the
# text, made ``_wire_in`` five times faster (the pattern's leading ``\b`` and group defeat the
# regex engine's own scan for a first character).
_WIRE_MENTION_START = re.compile(r"told|\(|Copyright|©")
# ...unless the same text cites that agency as someone else's source ("a report from
# Bloomberg", "according to Reuters", "Bloomberg reported"): then "told X" is a citation too.
# Measured on PolNeAR (924 articles with gold wire credits): see tests/test_boilerplate.py.
_CITED = r"(?:(?i:according to|report(?:ed)? (?:from|by)|provided to|first reported by|via))\s+(?:the\s+)?{name}\b|\b{name}\s+(?:reported|reports|first reported)\b"
# A photo credit or caption marker. A credit ends the line ("... AFP Photo", "Pool/Getty
# Images."): it is matched on the reversed line, anchored at its end, instead of searched for
# at every position (the search was a quarter of the cleaning time). ``_credit_reference`` in
# the tests is the plain pattern this is checked against.
CREDIT_WORDS = (
    "AP", "AFP", "Reuters", "EPA", "TNS", "Getty Images", "Pool", "File photo", "File", "Photo", "Xinhua",
    "Shutterstock", "Bloomberg",
)  # fmt: skip
_CREDIT_AT_END_REVERSED = re.compile(
    r"\s*\.?(?:otohP)?\s*(?:" + "|".join(re.escape(w[::-1]) for w in CREDIT_WORDS) + r")\b", re.I
)
_CREDIT_AT_START = re.compile(r"From left to right:|(?:Photo|Image|Picture|Caption)\s*:", re.I)
_CREDIT_INSIDE = re.compile(r"via Getty Images|\((?:left|right|centre|center)\)", re.I)


def is_credit(line: str) -> bool:
    """A photo credit or caption line (a credit at its end, "via Getty Images", "(left)", or a
    "Photo:" / "From left to right:" start)."""
    at_end = _CREDIT_AT_END_REVERSED.match(line[::-1])
    if at_end:
        before = line[: len(line) - at_end.end()].rstrip()
        if not (before and before[-1].islower()):  # "told Reuters.", "in the file": cited, not credited
            return True
    return bool(
        _CREDIT_AT_START.match(line)
        # the literal parts these need ("etty" has no other case-insensitive spelling)
        or (("(" in line or "etty" in line.lower()) and _CREDIT_INSIDE.search(line))
    )


# Lines that are boilerplate wherever they appear: (reason, pattern, gate). The gate, given the
# lower-cased line, is False only where the pattern cannot match (it looks for literal parts
# the pattern needs, none with an i or an s, which re.I also matches as ı and ſ): most lines
# are then passed over without a case-insensitive search at every position.
_LINE_PATTERNS = [
    ("advertisement", re.compile(r"^(?:advertisement|advertising|sponsored( content)?|ad)$", re.I), None),
    (
        "affiliate",
        re.compile(r"as an amazon associate|affiliate (?:link|commission)|we may earn a commission", re.I),
        lambda lower: "amazon" in lower or "aff" in lower or "earn" in lower,
    ),
    (
        "copyright",
        re.compile(r"^(?:all rights reserved|copyright\b|©|\(c\)\s*\d{4})|\ball rights reserved\b", re.I),
        lambda lower: lower.startswith(("all", "copyr", "©", "(c)")) or "erved" in lower,
    ),
    (
        "share",
        re.compile(
            # a button, or a short call to action (a long line starting "Subscribers to …" is news)
            r"^(?:share|share this( article)?|tweet|email|print)$"
            r"|^(?:follow us|sign up|subscribe|click here|read more|see also|watch:|listen:)\b.{0,80}$",
            re.I,
        ),
        None,
    ),
    (
        "navigation",
        re.compile(
            r"^(?:back to top( button)?|skip to (?:main )?content|home|menu|search|next article|previous article)$",
            re.I,
        ),
        None,
    ),
]
# Lines after which the rest of the document is page furniture, not the story.
_FOOTER = re.compile(
    r"^(?:related(?: articles| stories| news| content| coverage)?|recommended(?: for you| stories)?|more (?:from|on) .{0,40}|"
    r"read (?:more|next)|you may also like|most (?:read|popular)|trending(?: now)?|\(?\d+\)?\s+comments?|comments?|"
    r"welcome to the discussion\.?|leave a (?:comment|reply)|post a comment|join the conversation)$",
    re.I,
)
_COMMENT_POLICY = re.compile(
    r"^(?:keep it clean|don't threaten|be truthful|be nice|be proactive|share with us)\b", re.I
)

# Spaces other than the plain one (tab, no-break, the typographic spaces U+2000-U+200B, narrow
# no-break, math, ideographic): each becomes a plain space, then runs of them one.
_OTHER_SPACES = "\t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B + 1)))
LINK_MIN_WORDS = 6  # an unpunctuated line this long inside a story is a link headline
# ...and no longer than this: headlines run to ~20 words (the seeds' longest link has 12); a
# longer unpunctuated line is reporting that lost its stop (METER's PA copy ends lines in "<").
LINK_MAX_WORDS = 30
# A notice (copyright, affiliate, share) is one short paragraph: AFP's, the longest in the
# seeds, has 60 words. A longer line that contains "All rights reserved" is a whole story
# flattened onto one line (Helsinki scrape), not a notice.
NOTICE_MAX_WORDS = 100
# A bulleted line of more words than this is a list item of the story, not a heading: BBC News
# lists measures this way ("- Duty cuts on capital goods and raw materials"); the seeds' section
# heading "- 'Core principles' -" has two words.
LIST_ITEM_MIN_WORDS = 3
_BULLET = re.compile(r"^[-–•*]\s+\S")
WRAPPED_SHARE = 0.5  # share of long unpunctuated lines that marks hard-wrapped text
WRAPPED_MIN_CHARS = 50
SITE_LINES_MAX = 5  # lines of site furniture (masthead, navigation) read above the headline
TITLE_SUFFIX_WORDS = 4  # a given title may come back with " - Outlet Name" after it


@dataclass
class Parsed:
    """A document split into its parts."""

    title: str | None = None
    source: str | None = None
    source_from: str | None = None  # where the outlet was read: "metadata", "text" (or given)
    wire: str | None = None
    header: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, line)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _is_unpunctuated(line: str) -> bool:
    """No sentence punctuation at the end (closing quotation marks looked through)."""
    return not line.rstrip(_TRAILING_QUOTES + " ").endswith(_TERMINAL)  # "… dramatic . ”" is punctuated


def _words(line: str) -> int:
    return len(line.split())


def parse(text: str, *, title: str | None = None, source: str | None = None, byline: str | None = None) -> Parsed:
    """Split ``text`` into header, title, paragraphs and removed lines.

    ``title``/``source`` given by metadata (HTML, CSV, manifest) take precedence over detection;
    a first line equal to the given title is still recognised as the title. ``byline`` (an
    export's author field) may credit a wire. The header starts with the line stating the first
    publication (``Posted: …``, a date under the title or byline), read before any line is
    removed.
    """
    parsed = Parsed(title=title, source=source, source_from="metadata" if source else None)
    if byline:
        parsed.wire = header_rules.wire_credit(byline)
    blocks = _blocks(text)
    lines = [line for block in blocks for line in block]
    if not lines:
        return parsed
    top_lines = lines[: header_rules.HEADER_SCAN_LINES]
    top_dates = [header_rules.date_lines(line) for line in top_lines]  # read once: they are costly
    published = header_rules.publication_line(top_dates)
    date_lines = {line for line, dates_here in zip(top_lines, top_dates, strict=True) if dates_here}
    index, lines = _header(parsed, lines, date_lines)
    footer = False
    previous_removed = None  # reason of the line before, to catch captions under links
    body_lines: list[str] = []
    word_counts = [_words(line) for line in lines]  # read by several rules: counted once
    sentence_words_after = _sentence_words_after(lines, word_counts)
    body_words = 0
    for position in range(index, len(lines)):
        line = lines[position]
        reason = None
        if footer:
            reason = "footer"
        elif _FOOTER.match(line):
            footer = not _is_prose(lines, position + 1) and sentence_words_after[position + 1] <= body_words
            reason = "footer"
        elif _COMMENT_POLICY.match(line):
            reason = "comment policy"
        elif line in date_lines and position < header_rules.HEADER_SCAN_LINES:
            reason = "date"
        else:
            reason = _line_reason(parsed, line, word_counts[position], previous_removed)
        if reason:
            parsed.removed.append((reason, line))
            previous_removed = reason
            if parsed.wire is None and reason != "footer":
                parsed.wire = header_rules.wire_credit(line)
        else:
            body_lines.append(line)
            body_words += word_counts[position]
            previous_removed = None
    if not body_lines:
        body_lines = _summary_items(parsed)
    parsed.paragraphs = _strip_dateline(parsed, body_lines)
    if published is not None:
        parsed.header.insert(0, published[1].expression)
    elif parsed.paragraphs and (opening := header_rules.dateline_date(parsed.paragraphs[0])):
        parsed.header.insert(0, opening)
    if parsed.source_from == "text" and any(header_rules.republished(line) for line in lines):
        parsed.source = parsed.source_from = None  # a republisher's page: the outlet named is the original's
    if parsed.wire is None and parsed.paragraphs:
        parsed.wire = header_rules.trailing_credit(parsed.paragraphs[-1])
    if parsed.wire is None:
        parsed.wire = _wire_in(
            " ".join(parsed.paragraphs) + "\n" + "\n".join(r for _, r in parsed.removed if _ == "copyright")
        )
    return parsed


# An article made only of short summary items ("- Trump and Putin meet in Helsinki") has them
# removed as headings or links; they are then its body, not boilerplate.
SUMMARY_REASONS = ("link", "heading")


def _summary_items(parsed: Parsed) -> list[str]:
    items = [
        line for reason, line in parsed.removed if reason in SUMMARY_REASONS and _words(line) >= LIST_ITEM_MIN_WORDS
    ]
    if items:
        parsed.removed = [(r, line) for r, line in parsed.removed if not (r in SUMMARY_REASONS and line in items)]
    return items


# A footer marker ("Read More", "Related") followed directly by a line of this many words with
# sentence punctuation is inside the story (CNN pages put "Read More" after the first
# paragraphs): only the marker goes.
PROSE_MIN_WORDS = 15


def _is_prose(lines: list[str], position: int) -> bool:
    if position >= len(lines):
        return False
    line = lines[position]
    return _words(line) >= PROSE_MIN_WORDS and not _is_unpunctuated(line) and not _COMMENT_POLICY.match(line)


def _sentence_words_after(lines: list[str], word_counts: list[int]) -> list[int]:
    """For each position, the words of sentence-like lines from there to the end.

    A footer marker ("Related articles", "Comments") ends the story only if no more sentence
    text follows it than precedes it: pages also put a "comments" count or a related box near
    the top (Daily Mail pages in the Helsinki scrape), and there the story follows. Computed
    once, so a page of a thousand markers stays linear.
    """
    after = [0] * (len(lines) + 1)
    for position in range(len(lines) - 1, -1, -1):
        line = lines[position]
        sentence = not _is_unpunctuated(line) and not _COMMENT_POLICY.match(line)
        after[position] = after[position + 1] + (word_counts[position] if sentence else 0)
    return after


def _line_reason(parsed: Parsed, line: str, words: int, previous_removed: str | None) -> str | None:
    """Why ``line`` (of ``words`` words) is not reporting, or None."""
    lower = line.lower()
    for reason, pattern, gate in _LINE_PATTERNS:
        if words <= NOTICE_MAX_WORDS and (gate is None or gate(lower)) and pattern.search(line):
            if reason == "copyright":
                parsed.wire = parsed.wire or _wire_in(line)
                _set_outlet(parsed, header_rules.copyright_outlet(line))
            return reason
    if parsed.title and line.strip() == parsed.title.strip():
        return "repeated title"
    byline = _BYLINE.match(line) if words <= 6 else None
    if byline:
        _byline_credit(parsed, line, byline)
        return "byline"
    if words <= 60 and is_credit(line):
        return "caption"
    if _is_unpunctuated(line):
        if _has_sentence_break(line) or words > LINK_MAX_WORDS:
            return None  # reporting whose last full stop the scrape lost, not a headline
        if line.startswith(("“", '"', "•")) and words > LINK_MIN_WORDS:
            return None  # a quotation or list item left open by the scrape, kept
        if _BULLET.match(line) and len(re.findall(r"\w+", line)) > LIST_ITEM_MIN_WORDS:
            return None  # a list item in the story ("- Pledged $2.3bn for tsunami victims")
        return "link" if words >= LINK_MIN_WORDS else "heading"
    if previous_removed in ("link", "caption") and words <= 12 and not _has_quote(line) and not _BULLET.match(line):
        return "caption"  # a short line directly under a link headline is its caption
    return None


# A full stop after a lower-case word, then a capital: a sentence boundary inside a line.
# Headlines have one clause (``Czechs sign nuclear deal with S.Korea firm KHNP: PM``); the
# lower-case word keeps abbreviations such as ``U.S. Sends`` from counting.
_SENTENCE_BREAK = re.compile(r"[a-z]{3}[.!?][\"”’]?\s+[\"“‘]?[A-Z]")


def _has_sentence_break(line: str) -> bool:
    return bool(_SENTENCE_BREAK.search(line))


def _has_quote(line: str) -> bool:
    return any(q in line for q in '"“”')


def _byline_credit(parsed: Parsed, line: str, byline: re.Match) -> None:
    outlet = byline.group("outlet")
    if line.endswith("Wire") and outlet:
        parsed.wire = parsed.wire or WIRES.get(line, WIRES.get(outlet))
        if parsed.wire is None:
            parsed.wire = outlet
    if outlet and header_rules.outlet_like(outlet):
        _set_outlet(parsed, outlet.replace(" ", "") if line.endswith("Report") else outlet)


def _set_outlet(parsed: Parsed, outlet: str | None) -> None:
    """The outlet read from the text, unless one is known already (metadata, an earlier line)."""
    if outlet and not parsed.source:
        parsed.source = outlet
        parsed.source_from = "text"


def _blocks(text: str) -> list[list[str]]:
    """Paragraph blocks: one line each, or joined lines where the text is hard-wrapped."""
    text = _single_spaces(text)
    raw_blocks = [[ln.strip() for ln in block.split("\n") if ln.strip()] for block in re.split(r"\n\s*\n", text)]
    raw_blocks = [b for b in raw_blocks if b]
    all_lines = [ln for b in raw_blocks for ln in b]
    long_open = sum(1 for ln in all_lines if len(ln) >= WRAPPED_MIN_CHARS and _is_unpunctuated(ln))
    if all_lines and long_open / len(all_lines) > WRAPPED_SHARE:
        return [[" ".join(block)] for block in raw_blocks]
    return raw_blocks


def _single_spaces(text: str) -> str:
    """``text`` with every run of spaces of any kind made one plain space. Plain string
    replacements: a regex substitution, which stops at every space, was ~15% of ``parse``."""
    for space in _OTHER_SPACES:
        text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _header(parsed: Parsed, lines: list[str], date_lines: set[str]) -> tuple[int, list[str]]:
    """Consume masthead, title and dateline lines at the top; return where the body starts
    and the lines (a first line that runs on after a given title loses the title). ``date_lines``
    are the top lines stating a date."""
    index = 0
    masthead = _MASTHEAD.match(lines[0])
    if masthead and _is_unpunctuated(lines[0]):
        _set_outlet(parsed, masthead.group("site"))
        parsed.header.append(lines[0])
        parsed.removed.append(("masthead", lines[0]))
        index = 1
    furniture = False
    while index < min(len(lines) - 1, SITE_LINES_MAX):  # site furniture above the headline
        outlet = header_rules.bare_outlet(lines[index])
        if outlet:
            _set_outlet(parsed, outlet)
            parsed.header.append(lines[index])
            parsed.removed.append(("masthead", lines[index]))
        elif lines[index] in date_lines:
            parsed.removed.append(("date", lines[index]))  # read as the publication date, never a title
        elif header_rules.site_line(lines[index]):
            parsed.removed.append(("navigation", lines[index]))
        else:
            break
        index += 1
        furniture = True
    if index < len(lines):
        first = lines[index]
        given = (parsed.title or "").strip()
        # below site furniture, the first line may be a caption, a teaser or more furniture:
        # the title is taken from the top line only, or not at all
        if parsed.title is None and not furniture and len(lines) > 1 and _is_title_like(first):
            suffix = header_rules.title_suffix(first)
            if suffix:
                parsed.title = suffix[0]
                _set_outlet(parsed, suffix[1])
            else:
                parsed.title = first
            parsed.removed.append(("title", first))
            index += 1
        elif given and first.startswith(given[:40]) and _words(first) <= _words(given) + TITLE_SUFFIX_WORDS:
            parsed.removed.append(("title", first))  # the given title, perhaps with " - Site"
            index += 1
        elif given and first.startswith(given) and first[len(given) :].strip():
            parsed.removed.append(("title", given))  # extracted text that runs on after its title
            lines = lines[:index] + [first[len(given) :].strip()] + lines[index + 1 :]
    while index < len(lines):
        line = lines[index]
        dateline = _DATELINE_LINE.match(line)
        if dateline and _words(line) <= 10:
            parsed.wire = parsed.wire or WIRES[dateline.group("wire")]
            parsed.header.append(line)
            parsed.removed.append(("dateline", line))
            index += 1
            continue
        if parsed.title and line.strip() == parsed.title.strip():
            parsed.removed.append(("repeated title", line))
            index += 1
            continue
        break
    return index, lines


def _is_title_like(line: str) -> bool:
    if _has_sentence_break(line) or not any(ch.isalpha() for ch in line):
        return False  # a ruler of dashes is not a title
    return _words(line) <= 30 and not line.endswith((".", ",")) or (_words(line) <= 20 and line.endswith("."))


def _strip_dateline(parsed: Parsed, lines: list[str]) -> list[str]:
    """``BRUSSELS (AP) — text`` → header ``BRUSSELS (AP) —`` and paragraph ``text``."""
    if not lines:
        return lines
    match = DATELINE_PREFIX.match(lines[0])
    if not match:
        return lines
    parsed.wire = parsed.wire or WIRES[match.group("wire")]
    parsed.header.append(match.group("dateline").strip())
    parsed.removed.append(("dateline", match.group("dateline").strip()))
    return [lines[0][match.end() :]] + lines[1:]


def _wire_in(text: str) -> str | None:
    """The wire credited in the text (``told AFP``, ``(Reuters)``, ``Copyright AFP``), or None."""
    for match in _wire_mentions(text):
        name = match.group("told") or match.group("paren") or match.group("copy")
        if match.group("told") and _cited(text, name):
            continue
        if name:
            return WIRES[name]
    return None


def _wire_mentions(text: str) -> Iterator[re.Match]:
    """What ``_WIRE_MENTION.finditer(text)`` yields: the matches in text order, none overlapping."""
    end = 0
    for start in _WIRE_MENTION_START.finditer(text):
        match = _WIRE_MENTION.match(text, start.start()) if start.start() >= end else None
        if match:
            end = match.end()
            yield match


def _cited(text: str, name: str) -> bool:
    names = "|".join(re.escape(alias) for alias, wire in WIRES.items() if wire == WIRES[name])
    return bool(re.search(_CITED.format(name=f"(?:{names})"), text))
