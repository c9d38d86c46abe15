"""Boilerplate removal both ways on the five seeds, outlet and wire detection, and rule tables.

The seed tables below are the annotation: for each seed file, every line that is NOT reporting,
with the reason the cleaner must give. Every other non-blank line is reporting and must reach
``sentences``; none of the listed lines may.

Decision on section headings (``- 'Core principles' -``, ``‘Moment of Truth’``, ``Some Demands
‘Non Starters’``): they are removed with the reason ``heading``. They are editorial labels, not
statements anyone made or reported, and as sentences they would be counted as shared wire copy,
scored for tone and searched for quotes. They are not lost: ``articles.boilerplate`` keeps them
as ``heading: …``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_pipeline import SEEDS, boilerplate
from tests.conftest import CORPORA

# seed file -> {1-based line number: reason}. Title, masthead and dateline are header, not
# reporting: they go to articles.title/source/wire/header, never to sentences.
NOT_REPORTING = {
    "000_db8827cbea5162a4.txt": {1: "title"},
    "001_0b25a11ef2002b4a.txt": {
        1: "masthead",
        2: "title",
        3: "dateline",
        23: "heading",
        47: "advertisement",
        52: "heading",  # "Space News from SpaceDaily.com": a related-links block from here on
        53: "link",
        54: "link",
        55: "link",
        57: "heading",
        58: "link",
        59: "link",
        60: "link",
        62: "link",
        63: "link",
        64: "link",
        65: "link",
        67: "heading",
        68: "link",
        69: "link",
        70: "link",
        74: "copyright",
    },
    "002_dc5f41c9ccbb3143.txt": {
        1: "title",
        3: "repeated title",
        6: "caption",
        8: "byline",
        15: "link",
        17: "link",
        21: "caption",
        31: "link",
        32: "caption",
        43: "footer",
    },
    "003_8a553b9692560df8.txt": {1: "title", 27: "heading", 53: "heading", 67: "footer", 69: "footer"},
    "004_98216a91c8ae22c9.txt": {
        1: "title",
        3: "caption",
        35: "affiliate",
        37: "byline",
        **{n: "footer" for n in (39, 41, 43, 45, 46, 47, 48, 49, 50)},  # through the comment policy
    },
}

# seed file -> (outlet, wire): stated in the text or null, never invented.
OUTLET_WIRE = {
    "000_db8827cbea5162a4.txt": (None, None),
    "001_0b25a11ef2002b4a.txt": ("SpaceWar.com", "AFP"),  # masthead; "(AFP)" dateline
    "002_dc5f41c9ccbb3143.txt": ("GulfToday", "AFP"),  # "… - GulfToday" title; "told AFP"
    "003_8a553b9692560df8.txt": (None, "AFP"),  # no outlet stated; "told AFP"
    "004_98216a91c8ae22c9.txt": ("Tribune", "TNS"),  # "Tribune Wire" byline
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _seed_lines(name: str) -> list[tuple[int, str]]:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    return [(number, _norm(line)) for number, line in enumerate(lines, start=1) if line.strip()]


def _sentences_of(seeds_corpus, seed_articles, name: str) -> str:
    article_id = seed_articles.loc[name, "article_id"]
    sentences = seeds_corpus.sentences
    rows = sentences[sentences["article_id"] == article_id].sort_values("position")
    return _norm(" ".join(rows["text"]))


def test_the_table_covers_every_seed():
    assert sorted(NOT_REPORTING) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(NOT_REPORTING))
def test_every_reporting_line_reaches_sentences(name, seeds_corpus, seed_articles):
    text = _sentences_of(seeds_corpus, seed_articles, name)
    missing = [(n, line) for n, line in _seed_lines(name) if n not in NOT_REPORTING[name] and line not in text]
    assert missing == []


@pytest.mark.parametrize("name", sorted(NOT_REPORTING))
def test_no_boilerplate_line_reaches_sentences(name, seeds_corpus, seed_articles):
    text = _sentences_of(seeds_corpus, seed_articles, name)
    leaked = [(n, line) for n, line in _seed_lines(name) if n in NOT_REPORTING[name] and line in text]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(NOT_REPORTING))
def test_removed_lines_are_kept_with_their_reason(name, seed_articles):
    """Nothing is lost: each removed line is listed in articles.boilerplate with its reason."""
    kept = {_norm(entry) for entry in seed_articles.loc[name, "boilerplate"]}
    lines = dict(_seed_lines(name))
    expected = {f"{reason}: {lines[n]}" for n, reason in NOT_REPORTING[name].items()}
    assert expected - kept == set()


@pytest.mark.parametrize("name", sorted(OUTLET_WIRE))
def test_outlet_and_wire_on_the_seeds(name, seed_articles):
    row = seed_articles.loc[name]
    found = tuple(None if pd.isna(v) else v for v in (row["source"], row["wire"]))
    assert found == OUTLET_WIRE[name]


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("Title here\n\nBRUSSELS (AP) — NATO met on Friday.", "AP"),
        ("Title here\n\nLondon, Jan 12 (Reuters)\n\nTalks went on.", "Reuters"),
        ("Title here\n\nThe minister spoke.\n\nCopyright 2022 The Associated Press. All rights reserved.", "AP"),
        ("Title here\n\n“No deal,” a diplomat told AFP on Friday.", "AFP"),
        ("Title here\n\nThe AP style guide was updated.", None),  # a mention, not a credit
        ("Title here\n\nShe works at Reuters Street in Paris.", None),
        ("Title here\n\nThe ministers met in Brussels on Friday.", None),
        ("Title here\n\nShe told the Associated Press (AP), “We stay.”", None),  # a name expanded, no dash
        ("Title here\n\n“We stay,” he told Bloomberg in late May.", None),  # a publication cited
        ("Title here\n\n“We stay,” he told Reuters News on Friday.", None),
        ("Title here\n\nAccording to Reuters, talks stalled. “No,” he told Reuters.", None),  # cited as a source
        ("Title here\n\nLONDON (Reuters) - Talks stalled on Friday.", "Reuters"),
    ],
)
def test_wire_credit(text, wire):
    assert boilerplate.parse(text).wire == wire


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("ADVERTISEMENT", "advertisement"),
        ("Sponsored content", "advertisement"),
        ("As an Amazon Associate I earn from qualifying purchases.", "affiliate"),
        ("© 2022 Tribune Content Agency, LLC.", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Share this article", "share"),
        ("Back to top button", "navigation"),
        ("Related stories", "footer"),
        ("Leaders meet in Brussels. Photo: AFP", "caption"),
        ("Renowned Mars expert says Trump-Musk axis risks dooming mission", "link"),
        ("Moment of Truth", "heading"),
    ],
)
def test_boilerplate_line_rules(line, reason):
    parsed = boilerplate.parse(f"A title\n\nThe talks began on Monday in Geneva.\n\n{line}\n\nThe talks ended.")
    assert (reason, line) in parsed.removed
    assert line not in parsed.body


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended without agreement, officials said.",
        "“We will not compromise on core principles,” Stoltenberg said.",
        "Share prices fell 3% after the announcement on Monday.",  # starts like a share button
        "Related talks are planned in Vienna on Thursday.",  # starts like a footer
        "“It is too early to tell whether the Russians are serious about the path to diplomacy",  # open quote
        "NATO met Russia on Wednesday. The talks lasted four hours and ended without a date",  # stop lost
        "She told the Associated Press (AP), “We stay.”",  # not a dateline despite "(AP)"
        "“It was really, really dramatic . ”",  # tokenised text (AllSides): space before the stop
        "Two chemists today admitted supplying defective medicine for a baby who later died and were fined "
        "at the court on Tuesday after a hearing that lasted most of the day with several witnesses heard<",
        "- Pledged 102.16bn rupees ($2.3bn) for tsunami victims",  # a list item of the story
        "Subscribers to the broadband service will be able to make free evening calls.",  # not "subscribe"
    ],
)
def test_reporting_lines_are_kept(line):
    parsed = boilerplate.parse(f"A title\n\nThe talks began on Monday in Geneva.\n\n{line}\n\nThe talks ended.")
    assert line in parsed.body
    assert "The talks ended." in parsed.body


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n \t ",
        "ADVERTISEMENT\n\nShare this article\n\nAll rights reserved.",
        "Just a title\n\nRelated articles\n\nMoscow-led forces in Kazakhstan for a limited time\n\nSassoli dies at 65",
    ],
)
def test_texts_without_reporting_give_no_body(text):
    assert boilerplate.parse(text).body == ""


@pytest.mark.parametrize(
    ("text", "title", "given", "body"),
    [
        ("One sentence that is the whole article.", None, None, "One sentence that is the whole article."),
        ("NATO talks\n\nNATO met Russia.", "NATO talks", None, "NATO met Russia."),
        ("NATO talks - The Daily\n\nNATO met Russia.", "NATO talks", "NATO talks", "NATO met Russia."),
        ("NATO talks NATO met Russia. It ended.", "NATO talks", "NATO talks", "NATO met Russia. It ended."),
        ("NATO met Russia. It ended.\n\nMore followed.", None, None, "NATO met Russia. It ended.\n\nMore followed."),
    ],
    ids=["one line", "title line", "given title with site", "text runs on after given title", "no title"],
)
def test_title_and_body(text, title, given, body):
    parsed = boilerplate.parse(text, title=given)
    assert (parsed.title, parsed.body) == (title, body)


# Wire credit on PolNeAR (train + dev, 924 articles, gold ``wire`` in metadata.tsv). Measured
# when these rules were written: 68 of 69 credits right (precision 0.99), 68 of 75 wire
# articles found (recall 0.91); the misses carry no credit in their text. The rules were
# adjusted on this same data (no held-out split is available), so the floors leave a margin.
WIRE_PRECISION_FLOOR = 0.95
WIRE_RECALL_FLOOR = 0.85


@pytest.mark.corpus
def test_wire_credit_on_polnear():
    from conftest import corpus_path

    root = corpus_path("polnear")
    meta = pd.read_csv(root / "metadata.tsv", sep="\t")
    meta = meta[meta["compartment"].isin(["train", "dev"])]
    gold, found = [], []
    for row in meta.itertuples():
        path = root / row.compartment / "text" / f"{row.filename}.txt"
        gold.append(None if str(row.wire) in ("None", "nan") else {"reuters": "Reuters"}.get(row.wire, row.wire))
        found.append(boilerplate.parse(path.read_text(encoding="utf-8")).wire)
    credited = [(g, f) for g, f in zip(gold, found, strict=True) if f is not None]
    wire_articles = [(g, f) for g, f in zip(gold, found, strict=True) if g is not None]
    precision = sum(g == f for g, f in credited) / len(credited)
    recall = sum(g == f for g, f in wire_articles) / len(wire_articles)
    assert precision >= WIRE_PRECISION_FLOOR and recall >= WIRE_RECALL_FLOOR, (precision, recall)


# BBC News (2,225 articles, clean text: a title line, then only reporting). Every line the
# cleaner removes after the title is a false removal. Measured: 172 of 10,635 body lines
# (1.7%), mostly award-list headings and one-line standfirsts; 223 (2.1%) before list items
# and long "Subscribers …" lines were kept.
BBC_FALSE_REMOVAL_CEILING = 0.025


@pytest.mark.corpus
def test_few_reporting_lines_removed_on_clean_bbc_text():
    from conftest import corpus_path

    from data_pipeline.ingest import decode

    lines = removed = 0
    for path in sorted(corpus_path("bbc").rglob("*.txt")):
        text = decode(path.read_bytes())
        lines += sum(1 for line in text.splitlines() if line.strip()) - 1
        removed += sum(1 for reason, _ in boilerplate.parse(text).removed if reason != "title")
    assert removed / lines <= BBC_FALSE_REMOVAL_CEILING, (removed, lines)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Summit\n\nThe leaders met on Monday. They talked for two hours.\n\nRelated articles\n\n"
            "Trump lands in Helsinki ahead of summit\n\nKeep it Clean. Please avoid obscene language.",
            "The leaders met on Monday. They talked for two hours.",
        ),
        (
            "Summit\n\n24 comments\n\nThe leaders met on Monday in Helsinki. They talked for two hours.\n\n"
            "Reporters waited outside the palace. Then the leaders held a news conference.",
            "The leaders met on Monday in Helsinki. They talked for two hours.\n\n"
            "Reporters waited outside the palace. Then the leaders held a news conference.",
        ),
    ],
    ids=["footer at the end", "a comment count above the story"],
)
def test_footer_markers_end_the_story_only_at_its_end(text, body):
    assert boilerplate.parse(text).body == body


# Real scrapes: the share of documents the cleaner empties entirely (each becomes a problems
# row, not an article). Measured: Helsinki 2 of 612, AllSides 0 of 1,286 (before the footer
# look-ahead and the word caps: 44 and 26).
EMPTIED_CEILING = 0.01


@pytest.mark.corpus
@pytest.mark.parametrize("parts", [("helsinki", "helsinki_articles.csv"), ("allsides_sample", "jsons")])
def test_real_scrapes_are_rarely_emptied(parts):
    from conftest import corpus_path

    from data_pipeline.ingest import read_inputs

    documents, _ = read_inputs([corpus_path(*parts)])
    emptied = [d.path for d in documents if not boilerplate.parse(d.text, title=d.meta.get("title")).body]
    assert len(emptied) <= EMPTIED_CEILING * len(documents), emptied[:5]


# --- the fast line tests mean exactly what the plain patterns say ------------------------------

_CREDIT_AT_END_REFERENCE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in boilerplate.CREDIT_WORDS) + r")\s*(?:Photo)?\.?\s*$", re.I
)
_CREDIT_ELSEWHERE_REFERENCE = re.compile(
    r"via Getty Images|\((?:left|right|centre|center)\)|^From left to right:|^(?:Photo|Image|Picture|Caption)\s*:", re.I
)


def _credit_reference(line: str) -> bool:
    """The plain rule: a credit word ending the line, not right after a lower-case word ("told
    Reuters.", "the reach of the EPA." cite, they do not credit), or a caption marker."""
    at_end = _CREDIT_AT_END_REFERENCE.search(line)
    if at_end and not line[: at_end.start()].rstrip()[-1:].islower():
        return True
    return bool(_CREDIT_ELSEWHERE_REFERENCE.search(line))


_LINE_PIECES = (
    *boilerplate.CREDIT_WORDS, "photo", "PHOTO", "afp", ".", " ", "  ", "\t", "\n", "via Getty Images", "VIA GETTY",
    "(left)", "(Centre)", "From left to right:", "Caption :", "Image:", "All rights reserved", "ALL RIGHTS RESERVED",
    "all rıghts reserved", "reſerved", "copyright", "Copyrıght", "©", "(c) 2022", "(C)2019", "as an Amazon Associate",
    "affiliate link", "AFFILIATE COMMISSION", "we may earn a commission", "İ", "ı", "ſ", "K", "SNAP", "Pooled",
    "The talks ended", "said", "—", "-", "/",
)  # fmt: skip


def _real_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    for folder in ("polnear", "meter", "helsinki"):
        root = CORPORA / folder
        for path in sorted(root.rglob("*.txt"))[:300] if root.exists() else []:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip()]


