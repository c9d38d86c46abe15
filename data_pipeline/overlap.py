"""Cross-source overlap: sentence clusters, aligned sentence pairs, pairwise shares, originality.

Produces, from the sentences table (and the articles table, for whole-article duplicates):

- ``sentences`` with ``cluster_id`` (the smallest ``sentence_id`` of the sentences that are
  copies of each other, so ids are deterministic), ``n_articles`` (distinct articles carrying
  the cluster) and ``aligned`` (the sentence was long enough to be compared at all);
- ``links``: aligned sentence pairs across articles, ``exact`` (identical text) or ``near``
  (edited wire copy: a word changed, punctuation, dashes or quote marks changed, a clause
  added or cut);
- ``overlap``: one row per ordered pair of articles that share at least one sentence;
- ``originality(articles, sentences)``: share of an article's sentences found in no other article.

How, without comparing every sentence with every other (what churnalism detectors and
plagiarism finders do, after Broder's shingling): texts are normalised (NFKC, lower case,
punctuation, quotes and dashes dropped) and hashed, so exact and punctuation-only copies
collapse to one *variant* in one pass. Each distinct variant is cut into word 3-shingles
hashed with ``pandas.util.hash_array``; an inverted index (a sort of the ``(shingle, variant)``
array) yields the pairs of variants sharing at least ``MIN_SHARED_SHINGLES`` shingles, and
rapidfuzz verifies only those candidates. Everything is numpy/pandas/Arrow over arrays,
chunked so memory stays bounded; per-pair work is inside rapidfuzz's C++ ``cpdist`` (plus a
regex over the verified pairs' numbers). Near copies join clusters transitively (connected
components), so a chain of near copies can join two sentences that are not near copies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import schema
from .execution.memory import give_back_memory

# A sentence needs this many words to be aligned: shorter ones ("He said.", "It was not.",
# "Read more:") recur in unrelated articles by chance. Chosen on PolNeAR (see README,
# "Overlap: measured"): across its 7 outlets, which share almost no text, normalised
# sentences of 6+ words almost never recur, while 3–5 word ones do.
MIN_TOKENS = 6
# Word n-gram size of the shingles (3 is the classic choice for sentence-level reuse, e.g.
# Clough et al.'s METER experiments used 1–3-grams; 3 keeps common bigrams out of the index).
SHINGLE_WORDS = 3
# Candidate pairs share at least this many shingles: one shared 3-gram is a common phrase
# ("the united states"), two almost always mean shared text.
MIN_SHARED_SHINGLES = 2
# A shingle found in more distinct variants than this is a stock phrase ("said in a
# statement"), not evidence of copying; it is left out of the candidate index. Exact copies
# are already merged, so a wire sentence in 5,000 articles is one variant here.
MAX_SHINGLE_VARIANTS = 64
# Verified near copy: ``similarity`` (rapidfuzz ratio, or partial_ratio for an added/cut
# clause) of the normalised texts, 0-1. Chosen on METER (PA copy vs newspaper rewrites of the
# same story, against other stories: the valley of the same-story histogram, where other
# stories almost never reach) and the seeds' edited pairs; see README.
NEAR_THRESHOLD = 0.9
# partial_ratio is tried only from this ratio up: a shorter text at least half the longer and
# 90% inside it has ratio >= ~0.6 (on PolNeAR copies, 1 verified pair in 56,000 had less).
RATIO_FLOOR = 0.6
# ...and the shorter text must be at least this share of the longer (in characters), so a
# six-word fragment is not a "copy" of a long sentence that happens to contain it; a cut
# clause ("... partners." vs "... partners and has threatened Russia ...") is ~0.6.
MIN_LENGTH_RATIO = 0.5
# Clusters carried by more articles than this are left out of the pairwise ``overlap``
# table (their n² article pairs would swamp it); they still count in ``n_articles`` and in
# originality, so they stay visible (``sentences.n_articles`` above this).
MAX_PAIR_ARTICLES = 1_000
# Variants are shingled, and pairs verified or summed, this many at a time: bounded memory.
CHUNK_VARIANTS = 100_000
CHUNK_PAIRS = 1_000_000
# Pairs of texts verified by rapidfuzz this many at a time (each a Python string on both sides).
CHUNK_VERIFY = 250_000
# rapidfuzz compares pairs on threads from this many on; below, the threads' start costs more
# than they save, and in a build another process (quotes, dates) has the other core anyway.
THREADED_PAIRS = 50_000

_NUMBER = re.compile(r"\d+")
REQUIRED_COLUMNS = ("sentence_id", "article_id", "position", "text")

_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def normalized(text: pd.Series) -> pd.Series:
    """Text for matching: NFKC, lower case, every run of characters that are not letters,
    digits or marks one space.

    Curly and straight quotes, ``--`` and ``–-`` and ``—``, commas and full stops all vanish,
    so copies that differ only there become identical. That rule is ``_normalized_arrow``'s (in
    Arrow, RE2); a text of ASCII and typographic punctuation alone (most news copy) takes a
    shortcut with the same result (``_normalized_ascii``: a third less time; tested equal).
    """
    values = _arrow(text)
    chunks = []
    for start in range(0, len(values), NORMALIZE_SLICE):
        part = values.slice(start, NORMALIZE_SLICE)
        done = [_normalized_ascii(value) for value in part.to_pylist()]
        rest = [i for i, value in enumerate(done) if value is None]
        if rest:
            for i, value in zip(rest, _normalized_arrow(part.take(rest)).to_pylist(), strict=True):
                done[i] = value
        chunks.append(pa.array(done, type=pa.large_string()))
        del done
    joined = pa.chunked_array(chunks, type=pa.large_string()).combine_chunks()
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=text.index)


def _normalized_arrow(values: pa.Array) -> pa.Array:
    """``normalized`` by its definition: NFKC, lower case, runs of what is not a letter, digit or
    mark (Unicode classes, RE2) replaced by one space, trimmed."""
    values = pc.utf8_lower(pc.utf8_normalize(values, "NFKC"))
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(values, r"[^\p{L}\p{N}\p{M}]+", " "))


# Texts normalised at a time in Python (memory stays bounded on a big corpus).
NORMALIZE_SLICE = 50_000
# Typographic punctuation: each is its own NFKC form (or "..." for the ellipsis), and none is a
# letter, digit or mark, so ``_normalized_arrow`` makes each a space.
_TYPOGRAPHIC = (
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "\u201a",
    "\u201e",
    "\u2013",
    "\u2014",
    "\u2026",
    "\u00ab",
    "\u00bb",
)
# ASCII bytes as ``_normalized_arrow`` leaves them: letters lower case, digits kept, the rest spaces.
_ASCII_BYTES = bytes(
    (code | 0x20 if chr(code).isalpha() else code) if chr(code).isalnum() else ord(" ") for code in range(256)
)


def _normalized_ascii(value: str) -> str | None:
    """``normalized`` of a text of ASCII and typographic punctuation; None for any other text."""
    if not value.isascii():
        for mark in _TYPOGRAPHIC:
            value = value.replace(mark, " ")
        if not value.isascii():
            return None
    return " ".join(value.encode("ascii").translate(_ASCII_BYTES).decode("ascii").split())


def _arrow(text: pd.Series) -> pa.Array:
    """The texts as one Arrow large_string array, nulls as "" (zero-copy for Arrow-backed strings)."""
    values = pa.array(text.astype("string").array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return pc.fill_null(pc.cast(values, pa.large_string()), "")


def similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Similarity (0-1) of each pair ``a[i]``, ``b[i]``: rapidfuzz ``ratio`` (normalised Indel),
    raised to ``partial_ratio`` (the shorter text against its best-matching stretch of the
    longer) where a clause may have been added or cut.

    partial_ratio is only tried where it can matter and is cheap: ratio below NEAR_THRESHOLD but
    at least RATIO_FLOOR, and the shorter text at least MIN_LENGTH_RATIO of the longer; pairs
    below that length ratio score 0 (a fragment is not a copy).
    """
    if not a:
        return np.zeros(0)
    workers = -1 if len(a) >= THREADED_PAIRS else 1
    scores = process.cpdist(a, b, scorer=fuzz.ratio, workers=workers) / 100
    lengths_a = np.fromiter(map(len, a), dtype=np.int64, count=len(a))
    lengths_b = np.fromiter(map(len, b), dtype=np.int64, count=len(b))
    ratio = np.minimum(lengths_a, lengths_b) / np.maximum(np.maximum(lengths_a, lengths_b), 1)
    band = np.flatnonzero((scores < NEAR_THRESHOLD) & (scores >= RATIO_FLOOR) & (ratio >= MIN_LENGTH_RATIO))
    if len(band):
        partial = (
            process.cpdist([a[i] for i in band], [b[i] for i in band], scorer=fuzz.partial_ratio, workers=workers) / 100
        )
        scores[band] = np.maximum(scores[band], partial)
    return np.where(ratio >= MIN_LENGTH_RATIO, scores, 0.0)


