"""Tone is TextBlob's, number for number, whatever shortcut computes it."""

from __future__ import annotations

import pytest
from textblob import TextBlob
from textblob._text import lazydict

from data_pipeline import sentiment
from tests.conftest import corpus_path


def _same_as_textblob(texts: list[str]) -> None:
    for text in texts:
        polarity, subjectivity = TextBlob(text).sentiment
        assert sentiment.score(text) == (polarity, subjectivity), text


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
