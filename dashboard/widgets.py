"""Reusable page pieces: cached figures, a chart with its PNG/SVG downloads, an empty-state
sentence, a table, and "download all charts" as a zip.

Figures are built once per corpus content and options (``figure``), never on an unrelated
widget change. Images are rendered server-side by kaleido only when a download button is
clicked (Streamlit's deferred downloads), and cached by the figure's JSON, so kaleido never
runs on the rerun path. Without Chromium the chart still shows, with a sentence saying what to
install instead of the buttons.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from dashboard import charts, export, safe_text, tables
from data_pipeline import Corpus

DATE_FORMAT = "D MMM YYYY"  # dates in tables: the pipeline's dates carry no time of day
READING_HEIGHT = 560  # pixels of a side-by-side reading pane (scrolls beyond)
MAX_TABLE_ROWS = 1_000  # rows a table shows in the page; the full table is a CSV download
SPEC_ATTRIBUTE = "_wirewatch_spec"  # where _spec keeps a figure's JSON on the figure


def corpus_key(corpus: Corpus) -> str:
    """The key of every cache shared between sessions: ``data.content_key``, a SHA-256 of every
    cell of every table (a filtered corpus: its source's key and the filter). Article hashes and
    row ids alone let an upload of the same texts under other outlet names (a hostile
    manifest) serve its figures to every other session (issue 19)."""
    from dashboard import data

    return data.content_key(corpus)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(builder: str, key: str, _tables: tuple, options: tuple):
    return getattr(charts, builder)(*_tables, **dict(options))


def _spec(fig: go.Figure) -> str:
    """The figure's JSON, computed once per (cached, never changed) figure object."""
    known = fig.__dict__.get(SPEC_ATTRIBUTE)
    if known is None:
        known = fig.to_json()
        object.__setattr__(fig, SPEC_ATTRIBUTE, known)
    return known


def figure(corpus: Corpus, builder: str, *tables, **options):
    """``charts.<builder>(*tables, **options)``, cached on the corpus content and the options
    (a Figure, None, or for ``all_figures`` the dict of every chart). Kept as the object
    itself (``st.cache_resource``): unpickling the timeline's 68,000 points on each rerun cost
    more than drawing; nothing changes a figure after it is built.

    ``tables`` must come from ``corpus`` (they are not hashed; the corpus key stands for them).
    """
    return _figure(builder, corpus_key(corpus), tables, tuple(sorted(options.items())))


@st.cache_resource(show_spinner=False, max_entries=256)
def _derived(builder: str, key: str, _tables: tuple, options: tuple):
    module, _, name = builder.rpartition(".")
    return getattr(importlib.import_module(f"dashboard.{module or 'charts'}"), name)(*_tables, **dict(options))


def derived(corpus: Corpus, builder: str, *tables, **options):
    """``charts.<builder>(*tables, **options)`` (or ``<module>.<name>`` of another dashboard
    module, e.g. ``reading.marked_sentences``) for a table, not a figure, cached on the corpus
    content and the options like ``figure``.

    Kept as the object itself (``st.cache_resource``), not a pickled copy: a 100,000-row table
    would cost more to copy on each rerun than to rebuild. Callers never change it (pandas
    copy-on-write makes an accidental change a copy anyway).
    """
    return _derived(builder, corpus_key(corpus), tables, tuple(sorted(options.items())))


@st.cache_data(show_spinner=False, max_entries=128)
def _image(spec: str, fmt: str) -> bytes:
    return export.image(pio.from_json(spec), fmt)


@st.cache_data(show_spinner=False, max_entries=16)
def _zip(specs: tuple[tuple[str, str], ...]) -> bytes:
    return export.zip_of_images({name: pio.from_json(spec) for name, spec in specs})


def empty(message: str) -> None:
    """An empty state: a sentence, not an error or an empty axis."""
    st.info(message)


def export_available() -> bool:
    """Whether kaleido can find a Chromium to render PNG/SVG with."""
    return export.find_chromium() is not None


def chart(fig: go.Figure | None, name: str, *, empty_message: str = "Nothing to chart in this selection.") -> None:
    """Show a plotly figure with PNG (2x) and SVG downloads named after ``name``; a sentence if None.

    The toolbar's camera also saves PNG at 2x (``toImageButtonOptions``).
    """
    if fig is None:
        empty(empty_message)
        return
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": export.SCALE, "filename": name},
    }
    st.plotly_chart(fig, key=f"chart-{name}", config=config)
    if not export_available():
        st.caption(f"Image downloads are off on this server. {export.INSTALL_HINT}")
        return
    row = st.container(horizontal=True)  # each button as wide as its label, whatever the page's width
    row.download_button(  # the figure's JSON too is made only when a button is clicked
        "PNG (2x)", data=lambda: _image(_spec(fig), "png"), file_name=f"{name}.png", mime="image/png",
        key=f"png-{name}", on_click="ignore", icon=":material/download:",
    )
    row.download_button(
        "SVG", data=lambda: _image(_spec(fig), "svg"), file_name=f"{name}.svg", mime="image/svg+xml",
        key=f"svg-{name}", on_click="ignore", icon=":material/download:",
    )


