"""Reusable page pieces: a chart with its PNG/SVG downloads, an empty-state sentence.

(Placeholder API until the dashboard issue lands.)
"""

from __future__ import annotations

import streamlit as st


def chart(figure, name: str) -> None:
    """Show a plotly figure with PNG (2x) and SVG downloads named after ``name``."""
    st.plotly_chart(figure, key=f"chart-{name}")


def empty(message: str) -> None:
    """An empty state: a sentence, not an error or an empty axis."""
    st.info(message)
