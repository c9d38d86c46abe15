"""Tables for people (issue 17, "Readable at real sizes"): every page's tables have human
column names, no internal ids (the downloads keep them), shares as percentages and no
``None``/``NaN`` in text; ``tables.readable`` does it, ``widgets.table`` shows it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, tables

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["overview", "timeline", "quotes", "overlap", "sentiment", "articles", "wire_flow", "story_versions",
         "outlets", "your_corpus"]  # fmt: skip


@pytest.mark.parametrize(
    "frame, columns, formats",
    [
        (pd.DataFrame({"outlet": ["A"], "originality": [0.5], "polarity": [0.1], "article_id": ["x"]}),
         ["Outlet", "Originality", "Tone"], {"Originality": "percent", "Tone": "tone"}),
        (pd.DataFrame({"Outlet": ["A"], "Wire copy": [0.2], "quote_cluster": ["c"]}), ["Outlet", "Wire copy"],
         {"Wire copy": "percent"}),
        (pd.DataFrame({"path": ["a.txt"], "stage": ["ingest"], "problem": ["empty"]}), ["File", "Stage", "Problem"], {}),
    ],
)  # fmt: skip
def test_readable_names_formats_and_drops_ids(frame, columns, formats):
    shown, found = tables.readable(frame)
    assert list(shown.columns) == columns and found == formats


def test_missing_text_is_a_dash_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {"wire": pd.Series(["AP", None], dtype="string"), "title": [None, "T"], "n_sentences": pd.Series([3, None], dtype="Int64")}
    )
    shown, _ = tables.readable(frame)
    assert shown["Wire"].tolist() == ["AP", tables.MISSING] and shown["Title"].tolist() == [tables.MISSING, "T"]
    assert pd.api.types.is_integer_dtype(shown["Sentences"])


def test_every_pages_tables_are_for_people(seeds_corpus):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[data.UPLOADED] = seeds_corpus
    at.session_state[data.UPLOADED_NAME] = "test corpus"
    at.run()
    seen = 0
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        for element in at.main.dataframe:
            shown = element.value
            seen += 1
            ids = [column for column in shown.columns if column in tables.IDS]
            assert not ids, f"{page}: internal ids shown: {ids}"
            machine = [column for column in shown.columns if "_" in str(column) or str(column) in tables.LABELS]
            assert not machine, f"{page}: machine column names {machine}"
            for column in shown.columns:
                values = shown[column]
                if pd.api.types.is_string_dtype(values) or values.dtype == object:
                    assert not values.isna().any(), f"{page}: None/NaN shown in {column}"
    assert seen >= 10
