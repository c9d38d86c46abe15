"""Quotations: direct (``full``), ``partial`` and ``indirect`` speech with cue, speaker and role.

One row per quotation. A direct or partial quote is one span between double quotation marks
inside one paragraph; a quote that runs over several paragraphs (a paragraph that opens a quote
without closing it, continued by a paragraph that opens one again — the news convention) gives
one row per paragraph, all with the same speaker. ``start``/``end`` are offsets into
``articles.body`` (``body[start:end] == text``); ``sentence_id`` is the sentence holding
``start``. Indirect speech (``X said (that) …``, ``…, X said``, ``according to X, …``) gives the
reported content of one sentence as ``text``.

Rule-based and cheap (regexes and token rules, no models), after the patterns of the Gender Gap
Tracker's quote extractor (Asr et al. 2021: quote marks + speech verb + subject/inverted
subject, then "floating" quotes continuing the previous speaker) and of textacy's
``direct_quotations`` (speaker = the cue verb's subject, or the noun phrase after an inverted
cue). Both need spaCy parses and models, which this pipeline cannot afford or download; here
the subject is the noun phrase next to the cue, found by a token scan.

Speakers: titles and roles are split off (``NATO chief Jens Stoltenberg`` → ``Jens
Stoltenberg`` + role ``NATO chief``); ``he``/``she`` resolve to the article's most recent
person speaker or subject; a description (``Biden's spokeswoman``) resolves to an earlier speaker
of the article whose role ends with the same noun, when exactly one does; anonymous sources stay
descriptions. Unresolved pronouns keep the pronoun. Alias merging across the corpus is in
``speakers``. ``quote_cluster``: the same quote across outlets (normalised text, then near
matches) shares an id.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from . import schema, sentiment
from .settings import ID_LENGTH

# --- quote marks -------------------------------------------------------------------------
OPENERS = ("“", "„", "``", "«")
CLOSERS = ("”", "''", "»")
STRAIGHT = '"'
MARK = re.compile(r"``|''|[“”„«»\"]")
# A quote longer than this inside one paragraph is almost surely an unbalanced mark (news
# paragraphs run to ~600 characters; quotes that long are split over paragraphs).
MAX_QUOTE_CHARS = 1_500

# --- cues ----------------------------------------------------------------------------------
# Speech and report verbs of news attribution (PolNeAR's most frequent cues in train, plus the
# Gender Gap Tracker's quote-verb list).
SPEECH_CUES = (
    "say says said saying tell tells told telling add adds added adding warn warns warned warning "
    "insist insists insisted insisting note notes noted stress stresses stressed argue argues argued "
    "claim claims claimed reiterate reiterates reiterated explain explains explained announce announces "
    "announced state states stated acknowledge acknowledges acknowledged admit admits admitted suggest "
    "suggests suggested predict predicts predicted contend contends contended maintain maintains "
    "maintained assert asserts asserted allege alleges alleged confirm confirms confirmed deny denies "
    "denied report reports reported write writes wrote tweet tweets tweeted testify testifies testified "
    "concede concedes conceded complain complains complained caution cautions cautioned emphasize "
    "emphasizes emphasized emphasise emphasised declare declares declared ask asks asked reply replies "
    "replied respond responds responded continue continues continued recall recalls recalled "
    "promise promises promised vow vows vowed pledge pledges pledged urge urges urged "
    "counter counters countered quip quipped joke joked remark remarked observe observes observed "
    "repeat repeats repeated affirm affirms affirmed exclaim exclaims exclaimed chant chanted conclude "
    "concludes concluded wonder wonders wondered shout shouted yell yelled echo echoed post posts posted "
    "mention mentions mentioned boast boasts boasted lament laments lamented retort retorted scoff scoffed "
    "plead pleaded recount recounted quote quoted saying writing telling adding asking noting explaining "
    "stating declaring tweeting arguing muse muses mused beamed interject interjects interjected"
).split()
SPEECH_CUE_SET = frozenset(SPEECH_CUES)
CUE_COMMA_WORDS = 5  # `told the Reuters news agency simply, "…"`: the cue within this many words of the comma
COMMA_INTRODUCERS = frozenset("statement it reads read tweet post interview".split())  # `as X put it, "…"`
# Verbs that introduce a quoted fragment as their object (partial quotes only).
FRAGMENT_CUES = (
    "describe describes described call calls called welcome welcomes welcomed brand branded "
    "dub dubbed label labelled labeled characterize characterized characterise characterised "
    "threaten threatens threatened demand demands demanded criticize criticized slam slammed "
    "decry decried hail hailed praise praised blast blasted accuse accused"
).split()
# Cues after which a quoted clause reaching the end of the sentence is a full quote (`X said "…"`).
INTRODUCING_CUES = frozenset(
    "say says said tell tells told add adds added insist insists insisted write writes wrote "
    "declare declares declared state states stated tweet tweeted ask asked warn warns warned "
    "explain explained reply replied respond responded continue continued saying writing telling "
    "adding tweeting".split()
)
# Cues that may be inverted after a quote or content (`"…," said X`).
INVERTIBLE_CUES = frozenset(
    "say says said add adds added ask asks asked write writes wrote continue continued explain explained reply replied warn warned insist insisted note noted".split()
)
CUE_SET = frozenset(SPEECH_CUES) | frozenset(FRAGMENT_CUES) | {"according to", "pointed out"}
# Word-by-word scan + set lookup: a 300-word regex alternation is ~10x slower per sentence.
CUE_HEADS = frozenset(w.split()[0] for w in CUE_SET) | {"According"}
_LOWER_WORD = re.compile(r"\b[A-Za-z]+\b")
_CANDIDATE = re.compile(r"\b(?:[Aa]ccording to|pointed out|[a-z]+)\b")

# Patterns used per quotation (compiled once: ``re.search(str, ...)`` looks the pattern up each call).
_WORD_CHAR = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
_WORD_WITH_APOSTROPHE = re.compile(r"[\w’']+")
_CLAUSE_MARK = re.compile(r"[,;:()—–]")
_DETERMINED = re.compile(r"(?:a|an|the|its|his|her|their)\s+(.+)")
_SPACE_BEFORE_APOSTROPHE = re.compile(r" ([’'])")
_SKIP_TIME_THAT = re.compile(r"\s*(?:(?:on|last|this|in an interview|in a statement)\s+\w+\s*)?(?:,\s*)?(?:that\s+)?")
_SKIP_WORDS_THAT = re.compile(r"\s*(?:[\w.’']+\s+){1,3}?(?:that\s+)?(?=[\w“\"])")
_TOLD_OBJECT = re.compile(r"\s*(reporters|\w+)\s+(?:on\s+\w+\s+)?(?:that\s+)?")


class _CueFinder:
    """``finditer``/``search`` over the cue words of a text (same API as a compiled pattern)."""

    @staticmethod
    def finditer(text: str):
        if CUE_HEADS.isdisjoint(_LOWER_WORD.findall(text)):
            return iter(())  # most sentences: one C-level scan, no Python loop
        return (m for m in _CANDIDATE.finditer(text) if m.group().lower() in CUE_SET)

    @staticmethod
    def search(text: str):
        return next(_CueFinder.finditer(text), None)


CUE = _CueFinder()
# Cue forms that are also plural nouns (`such claims`, `the United States`): need a name or pronoun subject.
AMBIGUOUS_CUES = frozenset(
    "claims calls reports states demands promises pledges vows urges notes counters remarks".split()
)
FRAGMENT_CUE_SET = frozenset(FRAGMENT_CUES)

# --- noun phrases next to a cue ----------------------------------------------------------------
TOKEN = re.compile(r"[\w][\w.’‘'\-&]*|[^\w\s]")
# Auxiliaries and adverbs between a subject and its cue (`Trump has also said`).
SKIPPED_BEFORE_CUE = frozenset(
    "has have had also later then previously again once further repeatedly publicly quickly recently "
    "would will could may might did does do is was were are been being just already still often "
    "privately separately first last earlier never not long since".split()
)
# Words that end a subject noun phrase when scanning backwards from the cue.
STOP_WORDS = frozenset(
    "that and but or as which who whom whose when while because if since so than then after before "
    "where what how why to in on at for with from by into about over under against during "
    "is was were are be been being has have had do does did will would could should can may might "
    "not no this these those there here it's said says say told according also".split()
)
DETERMINERS = frozenset("a an the".split())
PRONOUNS = frozenset("he she they it we i you".split())
PERSON_PRONOUNS = frozenset("he she".split())
MAX_SPEAKER_TOKENS = 10
DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight recently earlier later".split()
)
# Role words: capitalised titles that are not part of a person's name.
ROLE_WORDS = frozenset(
    "secretary general president vice minister prime foreign defense defence deputy chief spokeswoman "
    "spokesman spokesperson ambassador director senator sen. sen rep. rep representative governor gov. "
    "gov mayor chairman chairwoman chair ceo head leader official negotiator candidate nominee "
    "speaker leader judge justice attorney adviser advisor aide commissioner general gen. gen "
    "colonel col. lt. lieutenant admiral adm. professor prof. dr. dr mr. mr mrs. mrs ms. ms "
    "former acting senior state white house republican democratic democrat gop press campaign "
    "manager chairperson executive officer analyst strategist pollster correspondent reporter "
    "presidential majority minority whip sheriff police commander captain sgt. king queen prince "
    "pope rev. father sister brother state's".split()
)
# A name token: capitalised word, initials (``J.``), particles inside names.
NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zà-ÿ'’\-]+(?:[A-Z][a-z]+)*|[A-Z]\.|[A-Z][a-z]?\.)$")
NAME_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())  # `Brent Bozell III`
NAME_PARTICLES = frozenset("de del der van von la le da di bin al el".split())
POSSESSIVE = re.compile(r"(?:['’‘]s|['’‘])$")
ACCORDING_TO = "according to"
INTRO = re.compile(r"^(?:(?:On|In|At|By|After|Before|Later|Earlier|But|And)\b[^,]{0,40},\s*)")  # `On Tuesday, `
# capitalised words, an optional apposition (`Joel Bradshaw, 39,`), then a verb
SUBJECT = re.compile(r"((?:[A-Z][\w’'\-]+\s+){0,3}[A-Z][\w’'\-]+)(?:,[^,]{1,40},)?\s+[a-z]")
RELATIVE = re.compile(r",\s*who(?:\s+(?:has|had|have|also|later|then|once))*$")
LEADING_NAME = re.compile(r"((?:[A-Z][\w’'\-.]*\s+){0,5}[A-Z][\w’'\-.]*)\s+[a-z]")
ABBREVIATIONS = frozenset(
    "gov sen rep lt gen dr mr mrs ms jr sr st col capt sgt rev adm maj cmdr supt insp prof pres atty "
    "u.s u.n u.k d r i calif ariz fla ga ill mass mich minn nev n.j n.y pa tex va wash wis conn md mo tenn".split()
)
INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # `D.`, `U.S.`
PARENTHESIS = re.compile(r"\s*\([^()]{0,40}\)$")  # `Sen. Chris Murphy (D-Conn.)`
MAX_CUE_DISTANCE = 400  # characters between a quote and a cue that can attribute it
CONTEXT_WINDOW_CHARS = 1_000  # of a long sentence, only this much either side of a quote is read
PHRASE_WINDOW_CHARS = 300  # a speaker phrase is at most MAX_SPEAKER_TOKENS words: look no further
MAX_ATTRIBUTION_WORDS = 14  # a sentence that is only `X said on Twitter.`
MAX_APPOSITION_WORDS = 16  # `Brian Fallon, a spokesman for the Clinton campaign, said`
NOT_SPEAKER_HEADS = frozenset("such many much more most some all both each either neither what who".split())
# `a person familiar with the matter`, `people close to the talks`: the phrase runs on.
RUN_ON = {"familiar": "with", "close": "to"}

# --- indirect speech ----------------------------------------------------------------------
MIN_INDIRECT_WORDS = 4
MAX_TRAILING_WORDS = 8  # words after an inverted cue at sentence end (`…, X said on Tuesday.`)
# Continuation: a quote with no cue continues the speaker of a quote this many paragraphs back.
CONTINUATION_PARAGRAPHS = 1
NEAR_QUOTE_RATIO = 88  # rapidfuzz ratio of normalised quotes that are "the same quote"
CLUSTER_BLOCK_TOKENS = 3
MAX_BLOCK_COMPARISONS = 30


@dataclass
class _Span:
    start: int
    end: int
    paragraph: int
    opens_paragraph: bool  # the mark is the paragraph's first character
    unclosed: bool


@dataclass
class _Speaker:
    mention: str | None = None
    name: str | None = None
    role: str | None = None
    cue: str | None = None


@dataclass
class _State:
    """Per-article memory for pronoun, description and continuation resolution."""

    last_person: str | None = None
    roles: dict = field(default_factory=dict)  # role head noun -> set of names
    last_quote_speaker: _Speaker | None = None
    last_quote_paragraph: int = -10
    open_speaker: _Speaker | None = None  # speaker of a quote left open at paragraph end
    colon_speaker: _Speaker | None = None  # speaker of a paragraph ending `X said:`
    people: dict = field(default_factory=dict)  # surname -> full name named earlier (or None)


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
    state = _State()
    rows: list[dict] = []
    for number in sorted(paragraphs):
        members = paragraphs[number]
        p_start, p_end = members[0][1], max(s[2] for s in members)
        spans = quote_spans(body, p_start, p_end, number)
        rows.extend(_paragraph_rows(article_id, body, members, spans, state))
    return rows


def quote_spans(body: str, start: int, end: int, paragraph: int = 0) -> list[_Span]:
    """Spans (offsets into ``body``, marks excluded) quoted with double marks in body[start:end].

    Curly, straight, ```` ``…'' ```` and guillemets; a straight mark opens when no quote is open
    and closes otherwise; a stray closer is ignored; an opener while a quote is open closes the
    open one (a missing closing mark). A quote still open at the paragraph end runs to it.
    """
    spans: list[_Span] = []
    text = body[start:end]
    lead = len(text) - len(text.lstrip())
    open_at: int | None = None
    opened_first = False
    for match in MARK.finditer(text):
        mark = match.group()
        if mark in CLOSERS or (mark == STRAIGHT and open_at is not None):
            if open_at is not None:
                spans.append(_Span(start + open_at, start + match.start(), paragraph, opened_first, False))
                open_at = None
            continue
        if open_at is not None:  # an opener inside an open quote: the previous one lost its closer
            spans.append(_Span(start + open_at, start + match.start(), paragraph, opened_first, False))
        open_at = match.end()
        opened_first = match.start() <= lead
    if open_at is not None:
        spans.append(_Span(start + open_at, end, paragraph, opened_first, True))
    return [s for s in (_trimmed(body, s) for s in spans) if s is not None]


def _trimmed(body: str, span: _Span) -> _Span | None:
    text = body[span.start : span.end]
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if right <= left or span.end - span.start > MAX_QUOTE_CHARS:
        return None
    if not _WORD_CHAR.search(text):
        return None
    return _Span(span.start + left, span.start + right, span.paragraph, span.opens_paragraph, span.unclosed)


def _paragraph_rows(article_id, body, members, spans, state: _State) -> list[dict]:
    rows: list[dict] = []
    continuing = state.open_speaker
    state.open_speaker = None
    colon = state.colon_speaker
    state.colon_speaker = None
    quoted_sentences: set[int] = set()
    ends = [m[2] for m in members]
    span_starts, span_ends = [sp.start for sp in spans], [sp.end for sp in spans]  # both ascending
    for index, span in enumerate(spans):
        first = _sentence_index(ends, span.start)
        last = _sentence_index(ends, max(span.start, span.end - 1))
        quoted_sentences.update(range(first, last + 1))
        ctx_start, ctx_end = members[first][1], members[last][2]
        win_start = max(ctx_start, span.start - CONTEXT_WINDOW_CHARS)
        win_end = min(ctx_end, span.end + CONTEXT_WINDOW_CHARS)
        kind = _kind(body, span, win_start, win_end)
        nearby = spans[bisect.bisect_left(span_ends, win_start) : bisect.bisect_left(span_starts, win_end)]
        speaker = _speaker_near(body, span, nearby, win_start, win_end, state, kind)
        if speaker is None and index == 0 and continuing is not None and span.opens_paragraph:
            speaker = continuing  # a quote carried over from the previous paragraph
        if speaker is None and index == 0 and colon is not None and span.opens_paragraph:
            speaker = colon  # `X told the audience:` ending the previous paragraph
        if (
            speaker is None
            and kind == "full"
            and last + 1 < len(members)
            and not _WORD_CHAR.search(body[span.end : ctx_end])
        ):
            speaker = _attribution_sentence(body, members[last + 1][1], members[last + 1][2])
            if speaker is not None:  # `"…!" / Trump said on Twitter.` split into two sentences
                speaker = _resolved(speaker, state)
                quoted_sentences.add(last + 1)
        if (
            speaker is None
            and kind == "full"
            and (
                (rows and rows[-1]["kind"] == "full")
                or (
                    state.last_quote_speaker is not None
                    and span.paragraph - state.last_quote_paragraph <= CONTINUATION_PARAGRAPHS
                )
            )
        ):
            speaker = _Speaker(**vars(state.last_quote_speaker)) if state.last_quote_speaker else None
        if speaker is None:
            continue  # a headline, heading or scare quote: no speaker, not a quote
        rows.append(_row(article_id, members[first][0], body, span.start, span.end, kind, speaker))
        state.last_quote_speaker, state.last_quote_paragraph = speaker, span.paragraph
        if span.unclosed:
            state.open_speaker = speaker
    for i, (sentence_id, s_start, s_end, _) in enumerate(members):
        if i in quoted_sentences:
            continue
        rows.extend(_indirect_rows(article_id, sentence_id, body, s_start, s_end, state))
    if body[members[-1][1] : members[-1][2]].rstrip().endswith(":") and not (spans and spans[-1].unclosed):
        state.colon_speaker = _colon_speaker(body[members[-1][1] : members[-1][2]], state)
    rows.sort(key=lambda r: r["start"])
    return rows


def _attribution_sentence(body: str, start: int, end: int) -> _Speaker | None:
    """The speaker of a short sentence that is only an attribution (``Trump said on Twitter.``)."""
    text = body[start:end].strip()
    if len(text.split()) > MAX_ATTRIBUTION_WORDS:
        return None
    cue = CUE.search(text)
    if cue is None or cue.group().lower() in FRAGMENT_CUE_SET:
        return None
    before = text[: cue.start()].strip()
    if not before:
        return _phrase_speaker(_forward_phrase(text[cue.end() :]), cue.group().lower())
    tokens = _backward_phrase(before)
    if not tokens or len(_join(tokens)) != len(before):
        return None
    return _phrase_speaker(tokens, cue.group().lower())


def _colon_speaker(text: str, state: _State) -> _Speaker | None:
    """The speaker announced by a sentence ending in a colon (``Jared Potts echoed:``)."""
    for cue in CUE.finditer(text):
        if cue.group().lower() in FRAGMENT_CUE_SET:
            continue
        speaker = _cue_speaker(text, cue)
        if speaker is not None:
            return _resolved(speaker, state)
    return None


def _sentence_index(ends: list[int], offset: int) -> int:
    """Index of the sentence (by ascending end offsets) holding ``offset``; the last if past the end."""
    return min(bisect.bisect_right(ends, offset), len(ends) - 1)


def _kind(body: str, span: _Span, ctx_start: int, ctx_end: int) -> str:
    """``full`` when the quote is a sentence of its own or a clause introduced by a cue; else partial.

    Full: nothing but an opening mark before it in its sentence, or a colon, or a speech cue
    (``said``, ``told reporters``) directly before it, and after it nothing but punctuation or
    the attribution (``, X said.``). Anything else inside a sentence is a fragment.
    """
    before = body[ctx_start : span.start].rstrip('“„"`« ')
    after = body[span.end : ctx_end].lstrip("”\"'» ")
    starts_sentence = not _WORD_CHAR.search(before) or before.endswith(":") or _cue_comma(before)
    if not starts_sentence:
        words = _WORD_WITH_APOSTROPHE.findall(before.lower())
        tail = words[-3:]
        starts_sentence = bool(tail) and (
            tail[-1] in INTRODUCING_CUES
            or (
                len(tail) >= 2
                and tail[-2] in INTRODUCING_CUES
                and tail[-1] in ("that", "reporters", "me", "us", "him", "her")
            )
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
    words = _WORD_WITH_APOSTROPHE.findall(clause.lower())[-CUE_COMMA_WORDS:]
    return any(w in SPEECH_CUE_SET or w in COMMA_INTRODUCERS for w in words)


def _closes_sentence(body: str, span: _Span, after: str) -> bool:
    inside_end = body[span.start : span.end].rstrip()[-1:]
    return not _WORD_CHAR.search(after) or (
        inside_end in ".?!," and (not after or after[0] in ",.?!" or after[0].islower() or after[0].isupper())
    )


def _speaker_near(body, span, spans, ctx_start, ctx_end, state, kind) -> _Speaker | None:
    """The cue and speaker of a quote from the text of its sentence(s) outside quote marks."""
    outside, quote_at = _outside(body, ctx_start, ctx_end, spans, span)
    best: tuple[int, _Speaker] | None = None
    for cue in CUE.finditer(outside):
        if min(abs(cue.start() - quote_at[1]), abs(cue.end() - quote_at[0])) > MAX_CUE_DISTANCE:
            continue  # bounded work per quote, even in a pathological run-on "sentence"
        speaker = _cue_speaker(outside, cue)
        if speaker is None:
            continue
        if cue.group().lower() in FRAGMENT_CUE_SET and kind == "full":
            continue
        distance = min(abs(cue.start() - quote_at[1]), abs(cue.end() - quote_at[0]))
        if best is None or distance < best[0]:
            best = (distance, speaker)
    if best is None and kind == "partial" and CUE.search(outside):
        best = (0, _leading_subject(outside))  # `X spoke … to insist the alliance "…"`
    if best is None or best[1] is None:
        return None
    return _resolved(best[1], state)


def _leading_subject(text: str) -> _Speaker | None:
    """The person named at the start of a sentence (its subject), or None."""
    match = LEADING_NAME.match(text.strip())
    if not match:
        return None
    tokens = match.group(1).split()
    name, role = split_role(tokens)
    if not _is_person(name):
        return None
    return _Speaker(mention=_join(tokens), name=name, role=role, cue=CUE.search(text).group().lower())


def _outside(body, ctx_start, ctx_end, spans, current) -> tuple[str, tuple[int, int]]:
    """The context with every quote replaced by `` QUOTE `` and where the current one sits."""
    pieces, cursor, where = [], ctx_start, (0, 0)
    length = 0
    for s in spans:
        if s.end <= ctx_start or s.start >= ctx_end:
            continue
        a, b = max(s.start, ctx_start), min(s.end, ctx_end)
        piece = body[cursor:a]
        piece = piece[:-1] if piece and piece[-1] in "“”\"„«`'" else piece
        pieces.append(piece)
        length += len(piece)
        if s is current:
            where = (length, length + 7)
        pieces.append(" QUOTE ")
        length += 7
        cursor = b + 1 if b < len(body) and body[b : b + 1] in ("”", '"', "»") else b
    pieces.append(body[cursor:ctx_end])
    return "".join(pieces), where


def _cue_speaker(text: str, cue: re.Match) -> _Speaker | None:
    """Speaker of a cue: ``according to X``; inverted ``…, said X``; the subject before it,
    or an apposition ``the agency's chief, Jane Doe, said``."""
    word = cue.group().lower()
    if word == ACCORDING_TO:
        return _phrase_speaker(_forward_phrase(text[cue.end() :]), word)
    before = text[: cue.start()].rstrip()
    if (word in INVERTIBLE_CUES and before.endswith(",")) or before.endswith("QUOTE") or before.endswith("QUOTE ,"):
        found = _phrase_speaker(_forward_phrase(text[cue.end() :]), word)
        if found is not None:
            return found
    if before.endswith(","):
        return _apposition_speaker(before, word)
    relative = RELATIVE.search(before)
    if relative:  # `Grushko, who has described …`: the relative pronoun's antecedent speaks
        return _phrase_speaker(_backward_phrase(before[: relative.start()]), word)
    tokens = _backward_phrase(before)
    speaker = _phrase_speaker(tokens, word)
    if (
        speaker is not None
        and speaker.role is None
        and not _is_person(speaker.name)
        and tokens[0].lower() in DETERMINERS
    ):
        rest = before[: len(before) - len(_join(tokens))].rstrip()
        if rest.endswith(","):  # `Terrie Rizzo, the Democratic chair of the county said`
            head = _backward_phrase(rest[:-1])
            name, _ = split_role(head) if head else (None, None)
            if head and _is_person(name):
                return _Speaker(mention=_join(head), name=name, role=_join(tokens[1:]), cue=word)
    return speaker


