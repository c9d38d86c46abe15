"""Chart builders: every chart on the seeds, on a hand-made corpus of the contract's columns, on
an empty and a one-article corpus (builders return None there; the pages show a sentence)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, safe_text
from data_pipeline import Corpus, schema

BUILDERS = list(charts.all_figures(Corpus.empty()))
PAIRWISE = {"share_matrix", "outlet_network"}  # need two articles (of two outlets)
QUOTE_CHARTS = {"quotes_by_speaker", "speaker_outlet_matrix", "quote_kinds", "tone_by_speaker"}
TIME_CHARTS = {"coverage_over_time", "timeline", "tone_over_time"}


def _corpus(**tables) -> Corpus:
    built = {name: schema.conform(pd.DataFrame(tables.get(name, [])), name) for name in schema.TABLES}
    return Corpus(**built)


def _article(article_id, source, published, polarity=0.1, originality=0.5, title=None, wire="AFP"):
    return {
        "article_id": article_id, "source": source, "title": title or f"Title {article_id}", "wire": wire,
        "published": published, "polarity": polarity, "originality": originality, "content_hash": article_id,
    }


def _sentence(article_id, position, text, polarity=0.0, cluster=None):
    return {"sentence_id": f"{article_id}-{position}", "article_id": article_id, "position": position,
            "text": text, "polarity": polarity, "cluster_id": cluster or f"{article_id}-{position}"}


def _quote(quote_id, article_id, speaker, text, kind="full", cluster=None, polarity=0.0):
    return {"quote_id": quote_id, "article_id": article_id, "sentence_id": f"{article_id}-0", "text": text,
            "kind": kind, "speaker": speaker, "cue": "said", "polarity": polarity, "quote_cluster": cluster}


ARTICLES = [
    _article("a1", "Alpha Times", "2022-01-10", polarity=0.2, originality=0.2),
    _article("a2", "Beta Post", "2022-01-10", polarity=-0.3, originality=0.6),
    _article("a3", "Beta Post", "2022-01-12", polarity=0.0, originality=1.0),
    _article("a4", None, None, polarity=0.0, originality=1.0, wire=None),
]
SENTENCES = [
    _sentence("a1", 0, "NATO met on Monday.", 0.0, cluster="k0"),
    _sentence("a1", 1, "Talks were a great success.", 0.8, cluster="k1"),
    _sentence("a1", 2, "Alpha's own closing line.", 0.0),
    _sentence("a2", 0, "NATO met on Monday.", 0.0, cluster="k0"),
    _sentence("a2", 1, "Talks were a great success, officials said.", 0.8, cluster="k1"),
    _sentence("a2", 2, "The threat is terrible.", -0.9),
    _sentence("a3", 0, "Beta's analysis.", 0.1),
    _sentence("a4", 0, "Nothing shared here.", 0.0),
]
LINKS = [
    {"sentence_a": "a1-0", "sentence_b": "a2-0", "similarity": 1.0, "match": "exact"},
    {"sentence_a": "a2-1", "sentence_b": "a1-1", "similarity": 0.93, "match": "near"},
]
OVERLAP = [
    {"article_a": "a1", "article_b": "a2", "shared_sentences": 2, "share_a": 2 / 3, "share_b": 2 / 3},
    {"article_a": "a2", "article_b": "a1", "shared_sentences": 2, "share_a": 2 / 3, "share_b": 2 / 3},
]
QUOTES = [
    _quote("q1", "a1", "Jens Stoltenberg", "We are ready for talks", cluster="c1", polarity=0.2),
    _quote("q2", "a2", "Jens Stoltenberg", "We are ready for more talks", cluster="c1", polarity=0.5),
    _quote("q3", "a2", "Wendy Sherman", "Russia must de-escalate", kind="indirect", cluster="c2", polarity=-0.1),
    _quote("q4", "a3", None, "no comment", kind="partial", cluster="c3"),
]
EVENTS = [
    {"event_id": "e1", "article_id": "a1", "sentence_id": "a1-0", "expression": "on Monday",
     "date": "2022-01-10", "granularity": "day", "text": "NATO met on Monday."},
    {"event_id": "e2", "article_id": "a2", "sentence_id": "a2-0", "expression": "on Monday",
     "date": "2022-01-10", "granularity": "day", "text": "NATO met on Monday."},
    {"event_id": "e3", "article_id": "a3", "sentence_id": "a3-0", "expression": "last year",
     "date": None, "granularity": "year", "text": "Beta's analysis."},
]
HAND = _corpus(articles=ARTICLES, sentences=SENTENCES, links=LINKS, overlap=OVERLAP, quotes=QUOTES, events=EVENTS)


def _one_article(corpus: Corpus) -> Corpus:
    keep = corpus.articles["article_id"].iloc[:1]
    tables = {}
    for name, table in corpus.tables().items():
        if "article_id" in table.columns:
            table = table[table["article_id"].isin(keep)]
        elif name == "overlap":
            table = table.iloc[0:0]
        tables[name] = table.reset_index(drop=True)
    return Corpus(**tables)


@pytest.fixture(scope="module")
def seed_figures(seeds_corpus):
    return charts.all_figures(seeds_corpus)


@pytest.fixture(scope="module")
def hand_figures():
    return charts.all_figures(HAND)


def _drawn(figure: go.Figure) -> int:
    """Data points drawn across the figure's traces (a chart with none would be an empty axis)."""
    total = 0
    for trace in figure.data:
        values = trace.z if getattr(trace, "z", None) is not None else trace.x
        total += 0 if values is None else len(values)
    return total


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_draws_the_seeds(seeds_corpus, seed_figures, name):
    # The seeds have quotes, publication dates and events: every chart must draw them.
    assert not seeds_corpus.quotes.empty and seeds_corpus.articles["published"].notna().all()
    figure = seed_figures[name]
    assert isinstance(figure, go.Figure)
    assert _drawn(figure) > 0
    assert figure.layout.title.text


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_draws_the_hand_made_corpus_with_title_and_axis_labels(hand_figures, name):
    figure = hand_figures[name]
    assert isinstance(figure, go.Figure)
    assert _drawn(figure) > 0
    assert figure.layout.title.text
    if name != "outlet_network":  # a network has no axes to label
        assert figure.layout.xaxis.title.text or figure.layout.yaxis.title.text


