"""The timeline tells the story (issue 17): it opens on the story's window, background mentions are
one switch away, mentions of the same day and thing are one named event, with its reach and the
first outlet to report it; a year-level mention reads ``2021``."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import story
from data_pipeline import schema

ARTICLES = schema.conform(
    pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4"],
            "source": ["Alpha", "Beta", "Gamma", "Alpha"],
            "title": ["t1", "t2", "t3", "t4"],
            "published": pd.to_datetime(["2022-01-10", "2022-01-11", "2022-01-11", "2022-01-12"]),
        }
    ),
    schema.ARTICLES,
)
MENTIONS = [
    ("a1", "on Monday", "2022-01-10", "day", "US and Russian officials opened talks in Geneva on Monday."),
    ("a2", "on Monday", "2022-01-10", "day", "The talks in Geneva on Monday lasted eight hours."),
    ("a3", "Monday", "2022-01-10", "day", "Wendy Sherman led the talks in Geneva on Monday, officials said."),
    ("a2", "on Wednesday", "2022-01-12", "day", "Envoys meet at the NATO–Russia Council in Brussels on Wednesday."),
    ("a4", "Wednesday", "2022-01-12", "day", "The NATO–Russia Council in Brussels met on Wednesday for four hours."),
    ("a3", "on Wednesday", "2022-01-12", "day", "Stoltenberg chairs the meeting on Wednesday."),
    ("a1", "in 2014", "2014-01-01", "year", "Russia annexed Crimea in 2014."),
    ("a4", "late in 2021", "2021-01-01", "year", "Troops massed on the border late in 2021."),
]
EVENTS = schema.conform(
    pd.DataFrame(
        [
            {"event_id": f"e{n}", "article_id": a, "sentence_id": f"{a}-{n}", "expression": expression,
             "date": date, "granularity": granularity, "text": text}
            for n, (a, expression, date, granularity, text) in enumerate(MENTIONS)
        ]
    ),
    schema.EVENTS,
)


@pytest.fixture(scope="module")
def events():
    return story.named_events(EVENTS, ARTICLES)


def test_mentions_of_one_day_and_thing_are_one_named_event(events):
    geneva = events[events["date"] == pd.Timestamp("2022-01-10")]
    assert geneva[["event", "outlets", "articles", "mentions"]].values.tolist() == [["talks in Geneva", 3, 3, 3]]
    brussels = events[events["date"] == pd.Timestamp("2022-01-12")]
    # a sentence of that day sharing no word with the name ("Stoltenberg chairs the meeting") stays apart
    assert brussels["event"].iloc[0] == "NATO–Russia Council in Brussels"
    assert brussels["outlets"].iloc[0] == 2


def test_events_are_in_date_order_with_the_first_outlet_to_report(events):
    assert events["date"].is_monotonic_increasing
    geneva = events[events["event"] == "talks in Geneva"].iloc[0]
    assert geneva["first_outlet"] == "Alpha"  # published 10 Jan, before Beta and Gamma (11 Jan)
    brussels = events[events["event"] == "NATO–Russia Council in Brussels"].iloc[0]
    assert brussels["first_outlet"] == "Beta"


@pytest.mark.parametrize(
    "date, granularity, expected",
    [("2021-01-01", "year", "2021"), ("2018-07-01", "month", "Jul 2018"), ("2018-07-16", "day", "16 Jul 2018")],
)
def test_a_date_reads_as_precisely_as_it_was_said(date, granularity, expected):
    assert story.date_label(pd.Timestamp(date), granularity) == expected


def test_a_year_mention_is_listed_as_its_year(events):
    assert "2021" in events["when"].tolist() and "1 Jan 2021" not in events["when"].tolist()


def test_the_story_window_is_publication_plus_nearby_mentions():
    assert story.story_window(EVENTS, ARTICLES) == (pd.Timestamp("2022-01-10"), pd.Timestamp("2022-01-12"))
    later = pd.concat([EVENTS, EVENTS.iloc[[0]].assign(event_id="late", date=pd.Timestamp("2022-01-20"))])
    assert story.story_window(later, ARTICLES)[1] == pd.Timestamp("2022-01-20")  # within CONTEXT_DAYS


def test_the_chart_opens_on_the_story_and_background_is_one_switch_away():
    figure = story.timeline(EVENTS, ARTICLES)
    first, last = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert first >= pd.Timestamp("2022-01-01") and last <= pd.Timestamp("2022-01-31")
    shown = [pd.Timestamp(x).year for trace in figure.data for x in trace.x]
    assert set(shown) == {2022}
    assert "talks in Geneva" in list(figure.data[0].text)
    everything = story.timeline(EVENTS, ARTICLES, background=True)
    assert {pd.Timestamp(x).year for trace in everything.data for x in trace.x} == {2014, 2021, 2022}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("US and Russian officials opened talks in Geneva on Monday.", "talks in Geneva"),
        ("Russia's Vladimir Putin in Finland on Monday.", "Vladimir Putin in Finland"),
        ("They met in Helsinki on Monday.", None),  # "met" names nothing
        ("The election in Trump's favour.", None),  # a possessive is no place
    ],
)
def test_place_phrases(text, expected):
    places = [phrase for phrase in story.phrases(text) if " in " in phrase or " at " in phrase]
    assert (places[0] if places else None) == expected


def test_no_dated_mention_gives_no_chart_and_no_event():
    assert story.timeline(EVENTS.iloc[0:0], ARTICLES) is None
    assert story.named_events(EVENTS.iloc[0:0], ARTICLES).empty