def _same_as_plain_patterns(line: str) -> None:
    assert boilerplate.is_credit(line) == _credit_reference(line), line
    lower = line.lower()
    for reason, pattern, gate in boilerplate._LINE_PATTERNS:
        if gate is not None and pattern.search(line):
            assert gate(lower), (reason, line)


def test_fast_line_tests_agree_with_the_plain_patterns_on_real_lines():
    lines = _real_lines()
    for line in lines:
        _same_as_plain_patterns(line)
    assert sum(_credit_reference(line) for line in lines) > 0  # the cases are really met


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES) | st.text(max_size=4), max_size=12).map("".join))
@example("Pool/Getty Images.")
@example("Delegates arrive. AFP PHOTO .  ")
@example("The SNAP")
@example("(c) 2022 all rıghts reſerved")
def test_fast_line_tests_agree_with_the_plain_patterns_on_generated_lines(line):
    _same_as_plain_patterns(line)


# The text-wide shortcuts (spaces, wire mentions, date lines) give what the plain forms give.
_PLAIN_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_TEXT_PIECES = (
    " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u200b", "\u200c", "\u3000", "x", "told", "told AFP", "Told Reuters",
    "(", "(AP)", "(AP) -", "Copyright", "©", " 2019 ", "by ", "Reuters", "Agence France-Presse", ")", "-", "AFP",
)  # fmt: skip