def test_an_empty_corpus_gives_no_chart():
    assert charts.all_figures(Corpus.empty()) == dict.fromkeys(BUILDERS)


def test_one_article_gives_every_chart_but_the_pairwise_ones():
    figures = charts.all_figures(_one_article(HAND))
    assert {name for name, figure in figures.items() if figure is None} == PAIRWISE


@pytest.mark.parametrize("name", sorted(TIME_CHARTS))
def test_time_axes_are_dates(hand_figures, name):
    assert hand_figures[name].layout.xaxis.type == "date"


def test_no_dates_gives_no_time_chart():
    undated = _corpus(
        articles=[a | {"published": None} for a in ARTICLES],
        events=[e | {"date": None} for e in EVENTS],
        sentences=SENTENCES,
    )
    figures = charts.all_figures(undated)
    assert {name for name in TIME_CHARTS if figures[name] is None} == TIME_CHARTS


def test_one_colour_per_outlet_in_every_chart():
    colours = charts.outlet_colours(HAND.articles)
    assert len(set(colours.values())) == len(colours) == 3  # Alpha Times, Beta Post, (unknown outlet)
    seen = {}
    for name, figure in charts.all_figures(HAND, colours).items():
        for trace in figure.data:
            outlet = (trace.name or "").removesuffix(" (published)")
            if outlet in colours and getattr(trace, "marker", None) is not None and isinstance(trace.marker.color, str):
                seen.setdefault(outlet, set()).add(trace.marker.color)
                assert trace.marker.color == colours[outlet], (name, outlet)
    assert set(seen) == set(colours)


def test_colours_do_not_change_when_a_filter_drops_an_outlet():
    whole = charts.outlet_colours(HAND.articles)
    beta_only = HAND.articles[HAND.articles["source"] == "Beta Post"]
    figure = charts.originality_by_outlet(beta_only, whole)
    assert [trace.marker.color for trace in figure.data] == [whole["Beta Post"]]


