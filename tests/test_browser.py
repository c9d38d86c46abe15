"""The app in a real browser: Playwright drives /usr/bin/chromium (headless) against
``streamlit run dashboard/app.py`` on a free local port, started by the fixture.

Every page loads with its charts and without an error; a chart's PNG download is a valid PNG; a
sidebar link switches pages; an uploaded file becomes the corpus the Overview shows; an article
containing ``<script>`` and an ``onerror`` handler shows them as text and neither runs.
Screenshots of each page go to ``tests/artifacts/`` (gitignored); the Overview's is copied to
``docs/screenshot.png`` for the README. Skipped, with the reason, without Chromium or Playwright.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
PAGES = {  # url path → sidebar link text
    "overview": "Overview",
    "timeline": "Timeline",
    "quotes": "Quotes",
    "overlap": "Overlap",
    "sentiment": "Sentiment",
    "articles": "Articles",
    "wire_flow": "Wire flow",
    "story_versions": "Story versions",
    "outlets": "Outlets compared",
    "your_corpus": "Your corpus",
}
RUN_SECONDS = 60_000  # milliseconds Playwright waits for a script run to finish
BUILD_MS = 600_000  # milliseconds a build of a few hundred uploaded articles may take on a shared machine
SETTLE_MS = 300  # after the run: let the last deltas paint
STATUS_DELAY_MS = 1_000  # Streamlit shows its "running" widget only once a run lasts a moment
VIEWPORT = {"width": 1400, "height": 1000}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = (
    "Hostile markup test\n\n"
    "BRUSSELS (AFP) - The attacker typed <script>window.__wirewatch_pwned=1</script> into the form, "
    "officials said on Monday.\n\n"
    'A second paragraph carries <img src=x onerror="window.__wirewatch_pwned=2"> in its text.\n'
)

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def _evil_zip(folder: Path) -> Path:
    """The seed texts under other names, with a manifest.csv giving them a hostile outlet: the
    same article texts (so the same content hashes and row ids) as the default corpus."""
    import zipfile

    from data_pipeline import SEEDS

    path = folder / "evil.zip"
    rows = ["path,source"]
    with zipfile.ZipFile(path, "w") as archive:
        for number, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
            archive.write(seed, arcname=f"story{number}.txt")
            rows.append(f"story{number}.txt,Evil Outlet {number}")
        archive.writestr("manifest.csv", "\n".join(rows) + "\n")
    return path


def _upload(page, server: str, *paths: Path, expect: str | None = None) -> None:
    """Upload ``paths`` on the Your corpus page of a fresh load and build them."""
    page.goto(f"{server}/your_corpus")
    _settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(p) for p in paths])
    page.get_by_text(paths[-1].name).first.wait_for(timeout=RUN_SECONDS)
    page.get_by_role("button", name="Build the tables").click()
    page.get_by_text(expect or "Your corpus, built from").first.wait_for(timeout=BUILD_MS)
    _settled(page)


def articles_shown(page, count: int) -> None:
    """Wait until the Overview's Articles metric reads ``count`` (fails with what it reads)."""
    value = page.locator('[data-testid="stMetric"]', has_text="Articles").first.locator('[data-testid="stMetricValue"]')
    try:
        sync_api.expect(value).to_have_text(f"{count:,}", timeout=RUN_SECONDS)
    except AssertionError as error:
        raise AssertionError(f"the Overview shows {value.inner_text()} articles, not {count:,}") from error


