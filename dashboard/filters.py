"""Sidebar filters shared by every page (outlet, date range, speaker).

Kept in ``st.session_state`` across pages and written to ``st.query_params`` so a filtered
view can be shared as a link. (Placeholder API: ``filtered`` returns the corpus unchanged
until the dashboard issue lands.)
"""

from __future__ import annotations

from data_pipeline import Corpus


def filtered(corpus: Corpus) -> Corpus:
    """Render the sidebar filters and return the corpus restricted to them."""
    return corpus