def _same_as_plain_forms(text: str) -> None:
    assert boilerplate._single_spaces(text) == _PLAIN_SPACES.sub(" ", text), repr(text)
    plain = [m.span() for m in boilerplate._WIRE_MENTION.finditer(text)]
    assert [m.span() for m in boilerplate._wire_mentions(text)] == plain, repr(text)


def test_text_shortcuts_agree_with_the_plain_forms_on_real_lines():
    lines = _real_lines()
    _same_as_plain_forms("\n".join(lines))
    for line in lines:
        _same_as_plain_forms(line)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES) | st.text(max_size=4), max_size=16).map("".join))
@example("Copyright told AFP (AP) -")
@example("Photo: © 2019 by Reuters")
@example(" \u00a0\t x  y\u3000")
def test_text_shortcuts_agree_with_the_plain_forms_on_generated_texts(text):
    _same_as_plain_forms(text)


_DATE_WORDS = ("July", "Jul.", "Sept", "Monday", "Tuesday,", "of", "th", "st", " ", ", ", "-", "/", ".", "Updated:")
_NO_DIGIT = st.characters(blacklist_categories=("Nd",))  # Nd: what ``\d`` matches in a str pattern


@given(st.lists(st.sampled_from(_DATE_WORDS) | st.text(_NO_DIGIT, max_size=3), max_size=12).map("".join))
@example("Monday, July fifteenth, two thousand eighteen")
@example("Posted: July XV, MMXVIII")
def test_dates_of_date_lines_need_digits(line):
    # ``header.date_lines`` passes over lines without a digit: no date it reads can be written so.
    from data_pipeline import dates
    from data_pipeline.dates import rules

    kinds = {m.kind for m in dates.mentions(line)}
    assert not kinds & {*rules.EXPLICIT_KINDS, "month_day"}, line


