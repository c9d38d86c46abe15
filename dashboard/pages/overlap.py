"""Overlap: how much copy the articles share, which outlets share it, and two articles side by side."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, widgets

corpus = filters.filtered(data.corpus())
colours = widgets.colours()
articles = corpus.articles

st.title("Overlap")
if len(articles) < 2:
    widgets.empty("Overlap compares articles: this selection has fewer than two.")
    st.stop()

matrix = widgets.figure(corpus, "share_matrix", corpus.overlap, articles)
widgets.chart(matrix, "share_matrix")
with st.expander("Share matrix (table)"):
    st.dataframe(charts.share_matrix_table(corpus.overlap, articles))
network = widgets.figure(corpus, "outlet_network", corpus.overlap, articles, colours=colours)
widgets.chart(network, "outlet_network", empty_message="No two outlets in this selection share a sentence.")
with st.expander("Shared sentences per outlet pair (table)"):
    widgets.table(charts.outlet_links(corpus.overlap, articles))

st.subheader("Two articles side by side")
labels = charts.article_labels(articles)
ids = list(labels.sort_values().index)
left, right = st.columns(2)
article_a = left.selectbox("Article", ids, index=0, format_func=labels.get, key="overlap-a")
article_b = right.selectbox("Compared with", ids, index=1, format_func=labels.get, key="overlap-b")
if article_a == article_b:
    widgets.empty("Choose two different articles.")
else:
    st.caption(
        f"**{charts.SHARED}**: the same sentence in both · **{charts.NEAR}**: a close variant in the other · "
        f"**{charts.OWN}**: found only here"
    )
    sentences_a, sentences_b = charts.side_by_side(corpus.sentences, corpus.links, article_a, article_b)
    status = st.column_config.TextColumn("status", width="small")
    for column, sentences, key in ((left, sentences_a, "overlap-left"), (right, sentences_b, "overlap-right")):
        column.dataframe(sentences, hide_index=True, key=key, column_config={"status": status})
widgets.download_all({"share_matrix": matrix, "outlet_network": network}, "overlap")