def _apposition_speaker(before: str, cue: str) -> _Speaker | None:
    """An apposition right before a cue: ``DESCRIPTION, NAME, said`` or ``NAME, DESCRIPTION, said``.

    The name speaks and the description (``a spokesman for the campaign``, an age) is its role.
    """
    parts = before[:-1].split(",")
    last = parts[-1].strip()
    if not last or "QUOTE" in last:
        return None
    tokens = _backward_phrase(last)
    name, role = split_role(tokens) if tokens else (None, None)
    if tokens and _is_person(name) and len(_join(tokens)) == len(last):
        if len(parts) >= 2:
            described = [t for t in _backward_phrase(parts[-2].strip()) if t.lower() not in DETERMINERS]
            role = _join(described) or role
        return _Speaker(mention=_join(tokens), name=name, role=role, cue=cue)
    if len(parts) < 2 or len(last.split()) > MAX_APPOSITION_WORDS:
        return None
    head = _backward_phrase(parts[-2].strip())
    if not head:
        return None
    name, role = split_role(head)
    if not _is_person(name):
        return None
    described = _DETERMINED.match(last)
    return _Speaker(mention=_join(head), name=name, role=role or (described.group(1) if described else None), cue=cue)


def _backward_phrase(before: str) -> list[str]:
    tokens = TOKEN.findall(PARENTHESIS.sub("", before[-PHRASE_WINDOW_CHARS:]))
    while tokens and (tokens[-1].lower() in SKIPPED_BEFORE_CUE or (tokens[-1].islower() and tokens[-1].endswith("ly"))):
        tokens.pop()
    while tokens and tokens[-1].lower() in DAYS:  # `X on Tuesday said`
        tokens.pop()
    phrase: list[str] = []
    while tokens and len(phrase) < MAX_SPEAKER_TOKENS:
        token = tokens[-1]
        low = token.lower()
        if not _WORD_CHAR.match(token) or token == "QUOTE" or low in STOP_WORDS:
            break
        phrase.insert(0, tokens.pop())
        if low in DETERMINERS:
            break
    return phrase