# ---------------------------------------------------------------------------------------------
# Outlets, dates, credits and reporting on real scrapes (issue 16). Lines as they occur in the
# Helsinki summit scrape (75 outlets, July 2018); benchmarks/metadata.py measures the whole.


@pytest.mark.parametrize(
    "text, outlet",
    [
        (
            "What Trump and Putin hope to achieve at Helsinki summit | Miami Herald\n\nHELSINKI (AP) — The talks began.",
            "Miami Herald",
        ),
        ("NOLA.com | The Times-Picayune\n\nTrump sets expectations low\n\nThe summit opens Monday.", "NOLA.com"),
        (
            "Title of the story here\n\nThe talks began.\n\nCopyright © 2018 The Washington Times, LLC.",
            "The Washington Times",
        ),
        # never a photo credit, a video length, a piece of a headline, a syndication notice
        ("Crowds gather in Helsinki - Alex Wong/Getty Images\n\nThe talks began on Monday.", None),
        ("Watch Trump and Putin speak ahead of summit - 01:42\n\nThe talks began on Monday.", None),
        ("Royalty, the pope, and now Trump - Putin makes everyone wait\n\nThe talks began on Monday.", None),
        ("Finnish paper greets Trump - free press\n\nThe talks began on Monday.", None),
        ("Job cuts 'false economy' - TUC\n\nThe talks began on Monday.", None),  # BBC News: a source, not the outlet
        ("Title of the story here\n\nThe talks began.\n\nCopyright 2018 by CNN NewSource. All rights reserved.", None),
        ("Title of the story here\n\nThe talks began.\n\nTrademark and Copyright 2018 Cable News Network , Inc.", None),
        (
            "Title of the story here\n\nThe talks began.\n\nCopyright 2018 The Associated Press. All rights reserved.",
            None,
        ),
    ],
)
def test_outlet_only_from_strong_evidence(text, outlet):
    parsed = boilerplate.parse(text)
    assert parsed.source == outlet
    assert parsed.source_from == ("text" if outlet else None)


