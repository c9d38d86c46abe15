"""The Streamlit app through AppTest: every page renders on the seeds, an empty and a one-article
corpus; the sidebar filters change what pages show, survive page switches and round-trip through
the URL; uploads are built per session with limits; the reader shows text as text.

The corpus a page shows is injected as this session's uploaded corpus (``data.UPLOADED``), the
same path an upload takes, so each test picks its corpus without building files on disk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data, filters, reading, widgets
from data_pipeline import SEEDS, Corpus, build_corpus, schema
from data_pipeline.corpus import is_built

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["overview", "timeline", "quotes", "overlap", "sentiment", "articles", "your_corpus"]
FILTERED_PAGES = [p for p in PAGES if p != "your_corpus"]  # Your corpus shows the whole upload
TIMEOUT = 60
SCRIPT = '<script>window.__wirewatch_pwned = 1</script> and <img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def one_article_corpus():
    return build_corpus([sorted(SEEDS.glob("*.txt"))[2]])


@pytest.fixture(scope="module")
def quoted_corpus(seeds_corpus):
    """The seeds with two speakers' quotes (whatever the quote extractor finds or not yet)."""
    sentences = seeds_corpus.sentences.groupby("article_id").head(1)
    speakers = ["Jens Stoltenberg", "Antony Blinken"]
    quotes = pd.DataFrame(
        {
            "quote_id": [f"q{n}" for n in range(len(sentences))],
            "article_id": sentences["article_id"].to_numpy(),
            "sentence_id": sentences["sentence_id"].to_numpy(),
            "text": sentences["text"].str.slice(0, 40).to_numpy(),
            "kind": "full",
            "speaker": [speakers[n % 2] for n in range(len(sentences))],
            "cue": "said",
            "polarity": 0.1,
        }
    )
    speaker_table = pd.DataFrame({"speaker": speakers, "n_quotes": [3, 2], "n_articles": [3, 2]})
    return Corpus(
        **{
            **seeds_corpus.tables(),
            "quotes": schema.conform(quotes, schema.QUOTES),
            "speakers": schema.conform(speaker_table, schema.SPEAKERS),
        }
    )


