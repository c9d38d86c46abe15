"""Property-based tests (hypothesis): ingest, cleaning and splitting never raise and never lose text."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline import boilerplate
from data_pipeline.articles import Frames
from data_pipeline.ingest import Document, decode, read_inputs
from data_pipeline.sentences import sentence_spans

# Text built from the pieces that trouble splitters and cleaners: quotation marks of every
# kind, stops, abbreviations, paragraph breaks, wire credits, boilerplate words.
PIECES = st.sampled_from(
    [
        " ",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        ".",
        ". ",
        "!",
        "?",
        ",",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "«",
        "»",
        "U.S.",
        "Mr.",
        "Jan.",
        "p.m.",
        "(AFP)",
        "(AP) —",
        "told Reuters",
        "Copyright",
        "ADVERTISEMENT",
        "Related articles",
        "said",
        "Stoltenberg",
        "NATO",
        "Russia",
        "the",
        "talks",
        "Brussels",
        "-",
        "—",
        "•",
        "é",
        "Москва",
        "\u200b",
        "\r\n",
        "#",
        "[x](javascript:alert(1))",
        "<script>",
        "Feb 30",
    ]
)
NEWSY = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)
TEXTS = st.one_of(NEWSY, st.text(max_size=300))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _visible(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace() and ch != "\u200b")


@FAST
@given(TEXTS)
def test_sentences_cover_the_body_in_order(body):
    spans = sentence_spans(body)
    covered = [False] * len(body)
    previous_end = 0
    for _paragraph, start, end in spans:
        assert previous_end <= start < end <= len(body)
        assert not body[start].isspace() and not body[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    assert all(covered[i] for i, ch in enumerate(body) if not ch.isspace())
    paragraphs = [p for p, _, _ in spans]
    assert paragraphs == sorted(paragraphs)


@FAST
@given(TEXTS)
def test_cleaning_loses_no_text(text):
    """Every visible character of the input is in the body or in a removed line."""
    parsed = boilerplate.parse(text)
    kept = parsed.body + "".join(line for _, line in parsed.removed)
    assert _visible(kept) == _visible(text)


@FAST
@given(TEXTS, st.one_of(st.none(), st.text(max_size=40)))
def test_cleaning_with_a_given_title_never_raises(text, title):
    parsed = boilerplate.parse(text, title=title)
    assert isinstance(parsed.body, str)


@FAST
@given(TEXTS)
def test_the_per_article_stage_never_raises_and_sentences_point_into_the_body(text):
    result = Frames.of([(0, Document("x.txt", text, {}))])
    if result.articles.empty:
        assert len(result.problems) == 1 and result.sentences.empty
    else:
        body = result.articles["body"].iloc[0]
        assert all(body[s.start : s.end] == s.text for s in result.sentences.itertuples())


@FAST
@given(st.binary(max_size=2_000))
def test_decode_gives_text_or_a_clear_error(data):
    try:
        text = decode(data)
    except ValueError as error:
        assert str(error).startswith("binary file")
    else:
        assert "\x00" not in text and "\r" not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.binary(max_size=1_000), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.sampled_from(["a.txt", "a.md", "a.html", "a.csv", "a.jsonl", "a.zip", "a", "a.bin"]),
)
def test_every_file_ends_in_documents_or_problems(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        documents, problems = read_inputs([path])
    assert documents or problems
    assert all(d.path.startswith(name) for d in documents)
    assert all(p.path.startswith(name) and p.problem for p in problems)