@pytest.mark.parametrize(
    "lines, expected",
    [
        (
            [
                "Trump tells officials",
                "By MICHELLE KOSINSKI, CNN",
                "Posted: 9:20 AM, July 15, 2018",
                "Updated: 9:35 AM, July 16, 2018",
            ],
            "July 15, 2018",
        ),
        (
            ["Summit title", "Originally published July 14, 2018 at 6:54 pm", "Updated July 15, 2018 at 5:23 am"],
            "July 14, 2018",
        ),
        (["Summit title", "Updated July 15, 2018 at 5:23 am"], "July 15, 2018"),  # an update alone is still a date
        (
            ["Summit title", "By GEOFF MULVIHILL -          Associated Press -     Saturday, July 14, 2018"],
            "July 14, 2018",
        ),
        (["Summit title", "4:22 PM 07/15/2018", "Email"], "07/15/2018"),
        (["Summit title", "Saturday, 14 July 2018 09:38 AM"], "14 July 2018"),
        (
            ["Summit title", "USA TODAY Published 12:42 p.m. CT July 15, 2018 | Updated 12:48 p.m. CT July 15, 2018"],
            "July 15, 2018",
        ),
        (
            ["Summit title", "by Alina Polyakova July 15 at 1:10 PM Follow @apolyakova"],
            "July 15",
        ),  # year from the corpus
        # a tweet's embed, a caption with a date, a sentence: not the publication
        (["Summit title", "— This Week (@ThisWeekABC) July 15, 2018"], None),
        (
            [
                "Summit title",
                "Computer mouse pads are seen on a vendor's table at a convention Saturday, July 14, 2018, in Philadelphia.",
            ],
            None,
        ),
        (["Summit title", "Trump met Putin on July 16, 2018"], None),
    ],
)
def test_publication_date_read_from_the_header_lines(lines, expected):
    body = "The summit of the two leaders opened in the Finnish capital with a long handshake."
    parsed = boilerplate.parse("\n\n".join([*lines, body]))
    assert (parsed.header[0] if parsed.header else None) == expected
    assert parsed.paragraphs[-1] == body


