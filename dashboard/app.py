"""Wirewatch: the router. Declares the pages (one file each in ``dashboard/views/``; not ``pages/``, which would switch Streamlit into its legacy multipage mode) and draws
the sidebar filters here, in the entry script, so they are shared by every page and kept when
the page changes."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # Streamlit puts dashboard/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data, filters  # noqa: E402

PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="Wirewatch", page_icon=":material/article:", layout="wide")
data.guard_uploads()  # upload limits enforced as files arrive (once per server)
navigation = st.navigation(
    {
        "Wirewatch": [
            st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
            st.Page(PAGES / "timeline.py", title="Timeline", icon=":material/timeline:"),
            st.Page(PAGES / "quotes.py", title="Quotes", icon=":material/format_quote:"),
            st.Page(PAGES / "overlap.py", title="Overlap", icon=":material/compare_arrows:"),
            st.Page(PAGES / "sentiment.py", title="Sentiment", icon=":material/mood:"),
            st.Page(PAGES / "articles.py", title="Articles", icon=":material/article:"),
        ],
        "Wire copy": [
            st.Page(PAGES / "wire_flow.py", title="Wire flow", icon=":material/account_tree:"),
            st.Page(PAGES / "story_versions.py", title="Story versions", icon=":material/difference:"),
            st.Page(PAGES / "outlets.py", title="Outlets compared", icon=":material/leaderboard:"),
        ],
        "Your data": [
            st.Page(PAGES / "your_corpus.py", title="Your corpus", icon=":material/upload_file:"),
        ],
    }
)
try:
    corpus = data.corpus()
except (OSError, ValueError) as error:  # unreadable tables: a message, not a traceback
    st.error(f"The tables could not be loaded: {error}")
    st.stop()
if data.link_note():
    st.sidebar.warning(data.link_note(), icon=":material/link_off:")  # fixed words only
if data.uploaded_name():
    st.sidebar.text(f"Showing your corpus: {data.uploaded_name()}")  # a file name: plain text, not Markdown
filters.sidebar(corpus)
navigation.run()