def _app(corpus: Corpus | None, /, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if corpus is not None:
        at.session_state[data.UPLOADED] = corpus
        at.session_state[data.UPLOADED_NAME] = "test corpus"
    at.query_params.update(query)
    return at.run()


def _on(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"views/{page}.py").run()


def _shown(at: AppTest) -> list[str]:
    """What the page shows: its tables, charts, metrics, texts and choices, as comparable text."""
    main = at.main
    shown = [element.value.to_csv() for element in main.dataframe]
    shown += [str(element.proto.spec) for element in main.get("plotly_chart")]
    shown += [f"{m.label}={m.value}" for m in main.metric]
    shown += [
        str(element.value) for kind in ("text", "code", "markdown", "caption", "info") for element in main.get(kind)
    ]
    shown += [repr(box.options) for box in main.selectbox]
    return shown


# --- every page renders -------------------------------------------------------------------------


def test_every_page_renders_on_the_seeds_with_content(seeds_corpus):
    at = _app(seeds_corpus)
    for page in PAGES:  # one session walking every page: also what a reader does
        at = _on(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        # a chart or a table, or (while a table such as events is still empty) an empty-state sentence
        assert at.main.dataframe or at.main.get("plotly_chart") or at.main.info, f"{page} shows nothing"


@pytest.mark.parametrize("which", ["empty", "one article"])
def test_every_page_renders_on_small_corpora(one_article_corpus, which):
    at = _app(Corpus.empty() if which == "empty" else one_article_corpus)
    for page in PAGES:
        at = _on(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.main.children, f"{page} rendered nothing on the {which} corpus"


def test_the_default_corpus_is_the_seeds_built_on_first_start(tmp_path, monkeypatch):
    folder = tmp_path / "seeds-tables"
    monkeypatch.setattr(data, "DEFAULT_DATA", folder)
    at = _on(_app(None), "your_corpus")
    assert not at.exception
    assert is_built(folder)
    assert "The default corpus: 5 articles." in [t.value for t in at.main.text]


def test_an_unwritable_data_folder_falls_back_to_the_seeds_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(data, "DEFAULT_DATA", blocker / "seeds")  # cannot be created
    at = _on(_app(None), "your_corpus")
    assert not at.exception and not at.error
    assert "The default corpus: 5 articles." in [t.value for t in at.main.text]


# --- filters ------------------------------------------------------------------------------------


def test_an_outlet_filter_changes_what_every_page_shows(seeds_corpus):
    at = _app(seeds_corpus)
    for page in FILTERED_PAGES:
        at = _on(at, page)
        before = _shown(at)
        at.sidebar.multiselect(key=filters.OUTLETS).set_value(["GulfToday"]).run()
        assert not at.exception, page
        assert _shown(at) != before, f"the outlet filter changed nothing on {page}"
        at.sidebar.multiselect(key=filters.OUTLETS).set_value([]).run()


def test_a_speaker_filter_changes_the_pages(quoted_corpus):
    at = _on(_app(quoted_corpus), "articles")
    assert len(at.selectbox(key="article_choice").options) == 5
    at.sidebar.multiselect(key=filters.SPEAKERS).set_value(["Antony Blinken"]).run()
    assert len(at.selectbox(key="article_choice").options) == 2  # articles 1 and 3 quote him
    assert at.query_params["speaker"] == "Antony Blinken"


def test_switching_pages_keeps_the_filters_and_the_link(seeds_corpus):
    at = _app(seeds_corpus)
    at.sidebar.multiselect(key=filters.OUTLETS).set_value(["GulfToday", "Tribune"]).run()
    for page in ["articles", "quotes", "overview"]:
        at = _on(at, page)
        assert not at.exception
        assert at.sidebar.multiselect(key=filters.OUTLETS).value == ["GulfToday", "Tribune"]
        assert at.query_params["outlet"] == ["GulfToday", "Tribune"]
    at = _on(at, "articles")
    assert len(at.selectbox(key="article_choice").options) == 2


def test_a_shared_link_opens_with_its_filters(seeds_corpus):
    at = _on(_app(seeds_corpus, outlet=["Tribune", "No Such Outlet"]), "articles")
    assert at.sidebar.multiselect(key=filters.OUTLETS).value == ["Tribune"]  # unknown values dropped
    labels = at.selectbox(key="article_choice").options
    assert len(labels) == 1 and labels[0].startswith("Tribune")


def test_a_date_range_in_the_link_restricts_by_publication_date(seeds_corpus):
    published = seeds_corpus.articles["published"]
    assert published.notna().all() and published.nunique() > 1  # the seeds are all dated
    last = published.max().date()
    expected = int((published.dt.date == last).sum())
    at = _on(_app(seeds_corpus, **{"from": last.isoformat(), "to": last.isoformat()}), "articles")
    assert at.sidebar.date_input(key=filters.DATES).value == (last, last)
    assert len(at.selectbox(key="article_choice").options) == expected < len(published)
    assert at.query_params["from"] == last.isoformat() == at.query_params["to"]


def test_no_filter_leaves_the_link_clean(seeds_corpus):
    at = _app(seeds_corpus)
    assert "outlet" not in at.query_params and "from" not in at.query_params


# --- restricted: the pure filter ----------------------------------------------------------------


def _dated(corpus: Corpus) -> Corpus:
    """The seeds with publication dates 10, 11, 12, 13 January 2022 and one undated article."""
    published = pd.to_datetime(["2022-01-10", "2022-01-11", "2022-01-12", "2022-01-13", None])
    return Corpus(**{**corpus.tables(), "articles": corpus.articles.assign(published=published)})


@pytest.mark.parametrize(
    "selection, expected_articles",
    [
        (filters.Selection(), 5),
        (filters.Selection(outlets=("GulfToday",)), 1),
        (filters.Selection(outlets=(filters.UNKNOWN_OUTLET,)), 2),
        (filters.Selection(outlets=("No Such Outlet",)), 0),
        (filters.Selection(start=dt.date(2022, 1, 11), end=dt.date(2022, 1, 12)), 2),
        (filters.Selection(start=dt.date(2022, 1, 11)), 3),
        (filters.Selection(start=dt.date(2023, 1, 1)), 0),
        (filters.Selection(speakers=("Jens Stoltenberg",)), 3),
        (filters.Selection(speakers=("Nobody",)), 0),
    ],
)
def test_restricted_keeps_every_table_consistent(quoted_corpus, selection, expected_articles):
    corpus = filters.restricted(_dated(quoted_corpus), selection)
    ids = set(corpus.articles["article_id"])
    sentence_ids = set(corpus.sentences["sentence_id"])
    assert len(ids) == expected_articles
    assert set(corpus.sentences["article_id"]) <= ids
    assert set(corpus.quotes["article_id"]) <= ids and set(corpus.events["article_id"]) <= ids
    assert set(corpus.overlap["article_a"]) | set(corpus.overlap["article_b"]) <= ids
    assert set(corpus.links["sentence_a"]) | set(corpus.links["sentence_b"]) <= sentence_ids
    assert set(corpus.speakers["speaker"]) <= set(corpus.quotes["speaker"])
    assert corpus.problems.equals(quoted_corpus.problems)
    if selection.speakers:
        assert set(corpus.quotes["speaker"]) <= set(selection.speakers)


def test_restricted_changes_the_fingerprint_only_when_it_filters(quoted_corpus):
    unfiltered = filters.restricted(quoted_corpus, filters.Selection())
    by_speaker = filters.restricted(quoted_corpus, filters.Selection(speakers=("Jens Stoltenberg",)))
    assert unfiltered is quoted_corpus
    assert by_speaker.fingerprint != quoted_corpus.fingerprint  # same articles, fewer quotes


def test_restricted_does_not_change_its_input(seeds_corpus):
    before = seeds_corpus.articles.copy()
    filters.restricted(seeds_corpus, filters.Selection(outlets=("Tribune",)))
    pd.testing.assert_frame_equal(seeds_corpus.articles, before)


# --- uploads ------------------------------------------------------------------------------------


def test_an_upload_becomes_this_sessions_corpus_and_only_its(seeds_corpus):
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[4]).read_bytes()
    at = _on(_app(None), "your_corpus")
    at.get("file_uploader")[0].set_value([("tribune.txt", text, "text/plain"), ("empty.txt", b"", "text/plain")])
    at.run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.session_state[data.UPLOADED_NAME] == "2 files"
    shown = [t.value for t in at.main.text]
    assert "Your corpus, built from 2 files: 1 articles, 1 problems." in shown
    assert at.main.dataframe[0].value["File"].tolist() == ["empty.txt"]  # the ingest report
    at = _on(at, "articles")
    assert len(at.selectbox(key="article_choice").options) == 1
    other_session = _on(_app(None), "articles")
    assert len(other_session.selectbox(key="article_choice").options) == 5


def test_a_zipped_folder_and_a_csv_export_upload_together():
    import io
    import zipfile

    seeds = sorted(SEEDS.glob("*.txt"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in seeds[:2]:
            archive.write(path, arcname=f"folder/{path.name}")
        archive.writestr("../escape.txt", "A sentence that tries to leave the folder.")
    export = b'title,text,source\nA row,"One sentence here. And another one.",Row Times\n'
    built = data.built_from_uploads([("folder.zip", buffer.getvalue()), ("export.csv", export)])
    assert len(built.articles) == 3  # two files of the zip and the CSV row
    assert "Row Times" in set(built.articles["source"].dropna())
    assert built.problems["path"].tolist() == ["folder.zip!../escape.txt"]  # reported, never extracted


def test_an_upload_over_the_file_limit_is_a_message(monkeypatch):
    monkeypatch.setattr(data, "MAX_UPLOAD_FILES", 1)
    at = _on(_app(None), "your_corpus")
    at.get("file_uploader")[0].set_value([("a.txt", b"One.", "text/plain"), ("b.txt", b"Two.", "text/plain")])
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["2 files uploaded; the limit is 1 (put them in a zip)."]
    assert data.UPLOADED not in at.session_state


@pytest.mark.parametrize(
    "sizes, message",
    [
        ([], "No file was uploaded."),
        ([("a.txt", 10)], None),
        ([("big.csv", data.MAX_UPLOAD_FILE_MB * data.MEGABYTE + 1)], "big.csv is larger than"),
        ([(f"{n}.txt", 1) for n in range(data.MAX_UPLOAD_FILES + 1)], "files uploaded; the limit is"),
        ([("a.zip", data.MAX_UPLOAD_FILE_MB * data.MEGABYTE)] * 5, "MB uploaded in all"),
    ],
)
def test_upload_limits(sizes, message):
    if message is None:
        data.check_upload_limits(sizes)
        return
    with pytest.raises(data.UploadRejected, match=message):
        data.check_upload_limits(sizes)


def test_uploads_are_built_from_their_names_only():
    built = data.built_from_uploads([("../../etc/evil.txt", b"Hello there. It is a test."), ("/abs/x.txt", b"")])
    assert built.articles["path"].tolist() == ["evil.txt"]
    assert built.problems["path"].tolist() == ["x.txt"]


def test_downloads_are_the_tables(seeds_corpus, tmp_path):
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data.tables_zip(seeds_corpus.fingerprint, seeds_corpus)))
    assert sorted(archive.namelist()) == sorted(f"{name}.parquet" for name in schema.TABLES)
    archive.extractall(tmp_path)
    assert Corpus.load(tmp_path).articles["article_id"].tolist() == seeds_corpus.articles["article_id"].tolist()
    csv = pd.read_csv(io.BytesIO(data.table_csv(seeds_corpus.fingerprint, "sentences", seeds_corpus)))
    assert len(csv) == len(seeds_corpus.sentences)


# --- the reader ---------------------------------------------------------------------------------


def test_the_reader_marks_shared_sentences(seeds_corpus):
    for article_id in seeds_corpus.articles["article_id"]:
        marked = reading.marked_sentences(seeds_corpus, article_id)
        sentences = seeds_corpus.sentences[seeds_corpus.sentences["article_id"] == article_id]
        linked = sentences["sentence_id"].isin(seeds_corpus.links["sentence_a"]) | sentences["sentence_id"].isin(
            seeds_corpus.links["sentence_b"]
        )
        expected_shared = int((linked | (sentences["n_articles"].fillna(1) > 1)).sum())
        assert int(marked["copy"].str.startswith(reading.MARK_SHARED).sum()) == expected_shared
        assert marked["sentence"].tolist() == sentences.sort_values("position")["text"].tolist()


def test_the_reader_marks_quotes_beside_their_sentence(quoted_corpus):
    article_id = quoted_corpus.quotes["article_id"].iloc[0]
    marked = reading.marked_sentences(quoted_corpus, article_id)
    assert marked["quotes"].iloc[0].startswith("Jens Stoltenberg (said): ")
    assert (marked["quotes"].iloc[1:] == "").all()


@pytest.mark.parametrize(
    "items, expected",
    [
        (["masthead: SpaceWar.com - Your World At War"], [("masthead", "SpaceWar.com - Your World At War")]),
        (["link: a: b"], [("link", "a: b")]),
        (["no reason given"], [("", "no reason given")]),
        ([], []),
        (None, []),
    ],
)
def test_boilerplate_lines_and_reasons(items, expected):
    table = reading.boilerplate(pd.Series({"boilerplate": items}))
    assert list(zip(table["reason"], table["line"], strict=True)) == expected


def test_the_sentence_map_escapes_hover_text_and_is_absent_when_empty(seeds_corpus):
    marked = reading.marked_sentences(seeds_corpus, seeds_corpus.articles["article_id"].iloc[0])
    hostile = marked.assign(sentence=SCRIPT)
    hovers = [text for trace in reading.sentence_map(hostile).data for text in trace.customdata]
    assert hovers and all("<script>" not in text and "&lt;script&gt;" in text for text in hovers)
    assert sum(len(trace.x) for trace in reading.sentence_map(marked).data) == len(marked)
    assert reading.sentence_map(marked.iloc[0:0]) is None


def test_an_article_with_markup_is_shown_as_text(seeds_corpus):
    article = seeds_corpus.articles.iloc[[0]].assign(body=f"Hostile text: {SCRIPT}")
    corpus = Corpus(**{**seeds_corpus.tables(), "articles": article})
    at = _on(_app(corpus), "articles")
    assert not at.exception
    assert f"Hostile text: {SCRIPT}" in [code.value for code in at.main.code]
    assert all(SCRIPT not in str(markdown.value) for markdown in at.main.markdown)


# --- reruns are served from cache ---------------------------------------------------------------

QUOTE_BUILDERS = [
    "quotes_table", "search_quotes", "quote_variants", "speaker_outlet_counts",
    "quotes_by_speaker", "speaker_outlet_matrix", "quote_kinds",
]


def test_a_rerun_of_the_quotes_page_rebuilds_nothing(quoted_corpus, monkeypatch):
    calls = []

    def counted(name, real):
        return lambda *args, **kwargs: calls.append(name) or real(*args, **kwargs)

    for name in QUOTE_BUILDERS:
        monkeypatch.setattr(charts, name, counted(name, getattr(charts, name)))
    monkeypatch.setattr(filters, "restricted", counted("restricted", filters.restricted))
    widgets._derived.clear()
    widgets._figure.clear()
    at = _app(quoted_corpus)
    at.sidebar.multiselect(key=filters.SPEAKERS).set_value(["Antony Blinken"]).run()
    at = _on(at, "quotes")
    assert not at.exception
    assert set(QUOTE_BUILDERS) <= set(calls)  # the first run built every table and chart
    calls.clear()
    at.run()
    assert calls == []  # same corpus, filters and widgets: nothing rebuilt, not even the filter
    at.text_input(key="quotes-search").input("Antony").run()  # every kept quote is his
    assert calls == ["search_quotes"]  # a new query: only the search runs again


# --- one session never changes what another sees (issue 19, item 1) ------------------------------


def _impersonated(corpus: Corpus, outlet: str) -> Corpus:
    """``corpus`` with the same texts (same content hashes and row ids) under other outlet and
    file names: what a hostile manifest.csv makes of the seed texts."""
    articles = corpus.articles.assign(source=outlet, path="evil/" + corpus.articles["path"].str.rsplit("/", n=1).str[-1])
    return Corpus(**{**corpus.tables(), "articles": articles})


def test_an_upload_never_changes_what_another_session_sees(seeds_corpus):
    hostile = _impersonated(seeds_corpus, "Evil Outlet")
    assert hostile.fingerprint == seeds_corpus.fingerprint  # what the caches used to be keyed on
    attacker = _app(hostile)
    for page in FILTERED_PAGES:
        attacker = _on(attacker, page)
        assert not attacker.exception
    assert any("Evil Outlet" in shown for shown in _shown(attacker))
    visitor = _app(seeds_corpus)
    for page in FILTERED_PAGES:
        visitor = _on(visitor, page)
        assert not visitor.exception
        leaked = [shown for shown in _shown(visitor) if "Evil Outlet" in shown or "evil/" in shown]
        assert leaked == [], f"{page} shows another session's upload: {leaked[0][:300]}"


def test_cache_keys_cover_every_column_of_every_table(seeds_corpus):
    hostile = _impersonated(seeds_corpus, "Evil Outlet")
    same = Corpus(**{name: table.copy() for name, table in seeds_corpus.tables().items()})
    assert widgets.corpus_key(same) == widgets.corpus_key(seeds_corpus)  # equal tables share the cache
    assert widgets.corpus_key(hostile) != widgets.corpus_key(seeds_corpus)
    for name, table in seeds_corpus.tables().items():  # one cell changed anywhere changes the key
        if table.empty:
            continue
        for column in table.columns:
            changed = table.copy()
            value = changed[column].iloc[0]
            changed[column] = changed[column].astype(object)
            changed.iloc[0, changed.columns.get_loc(column)] = ["x"] if isinstance(value, list) else "changed"
            other = Corpus(**{**seeds_corpus.tables(), name: changed})
            assert widgets.corpus_key(other) != widgets.corpus_key(seeds_corpus), (name, column)
    key = widgets.corpus_key(seeds_corpus)
    assert data.table_csv(widgets.corpus_key(hostile), "articles", hostile) != data.table_csv(key, "articles", seeds_corpus)
    assert b"Evil Outlet" not in data.table_csv(key, "articles", seeds_corpus)
    assert b"Evil Outlet" not in data.tables_zip(key, seeds_corpus)


def test_cache_keys_see_one_changed_character_in_arrow_text(seeds_corpus):
    """Text columns held by Arrow are keyed by their buffers: one character of one cell changed
    (same length), or one cell made missing, the column still Arrow text, changes the key."""
    key, tables, checked = widgets.corpus_key(seeds_corpus), seeds_corpus.tables(), 0
    for name, table in tables.items():
        for column in table.columns:
            values = table[column]
            if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
                continue
            if values.notna().sum() == 0:
                continue
            position = int(values.notna().to_numpy().argmax())
            text = values.iloc[position]
            for cell in (("y" if text[:1] == "x" else "x") + text[1:], None):
                changed = values.copy()
                changed.iloc[position] = cell
                assert changed.dtype == values.dtype
                other = Corpus(**{**tables, name: table.assign(**{column: changed})})
                assert widgets.corpus_key(other) != key, (name, column, cell)
            checked += 1
    assert checked > 10  # the tables' text columns are Arrow text


# --- downloads and uploads are safe (issue 19, items 6 and 9) ------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_csv_downloads_neutralise_formulas(seeds_corpus):
    import csv
    import io

    articles = seeds_corpus.articles.copy()
    articles["title"] = (FORMULAS * 2)[: len(articles)]
    articles["source"] = ["=cmd|' /C calc'!A0", "@x", "-y", "plain", None][: len(articles)]
    hostile = Corpus(**{**seeds_corpus.tables(), "articles": articles})
    written = data.table_csv(data.content_key(hostile), "articles", hostile).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(written)))
    cells = [row[column] for row in rows for column in ("title", "source")]
    assert not [cell for cell in cells if cell.startswith(data.FORMULA_STARTS)], cells
    assert rows[0]["title"] == "'" + FORMULAS[0] and rows[3]["source"] == "plain"  # kept, only made inert
    assert [row["n_sentences"] for row in rows] == [str(n) for n in articles["n_sentences"]]  # numbers untouched
    frame = pd.DataFrame({"text": FORMULAS, "count": [-1, 2, 3, 4, 5, 6]})
    again = list(csv.DictReader(io.StringIO(data.csv_bytes(frame).decode("utf-8"))))
    assert [row["text"][0] for row in again] == ["'"] * len(FORMULAS)
    assert [row["count"] for row in again] == ["-1", "2", "3", "4", "5", "6"]


