"""Timeline: the story's events, named from the articles' own sentences, on the days they happened;
older background mentions one switch away, and the events listed in date order below."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, story, widgets

COLUMNS = {  # the events table's columns → what a reader sees, and how
    "when": ("When", st.column_config.TextColumn("When")),
    "event": ("Event", st.column_config.TextColumn("Event", width="medium")),
    "outlets": ("Outlets", st.column_config.NumberColumn("Outlets", help="outlets whose articles mention it")),
    "articles": ("Articles", st.column_config.NumberColumn("Articles")),
    "first_outlet": (
        "First reported by", st.column_config.TextColumn("First reported by", help="by publication date")
    ),
    "example": (
        "In the words of the first report",
        st.column_config.TextColumn("In the words of the first report", width="large"),
    ),
}

corpus = filters.filtered(data.corpus())

st.title("Timeline")
st.caption(
    "What happened when: the dates the articles mention (“on Monday”, “late last year”), resolved. "
    "Mentions of the same day that talk about the same thing are one event, named from their sentences; "
    "the higher a point, the more outlets mention it. Shaded: the days the articles were published."
)
background = st.toggle("Include older background mentions", key="timeline-background")
figure = widgets.figure(corpus, "timeline", corpus.events, corpus.articles, background=background)
widgets.chart(figure, "timeline", empty_message="No dated events in this selection: no article mentions a date the pipeline could resolve.")

events = widgets.derived(corpus, "story.named_events", corpus.events, corpus.articles)
if len(events):
    window = widgets.derived(corpus, "story.story_window", corpus.events, corpus.articles)
    shown = events if background else story.in_window(events, window)
    hidden = len(events) - len(shown)
    st.subheader("Events, in date order")
    if hidden:
        since = events["date"].min().year
        st.caption(f"{hidden:,} events outside the story's days (background since {since}) are hidden: switch on “Include older background mentions”.")
    st.dataframe(
        shown[list(COLUMNS)].rename(columns={column: label for column, (label, _) in COLUMNS.items()}),
        hide_index=True,
        column_config=dict(COLUMNS.values()),
    )
widgets.download_all({"timeline": figure}, "timeline")
