"""Quotes: who is quoted, by which outlets, in what form, and how the wording travels."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

CHOICES = 1_000  # quotes offered in the "one quote across outlets" picker (search narrows them)
LABEL_LENGTH = 160  # characters of a quote shown in the picker

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
    widgets.table(widgets.derived(corpus, "speaker_outlet_counts", quotes, articles), name="speaker_outlet_counts")

st.subheader("Find a quote")
table = widgets.derived(corpus, "quotes_table", quotes, articles, corpus.speakers)
query = st.text_input("Search speaker, role, cue, text or outlet", key="quotes-search")
found = widgets.derived(corpus, "search_quotes", table, query=query.strip())
st.caption(f"{len(found):,} of {len(table):,} quotes")
widgets.table(found, name="quotes")

st.subheader("One quote across outlets")
if found.empty:
    widgets.empty("No quote matches the search.")
else:
    offered = found.head(CHOICES)
    labels = dict(
        zip(
            offered["quote_id"],
            offered["speaker"].astype(str) + " — " + offered["text"].astype(str).str.slice(0, LABEL_LENGTH),
            strict=True,
        )
    )
    if len(found) > CHOICES:
        st.caption(f"The first {CHOICES:,} matching quotes are offered; search to narrow them.")
    if st.session_state.get("quotes-chosen") not in labels:
        st.session_state.pop("quotes-chosen", None)
    chosen = st.selectbox("Quote", list(labels), format_func=labels.get, key="quotes-chosen")
    variants = widgets.derived(corpus, "quote_variants", quotes, articles, quote_id=chosen)
    st.caption(f"Carried by {variants['outlet'].nunique()} outlet(s); differences are word changes against the chosen wording.")
    widgets.table(variants, name="quote_variants")
widgets.download_all({"quotes_by_speaker": by_speaker, "speaker_outlet_matrix": matrix, "quote_kinds": kinds}, "quotes")