def _upload_rec(number: int, size: int):
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    return UploadedFileRec(file_id=f"f{number}", name=f"big{number}.txt", type="text/plain", data=b"x" * size)


def test_uploads_beyond_the_limits_are_refused_as_they_arrive(monkeypatch):
    from starlette.exceptions import HTTPException
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    monkeypatch.setattr(data, "MAX_UPLOAD_TOTAL_MB", 3)
    monkeypatch.setattr(data, "MAX_UPLOAD_FILES", 4)
    monkeypatch.setattr(data, "MAX_UPLOADS_SERVER_MB", 5)
    manager = MemoryUploadedFileManager("/upload")
    guard = data.UploadGuard(manager)
    refused = 0
    for number in range(10):  # ten files of 1 MB from one session: three fit in 3 MB
        try:
            manager.add_file("session-a", _upload_rec(number, data.MEGABYTE))
        except HTTPException as error:
            assert error.status_code == 413
            refused += 1
    assert refused == 7
    assert len(manager.get_files("session-a", [f"f{n}" for n in range(10)])) == 3
    assert manager._total_bytes <= 3 * data.MEGABYTE  # memory held: only what the limits allow
    assert guard.refused("session-a")[0] == "big3.txt: refused, more than 3 MB in all."
    manager.remove_file("session-a", "f0")  # a file removed in the uploader frees its share
    manager.add_file("session-a", _upload_rec(20, data.MEGABYTE))
    for number in range(30, 33):  # another session: the server's total (5 MB) is the bound
        try:
            manager.add_file("session-b", _upload_rec(number, data.MEGABYTE))
        except HTTPException:
            refused += 1
    assert refused == 8 and manager._total_bytes == 5 * data.MEGABYTE
    manager.remove_session_files("session-a")
    manager.add_file("session-b", _upload_rec(40, data.MEGABYTE))
    small = data.UploadGuard(MemoryUploadedFileManager("/upload"))
    for number in range(4):
        small.manager.add_file("s", _upload_rec(number, 10))
    with pytest.raises(HTTPException):
        small.manager.add_file("s", _upload_rec(9, 10))  # a fifth file: over the count
    assert small.refused("s") == ["big9.txt: refused, more than 4 files (put them in a zip)."]


