"""Cross-source overlap: sentence clusters, aligned pairs, pairwise shares, originality.

Placeholder until the overlap issue lands: every sentence is its own cluster.
"""

from __future__ import annotations

import pandas as pd

from . import schema


def align(sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(sentences with ``cluster_id``/``n_articles``, links, overlap)."""
    clustered = sentences.assign(cluster_id=sentences["sentence_id"], n_articles=1)
    return clustered, schema.empty(schema.LINKS), schema.empty(schema.OVERLAP)


def originality(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """Share of each article's sentences found in no other article, aligned to ``articles``."""
    shared = sentences.assign(shared=sentences["n_articles"].fillna(1) > 1)
    own = 1 - shared.groupby("article_id")["shared"].mean()
    return articles["article_id"].map(own).astype("float64")
