"""Tone: TextBlob polarity (-1..1) and subjectivity (0..1) per text.

TextBlob's ``.sentiment`` uses its bundled pattern lexicon and needs no corpus download; it is
the only part of TextBlob Wirewatch uses. ``TextBlob(text).sentiment`` is
``PatternAnalyzer.analyze(text)``: it builds a new namedtuple class per call, then runs
``textblob.en.sentiment(text)``, which is pattern's tokenizer (``textblob._text.find_tokens``)
followed by the lexicon lookups (``Sentiment.assessments``) and two averages.

``score`` runs that same algorithm on TextBlob's own lexicon and constants, with the work that
repeats from one sentence to the next done once:

- the seven contraction patterns are compiled once (TextBlob passes them to ``re.sub`` as
  strings, a cache lookup each per call);
- a word with no punctuation at either end is its own token (TextBlob runs two ``while`` loops
  to find that out), and the tokens of the other words are remembered;
- the emoticon test is one dict lookup (TextBlob lower-cases nine sets, with a new lambda
  each, for every number and every word with a hyphen or an apostrophe);
- the lexicon is read as a plain dict (TextBlob's ``lazydict`` adds two Python calls per word).

The numbers are TextBlob's to the last bit: ``tests/test_sentiment.py`` compares them with
``TextBlob(text).sentiment`` on every seed sentence and quote, on real corpora and on generated
text full of punctuation, contractions, emoticons, negations and line breaks. Syndicated copies
repeat sentences word for word, so scores are also memoised by text (per process, bounded).
"""

from __future__ import annotations

import re
from functools import lru_cache

SENTIMENT_MEMO_SIZE = 200_000  # distinct sentences remembered per process (~40 MB at most)
TOKEN_MEMO_SIZE = 65_536  # distinct punctuated words remembered per process


