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
    polarity, subjectivity = _analyzer()(text)
    return float(polarity), float(subjectivity)


# Methods of TextBlob's ``lazydict`` that, once the lexicon is loaded, only call dict's own.
_DICT_METHODS = ("__len__", "__iter__", "__contains__", "__getitem__", "get", "items", "keys", "values", "__repr__")


@lru_cache(maxsize=1)
def _analyzer():
    """A copy of ``textblob.en.sentiment`` with its lexicon loaded and dict's own lookups.

    The lexicon is a ``lazydict``: every ``word in lexicon`` and ``lexicon[word]`` goes through
    two Python calls that load it on first use and then defer to ``dict`` (a million calls for
    30,000 sentences). On a loaded copy of the object, a subclass restores ``dict``'s methods:
    the same lexicon and the same numbers (tested against ``TextBlob(text).sentiment``), about
    15% faster. A copy, so that TextBlob itself (and the benchmarks' floor) is left as it is."""
    import copy

    from textblob.en import sentiment as shared

    analyzer = copy.copy(shared)
    len(analyzer)  # loads the lexicon into the copy
    base = type(analyzer)
    loaded = type(f"Loaded{base.__name__}", (base,), {name: getattr(dict, name) for name in _DICT_METHODS})
    analyzer.__class__ = loaded
    return analyzer

