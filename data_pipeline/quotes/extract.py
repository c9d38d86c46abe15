"""Quotations of an article: direct (``full``), ``partial`` and ``indirect`` speech with cue and speaker.

One row per quotation. A direct or partial quote is one span between double quotation marks
inside one paragraph; a quote that runs over several paragraphs (a paragraph that opens a quote
without closing it, continued by a paragraph that opens one again — the news convention) gives
one row per paragraph, all with the same speaker. ``start``/``end`` are offsets into
``articles.body`` (``body[start:end] == text``); ``sentence_id`` is the sentence holding
``start``. Indirect speech (``X said (that) …``, ``…, X said``, ``according to X, …``) gives the
reported content of one sentence as ``text``. Who speaks is decided by ``attribution``'s
ordered rules; the cue's noun phrase is read by ``phrases``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .. import schema, sentiment
from . import rules
from .attribution import (
    ArticleMemory,
    Quotation,
    attribute,
    colon_speaker,
    in_article,
    note_subject,
)
from .clusters import quote_clusters, quote_id
from .phrases import (
    COMMA_INTRODUCERS,
    CUE,
    CUES_NOT_BEFORE_TO,
    FRAGMENT_CUE_SET,
    INTRODUCING_CUES,
    INVERTIBLE_CUES,
    PASSIVE_TO,
    QUOTE_PLACEHOLDER,
    SPEECH_CUE_SET,
    WORD_CHAR,
    Speaker,
    apposition_speaker,
    clean_role,
    forward_phrase,
    is_person,
    join,
    negated,
    phrase_speaker,
    shown_mention,
    speaker_type,
    subject_phrase,
)

MARK = re.compile(r"``|''|[“”„«»\"＂〝〞〟]")
INTRODUCING_OBJECTS = frozenset(rules.INTRODUCING_OBJECTS)
_GOING_ON = re.compile(r"\s+to\s")  # `continued to dominate`: no speech
_WORDS = re.compile(r"\w+")
_WORD_WITH_APOSTROPHE = re.compile(r"[\w’']+")
_CLAUSE_MARK = re.compile(r"[,;:()—–]")
_SKIP_TIME_THAT = re.compile(r"\s*(?:(?:on|last|this|in an interview|in a statement)\s+\w+\s*)?(?:,\s*)?(?:that\s+)?")
_SKIP_WORDS_THAT = re.compile(r"\s*(?:[\w.’']+\s+){1,3}?(?:that\s+)?(?=[\w“\"])")
_TO_WHOM_THAT = re.compile(r"\s*to\s+(?:[\w.’']+\s+){1,4}?that\s+")  # `argued to Trump that C`
_TOLD_OBJECT = re.compile(r"\s*(reporters|\w+)\s+(?:on\s+\w+\s+)?(?:that\s+)?")
_OPENING_MARKS = '“„"`«＂〝 '
_CLOSING_MARKS = "”\"'»＂〞〟 "
_MARK_BEFORE_QUOTE = "“”\"„«`'＂〝"
_MARK_AFTER_QUOTE = ("”", '"', "»", "＂", "〞", "〟", "“")
_PLACEHOLDER = f" {QUOTE_PLACEHOLDER} "
# A photo caption ends with its credit in parentheses: `(AP Photo/Mel Evans)`, `(Photo: Kremlin/Sputnik)`.
_CAPTION_CREDIT = re.compile(r"\((?:[^()]{0,80}\b(?:Photo|Photos|Getty Images|AFP|Reuters|AP|EPA)\b[^()]{0,80})\)\s*$")
_CAPTION_TAIL_CHARS = 200  # the credit is looked for only at the paragraph's end
_TERM_BEFORE = re.compile(rules.TERM_PHRASES, re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"\w[’']s\s*$")  # `Trump's "America first" stance`
_TERM_WINDOW_CHARS = 60
_PARTICIPLE_AFTER = re.compile(r"\s*,\s*(\w+ing)\b")


@dataclass
class Span:
    start: int
    end: int
    paragraph: int
    opens_paragraph: bool  # the mark is the paragraph's first character
    unclosed: bool


def quotes(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation found in ``sentences`` (columns: schema QUOTES + role, start, end).

    Sentences without offsets or paragraph (nulls) are skipped; an article without a body
    gives no quotes.
    """
    if sentences.empty or articles.empty:
        return _frame([])
    bodies = dict(zip(articles["article_id"], articles["body"], strict=False))
    usable = sentences.dropna(subset=["start", "end", "paragraph"]).sort_values(
        ["article_id", "position"], kind="stable"
    )
    by_article: dict[str, list] = {}
    for sentence_id, article_id, start, end, paragraph in zip(
        usable["sentence_id"].tolist(),
        usable["article_id"].tolist(),
        usable["start"].tolist(),
        usable["end"].tolist(),
        usable["paragraph"].tolist(),
        strict=True,
    ):
        by_article.setdefault(article_id, []).append((str(sentence_id), int(start), int(end), int(paragraph)))
    rows: list[dict] = []
    for article_id, sents in by_article.items():
        body = bodies.get(article_id)
        if isinstance(body, str) and body:
            rows.extend(article_quotes(article_id, body, sents))
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    return table(scored(rows))


