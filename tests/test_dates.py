"""Tests for data_pipeline.dates: publication dates (stated, manifest, inferred) and events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_pipeline import dates, schema
from data_pipeline.dates import publication

FRI = dt.date(2022, 1, 7)  # seed 001's dateline
TUE = dt.date(2022, 1, 11)
WED = dt.date(2022, 1, 12)
NEW_YEAR_EVE = dt.date(2021, 12, 30)
GRANULARITIES = {dates.DAY, dates.WEEK, dates.MONTH, dates.YEAR}


def _resolutions(text, published):
    return [(r.mention.expression, r.date.isoformat(), r.granularity) for r in dates.resolved(text, published)]


# (text, publication date, expected [(expression, date, granularity)])
EXPRESSIONS = [
    # weekdays: past tense → most recent (the day itself included), future → the next one
    ("NATO chief Jens Stoltenberg warned Friday that the risk is real.", FRI, [("Friday", "2022-01-07", "day")]),
    (
        "Ministers held an emergency videoconference Friday to coordinate their approach.",
        FRI,
        [("Friday", "2022-01-07", "day")],
    ),
    ("Stoltenberg spoke to the leaders of the two nations Friday to insist.", FRI, [("Friday", "2022-01-07", "day")]),
    ("A French government source said Thursday in Paris.", FRI, [("Thursday", "2022-01-06", "day")]),
    (
        "Officials are set to hold talks in Geneva on Monday, after Moscow laid down demands.",
        FRI,
        [("Monday", "2022-01-10", "day")],
    ),
    (
        "Those will be followed Wednesday by a meeting between Russia and NATO.",
        FRI,
        [("Wednesday", "2022-01-12", "day")],
    ),
    ("The talks are scheduled for Monday.", FRI, [("Monday", "2022-01-10", "day")]),
    ("The protest happened on Sunday.", FRI, [("Sunday", "2022-01-02", "day")]),
    ("The ministers met last Friday.", FRI, [("last Friday", "2021-12-31", "day")]),
    ("They will meet again next Friday.", FRI, [("next Friday", "2022-01-14", "day")]),
    (
        "After talks in Geneva on Monday proved inconclusive, the dialogue was to move on Wednesday.",
        TUE,
        [("Monday", "2022-01-10", "day"), ("Wednesday", "2022-01-12", "day")],
    ),
    (
        "The allies have long insisted that membership is for states to decide and on Tuesday once again vowed it.",
        TUE,
        [("Tuesday", "2022-01-11", "day")],
    ),
    (
        "Speaking after Monday's talks, Grushko said Russia would demand a response.",
        TUE,
        [("Monday's", "2022-01-10", "day")],
    ),
    (
        "She described the broad themes of Wednesday's talks as risk reduction.",
        TUE,
        [("Wednesday's", "2022-01-12", "day")],
    ),
    ("The Monday session in Geneva didn't give the U.S. much insight.", WED, [("Monday", "2022-01-10", "day")]),
    (
        "The NATO talks will be followed by discussions in Vienna under the OSCE on Thursday.",
        WED,
        [("Thursday", "2022-01-13", "day")],
    ),
    # a future-tense weekday naming the publication day is that day, not a week later
    (
        "Amherst police officials declined to comment Saturday.",
        dt.date(1998, 11, 21),
        [("Saturday", "1998-11-21", "day")],
    ),
    ("The group might come to the U.S. as soon as Tuesday.", dt.date(2000, 4, 3), [("Tuesday", "2000-04-04", "day")]),
    (
        "Officials who traveled on his trip to Havana on Wednesday spoke.",
        dt.date(2000, 4, 5),
        [("Wednesday", "2000-04-05", "day")],
    ),
    ("Protesters planned a large demonstration on Saturday.", dt.date(2000, 1, 7), [("Saturday", "2000-01-08", "day")]),
    (
        "The Times said in an editorial on Monday, Oct. 26:",
        dt.date(1998, 10, 25),
        [("Monday, Oct. 26", "1998-10-26", "day")],
    ),
    ("The deal collapsed two days ago.", FRI, [("two days ago", "2022-01-05", "day")]),
    ("Prices were lower a year ago.", FRI, [("a year ago", "2021-01-01", "year")]),
    ("Super Tuesday brings parties closer to picking nominees.", FRI, []),  # a named day
    # days and weeks relative to publication
    ("Today ministers stressed that aggression would carry a heavy price.", FRI, [("Today", "2022-01-07", "day")]),
    ("He arrived in Kyiv yesterday.", FRI, [("yesterday", "2022-01-06", "day")]),
    ("The vote is tomorrow.", FRI, [("tomorrow", "2022-01-08", "day")]),
    ("Allies consult ahead of crunch talks next week.", FRI, [("next week", "2022-01-10", "week")]),
    ("The envoy visited Kyiv last week.", FRI, [("last week", "2021-12-27", "week")]),
    (
        "The meeting comes after a meeting in Geneva earlier this week.",
        WED,
        [("earlier this week", "2022-01-10", "week")],
    ),
    # months and years, the year boundary included
    ("Tensions have soared in recent months.", FRI, [("in recent months", "2021-12-01", "month")]),
    ("The Kremlin published two proposed treaties late last year.", FRI, [("late last year", "2021-01-01", "year")]),
    ("The Kremlin laid out demands at the end of last year.", WED, [("at the end of last year", "2021-01-01", "year")]),
    ("Trade fell last month.", FRI, [("last month", "2021-12-01", "month")]),
    ("Elections are due next year.", FRI, [("next year", "2023-01-01", "year")]),
    ("The treaties were published in December.", FRI, [("in December", "2021-12-01", "month")]),
    ("On December 17 Moscow published its demands.", FRI, [("December 17", "2021-12-17", "day")]),
    ("The summit will take place in December.", FRI, [("in December", "2022-12-01", "month")]),
    ("Talks will resume in January.", NEW_YEAR_EVE, [("in January", "2022-01-01", "month")]),
    ("The two sides meet on January 3.", NEW_YEAR_EVE, [("January 3", "2022-01-03", "day")]),
    (
        "Leaders agreed to hold such talks by the end of January.",
        TUE,
        [("by the end of January", "2022-01-01", "month")],
    ),
    ("It was the first such encounter since July 2019.", FRI, [("since July 2019", "2019-07-01", "month")]),
    ("Russia has put intense pressure on Ukraine since 2014.", FRI, [("since 2014", "2014-01-01", "year")]),
    ("In March 2014 Russia annexed Crimea.", FRI, [("In March 2014", "2014-03-01", "month")]),
    # explicit dates (dateparser) and numeric dates
    ("Brussels (AFP) Jan 07, 2022", FRI, [("Jan 07, 2022", "2022-01-07", "day")]),
    ("The decree of 2022-01-07 was published.", None, [("2022-01-07", "2022-01-07", "day")]),
    ("The accord was signed on 7 January 2022.", None, [("7 January 2022", "2022-01-07", "day")]),
    ("The accord was signed on 24/02/2022.", None, [("24/02/2022", "2022-02-24", "day")]),
    # texts that must yield nothing
    ("The accord was signed on 01/02/2022.", FRI, []),  # day-first or month-first: not settled
    ("The accord was signed on Feb 30, 2022.", FRI, []),  # impossible date
    ("The file 2022-13-45 is corrupt.", FRI, []),
    ("Russia massed some 100,000 troops on its border.", FRI, []),
    ("Russia and all 30 NATO members will meet.", FRI, []),
    ("You may leave the 57-nation Organization whenever you like.", FRI, []),
    ("Spending rose 2.5% in a year of turmoil.", FRI, []),
    ("NATO chief Jens Stoltenberg warned Friday that the risk is real.", None, []),  # no date to resolve against
    ("", FRI, []),
]


@pytest.mark.parametrize("text, published, expected", EXPRESSIONS)
def test_expressions_resolve_against_the_publication_date(text, published, expected):
    assert _resolutions(text, published) == expected


def test_dateparser_is_used_for_explicit_strings_and_rejects_impossible_ones():
    assert dates.explicit_date("7 janvier 2022") == dt.date(2022, 1, 7)
    assert dates.explicit_date("07.01.2022 10:00") == dt.date(2022, 1, 7)
    assert dates.explicit_date("2022/01/07") == dt.date(2022, 1, 7)
    assert dates.explicit_date("Fri, 07 Jan 2022 10:00:00 GMT") == dt.date(2022, 1, 7)
    assert dates.explicit_date("2022-01-07T23:30:00+01:00") == dt.date(2022, 1, 7)
    for text in ("Feb 30, 2022", "Friday", "January 2022", "not a date", ""):
        assert dates.explicit_date(text) is None, text


# ---------------------------------------------------------------------------------------------
# Publication dates


SEED_DATES = {
    "000_db8827cbea5162a4.txt": ("2022-01-07", "inferred"),
    "001_0b25a11ef2002b4a.txt": ("2022-01-07", "stated"),
    "002_dc5f41c9ccbb3143.txt": ("2022-01-11", "inferred"),
    "003_8a553b9692560df8.txt": ("2022-01-11", "inferred"),
    "004_98216a91c8ae22c9.txt": ("2022-01-12", "inferred"),
}


@pytest.mark.parametrize("name, expected", sorted(SEED_DATES.items()))
def test_each_seed_is_dated_to_the_day(seed_articles, name, expected):
    row = seed_articles.loc[name]
    assert (row["published"].date().isoformat(), row["date_source"]) == expected


# (sentence containing, expression, date): the four events of the seeds on their days
SEED_EVENTS = [
    ("videoconference", "Friday", "2022-01-07"),  # NATO foreign ministers' video call (000)
    ("warned Friday", "Friday", "2022-01-07"),  # the same call as told by 001
    ("talks in Geneva on Monday", "Monday", "2022-01-10"),  # Geneva talks (000, 001 future; 002, 003 past)
    ("Monday session in Geneva", "Monday", "2022-01-10"),  # 004
    ("followed Wednesday by a meeting", "Wednesday", "2022-01-12"),  # NATO–Russia Council (000, 001)
    ("Wednesday’s meeting at the headquarters", "Wednesday’s", "2022-01-12"),  # 004, in Brussels
    ("to meet Russian envoys Wednesday", "Wednesday", "2022-01-12"),  # 002, 003
    ("discussions in Vienna", "Thursday", "2022-01-13"),  # OSCE (004)
]


@pytest.mark.parametrize("sentence, expression, expected", SEED_EVENTS)
def test_the_seeds_events_land_on_their_days(seeds_corpus, sentence, expression, expected):
    events = seeds_corpus.events
    rows = events[events["text"].str.contains(sentence, regex=False) & (events["expression"] == expression)]
    assert len(rows) >= 1
    assert {d.date().isoformat() for d in rows["date"]} == {expected}
    assert set(rows["granularity"]) == {"day"}


def _follows_the_contract(events):
    """Every column of the events contract, with its dtype (conform changes nothing)."""
    assert list(events.columns[: len(schema.SCHEMAS[schema.EVENTS])]) == list(schema.SCHEMAS[schema.EVENTS])
    pd.testing.assert_frame_equal(schema.conform(events, schema.EVENTS, fill_missing=False), events)


def test_seed_events_follow_the_contract(seeds_corpus):
    events = seeds_corpus.events
    _follows_the_contract(events)
    assert events["event_id"].is_unique
    assert set(events["granularity"]) <= GRANULARITIES
    assert set(events["sentence_id"]) <= set(seeds_corpus.sentences["sentence_id"])


def _frames(articles: list[dict], sentences: list[tuple[str, str]]):
    defaults = {"meta_published": None, "header": "", "manifest": False}
    frame = pd.DataFrame([defaults | a for a in articles])
    rows = [
        {"sentence_id": f"{aid}-{i}", "article_id": aid, "position": i, "text": text}
        for i, (aid, text) in enumerate(sentences)
    ]
    return frame, pd.DataFrame(rows, columns=["sentence_id", "article_id", "position", "text"])


def _dated(articles, sentences):
    result = dates.publication_dates(*_frames(articles, sentences))
    return {
        aid: (None if pd.isna(day) else day.date().isoformat(), source)
        for aid, day, source in zip(result["article_id"], result["published"], result["date_source"], strict=True)
    }


@pytest.mark.parametrize(
    "article, expected",
    [
        ({"meta_published": "2022-01-07"}, ("2022-01-07", "stated")),
        ({"meta_published": "2022-01-07T08:15:00Z", "manifest": True}, ("2022-01-07", "manifest")),
        ({"header": "Brussels, Jan 7 (AFP) Jan 07, 2022"}, ("2022-01-07", "stated")),
        ({"header": "WASHINGTON, 12 January 2022 (Reuters)"}, ("2022-01-12", "stated")),
        ({"meta_published": "not a date", "header": "Paris, Jan 7"}, (None, "unknown")),  # no year: not stated
        ({"meta_published": "2022-02-30"}, (None, "unknown")),  # impossible
        ({"meta_published": "Feb 30, 2022", "header": "Jan 07, 2022"}, ("2022-01-07", "stated")),
    ],
)
def test_stated_and_manifest_dates(article, expected):
    assert _dated([{"article_id": "a"} | article], [("a", "Nothing dated here.")])["a"] == expected


DATED = {"article_id": "dated", "meta_published": "2022-01-07"}
DATED_SENTENCES = [
    ("dated", "Officials are set to hold talks in Geneva on Monday."),
    ("dated", "Those will be followed Wednesday by a meeting between Russia and NATO."),
]


@pytest.mark.parametrize(
    "undated_sentences, expected",
    [
        # Geneva Monday past, NATO Wednesday ahead, Psaki Tuesday: the day between them
        (
            [
                "After talks in Geneva on Monday proved inconclusive, the meeting between Russia and NATO will follow on Wednesday.",
                "The Russians are serious, Psaki said Tuesday.",
            ],
            ("2022-01-11", "inferred"),
        ),
        # a lone past-tense match leaves a week open: not guessed
        (["The talks in Geneva on Monday proved inconclusive."], (None, "unknown")),
        # weekdays of events no dated article places: nothing to anchor on
        (["The ministers of Finland met on Monday and will meet again Thursday."], (None, "unknown")),
        # contradictory evidence (Geneva Monday ahead, NATO Wednesday past): no day fits
        (
            ["Talks will be held in Geneva on Monday.", "The NATO meeting with Russia ended Wednesday."],
            (None, "unknown"),
        ),
        # no weekday at all
        (["Tensions have soared in recent months."], (None, "unknown")),
    ],
)
def test_inference_across_articles(undated_sentences, expected):
    sentences = DATED_SENTENCES + [("undated", text) for text in undated_sentences]
    found = _dated([DATED, {"article_id": "undated"}], sentences)
    assert found["dated"] == ("2022-01-07", "stated")
    assert found["undated"] == expected


@pytest.mark.parametrize("all_dated", [True, False])
def test_sentences_are_read_for_inference_only_when_an_article_is_undated(monkeypatch, all_dated):
    """Inference reads every weekday mention of the corpus; with every article dated there is
    nothing to infer, so it is skipped (a third of the dates stage on a manifest-dated corpus)."""
    read = []
    weekday_mentions = publication._weekday_mentions
    monkeypatch.setattr(
        publication, "_weekday_mentions", lambda sentences: read.append(1) or weekday_mentions(sentences)
    )
    other = {"article_id": "other"} | ({"meta_published": "2022-01-08"} if all_dated else {})
    found = _dated([DATED, other], [*DATED_SENTENCES, ("other", "Talks in Geneva on Monday proved inconclusive.")])
    assert found["dated"] == ("2022-01-07", "stated")
    assert found["other"] == (("2022-01-08", "stated") if all_dated else (None, "unknown"))
    assert read == ([] if all_dated else [1])


def test_inputs_are_not_mutated_and_missing_optional_columns_are_tolerated():
    articles, sentences = _frames([DATED], DATED_SENTENCES)
    before = articles.copy()
    dates.publication_dates(articles, sentences)
    pd.testing.assert_frame_equal(articles, before)
    bare = dates.publication_dates(articles[["article_id"]], sentences)
    assert bare["date_source"].tolist() == ["unknown"]


def test_events_of_undated_articles_keep_only_absolute_dates():
    articles, sentences = _frames([{"article_id": "u"}], [("u", "They met on Friday, as in March 2014."), ("u", None)])
    found = dates.events(dates.publication_dates(articles, sentences), sentences)
    assert found["expression"].tolist() == ["in March 2014"]
    assert found["granularity"].tolist() == ["month"]


def test_no_sentences_gives_an_empty_events_table():
    articles, sentences = _frames([DATED], [])
    found = dates.events(dates.publication_dates(articles, sentences), sentences)
    assert found.empty
    _follows_the_contract(found)


# ---------------------------------------------------------------------------------------------
# Invariants

_TEMPORAL_WORDS = st.sampled_from(
    "Monday Friday's last next this week month year late early since by the end of in December May 31 "
    '29 Feb 2022 2021-02-29 13/13/2022 1899 2100 yesterday tomorrow today recent months , . " ’s'.split()
)
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_TEMPORAL_WORDS, max_size=25).map(" ".join))
_DAYS = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, published=_DAYS)
def test_any_text_resolves_without_error_to_valid_dates_or_nothing(text, published):
    for found in dates.resolved(text, published):
        assert isinstance(found.date, dt.date)
        assert found.granularity in GRANULARITIES
        assert text[found.mention.start : found.mention.end].strip() == found.mention.expression


@settings(max_examples=100, deadline=None)
@given(meta=st.one_of(st.none(), st.text(max_size=40)), header=st.one_of(st.none(), _TEXTS), body=_TEXTS)
def test_any_article_gets_a_date_or_null_without_error(meta, header, body):
    articles, sentences = _frames(
        [{"article_id": "x", "meta_published": meta, "header": header}, DATED], [("x", body)] + DATED_SENTENCES
    )
    result = dates.publication_dates(articles, sentences)
    assert set(result["date_source"]) <= {"stated", "inferred", "manifest", "unknown"}
    assert (result["published"].isna() == (result["date_source"] == "unknown")).all()
    found = dates.events(result, sentences)
    assert found["date"].notna().all()


NAME_SETS = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.frozensets(st.sampled_from(["geneva", "nato", "russia", "biden", "putin", "vienna", "osce", "kyiv"])),
    max_size=30,
)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The definition: shared names over all names (0 when both have none)."""
    return len(a & b) / len(a | b) if a or b else 0.0


