"""Quotations: direct, partial and indirect speech with cue and speaker.

Placeholder until the quotes issue lands: returns the contract's empty table.
"""

from __future__ import annotations

import pandas as pd

from . import schema


def quotes(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation found in ``sentences``."""
    return schema.empty(schema.QUOTES)