def scored(rows: list[dict]) -> list[dict]:
    """The rows with the TextBlob tone of each quote's own words (per article, in the workers)."""
    if not rows:
        return rows
    return [
        row | {"polarity": polarity, "subjectivity": subjectivity}
        for row, (polarity, subjectivity) in zip(rows, (sentiment.score(r["text"] or "") for r in rows), strict=True)
    ]


def table(rows: list[dict]) -> pd.DataFrame:
    """The quotes table from scored rows of every article: the same quote across outlets clustered."""
    frame = pd.DataFrame(rows, columns=[*schema.SCHEMAS[schema.QUOTES], "start", "end"])
    if not frame.empty:
        frame = frame.sort_values("article_id", kind="stable")  # one order whatever the input order
        frame = frame.assign(quote_cluster=quote_clusters(frame["text"]))
    return schema.conform(frame, schema.QUOTES)


def article_quotes(article_id: str, body: str, sents: list[tuple[str, int, int, int]]) -> list[dict]:
    """The quotation rows of one article; ``sents`` are (sentence_id, start, end, paragraph) in order."""
    if not sents:
        return []
    paragraphs: dict[int, list] = {}
    for s in sents:
        paragraphs.setdefault(s[3], []).append(s)
    memory = ArticleMemory(body=body)
    rows: list[dict] = []
    for number in sorted(paragraphs):
        members = paragraphs[number]
        p_start, p_end = members[0][1], max(s[2] for s in members)
        spans = quote_spans(body, p_start, p_end, number)
        rows.extend(_paragraph_rows(article_id, body, members, spans, memory))
    return rows


def quote_spans(body: str, start: int, end: int, paragraph: int = 0) -> list[Span]:
    """Spans (offsets into ``body``, marks excluded) quoted with double marks in body[start:end].

    Curly, straight, ```` ``…'' ````, guillemets and look-alikes (``＂``, ``〝…〟``, ``„…“``); a
    straight mark opens when no quote is open
    and closes otherwise; a stray closer is ignored; an opener while a quote is open closes the
    open one (a missing closing mark). A quote still open at the paragraph end runs to it.
    """
    spans: list[Span] = []
    text = body[start:end]
    lead = len(text) - len(text.lstrip())
    open_at: int | None = None
    opened_first = False
    opener = ""
    for match in MARK.finditer(text):
        mark = match.group()
        closes = mark in rules.CLOSERS or (mark == "“" and opener == rules.LOW_OPENER)
        if closes or (mark in rules.STRAIGHT and open_at is not None):
            if open_at is not None:
                spans.append(Span(start + open_at, start + match.start(), paragraph, opened_first, False))
                open_at = None
            continue
        if open_at is not None:  # an opener inside an open quote: the previous one lost its closer
            spans.append(Span(start + open_at, start + match.start(), paragraph, opened_first, False))
        open_at = match.end()
        opened_first = match.start() <= lead
        opener = mark
    if open_at is not None:
        spans.append(Span(start + open_at, end, paragraph, opened_first, True))
    return [s for s in (_trimmed(body, s) for s in spans) if s is not None]


