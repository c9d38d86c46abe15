"""Tone: TextBlob polarity (-1..1) and subjectivity (0..1) per text.

TextBlob's ``.sentiment`` uses its bundled pattern lexicon and needs no corpus download; it is
the only part of TextBlob Wirewatch uses. ``TextBlob(text).sentiment`` is
``PatternAnalyzer.analyze(text)``, which builds a new namedtuple class per call and then calls
``textblob.en.sentiment(text)``; calling the latter directly gives the same two numbers about
three times faster. Syndicated copies repeat sentences word for word, so scores are memoised by
text (per process, bounded).
"""

from __future__ import annotations

from functools import lru_cache

SENTIMENT_MEMO_SIZE = 200_000  # distinct sentences remembered per process (~40 MB at most)


@lru_cache(maxsize=SENTIMENT_MEMO_SIZE)
def score(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one text, exactly as ``TextBlob(text).sentiment``."""
    from textblob.en import sentiment as pattern_sentiment

    polarity, subjectivity = pattern_sentiment(text)
    return float(polarity), float(subjectivity)