def _forward_phrase(after: str) -> list[str]:
    phrase: list[str] = []
    for token in TOKEN.findall(after[:PHRASE_WINDOW_CHARS]):
        low = token.lower()
        run_on = phrase and RUN_ON.get(phrase[-1].lower()) == low
        if not run_on and (
            not _WORD_CHAR.match(token) or token == "QUOTE" or (low in STOP_WORDS and low != "of") or low in DAYS
        ):
            break
        if (
            phrase
            and low in DETERMINERS
            and RUN_ON.get(phrase[-2].lower() if len(phrase) > 1 else "") != phrase[-1].lower()
        ):
            break
        if token.endswith(".") and token[:-1].lower() not in ABBREVIATIONS and not INITIAL.match(token):
            phrase.append(token[:-1])  # a sentence's full stop, not an abbreviation
            break
        if not phrase and token.islower() and token.endswith("ly"):
            continue  # `said only`, `said flatly`
        phrase.append(token)
        if len(phrase) >= MAX_SPEAKER_TOKENS:
            break
    while phrase and phrase[-1].lower() in DETERMINERS | {"of"}:
        phrase.pop()
    return phrase


def _phrase_speaker(tokens: list[str], cue: str) -> _Speaker | None:
    """Speaker from a noun phrase's tokens, or None when it is no plausible speaker."""
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].lower() in PRONOUNS:
        return _Speaker(mention=tokens[0], name=tokens[0].lower(), cue=cue)
    content = [t for t in tokens if t.lower() not in DETERMINERS]
    if not content or all(t.lower() in DAYS for t in content):
        return None
    if content[-1].lower() in PRONOUNS or content[-1].lower() in DETERMINERS:
        return None
    if cue in AMBIGUOUS_CUES and not (content[-1][:1].isupper() or content[-1].lower() in PRONOUNS):
        return None
    if content[-1].islower() and content[-1].endswith(("ed", "ing")) or content[-1].lower() in NOT_SPEAKER_HEADS:
        return None
    mention = _join(tokens)
    name, role = split_role(tokens)
    return _Speaker(mention=mention, name=name, role=role, cue=cue)


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _SPACE_BEFORE_APOSTROPHE.sub(r"\1", text)