@settings(max_examples=200, deadline=None)
@given(NAME_SETS, st.data())
def test_related_articles_are_exactly_the_pairs_over_the_jaccard_threshold(names, data):
    """The sparse-matrix comparison (what keeps inference linear at 50,000 articles) finds the
    same related articles, in the same order, as comparing every pair with ``_jaccard``."""
    ids = sorted(names)
    undated = data.draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    candidates = [aid for aid in ids if aid not in undated]
    related = publication._related_articles(undated, candidates, publication._name_ids(names))
    for aid in undated:
        expected = [
            other for other in candidates if _jaccard(names[aid], names[other]) >= dates.MIN_RELATED_ARTICLES_JACCARD
        ]
        assert related[aid] == expected


@pytest.mark.parametrize("text", sorted({text for text, _, _ in EXPRESSIONS}))
def test_needles_and_gate_derived_from_the_pieces_never_hide_a_match(text):
    """A rule whose pattern matches a text passes the gate and its needles (both derived from
    the pattern's pieces, ``dates.rules``): the cheap tests never drop a date."""
    from data_pipeline.dates import resolve, rules

    chosen = resolve._patterns_to_run(text)
    for rule in rules.RULES:
        if rule.pattern.search(text):
            assert rules.GATE.search(text)
            assert (rule.kind, rule.pattern) in chosen


