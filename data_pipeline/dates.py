"""Dates: publication date per article and resolved temporal expressions (events).

Placeholder until the dates issue lands: stated/manifest dates only, no events.
"""

from __future__ import annotations

import pandas as pd

from . import schema


def publication_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``published`` and ``date_source`` filled."""
    meta = pd.to_datetime(articles["meta_published"], errors="coerce")
    source = pd.Series("unknown", index=articles.index, dtype="string").mask(meta.notna(), "stated")
    return articles.assign(published=meta.dt.normalize(), date_source=source)


def events(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved temporal expression."""
    return schema.empty(schema.EVENTS)