def split_role(tokens: list[str]) -> tuple[str, str | None]:
    """(name, role) of a speaker phrase: the trailing run of name tokens is the name.

    ``NATO chief Jens Stoltenberg`` → (``Jens Stoltenberg``, ``NATO chief``). A phrase not ending
    in a name (``a senior European diplomat``) is a description: itself, no role. Titles are
    told from names by ROLE_WORDS and by all-caps acronyms (``NATO``, ``US``).
    """
    i = len(tokens)
    while i > 0:
        token = tokens[i - 1]
        low = token.lower()
        if token in NAME_SUFFIXES and i == len(tokens):
            i -= 1
            continue
        if low in ROLE_WORDS or (token.isupper() and len(token) > 1 and not token.endswith(".")):
            break
        if NAME_TOKEN.match(token) or (low in NAME_PARTICLES and i < len(tokens)):
            i -= 1
            continue
        break
    name_tokens = tokens[i:]
    if not name_tokens or POSSESSIVE.search(tokens[-1]):
        return _join(
            [t for t in tokens if t.lower() not in DETERMINERS]
            if tokens[0].lower() == "the" and len(tokens) == 1
            else tokens
        ), None
    role_tokens = [t for t in tokens[:i] if t != ","]
    if role_tokens and role_tokens[0].lower() in DETERMINERS:
        role_tokens = role_tokens[1:]
    role = _join(role_tokens) or None
    return _join(name_tokens), role


