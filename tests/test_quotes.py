"""Quotes: the seeds against a hand annotation, extraction rules, PolNeAR floors, properties."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline.quotes import normalized_quote, quote_clusters, quotes, split_role
from data_pipeline.sentences import sentence_spans
from tests.conftest import corpus_path

FIXTURE = Path(__file__).parent / "fixtures" / "seed_quotes.csv"
SEED_FLOOR = 0.9  # the bar for direct+partial P, R and speaker accuracy on the seeds
# PolNeAR dev floors: measured on the first 40 dev articles P 0.90 / R 0.82 / speaker mention
# 0.92 / named speaker 0.91 (whole dev in the README); pinned ~0.05 under so a regression fails.
POLNEAR_SAMPLE = 40
POLNEAR_DIRECT_P_FLOOR = 0.85
POLNEAR_DIRECT_R_FLOOR = 0.77
POLNEAR_MENTION_FLOOR = 0.87
POLNEAR_NAMED_FLOOR = 0.86


def _key(text: str) -> str:
    return normalized_quote(text)


def _same_speaker(a: str | None, b: str) -> bool:
    strip = lambda s: re.sub(r"^(the|a|an) ", "", (s or "").lower().replace("’", "'"))  # noqa: E731
    return strip(a) == strip(b)


@pytest.fixture(scope="module")
def seed_found(seeds_corpus):
    names = seeds_corpus.articles.assign(name=seeds_corpus.articles["path"].str.rsplit("/", n=1).str[-1])
    file_of = dict(zip(names["article_id"], names["name"], strict=True))
    found = seeds_corpus.quotes[seeds_corpus.quotes["kind"].isin(["full", "partial"])]
    return found.assign(file=found["article_id"].map(file_of))


@pytest.fixture(scope="module")
def gold():
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _pairs(gold, found):
    """(gold row, predicted row or None) for each gold quote, matched by normalised text in the file."""
    pairs = []
    for g in gold:
        rows = found[(found["file"] == g["file"]) & (found["text"].map(_key) == _key(g["text"]))]
        pairs.append((g, rows.iloc[0] if len(rows) else None))
    return pairs


def test_seed_quotes_precision_recall_speaker(seed_found, gold):
    pairs = _pairs(gold, seed_found)
    matched = [(g, p) for g, p in pairs if p is not None]
    gold_keys = {(g["file"], _key(g["text"])) for g in gold}
    predicted_ok = sum((f, _key(t)) in gold_keys for f, t in zip(seed_found["file"], seed_found["text"], strict=True))
    recall = len(matched) / len(gold)
    precision = predicted_ok / len(seed_found)
    speaker = sum(_same_speaker(p["speaker"], g["speaker"]) for g, p in matched) / len(matched)
    assert recall >= SEED_FLOOR, [g["text"] for g, p in pairs if p is None]
    assert precision >= SEED_FLOOR, sorted(set(seed_found["text"].map(_key)) - {k for _, k in gold_keys})
    assert speaker >= SEED_FLOOR, [
        (g["speaker"], p["speaker"]) for g, p in matched if not _same_speaker(p["speaker"], g["speaker"])
    ]


def test_seed_quote_kinds(seed_found, gold):
    matched = [(g, p) for g, p in _pairs(gold, seed_found) if p is not None]
    assert sum(g["kind"] == p["kind"] for g, p in matched) / len(matched) >= SEED_FLOOR


def _extract(body: str) -> pd.DataFrame:
    """Quotes of one article body through the real splitter."""
    rows = []
    for position, (paragraph, start, end) in enumerate(sentence_spans(body)):
        rows.append(
            {
                "sentence_id": f"s{position}",
                "article_id": "a",
                "position": position,
                "text": body[start:end],
                "paragraph": paragraph,
                "start": start,
                "end": end,
            }
        )
    sentences = pd.DataFrame(
        rows, columns=["sentence_id", "article_id", "position", "text", "paragraph", "start", "end"]
    )
    return quotes(sentences, pd.DataFrame({"article_id": ["a"], "body": [body]}))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"We will win," Smith said.', [("full", "Smith", "We will win,")]),
        ('Smith said: "We will win."', [("full", "Smith", "We will win.")]),
        ('"We will win," said Jane Smith, the mayor.', [("full", "Jane Smith", "We will win,")]),
        (
            "“We will win,” she said. “We always do.”",
            [("full", "she", "We will win,"), ("full", "she", "We always do.")],
        ),
        ('Mayor Jane Smith insisted the city "will not back down".', [("partial", "Jane Smith", "will not back down")]),
        ('The mayor described the plan as "a disaster" on Monday.', [("partial", "The mayor", "a disaster")]),
        ('"It is over," a senior city official told reporters.', [("full", "a senior city official", "It is over,")]),
        ("Smith said the city would appeal the ruling.", [("indirect", "Smith", "the city would appeal the ruling")]),
        ("According to the mayor, the budget is balanced.", [("indirect", "the mayor", "the budget is balanced")]),
        ("The budget is balanced, the mayor said on Monday.", [("indirect", "the mayor", "The budget is balanced")]),
        # no speaker: headline-like scare quotes and a heading yield nothing
        ('The "deal of the century" collapsed.', []),
        ("‘Moment of Truth’", []),
        ("Nothing was said here about it.", []),
        ("The United States and its allies met in Geneva.", []),
        ("Moscow dismisses such claims as false.", []),
        ("An unbalanced \" mark and an apostrophe in rock 'n' roll.", []),
    ],
)
def test_extraction_rules(body, expected):
    found = _extract(body)
    got = [(r.kind, r.speaker_mention if r.speaker in ("he", "she") else r.speaker, r.text) for r in found.itertuples()]
    assert got == expected


def test_multi_paragraph_quote_continues_speaker():
    body = 'Smith said: "First part of it.\n\n"Second part of it."\n\nThe end came later.'
    found = _extract(body)
    assert list(found["text"]) == ["First part of it.", "Second part of it."]
    assert set(found["speaker"]) == {"Smith"}


def test_pronoun_resolves_to_last_named_speaker():
    body = 'Jane Smith said the plan was ready.\n\n"We are done," she said.'
    found = _extract(body)
    assert found.loc[found["kind"] == "full", "speaker"].tolist() == ["Jane Smith"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("NATO chief Jens Stoltenberg", ("Jens Stoltenberg", "NATO chief")),
        ("White House spokeswoman Jen Psaki", ("Jen Psaki", "White House spokeswoman")),
        ("Latvian Prime Minister Krisjanis Karins", ("Krisjanis Karins", "Latvian Prime Minister")),
        ("a senior European diplomat", ("a senior European diplomat", None)),
        ("Stoltenberg", ("Stoltenberg", None)),
    ],
)
def test_split_role(tokens, expected):
    assert split_role(tokens.split()) == expected


def test_quote_cluster_survives_punctuation_dash_and_word_changes():
    texts = pd.Series(
        [
            "It's too early to tell whether the Russians are serious -- we are,",
            "It’s too early to tell whether the Russians are serious –- we are",
            "It's much too early to tell whether the Russians are serious -- we are,",
            "Whatever the solution, Europe has to be involved,",
        ]
    )
    clusters = quote_clusters(texts)
    assert clusters[0] == clusters[1] == clusters[2]
    assert clusters[3] != clusters[0]


def test_polnear_dev_floors():
    folder = corpus_path("polnear", "dev")
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "polnear_quotes.py"
    spec = importlib.util.spec_from_file_location("polnear_quotes", script)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)  # the benchmark's own scoring
    evaluate = benchmark.evaluate

    assert folder.exists()
    tally = evaluate("dev", POLNEAR_SAMPLE)["tallies"]["direct"]
    assert tally["pred_ok"] / tally["pred"] >= POLNEAR_DIRECT_P_FLOOR
    assert tally["gold_ok"] / tally["gold"] >= POLNEAR_DIRECT_R_FLOOR
    assert tally["spk_ok"] / tally["spk"] >= POLNEAR_MENTION_FLOOR
    assert tally["named_ok"] / tally["named"] >= POLNEAR_NAMED_FLOOR


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [*"ab Xy “”\"'`.,:;\n—-", " said ", " told ", "He said", "according to", "\n\n", "Jane Smith"]
            ),
            max_size=80,
        ).map("".join),
    )
)
def test_any_text_gives_quotes_inside_their_paragraph(body):
    """Rule: ``body[start:end] == text``; ``start`` lies in the row's sentence; the quote stays in one paragraph."""
    found = _extract(body)
    spans = sentence_spans(body)
    for row in found.itertuples():
        assert body[row.start : row.end] == row.text
        _, s_start, s_end = spans[int(row.sentence_id[1:])]
        assert s_start <= row.start < s_end
        assert "\n\n" not in row.text.strip() or row.kind == "indirect"


def _word_tables(module) -> dict[str, tuple]:
    return {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, tuple) and value and all(isinstance(v, str) for v in value)
    }


def test_rule_tables_repeat_no_entry_and_are_not_copied_elsewhere():
    """Each word list is written once: no repeated entry, no copy of a list in another module."""
    import data_pipeline
    from data_pipeline.quotes import rules

    tables = _word_tables(rules)
    assert {"SPEECH_CUES", "ROLE_WORDS", "NAME_PARTICLES", "PRONOUNS"} <= set(tables)
    for name, words in tables.items():
        assert len(set(words)) == len(words), name
    package = Path(data_pipeline.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "rules.py":
            continue
        source = path.read_text(encoding="utf-8")
        for name, words in tables.items():
            if len(words) >= 4:  # a list of four or more written out again elsewhere
                assert " ".join(words[:4]) not in source, f"{name} copied into {path.name}"