@pytest.mark.parametrize(
    "granularity, expected",
    [
        ("day", {("2022-01-10", "Alpha Times"): 1, ("2022-01-10", "Beta Post"): 1, ("2022-01-12", "Beta Post"): 1}),
        ("month", {("2022-01-01", "Alpha Times"): 1, ("2022-01-01", "Beta Post"): 2}),
    ],
)
def test_coverage_counts_dated_articles_per_period_and_outlet(granularity, expected):
    table = charts.coverage(HAND.articles, granularity)
    got = {(str(row.period.date()), row.outlet): row.articles for row in table.itertuples()}
    assert got == expected  # the undated, unknown-outlet article is left out


@pytest.mark.parametrize(
    "article_a, article_b, expected_a, expected_b",
    [
        ("a1", "a2", [charts.SHARED, charts.NEAR, charts.OWN], [charts.SHARED, charts.NEAR, charts.OWN]),
        ("a1", "a3", [charts.OWN, charts.OWN, charts.OWN], [charts.OWN]),  # no cluster in common
    ],
)
def test_side_by_side_marks_shared_near_and_own(article_a, article_b, expected_a, expected_b):
    left, right = charts.side_by_side(HAND.sentences, article_a, article_b)
    assert left["status"].tolist() == expected_a
    assert right["status"].tolist() == expected_b
    assert left["position"].tolist() == sorted(left["position"].tolist())


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["q4", "q1", "q2", "q3"]),
        ("stoltenberg", ["q1", "q2"]),
        ("DE-ESCALATE", ["q3"]),
        ("beta post", ["q4", "q2", "q3"]),
        ("<script>", []),
        ("nobody said this", []),
    ],
)
def test_search_quotes(query, expected):
    table = charts.quotes_table(HAND.quotes, HAND.articles)
    assert sorted(charts.search_quotes(table, query)["quote_id"]) == sorted(expected)


@pytest.mark.parametrize(
    "quote_id, expected",
    [
        ("q1", {"q1": "identical", "q2": "+more"}),
        ("q2", {"q2": "identical", "q1": "−more"}),
        ("q3", {"q3": "identical"}),
        ("missing", {}),
    ],
)
def test_quote_variants_list_every_outlet_and_the_wording_changes(quote_id, expected):
    variants = charts.quote_variants(HAND.quotes, HAND.articles, quote_id)
    assert dict(zip(variants["quote_id"], variants["differences"], strict=True)) == expected


def test_unknown_speaker_and_outlet_are_named_not_dropped():
    counts = charts.speaker_outlet_counts(HAND.quotes, HAND.articles)
    assert counts["quotes"].sum() == len(QUOTES)
    assert charts.UNKNOWN_SPEAKER in set(counts["speaker"])
    assert charts.UNKNOWN_OUTLET in set(charts.outlet_table(HAND.articles)["outlet"])


def test_outlet_shares_are_read_from_the_clusters_and_skip_same_outlet_pairs():
    shares = charts.outlet_shares(HAND.sentences, HAND.articles)
    # Alpha: 3 sentences, 2 of them (k0, k1) in Beta; Beta: 4 sentences (a2, a3), the same 2 in Alpha
    assert shares.to_dict("records") == [
        {"outlet": "Alpha Times", "other": "Beta Post", "sentences": 2, "share": pytest.approx(2 / 3)},
        {"outlet": "Beta Post", "other": "Alpha Times", "sentences": 2, "share": pytest.approx(0.5)},
    ]
    same_outlet = HAND.sentences.assign(cluster_id=HAND.sentences["cluster_id"].replace({"a3-0": "k0"}))
    assert len(charts.outlet_shares(same_outlet, HAND.articles)) == 2  # a2 and a3 share k0: one outlet, no pair


