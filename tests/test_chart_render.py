"""Charts as a reader sees them: rendered to SVG by plotly.js (kaleido + Chromium), the tick labels
and bar sizes read back from the drawing (issue 17: single-day charts, day ticks, whole counts)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, export

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"rendering needs Chromium at {CHROMIUM}")
DAY_LABEL = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")


def _articles(dates: list[str], outlets: list[str] | None = None) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)], "source": outlets or ["Alpha", "Beta", "Gamma"][:1] * n,
        "published": pd.to_datetime(dates), "title": [f"Title {i}" for i in range(n)],
        "polarity": [0.1] * n, "originality": [0.5] * n, "wire": [None] * n,
    })


def _svg(figure) -> str:
    return export.image(figure, "svg").decode()


def _ticks(svg: str, axis: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", tick).strip() for tick in re.findall(rf'<g class="{axis}tick">(.*?)</g>', svg)]


def _plot_width(svg: str) -> float:
    return float(re.search(r'class="plotclip"><rect width="([\d.]+)"', svg).group(1))


def _bar_widths(svg: str) -> list[float]:
    widths = []
    for path in re.findall(r'<g class="point"><path d="M([\d.]+),[\d.]+V[\d.]+H([\d.]+)', svg):
        widths.append(abs(float(path[1]) - float(path[0])))
    return widths


ONE_DAY = _articles(["2022-01-06", "2022-01-06", "2022-01-06"], ["Alpha", "Beta", "Alpha"])


@pytest.mark.parametrize("builder", ["coverage_over_time", "tone_over_time"])
def test_a_single_day_has_day_ticks(builder):
    svg = _svg(getattr(charts, builder)(ONE_DAY))
    ticks = _ticks(svg, "x")
    assert ticks and all(DAY_LABEL.match(tick) for tick in ticks), ticks  # no "23:59:59.9996"
    assert "6 Jan 2022" in ticks


def test_a_single_day_is_one_narrow_bar_not_the_whole_plot():
    svg = _svg(charts.coverage_over_time(ONE_DAY))
    widths = _bar_widths(svg)
    assert widths and max(widths) < 0.25 * _plot_width(svg), (widths, _plot_width(svg))


def test_counts_are_whole_numbers():
    svg = _svg(charts.coverage_over_time(_articles(["2022-01-06", "2022-01-07", "2022-01-07"])))
    ticks = _ticks(svg, "y")
    assert ticks and all(re.fullmatch(r"\d+", tick) for tick in ticks), ticks  # no 0.5, 1.5


def test_a_long_span_keeps_day_labels():
    dates = pd.date_range("2022-01-01", "2022-03-31", freq="3D").strftime("%Y-%m-%d").tolist()
    ticks = _ticks(_svg(charts.coverage_over_time(_articles(dates))), "x")
    assert ticks and all(DAY_LABEL.match(tick) for tick in ticks), ticks
