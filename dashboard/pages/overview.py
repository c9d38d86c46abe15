"""Overview: the corpus at a glance."""

from __future__ import annotations

import streamlit as st

from dashboard import data

corpus = data.corpus()
st.title("Wirewatch")
st.caption("Who said what, when, which outlets carried it, how much is shared wire copy, and in what tone.")
articles = corpus.articles
columns = st.columns(4)
columns[0].metric("Articles", len(articles))
columns[1].metric("Outlets", articles["source"].nunique())
columns[2].metric("Sentences", len(corpus.sentences))
columns[3].metric("Problems", len(corpus.problems))
st.dataframe(articles[["source", "title", "wire", "published", "n_sentences", "polarity", "originality"]], hide_index=True)