def _is_person(name: str | None) -> bool:
    return (
        bool(name)
        and all(NAME_TOKEN.match(t) or t.lower() in NAME_PARTICLES for t in name.split())
        and not name.isupper()
    )


def _resolved(speaker: _Speaker, state: _State) -> _Speaker | None:
    """Pronouns to the article's last person; descriptions to a unique earlier speaker of that role."""
    name = speaker.name or ""
    if name in PERSON_PRONOUNS:
        if state.last_person is None:
            return speaker
        return _Speaker(mention=speaker.mention, name=state.last_person, role=speaker.role, cue=speaker.cue)
    if speaker.role is None and not _is_person(name):
        head = name.split()[-1].lower() if name else ""
        candidates = state.roles.get(head, set())
        if len(candidates) == 1 and not name.lower().startswith(("a ", "an ")):
            return _Speaker(mention=speaker.mention, name=next(iter(candidates)), cue=speaker.cue)
    if _is_person(name):
        state.last_person = name
        if speaker.role:
            state.roles.setdefault(speaker.role.split()[-1].lower(), set()).add(name)
    return speaker


def _indirect_rows(article_id, sentence_id, body, s_start, s_end, state: _State) -> list[dict]:
    """Indirect speech in a sentence without quotes: ``X said (that) C``, ``C, X said``, ``according to X, C``."""
    text = body[s_start:s_end]
    for cue in CUE.finditer(text):
        word = cue.group().lower()
        if word in FRAGMENT_CUE_SET:
            continue
        found = _indirect(text, cue, word)
        if found is None:
            continue
        speaker, c_start, c_end = found
        resolved = _resolved(speaker, state)
        if resolved is None:
            continue
        return [_row(article_id, sentence_id, body, s_start + c_start, s_start + c_end, "indirect", resolved)]
    _note_subject(text, state, body[:s_start])
    return []


