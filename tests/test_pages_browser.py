"""The pages as a reader sees them in a real Chromium (Playwright, headless), on corpora made for the
purpose: hostile metadata stays text in charts and metrics; the quote picker never shows a stale
label; and every page of a real multi-outlet corpus (Helsinki summit, 609 articles, 75 outlets)
is screenshot at 1400 and 390 px wide into ``tests/artifacts/`` (gitignored), with a chart on the
phone's first screen. Skipped, with the reason, without Chromium, Playwright or the corpus.

The server fixtures and helpers are copied from ``tests/test_browser.py`` (kept small on purpose).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import streamlit_server

from data_pipeline import SEEDS, build_corpus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"
HELSINKI = ROOT.parent / "shared" / "corpora" / "helsinki" / "helsinki_articles.csv"
RUN_MS = 90_000
STATUS_DELAY_MS = 1_000
SETTLE_MS = 500
WIDE, PHONE = {"width": 1400, "height": 1000}, {"width": 390, "height": 844}
PAGES = {"overview": "Overview", "timeline": "Timeline", "quotes": "Quotes", "overlap": "Overlap",
         "sentiment": "Sentiment", "articles": "Articles", "wire_flow": "Wire flow", "story_versions": "Story versions",
         "outlets": "Outlets compared"}
PHONE_CHART_VISIBLE = 200  # pixels of the first chart a phone's first screen must show (its title alone is not a chart)
LONGEST_SCREENSHOT = 8_000  # pixels: a whole page in one image, up to this height

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def _page(browser, viewport=WIDE):
    context = browser.new_context(viewport=viewport)
    return context, context.new_page()


def _settled(page) -> None:
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=RUN_MS)
    page.wait_for_timeout(STATUS_DELAY_MS)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=RUN_MS)
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            return charts.length === 0 || charts.some(chart => chart.querySelector('.main-svg'));
        }""",
        timeout=RUN_MS,
    )
    page.wait_for_timeout(SETTLE_MS)


def _open(page, server: str, name: str) -> None:
    page.goto(f"{server}/{'' if name == 'overview' else name}")
    _settled(page)


# --- hostile metadata ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from test_safe_text import HOSTILE

    folder = HOSTILE.save(tmp_path_factory.mktemp("hostile") / "tables")
    with streamlit_server(folder, tmp_path_factory.mktemp("log") / "hostile.log") as url:
        yield url


def test_hostile_metadata_stays_text_in_charts_and_metrics(hostile_server, browser):
    from test_safe_text import LINK, MARKDOWN

    context, page = _page(browser)
    try:
        for name in ("overview", "quotes", "overlap", "articles"):
            _open(page, hostile_server, name)
            assert page.locator("svg a").count() == 0, f"{name}: a link drawn in a chart"
            assert page.locator('[data-testid="stMain"] img').count() == 0, f"{name}: an image from metadata"
            assert page.locator(".katex").count() == 0, f"{name}: KaTeX from metadata"
            if name == "overview":  # the legend names the outlet as typed
                page.locator("svg text", has_text=LINK).first.wait_for(timeout=RUN_MS)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=RUN_MS)
        values = {}
        for metric in page.locator('[data-testid="stMetric"]').all():
            label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
            values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
        assert values["Outlet"] == LINK and values["Wire"] == MARKDOWN, values  # as typed, not rendered
        page.screenshot(path=_artifact("hostile-articles.png"), full_page=True)
    finally:
        context.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


# --- the quote picker ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory):
    folder = build_corpus([SEEDS]).save(tmp_path_factory.mktemp("seeds") / "tables")
    with streamlit_server(folder, tmp_path_factory.mktemp("log") / "seeds.log") as url:
        yield url


def _picker_label(page) -> str:
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Quote").first
    return picker.locator('input[role="combobox"]').input_value() or picker.inner_text()


def _chosen_caption(page) -> str:
    return page.locator('[data-testid="stText"]').last.inner_text().splitlines()[0]


def test_the_quote_picker_never_keeps_a_stale_label(seeds_server, browser):
    context, page = _page(browser)
    try:
        _open(page, seeds_server, "quotes")
        first = _picker_label(page)
        assert first == _chosen_caption(page)
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Quote").first
        picker.click()
        page.keyboard.press("ArrowDown")  # opens the list if the click only focused the box (seen in CI)
        options = page.locator('[role="option"]')
        options.nth(2).click()
        _settled(page)
        picked = _picker_label(page)
        assert picked != first and picked == _chosen_caption(page)
        speaker = picked.split(" — ")[0]
        other = next(label for label in [first] if not label.startswith(speaker))
        search = page.locator('[data-testid="stTextInput"] input').first
        search.fill(other.split(" — ")[0])  # a speaker whose quotes exclude the one picked
        search.press("Enter")
        _settled(page)
        shown = _picker_label(page)
        assert shown == _chosen_caption(page), (shown, _chosen_caption(page))  # the label names the quote shown
        assert shown.startswith(other.split(" — ")[0])
        search.fill("")
        search.press("Enter")
        _settled(page)
        assert _picker_label(page) == _chosen_caption(page)
    finally:
        context.close()


# --- a real multi-outlet corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def helsinki_server(tmp_path_factory):
    if not HELSINKI.exists():
        pytest.skip(f"third-party corpus not present at {HELSINKI} (it is never copied into the project)")
    raw = pd.read_csv(HELSINKI)
    parts = raw["text"].fillna("").str.split(" ### ")
    csv = tmp_path_factory.mktemp("helsinki") / "helsinki.csv"
    pd.DataFrame({"title": parts.str[0], "source": raw["publisher"], "published": raw["scrape_time"],
                  "text": parts.str[1:].str.join("\n\n")}).to_csv(csv, index=False)
    folder = build_corpus([csv]).save(csv.parent / "tables")
    with streamlit_server(folder, tmp_path_factory.mktemp("log") / "helsinki.log") as url:
        yield url


def _whole_page(page, path: Path, viewport: dict) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the window is
    made as tall as the page for the picture (``full_page`` would show one screen)."""
    height = page.evaluate(
        "() => { const block = document.querySelector('[data-testid=\"stMainBlockContainer\"]');"
        " return Math.ceil(block.getBoundingClientRect().bottom + 40); }"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), LONGEST_SCREENSHOT)})
    page.wait_for_timeout(SETTLE_MS * 2)  # plotly redraws at the new size
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


@pytest.mark.corpus
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1400px", "390px"])
def test_every_page_of_a_real_corpus_draws_and_is_screenshot(helsinki_server, browser, viewport):
    context, page = _page(browser, viewport)
    try:
        for name in PAGES:
            _open(page, helsinki_server, name)
            assert page.locator('[data-testid="stException"]').count() == 0, name
            if viewport is PHONE and name != "articles":
                page.wait_for_function(  # every chart drawn: the first in the page is then in its place
                    """() => {
                        const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
                        return charts.length > 0 && charts.every(chart => chart.querySelector('.main-svg'));
                    }""",
                    timeout=RUN_MS,
                )
                page.wait_for_timeout(SETTLE_MS)
                box = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
                assert box is not None and box["y"] + PHONE_CHART_VISIBLE < viewport["height"], (
                    f"{name}: no chart on the phone's first screen ({box})"
                )
            _whole_page(page, _artifact(f"helsinki-{name}-{viewport['width']}.png"), viewport)
    finally:
        context.close()
