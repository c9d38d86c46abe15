"""Tone: TextBlob polarity (-1..1) and subjectivity (0..1) per text.

TextBlob's ``.sentiment`` uses its bundled pattern lexicon and needs no corpus download; it is
the only part of TextBlob Wirewatch uses.
"""

from __future__ import annotations

import pandas as pd


def scores(texts) -> pd.DataFrame:
    """``polarity`` and ``subjectivity`` for each text, in order."""
    from textblob import TextBlob

    rows = []
    for text in texts:
        sentiment = TextBlob(text or "").sentiment
        rows.append((float(sentiment.polarity), float(sentiment.subjectivity)))
    return pd.DataFrame(rows, columns=["polarity", "subjectivity"], dtype="float64")
