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

sharing = widgets.derived(corpus, "sharing_outlets", corpus.sentences, articles)
top = charts.TOP_SHARING
if len(sharing) > charts.TOP_SHARING:
    top = st.slider(
        "Outlets shown", min_value=3, max_value=min(len(sharing), widgets.MAX_OUTLETS_SHOWN),
        value=charts.TOP_SHARING, key="overlap-top",
        help="The outlets sharing the most copy: the most of their sentences found in another outlet.",
    )  # fmt: skip
    st.caption(
        f"The matrix and the network show the {top} outlets (of {len(sharing)} sharing copy) whose sentences are "
        "most often found in another outlet; the table below them lists every pair."
    )
matrix = widgets.figure(corpus, "share_matrix", corpus.sentences, articles, top=top)
widgets.chart(matrix, "share_matrix", empty_message="No two outlets in this selection share a sentence.")
network = widgets.figure(corpus, "outlet_network", corpus.sentences, articles, colours=colours, top=top)
widgets.chart(network, "outlet_network", empty_message="No two outlets in this selection share a sentence.")
with st.expander("Shared copy between every pair of outlets (table)"):
    widgets.table(
        widgets.derived(corpus, "outlet_share_table", corpus.sentences, articles), name="outlet_shares",
        key="overlap-outlet-shares", percent=["Share of its sentences"],
    )

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
    st.text(charts.pair_sentence(corpus.overlap, article_a, article_b))  # plain text
    st.caption(
        f"{widgets.legend()} — {charts.SHARED}: the same sentence in both; {charts.NEAR}: a close variant "
        f"in the other; {charts.OWN}: found only in this article."
    )
    sentences_a, sentences_b = widgets.derived(
        corpus, "side_by_side", corpus.sentences, article_a=article_a, article_b=article_b
    )
    for column, sentences in zip(st.columns(2), (sentences_a, sentences_b), strict=True):
        with column:
            widgets.marked_sentences(sentences)
    with st.expander("The two articles' sentences (table)"):
        table_a, table_b = st.columns(2)
        table_a.dataframe(charts.sentence_table(sentences_a), hide_index=True, key="overlap-table-a")
        table_b.dataframe(charts.sentence_table(sentences_b), hide_index=True, key="overlap-table-b")
widgets.download_all({"share_matrix": matrix, "outlet_network": network}, "overlap")
