"""The table contract between pipeline and dashboard: one schema per table.

Each schema maps column -> pandas dtype. ``conform`` gives a frame exactly these columns (in
this order, extra columns kept after them), coerced to these dtypes. The dashboard refers to
tables and columns through this module, not through scattered literals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq  # at import, not in the first table a build writes (0.02 s)

STRING = "string"
INT = "Int64"
FLOAT = "float64"
BOOL = "boolean"
DATE = "datetime64[ns]"
OBJECT = "object"  # lists

ARTICLES = "articles"
SENTENCES = "sentences"
QUOTES = "quotes"
SPEAKERS = "speakers"
EVENTS = "events"
OVERLAP = "overlap"
LINKS = "links"
PROBLEMS = "problems"
# Wire copy traced (``provenance``): who published each shared sentence first, each article's
# likely source, stories (versions of one dispatch) and what each version changed.
CLUSTERS = "clusters"
PROVENANCE = "provenance"
STORIES = "stories"
EDITS = "edits"

SCHEMAS: dict[str, dict[str, str]] = {
    ARTICLES: {
        "article_id": STRING,
        "path": STRING,
        "source": STRING,
        "title": STRING,
        "wire": STRING,
        "published": DATE,
        "date_source": STRING,
        "n_sentences": INT,
        "n_words": INT,
        "polarity": FLOAT,
        "subjectivity": FLOAT,
        "originality": FLOAT,
        # extensions
        "url": STRING,
        # where ``source`` was read: "metadata" (HTML, export, manifest), "text" (title suffix,
        # masthead, copyright line), "folder" or "file name" (a domain in the path), or null
        "source_from": STRING,
        "body": STRING,  # cleaned text; sentences carry offsets into it
        "header": STRING,  # lines before the body (tagline, dateline, byline)
        "boilerplate": OBJECT,  # list of removed lines, each "reason: line"
        "meta_published": STRING,  # date given by metadata (HTML meta, CSV/JSONL column)
        "content_hash": STRING,  # sha1 of the raw input text
        "duplicate_of": STRING,  # article_id of an earlier identical input, or null
    },
    SENTENCES: {
        "sentence_id": STRING,
        "article_id": STRING,
        "position": INT,
        "text": STRING,
        "polarity": FLOAT,
        "subjectivity": FLOAT,
        "cluster_id": STRING,
        "n_articles": INT,
        # extensions
        "paragraph": INT,
        "start": INT,  # offset in articles.body
        "end": INT,
    },
    QUOTES: {
        "quote_id": STRING,
        "article_id": STRING,
        "sentence_id": STRING,
        "text": STRING,
        "kind": STRING,
        "speaker": STRING,
        "speaker_mention": STRING,
        "cue": STRING,
        "polarity": FLOAT,
        "subjectivity": FLOAT,
        "quote_cluster": STRING,
        "role": STRING,
        "speaker_type": STRING,  # person / organisation / anonymous, null without a speaker
    },
    SPEAKERS: {
        "speaker": STRING,
        "aliases": OBJECT,
        "role": STRING,
        "n_quotes": INT,
        "n_articles": INT,
        "polarity": FLOAT,
        "speaker_type": STRING,  # person / organisation / anonymous
    },
    EVENTS: {
        "event_id": STRING,
        "article_id": STRING,
        "sentence_id": STRING,
        "expression": STRING,
        "date": DATE,
        "granularity": STRING,
        "text": STRING,
    },
    OVERLAP: {
        "article_a": STRING,
        "article_b": STRING,
        "shared_sentences": INT,
        "share_a": FLOAT,
        "share_b": FLOAT,
        # extensions (``provenance``)
        "shared_reporting": INT,  # A's sentences found in B, quoted speech set aside
        "relation": STRING,  # copy / syndicated / shares quotes
    },
    LINKS: {
        "sentence_a": STRING,
        "sentence_b": STRING,
        "similarity": FLOAT,
        "match": STRING,
    },
    PROBLEMS: {
        "path": STRING,
        "stage": STRING,
        "problem": STRING,
    },
    CLUSTERS: {  # one row per sentence cluster carried by two or more articles
        "cluster_id": STRING,
        "n_articles": INT,
        "reporting": BOOL,  # reporting copy, not mostly quoted speech
        "first": STRING,  # earliest / tied / earliest dated / undated
        "first_article": STRING,  # null when undated
        "first_published": DATE,
        "n_first": INT,  # articles at the earliest time (more than 1: a tie)
        "n_undated": INT,  # carriers without a publication date
    },
    PROVENANCE: {  # one row per article
        "article_id": STRING,
        "story_id": STRING,  # null: in no story
        "source_kind": STRING,  # credited wire / earlier article / same-time article / undated article / own reporting
        "source": STRING,  # the wire, or the source article's outlet
        "source_article": STRING,
        "shared_reporting": INT,  # reporting sentences shared with source_article
        "copied_sentences": INT,  # its reporting sentences carried by another article too
    },
    STORIES: {  # one row per story: articles joined by syndication
        "story_id": STRING,  # its earliest version's article_id
        "title": STRING,  # the fullest version's
        "wire": STRING,  # the wire its versions credit most
        "n_articles": INT,
        "n_outlets": INT,
        "earliest_article": STRING,
        "earliest_published": DATE,
        "dated": BOOL,  # every version dated (else "earliest" is the earliest dated)
        "fullest_article": STRING,
    },
    EDITS: {  # the fullest version's paragraphs against each version, and what each added
        "story_id": STRING,
        "article_id": STRING,  # the version
        "paragraph": INT,  # the fullest version's paragraph; null for added text
        "version_paragraph": INT,  # null for a cut paragraph
        "status": STRING,  # kept / edited / cut / added
        "text": STRING,  # the fullest version's paragraph
        "version_text": STRING,
        "changes": STRING,  # word changes of an edited paragraph
    },
}

TABLES = tuple(SCHEMAS)


class SchemaError(ValueError):
    """A table lacks a column the contract requires."""


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return conform(pd.DataFrame(), table, fill_missing=True)


def conform(frame: pd.DataFrame, table: str, *, fill_missing: bool = True) -> pd.DataFrame:
    """Return ``frame`` with the table's columns first, coerced to the contract's dtypes.

    Missing columns are added as nulls when ``fill_missing``; otherwise a SchemaError names them.
    """
    schema = SCHEMAS[table]
    missing = [c for c in schema if c not in frame.columns]
    if missing and not fill_missing:
        raise SchemaError(f"{table}: missing columns {missing}")
    n = len(frame)
    columns = {}
    for column, dtype in schema.items():
        values = frame[column] if column in frame.columns else pd.Series([None] * n, index=frame.index)
        columns[column] = _coerce(values, dtype)
    extra = {c: frame[c] for c in frame.columns if c not in schema}
    # copy=False: columns already of their dtype are shared, not copied (a table of 1.5 M
    # sentences is hundreds of MB).
    return pd.DataFrame({**columns, **extra}, index=frame.index, copy=False).reset_index(drop=True)


def _already(current, dtype: str) -> bool:
    """Whether a column's dtype is already the contract's (then it is kept as it is)."""
    if dtype == STRING:
        return isinstance(current, pd.StringDtype) and current.na_value is pd.NA
    if dtype == OBJECT:
        return current == np.dtype(object)
    return current == dtype


def arrow_strings(values) -> pa.ChunkedArray:
    """Strings (a column, an array, a list) as one Arrow chunked array (no copy when they are
    already Arrow-backed)."""
    array = pa.array(pd.array(values, dtype=STRING))
    return array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])


def positions(values, labels) -> np.ndarray:
    """Each of ``values``' position in ``labels`` (-1 where absent or null), looked up in Arrow
    (an Index of millions of ids goes through a Python string per row)."""
    found = pc.index_in(arrow_strings(values), value_set=arrow_strings(labels).combine_chunks())
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def strings_from_codes(codes: np.ndarray, labels) -> pd.arrays.ArrowStringArray:
    """``labels[codes]`` as a string column, made in Arrow (no Python string per row: a column
    of 3 million relation names cost 500 MB through NumPy)."""
    return pd.array(pc.take(pa.array(list(labels), type=pa.string()), pa.array(codes)), dtype=STRING)


def replace_strings(column, mask: np.ndarray, replacements) -> pd.arrays.ArrowStringArray:
    """A string column with the values at ``mask`` replaced, in order, by ``replacements``. In
    Arrow: a masked assignment into an Arrow column (``frame.loc[mask, c] = ...``) goes through a
    Python object per row, hundreds of MB on a 1.5 M-row table."""
    replaced = pc.replace_with_mask(
        arrow_strings(column).combine_chunks(), pa.array(mask), arrow_strings(replacements).combine_chunks()
    )
    return pd.array(replaced, dtype=STRING)


def _coerce(values: pd.Series, dtype: str) -> pd.Series:
    if _already(values.dtype, dtype):
        return values
    if dtype == DATE:
        return pd.to_datetime(values, errors="coerce").astype(DATE)
    if dtype == OBJECT:
        return values.astype(object)
    if dtype == INT:
        return pd.to_numeric(values, errors="coerce").astype(INT)
    if dtype == FLOAT:
        return pd.to_numeric(values, errors="coerce").astype(FLOAT)
    if dtype == STRING:
        return values.astype(object).where(values.notna(), None).astype(STRING)
    return values.astype(dtype)


def write_parquet(frame: pd.DataFrame, path, row_group_size: int | None = None) -> None:
    """``frame.to_parquet(path, index=False)``, straight through pyarrow: the same file."""
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=row_group_size)