def _trimmed(body: str, span: Span) -> Span | None:
    text = body[span.start : span.end]
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if right <= left or span.end - span.start > rules.MAX_QUOTE_CHARS:
        return None
    if not WORD_CHAR.search(text):
        return None
    return Span(span.start + left, span.start + right, span.paragraph, span.opens_paragraph, span.unclosed)


def _is_caption(body: str, start: int, end: int) -> bool:
    """A photo caption (its quotations and reports are the article's, repeated under a picture)."""
    return bool(_CAPTION_CREDIT.search(body, max(start, end - _CAPTION_TAIL_CHARS), end))


def _placed(body: str, members: list, ends: list[int], span: Span) -> tuple[int, int, int, int, str]:
    """Where a quoted span sits: the indices of its first and last sentence, the window of text read
    around it (at most CONTEXT_WINDOW_CHARS either side, inside its sentences) and its kind."""
    first = _sentence_index(ends, span.start)
    last = _sentence_index(ends, max(span.start, span.end - 1))
    win_start = max(members[first][1], span.start - rules.CONTEXT_WINDOW_CHARS)
    win_end = min(members[last][2], span.end + rules.CONTEXT_WINDOW_CHARS)
    return first, last, win_start, win_end, _kind(body, span, win_start, win_end)


def _is_title(body: str, span: Span, kind: str, before: str) -> bool:
    """A title, a name or a term in quotation marks (`the "Helsinki Calling" march`, ABC's "This
    Week", the so-called "deep state"): no one's words."""
    before = before.rstrip(_OPENING_MARKS)
    if before.lower().endswith(rules.TERM_INTRODUCERS) or _TERM_BEFORE.search(before[-_TERM_WINDOW_CHARS:]):
        return True
    if kind != "partial":
        return False
    words = _WORDS.findall(body[span.start : span.end])
    if len(words) <= rules.MAX_TERM_WORDS and _POSSESSIVE_BEFORE.search(before[-_TERM_WINDOW_CHARS:]):
        return True
    long_words = [w for w in words if len(w) >= rules.TITLE_WORD_LETTERS]
    return 0 < len(words) <= rules.MAX_TITLE_WORDS and bool(long_words) and all(w[0].isupper() for w in long_words)


