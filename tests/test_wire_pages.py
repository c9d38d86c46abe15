"""Wire flow, Story versions and Outlets compared: the chart builders on the seeds and on many
outlets, and the pages through AppTest (the app file by its absolute path)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, filters, wire_charts
from data_pipeline import Corpus, provenance, schema

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["wire_flow", "story_versions", "outlets"]
TIMEOUT = 60
AFP_11_JANUARY = ("002_dc5f41c9ccbb3143.txt", "003_8a553b9692560df8.txt")


def _app(corpus: Corpus) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[data.UPLOADED] = corpus
    at.session_state[data.UPLOADED_NAME] = "test corpus"
    return at.run()


def _on(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"views/{page}.py").run()


# --- builders --------------------------------------------------------------------------------


def test_every_wire_chart_draws_on_the_seeds(seeds_corpus):
    figures = wire_charts.all_figures(seeds_corpus)
    assert set(figures) == {"wire_flow", "wire_over_time", "story_versions", "outlet_sources", "outlet_edits"}
    assert all(figure is not None for figure in figures.values()), [k for k, v in figures.items() if v is None]


def test_wire_flow_goes_from_afp_to_the_outlets_that_ran_it(seeds_corpus):
    table = wire_charts.flow_table(seeds_corpus.provenance, seeds_corpus.articles)
    afp = table[table["source"] == "AFP" + wire_charts.WIRE_SUFFIX]
    assert {"GulfToday", "SpaceWar.com"} <= set(afp["outlet"])
    assert "TNS" + wire_charts.WIRE_SUFFIX not in set(table["source"])  # the Tribune story shares nothing
    sankey = wire_charts.wire_flow(seeds_corpus.provenance, seeds_corpus.articles).data[0]
    assert sum(sankey.link.value) == table["sentences"].sum()


def test_story_grid_shows_gulftoday_cuts_and_additions(seeds_corpus, seed_articles):
    gulf, fullest = (seed_articles.loc[name, "article_id"] for name in AFP_11_JANUARY)
    story = seeds_corpus.provenance.set_index("article_id").loc[gulf, "story_id"]
    grid = wire_charts.story_grid(seeds_corpus.edits, seeds_corpus.articles, story).data[0]
    columns = list(grid.x)
    assert len(columns) == 2 and columns[0].startswith("(unknown outlet)")  # the fullest (keeps all) first
    gulf_column = [row[columns.index(next(c for c in columns if c.startswith("GulfToday")))] for row in grid.z]
    codes = wire_charts.STATUS_CODES
    assert gulf_column.count(codes[provenance.CUT]) >= 15 and gulf_column.count(codes[provenance.KEPT]) >= 5
    assert gulf_column[-1] == codes[provenance.ADDED]  # GulfToday added paragraphs of its own
    side = wire_charts.side_by_side(seeds_corpus.edits, story, gulf)
    assert (side["Status"] == provenance.ADDED).sum() == 3
    assert side["This version"].str.contains("Meanwhile, Russia is set to lay out").any()
    assert fullest in set(seeds_corpus.edits["article_id"])


def test_story_grid_has_a_categorical_legend_not_a_colour_bar(seeds_corpus):
    story = seeds_corpus.stories["story_id"].iloc[0]
    figure = wire_charts.story_grid(seeds_corpus.edits, seeds_corpus.articles, story)
    heatmap = figure.data[0]
    assert heatmap.showscale is False  # kept / edited / cut / added are categories, not a scale
    legend = {trace.name: trace.marker.color for trace in figure.data[1:] if trace.showlegend}
    assert legend == {status: wire_charts.STATUS_COLOURS[status] for status in provenance.EDIT_STATUSES}
    # each status code is drawn in its own colour, flat (no blend between two statuses)
    scale = dict(heatmap.colorscale)
    for status, code in wire_charts.STATUS_CODES.items():
        position = (code + 0.5) / len(wire_charts.STATUS_CODES)
        below = max(edge for edge in scale if edge <= position)
        assert scale[below] == wire_charts.STATUS_COLOURS[status]


def _many_outlets(n: int = 60) -> Corpus:
    """``n`` outlets each running one version of one wire story (and an outlet named with markup)."""
    names = [f"outlet {i:02d}" for i in range(n - 1)] + ["<b>Bold</b> News"]
    articles = pd.DataFrame(
        {"article_id": [f"a{i:02d}" for i in range(n)], "source": names, "title": "t", "polarity": 0.0,
         "originality": 0.5, "n_sentences": 10, "published": pd.NaT}
    )  # fmt: skip
    sources = pd.DataFrame(
        {"article_id": articles["article_id"], "source_kind": provenance.CREDITED, "source": "AP",
         "copied_sentences": 5, "shared_reporting": 5, "story_id": "a00"}
    )  # fmt: skip
    edits = pd.DataFrame(
        {"story_id": "a00", "article_id": articles["article_id"].repeat(2).to_numpy(), "paragraph": [0, 1] * n,
         "status": [provenance.KEPT, provenance.CUT] * n, "text": "p"}
    )  # fmt: skip
    tables = {name: schema.empty(name) for name in schema.TABLES}
    tables.update(
        articles=schema.conform(articles, schema.ARTICLES),
        provenance=schema.conform(sources, schema.PROVENANCE),
        edits=schema.conform(edits, schema.EDITS),
    )
    return Corpus(**tables)


def test_charts_stay_readable_with_many_outlets_and_escape_names():
    corpus = _many_outlets()
    sankey = wire_charts.wire_flow(corpus.provenance, corpus.articles, top_outlets=25).data[0]
    labels = list(sankey.node.label)
    assert len(labels) == 1 + 25 + 1  # AP, 25 outlets, other outlets
    assert wire_charts.OTHER_OUTLETS in labels
    bars = wire_charts.outlet_sources(corpus.provenance, corpus.articles, top_outlets=25)
    assert len(bars.data[0].y) == 26
    edits = wire_charts.outlet_edits(corpus.edits, corpus.articles, top_outlets=10)
    assert len(edits.data[0].y) == 11
    every_label = labels + [y for trace in bars.data for y in trace.y] + [y for trace in edits.data for y in trace.y]
    assert not any("<b>" in str(label) for label in every_label)  # markup shown as typed, never drawn


def test_outlet_comparison_table(seeds_corpus):
    table = wire_charts.outlet_comparison(seeds_corpus).set_index("Outlet")
    assert table.loc["GulfToday", "Main source"] == "AFP"
    assert table.loc["Tribune", "Wire copy"] == 0
    assert table.loc["GulfToday", "Paragraphs cut"] > 0.5  # it ran 8 of the story's 30 paragraphs
    assert table["Articles"].sum() == len(seeds_corpus.articles)


def test_an_outlet_is_not_its_own_main_source(seeds_corpus):
    """Two pages of one outlet sharing copy: the other page is not the outlet's source."""
    outlet = seeds_corpus.articles.set_index("article_id")["source"]
    own = seeds_corpus.provenance.assign(source=seeds_corpus.provenance["article_id"].map(outlet).astype("string"))
    table = wire_charts.outlet_comparison(replace(seeds_corpus, provenance=own)).set_index("Outlet")
    assert table["Main source"].isna().all()
    earlier = own.assign(source_kind=pd.array([provenance.EARLIER] * len(own), dtype="string"))
    names = {trace.name for trace in wire_charts.outlet_sources(earlier, seeds_corpus.articles).data}
    assert wire_charts.SAME_OUTLET in names  # nor a source of its own in the chart
    assert not names & set(earlier["source"].dropna()) and "" not in names
    assert wire_charts.outlet_comparison(seeds_corpus).set_index("Outlet").loc["GulfToday", "Main source"] == "AFP"


