"""Sentiment: tone by outlet, by speaker and over time; the most positive and negative passages."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

corpus = filters.filtered(data.corpus())
colours = widgets.colours()
articles, sentences, quotes = corpus.articles, corpus.sentences, corpus.quotes

st.title("Sentiment")
st.caption("Polarity from TextBlob's lexicon: −1 most negative, +1 most positive; 0 is neutral or unknown wording.")
if articles.empty:
    widgets.empty("No articles in this selection.")
    st.stop()

first_chart = st.container()  # above its control: on a phone the chart is on the first screen
top = widgets.outlets_shown("sentiment", int(articles["source"].nunique(dropna=False)))
with first_chart:
    by_outlet = widgets.figure(corpus, "tone_by_outlet", sentences, articles, colours=colours, top=top)
    widgets.chart(by_outlet, "tone_by_outlet", empty_message="No sentence in this selection has a polarity.")
by_speaker = widgets.figure(corpus, "tone_by_speaker", quotes)
widgets.chart(by_speaker, "tone_by_speaker", empty_message="No quotations in this selection, so no tone by speaker.")
if len(quotes):
    with st.expander("Tone by speaker (table)"):
        widgets.table(widgets.derived(corpus, "speaker_tone", quotes), name="speaker_tone")
over_time = widgets.figure(corpus, "tone_over_time", articles, colours=colours, top=top)
widgets.chart(over_time, "tone_over_time", empty_message="No article in this selection has a publication date.")
with st.expander("Tone by outlet (table)"):
    widgets.table(widgets.derived(corpus, "outlet_table", articles), name="outlet_tone")

st.subheader("Most positive and most negative sentences")
positive, negative = st.columns(2)
positive.caption("Most positive, with the sentences before and after")
with positive:
    widgets.table(widgets.derived(corpus, "extreme_sentences", sentences, articles, positive=True), key="most-positive")
negative.caption("Most negative, with the sentences before and after")
with negative:
    widgets.table(widgets.derived(corpus, "extreme_sentences", sentences, articles, positive=False), key="most-negative")
if len(quotes):
    st.subheader("Most positive and most negative quotes")
    positive, negative = st.columns(2)
    positive.caption("Most positive, with the sentence that carries each")
    negative.caption("Most negative, with the sentence that carries each")
    with positive:
        widgets.table(
            widgets.derived(corpus, "extreme_quotes", quotes, articles, sentences, positive=True), key="positive-quotes"
        )
    with negative:
        widgets.table(
            widgets.derived(corpus, "extreme_quotes", quotes, articles, sentences, positive=False), key="negative-quotes"
        )
widgets.download_all({"tone_by_outlet": by_outlet, "tone_by_speaker": by_speaker, "tone_over_time": over_time}, "sentiment")
