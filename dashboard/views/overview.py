"""Overview: the corpus at a glance, coverage over time and originality by outlet."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, widgets

corpus = filters.filtered(data.corpus())
colours = widgets.colours()
articles = corpus.articles

st.title("Overview")
st.caption("Who said what, when, which outlets carried it, how much is shared wire copy, and in what tone.")
if articles.empty:
    widgets.empty("No articles in this selection: widen the filters in the sidebar or upload a corpus.")
    st.stop()
widgets.metrics(widgets.derived(corpus, "summary", corpus))

first_chart = st.container()  # drawn above its controls: on a phone the chart is on the first screen
with st.container(horizontal=True, gap="large", vertical_alignment="bottom"):
    granularity = st.segmented_control(
        "Coverage per", list(charts.GRANULARITIES), default="day", key="overview-granularity", required=True
    )
    top = widgets.outlets_shown("overview", int(articles["source"].nunique(dropna=False)))
with first_chart:
    coverage = widgets.figure(corpus, "coverage_over_time", articles, colours=colours, granularity=granularity, top=top)
    widgets.chart(coverage, "coverage_over_time", empty_message="No article in this selection has a publication date.")
originality = widgets.figure(corpus, "originality_by_outlet", articles, colours=colours, top=top)
widgets.chart(originality, "originality_by_outlet", empty_message="Originality needs the overlap step's results.")

st.subheader("Outlets")
widgets.table(widgets.derived(corpus, "outlet_table", articles), name="outlets")
with st.expander("Coverage by date (table)"):
    widgets.table(widgets.derived(corpus, "coverage", articles, granularity=granularity), name="coverage")
st.subheader("Articles")
widgets.table(widgets.derived(corpus, "articles_table", articles), name="articles")
st.subheader("Every chart of this selection")
widgets.download_all(lambda: widgets.figure(corpus, "all_figures", corpus, colours=colours), "wirewatch-charts")
