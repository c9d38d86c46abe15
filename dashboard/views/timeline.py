"""Timeline: the dated mentions of ``events`` on a time axis, with publication dates marked."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, widgets

corpus = filters.filtered(data.corpus())
colours = widgets.colours()

st.title("Timeline")
st.caption(
    "What happened when: every dated expression the articles use (“on Monday”, “late last year”), "
    "resolved to a date, on its outlet's row; ◆ marks when each article was published. "
    "Drag the slider under the chart to zoom; hover a point for its sentence."
)
granularity = st.segmented_control(
    "Group dates by", list(charts.GRANULARITIES), default="day", key="timeline-granularity", required=True
)
timeline = widgets.figure(corpus, "timeline", corpus.events, corpus.articles, colours=colours, granularity=granularity)
widgets.chart(timeline, "timeline", empty_message="No dated events in this selection: no article mentions a date the pipeline could resolve.")

events = widgets.derived(corpus, "events_table", corpus.events, corpus.articles)
if len(events):
    st.subheader("Events")
    widgets.table(events, name="events")
widgets.download_all({"timeline": timeline}, "timeline")