@lru_cache(maxsize=SENTIMENT_MEMO_SIZE)
def score(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one text, exactly as ``TextBlob(text).sentiment``."""
    # Lower-casing the joined tokens is lower-casing each: no token holds a space, and a space
    # ends the context of the one context-dependent rule (Greek final sigma).
    polarity, subjectivity = _assess(" ".join(_sentences(text)).lower().split())
    return float(polarity), float(subjectivity)


# ---------------------------------------------------------------------------------------------
# textblob._text.find_tokens with its default arguments (the tokenizer of textblob.en.sentiment)


class _Tokenizer:
    """TextBlob's tokenizer constants, read from TextBlob once."""

    def __init__(self) -> None:
        from textblob import _text

        self.replace = _text.replacements
        self.contractions = tuple((re.compile(a), b) for a, b in _text.replacements.items())
        self.punctuation = tuple(_text.PUNCTUATION.replace(".", ""))
        self.trailing = self.punctuation + (".",)
        self.leading_set = frozenset(self.punctuation)
        self.trailing_set = frozenset(self.trailing)
        self.abbreviations = _text.ABBREVIATIONS
        self.abbreviation_patterns = (_text.RE_ABBR1, _text.RE_ABBR2, _text.RE_ABBR3)
        self.eos = _text.EOS
        self.sentence_end = frozenset(("...", ".", "!", "?", self.eos))
        self.closing = ("'", '"', "”", "’", "...", ".", "!", "?", ")", self.eos)
        self.crlf = re.compile("\r\n")
        self.linebreak = re.compile(r"\n{2,}")
        self.sarcasm = _text.RE_SARCASM
        self.emoticons = _text.RE_EMOTICONS


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer:
    return _Tokenizer()


def _sentences(string: str) -> list[str]:
    """``textblob._text.find_tokens(string)``: sentences as space-separated tokens."""
    k = _tokenizer()
    if "'" in string:  # every contraction has one
        for pattern, replacement in k.contractions:
            string = pattern.sub(replacement, string)
    string = (
        string.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )
    if "\n" in string:
        string = k.crlf.sub("\n", string)
        string = k.linebreak.sub(f" {k.eos} ", string)
    tokens: list[str] = []
    ends: list[int] = []  # positions of the tokens that can end a sentence
    leading, trailing = k.leading_set, k.trailing_set
    for t in string.split():  # TextBlob's ``TOKEN.findall`` after collapsing ``\s+``: the same runs
        if t[0] not in leading and t[-1] not in trailing:
            tokens.append(t)  # TextBlob's two loops leave it whole
        else:
            parts, part_ends = _word_tokens(t)
            if part_ends:
                ends.extend(len(tokens) + e for e in part_ends)
            tokens.extend(parts)
    eos = k.eos in string  # a paragraph break, or the marker's own text
    if eos:
        ends = [c for c, t in enumerate(tokens) if t in k.sentence_end]
    # TextBlob walks every token to find the sentence ends; this loop visits only the tokens
    # that can end a sentence, and does at each what TextBlob does there.
    sentences: list[list[str]] = [[]]
    i, j, end = 0, 0, len(tokens)
    for candidate in ends:
        if candidate < j:
            continue  # already passed by the closing marks after the previous end
        j = candidate
        while j < end and tokens[j] in k.closing:
            if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                break  # balanced quotes
            j += 1
        sentences[-1].extend((t for t in tokens[i:j] if t != k.eos) if eos else tokens[i:j])
        sentences.append([])
        i = j
        j += 1
    sentences[-1].extend(tokens[i:])
    joined = (" ".join(s) for s in sentences if len(s) > 0)
    joined = (k.sarcasm.sub("(!)", s) if "!" in s else s for s in joined)
    return [k.emoticons.sub(_joined_face, s) if _may_hold_spaced_face(s) else s for s in joined]


def _joined_face(match: re.Match) -> str:
    return match.group(1).replace(" ", "") + match.group(2)


# TextBlob's emoticon pattern only changes a text where it finds a face the tokenizer spaced out
# (`: )` → `:)`): one holding a sign of a face other than a full stop, or the faces of letters
# and full stops alone (`X D`, `x D`, `o . O`). A text with none of these is left as it is, and
# the pattern (an alternation of 76 faces tried at every character) is not run.
_SPACED_FACE_SIGN = re.compile(r"['()*\-/:;<=>\[\\\]^_{}°♥]|X D|x D|o \.|\. O")


def _may_hold_spaced_face(text: str) -> bool:
    return _SPACED_FACE_SIGN.search(text) is not None


@lru_cache(maxsize=TOKEN_MEMO_SIZE)
def _word_tokens(t: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The tokens of one whitespace-separated word (TextBlob's loops, verbatim), and the
    positions among them of those that can end a sentence."""
    k = _tokenizer()
    punctuation, replace = k.punctuation, k.replace
    tokens, tail = [], []
    while t.startswith(punctuation) and t not in replace:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(k.trailing) and t not in replace:
        if t.endswith(punctuation):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if t in k.abbreviations or any(p.match(t) is not None for p in k.abbreviation_patterns):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens), tuple(i for i, token in enumerate(tokens) if token in k.sentence_end)


# ---------------------------------------------------------------------------------------------
# textblob._text.Sentiment.assessments and the averages of Sentiment.__call__ (no POS tags)


class _Lexicon:
    """TextBlob's English sentiment lexicon and word lists, loaded once."""

    def __init__(self) -> None:
        from textblob import _text
        from textblob.en import sentiment as shared

        len(shared)  # loads the lexicon (a lazydict) on first use
        self.words = dict(shared.items())  # word -> {pos: (polarity, subjectivity, intensity)}
        self.negations = frozenset(shared.negations)
        self.modifiers = shared.modifiers
        self.modifier = shared.modifier
        self.punctuation = _text.PUNCTUATION
        self.emoticons: dict[str, float] = {}
        for (_mood, polarity), faces in _text.EMOTICONS.items():  # the first mood listing a face
            for face in faces:
                self.emoticons.setdefault(face.lower(), polarity)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _assess(words: list[str]) -> tuple[float, float]:
    """Polarity and subjectivity of lower-cased tokens, as ``Sentiment.__call__`` averages
    ``Sentiment.assessments(((w, None) for w in words), negation=True)``: each assessment is
    ``[polarity, subjectivity, intensity, negated]``."""
    lexicon = _lexicon()
    known, negations, modifiers, emoticons = lexicon.words, lexicon.negations, lexicon.modifiers, lexicon.emoticons
    a: list[list] = []
    m = None  # preceding modifier ("very" good)
    n = None  # preceding negation ("not" good)
    for w in words:
        entry = known.get(w)
        if entry is None and m is None and n is None and w.isalpha() and w not in negations:
            continue  # an unknown word with nothing pending: every test below is false
        if entry is not None and None in entry:
            p, s, i = entry[None]
            if m is None:
                a.append([p, s, i, 1])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[2], +1.0))
                last[1] = max(-1.0, min(s * last[2], +1.0))
                last[2] = i
            if n is not None:
                a[-1][2] = 1.0 / a[-1][2]
                a[-1][3] = -1
            m = None
            n = None
            if any(map(entry.__contains__, modifiers)):
                m = w
            if w in negations:
                n = w
        else:
            if w in negations:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and lexicon.modifier(m):
                a[-1][3] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and len(a) > 0:
                a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
            if w == "(!)":
                a.append([0.0, 1.0, 1.0, 1])
            if w.isalpha() is False and len(w) <= 5 and w not in lexicon.punctuation:
                face = emoticons.get(w)
                if face is not None:
                    a.append([face, 1.0, 1.0, 1])
    return _average([p * -0.5 if negated < 0 else p for p, _, _, negated in a]), _average([s for _, s, _, _ in a])


def _average(values: list[float]) -> float:
    total, count = 0, 0
    for value in values:
        total += value
        count += 1
    return total / float(count or 1)