def test_share_matrix_reads_row_share_and_blanks_the_diagonal():
    matrix = charts.share_matrix_table(HAND.sentences, HAND.articles)
    assert matrix.loc["Alpha Times", "Beta Post"] == pytest.approx(2 / 3)
    assert matrix.loc["Beta Post", "Alpha Times"] == pytest.approx(0.5)
    assert pd.isna(matrix.loc["Alpha Times", "Alpha Times"])
    assert list(matrix.index) == ["Alpha Times", "Beta Post"]  # (unknown outlet) shares nothing: not shown


def _many_outlets(n: int) -> Corpus:
    """``n`` outlets, outlet i carrying clusters 0..i: the last two share the most (the last one's
    last line is its own), then the others in order."""
    articles = [_article(f"m{i}", f"Outlet {i:02d}", "2022-01-10") for i in range(n)]
    sentences = [_sentence(f"m{i}", k, f"Line {k}.", cluster=f"k{k}") for i in range(n) for k in range(i + 1)]
    return _corpus(articles=articles, sentences=sentences)


def test_the_matrix_and_network_show_the_outlets_sharing_most_and_say_so():
    many = _many_outlets(20)
    assert charts.sharing_outlets(many.sentences, many.articles)[:3] == ["Outlet 18", "Outlet 19", "Outlet 17"]
    matrix = charts.share_matrix_table(many.sentences, many.articles, top=5)
    assert list(matrix.index) == ["Outlet 18", "Outlet 19", "Outlet 17", "Outlet 16", "Outlet 15"]
    figure = charts.share_matrix(many.sentences, many.articles, top=5)
    assert "the 5 outlets sharing the most, of 20" in figure.layout.title.text  # Outlet 00's one line is shared too
    network = charts.outlet_network(many.sentences, many.articles, top=8)
    assert "the 8 sharing the most, of 20" in network.layout.title.text
    named = [trace.name for trace in network.data if trace.mode == "markers+text"]
    assert named == charts.sharing_outlets(many.sentences, many.articles)[:8]
    lines = [trace for trace in network.data if trace.mode == "lines"]
    assert len(lines) <= len(charts.LINK_WIDTHS)  # a few traces, not one per link
    drawn = sum(len(trace.x) // 3 for trace in lines)
    assert drawn <= 8 * charts.LINKS_PER_OUTLET < 8 * 7 / 2  # each outlet's strongest links, not all 28


def test_no_heatmap_makes_zero_its_darkest_colour(hand_figures):
    import plotly.colors

    for name in ("share_matrix", "speaker_outlet_matrix"):
        scale = hand_figures[name].layout.coloraxis.colorscale
        colours = [plotly.colors.unlabel_rgb(plotly.colors.convert_colors_to_same_type(c)[0][0]) for _, c in scale]
        lightness = [sum(colour) for colour in colours]
        assert lightness[0] == max(lightness), f"{name}: zero is not the lightest colour of {scale}"


def test_article_labels_are_unique_even_for_identical_titles():
    twins = schema.conform(pd.DataFrame([_article("x1", "Same", None, title="Same"), _article("x2", "Same", None, title="Same")]),
                           schema.ARTICLES)
    assert charts.article_labels(twins).is_unique


@pytest.mark.parametrize(
    "positive, expected",
    [(True, [("Talks were a great success.", "NATO met on Monday.", "Alpha's own closing line.")]),
     (False, [("The threat is terrible.", "Talks were a great success, officials said.", None)])],
)
def test_extreme_sentences_come_with_their_context(positive, expected):
    table = charts.extreme_sentences(HAND.sentences, HAND.articles, n=1, positive=positive)
    got = [(r.text, r.before, None if pd.isna(r.after) else r.after) for r in table.itertuples()]
    assert got == expected


def test_extreme_sentences_of_a_neutral_corpus_are_empty():
    neutral = HAND.sentences.assign(polarity=0.0)
    assert charts.extreme_sentences(neutral, HAND.articles, positive=True).empty
    assert charts.extreme_sentences(neutral, HAND.articles, positive=False).empty


def test_summary_counts_and_span():
    summary = charts.summary(HAND)
    assert summary["Articles"] == 4 and summary["Outlets"] == 3 and summary["Wires"] == 1
    assert summary["Quotes"] == 4 and summary["Speakers"] == 2
    assert summary["Published"] == "10–12 Jan 2022"
    assert charts.summary(Corpus.empty())["Published"] is None


@pytest.mark.parametrize(
    "first, last, expected",
    [
        ("2022-01-07", "2022-01-07", "7 Jan 2022"),
        ("2022-01-07", "2022-01-12", "7–12 Jan 2022"),
        ("2022-01-30", "2022-02-02", "30 Jan – 2 Feb 2022"),
        ("2021-12-30", "2022-01-02", "30 Dec 2021 – 2 Jan 2022"),
    ],
)
def test_date_span(first, last, expected):
    assert charts._span(pd.Timestamp(first), pd.Timestamp(last)) == expected


@pytest.mark.parametrize(
    "overlap, expected",
    [
        (OVERLAP, ("a1", "a2")),
        ([], None),
        ([o | {"shared_sentences": 0} for o in OVERLAP], None),
    ],
)
def test_most_shared_pair(overlap, expected):
    table = schema.conform(pd.DataFrame(overlap), schema.OVERLAP)
    assert charts.most_shared_pair(table, HAND.articles) == expected


def test_builders_do_not_change_their_inputs():
    before = {name: table.copy() for name, table in HAND.tables().items()}
    charts.all_figures(HAND)
    charts.side_by_side(HAND.sentences, "a1", "a2")
    charts.quote_variants(HAND.quotes, HAND.articles, "q1")
    for name, table in HAND.tables().items():
        pd.testing.assert_frame_equal(table, before[name])


def test_user_text_reaches_the_figure_as_data_only():
    hostile = '<img src=x onerror="alert(1)">'
    corpus = _corpus(
        articles=[_article("h1", hostile, "2022-01-10", title=hostile)],
        sentences=[_sentence("h1", 0, hostile, 0.5)],
    )
    figure = charts.tone_by_outlet(corpus.sentences, corpus.articles)
    assert hostile not in figure.layout.title.text  # titles are ours; the text is only in the data
    drawn = {str(x) for trace in figure.data for x in trace.x}
    assert safe_text.plain(hostile) in drawn and hostile not in drawn  # escaped: plotly shows it as typed


@pytest.mark.parametrize(
    "polarity, expected_tone",
    [(0.5, "positive"), (0.01, "neutral"), (0.0, "neutral"), (-0.04, "neutral"), (-0.6, "negative")],
)
def test_tone_by_speaker_colours_by_sign(polarity, expected_tone):
    quotes = schema.conform(pd.DataFrame([_quote("q", "a1", "Speaker", "words", polarity=polarity)]), schema.QUOTES)
    figure = charts.tone_by_speaker(quotes)
    assert [trace.name for trace in figure.data] == [expected_tone]
    assert figure.data[0].marker.color == charts.TONE_COLOURS[expected_tone]
    assert figure.layout.legend.title.text == "Tone"


@pytest.mark.parametrize(
    "positive, expected",
    [
        (True, [("q2", "NATO met on Monday."), ("q1", "NATO met on Monday.")]),  # q4 (polarity 0) is neither
        (False, [("q3", "NATO met on Monday.")]),
    ],
)
def test_extreme_quotes_come_with_their_sentence(positive, expected):
    table = charts.extreme_quotes(HAND.quotes, HAND.articles, HAND.sentences, positive=positive)
    assert list(zip(table["quote_id"], table["sentence"], strict=True)) == expected


def test_tone_by_outlet_summarises_large_corpora_without_shipping_every_sentence():
    many = pd.concat(
        [HAND.sentences.assign(sentence_id=HAND.sentences["sentence_id"] + f"-{i}") for i in range(charts.BOX_POINTS)],
        ignore_index=True,
    )
    figure = charts.tone_by_outlet(many, HAND.articles)
    assert all(trace.type == "box" and trace.y is None for trace in figure.data)
    medians = {trace.name: trace.median[0] for trace in figure.data}
    assert medians == pytest.approx({"Alpha Times": 0.0, "Beta Post": 0.05, "(unknown outlet)": 0.0})  # Beta: 0, .8, -.9, .1
    assert {trace.name: trace.lowerfence[0] for trace in figure.data}["Beta Post"] == -0.9


def test_article_labels_fall_back_to_the_whole_id_when_prefixes_collide():
    twins = schema.conform(
        pd.DataFrame([_article("abcdef_1", "Same", None, title="Same"), _article("abcdef_2", "Same", None, title="Same")]),
        schema.ARTICLES,
    )
    assert charts.article_labels(twins).tolist() == ["Same · Same [abcdef_1]", "Same · Same [abcdef_2]"]


def test_figures_are_built_once_per_corpus_content_and_options(monkeypatch):
    from dashboard import widgets

    calls = []
    real = charts.quote_kinds
    monkeypatch.setattr(charts, "quote_kinds", lambda *args, **kwargs: calls.append(kwargs) or real(*args, **kwargs))
    widgets._figure.clear()
    first = widgets.figure(HAND, "quote_kinds", HAND.quotes, HAND.articles, colours={"Beta Post": "#000000"})
    again = widgets.figure(HAND, "quote_kinds", HAND.quotes, HAND.articles, colours={"Beta Post": "#000000"})
    assert len(calls) == 1  # a rerun: no rebuild
    assert [t.name for t in again.data] == [t.name for t in first.data]
    fewer_quotes = Corpus(**{**HAND.tables(), "quotes": HAND.quotes.iloc[:2]})  # e.g. a speaker filter
    widgets.figure(fewer_quotes, "quote_kinds", fewer_quotes.quotes, HAND.articles, colours={"Beta Post": "#000000"})
    widgets.figure(HAND, "quote_kinds", HAND.quotes, HAND.articles, colours={"Beta Post": "#111111"})
    assert len(calls) == 3  # other rows or other options: rebuilt


def test_side_by_side_reads_the_clusters_not_the_star_of_links():
    """Three articles carry one sentence; the links join each to the cluster's first article only
    (a star), so b and c have no link between them: they still share it (issue 17, wrong answer 3)."""
    sentences = pd.DataFrame(
        [_sentence(a, 0, "The same wire sentence.", cluster="w") for a in ("a", "b", "c")]
        + [_sentence(a, 1, f"{a}'s own line.") for a in ("a", "b", "c")]
    )
    left, right = charts.side_by_side(sentences, "b", "c")
    assert left["status"].tolist() == right["status"].tolist() == [charts.SHARED, charts.OWN]


def test_side_by_side_agrees_with_the_overlap_table_on_the_seeds(seeds_corpus):
    overlap = seeds_corpus.overlap[seeds_corpus.overlap["shared_sentences"] > 0]
    assert len(overlap)
    for pair in overlap.itertuples():
        left, right = charts.side_by_side(seeds_corpus.sentences, pair.article_a, pair.article_b)
        assert int((left["status"] != charts.OWN).sum()) == pair.shared_sentences, pair
        shared_b = overlap.loc[(overlap["article_a"] == pair.article_b) & (overlap["article_b"] == pair.article_a)]
        assert int((right["status"] != charts.OWN).sum()) == int(shared_b["shared_sentences"].iloc[0])


def test_the_speaker_outlet_matrix_names_the_outlets_quoting_most_and_groups_the_rest():
    quotes = pd.DataFrame(
        [_quote(f"q{i}-{k}", f"m{i}", "Jens Stoltenberg", "We are ready") for i in range(12) for k in range(i + 1)]
    )
    articles = pd.DataFrame([_article(f"m{i}", f"Outlet {i:02d}", "2022-01-10") for i in range(12)])
    corpus = _corpus(articles=articles, quotes=quotes)
    figure = charts.speaker_outlet_matrix(corpus.quotes, corpus.articles, outlets_shown=4)
    assert list(figure.data[0].x) == ["Outlet 11", "Outlet 10", "Outlet 09", "Outlet 08", "other outlets (8)"]
    assert list(figure.data[0].z[0]) == [12, 11, 10, 9, sum(range(1, 9))]
    assert "the 4 outlets quoting them most" in figure.layout.title.text