def align(
    sentences: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    on_links: Callable[[pd.DataFrame], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame]:
    """(sentences with ``cluster_id``/``n_articles``/``aligned``, links, overlap).

    ``links``: one row per sentence of a cluster linked to the cluster's first sentence
    (smallest id) when they are in different articles — a star, not all pairs, so a wire
    sentence carried by n articles costs n − 1 rows. ``similarity`` is ``similarity()`` of
    the two texts as written (0-1; under NEAR_THRESHOLD when the two are joined only through
    a chain of near copies); ``match`` is ``exact`` when the texts are identical, else ``near``.

    ``overlap``: one row per ordered pair (A, B) of articles sharing at least one sentence
    (not all n² pairs, which would not scale): ``shared_sentences`` = A's sentences found
    in B, ``share_a`` = that over A's aligned sentences (containment), ``share_b`` = the
    converse. Extra column ``duplicate``: the two are the same article — one is a
    byte-identical input of the other (``articles.duplicate_of``), or every aligned
    sentence of each is found in the other.

    With ``on_links``, the links are handed to it as soon as they are made (and None returned
    in their place), so a big build need not hold them while the overlap pairs are counted.

    Whole-article duplicates (``articles.duplicate_of`` set) are not aligned again: their
    sentences take the cluster and ``n_articles`` of the original's sentence at the same
    position, they add no links, and ``overlap`` pairs them with their original only.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in sentences.columns]
    if missing:
        raise schema.SchemaError(f"sentences: missing columns {missing}")
    duplicate_of = _duplicate_map(articles)
    is_copy = sentences["article_id"].isin(duplicate_of.index).to_numpy(dtype=bool)
    own = np.flatnonzero(~is_copy)  # positions of the sentences aligned (frames are not copied)
    clusters = _clusters(sentences, own)
    # A sentence not aligned (a whole-article duplicate's, until mirrored) is its own cluster.
    own_mask = ~is_copy
    cluster_id = schema.replace_strings(sentences["sentence_id"], own_mask, clusters.cluster_id)
    n_articles = np.ones(len(sentences), dtype=np.int64)
    aligned = np.zeros(len(sentences), dtype=bool)
    n_articles[own], aligned[own] = clusters.n_articles, clusters.aligned
    give_back_memory()
    links = _links(sentences, own, clusters)
    del clusters.text  # not needed any more (one int per sentence)
    if on_links is not None:
        on_links(links)
        links = None
    give_back_memory()
    pairs = _pairs(clusters)
    del clusters
    clustered = sentences.assign(cluster_id=cluster_id, n_articles=pd.array(n_articles, dtype="Int64"), aligned=aligned)
    if is_copy.any():
        clustered = _mirror(clustered, np.flatnonzero(is_copy), duplicate_of)
        pairs = pd.concat([pairs, _duplicate_pairs(clustered, duplicate_of)], ignore_index=True)
    return clustered, links, pairs


def originality(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """Share of each article's aligned sentences found in no other article, aligned to ``articles``.

    Sentences too short to align (``aligned`` false) count neither way; an article with none
    gets null (not determined), never a guess.
    """
    aligned = sentences["aligned"] if "aligned" in sentences.columns else pd.Series(True, index=sentences.index)
    counted = aligned.fillna(False).to_numpy(dtype=bool)
    # Two columns taken, not the rows of the whole table (its texts are hundreds of MB).
    article_id = sentences["article_id"].loc[counted]
    own = (sentences["n_articles"].loc[counted].fillna(1) <= 1).groupby(article_id).mean()
    return articles["article_id"].map(own).astype("float64")


def _duplicate_map(articles: pd.DataFrame | None) -> pd.Series:
    """duplicate article_id -> original article_id."""
    if articles is None or "duplicate_of" not in articles.columns:
        return pd.Series([], dtype="string")
    marked = articles[articles["duplicate_of"].notna()]
    return pd.Series(marked["duplicate_of"].to_numpy(), index=marked["article_id"].to_numpy(), dtype="string")


@dataclass
class _Clusters:
    """Positional arrays over the sentences clustered (row i is the i-th of the ``rows`` given to
    ``_clusters``)."""

    aligned: np.ndarray  # bool: long enough to compare
    group: np.ndarray  # int: cluster number
    article: np.ndarray  # int: article code
    article_ids: pd.Index  # article code -> article_id (codes in id order)
    root: np.ndarray  # int per group: row of the cluster's first sentence (smallest id)
    n_articles: np.ndarray  # int per row: distinct articles of its cluster
    rank: np.ndarray  # int per row: rank of its sentence_id
    cluster_id: pd.array  # string per row
    text: np.ndarray  # int per row: code of its text as written (same code, same text)


def _clusters(sentences: pd.DataFrame, rows: np.ndarray) -> _Clusters:
    """Cluster the sentences at positions ``rows``: exact (normalised) copies, then verified near
    copies, joined. Columns are encoded whole and their codes taken at ``rows`` (no copy of the
    texts)."""
    # Identical texts (verbatim wire copy) are normalised once.
    all_text_codes, texts = pd.factorize(sentences["text"].fillna(""))
    text_codes = all_text_codes[rows]
    del all_text_codes
    unique_keys = normalized(pd.Series(texts, dtype="string"))
    arrow_keys = _arrow(unique_keys)
    n_tokens = pc.count_substring(arrow_keys, " ").to_numpy(zero_copy_only=False) + 1
    long_enough = (n_tokens >= MIN_TOKENS) & (pc.utf8_length(arrow_keys).to_numpy(zero_copy_only=False) > 0)
    del arrow_keys, n_tokens
    aligned = long_enough[text_codes]
    key_codes, variants = pd.factorize(unique_keys)
    del unique_keys, texts
    codes, used = pd.factorize(key_codes[text_codes[aligned]])
    variants = variants.take(used)
    component = _variant_components(pd.Series(variants, dtype="string"))
    del variants
    n_components = int(component.max()) + 1 if len(component) else 0
    group = np.empty(len(rows), dtype=np.int64)
    group[aligned] = component[codes]
    # Short sentences are their own cluster: numbers past the components.
    group[~aligned] = n_components + np.arange(int((~aligned).sum()))
    rank, sentence_ids = pd.factorize(sentences["sentence_id"], sort=True)
    rank = rank[rows]
    article, article_ids = pd.factorize(sentences["article_id"], sort=True)
    article = article[rows]
    n_groups = n_components + int((~aligned).sum())
    first_rank = np.full(n_groups, np.iinfo(np.int64).max)
    np.minimum.at(first_rank, group, rank)
    root = np.empty(n_groups, dtype=np.int64)
    is_root = rank == first_rank[group]
    root[group[is_root]] = np.flatnonzero(is_root)
    distinct = np.unique(group * max(len(article_ids), 1) + article)
    per_group = np.bincount(distinct // max(len(article_ids), 1), minlength=n_groups)
    return _Clusters(
        aligned=aligned,
        group=group,
        article=article,
        article_ids=article_ids,
        root=root,
        n_articles=per_group[group],
        rank=rank,
        cluster_id=pd.array(sentence_ids.take(first_rank[group]), dtype="string"),
        text=text_codes,
    )


def _variant_components(variants: pd.Series) -> np.ndarray:
    """Connected component of each distinct normalised text under verified near-copy edges."""
    n = len(variants)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    left, right = _candidates(variants)
    keep = np.zeros(len(left), dtype=bool)
    for start in range(0, len(left), CHUNK_VERIFY):
        chunk = slice(start, start + CHUNK_VERIFY)
        a = variants.iloc[left[chunk]].tolist()
        b = variants.iloc[right[chunk]].tolist()
        keep[chunk] = _verified(a, b)
    left, right = left[keep], right[keep]
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def _verified(a: list[str], b: list[str]) -> np.ndarray:
    """Which candidate pairs of normalised texts are near copies."""
    keep = similarity(a, b) >= NEAR_THRESHOLD
    # Same wording, other figures ("Seventy-eight percent were white, while 16 percent..."
    # vs "... 17 percent ..."; "at least 14" vs "at least 45") is another fact, not a copy:
    # the shorter text's numbers must all be in the longer one.
    for i in np.flatnonzero(keep):
        short, long = (a[i], b[i]) if len(a[i]) <= len(b[i]) else (b[i], a[i])
        if not set(_NUMBER.findall(short)) <= set(_NUMBER.findall(long)):
            keep[i] = False
    return keep


def _candidates(variants: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of variants sharing at least MIN_SHARED_SHINGLES informative shingles."""
    # The inverted index: one uint64 per posting, the shingle hash's high bits above the
    # variant's number, sorted in place (8 bytes a posting instead of 32 for an argsort of
    # separate arrays: at 50,000 articles that is hundreds of MB). Truncating the hash to
    # 64 - bits bits (over 40 for any corpus below 16 M distinct sentences) only risks an extra
    # candidate, which the rapidfuzz check then rejects.
    bits = max(1, int(len(variants) - 1).bit_length())
    mask = np.uint64((1 << bits) - 1)
    keys = []
    for start in range(0, len(variants), CHUNK_VARIANTS):
        owner, shingle = _shingles(variants.iloc[start : start + CHUNK_VARIANTS])
        shingle &= ~mask
        shingle |= (owner + start).astype(np.uint64)
        keys.append(shingle)
        del owner, shingle
    key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
    del keys
    key.sort()
    owner = (key & mask).astype(np.int32)
    differs = key[1:] ^ key[:-1]
    del key
    differs >>= np.uint64(bits)
    starts = np.flatnonzero(np.r_[True, differs != 0])
    del differs
    sizes = np.diff(np.r_[starts, len(owner)])
    useful = (sizes >= 2) & (sizes <= MAX_SHINGLE_VARIANTS)
    n = np.int64(len(variants))
    codes, (counts,) = _pair_sums(starts[useful], sizes[useful], owner, n, [None])
    codes = codes[counts >= MIN_SHARED_SHINGLES]
    return codes // n, codes % n


def _shingles(variants: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(variant position, shingle hash) for every word 3-shingle of each variant.

    Tokens are split and dictionary-encoded in Arrow; only the distinct words of the chunk are
    hashed (``pandas.util.hash_array``), so no Python string is made per token.
    """
    lists = pc.split_pattern(_arrow(variants), " ")
    lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(lists))
    words = pd.util.hash_array(encoded.dictionary.to_numpy(zero_copy_only=False).astype(object))
    hashes = words[encoded.indices.to_numpy(zero_copy_only=False)]
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    k = SHINGLE_WORDS
    n = len(hashes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            combined = combined ^ (hashes[offset : offset + n] * _MULTIPLIERS[offset])
            combined = (combined << np.uint64(7)) | (combined >> np.uint64(57))
    same = owner[:n] == owner[k - 1 :]
    return owner[:n][same], combined[same]


def _pair_sums(
    starts: np.ndarray, sizes: np.ndarray, codes: np.ndarray, n: np.int64, weights: list, *, swap: bool = False
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sum over all pairs (i < j) inside each run: key ``codes[i] * n + codes[j]``.

    ``weights[k]`` is an array over elements (None counts 1); with ``swap`` the second sum
    takes the weight of j instead of i. Runs are taken a chunk of CHUNK_PAIRS pairs at a time
    and summed as they come, so memory follows the number of distinct keys. Pairs of equal
    codes are skipped.
    """
    keys, sums = np.zeros(0, dtype=np.int64), [np.zeros(0) for _ in weights]
    cumulative = np.cumsum(sizes * (sizes - 1) // 2)
    done = 0
    while done < len(starts):
        stop = int(np.searchsorted(cumulative, cumulative[done] + CHUNK_PAIRS, side="right"))
        stop = max(stop, done + 1)
        left, right = _pairs_within(starts[done:stop], sizes[done:stop])
        distinct = codes[left] != codes[right]
        left, right = left[distinct], right[distinct]
        chunk = codes[left].astype(np.int64) * n + codes[right]
        chunk_keys, inverse = np.unique(chunk, return_inverse=True)
        del chunk
        chunk_sums = []
        for k, weight in enumerate(weights):
            picked = right if swap and k == 1 else left
            values = None if weight is None else weight[picked]
            chunk_sums.append(np.bincount(inverse, weights=values, minlength=len(chunk_keys)).astype(np.float64))
        del left, right, inverse
        # Merged into the sorted running keys in place of a sort of both: memory about twice the
        # keys, time linear in them.
        at = np.searchsorted(keys, chunk_keys)
        seen = at < len(keys)
        seen[seen] = keys[at[seen]] == chunk_keys[seen]
        for total, chunk_sum in zip(sums, chunk_sums, strict=True):
            total[at[seen]] += chunk_sum[seen]
        new = ~seen
        if new.any():
            keys = np.insert(keys, at[new], chunk_keys[new])
            sums = [
                np.insert(total, at[new], chunk_sum[new]) for total, chunk_sum in zip(sums, chunk_sums, strict=True)
            ]
        done = stop
    return keys, sums


def _pairs_within(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs (i < j) inside each run [start, start + size), vectorised."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Every element of a run pairs with the elements after it in the run.
    element = np.repeat(starts, sizes) + (np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    after = np.repeat(starts + sizes, sizes) - element - 1
    left = np.repeat(element, after)
    offsets = np.arange(after.sum()) - np.repeat(np.cumsum(after) - after, after)
    return left, left + offsets + 1


def _links(sentences: pd.DataFrame, rows: np.ndarray, clusters: _Clusters) -> pd.DataFrame:
    """Each clustered sentence linked to its cluster's first sentence, across articles."""
    root = clusters.root[clusters.group]
    member = np.flatnonzero(clusters.aligned & (clusters.n_articles > 1) & (clusters.article != clusters.article[root]))
    if len(member) == 0:
        return schema.empty(schema.LINKS)
    # Identical texts have one code: only edited pairs need their texts (memory at 1 M links).
    exact = clusters.text[root[member]] == clusters.text[member]
    scores = np.ones(len(member))
    edited = np.flatnonzero(~exact)
    if len(edited):
        text = pa.array(sentences["text"].astype("string").array)  # chunks as they are: no copy
        for start in range(0, len(edited), CHUNK_VERIFY):
            at = edited[start : start + CHUNK_VERIFY]
            scores[at] = similarity(
                text.take(rows[root[member[at]]]).to_pylist(), text.take(rows[member[at]]).to_pylist()
            )
        del text
    ids = sentences["sentence_id"].astype("string").array
    order = np.lexsort((clusters.rank[member], clusters.rank[root[member]]))
    return pd.DataFrame(
        {
            "sentence_a": ids.take(rows[root[member][order]]),
            "sentence_b": ids.take(rows[member[order]]),
            "similarity": scores[order],
            "match": pd.array(np.where(exact, "exact", "near")[order], dtype="string"),
        }
    )


def _pairs(clusters: _Clusters) -> pd.DataFrame:
    """Ordered article pairs sharing at least one cluster, with containment shares.

    Pairs are generated inside each cluster's articles, a chunk of clusters at a time, and
    summed as they come, so memory follows the number of article pairs, not of sentence pairs.
    """
    n = np.int64(max(len(clusters.article_ids), 1))
    n_aligned = np.bincount(clusters.article[clusters.aligned], minlength=n)
    carried = clusters.aligned & (clusters.n_articles > 1) & (clusters.n_articles <= MAX_PAIR_ARTICLES)
    # One row per (cluster, article) with the article's number of sentences in the cluster.
    keys, counts = np.unique(clusters.group[carried] * n + clusters.article[carried], return_counts=True)
    group, article = keys // n, keys % n
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    runs = sizes >= 2
    pair_keys, (shared_a, shared_b) = _pair_sums(starts[runs], sizes[runs], article, n, [counts, counts], swap=True)
    if len(pair_keys) == 0:
        return _empty_overlap()
    a, b = (pair_keys // n).astype(np.int32), (pair_keys % n).astype(np.int32)
    del pair_keys
    # Both orientations, ordered by article id (codes are sorted ids); reordered one array at a
    # time (3 M pairs at 50,000 articles).
    first, second = np.r_[a, b], np.r_[b, a]
    del a, b
    order = np.lexsort((second, first))
    first = first[order]
    second = second[order]
    from_first = np.r_[shared_a, shared_b][order]
    from_second = np.r_[shared_b, shared_a][order]
    del order, shared_a, shared_b
    share_a, share_b = from_first / n_aligned[first], from_second / n_aligned[second]
    ids = pd.array(clusters.article_ids, dtype="string")
    return pd.DataFrame(
        {
            "article_a": ids.take(first),
            "article_b": ids.take(second),
            "shared_sentences": pd.array(from_first.astype(np.int64), dtype="Int64"),
            "share_a": share_a,
            "share_b": share_b,
            "duplicate": (share_a >= 1) & (share_b >= 1),
        }
    )


def _empty_overlap() -> pd.DataFrame:
    return schema.empty(schema.OVERLAP).assign(duplicate=pd.Series(dtype="boolean"))


def _mirror(clustered: pd.DataFrame, copies: np.ndarray, duplicate_of: pd.Series) -> pd.DataFrame:
    """Sentences of whole-article duplicates (positions ``copies``) take their original's
    cluster, position by position (matched on integer keys: no Python object per sentence)."""
    codes, ids = pd.factorize(clustered["article_id"])
    original = pd.Index(ids).get_indexer(
        pd.array(clustered["article_id"].take(copies).map(duplicate_of), dtype="string")
    )
    position = clustered["position"].to_numpy(dtype=np.int64, na_value=0)
    width = np.int64(position.max() + 1) if len(position) else np.int64(1)
    keys = pd.Index(codes.astype(np.int64) * width + position)
    wanted = np.where(original >= 0, original.astype(np.int64) * width + position[copies], -1)
    found = keys.get_indexer(wanted)
    # A duplicate whose original was not aligned (should not happen) stays its own cluster.
    has = (found >= 0) & (original >= 0)
    target, source = copies[has], found[has]
    mask = np.zeros(len(clustered), dtype=bool)
    mask[target] = True
    order = np.argsort(target)  # replacements in the order of the rows they replace
    cluster_id = schema.replace_strings(
        clustered["cluster_id"], mask, schema.arrow_strings(clustered["cluster_id"]).take(source[order])
    )
    n_articles = clustered["n_articles"].to_numpy(dtype=np.int64, na_value=1).copy()
    aligned = clustered["aligned"].to_numpy(dtype=bool).copy()
    n_articles[target] = n_articles[source]
    aligned[target] = aligned[source]
    return clustered.assign(cluster_id=cluster_id, n_articles=pd.array(n_articles, dtype="Int64"), aligned=aligned)


def _duplicate_pairs(sentences: pd.DataFrame, duplicate_of: pd.Series) -> pd.DataFrame:
    """Both ordered pairs (original, duplicate) of each whole-article duplicate, share 1."""
    if duplicate_of.empty:
        return _empty_overlap()
    n_aligned = sentences.loc[sentences["aligned"].to_numpy(dtype=bool), "article_id"].value_counts()
    copy_ids = duplicate_of.index.to_numpy()
    original_ids = duplicate_of.to_numpy(dtype=object)
    shared = pd.Series(copy_ids).map(n_aligned).fillna(0).to_numpy()
    forward = pd.DataFrame({"article_a": original_ids, "article_b": copy_ids, "shared_sentences": shared})
    backward = pd.DataFrame({"article_a": copy_ids, "article_b": original_ids, "shared_sentences": shared})
    pairs = pd.concat([forward, backward], ignore_index=True).assign(share_a=1.0, share_b=1.0, duplicate=True)
    return schema.conform(pairs, schema.OVERLAP)
