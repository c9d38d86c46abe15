"""Per-article stage: a document becomes one ``articles`` row, its ``sentences`` rows and its
quotation rows (quote extraction reads one article at a time, so it runs here, in parallel;
clustering quotes and merging speakers across the corpus come later).

A pure function of one document (no cross-article state), so it can run in worker processes or
on Dask partitions. Ids come from content: the same text always gets the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from . import boilerplate, quotes, sentiment
from .ingest import Document, Problem
from .sentences import sentence_spans
from .settings import ID_LENGTH


@dataclass
class ArticleResult:
    """The rows one document contributes (or the problem that stopped it)."""

    article: dict | None
    sentences: list[dict]
    problem: Problem | None = None
    quotes: list[dict] = field(default_factory=list)


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def article_rows(document: Document) -> ArticleResult:
    """Parse, clean, split and score one document."""
    meta = document.meta
    parsed = boilerplate.parse(document.text, title=meta.get("title"), source=meta.get("source"))
    body = parsed.body
    digest = content_hash(document.text)
    if not body.strip():
        removed = len(parsed.removed)
        return ArticleResult(
            None, [], Problem(document.path, "boilerplate", f"no reporting text left: all {removed} lines are boilerplate")
        )
    article_id = digest[:ID_LENGTH]
    spans = sentence_spans(body)
    texts = [body[s:e] for _, s, e in spans]
    tone = sentiment.scores(texts)
    polarities, subjectivities = tone["polarity"].tolist(), tone["subjectivity"].tolist()  # .at per row is slow
    sentences = [
        {
            "sentence_id": f"{article_id}-{position:04d}",
            "article_id": article_id,
            "position": position,
            "text": text,
            "polarity": polarities[position],
            "subjectivity": subjectivities[position],
            "paragraph": paragraph,
            "start": start,
            "end": end,
        }
        for position, ((paragraph, start, end), text) in enumerate(zip(spans, texts, strict=True))
    ]
    article = {
        "article_id": article_id,
        "path": document.path,
        "source": parsed.source,
        "title": parsed.title,
        "wire": parsed.wire,
        "url": meta.get("url"),
        "body": body,
        "header": "\n".join(parsed.header),
        "boilerplate": [f"{reason}: {line}" for reason, line in parsed.removed],
        "meta_published": meta.get("published"),
        "manifest": bool(meta.get("manifest")),
        "content_hash": digest,
        "n_sentences": len(sentences),
        "n_words": sum(len(t.split()) for t in texts),
        "polarity": float(tone["polarity"].mean()) if len(tone) else None,
        "subjectivity": float(tone["subjectivity"].mean()) if len(tone) else None,
    }
    return ArticleResult(article, sentences, quotes=article_quotes(article_id, body, sentences))


def article_quotes(article_id: str, body: str, sentences: list[dict]) -> list[dict]:
    """The scored quotation rows of one article's sentences."""
    spans = [(s["sentence_id"], s["start"], s["end"], s["paragraph"]) for s in sentences]
    return quotes.scored(quotes.article_quotes(article_id, body, spans))