def _paragraph_rows(article_id, body, members, spans, memory: ArticleMemory) -> list[dict]:
    """The rows of one paragraph, sentence by sentence: its quotations, else its indirect speech,
    so that the article's memory (last person, roles) follows the text's order."""
    if _is_caption(body, members[0][1], members[-1][2]):
        return []
    ends = [m[2] for m in members]
    placed = []  # (span, first, last, win_start, win_end, kind) of each quotation that is no title
    for span in spans:
        first, last, win_start, win_end, kind = _placed(body, members, ends, span)
        if not _is_title(body, span, kind, body[win_start : span.start]):
            placed.append((span, first, last, win_start, win_end, kind))
    spans = [p[0] for p in placed]
    rows: list[dict] = []
    direct: list[dict] = []
    continuing, memory.open_speaker = memory.open_speaker, None
    colon, memory.colon_speaker = memory.colon_speaker, None
    span_starts, span_ends = [sp.start for sp in spans], [sp.end for sp in spans]  # both ascending
    quoted_sentences = {i for _, first, last, *_ in placed for i in range(first, last + 1)}
    by_sentence: dict[int, list[int]] = {}
    for index, (_, first, *_) in enumerate(placed):
        by_sentence.setdefault(first, []).append(index)
    for number, (sentence_id, s_start, s_end, _) in enumerate(members):
        for index in by_sentence.get(number, ()):
            span, first, last, win_start, win_end, kind = placed[index]
            # at most MAX_NEARBY_QUOTES quotations either side are read: a run of quotes stays linear
            lo = max(bisect.bisect_left(span_ends, win_start), index - rules.MAX_NEARBY_QUOTES)
            hi = min(bisect.bisect_left(span_starts, win_end), index + rules.MAX_NEARBY_QUOTES + 1)
            if lo > 0:
                win_start = max(win_start, min(spans[lo - 1].end + 1, span.start))
            if hi < len(spans):
                win_end = min(win_end, max(spans[hi].start - 1, span.end))
            nearby = spans[lo:hi]
            outside, quote_at = _outside(body, win_start, win_end, nearby, span)
            memory.position = span.start
            found = attribute(
                Quotation(
                    body=body,
                    span=span,
                    index=index,
                    kind=kind,
                    members=members,
                    first=first,
                    last=last,
                    outside=outside,
                    quote_at=quote_at,
                    memory=memory,
                    continuing=continuing,
                    colon=colon,
                    after_full_quote=bool(direct) and direct[-1]["kind"] == "full",
                )
            )
            if found is None:
                note_subject(body[members[first][1] : members[first][2]], memory, members[first][1])
                continue  # a headline, heading or scare quote: no speaker, not a quote
            if found.also_quoted is not None:
                quoted_sentences.add(found.also_quoted)
            row = _row(article_id, members[first][0], body, span.start, span.end, kind, found.speaker)
            rows.append(row)
            direct.append(row)
            memory.last_quote_speaker, memory.last_quote_paragraph = found.speaker, span.paragraph
            if span.unclosed:
                memory.open_speaker = found.speaker
        if number not in quoted_sentences:
            rows.extend(_indirect_rows(article_id, sentence_id, body, s_start, s_end, memory))
    last_text = body[members[-1][1] : members[-1][2]]
    if last_text.rstrip().endswith(":") and not (spans and spans[-1].unclosed):
        memory.colon_speaker = colon_speaker(last_text, memory)
    rows.sort(key=lambda r: r["start"])
    return rows


def _sentence_index(ends: list[int], offset: int) -> int:
    """Index of the sentence (by ascending end offsets) holding ``offset``; the last if past the end."""
    return min(bisect.bisect_right(ends, offset), len(ends) - 1)


def _kind(body: str, span: Span, ctx_start: int, ctx_end: int) -> str:
    """``full`` when the quote is a sentence of its own or a clause introduced by a cue; else partial.

    Full: nothing but an opening mark before it in its sentence, or a colon, or a speech cue
    (``said``, ``told reporters``) directly before it, and after it nothing but punctuation or
    the attribution (``, X said.``). Anything else inside a sentence is a fragment.
    """
    ctx_start = max(ctx_start, span.start - rules.KIND_CONTEXT_CHARS)  # bounded work per quote
    ctx_end = min(ctx_end, span.end + rules.KIND_CONTEXT_CHARS)
    before = body[ctx_start : span.start].rstrip(_OPENING_MARKS)
    after = body[span.end : ctx_end].lstrip(_CLOSING_MARKS)
    starts_sentence = not WORD_CHAR.search(before) or before.endswith(":") or _cue_comma(before)
    if not starts_sentence:
        words = _WORD_WITH_APOSTROPHE.findall(before.lower())
        tail = words[-3:]
        starts_sentence = bool(tail) and (
            tail[-1] in INTRODUCING_CUES
            or (len(tail) >= 2 and tail[-2] in INTRODUCING_CUES and tail[-1] in INTRODUCING_OBJECTS)
        )
        if starts_sentence and not (before.endswith(",") or _closes_sentence(body, span, after)):
            starts_sentence = _closes_sentence(body, span, after)
    if not starts_sentence:
        return "partial"
    if before.endswith(":") or _cue_comma(before):
        return "full"  # introduced as speech: a whole utterance even if the sentence runs on
    if _closes_sentence(body, span, after) or after.startswith(",") or span.unclosed:
        return "full"
    return "partial"