def _indirect(text: str, cue: re.Match, word: str):
    before = text[: cue.start()]
    after = text[cue.end() :]
    if word == ACCORDING_TO:
        phrase = _forward_phrase(after)
        speaker = _phrase_speaker(phrase, word)
        if speaker is None:
            return None
        if before.strip(" ,") and _WORD_CHAR.search(before):
            return speaker, 0, len(before.rstrip(" ,"))
        rest = after.find(",")
        if rest < 0:
            return None
        start = cue.end() + rest + 1
        return _content(text, speaker, start, len(text))
    stripped = before.rstrip()
    subject = _backward_phrase(stripped)
    if subject and len(subject) and stripped[: len(stripped) - len(_join(subject))].rstrip().endswith(","):
        # `C, X said (on Tuesday).` — the content precedes the attribution
        trailing = _WORDS.findall(after)
        if len(trailing) <= MAX_TRAILING_WORDS and word in SPEECH_CUES:
            speaker = _phrase_speaker(subject, word)
            cut = stripped[: len(stripped) - len(_join(subject))].rstrip().rstrip(",")
            if speaker is not None:
                return _content(text, speaker, 0, len(cut))
    if word in INVERTIBLE_CUES and stripped.endswith(","):
        trailing = _forward_phrase(after)
        rest = _WORDS.findall(after)
        if trailing and len(rest) <= MAX_TRAILING_WORDS:
            speaker = _phrase_speaker(trailing, word)
            if speaker is not None:
                return _content(text, speaker, 0, len(stripped.rstrip(",")))
    if not subject or word.endswith("ing"):
        return None
    speaker = _phrase_speaker(subject, word)
    if speaker is None:
        return None
    start = cue.end()
    rest = text[start:]
    skip = _SKIP_TIME_THAT.match(rest)
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
    if len(_WORDS.findall(chunk)) < MIN_INDIRECT_WORDS:
        return None
    return speaker, start + left, chunk_end


