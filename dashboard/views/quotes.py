"""Quotes: who is quoted, by which outlets, in what form, and how the wording travels."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import charts, data, filters, widgets

CHOICES = 1_000  # quotes offered in the "one quote across outlets" picker (search narrows them)
CHOSEN = "quotes-choice"  # session_state: the quote last chosen in the picker (kept across lists)

corpus = filters.filtered(data.corpus())
colours = widgets.colours()
quotes, articles = corpus.quotes, corpus.articles

st.title("Quotes")
if quotes.empty:
    widgets.empty("No quotations in this selection.")
    st.stop()

counted = st.radio("Count the quotes of", list(charts.SPEAKER_TYPES), horizontal=True, key="quotes-speaker-type")
speaker_type = charts.SPEAKER_TYPES[counted]
unresolved = int(quotes["speaker"].isna().sum())
if unresolved:
    st.caption(
        f"{unresolved:,} of {len(quotes):,} quotes have no resolved speaker (a pronoun or a description that names "
        f"no one); “All” counts them as “{charts.UNKNOWN_SPEAKER}”."
    )
top = widgets.outlets_shown("quotes", int(articles["source"].nunique(dropna=False)))
by_speaker = widgets.figure(
    corpus, "quotes_by_speaker", quotes, articles, colours=colours, outlets_shown=top, speaker_type=speaker_type
)
widgets.chart(by_speaker, "quotes_by_speaker", empty_message=f"No quotes of {counted.lower()} in this selection.")
matrix = widgets.figure(
    corpus, "speaker_outlet_matrix", quotes, articles, speaker_type=speaker_type, outlets_shown=top
)
widgets.chart(matrix, "speaker_outlet_matrix")
kinds = widgets.figure(corpus, "quote_kinds", quotes, articles, colours=colours, top=top)
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
offered = charts.quote_choices(found)
choices = offered.head(CHOICES)
if choices.empty:
    widgets.empty("No quote matches the search.")
else:
    if choices["outlets"].iloc[0] > 1:
        st.caption("Quotes carried by the most outlets first.")
    if len(offered) > CHOICES:
        st.caption(f"The first {CHOICES:,} matching quotes are offered; search to narrow them.")
    ids = choices["quote_id"].tolist()
    labels = dict(zip(ids, choices["label"], strict=True))
    # A new list is a new widget (its key names the list): a kept widget would show the label of
    # a quote no longer offered while the page used another. The reader's choice survives a new
    # list that still offers it.
    listed = hashlib.sha1("\0".join(ids).encode()).hexdigest()[:12]
    previous = st.session_state.get(CHOSEN)
    chosen = st.selectbox(
        "Quote", ids, index=ids.index(previous) if previous in labels else 0, format_func=labels.get,
        key=f"quotes-chosen-{listed}",
    )
    st.session_state[CHOSEN] = chosen
    variants = widgets.derived(corpus, "quote_variants", quotes, articles, quote_id=chosen)
    reach = variants["outlet"].nunique()
    st.text(f"{labels[chosen]}\nCarried by {reach} outlet{'s' * (reach != 1)}; the differences are word changes against this wording.")
    widgets.table(variants, name="quote_variants")
widgets.download_all({"quotes_by_speaker": by_speaker, "speaker_outlet_matrix": matrix, "quote_kinds": kinds}, "quotes")