def test_empty_tables_draw_nothing():
    corpus = Corpus.empty()
    assert all(figure is None for figure in wire_charts.all_figures(corpus).values())


# --- pages -----------------------------------------------------------------------------------


def test_wire_pages_render_on_the_seeds(seeds_corpus):
    at = _app(seeds_corpus)
    for page in PAGES:
        at = _on(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert at.main.get("plotly_chart"), f"{page} shows no chart on the seeds"


def test_story_versions_page_goes_through_to_the_side_by_side(seeds_corpus, seed_articles):
    at = _on(_app(seeds_corpus), "story_versions")
    gulf = seed_articles.loc[AFP_11_JANUARY[0], "article_id"]
    story = seeds_corpus.provenance.set_index("article_id").loc[gulf, "story_id"]
    at.selectbox(key="story-pick").set_value(story).run()
    at.selectbox(key="story-version").set_value(gulf).run()
    assert not at.exception
    side = at.main.dataframe[0].value
    assert (side["Status"] == provenance.ADDED).sum() == 3


@pytest.mark.parametrize("page", PAGES)
def test_wire_pages_on_an_empty_corpus_and_a_filter(seeds_corpus, page):
    at = _on(_app(Corpus.empty()), page)
    assert not at.exception and at.main.children
    at = _on(_app(seeds_corpus), page)
    at.sidebar.multiselect(key=filters.OUTLETS).set_value(["Tribune"]).run()
    assert not at.exception, [e.value for e in at.exception]


def test_wire_over_time_gives_each_source_its_own_colour():
    n = 14
    articles = pd.DataFrame({"article_id": [f"a{i:02d}" for i in range(n)], "source": [f"Outlet {i:02d}" for i in range(n)],
                             "published": pd.to_datetime(["2022-01-10"] * n)})  # fmt: skip
    provenance_table = pd.DataFrame(
        {"article_id": articles["article_id"], "source_kind": provenance.CREDITED,
         "source": [f"Wire {i:02d}" for i in range(n)], "copied_sentences": range(1, n + 1), "shared_reporting": 0}
    )  # fmt: skip
    figure = wire_charts.wire_over_time(provenance_table, articles)
    colours = {trace.name: trace.marker.color for trace in figure.data}
    named = [name for name in colours if name != wire_charts.OTHER_SOURCES]
    assert len(named) == wire_charts.TOP_SOURCES and len({colours[name] for name in named}) == len(named)
    assert named[0] == "Wire 13" + wire_charts.WIRE_SUFFIX  # the largest first, at the bottom of the stack


def test_versions_are_named_by_outlet_and_numbered_by_publication_never_by_id():
    ids = ["v1", "v2", "v3", "v4"]
    edits = pd.DataFrame({"story_id": "s", "article_id": ["v1", "v3", "v2", "v4"]})  # not in publication order
    articles = pd.DataFrame(
        {"article_id": ids, "source": ["Alpha", "Beta", "Beta", "Beta"],
         "published": pd.to_datetime(["2022-01-10 08:00", "2022-01-10 09:00", "2022-01-10 11:30", "2022-01-10 11:30"])}
    )  # fmt: skip
    labels = wire_charts.version_labels(edits, articles, "s")
    assert labels.to_dict() == {"v1": "Alpha", "v3": "Beta #2", "v2": "Beta #1", "v4": "Beta #3"}  # same time: by id
