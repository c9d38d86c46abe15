"""Quotations and their speakers.

``extract`` finds the quotations of an article (direct ``full``, ``partial`` and ``indirect``
speech) with cue and speaker; ``attribution`` holds the ordered rules that decide who speaks;
``phrases`` reads the speaker's noun phrase next to a cue; ``speakers`` merges the speakers of
the whole corpus into one canonical speaker each; ``clusters`` finds the same quote across
outlets; ``rules`` holds the word lists and limits. Rule-based and cheap (regexes and token
rules, no models).
"""

from .clusters import normalized_quote, quote_clusters, quote_id
from .extract import article_quotes, quote_spans, quotes, scored, table
from .phrases import split_role

__all__ = [
    "article_quotes",
    "normalized_quote",
    "quote_clusters",
    "quote_id",
    "quote_spans",
    "quotes",
    "scored",
    "split_role",
    "table",
]
