"""Charts stay readable with many outlets (issue 17, "Readable at real sizes"): the largest outlets
named, the rest one grey "other outlets", no colour shared by two named outlets, every bar of the
originality chart labelled, and a control for how many outlets are named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data
from data_pipeline import Corpus, schema

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
N_OUTLETS = 50


def _articles(n_outlets: int = N_OUTLETS) -> pd.DataFrame:
    rows = []
    for outlet in range(n_outlets):
        for copy in range(1 + (n_outlets - outlet) // 10):  # outlet 0 has the most articles
            rows.append({"article_id": f"o{outlet}-{copy}", "source": f"outlet{outlet:02d}.com", "title": "t",
                         "published": pd.Timestamp("2022-01-10") + pd.Timedelta(days=copy % 3),
                         "originality": (outlet % 10) / 10, "polarity": 0.0, "content_hash": f"o{outlet}-{copy}"})
    return schema.conform(pd.DataFrame(rows), schema.ARTICLES)


ARTICLES = _articles()


def _outlet_traces(figure) -> list[str]:
    return [trace.name for trace in figure.data]


@pytest.mark.parametrize("top", [5, charts.TOP_OUTLETS])
def test_coverage_names_the_largest_outlets_and_groups_the_rest(top):
    figure = charts.coverage_over_time(ARTICLES, top=top)
    names = _outlet_traces(figure)
    assert names[:top] == charts.ranked_outlets(ARTICLES)[:top]
    assert names[top:] == [charts.other_outlets(N_OUTLETS - top)]
    colours = [trace.marker.color for trace in figure.data]
    assert len(set(colours)) == len(colours)  # no colour reused among the outlets shown
    assert sum(sum(trace.y) for trace in figure.data) == len(ARTICLES)  # nothing lost in "other"


def test_colours_are_distinct_even_when_the_palette_is_shorter_than_the_outlets():
    many = _articles(120)
    figure = charts.coverage_over_time(many, colours=charts.outlet_colours(many), top=30)
    colours = [trace.marker.color for trace in figure.data]
    assert len(set(colours)) == len(colours) == 31


def test_originality_is_sorted_and_every_bar_labelled():
    figure = charts.originality_by_outlet(ARTICLES)
    (trace,) = figure.data if len(figure.data) == 1 else (None,)
    bars = [(y, x) for t in figure.data for y, x in zip(t.y, t.x, strict=True)]
    assert len(bars) == charts.TOP_OUTLETS + 1
    assert all(t.texttemplate for t in figure.data)  # a percentage on every bar
    assert charts.other_outlets(N_OUTLETS - charts.TOP_OUTLETS) in {y for y, _ in bars}


def test_the_overview_has_a_control_for_the_outlets_named():
    corpus = Corpus(**{**Corpus.empty().tables(), "articles": ARTICLES})
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[data.UPLOADED] = corpus
    at.session_state[data.UPLOADED_NAME] = "many outlets"
    at.run()
    assert not at.exception
    slider = at.slider(key="outlets-shown-overview")
    assert slider.value == charts.TOP_OUTLETS
    coverage = [chart for chart in at.main.get("plotly_chart")][0]
    assert f"other outlets ({N_OUTLETS - charts.TOP_OUTLETS})" in str(coverage.proto.spec)
    slider.set_value(5).run()
    coverage = [chart for chart in at.main.get("plotly_chart")][0]
    assert f"other outlets ({N_OUTLETS - 5})" in str(coverage.proto.spec)
