"""Story versions: one wire story's paragraphs in each outlet's version (kept, edited, cut, added)."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

corpus = filters.filtered(data.corpus())

st.title("Story versions")
stories = widgets.derived(corpus, "wire_charts.story_table", corpus.stories, corpus.articles)
if stories.empty:
    widgets.empty("No two articles in this selection are versions of one story (syndicated copy).")
    st.stop()
ids = list(stories["story_id"])
titles = dict(
    zip(stories["story_id"], stories["Story"] + " — " + stories["Versions"].astype(str) + " versions", strict=True)
)
story = st.selectbox("Story", ids, format_func=titles.get, key="story-pick")
grid = widgets.derived(corpus, "wire_charts.story_grid", corpus.edits, corpus.articles, story_id=story)
widgets.chart(grid, "story_versions")
st.caption("Rows are the fullest version's paragraphs; \"added\" counts each version's paragraphs of its own.")

st.subheader("One version against the fullest")
labels = widgets.derived(corpus, "wire_charts.version_labels", corpus.edits, corpus.articles, story_id=story)
version = st.selectbox("Version", list(labels.index), format_func=labels.get, key="story-version")
widgets.table(
    widgets.derived(corpus, "wire_charts.side_by_side", corpus.edits, story_id=story, article_id=version),
    key="story-side",
    name="story_version",
)
with st.expander("All stories (table)"):
    widgets.table(stories, key="story-table", name="stories")  # story ids stay in the download
widgets.download_all({"story_versions": grid}, "story_versions")
