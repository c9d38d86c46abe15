"""Quote-aware sentence splitting: quotations stay whole with their attribution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from data_pipeline import settings
from data_pipeline.sentences import quote_open_after, sentence_spans


def split(body: str) -> list[str]:
    return [body[start:end] for _, start, end in sentence_spans(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "\"The risk of conflict is real. Russia's aggressive actions seriously undermine the security order "
            'in Europe," Stoltenberg said after a video meeting.',
            [
                "\"The risk of conflict is real. Russia's aggressive actions seriously undermine the security order "
                'in Europe," Stoltenberg said after a video meeting.'
            ],
            id="straight quotes, two sentences inside, one with attribution",
        ),
        pytest.param(
            "“The risk is real. It is growing,” Stoltenberg said. Then he left.",
            ["“The risk is real. It is growing,” Stoltenberg said.", "Then he left."],
            id="curly quotes",
        ),
        pytest.param(
            "“It’s too early to tell,” Sherman said. “But we are ready.”",
            ["“It’s too early to tell,” Sherman said.", "“But we are ready.”"],
            id="apostrophes inside curly quotes",
        ),
        pytest.param(
            "“We will respond with massive economic measures. And quickly.\n\n“We will inflict costs,” she said.",
            ["“We will respond with massive economic measures. And quickly.", "“We will inflict costs,” she said."],
            id="multi-paragraph quote: whole within each paragraph, never merged across the break",
        ),
        pytest.param(
            "The U.S. and its allies met in Geneva. Talks lasted seven hours.",
            ["The U.S. and its allies met in Geneva.", "Talks lasted seven hours."],
            id="abbreviation U.S.",
        ),
        pytest.param(
            "Mr. Smith met Dr. Jones at 5 p.m. on Jan. 7 in Washington, D.C. They talked.",
            ["Mr. Smith met Dr. Jones at 5 p.m. on Jan. 7 in Washington, D.C.", "They talked."],
            id="titles, times, months, D.C.",
        ),
        pytest.param(
            'He said "we will not compromise. Never. Then he left the room.',
            ['He said "we will not compromise. Never. Then he left the room.'],
            id="unbalanced quote merges only within the paragraph",
        ),
        pytest.param(
            'He said "no.\n\nThe talks ended. Officials left.',
            ['He said "no.', "The talks ended.", "Officials left."],
            id="unbalanced quote does not swallow the next paragraph",
        ),
        pytest.param("First one! Second one? Third.", ["First one!", "Second one?", "Third."], id="! and ?"),
        pytest.param("No punctuation at all here", ["No punctuation at all here"], id="no punctuation"),
        pytest.param("", [], id="empty"),
        pytest.param("  \n\n \t\n", [], id="only whitespace"),
    ],
)
def test_split(body, expected):
    assert split(body) == expected


def test_paragraph_numbers_and_offsets():
    body = "One. Two.\n\nThree."
    assert sentence_spans(body) == [(0, 0, 4), (0, 5, 9), (1, 11, 17)]


def test_stray_quote_merges_at_most_the_limit():
    body = 'A stray " mark. ' + " ".join(f"Sentence number {n} is here." for n in range(400))
    pieces = split(body)
    assert len(pieces) > 1
    assert max(map(len, pieces)) <= settings.MAX_QUOTE_MERGE_CHARS


def test_run_on_text_is_cut_under_the_limit_without_losing_words():
    body = "word " * 5_000
    pieces = split(body)
    assert max(map(len, pieces)) <= settings.MAX_SENTENCE_CHARS
    assert " ".join(pieces).split() == body.split()


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("“Open", True),
        ("“Open and closed”", False),
        ('"Straight', True),
        ('"Straight" twice', False),
        ("It’s an apostrophe", False),
        ("", False),
    ],
)
def test_quote_open_after(text, opened):
    assert quote_open_after(text) is opened


def _open_after_char_by_char(text: str, opened: bool) -> bool:
    for ch in text:
        if ch == "“":
            opened = True
        elif ch == "”":
            opened = False
        elif ch == '"':
            opened = not opened
    return opened


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet='“”"ab ', max_size=20), st.booleans())
def test_quote_open_after_reads_marks_left_to_right(text, opened):
    assert quote_open_after(text, opened) is _open_after_char_by_char(text, opened)