def test_a_dateline_with_a_date_dates_the_article():
    text = "Finland beefs up security\n\nHelsinki, July 14: Authorities in Helsinki were on their toes on Saturday."
    assert boilerplate.parse(text).header[0] == "July 14"


@pytest.mark.parametrize(
    "text, wire",
    [
        (
            "Trump Plays Golf in Scotland\n\nBy Reuters\n\nJuly 15, 2018\n\nTURNBERRY, Scotland - Trump played golf.",
            "Reuters",
        ),
        ("Trump Plays Golf in Scotland\n\nReuters staff\n\nTrump played golf on Saturday, aides said.", "Reuters"),
        (
            "Pakistanis mourning victims\n\nAssociated Press\n\nPurchase: Order Reprint\n\nQUETTA, Pakistan — They mourned.",
            "AP",
        ),
        ("Summit title\n\nBy MATTHEW LEE, AP Diplomatic Writer | on\n\nThe talks began on Monday in Helsinki.", "AP"),
        ("Summit title\n\nThe talks began on Monday in Helsinki, officials said. — AFP", "AFP"),
        ("Summit title\n\nBy MICHELLE KOSINSKI, CNN\n\nThe talks began on Monday in Helsinki.", None),
    ],
)
def test_wire_credit_from_bylines_and_credit_lines(text, wire):
    assert boilerplate.parse(text).wire == wire


