"""Sidebar filters shared by every page (outlet, date range, speaker) and the filtered corpus.

``sidebar(corpus)`` draws the filters; the router (``app.py``) calls it before running the page,
so the widgets live in the entry script and keep their values when the page changes (Streamlit
keeps the state of widgets drawn by the entry file across pages). The selection is also written
to ``st.query_params`` on every run (``?outlet=A&outlet=B&from=2022-01-10&to=2022-01-12&speaker=X``)
and read back when a session starts, so a filtered view is a shareable link.

``filtered(corpus)`` applies the selection; ``restricted`` is the same as a pure function:
articles are restricted by outlet and publication date, quotes by speaker (and then articles to
those quoting a chosen speaker), and every other table follows the articles, so all tables
agree. The problems table (the ingest report) is never filtered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import data
from data_pipeline import Corpus, schema

UNKNOWN_OUTLET = "(unknown outlet)"  # label of articles whose outlet could not be detected
OUTLETS = "filter_outlets"  # session_state keys of the widgets
DATES = "filter_dates"
SPEAKERS = "filter_speakers"
FROM_URL = "filters_read_from_url"  # set once the session's filters were read from the link
FOR_CORPUS = "filters_for_corpus"  # content key of the corpus the filters were last drawn for
NOTE = "filters_note"  # (message, date range it is about): shown while that range is chosen
MEMO = "_wirewatch_memo"  # per-corpus-object results kept on the object (options, filtered views)
FILTERED_KEPT = 8  # filtered views kept per corpus (the last few selections of its sessions)
PARAM_OUTLET, PARAM_FROM, PARAM_TO, PARAM_SPEAKER = "outlet", "from", "to", "speaker"


@dataclass(frozen=True)
class Selection:
    """What the user chose; empty tuples and None mean "no restriction"."""

    outlets: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    speakers: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.outlets or self.start or self.end or self.speakers)

    @property
    def key(self) -> str:
        return repr((self.outlets, self.start, self.end, self.speakers))


class FilteredCorpus(Corpus):
    """A corpus restricted by a Selection; its fingerprint names the content *and* the filter.

    (A speaker filter keeps articles but drops quotes, which ``Corpus.fingerprint`` alone would
    not see: caches keyed on the fingerprint must not mix the two.)
    """

    view: str = ""

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1((super().fingerprint + self.view).encode()).hexdigest()[:16]


def outlet_labels(articles: pd.DataFrame) -> pd.Series:
    """The outlet of each article as shown in the filter (unknown outlets get a label)."""
    return articles["source"].astype("string").fillna(UNKNOWN_OUTLET)


def _once(corpus: Corpus, name: str, make):
    """``make()`` computed once per corpus object and kept on it (corpora are never changed
    after they are built or loaded, and the app's corpora are cached objects)."""
    known = corpus.__dict__.setdefault(MEMO, {})
    if name not in known:
        known[name] = make()
    return known[name]


def outlet_options(corpus: Corpus) -> list[str]:
    return _once(corpus, "outlets", lambda: sorted(outlet_labels(corpus.articles).unique()))


def speaker_options(corpus: Corpus) -> list[str]:
    return _once(corpus, "speakers", lambda: sorted(corpus.quotes["speaker"].dropna().unique()))


def date_bounds(corpus: Corpus) -> tuple[dt.date, dt.date] | None:
    """First and last publication date, or None when no article has one."""
    return _once(corpus, "bounds", lambda: _bounds(corpus))


def _bounds(corpus: Corpus) -> tuple[dt.date, dt.date] | None:
    published = corpus.articles["published"].dropna()
    if published.empty:
        return None
    return published.min().date(), published.max().date()


def restricted(corpus: Corpus, selection: Selection) -> Corpus:
    """``corpus`` with every table restricted consistently to ``selection``."""
    if not selection.active:
        return corpus
    articles = corpus.articles
    keep = pd.Series(True, index=articles.index)
    if selection.outlets:
        keep &= outlet_labels(articles).isin(selection.outlets)
    published = articles["published"].dt.normalize()
    if selection.start:  # articles without a date are outside any date range
        keep &= (published >= pd.Timestamp(selection.start)).fillna(False)
    if selection.end:
        keep &= (published <= pd.Timestamp(selection.end)).fillna(False)
    quotes = corpus.quotes
    if selection.speakers:
        quotes = quotes[quotes["speaker"].isin(selection.speakers).fillna(False)]
        keep &= articles["article_id"].isin(quotes["article_id"])
    articles = articles[keep.astype(bool)]
    ids = articles["article_id"]
    sentences = corpus.sentences[corpus.sentences["article_id"].isin(ids)]
    quotes = quotes[quotes["article_id"].isin(ids)]
    sentence_ids = sentences["sentence_id"]
    links = corpus.links
    overlap = corpus.overlap
    tables = {
        "articles": articles,
        "sentences": sentences,
        "quotes": quotes,
        "speakers": _speakers(corpus.speakers, quotes),
        "events": corpus.events[corpus.events["article_id"].isin(ids)],
        "overlap": overlap[overlap["article_a"].isin(ids) & overlap["article_b"].isin(ids)],
        "links": links[links["sentence_a"].isin(sentence_ids) & links["sentence_b"].isin(sentence_ids)],
        "problems": corpus.problems,
        # wire copy traced: the chosen articles' rows; stories and clusters as built (a story is
        # still named by its fullest version when that one is filtered out)
        "clusters": corpus.clusters,
        "provenance": corpus.provenance[corpus.provenance["article_id"].isin(ids)],
        "stories": corpus.stories[
            corpus.stories["story_id"].isin(
                corpus.provenance.loc[corpus.provenance["article_id"].isin(ids), "story_id"]
            )
        ],
        "edits": corpus.edits[corpus.edits["article_id"].isin(ids)],
    }
    result = FilteredCorpus(**{name: table.reset_index(drop=True) for name, table in tables.items()})
    result.view = selection.key
    return data.derived_from(result, corpus, f"restricted {selection.key}")


def _speakers(speakers: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The speakers still quoted, with their counts and tone recomputed on the kept quotes."""
    counts = quotes.groupby("speaker").agg(
        n_quotes=("quote_id", "size"), n_articles=("article_id", "nunique"), polarity=("polarity", "mean")
    )
    kept = speakers[speakers["speaker"].isin(counts.index)].drop(columns=list(counts.columns))
    return schema.conform(kept.merge(counts.reset_index(), on="speaker", how="left"), schema.SPEAKERS)


def selection() -> Selection:
    """The selection in this session (no restriction before the sidebar was drawn)."""
    state = st.session_state
    dates = state.get(DATES)
    start, end = _range(dates)
    return Selection(tuple(state.get(OUTLETS) or ()), start, end, tuple(state.get(SPEAKERS) or ()))


def filtered(corpus: Corpus) -> Corpus:
    """The corpus restricted to the sidebar filters (drawn by the router, ``app.py``)."""
    return restricted_once(corpus, _narrowed(selection(), date_bounds(corpus)))


def restricted_once(corpus: Corpus, chosen: Selection) -> Corpus:
    """``restricted(corpus, chosen)``, computed once per corpus object and selection (the last
    ``FILTERED_KEPT`` selections are kept), so a rerun with the same filters gets the same
    FilteredCorpus object back, and with it every cache keyed on it."""
    views = _once(corpus, "views", dict)
    if chosen.key not in views:
        while len(views) >= FILTERED_KEPT:
            views.pop(next(iter(views)))
        views[chosen.key] = restricted(corpus, chosen)
    return views[chosen.key]


def sidebar(corpus: Corpus) -> Selection:
    """Draw the filters in the sidebar, sync them with the URL, and return the selection."""
    outlets, speakers, bounds = outlet_options(corpus), speaker_options(corpus), date_bounds(corpus)
    state, key = st.session_state, data.content_key(corpus)
    if FROM_URL not in state:
        _read_url(outlets, speakers, bounds)
        state[FROM_URL] = True
    elif state.get(FOR_CORPUS) != key:  # a new corpus (an upload): it starts on its full range
        state.pop(NOTE, None)
        if bounds:
            state[DATES] = bounds
    state[FOR_CORPUS] = key
    _drop_stale(outlets, speakers, bounds)
    with st.sidebar:
        st.header("Filters")
        note = state.get(NOTE)
        if note and bounds and tuple(state.get(DATES) or ()) == note[1]:
            st.warning(note[0], icon=":material/info:")  # dates and fixed words only: no user text
        st.multiselect("Outlet", outlets, key=OUTLETS, placeholder="All outlets")
        if bounds:
            st.date_input("Published between", min_value=bounds[0], max_value=bounds[1], key=DATES, format="YYYY-MM-DD")
            st.caption("Articles without a publication date are hidden while the range is narrowed.")
        else:
            st.caption("No article has a publication date: no date filter.")
        if speakers:
            st.multiselect("Speaker", speakers, key=SPEAKERS, placeholder="All speakers")
        else:
            st.caption("No quotes: no speaker filter.")
    current = _narrowed(selection(), bounds)
    _write_url(current)
    return current


def _narrowed(current: Selection, bounds) -> Selection:
    """The selection without a date range that spans the whole corpus (that restricts nothing)."""
    if bounds and (current.start, current.end) == bounds:
        return Selection(current.outlets, None, None, current.speakers)
    return current


def _range(dates) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) from a date_input value: a pair, or one date while the user is choosing."""
    if not dates:
        return None, None
    if isinstance(dates, dt.date):
        return dates, dates
    dates = tuple(dates)
    return (dates[0], dates[-1]) if dates else (None, None)


def _read_url(outlets: list[str], speakers: list[str], bounds) -> None:
    params = st.query_params
    st.session_state[OUTLETS] = [o for o in params.get_all(PARAM_OUTLET) if o in outlets]
    st.session_state[SPEAKERS] = [s for s in params.get_all(PARAM_SPEAKER) if s in speakers]
    if bounds:
        st.session_state[DATES], note = linked_range(_date(params.get(PARAM_FROM)), _date(params.get(PARAM_TO)), bounds)
        if note:
            st.session_state[NOTE] = (note, st.session_state[DATES])


def linked_range(start, end, bounds) -> tuple[tuple[dt.date, dt.date], str | None]:
    """The date range a link asks for, kept within the corpus's ``bounds``, and a note for the
    reader when it was changed: a range wholly outside the corpus is dropped (every date shown),
    one partly outside is cut to the corpus's dates."""
    if not start and not end:
        return bounds, None
    asked = (start or min(bounds[0], end), end or max(bounds[1], start))
    if asked[0] > asked[1]:  # a hand-edited link with the dates the wrong way round
        asked = asked[::-1]
    shown = f"{asked[0]:%d %b %Y} to {asked[1]:%d %b %Y}"
    corpus = f"{bounds[0]:%d %b %Y} to {bounds[1]:%d %b %Y}"
    if asked[1] < bounds[0] or asked[0] > bounds[1]:
        return bounds, f"The link's dates ({shown}) lie outside this corpus ({corpus}): showing every date."
    kept = (max(asked[0], bounds[0]), min(asked[1], bounds[1]))
    if kept != asked:
        return kept, f"The link's dates ({shown}) were cut to this corpus's dates ({corpus})."
    return kept, None


def _drop_stale(outlets: list[str], speakers: list[str], bounds) -> None:
    """Keep only choices the current corpus offers (the corpus changes on upload)."""
    state = st.session_state
    state[OUTLETS] = [o for o in state.get(OUTLETS) or () if o in outlets]
    state[SPEAKERS] = [s for s in state.get(SPEAKERS) or () if s in speakers]
    if bounds:
        start, end = _range(state.get(DATES))
        start = min(max(start or bounds[0], bounds[0]), bounds[1])
        end = max(min(end or bounds[1], bounds[1]), start)
        state[DATES] = (start, end)
    else:
        state.pop(DATES, None)


def _write_url(current: Selection) -> None:
    params = st.query_params
    wanted = {
        PARAM_OUTLET: list(current.outlets),
        PARAM_SPEAKER: list(current.speakers),
        PARAM_FROM: current.start.isoformat() if current.start else None,
        PARAM_TO: current.end.isoformat() if current.end else None,
    }
    for name, value in wanted.items():
        if value:
            if params.get_all(name) != ([value] if isinstance(value, str) else value):
                params[name] = value
        elif name in params:
            del params[name]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:  # a hand-edited link: ignore the bad date, keep the rest
        return None
