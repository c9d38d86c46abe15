"""Speakers: alias merging, roles, counts and tone per canonical speaker."""

from __future__ import annotations

import pandas as pd
import pytest

from data_pipeline.speakers import canonical_names, speakers


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["Stoltenberg", "Jens Stoltenberg"],
            {"Stoltenberg": "Jens Stoltenberg", "Jens Stoltenberg": "Jens Stoltenberg"},
        ),
        (
            ["Smith", "Jane Smith", "John Smith"],
            {"Smith": "Smith", "Jane Smith": "Jane Smith", "John Smith": "John Smith"},
        ),
        (["a senior European diplomat"], {"a senior European diplomat": "senior European diplomat"}),
        (["he"], {"he": "he"}),
        (
            ["Leyen", "Ursula von der Leyen"],
            {"Leyen": "Ursula von der Leyen", "Ursula von der Leyen": "Ursula von der Leyen"},
        ),
    ],
)
def test_canonical_names(names, expected):
    assert canonical_names(names) == expected


def test_speaker_table_counts_roles_and_polarity():
    found = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "speaker": ["Jens Stoltenberg", "Stoltenberg", "Stoltenberg"],
            "speaker_mention": ["NATO chief Jens Stoltenberg", "Stoltenberg", "he"],
            "role": ["NATO chief", None, None],
            "polarity": [0.5, -0.5, 0.3],
        }
    )
    named, table = speakers(found)
    assert set(named["speaker"]) == {"Jens Stoltenberg"}
    row = table.set_index("speaker").loc["Jens Stoltenberg"]
    assert row["n_quotes"] == 3 and row["n_articles"] == 2 and row["role"] == "NATO chief"
    assert row["polarity"] == pytest.approx(0.1)
    assert {"Stoltenberg", "Jens Stoltenberg", "NATO chief Jens Stoltenberg", "he"} <= set(row["aliases"])


def test_empty_quotes_give_empty_speakers():
    named, table = speakers(pd.DataFrame(columns=["article_id", "speaker", "speaker_mention", "role", "polarity"]))
    assert table.empty and named.empty


def test_seed_speakers_merge_across_outlets(seeds_corpus):
    table = seeds_corpus.speakers.set_index("speaker")
    assert "Stoltenberg" not in table.index
    assert table.loc["Jens Stoltenberg", "n_articles"] >= 3
    assert {"Stoltenberg", "NATO chief Jens Stoltenberg"} <= set(table.loc["Jens Stoltenberg", "aliases"])
