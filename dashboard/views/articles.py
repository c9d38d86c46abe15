"""Articles: read any article as cleaned, with its quotes, events and shared sentences marked,
and what was removed as boilerplate. Text is shown only in data grids and plain-text blocks,
never as HTML or Markdown."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, reading, safe_text, widgets

CHOICE = "article_choice"
SENTENCE_COLUMNS = {"paragraph": "¶", "sentence": "Sentence", "copy": "Shared copy", "quotes": "Quotes", "events": "Events"}


def _table(table, empty_message: str, caption: str | None = None) -> None:
    if table.empty:
        widgets.empty(empty_message)
        return
    if caption:
        st.caption(caption)
    widgets.table(table)


corpus = filters.filtered(data.corpus())
st.title("Articles")
articles = corpus.articles
if articles.empty:
    widgets.empty("No article to read: the corpus is empty or the filters exclude every article.")
    st.stop()

labels = widgets.derived(corpus, "reading.article_labels", articles)
if st.session_state.get(CHOICE) not in labels:
    st.session_state.pop(CHOICE, None)
article_id = st.selectbox("Article", list(labels), format_func=labels.get, key=CHOICE)
article = articles.set_index("article_id").loc[article_id]
shown = reading.shown

# metric values are Markdown: outlet and wire come from the files, so they are escaped; each as
# wide as its value (five equal columns cut a long outlet name to "nytimes.…")
published = "unknown" if shown(article["published"]) == "" else f"{article['published']:%Y-%m-%d}"
originality = article["originality"]
with st.container(horizontal=True, gap="large"):
    st.metric("Outlet", safe_text.markdown(shown(article["source"], "unknown")), width="content")
    st.metric("Wire", safe_text.markdown(shown(article["wire"], "none")), width="content")
    st.metric(
        "Published", published, help=f"Date source: {shown(article['date_source'], 'unknown')}", width="content"
    )
    st.metric("Sentences", shown(article["n_sentences"], "0"), width="content")
    st.metric("Originality", "n/a" if shown(originality) == "" else f"{originality:.0%}", width="content")
url = shown(article["url"])
st.text(f"File: {shown(article['path'])}" + (f"\nURL: {url}" if url else ""))

marked, cleaned, quoted, dated, removed = st.tabs(
    ["Marked sentences", "Cleaned text", "Quotes", "Events", "Removed boilerplate"]
)
with marked:
    sentences = widgets.derived(corpus, "reading.marked_sentences", corpus, article_id=article_id)
    if sentences.empty:
        widgets.empty("This article has no sentences.")
    else:
        shared = sentences["copy"].str.startswith(reading.MARK_SHARED)
        widgets.chart(reading.sentence_map(sentences), f"sentences-{article_id}")
        st.caption(
            f"{int(shared.sum())} of {len(sentences)} sentences are shared copy (found in another article); "
            "quotes and dated events are listed beside their sentence."
        )
        named = (
            sentences.drop(columns="polarity")
            .assign(paragraph=sentences["paragraph"] + 1)  # paragraphs counted from 1, as a reader does
            .rename(columns=SENTENCE_COLUMNS)
        )
        st.dataframe(
            named.style.apply(
                lambda row: [reading.SHARED_STYLE if row["Shared copy"].startswith(reading.MARK_SHARED) else ""]
                * len(row),
                axis=1,
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "¶": st.column_config.NumberColumn("¶", width="small"),
                "Sentence": st.column_config.TextColumn("Sentence", width="large"),
            },
        )
with cleaned:
    body, header = shown(article["body"]), shown(article["header"])
    if not body:
        widgets.empty("No cleaned text for this article.")
    else:
        if header:
            st.caption("Header (tagline, dateline, byline)")
            st.code(header, language=None, wrap_lines=True)
        st.caption("Body, as cleaned")
        st.code(body, language=None, wrap_lines=True)
with quoted:
    _table(reading.article_quotes(corpus, article_id), "No quotes found in this article.")
with dated:
    _table(reading.article_events(corpus, article_id), "No dated events found in this article.")
with removed:
    lines = reading.boilerplate(article)
    _table(
        lines, "Nothing was removed as boilerplate from this article.", f"{len(lines)} lines removed, with the reason."
    )
