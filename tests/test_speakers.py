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


def test_seed_speakers_no_country_and_the_curly_possessive_resolved(seeds_corpus):
    # `the United States says …` names a country, no person; `Biden‘s spokeswoman` (U+2018 as apostrophe) is Psaki
    table = seeds_corpus.speakers.set_index("speaker")
    assert "United States" not in table.index
    quotes = seeds_corpus.quotes
    spokeswoman = quotes[quotes["speaker_mention"].fillna("").str.contains("Biden\u2018s spokeswoman")]
    assert len(spokeswoman) >= 1 and set(spokeswoman["speaker"]) == {"Jen Psaki"}


def test_seed_speakers_merge_across_outlets(seeds_corpus):
    table = seeds_corpus.speakers.set_index("speaker")
    assert "Stoltenberg" not in table.index
    assert table.loc["Jens Stoltenberg", "n_articles"] >= 3
    assert {"Stoltenberg", "NATO chief Jens Stoltenberg"} <= set(table.loc["Jens Stoltenberg", "aliases"])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # a surname joins the corpus's dominant full name; Mrs./a suffix/a first name keep people apart
        (
            {
                "Donald Trump": 10,
                "Melania Trump": 2,
                "Trump": 30,
                "Mr. Trump": 4,
                "Mrs. Trump": 3,
                "Donald Trump Jr.": 4,
            },
            {
                "Trump": "Donald Trump",
                "Mr. Trump": "Donald Trump",
                "Mrs. Trump": "Melania Trump",
                "Melania Trump": "Melania Trump",
                "Donald Trump Jr.": "Donald Trump Jr.",
            },
        ),
        ({"Donald Trump": 10, "Mrs. Trump": 2}, {"Mrs. Trump": "Mrs. Trump"}),  # never joins the men's Trump
        ({"Trump Jr.": 1, "Donald Trump Jr.": 3, "Donald Trump": 9}, {"Trump Jr.": "Donald Trump Jr."}),
        ({"Jane Smith": 3, "John Smith": 2, "Smith": 5}, {"Smith": "Smith"}),  # no dominant Smith
        ({"Jon Huntsman": 9, "John Huntsman": 1}, {"John Huntsman": "John Huntsman"}),  # another first name
        (
            {"Vladimir Putin": 9, "Vladimir V. Putin": 1, "Putin": 4},
            {"Vladimir V. Putin": "Vladimir Putin", "Putin": "Vladimir Putin"},
        ),
        # the same given name written in two words, the same organisation in two word orders
        (
            {"Kirstjen Nielsen": 49, "Kirst Jen Nielsen": 14, "Nielsen": 5},
            {"Kirst Jen Nielsen": "Kirstjen Nielsen", "Nielsen": "Kirstjen Nielsen"},
        ),
        (
            {"Justice Department": 31, "Department of Justice": 8},
            {"Department of Justice": "Justice Department", "Justice Department": "Justice Department"},
        ),
    ],
)
def test_canonical_names_join_one_person_only(counts, expected):
    mapping = canonical_names(counts, counts)
    assert {name: mapping[name] for name in expected} == expected


def _quotes(rows):
    return pd.DataFrame(rows, columns=["article_id", "speaker", "speaker_mention", "role", "polarity"])