@contextlib.contextmanager
def _streamlit(folder: Path, **env):
    """The app on a free port, its default tables (the seeds, built beforehand; building them on
    first start is tested in test_app.py) in ``folder``."""
    from conftest import streamlit_server

    from data_pipeline import build_corpus
    from data_pipeline.corpus import is_built

    if not is_built(folder / "seeds"):  # built here, not by the first page load (minutes on a loaded machine)
        build_corpus().save(folder / "seeds")
    with streamlit_server(folder / "seeds", folder / "streamlit.log", **env) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _streamlit(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def _settled(page) -> None:
    """Wait until the script run is over (the app's status widget gone) and the page is drawn."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=RUN_SECONDS)
    page.wait_for_timeout(STATUS_DELAY_MS)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=RUN_SECONDS)
    page.wait_for_function(  # plotly draws after the run (charts in hidden tabs may wait longer)
        """() => {
            const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            return charts.length === 0 || charts.some(chart => chart.querySelector('.main-svg'));
        }""",
        timeout=RUN_SECONDS,
    )
    page.wait_for_timeout(SETTLE_MS)


def _no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator("body").inner_text()[:2000]
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def _go(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=PAGES[name]).first.click(timeout=RUN_SECONDS)
    page.wait_for_url(f"**/{'' if name == 'overview' else name}*", timeout=RUN_SECONDS)
    page.get_by_role("heading", name=PAGES[name] if name != "your_corpus" else "Your corpus").first.wait_for(
        timeout=RUN_SECONDS
    )
    _settled(page)


def test_every_page_loads_with_its_charts(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    for name in PAGES:
        page.goto(f"{server}/{'' if name == 'overview' else name}")
        try:
            _settled(page)
        except sync_api.TimeoutError as error:
            page.screenshot(path=ARTIFACTS / f"{name}-timeout.png", full_page=True)
            raise AssertionError(
                f"{name} did not finish loading: {page.locator('body').inner_text()[:1000]}"
            ) from error
        content = page.locator(
            '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDataFrame"], [data-testid="stAlertContentInfo"]'
        )
        try:  # on a loaded machine the run may end a moment after the status widget went
            content.first.wait_for(timeout=RUN_SECONDS)
        except sync_api.TimeoutError:
            pass  # the assertion below says what is missing
        _no_error(page)
        charts = page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
        tables = page.locator('[data-testid="stDataFrame"]').count()
        empty_states = page.locator('[data-testid="stAlertContentInfo"]').count()
        if name == "overview":
            page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(1).wait_for(timeout=RUN_SECONDS)
            charts = page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
            assert charts >= 2, "the Overview shows coverage and originality charts on the seeds"
        assert charts or tables or empty_states, f"{name} shows no chart, table or empty-state sentence"
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    README_SCREENSHOT.parent.mkdir(exist_ok=True)
    shutil.copyfile(ARTIFACTS / "overview.png", README_SCREENSHOT)


def test_a_png_download_is_a_png(server, page, tmp_path):
    page.goto(server)
    _settled(page)
    button = page.locator('[data-testid="stDownloadButton"] button', has_text="PNG").first
    hint = page.get_by_text("Image downloads are off").first
    button.or_(hint).wait_for(timeout=RUN_SECONDS)
    if not button.count():
        pytest.skip("this server has no Chromium for kaleido: the app shows the install hint instead")
    with page.expect_download(timeout=RUN_SECONDS) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert saved.suffix == ".png" and content.startswith(PNG_SIGNATURE) and len(content) > 1000


def test_sidebar_link_switches_pages_and_keeps_the_filters(server, page):
    page.goto(f"{server}/?outlet=Tribune")
    _settled(page)
    assert "outlet=Tribune" in page.url
    _go(page, "articles")
    assert "/articles" in page.url and "outlet=Tribune" in page.url
    outlets = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    assert "Tribune" in outlets.inner_text()
    _no_error(page)


def test_an_upload_is_shown_everywhere_and_markup_stays_text(server, page, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    page.goto(server)
    _settled(page)
    _go(page, "your_corpus")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(hostile))
    page.get_by_text("hostile.txt").first.wait_for(timeout=RUN_SECONDS)
    page.get_by_role("button", name="Build the tables").click()
    page.get_by_text("Your corpus, built from hostile.txt").wait_for(timeout=RUN_SECONDS)
    _settled(page)
    _go(page, "overview")  # same session: a sidebar link, not a new page load
    _no_error(page)
    articles = page.locator('[data-testid="stMetric"]', has_text="Articles").first
    assert articles.locator('[data-testid="stMetricValue"]').inner_text().strip() == "1"
    _go(page, "articles")
    chosen = page.locator('[data-testid="stSelectbox"] input[role="combobox"]').first.input_value()
    assert chosen == "unknown outlet — Hostile markup test"
    page.get_by_role("tab", name="Cleaned text").click()
    body = page.locator('[data-testid="stCode"]').last
    body.wait_for(timeout=RUN_SECONDS)
    shown = body.inner_text()
    assert "<script>window.__wirewatch_pwned=1</script>" in shown
    assert 'onerror="window.__wirewatch_pwned=2"' in shown
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__wirewatch_pwned === undefined")
    assert page.dialogs == []
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    page.screenshot(path=ARTIFACTS / "articles-uploaded.png", full_page=True)


def test_an_upload_with_a_hostile_manifest_never_reaches_another_visitor(server, browser, tmp_path):
    """Issue 19, item 1: two browser contexts (two visitors). The attacker's upload has the
    default corpus's texts under hostile outlet names; the other visitor, who uploaded nothing,
    must see none of it in any page or download."""
    evil = _evil_zip(tmp_path)
    attacker = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    visitor = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = attacker.new_page()
        _upload(page, server, evil, expect="Your corpus, built from evil.zip")
        for name in ["overview", "quotes", "overlap", "articles"]:  # fill every cache with the upload
            _go(page, name)
        assert "Evil Outlet" in page.content()  # the attacker sees their own upload
        other = visitor.new_page()
        for name in PAGES:
            other.goto(f"{server}/{'' if name == 'overview' else name}")
            _settled(other)
            if name == "overview":
                other.locator('[data-testid="stPlotlyChart"] .main-svg').nth(1).wait_for(timeout=RUN_SECONDS)
            assert "Evil Outlet" not in other.content(), f"another visitor's upload shows on {name}"
            assert "evil.zip" not in other.content(), f"another visitor's file names show on {name}"
        for table in ["articles", "quotes", "sentences"]:
            with other.expect_download(timeout=RUN_SECONDS) as download:
                other.locator('[data-testid="stDownloadButton"] button', has_text=f"{table}.csv").click()
            saved = tmp_path / f"visitor-{table}.csv"
            download.value.save_as(saved)
            content = saved.read_text(encoding="utf-8")
            assert next(csv.reader(io.StringIO(content)))[0] in ("article_id", "quote_id", "sentence_id"), content[:200]
            assert "Evil Outlet" not in content and "evil.zip" not in content, f"{table}.csv"
    finally:
        attacker.close()
        visitor.close()


def test_a_pages_own_address_on_a_fresh_server_shows_the_app(browser, tmp_path):
    """Issue 17, wrong answer 6: the first request a new server gets is a page's own address
    (a bookmark): the app's navigation and filters show, not Streamlit's list of file names."""
    with _streamlit(tmp_path) as url:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(f"{url}/your_corpus")
            _settled(page)
            page.screenshot(path=ARTIFACTS / "your_corpus-first-request.png", full_page=True)
            _no_error(page)
            assert page.get_by_role("heading", name="Your corpus").first.is_visible()
            navigation = page.locator('[data-testid="stSidebarNav"]').inner_text()
            for title in PAGES.values():
                assert title in navigation, navigation
            for file_name in ["app", "views", "your_corpus", "overview"]:
                assert file_name not in navigation.split("\n"), navigation
            sidebar = page.locator('[data-testid="stSidebar"]')
            assert sidebar.get_by_role("heading", name="Filters").is_visible()
            sidebar.locator('[data-testid="stMultiSelect"]').first.wait_for(timeout=RUN_SECONDS)  # the outlet filter
        finally:
            context.close()


def _helsinki_export(folder: Path, size: int) -> Path:
    """A CSV export (title, source, published, text) of ``size`` Helsinki articles, written in
    the test's folder (the corpus is never copied into the repository)."""
    spec = importlib.util.spec_from_file_location("wirewatch_upload_benchmark", ROOT / "benchmarks" / "upload.py")
    upload = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(upload)
    if not upload.HELSINKI.exists():
        pytest.skip(f"third-party corpus not present at {upload.HELSINKI} (it is never copied into the project)")
    path = folder / "helsinki.csv"
    assert upload.write_export(path, size) == size
    return path


HELSINKI_ARTICLES = 200


def test_a_real_multi_outlet_upload_is_shown_whole_and_survives_a_reload(server, browser, tmp_path):
    """Issue 17, done when: a real corpus of 200 articles from dozens of outlets, uploaded
    through the page, is what the Overview counts, with no narrowed date range in the address;
    the Overlap page's side-by-side of the top pair agrees with the overlap table; a reload and
    the shared link show it again; another visitor without the link never sees it."""
    export = _helsinki_export(tmp_path, HELSINKI_ARTICLES)
    owner = browser.new_context(viewport=VIEWPORT)
    friend = browser.new_context(viewport=VIEWPORT)
    stranger = browser.new_context(viewport=VIEWPORT)
    try:
        page = owner.new_page()
        _upload(page, server, export, expect="Your corpus, built from helsinki.csv")
        _no_error(page)
        _go(page, "overview")
        articles_shown(page, HELSINKI_ARTICLES)
        _no_error(page)
        assert "corpus=" in page.url
        assert "from=" not in page.url and "to=" not in page.url, page.url  # no narrowed range
        link = page.url
        for name in PAGES:
            if name != "overview":
                _go(page, name)
                _no_error(page)
            page.screenshot(path=ARTIFACTS / f"helsinki-{name}.png", full_page=True)
        _side_by_side_agrees_with_the_overlap_table(page, tmp_path)
        page.goto(link)  # a reload: a new session on the same address
        _settled(page)
        articles_shown(page, HELSINKI_ARTICLES)
        assert "Showing your corpus: helsinki.csv" in page.locator('[data-testid="stSidebar"]').inner_text()
        shared = friend.new_page()  # whoever has the link sees the corpus
        shared.goto(link)
        _settled(shared)
        articles_shown(shared, HELSINKI_ARTICLES)
        other = stranger.new_page()  # another visitor without it: the default corpus
        other.goto(server)
        _settled(other)
        articles_shown(other, 5)
        assert "helsinki.csv" not in other.content() and "corpus=" not in other.url
    finally:
        owner.close()
        friend.close()
        stranger.close()


SIDE_COUNTS = re.compile(r"^(\d+) shared · (\d+) near-shared · (\d+) own$")
PAIR_SENTENCE = re.compile(r"^The overlap table: ([\d,]+) of the first article's sentences .* and ([\d,]+) of the second's")


def _side_by_side_agrees_with_the_overlap_table(page, folder: Path) -> None:
    """The overlap table (downloaded from Your corpus, as a user would) names the pair sharing the
    most; the Overlap page opens on it, and each side marks as shared or near-shared exactly the
    number of its sentences the table says are found in the other (issue 17, wrong answer 3)."""
    import pandas as pd

    _go(page, "your_corpus")
    with page.expect_download(timeout=RUN_SECONDS) as download:
        page.locator('[data-testid="stDownloadButton"] button', has_text="overlap.csv").click()
    saved = folder / "overlap.csv"
    download.value.save_as(saved)
    overlap = pd.read_csv(saved)
    overlap = overlap[(overlap["article_a"] != overlap["article_b"]) & (overlap["shared_sentences"] > 0)]
    top = overlap.sort_values(["shared_sentences", "article_a", "article_b"], ascending=[False, True, True]).iloc[0]
    reverse = overlap[(overlap["article_a"] == top["article_b"]) & (overlap["article_b"] == top["article_a"])]
    expected = (int(top["shared_sentences"]), int(reverse["shared_sentences"].iloc[0]) if len(reverse) else 0)
    _go(page, "overlap")
    said = PAIR_SENTENCE.search(page.locator('[data-testid="stText"]', has_text="The overlap table").first.inner_text())
    assert said, "the Overlap page does not say what the overlap table holds for the pair shown"
    assert (int(said[1].replace(",", "")), int(said[2].replace(",", ""))) == expected
    sides = []
    for caption in page.locator('[data-testid="stCaptionContainer"]').all():
        found = SIDE_COUNTS.match(caption.inner_text().strip())
        if found:
            sides.append(int(found[1]) + int(found[2]))
    assert tuple(sides) == expected, f"the side-by-side marks {sides} sentences as in the other, the table says {expected}"
