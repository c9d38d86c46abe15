"""Loading and caching of the tables for the app (the only module that reads them).

Where no built tables are found, the seeds are built once into ``.wirewatch/seeds`` beside the
repository, so ``streamlit run dashboard/app.py`` works on a fresh clone.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from data_pipeline import SEEDS, Corpus, build_corpus
from data_pipeline.corpus import is_built

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("WIREWATCH_DATA", ROOT / ".wirewatch" / "seeds"))


@st.cache_resource(show_spinner="Building the seed corpus…")
def _built(folder: str) -> str:
    if not is_built(folder):
        build_corpus([SEEDS]).save(folder)
    return folder


@st.cache_data(show_spinner="Loading tables…")
def _load(folder: str, stamp: float) -> Corpus:
    return Corpus.load(folder)


def corpus() -> Corpus:
    """The corpus to show: the session's uploaded one, else the default tables."""
    uploaded = st.session_state.get("uploaded_corpus")
    if uploaded is not None:
        return uploaded
    folder = _built(str(DEFAULT_DATA))
    stamp = max(p.stat().st_mtime for p in Path(folder).glob("*.parquet"))
    return _load(folder, stamp)