def test_role_descriptions_resolve_to_the_person_holding_the_role_with_agreeing_nationality():
    found = _quotes(
        [
            ("a", "Vladimir Putin", "Russian President Vladimir Putin", "Russian President", 0.0),
            ("b", "Trump", "President Trump", "President", 0.0),
            ("b", "Donald Trump", "President Donald Trump", "President", 0.0),
            ("c", "Russian president", "the Russian president", None, 0.0),
            ("c", "president", "the president", None, 0.0),
            ("d", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", "Kremlin spokesman", 0.0),
            ("e", "Kremlin spokesman", "the Kremlin spokesman", None, 0.0),
            ("e", "spokesman", "a spokesman", None, 0.0),  # indefinite: stays anonymous
        ]
    )
    named, table = speakers(found)
    assert list(named["speaker"]) == [
        "Vladimir Putin",
        "Donald Trump",
        "Donald Trump",
        "Vladimir Putin",
        "Donald Trump",
        "Dmitry Peskov",
        "Dmitry Peskov",
        "spokesman",
    ]
    kinds = dict(zip(table["speaker"], table["speaker_type"], strict=True))
    assert kinds == {
        "Donald Trump": "person",
        "Dmitry Peskov": "person",
        "Vladimir Putin": "person",
        "spokesman": "anonymous",
    }


def test_pronouns_and_fragments_are_never_speakers_but_keep_their_mention():
    found = _quotes(
        [
            ("a", "he", "he", None, 0.0),
            ("a", "it", "it", None, 0.0),
            ("a", "convention of", "a convention of", None, 0.0),
            ("a", "Arizona", "Arizona", None, 0.0),
            ("a", "Jane Doe\u200b", "Jane Doe\u200b", None, 0.0),  # zero-width space never reaches a speaker
        ]
    )
    named, table = speakers(found)
    assert named["speaker"].isna().tolist() == [True, True, True, True, False]
    assert list(named["speaker_mention"])[:2] == ["he", "it"]
    assert list(table["speaker"]) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("Jens Stoltenberg", "NATO chief", "person"),
        ("Justice Department", None, "organisation"),
        ("Komsomolskaya Pravda", "newspaper", "organisation"),
        ("CNN", None, "organisation"),
        ("Kremlin", None, "organisation"),
        ("senior European diplomat", None, "anonymous"),
        ("U.S. officials", None, "anonymous"),
        (None, None, None),
    ],
)
def test_speaker_type(name, role, expected):
    from data_pipeline.quotes.phrases import speaker_type

    assert speaker_type(name, role) == expected


def test_the_russian_leader_is_whoever_the_corpus_calls_russia_s_president():
    found = _quotes(
        [
            ("a", "Vladimir Putin", "Russian President Vladimir Putin", "Russian President", 0.0),
            ("a", "Donald Trump", "U.S. President Donald Trump", "U.S. President", 0.0),
            ("a", "Chuck Schumer", "Senate Minority Leader Chuck Schumer", "Senate Minority Leader", 0.0),
            ("b", "Russian leader", "The Russian leader", None, 0.0),
            ("b", "Donald Trump", "Trump", None, 0.0),
        ]
    )
    named, _ = speakers(found)
    assert named["speaker"].tolist()[3] == "Vladimir Putin"


@pytest.mark.parametrize("name", ["United States", "United Kingdom", "They'll", "Senate Square", "Contradicting Trump"])
def test_places_pronouns_and_participles_are_no_people(name):
    from data_pipeline.quotes.phrases import is_person

    assert not is_person(name)


def test_a_bare_role_no_one_holds_names_nobody():
    # `the president` in a corpus of two presidents quoted alike: like a pronoun, no speaker (mention kept)
    found = _quotes(
        [
            ("a", "Donald Trump", "President Donald Trump", "President", 0.0),
            ("b", "Barack Obama", "President Barack Obama", "President", 0.0),
            ("c", "president", "the president", None, 0.0),
        ]
    )
    named, table = speakers(found)
    assert named["speaker"].isna().tolist() == [False, False, True]
    assert named["speaker_mention"].tolist()[2] == "the president"
    assert "president" not in set(table["speaker"])


def test_a_she_resolved_to_a_man_the_corpus_calls_he_names_nobody():
    # Helsinki: `she` resolved to Donald Trump 9 times against 399 `he`: those `she` are wrong people
    rows = [("a", "Donald Trump", "he", None, 0.0)] * 12 + [("b", "Donald Trump", "she", None, 0.0)]
    rows += [("c", "Kim Wyman", "she", None, 0.0)] * 3
    named, _ = speakers(_quotes(rows))
    assert named["speaker"].isna().tolist() == [False] * 12 + [True] + [False] * 3
