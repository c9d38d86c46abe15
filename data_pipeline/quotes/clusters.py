"""Ids of quotations and the same quote across outlets (``quote_cluster``)."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
from rapidfuzz import fuzz

from ..settings import ID_LENGTH
from . import rules

_WORDS = re.compile(r"\w+")


def quote_id(article_id: str, start: int, end: int, kind: str) -> str:
    return _id(f"{article_id}:{start}:{end}:{kind}")


def _id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def normalized_quote(text: str) -> str:
    """Lower-case words only: punctuation, dashes, quote marks and spacing variants removed."""
    return " ".join(_WORDS.findall(text.lower().replace("’", "'")))


def quote_clusters(texts: pd.Series) -> list[str]:
    """A cluster id per quote: equal normalised text, or a near match sharing its first or last words.

    Outlets re-punctuate, swap dashes and change a word; such copies keep their first or last
    CLUSTER_BLOCK_TOKENS words, so only distinct quotes sharing those are compared (rapidfuzz
    ratio), each against at most MAX_BLOCK_COMPARISONS earlier ones (common openings like
    "I think that" would otherwise make it quadratic).
    """
    norms = [normalized_quote(t or "") for t in texts]
    distinct = list(dict.fromkeys(norms))
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[tuple, list[int]] = {}
    for i, norm in enumerate(distinct):
        words = norm.split()
        if len(words) < rules.CLUSTER_BLOCK_TOKENS:
            continue
        for key in (("h", *words[: rules.CLUSTER_BLOCK_TOKENS]), ("t", *words[-rules.CLUSTER_BLOCK_TOKENS :])):
            members = blocks.setdefault(key, [])
            for j in members[-rules.MAX_BLOCK_COMPARISONS :]:
                if find(j) != find(i) and fuzz.ratio(distinct[j], norm, score_cutoff=rules.NEAR_QUOTE_RATIO):
                    parent[find(i)] = find(j)
                    break
            members.append(i)
    root_text = {}
    for i in range(len(distinct)):
        root_text.setdefault(find(i), distinct[i])
    index = {norm: i for i, norm in enumerate(distinct)}
    return [_id("q:" + root_text[find(index[norm])]) for norm in norms]