def download_all(figures: Mapping[str, go.Figure | None] | Callable[[], Mapping[str, go.Figure | None]], name: str) -> None:
    """One button: every non-empty chart of ``figures`` as PNG (2x) in ``<name>.zip``.

    ``figures`` may be a function giving them: they are then built only when the button is
    clicked (the Overview's "every chart" would otherwise build every page's charts, seconds
    at 10,000 articles, before the first page shows).
    """
    if callable(figures):
        if export_available():
            build = figures
            st.download_button(
                "Download every chart (PNG zip)", file_name=f"{name}.zip", mime="application/zip", key=f"zip-{name}",
                data=lambda: _zip(tuple((n, _spec(f)) for n, f in build().items() if f is not None)),
                on_click="ignore", icon=":material/folder_zip:",
            )
        return
    present = tuple((chart_name, _spec(fig)) for chart_name, fig in figures.items() if fig is not None)
    if not present or not export_available():
        return
    st.download_button(
        f"Download all {len(present)} charts (PNG zip)", data=lambda: _zip(present), file_name=f"{name}.zip",
        mime="application/zip", key=f"zip-{name}", on_click="ignore", icon=":material/folder_zip:",
    )


def table(
    frame: pd.DataFrame,
    *,
    key: str | None = None,
    height: int | str = "auto",
    name: str = "table",
    limit: int = MAX_TABLE_ROWS,
    percent: tuple[str, ...] | list[str] = (),
) -> None:
    """A table for people (``tables.readable``: human column names, no internal ids, shares as
    percentages, tone with its sign, a dash for missing text), text shown as text (st.dataframe
    never interprets HTML); dates shown as dates; the ``percent`` columns too as percentages.

    Beyond ``limit`` rows only the first ``limit`` are shown (sending 100,000 rows to the
    browser costs seconds per rerun), with a sentence saying so and the whole table, ids
    included, as a CSV download, built only when clicked.
    """
    shown, formats = tables.readable(frame.head(limit))
    formats.update(dict.fromkeys(percent, "percent"))
    config = {
        column: st.column_config.DateColumn(column, format=DATE_FORMAT)
        for column in shown.columns
        if pd.api.types.is_datetime64_any_dtype(shown[column])
    }
    for column, kind in formats.items():
        if kind == "percent":
            config[column] = st.column_config.NumberColumn(column, format="percent")
        else:
            config[column] = st.column_config.NumberColumn(column, format="%+.2f", help=tables.TONE_HELP)
    st.dataframe(shown, hide_index=True, key=key, height=height, column_config=config)
    if len(frame) > limit:
        st.caption(f"Showing the first {limit:,} of {len(frame):,} rows; download the table for all of them.")
        st.download_button(
            f"All {len(frame):,} rows (CSV)",
            data=lambda: _csv(frame),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"csv-{key}" if key else None,
            on_click="ignore",
            icon=":material/download:",
        )


def _csv(frame: pd.DataFrame) -> bytes:
    from dashboard import data

    return data.csv_bytes(frame)  # formulas neutralised


OUTLETS_SHOWN = "outlets-shown"  # session_state: how many outlets the charts name, kept across pages
MAX_OUTLETS_SHOWN = 30


def outlets_shown(page: str, total: int) -> int:
    """A control for how many outlets the charts name (the rest are one "other outlets" row),
    shown only when the selection has more outlets than the default; the choice is kept across pages."""
    chosen = st.session_state.get(OUTLETS_SHOWN, charts.TOP_OUTLETS)
    if total <= charts.TOP_OUTLETS:
        return chosen
    chosen = st.slider(
        "Outlets named in the charts", min_value=3, max_value=min(total, MAX_OUTLETS_SHOWN),
        value=min(chosen, total, MAX_OUTLETS_SHOWN), key=f"{OUTLETS_SHOWN}-{page}",
        help="The largest outlets (most articles); the others are drawn as one grey “other outlets”.",
    )
    st.session_state[OUTLETS_SHOWN] = chosen
    return chosen


def colours() -> dict[str, str]:
    """The outlet → colour map of the whole (unfiltered) corpus, so filters never repaint outlets."""
    from dashboard import data

    return charts.outlet_colours(data.corpus().articles)


def metrics(values: Mapping[str, object]) -> None:
    """A row of metrics that wraps on a narrow screen (columns would stack one per line and push
    the first chart off a phone's first screen); a missing value shows as a dash, a count with
    thousands separators.

    Values are escaped for Markdown (``safe_text.markdown``): a metric value is rendered as Markdown."""
    with st.container(horizontal=True, gap="medium"):
        for label, value in values.items():
            shown = "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)  # 1,000
            st.metric(label, safe_text.markdown(shown), width="content")


SYMBOLS = {charts.SHARED: "●", charts.NEAR: "◐", charts.OWN: "○"}


def marked_sentences(sentences: pd.DataFrame, *, height: int = READING_HEIGHT) -> None:
    """An article's sentences, one per line, each preceded by its status symbol (``SYMBOLS``).

    ``st.text`` shows the text as is: nothing in it is read as Markdown or HTML.
    """
    counts = sentences["status"].value_counts()
    st.caption(" · ".join(f"{counts.get(status, 0)} {status}" for status in SYMBOLS))
    with st.container(height=height):
        for row in sentences.itertuples():
            st.text(f"{SYMBOLS.get(row.status, '')} {row.text}")


def legend() -> str:
    """The sentence-status legend for ``marked_sentences``."""
    return " · ".join(f"{symbol} {status}" for status, symbol in SYMBOLS.items())
