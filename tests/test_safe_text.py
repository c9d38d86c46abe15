"""Untrusted metadata never reaches plotly or Streamlit as markup (issue 19, item 5).

A corpus whose outlets, titles and speakers carry HTML and Markdown: every chart's strings hold
them only escaped (plotly draws ``&lt;`` as ``<``, so the reader sees what was typed), and the
Articles page's metrics hold them backslash-escaped for Markdown.
"""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data, reading, safe_text
from data_pipeline import Corpus, schema

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
LINK = '<a href="https://evil.example/x">Evil</a>'
MARKDOWN = "**bold** ![i](https://evil.example/i.png) $x^2$ :red[red] [d](data:text/html,x)"
STYLED = '<span style="color:red;font-size:60px">Red</span>'
TITLE = "<b>Bold</b> title<br>with a break"
SPEAKER = '<a href="https://evil.example/s">Speaker</a>'
RAW = [LINK, STYLED, "<b>Bold</b>", "<br>with", SPEAKER]  # plotly reads no Markdown: MARKDOWN may stay


def _corpus(**tables) -> Corpus:
    return Corpus(**{name: schema.conform(pd.DataFrame(tables.get(name, [])), name) for name in schema.TABLES})


def _article(article_id, source, published, title):
    return {"article_id": article_id, "source": source, "title": title, "wire": MARKDOWN, "published": published,
            "polarity": 0.1, "originality": 0.5, "content_hash": article_id, "path": f"{article_id}.txt",
            "body": "Text.", "n_sentences": 2}


def _sentence(article_id, position, text, cluster):
    return {"sentence_id": f"{article_id}-{position}", "article_id": article_id, "position": position, "text": text,
            "polarity": 0.2, "cluster_id": cluster, "n_articles": 2}


HOSTILE = _corpus(
    articles=[
        _article("a1", LINK, "2022-01-10", TITLE),
        _article("a2", MARKDOWN, "2022-01-11", TITLE),
        _article("a3", STYLED, "2022-01-11", "Plain title"),
    ],
    sentences=[_sentence(a, p, f"{STYLED} sentence {p}.", f"c{p}") for a in ("a1", "a2", "a3") for p in range(2)],
    links=[{"sentence_a": "a1-0", "sentence_b": "a2-0", "similarity": 1.0, "match": "exact"}],
    overlap=[{"article_a": a, "article_b": b, "shared_sentences": 2, "share_a": 1.0, "share_b": 1.0}
             for a in ("a1", "a2", "a3") for b in ("a1", "a2", "a3") if a != b],
    quotes=[{"quote_id": f"q{n}", "article_id": a, "sentence_id": f"{a}-0", "text": f"{LINK} quoted", "kind": "full",
             "speaker": SPEAKER, "cue": "said", "polarity": 0.3, "quote_cluster": "c"} for n, a in enumerate(["a1", "a2"])],
    events=[{"event_id": f"e{a}", "article_id": a, "sentence_id": f"{a}-0", "expression": f"{TITLE} Monday",
             "date": "2022-01-10", "granularity": "day", "text": f"{STYLED} met on Monday."} for a in ("a1", "a2")],
)


def _strings(value):
    """Every string inside a figure's dict (keys and values), recursively."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "tolist"):
        yield from _strings(value.tolist())


@functools.cache
def _figures():
    figures = dict(charts.all_figures(HOSTILE))
    figures["sentence_map"] = reading.sentence_map(reading.marked_sentences(HOSTILE, "a1"))
    return figures


@pytest.mark.parametrize("name", list(_figures()))
def test_no_chart_carries_user_markup_raw(name):
    figure = _figures()[name]
    assert figure is not None, f"{name} draws nothing on the hostile corpus"
    strings = list(_strings(figure.to_plotly_json()))
    raw = [(fragment, text) for text in strings for fragment in RAW if fragment in text]
    assert raw == [], f"{name} passes markup to plotly: {raw[:3]}"
    escaped = "\n".join(strings)
    assert "&lt;" in escaped, f"{name}: the user strings should reach the chart, escaped"


def test_escaped_text_reads_as_typed_once_plotly_decodes_it():
    """plotly decodes &amp; &lt; &gt; when drawing: escaping then decoding is the identity."""
    for text in [LINK, "AT&T", "a < b > c", "&lt; already", MARKDOWN]:
        escaped = safe_text.plain(text)
        assert "<" not in escaped and ">" not in escaped
        assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_escaping_a_figure_twice_changes_nothing():
    figure = charts.coverage_over_time(HOSTILE.articles)
    before = figure.to_json()
    assert safe_text.figure(figure).to_json() == before


@pytest.mark.parametrize("text", [MARKDOWN, LINK, "plain words", "AFP", "1,234", "", "back\\slash"])
def test_markdown_escape_leaves_no_punctuation_unescaped(text):
    escaped = safe_text.markdown(text)
    assert re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", escaped) == text  # reads as typed
    assert not re.search(r"(?<!\\)[" + re.escape(string.punctuation.replace("\\", "")) + "]",
                         re.sub(r"\\.", "", escaped))  # nothing Markdown could act on


def test_the_articles_page_metrics_are_escaped_for_markdown():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[data.UPLOADED] = HOSTILE
    at.session_state[data.UPLOADED_NAME] = "hostile"
    at.run()
    at = at.switch_page("views/articles.py").run()
    assert not at.exception
    chooser = at.selectbox(key="article_choice")
    chooser.set_value("a2").run()
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["Outlet"] == safe_text.markdown(MARKDOWN)
    assert metrics["Wire"] == safe_text.markdown(MARKDOWN)
    assert "![" not in metrics["Outlet"] and "**" not in metrics["Outlet"]


def test_a_sankeys_node_and_link_labels_are_escaped():
    import plotly.graph_objects as go

    figure = go.Figure(go.Sankey(node={"label": [LINK, STYLED]}, link={"source": [0], "target": [1], "value": [1], "label": [SPEAKER]}))
    strings = list(_strings(safe_text.figure(figure).to_plotly_json()))
    assert not [text for text in strings for fragment in RAW if fragment in text]
    assert safe_text.plain(LINK) in strings