def test_the_server_refuses_one_file_over_the_limit():
    config = (Path(APP).parent.parent / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {data.MAX_UPLOAD_FILE_MB}\n" in config


# --- wrong answers of issue 17 -------------------------------------------------------------------


def _redated(corpus: Corpus, *days: str) -> Corpus:
    published = pd.to_datetime([days[n % len(days)] for n in range(len(corpus.articles))])
    return Corpus(**{**corpus.tables(), "articles": corpus.articles.assign(published=published)})


def test_a_new_corpus_starts_on_its_full_date_range(seeds_corpus):
    at = _on(_app(seeds_corpus), "articles")
    assert len(at.selectbox(key="article_choice").options) == 5
    july = _redated(seeds_corpus, "2018-07-15", "2018-07-16")
    at.session_state[data.UPLOADED] = july  # what an upload does (data.use_corpus)
    at.run()
    assert not at.exception
    assert at.sidebar.date_input(key=filters.DATES).value == (dt.date(2018, 7, 15), dt.date(2018, 7, 16))
    assert len(at.selectbox(key="article_choice").options) == 5  # not narrowed to the last day
    assert "from" not in at.query_params and "to" not in at.query_params


@pytest.mark.parametrize(
    "link, expected, note",
    [
        ({"from": "2018-07-15", "to": "2018-07-16"}, 5, "lie outside this corpus"),  # another corpus's link
        ({"from": "2030-01-01"}, 5, "lie outside this corpus"),
        ({"from": "2021-12-01", "to": "2022-01-07"}, 2, "were cut to this corpus's dates"),
    ],
)
def test_a_link_range_outside_the_corpus_is_dropped_with_a_note(seeds_corpus, link, expected, note):
    at = _on(_app(_redated(seeds_corpus, "2022-01-07", "2022-01-10", "2022-01-12"), **link), "articles")
    assert not at.exception
    assert len(at.selectbox(key="article_choice").options) == expected
    notes = [w.value for w in at.sidebar.warning]
    assert len(notes) == 1 and note in notes[0], notes


def test_a_failed_upload_keeps_the_corpus_and_shows_why(seeds_corpus):
    at = _on(_app(seeds_corpus), "your_corpus")
    binary = bytes(range(256)) * 64
    at.get("file_uploader")[0].set_value([("photo.txt", binary, "text/plain")])
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state[data.UPLOADED] is seeds_corpus  # the corpus shown is unchanged
    errors = [e.value for e in at.error]
    assert errors == ["No article could be read from these files, so the corpus shown is unchanged. Why:"]
    problems = at.main.dataframe[0].value
    assert problems["File"].tolist() == ["photo.txt"] and "binary" in problems["Problem"].iloc[0]
    assert "Your corpus, built from test corpus: 5 articles, 0 problems." in [t.value for t in at.main.text]


def test_a_file_of_another_type_is_refused_in_words(seeds_corpus):
    at = _on(_app(seeds_corpus), "your_corpus")
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_bytes()
    at.get("file_uploader")[0].set_value(
        [("setup.exe", b"MZ\x90\x00", "application/octet-stream"), ("story.txt", text, "text/plain")]
    )
    at.run()
    assert [e.value for e in at.error] == ["1 file(s) of a type Wirewatch does not read will not be built:"]
    assert any(t.value.startswith("setup.exe: not one of the types read (csv, ") for t in at.main.text)
    at.button[0].click().run()  # the readable file is built, the other is not
    assert not at.exception
    assert at.session_state[data.UPLOADED_NAME] == "story.txt"
    assert len(at.session_state[data.UPLOADED].articles) == 1


def test_a_manifest_uploaded_beside_plain_files_gives_their_outlets_and_dates():
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    manifest = "path,source,published\n" + "".join(f"{p.name},Outlet {n},2018-07-1{5 + n}\n" for n, p in enumerate(seeds))
    built = data.built_from_uploads([(p.name, p.read_bytes()) for p in seeds] + [("manifest.csv", manifest.encode())])
    assert built.articles["source"].tolist() == ["Outlet 0", "Outlet 1"]
    assert built.articles["published"].dt.strftime("%Y-%m-%d").tolist() == ["2018-07-15", "2018-07-16"]
    assert built.problems.empty


# --- an uploaded corpus survives a reload and can be shared (issue 17) ---------------------------


def test_an_uploaded_corpus_has_a_link_that_only_its_holders_open(seeds_corpus):
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[4]).read_bytes()
    owner = _on(_app(seeds_corpus), "your_corpus")
    owner.get("file_uploader")[0].set_value([("tribune.txt", text, "text/plain")])
    owner.run()
    owner.button[0].click().run()
    assert not owner.exception
    key = owner.query_params[data.CORPUS_PARAM]
    assert len(key) == 32 and key != data.content_key(owner.session_state[data.UPLOADED])  # not computable from the files
    assert key == data.store().id_of(owner.session_state[data.UPLOADED])
    owner = _on(owner, "articles")  # kept in the address on every page
    assert owner.query_params[data.CORPUS_PARAM] == key
    owner.sidebar.multiselect(key=filters.OUTLETS).set_value(["Tribune"]).run()
    link = {name: owner.query_params[name] for name in (data.CORPUS_PARAM, "outlet")}
    reloaded = _on(_app(None, **link), "articles")  # a reload or the shared link: a new session
    assert not reloaded.exception
    assert reloaded.session_state[data.UPLOADED_NAME] == "tribune.txt"
    assert reloaded.sidebar.multiselect(key=filters.OUTLETS).value == ["Tribune"]
    assert len(reloaded.selectbox(key="article_choice").options) == 1
    assert data.content_key(reloaded.session_state[data.UPLOADED]) == data.content_key(owner.session_state[data.UPLOADED])
    stranger = _on(_app(None), "articles")  # no link: never the upload
    assert len(stranger.selectbox(key="article_choice").options) == 5
    assert data.CORPUS_PARAM not in stranger.query_params
    guess = _on(_app(None, corpus="0" * 32), "articles")  # a guessed or expired id
    assert len(guess.selectbox(key="article_choice").options) == 5
    assert data.CORPUS_PARAM not in guess.query_params
    assert [w.value for w in guess.sidebar.warning][0].startswith("The corpus of this link is no longer kept")
    back = _on(reloaded, "your_corpus")
    [button for button in back.button if button.label == "Back to the default corpus"][0].click().run()
    assert data.CORPUS_PARAM not in back.query_params and data.UPLOADED not in back.session_state


def test_the_store_is_bounded_in_time_and_size(seeds_corpus, one_article_corpus, monkeypatch):
    store = data.CorpusStore()
    first = store.put(seeds_corpus, "seeds")
    assert store.get(first)[0] is seeds_corpus and store.get("f" * 32) is None
    monkeypatch.setattr(data, "KEEP_CORPORA", 1)
    second = store.put(one_article_corpus, "one")
    assert store.get(first) is None and store.get(second)[0] is one_article_corpus  # the oldest went first
    monkeypatch.setattr(data, "KEEP_CORPORA", 10)
    monkeypatch.setattr(data, "KEEP_HOURS", 0)
    third = store.put(seeds_corpus, "seeds")
    assert store.get(second) is None  # expired
    assert store.get(third) is None  # (expired as soon as it is stored when nothing may be kept)
    monkeypatch.setattr(data, "KEEP_HOURS", 24)
    monkeypatch.setattr(data, "KEEP_MB", 0)
    store.put(one_article_corpus, "one")
    store.put(seeds_corpus, "seeds")
    assert len(store.kept) == 1  # over the size: only the newest stays
    assert data.CorpusStore().id_of(seeds_corpus) != store.id_of(seeds_corpus)  # a secret per server
