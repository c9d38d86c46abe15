"""Outlets compared: articles, originality, wire copy and its source, whom each quotes, tone, cuts."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

corpus = filters.filtered(data.corpus())

st.title("Outlets compared")
if corpus.articles.empty:
    widgets.empty("No article in this selection.")
    st.stop()
top = st.slider("Outlets shown (the rest are one row)", 5, 60, 25, key="outlets-top")
sources = widgets.derived(corpus, "wire_charts.outlet_sources", corpus.provenance, corpus.articles, top_outlets=top)
widgets.chart(sources, "outlet_sources")
cuts = widgets.derived(corpus, "wire_charts.outlet_edits", corpus.edits, corpus.articles, top_outlets=top)
widgets.chart(cuts, "outlet_edits", empty_message="No outlet here ran a version of a story another outlet also ran.")
st.subheader("Every outlet")
table = widgets.derived(corpus, "wire_charts.outlet_comparison", corpus)
widgets.table(table, key="outlets-table", name="outlets_compared")  # shares as percentages, tone signed
st.caption(
    "Originality: share of its sentences found in no other article. Wire copy: share of its sentences that are "
    "reporting shared with another article. Paragraphs cut: of the wire stories' paragraphs, the share its versions left out."
)
widgets.download_all({"outlet_sources": sources, "outlet_edits": cuts}, "outlets")
