"""Per-article stage: a document becomes one ``articles`` row, its ``sentences`` rows and its
quotation rows (quote extraction reads one article at a time, so it runs here, in parallel;
clustering quotes and merging speakers across the corpus come later).

A pure function of one document (no cross-article state), so it can run in worker processes or
on Dask partitions. Ids come from content: the same text always gets the same ids.

Workers return ``Frames``: the rows of a chunk of documents as columns (one DataFrame per table,
Arrow-backed strings), never one Python object per sentence. At 50,000 articles that is the
difference between a few hundred MB and several GB in the process that collects them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

import pandas as pd

from . import boilerplate, quotes, schema, sentiment
from .ingest import Document, Problem, visible
from .sentences import sentence_spans
from .settings import ID_LENGTH

DOC = "doc"  # in Frames: the index of a row's document in the input

# Frames' columns and dtypes: the contract's, plus DOC and what later stages read.
ARTICLE_COLUMNS = {
    DOC: "int64",
    "article_id": schema.STRING,
    "path": schema.STRING,
    "source": schema.STRING,
    "source_from": schema.STRING,
    "title": schema.STRING,
    "wire": schema.STRING,
    "url": schema.STRING,
    "body": schema.STRING,
    "header": schema.STRING,
    "boilerplate": schema.OBJECT,
    "meta_published": schema.STRING,
    "manifest": "bool",
    "content_hash": schema.STRING,
    "n_sentences": "int64",
    "n_words": "int64",
    "polarity": schema.FLOAT,
    "subjectivity": schema.FLOAT,
}
SENTENCE_COLUMNS = {
    DOC: "int64",
    "sentence_id": schema.STRING,
    "article_id": schema.STRING,
    "position": "int64",
    "text": schema.STRING,
    "polarity": schema.FLOAT,
    "subjectivity": schema.FLOAT,
    "paragraph": "int64",
    "start": "int64",
    "end": "int64",
}
QUOTE_COLUMNS = {
    DOC: "int64",
    "quote_id": schema.STRING,
    "article_id": schema.STRING,
    "sentence_id": schema.STRING,
    "text": schema.STRING,
    "kind": schema.STRING,
    "speaker": schema.STRING,
    "speaker_mention": schema.STRING,
    "cue": schema.STRING,
    "role": schema.STRING,
    "start": "int64",
    "end": "int64",
    "polarity": schema.FLOAT,
    "subjectivity": schema.FLOAT,
}
PROBLEM_COLUMNS = {DOC: "int64", "path": schema.STRING, "stage": schema.STRING, "problem": schema.STRING}


@dataclass
class _Parts:
    """One document's rows, sentences as columns (lists)."""

    article: dict | None
    sentences: dict[str, list]
    quotes: list[dict]
    problem: Problem | None = None


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _process(document: Document) -> _Parts:
    meta = document.meta
    parsed = boilerplate.parse(
        document.text, title=meta.get("title"), source=meta.get("source"), byline=meta.get("byline")
    )
    body = parsed.body
    digest = content_hash(document.text)
    if not body.strip():
        removed = len(parsed.removed)
        problem = Problem(document.path, "boilerplate", f"no reporting text left: all {removed} lines are boilerplate")
        return _Parts(None, {}, [], problem)
    article_id = digest[:ID_LENGTH]
    spans = sentence_spans(body)
    texts = [body[s:e] for _, s, e in spans]
    tone = [sentiment.score(text or "") for text in texts]
    polarities = [p for p, _ in tone]
    subjectivities = [s for _, s in tone]
    sentence_ids = [f"{article_id}-{position:04d}" for position in range(len(spans))]
    paragraphs = [p for p, _, _ in spans]
    starts = [s for _, s, _ in spans]
    ends = [e for _, _, e in spans]
    sentences = {
        "sentence_id": sentence_ids,
        "article_id": [article_id] * len(spans),
        "position": list(range(len(spans))),
        "text": texts,
        "polarity": polarities,
        "subjectivity": subjectivities,
        "paragraph": paragraphs,
        "start": starts,
        "end": ends,
    }
    article = {
        "article_id": article_id,
        "path": document.path,
        "source": visible(parsed.source),
        "source_from": meta.get("source_from") or parsed.source_from,
        "title": visible(parsed.title),
        "wire": parsed.wire,
        "url": meta.get("url"),
        "body": body,
        "header": "\n".join(parsed.header),
        "boilerplate": [f"{reason}: {line}" for reason, line in parsed.removed],
        "meta_published": meta.get("published"),
        "manifest": bool(meta.get("manifest")),
        "content_hash": digest,
        "n_sentences": len(spans),
        "n_words": sum(len(t.split()) for t in texts),
        "polarity": sum(polarities) / len(polarities) if polarities else None,
        "subjectivity": sum(subjectivities) / len(subjectivities) if subjectivities else None,
    }
    spans_with_ids = list(zip(sentence_ids, starts, ends, paragraphs, strict=True))
    found = quotes.scored(quotes.article_quotes(article_id, body, spans_with_ids))
    return _Parts(article, sentences, found)


