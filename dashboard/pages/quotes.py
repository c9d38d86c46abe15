"""Quotes: who is quoted, by which outlets, in what form, and how the wording travels."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, widgets

corpus = filters.filtered(data.corpus())
colours = widgets.colours()
quotes, articles = corpus.quotes, corpus.articles

st.title("Quotes")
if quotes.empty:
    widgets.empty("No quotations in this selection.")
    st.stop()

by_speaker = widgets.figure(corpus, "quotes_by_speaker", quotes, articles, colours=colours)
widgets.chart(by_speaker, "quotes_by_speaker")
matrix = widgets.figure(corpus, "speaker_outlet_matrix", quotes, articles)
widgets.chart(matrix, "speaker_outlet_matrix")
kinds = widgets.figure(corpus, "quote_kinds", quotes, articles, colours=colours)
widgets.chart(kinds, "quote_kinds")
with st.expander("Quotes per speaker and outlet (table)"):
    widgets.table(charts.speaker_outlet_counts(quotes, articles))

st.subheader("Find a quote")
table = charts.quotes_table(quotes, articles, corpus.speakers)
query = st.text_input("Search speaker, role, cue, text or outlet", key="quotes-search")
found = charts.search_quotes(table, query)
st.caption(f"{len(found)} of {len(table)} quotes")
widgets.table(found)

st.subheader("One quote across outlets")
if found.empty:
    widgets.empty("No quote matches the search.")
else:
    chosen = st.selectbox(
        "Quote",
        found["quote_id"].tolist(),
        format_func=lambda q: " — ".join(str(v) for v in found.loc[found["quote_id"] == q, ["speaker", "text"]].iloc[0]),
        key="quotes-chosen",
    )
    variants = charts.quote_variants(quotes, articles, chosen)
    st.caption(f"Carried by {variants['outlet'].nunique()} outlet(s); differences are word changes against the chosen wording.")
    widgets.table(variants)
widgets.download_all({"quotes_by_speaker": by_speaker, "speaker_outlet_matrix": matrix, "quote_kinds": kinds}, "quotes")