REPORTING = (
    "But as Trump and Putin prepare to arrive in Helsinki, the source with knowledge of the discussions said "
    "there is little expectation of a breakthrough on any of the issues."
)


@pytest.mark.parametrize(
    "text, kept",
    [
        # "Read More" inside a CNN page: what follows is reporting, only the marker goes
        (
            f"Trump tells officials how Putin will respond\n\nThe President spoke on Sunday.\n\nRead More\n\n{REPORTING}\n\nThe White House declined to comment.",
            [REPORTING],
        ),
        # an AP lead with a dateline is reporting
        (
            "Trump wins sympathy from Russian media\n\nMOSCOW (AP) — U.S. President Donald Trump is no fan of American journalists, but he might love what the Russian media say about him.",
            [
                "U.S. President Donald Trump is no fan of American journalists, but he might love what the Russian media say about him."
            ],
        ),
        # "told Reuters." ends a quote, not a photo caption
        (
            'Summit title\n\n"There was a gap between the idea that there is some kind of crisis and the reality," one senior NATO diplomatic source told Reuters.',
            [
                '"There was a gap between the idea that there is some kind of crisis and the reality," one senior NATO diplomatic source told Reuters.'
            ],
        ),
    ],
)
def test_reporting_is_never_removed(text, kept):
    body = boilerplate.parse(text).paragraphs
    assert all(paragraph in body for paragraph in kept)


def test_a_footer_marker_before_links_still_ends_the_story():
    parsed = boilerplate.parse(
        f"Title of the story\n\n{REPORTING}\n\nRelated\n\nTrump and Putin meet in Helsinki for first summit\n\nOther headline of a story here today"
    )
    assert parsed.paragraphs == [REPORTING]
    assert [r for r, _ in parsed.removed].count("footer") == 3


def test_an_article_of_summary_bullets_keeps_them():
    text = "Helsinki summit: what we know\n\n- Trump and Putin meet in Helsinki\n\n- Talks last two hours behind closed doors\n\n- No joint statement is expected"
    parsed = boilerplate.parse(text)
    assert parsed.paragraphs == [
        "- Trump and Putin meet in Helsinki",
        "- Talks last two hours behind closed doors",
        "- No joint statement is expected",
    ]


# Issue 16: a republisher's page names the original in its title suffix; the page is not that
# outlet's (the Helsinki scrape: beforeitsnews.com carrying "… | The BRICS Post").
@pytest.mark.parametrize(
    "marker",
    [
        "% of readers think this story is Fact. Add your two cents.",
        "[[ This is a content summary only. Visit my website for full links, other content, and more! ]]",
        "This article was originally published on The Conversation.",
        "This story first appeared on Miami Herald and is republished with permission.",
        "Republished with permission from The Daily Signal.",
        "Read the full article at The Daily Star",
    ],
)
def test_a_republished_page_is_not_credited_to_the_original_outlet(marker):
    text = (
        "The best World Cup in decades | The BRICS Post\n\nSunday, July 15, 2018 20:50\n\n"
        "Windows to Russia This one is for the record books, having seen a number of firsts.\n\n" + marker
    )
    parsed = boilerplate.parse(text)
    assert (parsed.title, parsed.source, parsed.source_from) == ("The best World Cup in decades", None, None)


