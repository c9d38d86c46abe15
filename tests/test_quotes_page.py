"""The Quotes page counts people by default, with organisations and anonymous sources one click
away, and says how many quotes have no resolved speaker (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import charts, data
from data_pipeline import Corpus, schema

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TYPES = {"Jens Stoltenberg": "person", "Justice Department": "organisation", "senior European diplomat": "anonymous"}


def _corpus(seeds_corpus) -> Corpus:
    sentences = seeds_corpus.sentences.groupby("article_id").head(2)
    speakers = [*TYPES, None]  # the last: a pronoun left unresolved
    quotes = pd.DataFrame(
        {
            "quote_id": [f"q{n}" for n in range(len(sentences))],
            "article_id": sentences["article_id"].to_numpy(),
            "sentence_id": sentences["sentence_id"].to_numpy(),
            "text": sentences["text"].str.slice(0, 40).to_numpy(),
            "kind": "full",
            "speaker": [speakers[n % len(speakers)] for n in range(len(sentences))],
            "speaker_mention": [speakers[n % len(speakers)] or "he" for n in range(len(sentences))],
            "speaker_type": [TYPES.get(speakers[n % len(speakers)]) for n in range(len(sentences))],
            "cue": "said",
            "polarity": 0.1,
        }
    )
    return Corpus(**{**seeds_corpus.tables(), "quotes": schema.conform(quotes, schema.QUOTES)})


def _speakers_charted(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {value for trace in spec["data"] for value in trace.get("y", [])}


def test_quotes_of_type_keeps_only_that_type():
    quotes = pd.DataFrame({"speaker": ["A", "B", None], "speaker_type": ["person", "organisation", None]})
    assert charts.quotes_of_type(quotes, "person")["speaker"].tolist() == ["A"]
    assert len(charts.quotes_of_type(quotes, None)) == 3
    assert len(charts.quotes_of_type(quotes.drop(columns="speaker_type"), "person")) == 3


def test_the_quotes_page_counts_people_first_and_the_rest_one_click_away(seeds_corpus):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[data.UPLOADED] = _corpus(seeds_corpus)
    at.session_state[data.UPLOADED_NAME] = "test corpus"
    at = at.run().switch_page("views/quotes.py").run()
    assert not at.exception
    assert _speakers_charted(at) == {"Jens Stoltenberg"}
    assert any("have no resolved speaker" in caption.value for caption in at.caption)
    at.radio(key="quotes-speaker-type").set_value("Organisations").run()
    assert _speakers_charted(at) == {"Justice Department"}
    at.radio(key="quotes-speaker-type").set_value("All").run()
    assert _speakers_charted(at) == {*TYPES, charts.UNKNOWN_SPEAKER}
