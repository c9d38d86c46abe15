"""Tone is TextBlob's, number for number, whatever shortcut computes it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob._text import lazydict

from data_pipeline import sentiment
from tests.conftest import corpus_path


def _same_as_textblob(texts: list[str]) -> None:
    for text in texts:
        polarity, subjectivity = TextBlob(text).sentiment
        assert sentiment.score(text) == (polarity, subjectivity), text
        assert sentiment._sentences(text) == textblob_tokens(text), text


def textblob_tokens(text: str) -> list[str]:
    from textblob.en import sentiment as shared

    return shared.tokenizer(text)


def test_seed_sentences_score_exactly_as_textblob(seeds_corpus):
    texts = seeds_corpus.sentences["text"].tolist() + seeds_corpus.quotes["text"].tolist()
    _same_as_textblob(texts)
    assert any(sentiment.score(t) != (0.0, 0.0) for t in texts)  # the lexicon is really used


@pytest.mark.parametrize(
    "text",
    ["", "not good", "very very good!", "It is NOT bad at all.", "Hmm...", "great :)", "terrible, awful, the worst"],
)
def test_negation_intensifiers_and_emoticons_as_textblob(text):
    _same_as_textblob([text])


# Words of TextBlob's lexicon, negations, intensifiers, contractions, abbreviations, emoticons
# (whole and spaced out), sarcasm marks, quotes of every kind, line breaks and the tokenizer's
# own end-of-sentence marker: the places where its tokenizer and scorer take a special path.
_PIECES = (
    "good",
    "bad",
    "very",
    "really",
    "not",
    "never",
    "no",
    "n't",
    "don't",
    "isn't",
    "it's",
    "we'll",
    "I'm",
    "they're",
    "you've",
    "she'd",
    "great",
    "awful",
    "slightly",
    "GOOD",
    "Not",
    "!",
    "?",
    ".",
    "...",
    "..",
    ",",
    ";",
    ":",
    "(",
    ")",
    "[",
    "]",
    '"',
    "'",
    "“",
    "”",
    "‘",
    "’",
    "-",
    "--",
    "—",
    "U.S.",
    "Mr.",
    "e.g.",
    "T.",
    "etc.",
    "p.m.",
    "vs.",
    ":)",
    ": )",
    ":-(",
    ":'(",
    "<3",
    "♥",
    "xD",
    "x D",
    "o.O",
    ":/",
    ":\\",
    ">:[",
    "8-)",
    "(!)",
    "( ! )",
    "2022",
    "$5",
    "50%",
    "#tag",
    "@user",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "  ",
    " ",
    "END-OF-SENTENCE",
    "ΟΔΟΣ",
    "İstanbul",
    "ﬁne",
    "well-known",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=25).map(lambda parts: " ".join(parts)))
@example('He said: "It\'s not good!" (!) Then... nothing :) at all.')
@example("'Not' \"really\" great ' ' \" \" END-OF-SENTENCE very bad")
def test_generated_text_scores_exactly_as_textblob(text):
    _same_as_textblob([text])


@pytest.mark.corpus
def test_bbc_and_meter_texts_score_exactly_as_textblob():
    """Whole texts (several sentences, paragraph breaks), as well as their lines."""
    texts = []
    for folder, encoding in ((corpus_path("bbc"), "latin-1"), (corpus_path("meter"), "latin-1")):
        for path in sorted(folder.rglob("*.txt"))[:60]:
            text = path.read_text(encoding=encoding)
            texts += [text, *[line for line in text.splitlines() if line.strip()]]
    assert len(texts) > 500
    _same_as_textblob(texts)


@pytest.mark.corpus
def test_polnear_sentences_score_exactly_as_textblob():
    folder = corpus_path("polnear")
    lines = []
    for path in sorted((folder / "dev" / "text").glob("*.txt"))[:40]:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    _same_as_textblob(lines)


def test_textblob_itself_is_left_as_it_is():
    from textblob.en import sentiment as shared

    sentiment.score("warm up")
    assert type(shared).__contains__ is not dict.__contains__
    assert isinstance(shared, lazydict) and type(shared).__name__ == "Sentiment"


_FACE_PIECES = [
    *"XxDdoO.°_♥:;=8<3()[]{}-^*'/\\ !?,",
    "X D",
    "x D",
    "o . O",
    "o .O",
    ": )",
    "; - )",
    "< 3",
    "o _ O",
    "word",
]


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from(_FACE_PIECES), max_size=12).map("".join))
@example("Malcolm X D ")
@example("o . O")
@example("so 8 ) ")
def test_the_emoticon_pattern_is_skipped_only_where_it_changes_nothing(text):
    """The emoticon pattern is tried at every character: it runs only on a text that may hold a
    face the tokenizer spaced out, and every other text is one it would leave as it is."""
    faces = sentiment._tokenizer().emoticons
    if not sentiment._may_hold_spaced_face(text):
        assert faces.sub(sentiment._joined_face, text) == text