def test_a_date_labelled_originally_published_is_no_republication():
    text = (
        "What Trump and Putin hope to achieve at Helsinki summit | Miami Herald\n\n"
        "Originally published July 14, 2018 at 6:54 pm\n\nHELSINKI (AP) — The talks began on Monday."
    )
    assert boilerplate.parse(text).source == "Miami Herald"


# Site furniture scraped above the headline (lines as they occur in the Helsinki scrape): never
# a title. A bare outlet name at the top is the page's masthead.
@pytest.mark.parametrize(
    "line",
    [
        "Enter City and State or Zip Code",
        "Obituaries Front",
        "PostEverything Perspective",
        "CBS News Videos •",
        "share",
        "Print",
        "World",
        "A \u00a0 A",
        "Tap here to turn on desktop notifications to get the news sent straight to you.",
        "To find out more about Facebook commenting please read the Conversation Guidelines and FAQs",
        "Get breaking news alerts from Newsday",
        "Subscribe to Breaking News emails",
        "FacebookEmail Twitter Google+ LinkedIn Pinterest",
        "Sunday, Jul 15th 2018 5-Day Forecast",
        "High 86F. Winds NNE at 5 to 10 mph..",
        "by Sprott Money - Jul 14, 2018 7:00 am",
        "powered by Ask",
        "Scroll to top of page",
    ],
)
def test_site_navigation_is_never_a_title(line):
    parsed = boilerplate.parse(f"{line}\n\nTrump meets Putin\n\nThe talks began on Monday in Helsinki.")
    assert parsed.title is None
    assert line.strip() not in parsed.body  # removed, with its reason
    assert "The talks began on Monday in Helsinki." in parsed.body


@pytest.mark.parametrize(
    ("line", "outlet"), [("POLITICO", "POLITICO"), ("The Boston Globe", "The Boston Globe"), ("CBS News", "CBS News")]
)
def test_a_bare_outlet_name_on_top_is_the_masthead_not_the_title(line, outlet):
    parsed = boilerplate.parse(f"{line}\n\nWhite House\n\nThe talks began on Monday in Helsinki.")
    assert (parsed.title, parsed.source, parsed.source_from) == (None, outlet, "text")


@pytest.mark.parametrize(
    "title",
    [
        "Trump meets Putin",
        "Trump Slams CNN",
        "The Latest: Nielsen downplays 2018 Russia election threat",
        "Trump to play golf as he preps for Putin summit amid Russian...",
        "Why the Media is Desperate to Reclaim its “Gatekeeper” Status for News",
        "By the numbers: Trump and Putin",
        "Economy 'stronger than forecast'",  # BBC News
        "Downloads enter US singles chart",
        "Download chart debut is delayed",
        "US to sell 100 F-35 jets to Poland",
    ],
)
def test_headlines_stay_titles(title):
    assert boilerplate.parse(f"{title}\n\nThe talks began on Monday in Helsinki.").title == title


@pytest.mark.parametrize(
    "line", ["By The Associated Press", "/ Source: Associated Press", "EDITION", "Meet the Press", "CBS News Videos •"]
)
def test_bylines_menus_and_shows_on_top_are_no_masthead(line):
    assert boilerplate.parse(f"{line}\n\nWhite House\n\nThe talks began on Monday in Helsinki.").source is None


@pytest.mark.corpus
def test_no_bbc_headline_is_taken_for_site_furniture():
    """BBC News files start with their headline (2,225 of them): every one stays the title."""
    from conftest import corpus_path

    from data_pipeline.ingest import decode

    missed = []
    for path in sorted(corpus_path("bbc").rglob("*.txt")):
        text = decode(path.read_bytes())
        headline = " ".join(text.split("\n", 1)[0].split())
        if boilerplate.parse(text).title != headline:
            missed.append(headline)
    assert missed == []