def _cue_comma(before: str) -> bool:
    """``X said, "…"`` / ``saying, "…"`` / ``issued a statement, "…"``: a cue, a comma, the quote."""
    if not before.endswith(","):
        return False
    clause = _CLAUSE_MARK.split(before[:-1])[-1]
    words = _WORD_WITH_APOSTROPHE.findall(clause.lower())[-rules.CUE_COMMA_WORDS :]
    return any(w in SPEECH_CUE_SET or w in COMMA_INTRODUCERS for w in words)


def _closes_sentence(body: str, span: Span, after: str) -> bool:
    inside_end = body[span.start : span.end].rstrip()[-1:]
    return not WORD_CHAR.search(after) or (
        inside_end in ".?!," and (not after or after[0] in ",.?!" or after[0].islower() or after[0].isupper())
    )


def _outside(body, ctx_start, ctx_end, spans, current) -> tuple[str, tuple[int, int]]:
    """The context with every quote replaced by `` QUOTE `` and where the current one sits."""
    pieces, cursor, where = [], ctx_start, (0, 0)
    length = 0
    for s in spans:
        if s.end <= ctx_start or s.start >= ctx_end:
            continue
        a, b = max(s.start, ctx_start), min(s.end, ctx_end)
        piece = body[cursor:a]
        piece = piece[:-1] if piece and piece[-1] in _MARK_BEFORE_QUOTE else piece
        pieces.append(piece)
        length += len(piece)
        if s is current:
            where = (length, length + len(_PLACEHOLDER))
        pieces.append(_PLACEHOLDER)
        length += len(_PLACEHOLDER)
        cursor = b + 1 if b < len(body) and body[b : b + 1] in _MARK_AFTER_QUOTE else b
    pieces.append(body[cursor:ctx_end])
    return "".join(pieces), where


def _indirect_rows(article_id, sentence_id, body, s_start, s_end, memory: ArticleMemory) -> list[dict]:
    """Indirect speech in a sentence without quotes: ``X said (that) C``, ``C, X said``, ``according to X, C``."""
    text = body[s_start:s_end]
    memory.position = s_start
    found = _reported_speech(text)
    if found is None:
        note_subject(text, memory, s_start)
        return []
    cue_start, reading, c_start, c_end = found
    # `President Obama thought …, so … he said …`: the pronoun is the sentence's subject
    speaker = in_article(reading, text[:cue_start], memory, s_start)
    return [_row(article_id, sentence_id, body, s_start + c_start, s_start + c_end, "indirect", speaker)]


@lru_cache(maxsize=rules.SENTENCE_MEMO_SIZE)
def _reported_speech(text: str):
    """The first cue of a sentence that reports speech, as ``(cue start, (mention, name, role,
    cue), content start, content end)``, or None. It reads the sentence's text only, so it is
    remembered per process: wire copy repeats sentences across outlets. Pronouns and surnames are
    resolved afterwards, against the article's own memory."""
    for cue in CUE.finditer(text):
        word = cue.group().lower()
        if (
            word in FRAGMENT_CUE_SET
            or PASSIVE_TO.match(text, cue.end())
            or (word in CUES_NOT_BEFORE_TO and _GOING_ON.match(text, cue.end()))
            or negated(text, cue.start(), cue.end())
        ):
            continue
        found = _indirect(text, cue, word)
        if found is not None:
            speaker, c_start, c_end = found
            return cue.start(), (speaker.mention, speaker.name, speaker.role, speaker.cue), c_start, c_end
    return None