def _note_subject(text: str, state: _State, earlier: str) -> None:
    """Remember a person who is the subject of a sentence without a cue (`On Tuesday, Sherman was…`).

    The subject counts when it is a person named in full earlier in the article (``earlier``:
    the body up to this sentence), e.g. ``Sherman`` after ``Wendy Sherman``.
    """
    match = SUBJECT.match(INTRO.sub("", text.strip(), count=1))
    if not match:
        return
    surname = match.group(1).split()[-1]
    if state.last_person and surname == state.last_person.split()[-1]:
        return
    if surname not in state.people:
        full, at = None, earlier.find(" " + surname)
        while at > 0:  # the last `First Surname` before this sentence
            words = [
                w
                for w in earlier[max(0, at - 40) : at].split()[-2:]
                if NAME_TOKEN.match(w) and w.lower() not in ROLE_WORDS
            ]
            if words and earlier[at + 1 + len(surname) : at + 2 + len(surname)][:1] in ("", " ", ",", ".", "’", "'"):
                full = " ".join([*words, surname])
            at = earlier.find(" " + surname, at + 1)
        state.people[surname] = full
    if state.people[surname]:
        state.last_person = state.people[surname]


def _row(article_id, sentence_id, body, start, end, kind, speaker: _Speaker) -> dict:
    return {
        "quote_id": quote_id(article_id, start, end, kind),
        "article_id": article_id,
        "sentence_id": sentence_id,
        "text": body[start:end],
        "kind": kind,
        "speaker": speaker.name,
        "speaker_mention": speaker.mention,
        "cue": speaker.cue,
        "role": speaker.role,
        "start": start,
        "end": end,
    }


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
        if len(words) < CLUSTER_BLOCK_TOKENS:
            continue
        for key in (("h", *words[:CLUSTER_BLOCK_TOKENS]), ("t", *words[-CLUSTER_BLOCK_TOKENS:])):
            members = blocks.setdefault(key, [])
            for j in members[-MAX_BLOCK_COMPARISONS:]:
                if find(j) != find(i) and fuzz.ratio(distinct[j], norm, score_cutoff=NEAR_QUOTE_RATIO):
                    parent[find(i)] = find(j)
                    break
            members.append(i)
    root_text = {}
    for i in range(len(distinct)):
        root_text.setdefault(find(i), distinct[i])
    index = {norm: i for i, norm in enumerate(distinct)}
    return [_id("q:" + root_text[find(index[norm])]) for norm in norms]
