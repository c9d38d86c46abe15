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
    st.dataframe(widgets.derived(corpus, "share_matrix_table", corpus.overlap, articles))
network = widgets.figure(corpus, "outlet_network", corpus.overlap, articles, colours=colours)
widgets.chart(network, "outlet_network", empty_message="No two outlets in this selection share a sentence.")
with st.expander("Shared sentences per outlet pair (table)"):
    widgets.table(widgets.derived(corpus, "outlet_links", corpus.overlap, articles), name="outlet_links")

st.subheader("Two articles side by side")
labels = widgets.derived(corpus, "article_labels", articles)
ids = list(labels.sort_values().index)
first, second = widgets.derived(corpus, "most_shared_pair", corpus.overlap, articles) or (ids[0], ids[1])
left, right = st.columns(2)
article_a = left.selectbox("Article", ids, index=ids.index(first), format_func=labels.get, key="overlap-a")
article_b = right.selectbox("Compared with", ids, index=ids.index(second), format_func=labels.get, key="overlap-b")
if article_a == article_b:
    widgets.empty("Choose two different articles.")
else:
    st.caption(
        f"{widgets.legend()} — {charts.SHARED}: the same sentence in both; {charts.NEAR}: a close variant "
        f"in the other; {charts.OWN}: found only in this article."
    )
    sentences_a, sentences_b = widgets.derived(
        corpus, "side_by_side", corpus.sentences, article_a=article_a, article_b=article_b
    )
    for column, sentences in ((left, sentences_a), (right, sentences_b)):
        with column:
            widgets.marked_sentences(sentences)
    with st.expander("The two articles' sentences (table)"):
        table_a, table_b = st.columns(2)
        table_a.dataframe(sentences_a, hide_index=True, key="overlap-table-a")
        table_b.dataframe(sentences_b, hide_index=True, key="overlap-table-b")
widgets.download_all({"share_matrix": matrix, "outlet_network": network}, "overlap")