def _indirect(text: str, cue: re.Match, word: str):
    before = text[: cue.start()]
    after = text[cue.end() :]
    if word == rules.ACCORDING_TO:
        phrase = forward_phrase(after)
        speaker = phrase_speaker(phrase, word)
        if speaker is None:
            return None
        if before.strip(" ,") and WORD_CHAR.search(before):
            return speaker, 0, len(before.rstrip(" ,"))
        rest = after.find(",")
        if rest < 0:
            return None
        start = cue.end() + rest + 1
        return _content(text, speaker, start, len(text))
    stripped = before.rstrip()
    subject = subject_phrase(stripped)
    if subject and stripped[: len(stripped) - len(join(subject))].rstrip().endswith(","):
        # `C, X said (on Tuesday).` — the content precedes the attribution
        trailing = _WORDS.findall(after)
        if len(trailing) <= rules.MAX_TRAILING_WORDS and word in SPEECH_CUE_SET:
            speaker = phrase_speaker(subject, word)
            cut = stripped[: len(stripped) - len(join(subject))].rstrip().rstrip(",")
            if speaker is not None:
                return _content(text, speaker, 0, len(cut))
    described = apposition_speaker(stripped, word) if stripped.endswith(",") and not subject else None
    appositive = described is not None and is_person(described.name)  # `The head of the agency, Chris Krebs, said`
    if word in INVERTIBLE_CUES and stripped.endswith(",") and not appositive:
        trailing = forward_phrase(after)
        rest = _WORDS.findall(after)
        if trailing and len(rest) <= rules.MAX_TRAILING_WORDS:
            speaker = phrase_speaker(trailing, word)
            if speaker is not None:
                return _content(text, speaker, 0, len(stripped.rstrip(",")))
    if word in INVERTIBLE_CUES and stripped and not stripped.endswith(","):
        # `Whoever says we are foes is spreading fake news says Donald Tusk` (a headline or tweet with
        # no comma): the sentence ends with the cue and a person's full name
        trailing = forward_phrase(after)
        if trailing and len(_WORDS.findall(after)) == len(_WORDS.findall(join(trailing))):
            speaker = phrase_speaker(trailing, word)
            if speaker is not None and is_person(speaker.name) and len(speaker.name.split()) >= 2:
                return _content(text, speaker, 0, len(stripped))
    if word.endswith("ing"):
        return None
    if not subject and stripped.endswith(","):  # `Kim Wyman, a Republican, told her peers …`
        speaker = described
    else:
        speaker = phrase_speaker(subject, word) if subject else None
    if speaker is None:
        return None
    start = cue.end()
    rest = text[start:]
    participle = _PARTICIPLE_AFTER.match(rest)
    if participle and participle.group(1).lower() not in SPEECH_CUE_SET:
        return None  # `Trump wrote, referencing …`: the cue's object was the quote before; no reported clause
    skip = _TO_WHOM_THAT.match(rest) or _SKIP_TIME_THAT.match(rest)
    if word.startswith(("tell", "told")):
        skip = _SKIP_WORDS_THAT.match(rest) or skip
        obj = _TOLD_OBJECT.match(rest)
        skip = obj or skip
    start += skip.end() if skip else 0
    return _content(text, speaker, start, len(text))


def _content(text, speaker, start, end):
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip(" ,:"))
    chunk = chunk.strip(" ,:")
    chunk_end = start + left + len(chunk.rstrip(".")) if chunk else start
    if len(_WORDS.findall(chunk)) < rules.MIN_INDIRECT_WORDS:
        return None
    return speaker, start + left, chunk_end


def _row(article_id, sentence_id, body, start, end, kind, speaker: Speaker) -> dict:
    return {
        "quote_id": quote_id(article_id, start, end, kind),
        "article_id": article_id,
        "sentence_id": sentence_id,
        "text": body[start:end],
        "kind": kind,
        "speaker": speaker.name,
        "speaker_mention": shown_mention(speaker.mention),
        "cue": speaker.cue,
        "role": clean_role(speaker.role),
        "speaker_type": speaker_type(speaker.name, speaker.role),
        "start": start,
        "end": end,
    }
