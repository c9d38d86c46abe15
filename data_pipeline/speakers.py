"""Speakers: aliases merged across the corpus, with role, counts and tone.

Placeholder until the quotes issue lands.
"""

from __future__ import annotations

import pandas as pd

from . import schema


def speakers(quotes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quotes with canonical ``speaker``, one row per canonical speaker)."""
    return quotes, schema.empty(schema.SPEAKERS)
