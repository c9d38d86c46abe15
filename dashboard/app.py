"""Wirewatch: the router. Declares the pages; each page lives in ``dashboard/pages/``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # Streamlit puts dashboard/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="Wirewatch", page_icon="📰", layout="wide")
navigation = st.navigation(
    {
        "Wirewatch": [
            st.Page(PAGES / "overview.py", title="Overview", icon="📊", default=True),
        ],
    }
)
navigation.run()
