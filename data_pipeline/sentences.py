"""Sentence segmentation that keeps quotations whole with their attribution.

Produces sentence spans ``(paragraph, start, end)`` over an article's cleaned body. nupunkt
(which ships its model: no download) finds sentence boundaries inside each paragraph; it splits
inside quotations, so pieces are merged back while a double quotation mark is open
(``"The risk is real. Russia's actions …," Stoltenberg said.`` stays one sentence). A quote
left open at the end of a paragraph (a quote running over paragraphs) does not merge across
the paragraph break, and merging stops after ``MAX_QUOTE_MERGE_CHARS`` so one stray quotation
mark cannot swallow the rest of an article. The spans cover every non-space character of the
body, in order: nothing is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nupunkt

from . import settings

_OPEN = "“"
_LOW_OPEN = "„"
_OPENERS = (_OPEN, _LOW_OPEN, "〝")
_CLOSERS = ("”", "〞", "〟")
_STRAIGHTS = ('"', "＂")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@lru_cache(maxsize=1)
def _tokenizer():
    return nupunkt.load_default_model() if hasattr(nupunkt, "load_default_model") else None


def _raw_spans(text: str) -> list[tuple[int, int]]:
    tokenizer = _tokenizer()
    if tokenizer is not None and hasattr(tokenizer, "span_tokenize"):
        return list(tokenizer.span_tokenize(text))
    return list(nupunkt.sent_spans(text))


def quote_open_after(text: str, opened: bool = False) -> bool:
    """Whether a double quotation is open at the end of ``text`` (curly marks are directional,
    straight ones toggle): the last curly mark sets it, the straight ones after it toggle it.
    Look-alikes count as their kind (``〝…〟`` curly, ``＂`` straight); after ``„`` a ``“`` closes."""
    last = max(text.rfind(mark) for mark in (*_OPENERS, *_CLOSERS))
    if last >= 0:
        opened = text[last] in _OPENERS
        if text[last] == _OPEN and text.rfind(_LOW_OPEN, 0, last) > max(text.rfind(m, 0, last) for m in _CLOSERS):
            opened = False  # `„…“`
    straight = sum(text.count(mark, last + 1) for mark in _STRAIGHTS)
    return opened ^ (straight % 2 == 1)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a body whose paragraphs are separated by blank lines."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


@lru_cache(maxsize=settings.PARAGRAPH_MEMO_SIZE)
def split_paragraph(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one paragraph, quotations kept whole. Remembered per process: the
    outlets of one story carry the same wire paragraphs, and the spans depend on the text only."""
    pieces = [(s, e) for s, e in _raw_spans(text) if text[s:e].strip()]
    if not pieces:
        return ((0, len(text)),) if text.strip() else ()
    merged: list[tuple[int, int]] = []
    start, end = pieces[0]
    for next_start, next_end in pieces[1:]:
        if quote_open_after(text[start:end]) and next_end - start <= settings.MAX_QUOTE_MERGE_CHARS:
            end = next_end
        else:
            merged.append((start, end))
            start, end = next_start, next_end
    merged.append((start, end))
    return tuple(span for s, e in _cover(text, merged) for span in _cut_long(text, s, e))


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretch spans so that they tile the paragraph: no character between them is lost."""
    out = []
    for i, (s, e) in enumerate(spans):
        s = 0 if i == 0 else out[-1][1]
        e = len(text) if i == len(spans) - 1 else e
        out.append((s, e))
    return [_trim(text, s, e) for s, e in out if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int):
    """Cut a run-on piece with no sentence boundary at spaces (keeps the table usable)."""
    limit = settings.MAX_SENTENCE_CHARS
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield _trim(text, start, cut)
        start = _trim(text, cut, end)[0]
    if end > start:
        yield start, end


def sentence_spans(body: str) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) of every sentence of a body, offsets into the body."""
    spans = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(body)):
        for s, e in split_paragraph(body[p_start:p_end]):
            spans.append((number, p_start + s, p_start + e))
    return spans