def _one_story(undated_sentence: str, *, spread: bool = False):
    """A story told by 300 articles: 150 state 15 July 2018, 50 state 16 July (or, ``spread``,
    200 dates a week apart each: no story week), 100 state nothing."""
    days = [dt.date(2018, 7, 15)] * 150 + [dt.date(2018, 7, 16)] * 50
    if spread:
        days = [dt.date(2017, 1, 2) + dt.timedelta(weeks=i) for i in range(200)]
    articles = [{"article_id": f"s{i}", "meta_published": day.isoformat()} for i, day in enumerate(days)]
    articles += [{"article_id": f"u{i}"} for i in range(100)]
    sentences = [(a["article_id"], "Trump and Putin meet in Helsinki.") for a in articles[:200]]
    sentences += [(f"u{i}", undated_sentence) for i in range(100)]
    return _dated(articles, sentences)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # ahead: published before the summit Monday; of the days allowed, the one most articles state
        ("Trump will meet Putin in Helsinki on Monday.", ("2018-07-15", "inferred")),
        # past: on or after that Monday
        ("Trump met Putin in Helsinki on Monday.", ("2018-07-16", "inferred")),
        ("Monday's summit in Helsinki is the first.", ("2018-07-15", "inferred")),
        ("The talks were long.", (None, "unknown")),  # no weekday: nothing to anchor on
    ],
)
def test_one_story_told_by_hundreds_of_articles_dates_the_undated_ones(sentence, expected):
    found = _one_story(sentence)
    assert {found[f"u{i}"] for i in range(100)} == {expected}
    assert found["s0"] == ("2018-07-15", "stated")


def test_a_corpus_spread_over_years_is_not_one_story():
    found = _one_story("Trump will meet Putin in Helsinki on Monday.", spread=True)
    assert found["u0"] == (None, "unknown")


def test_a_header_day_without_year_takes_the_corpus_year():
    articles = [{"article_id": "a", "meta_published": "2018-07-15"}, {"article_id": "b", "header": "July 14"}]
    found = _dated(articles, [("a", "Nothing dated here."), ("b", "Nothing dated here.")])
    assert found["b"] == ("2018-07-14", "inferred")