@dataclass
class Frames:
    """The per-article stage's rows for many documents, one DataFrame per table, in input order;
    every row carries ``doc``, the index of its document in the input."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    problems: pd.DataFrame

    @classmethod
    def of(cls, indexed: Iterable[tuple[int, Document]], on_document: Callable[[], None] | None = None) -> Frames:
        """Process documents given with their input index (what a worker runs on a chunk);
        ``on_document`` is called after each one (a progress bar)."""
        articles: dict[str, list] = {c: [] for c in ARTICLE_COLUMNS}
        sentences: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
        found: dict[str, list] = {c: [] for c in QUOTE_COLUMNS}
        problems: dict[str, list] = {c: [] for c in PROBLEM_COLUMNS}
        for doc, document in indexed:
            parts = _process(document)
            if on_document is not None:
                on_document()
            if parts.problem is not None:
                for column, value in ((DOC, doc), *parts.problem.__dict__.items()):
                    problems[column].append(value)
                continue
            articles[DOC].append(doc)
            for column, value in parts.article.items():
                articles[column].append(value)
            sentences[DOC].extend([doc] * parts.article["n_sentences"])
            for column, values in parts.sentences.items():
                sentences[column].extend(values)
            for row in parts.quotes:
                found[DOC].append(doc)
                for column in QUOTE_COLUMNS:
                    if column != DOC:
                        found[column].append(row.get(column))
        return cls(
            typed(articles, ARTICLE_COLUMNS),
            typed(sentences, SENTENCE_COLUMNS),
            typed(found, QUOTE_COLUMNS),
            typed(problems, PROBLEM_COLUMNS),
        )

    @classmethod
    def concat(cls, parts: Sequence[Frames]) -> Frames:
        """One Frames from consecutive parts (or an empty one)."""
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(**{f.name: pd.concat([getattr(p, f.name) for p in parts], ignore_index=True) for f in fields(cls)})

    @classmethod
    def empty(cls) -> Frames:
        return cls(
            typed({}, ARTICLE_COLUMNS),
            typed({}, SENTENCE_COLUMNS),
            typed({}, QUOTE_COLUMNS),
            typed({}, PROBLEM_COLUMNS),
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def in_order(self) -> Frames:
        """Rows sorted by document (stable: a document's rows keep their order)."""
        return Frames(
            **{name: frame.sort_values(DOC, kind="stable", ignore_index=True) for name, frame in self.tables().items()}
        )

    def equals(self, other: Frames) -> bool:
        return all(mine.equals(getattr(other, name)) for name, mine in self.tables().items())

    @property
    def n_documents(self) -> int:
        return len(self.articles) + len(self.problems)


# A short article that takes every path of the stage: header, dateline, quotes with and without
# a speaker, a date, a caption, a notice.
_WARM_UP = Document(
    path="warm-up.txt",
    text=(
        "Talks end without a deal - Example News\n\nBRUSSELS (AFP) - Talks ended on Monday without a deal, "
        'officials said. "We are not going to give up," Ms. Smith told reporters on Jan. 10, 2022.\n\n'
        "\u201cIt was a good day,\u201d he said. The minister said the talks would resume next week.\n\n"
        "Delegates arrive in Brussels. AFP Photo\n\nCopyright AFP. All rights reserved."
    ),
)


def warm_up() -> None:
    """Run the stage once on a short article: what it loads on first use (compiled patterns, the
    splitter's model, TextBlob's lexicon) is then loaded in this process, and worker processes
    forked from it inherit it instead of loading it again each."""
    Frames.of([(0, _WARM_UP)])


def typed(columns: dict[str, list], dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame of these columns, each of its dtype (absent columns empty)."""
    n = len(next(iter(columns.values()))) if columns else 0
    return pd.DataFrame(
        {name: _series(columns.get(name, [None] * n if n else []), dtype) for name, dtype in dtypes.items()}
    )


def _series(values: list, dtype: str) -> pd.Series:
    if dtype == schema.STRING:  # pandas takes None, NaN and NA as missing and str() of the rest
        return pd.Series(values, dtype=schema.STRING)
    if dtype == schema.OBJECT:
        return pd.Series(values, dtype=object)
    if dtype == schema.FLOAT:
        return pd.Series([float("nan") if v is None else v for v in values], dtype=schema.FLOAT)
    return pd.Series(values, dtype=dtype)
