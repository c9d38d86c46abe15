"""Chart builders: the corpus tables → plotly Figures (and the small tables behind them).

Plain functions, no Streamlit: the pages, the tests and ``dashboard.export`` call the same
builders. Conventions:

- A builder returns ``None`` when its tables hold nothing to draw (no quotes, no dates, a
  single article for a pairwise chart). The caller shows a sentence instead of an empty axis
  (``widgets.chart`` does this), so every empty state is decided in one place per chart.
- Every outlet has one colour in every chart: ``outlet_colours(articles)`` maps the outlets of
  the *whole* corpus to a palette in sorted order, and builders take that map as ``colours``
  (pages pass the unfiltered corpus' map so filtering never repaints an outlet).
- Figures set no template: in the app Streamlit's theme gives them light or dark colours; the
  export command applies ``EXPORT_TEMPLATE``. The palette is mid-luminance (plotly's
  colour-blind-safe "Safe" set first) so lines and bars read on white and on dark grey.
- User text reaches plotly only as data (hover text, labels), escaped in one place:
  ``_style`` passes every figure through ``safe_text.figure`` (plotly reads a few HTML tags in
  ticks, legends and text; an outlet named ``<a href=…>`` must show as typed).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard import safe_text
from data_pipeline import Corpus

UNKNOWN_OUTLET = "(unknown outlet)"  # as the sidebar filter names it (dashboard.filters)
UNKNOWN_SPEAKER = "Unknown speaker"
PALETTE = tuple(dict.fromkeys(px.colors.qualitative.Safe + px.colors.qualitative.Vivid + px.colors.qualitative.D3))
SEQUENTIAL = "Blues"  # white at zero: nothing shared is the least prominent colour, not the darkest
EXPORT_TEMPLATE = "plotly_white"
NEUTRAL = 0.05  # |polarity| below this reads as neutral (TextBlob gives many small non-zero scores)
TONE_COLOURS = {"negative": "#d1495b", "neutral": "#8d99ae", "positive": "#2e86ab"}  # mid-luminance: light and dark
TOP_OUTLETS = 10  # outlets named in a chart by default; the rest are one "other outlets" row or colour
OTHER_COLOUR = "#a0a0a0"  # "other outlets": mid-grey, no outlet's colour
TOP_SPEAKERS = 20  # bars beyond this are unreadable; the table below the chart has them all
LABEL_LENGTH = 32  # characters of a title kept in axis labels
HOVER_LENGTH = 200  # characters of a sentence kept in hover text
PICKER_LABEL = 140  # characters of a quote named in the quote picker
SHORT_ID = 6  # characters of an article id shown to tell two same-titled articles apart
TOP_SHARING = 12  # outlets in the share matrix and the network by default (those sharing the most copy)
LINKS_PER_OUTLET = 3  # the network draws each outlet's strongest links only
NETWORK_HEIGHT = 560
LINK_WIDTHS = (1, 2.5, 4.5, 7, 10)  # line widths of the network, thinnest (least shared) first
OUTLINE = "#7f7f7f"  # mid-grey: a marker outline visible on white and on dark grey
BOX_POINTS = 2000  # above this many sentences a box plot draws outliers only, not every point
EXTREMES = 5  # most positive / negative sentences listed
CHART_HEIGHT = 420
MATRIX_ROW_HEIGHT = 28  # pixels per row of a heatmap, so labels never overlap
GRANULARITIES = {"day": "D", "week": "W", "month": "M"}
DAY_MS = 86_400_000
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.4}  # a period's length, for axis padding and bar widths
TICKS = {"day": (DAY_MS, "%-d %b %Y"), "week": (7 * DAY_MS, "%-d %b %Y"), "month": ("M1", "%b %Y")}  # dtick, label
MAX_PERIOD_TICKS = 14  # up to this many periods, one tick each; beyond, plotly spaces them
BAR_SHARE = 0.8  # a bar covers this share of its period
MIN_PERIODS = 7  # a date axis shows at least this many periods (one day is not drawn plot-wide)
SMALL_COUNTS = 10  # a count axis up to this shows every whole number; above, plotly's spacing (whole numbers)
SHARED, NEAR, OWN = "shared", "near-shared", "own"


# --- shared pieces ---------------------------------------------------------------------------


def outlets(articles: pd.DataFrame) -> pd.Series:
    """Each article's outlet (``source``), ``UNKNOWN_OUTLET`` where it could not be determined."""
    return articles["source"].fillna(UNKNOWN_OUTLET).astype("string")


def outlet_colours(articles: pd.DataFrame) -> dict[str, str]:
    """One colour per outlet, the largest outlets first (ties by name), so the outlets a chart
    names (the largest) get distinct colours; deterministic."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ranked_outlets(articles))}


def ranked_outlets(articles: pd.DataFrame) -> list[str]:
    """Outlets by number of articles, most first (ties by name)."""
    counts = outlets(articles).value_counts()
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))]


def other_outlets(n: int) -> str:
    return f"other outlets ({n})"


def _named_outlets(table: pd.DataFrame, articles: pd.DataFrame, top: int, colours: Mapping[str, str] | None):
    """``table`` with its ``outlet`` column kept for the ``top`` largest outlets of ``articles``
    and "other outlets (n)" for the rest; the order to draw them in, and a colour map in which no
    two named outlets share a colour."""
    ranked = ranked_outlets(articles)
    keep = ranked[:top]
    order = list(keep)
    if len(ranked) > top:
        other = other_outlets(len(ranked) - top)
        table = table.assign(outlet=table["outlet"].where(table["outlet"].isin(keep), other))
        order.append(other)
    colours = _colours(colours, articles)
    shown, used = {}, set()
    for name in keep:
        colour = colours.get(name)
        if colour is None or colour in used:  # a palette shorter than the outlets: pick an unused one
            colour = next((c for c in PALETTE if c not in used), colour)
        shown[name] = colour
        used.add(colour)
    if len(order) > len(keep):
        shown[order[-1]] = OTHER_COLOUR
    return table, order, shown


def article_labels(articles: pd.DataFrame) -> pd.Series:
    """Short, unique labels for articles: ``outlet · title`` (id appended where two collide)."""
    titles = articles["title"].fillna("(untitled)").astype(str)
    short = titles.where(titles.str.len() <= LABEL_LENGTH, titles.str.slice(0, LABEL_LENGTH - 1) + "…")
    labels = outlets(articles).astype(str) + " · " + short
    ids = articles["article_id"].astype(str)
    clash = labels.duplicated(keep=False)
    labels = labels.where(~clash, labels + " [" + ids.str.slice(0, SHORT_ID) + "]")
    clash = labels.duplicated(keep=False)  # ids may share a prefix: then the whole id
    labels = labels.where(~clash, outlets(articles).astype(str) + " · " + short + " [" + ids + "]")
    return pd.Series(labels.to_numpy(), index=articles["article_id"].to_numpy())


def _colours(colours: Mapping[str, str] | None, articles: pd.DataFrame) -> Mapping[str, str]:
    return colours if colours is not None else outlet_colours(articles)


def _style(figure: go.Figure, title: str, x: str | None, y: str | None, *, height: int = CHART_HEIGHT) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend_title_text="Outlet",
        hoverlabel={"namelength": -1},
    )
    figure.update_xaxes(title_text=x, automargin=True)
    figure.update_yaxes(title_text=y, automargin=True)
    return safe_text.figure(figure)


def _date_axis(figure: go.Figure, dates: pd.Series, granularity: str = "day", *, bars: bool = False) -> go.Figure:
    """A date axis labelled in whole periods (``6 Jan 2022``), padded by one period each side.

    Without this, a single day is drawn as a range of milliseconds (ticks ``23:59:59.9996``) and
    its one bar spans the plot. Bars are ``BAR_SHARE`` of their period wide.
    """
    dates = pd.to_datetime(dates.dropna())
    if dates.empty:
        return figure
    days = PERIOD_DAYS[granularity]
    first, last = dates.min(), dates.max()
    periods = (last - first) / pd.Timedelta(days=days)
    pad = pd.Timedelta(days=days * max(1.0, (MIN_PERIODS - 1 - periods) / 2))
    dtick, label = TICKS[granularity]
    figure.update_xaxes(type="date", range=[first - pad, last + pad], tickformat=label, hoverformat=label)
    if periods <= MAX_PERIOD_TICKS:
        figure.update_xaxes(dtick=dtick)
    if bars:
        figure.update_traces(width=DAY_MS * days * BAR_SHARE, selector={"type": "bar"})
    return figure


def _count_axis(figure: go.Figure, largest: float, axis: str = "y") -> go.Figure:
    """A count axis in whole numbers from zero (plotly ticks 0.5 steps when counts are small)."""
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(rangemode="tozero", tickformat=",d")
    if largest <= SMALL_COUNTS:
        update(tick0=0, dtick=1)
    return figure


def _clip(text: pd.Series, length: int = HOVER_LENGTH) -> pd.Series:
    """Hover text, shortened (``_style`` escapes it with every other string of the figure)."""
    text = text.fillna("").astype(str)
    return text.where(text.str.len() <= length, text.str.slice(0, length - 1) + "…")


def _with_outlet(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with ``article_id``) plus the article's outlet, title and publication date."""
    meta = articles[["article_id", "title", "published"]].assign(outlet=outlets(articles))
    return table.merge(meta, on="article_id", how="left").assign(outlet=lambda t: t["outlet"].fillna(UNKNOWN_OUTLET))


# --- overview --------------------------------------------------------------------------------


def summary(corpus: Corpus) -> dict[str, object]:
    """The corpus at a glance: counts and the publication date span (None when no dates)."""
    articles = corpus.articles
    published = articles["published"].dropna()
    return {
        "Articles": len(articles),
        "Outlets": int(outlets(articles).nunique()),
        "Wires": int(articles["wire"].dropna().nunique()),
        "Quotes": len(corpus.quotes),
        "Speakers": int(corpus.quotes["speaker"].dropna().nunique()),
        "Published": _span(published.min(), published.max()) if len(published) else None,
    }


def _span(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """``7–12 Jan 2022``, ``30 Dec 2021 – 2 Jan 2022`` or ``7 Jan 2022``: a date span for a headline."""
    if first.date() == last.date():
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def outlet_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: articles, wires credited, mean originality and tone."""
    table = articles.assign(outlet=outlets(articles))
    return (
        table.groupby("outlet", as_index=False)
        .agg(
            articles=("article_id", "size"),
            wires=("wire", lambda w: ", ".join(sorted(set(w.dropna())))),
            originality=("originality", "mean"),
            polarity=("polarity", "mean"),
        )
        .sort_values(["articles", "outlet"], ascending=[False, True], ignore_index=True)
    )


def coverage(articles: pd.DataFrame, granularity: str = "day") -> pd.DataFrame:
    """Articles per period and outlet (articles without a date are left out)."""
    dated = articles.dropna(subset=["published"])
    period = dated["published"].dt.to_period(GRANULARITIES[granularity]).dt.start_time
    return (
        dated.assign(outlet=outlets(dated), period=period)
        .groupby(["period", "outlet"], as_index=False)
        .size()
        .rename(columns={"size": "articles"})
    )


def coverage_over_time(
    articles: pd.DataFrame, colours: Mapping[str, str] | None = None, granularity: str = "day", top: int = TOP_OUTLETS
) -> go.Figure | None:
    """Stacked bars: articles per period, coloured by outlet (the ``top`` largest; the rest as
    one grey "other outlets"). None without any dated article."""
    table = coverage(articles, granularity)
    if table.empty:
        return None
    table, order, shown = _named_outlets(table, articles, top, colours)
    table = table.groupby(["period", "outlet"], as_index=False)["articles"].sum()
    figure = px.bar(
        table, x="period", y="articles", color="outlet", color_discrete_map=shown,
        category_orders={"outlet": [name for name in order if name in set(table["outlet"])]},
    )
    _date_axis(figure, table["period"], granularity, bars=True)
    _count_axis(figure, table.groupby("period")["articles"].sum().max())
    return _style(figure, f"Coverage over time (per {granularity})", "Publication date", "Articles")


def originality_by_outlet(
    articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_OUTLETS
) -> go.Figure | None:
    """Bars: mean originality (share of sentences found in no other article) of the ``top``
    largest outlets and of the other outlets together, sorted, each bar labelled."""
    rated = articles.dropna(subset=["originality"])
    if rated.empty:
        return None
    table, _, shown = _named_outlets(rated.assign(outlet=outlets(rated)), rated, top, colours)
    table = table.groupby("outlet", as_index=False).agg(originality=("originality", "mean"), articles=("article_id", "size"))
    table = table.sort_values(["originality", "outlet"], ascending=[True, False])
    figure = px.bar(
        table, x="originality", y="outlet", color="outlet", orientation="h", color_discrete_map=shown,
        hover_data={"articles": True}, text="originality",
    )
    figure.update_traces(texttemplate="%{x:.0%}", textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, 1.1], tickformat=".0%")
    figure.update_layout(showlegend=False)
    title = "Originality by outlet (share of sentences found in no other article)"
    return _style(figure, title + (f", the {top} largest outlets" if len(table) > top else ""), "Originality", None,
                  height=max(CHART_HEIGHT, len(table) * MATRIX_ROW_HEIGHT + 160))


# --- timeline --------------------------------------------------------------------------------


def timeline(
    events: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None, granularity: str = "day",
    background: bool = False,
) -> go.Figure | None:
    """The story's named events on a date axis (``dashboard.story.timeline``). None without events."""
    from dashboard import story  # story builds on this module's helpers

    return story.timeline(events, articles, colours, granularity, background)


# --- quotes ----------------------------------------------------------------------------------


def quotes_table(quotes: pd.DataFrame, articles: pd.DataFrame, speakers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quotes with speaker, role, cue, text, outlet and date: the searchable table."""
    table = _with_outlet(quotes, articles).assign(speaker=lambda t: t["speaker"].fillna(UNKNOWN_SPEAKER))
    if speakers is not None and len(speakers):
        roles = speakers[["speaker", "role"]].drop_duplicates("speaker").rename(columns={"role": "speaker_role"})
        table = table.merge(roles, on="speaker", how="left").assign(role=lambda t: t["role"].fillna(t["speaker_role"]))
    columns = ["speaker", "role", "cue", "kind", "text", "outlet", "published", "polarity", "quote_id", "quote_cluster"]
    return table[columns].sort_values(["speaker", "outlet", "quote_id"], ignore_index=True)


def search_quotes(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows of ``quotes_table`` whose speaker, cue, text or outlet contains ``query`` (any case)."""
    query = query.strip()
    if not query:
        return table
    fields = ["speaker", "role", "cue", "text", "outlet"]
    hit = pd.Series(False, index=table.index)
    for field in fields:
        hit |= table[field].astype("string").str.contains(query, case=False, regex=False).fillna(False).astype(bool)
    return table[hit].reset_index(drop=True)


def speaker_outlet_counts(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotes per speaker and outlet (long form), most quoted speakers first."""
    table = _with_outlet(quotes, articles).assign(speaker=lambda t: t["speaker"].fillna(UNKNOWN_SPEAKER))
    counts = table.groupby(["speaker", "outlet"], as_index=False).size().rename(columns={"size": "quotes"})
    totals = counts.groupby("speaker")["quotes"].transform("sum")
    return counts.assign(total=totals).sort_values(["total", "speaker", "outlet"], ascending=[False, True, True], ignore_index=True)


# The Quotes page's choice of whom to count: the pipeline's ``speaker_type`` (None: every quote,
# those with no resolved speaker included as UNKNOWN_SPEAKER).
SPEAKER_TYPES = {"People": "person", "Organisations": "organisation", "Anonymous sources": "anonymous", "All": None}


def quotes_of_type(quotes: pd.DataFrame, speaker_type: str | None) -> pd.DataFrame:
    """The quotes whose speaker is of ``speaker_type``; all of them for None or a table without
    the ``speaker_type`` column."""
    if speaker_type is None or "speaker_type" not in quotes.columns:
        return quotes
    return quotes[quotes["speaker_type"].eq(speaker_type).fillna(False).astype(bool)]


def quotes_by_speaker(
    quotes: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_SPEAKERS,
    outlets_shown: int = TOP_OUTLETS, speaker_type: str | None = None,
) -> go.Figure | None:
    """Horizontal bars: quotes per speaker of ``speaker_type`` (the ``top`` most quoted), stacked
    by outlet (the ``outlets_shown`` largest; the rest as one grey "other outlets")."""
    counts = speaker_outlet_counts(quotes_of_type(quotes, speaker_type), articles)
    if counts.empty:
        return None
    keep = counts.drop_duplicates("speaker")["speaker"].head(top)
    counts, order, shown = _named_outlets(counts[counts["speaker"].isin(keep)], articles, outlets_shown, colours)
    counts = counts.groupby(["speaker", "outlet"], as_index=False)["quotes"].sum()
    figure = px.bar(
        counts, x="quotes", y="speaker", color="outlet", orientation="h", color_discrete_map=shown,
        category_orders={"speaker": list(keep), "outlet": [name for name in order if name in set(counts["outlet"])]},
    )
    _count_axis(figure, counts.groupby("speaker")["quotes"].sum().max(), axis="x")
    title = "Quotes by speaker" + (f" (top {top})" if len(keep) == top else "")
    return _style(figure, title, "Quotes", None, height=max(CHART_HEIGHT, len(keep) * MATRIX_ROW_HEIGHT + 160))


def speaker_outlet_matrix(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    top: int = TOP_SPEAKERS,
    speaker_type: str | None = None,
    outlets_shown: int = TOP_OUTLETS,
) -> go.Figure | None:
    """Heatmap: speakers (of ``speaker_type``) × outlets, the number of quotes each outlet gives
    each speaker; the ``outlets_shown`` outlets quoting them most, the others one column."""
    counts = speaker_outlet_counts(quotes_of_type(quotes, speaker_type), articles)
    if counts.empty:
        return None
    keep = counts.drop_duplicates("speaker")["speaker"].head(top)
    counts = counts[counts["speaker"].isin(keep)]
    by_outlet = counts.groupby("outlet")["quotes"].sum()
    ranked = [name for name, _ in sorted(by_outlet.items(), key=lambda item: (-item[1], str(item[0])))]
    named = ranked[:outlets_shown]
    columns = list(named)
    if len(ranked) > len(named):
        other = other_outlets(len(ranked) - len(named))
        counts = counts.assign(outlet=counts["outlet"].where(counts["outlet"].isin(named), other))
        columns.append(other)
    matrix = (
        counts.pivot_table(index="speaker", columns="outlet", values="quotes", fill_value=0, aggfunc="sum")
        .reindex(index=list(keep), columns=columns, fill_value=0)
        .rename_axis(index=None, columns=None)
    )
    figure = px.imshow(matrix, text_auto=True, color_continuous_scale=SEQUENTIAL, aspect="auto")
    figure.update_layout(coloraxis_colorbar_title_text="Quotes")
    _every_label(figure, matrix)
    shown = f", the {len(named)} outlets quoting them most" if len(ranked) > len(named) else ""
    return _style(
        figure,
        f"Who is quoted where (speaker × outlet{shown})",
        "Outlet",
        "Speaker",
        height=max(CHART_HEIGHT, len(keep) * MATRIX_ROW_HEIGHT + 200),
    )


def quote_kinds(
    quotes: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_OUTLETS
) -> go.Figure | None:
    """Bars: quotes by kind (full / partial / indirect), stacked by outlet (the ``top`` largest)."""
    if quotes.empty:
        return None
    table = _with_outlet(quotes, articles).assign(kind=lambda t: t["kind"].fillna("unknown"))
    table, order, shown = _named_outlets(table, articles, top, colours)
    counts = table.groupby(["kind", "outlet"], as_index=False).size().rename(columns={"size": "quotes"})
    figure = px.bar(
        counts, x="kind", y="quotes", color="outlet", color_discrete_map=shown,
        category_orders={"kind": ["full", "partial", "indirect", "unknown"],
                         "outlet": [name for name in order if name in set(counts["outlet"])]},
    )
    _count_axis(figure, counts.groupby("kind")["quotes"].sum().max())
    return _style(figure, "Kinds of quotation", "Kind", "Quotes")


def quote_choices(table: pd.DataFrame, label_length: int = PICKER_LABEL) -> pd.DataFrame:
    """The "one quote across outlets" picker's entries: one per quote (``quote_cluster``; a quote
    without one stands alone) of ``quotes_table`` rows, the most widely carried first.

    ``quote_id`` is the cluster's most common wording (the reference the variants are compared
    with); ``label`` names speaker, words and reach and is unique (a selectbox tells its options
    apart by label: two equal labels would make one of them unreachable).
    """
    if table.empty:
        return pd.DataFrame({"quote_id": pd.Series(dtype="string"), "label": pd.Series(dtype="string"),
                             "outlets": pd.Series(dtype="int64")})
    rows = table.assign(cluster=table["quote_cluster"].astype("string").fillna("quote:" + table["quote_id"].astype(str)))
    wording = rows.groupby(["cluster", "text"], dropna=False, sort=False)["quote_id"].agg(["size", "min"]).reset_index()
    reference = wording.sort_values(["cluster", "size", "min"], ascending=[True, False, True]).drop_duplicates("cluster")
    reach = rows.groupby("cluster").agg(outlets=("outlet", "nunique"), carried=("quote_id", "size"))
    choices = reference.rename(columns={"min": "quote_id"}).merge(reach, on="cluster")
    speaker = rows.drop_duplicates("quote_id").set_index("quote_id")["speaker"]
    choices = choices.assign(speaker=choices["quote_id"].map(speaker).fillna(UNKNOWN_SPEAKER).astype(str))
    choices = choices.sort_values(["outlets", "carried", "speaker", "quote_id"], ascending=[False, False, True, True])
    text = choices["text"].fillna("").astype(str)
    short = text.where(text.str.len() <= label_length, text.str.slice(0, label_length - 1) + "…")
    reach_text = choices["outlets"].map(lambda n: f"{n} outlet{'s' * (n != 1)}")
    label = choices["speaker"] + " — “" + short + "” (" + reach_text + ")"
    repeat = label.groupby(label).cumcount()
    label = label.where(repeat == 0, label + " #" + (repeat + 1).astype(str))
    return pd.DataFrame({"quote_id": choices["quote_id"].to_numpy(), "label": label.to_numpy(),
                         "outlets": choices["outlets"].to_numpy()})


def quote_variants(quotes: pd.DataFrame, articles: pd.DataFrame, quote_id: str) -> pd.DataFrame:
    """Every outlet that carried the chosen quote (same ``quote_cluster``) and how its wording differs.

    ``similarity`` is difflib's ratio over words against the chosen quote; ``differences`` lists
    words dropped (−) and added (+), the way a sub-editor's changes read in a tracked copy.
    """
    chosen = quotes[quotes["quote_id"] == quote_id]
    if chosen.empty:
        return pd.DataFrame(columns=["outlet", "speaker", "text", "similarity", "differences", "quote_id"])
    reference = chosen.iloc[0]
    cluster = reference["quote_cluster"]
    same = quotes[quotes["quote_cluster"] == cluster] if pd.notna(cluster) else chosen
    table = _with_outlet(same, articles)
    base = str(reference["text"] or "").split()
    similarity, differences = [], []
    for text in table["text"].fillna("").astype(str):
        words = text.split()
        matcher = difflib.SequenceMatcher(a=base, b=words, autojunk=False)
        similarity.append(round(matcher.ratio(), 3))
        changes = []
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                changes.append("−" + " ".join(base[a0:a1]))
            if op in ("insert", "replace"):
                changes.append("+" + " ".join(words[b0:b1]))
        differences.append("; ".join(changes) or "identical")
    return (
        table.assign(similarity=similarity, differences=differences)[
            ["outlet", "speaker", "text", "similarity", "differences", "published", "quote_id"]
        ]
        .sort_values(["similarity", "outlet"], ascending=[False, True], ignore_index=True)
    )


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles as a reader wants them listed: outlet, title, wire, date, size, tone, originality."""
    return articles.assign(outlet=outlets(articles))[
        ["outlet", "title", "wire", "published", "date_source", "n_sentences", "polarity", "originality"]
    ].sort_values(["published", "outlet"], ignore_index=True)


# --- overlap ---------------------------------------------------------------------------------


def outlet_shares(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Ordered outlet pairs: how many of the first outlet's sentences are found in an article of
    the second (``sentences``), and their share of its sentences (``share``).

    Read from the clusters as the side-by-side reads them: a sentence is found in another outlet
    when an article of that outlet has a sentence of the same ``cluster_id`` (sentences the
    overlap step set aside, ``aligned`` false, are not). Pairs sharing nothing are left out.
    The cost is the sum over clusters of their outlets squared, not all pairs of articles.
    """
    columns = ["outlet", "other", "sentences", "share"]
    outlet_of = pd.Series(outlets(articles).to_numpy(), index=articles["article_id"].to_numpy())
    rows = sentences[sentences["article_id"].isin(outlet_of.index)]
    rows = rows.assign(outlet=rows["article_id"].map(outlet_of))
    totals = rows.groupby("outlet").size()
    clustered = rows.dropna(subset=["cluster_id"])
    present = clustered[["cluster_id", "outlet"]].drop_duplicates()
    counted = clustered
    if "aligned" in clustered.columns:
        counted = clustered[clustered["aligned"].fillna(True).astype(bool)]
    counts = counted.groupby(["cluster_id", "outlet"], as_index=False).size()
    pairs = counts.merge(present.rename(columns={"outlet": "other"}), on="cluster_id")
    pairs = pairs[pairs["outlet"] != pairs["other"]]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    shared = pairs.groupby(["outlet", "other"], as_index=False)["size"].sum().rename(columns={"size": "sentences"})
    shared["share"] = shared["sentences"] / shared["outlet"].map(totals)
    return shared.sort_values(["sentences", "outlet", "other"], ascending=[False, True, True], ignore_index=True)[
        columns
    ]


def sharing_outlets(sentences: pd.DataFrame, articles: pd.DataFrame) -> list[str]:
    """Outlets by shared copy, most first: the sentences of theirs found in another outlet
    (counted once however many outlets carry them; ties by name)."""
    shares = outlet_shares(sentences, articles)
    if shares.empty:
        return []
    outlet_of = pd.Series(outlets(articles).to_numpy(), index=articles["article_id"].to_numpy())
    rows = sentences[sentences["article_id"].isin(outlet_of.index)].dropna(subset=["cluster_id"])
    rows = rows.assign(outlet=rows["article_id"].map(outlet_of))
    if "aligned" in rows.columns:
        rows = rows[rows["aligned"].fillna(True).astype(bool)]
    outlets_per_cluster = rows.groupby("cluster_id")["outlet"].nunique()
    found = rows[rows["cluster_id"].map(outlets_per_cluster) > 1].groupby("outlet").size()
    return [name for name, _ in sorted(found.items(), key=lambda item: (-item[1], str(item[0])))]


def outlet_share_table(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``outlet_shares`` for people: every pair of outlets sharing copy, most shared first."""
    return outlet_shares(sentences, articles).rename(
        columns={"outlet": "Outlet", "other": "Found in", "sentences": "Its sentences found there",
                 "share": "Share of its sentences"}
    )  # fmt: skip


def share_matrix_table(sentences: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_SHARING) -> pd.DataFrame:
    """Outlet × outlet, for the ``top`` outlets sharing the most copy (``sharing_outlets``): the
    share of the row outlet's sentences found in the column outlet (blank on the diagonal)."""
    order = sharing_outlets(sentences, articles)[:top]
    shares = outlet_shares(sentences, articles)
    shares = shares[shares["outlet"].isin(order) & shares["other"].isin(order)]
    matrix = (
        shares.pivot_table(index="outlet", columns="other", values="share", aggfunc="sum")
        .reindex(index=order, columns=order)
        .fillna(0.0)
    )
    for name in order:
        matrix.loc[name, name] = float("nan")  # an outlet with itself says nothing
    return matrix.rename_axis(index=None, columns=None)


def share_matrix(sentences: pd.DataFrame, articles: pd.DataFrame, top: int = TOP_SHARING) -> go.Figure | None:
    """Heatmap of ``share_matrix_table`` (white: nothing shared). None when no two outlets share."""
    matrix = share_matrix_table(sentences, articles, top)
    if len(matrix) < 2:
        return None
    total = len(sharing_outlets(sentences, articles))
    shown = f"the {len(matrix)} outlets sharing the most, of {total}" if len(matrix) < total else f"{len(matrix)} outlets"
    figure = px.imshow(matrix, zmin=0, zmax=1, color_continuous_scale=SEQUENTIAL, aspect="auto", text_auto=".0%")
    figure.update_traces(hovertemplate="%{z:.0%} of %{y}'s sentences are found in %{x}<extra></extra>")
    figure.update_layout(coloraxis_colorbar={"title": {"text": "Share"}, "tickformat": ".0%"})
    _every_label(figure, matrix)
    return _style(figure, f"Shared copy between outlets ({shown})", "… found in this outlet",
                  "Share of this outlet's sentences …", height=max(CHART_HEIGHT, len(matrix) * MATRIX_ROW_HEIGHT + 220))


def _every_label(figure: go.Figure, matrix: pd.DataFrame) -> None:
    """Label every row and column of a heatmap (plotly thins category ticks otherwise)."""
    figure.update_xaxes(tickmode="array", tickvals=list(matrix.columns), tickangle=-35)
    figure.update_yaxes(tickmode="array", tickvals=list(matrix.index))


def outlet_network(
    sentences: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_SHARING
) -> go.Figure | None:
    """The ``top`` outlets sharing the most copy on a circle, linked by lines as thick as the
    sentences they share (both ways). None without links."""
    import math

    names = sharing_outlets(sentences, articles)[:top]
    shares = outlet_shares(sentences, articles)
    shares = shares[shares["outlet"].isin(names) & shares["other"].isin(names)]
    if shares.empty:
        return None
    links = shares.assign(
        first=shares[["outlet", "other"]].min(axis=1), second=shares[["outlet", "other"]].max(axis=1)
    ).groupby(["first", "second"], as_index=False)["sentences"].sum()
    # each outlet's strongest links only: with every link drawn, a dozen outlets that all share a
    # little (one common quote) are a hairball; the table lists every pair
    ends = pd.concat([links.assign(end=links["first"]), links.assign(end=links["second"])])
    strongest = ends.sort_values(["sentences", "first", "second"], ascending=[False, True, True])
    strongest = strongest.groupby("end").head(LINKS_PER_OUTLET)
    links = links.merge(strongest[["first", "second"]].drop_duplicates(), on=["first", "second"])
    colours = _colours(colours, articles)
    position = {
        name: (math.cos(math.pi / 2 - 2 * math.pi * i / len(names)), math.sin(math.pi / 2 - 2 * math.pi * i / len(names)))
        for i, name in enumerate(names)
    }
    widest = links["sentences"].max()
    links = links.assign(width=(links["sentences"] / widest * (len(LINK_WIDTHS) - 1)).round().astype(int))
    figure = go.Figure()
    for step, width in enumerate(LINK_WIDTHS):  # one trace per line width: a few traces, not one per link
        x, y = [], []
        for row in links[links["width"] == step].itertuples():
            (x0, y0), (x1, y1) = position[row.first], position[row.second]
            x += [x0, x1, None]
            y += [y0, y1, None]
        if x:
            figure.add_trace(go.Scatter(x=x, y=y, mode="lines", showlegend=False, hoverinfo="skip",
                                        line={"width": width, "color": "rgba(128,128,128,0.55)"}))
    middles = [((position[a][0] + position[b][0]) / 2, (position[a][1] + position[b][1]) / 2)
               for a, b in zip(links["first"], links["second"], strict=True)]  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=[m[0] for m in middles], y=[m[1] for m in middles], mode="markers", showlegend=False,
            marker={"size": 8, "opacity": 0}, customdata=links[["first", "second", "sentences"]].to_numpy(),
            hovertemplate="%{customdata[0]} ↔ %{customdata[1]}<br>%{customdata[2]} shared sentences<extra></extra>",
        )
    )  # fmt: skip
    for name in names:
        x, y = position[name]
        figure.add_trace(
            go.Scatter(
                x=[x], y=[y], mode="markers+text", name=name, text=[name], showlegend=False,
                textposition="top center" if y >= 0 else "bottom center",
                marker={"size": 18, "color": colours.get(name, OTHER_COLOUR)}, hovertemplate="%{text}<extra></extra>",
            )
        )  # fmt: skip
    figure.update_xaxes(visible=False, range=[-1.6, 1.6])
    figure.update_yaxes(visible=False, range=[-1.35, 1.35], scaleanchor="x")
    total = len(sharing_outlets(sentences, articles))
    shown = f"the {len(names)} sharing the most, of {total}" if len(names) < total else f"{len(names)}"
    return _style(figure, f"Outlets linked by shared sentences ({shown}; each outlet's {LINKS_PER_OUTLET} strongest links)",
                  None, None, height=NETWORK_HEIGHT)


def most_shared_pair(overlap: pd.DataFrame, articles: pd.DataFrame) -> tuple[str, str] | None:
    """The two articles sharing the most sentences (a useful first comparison), else None."""
    known = set(articles["article_id"])
    pairs = overlap[overlap["article_a"].isin(known) & overlap["article_b"].isin(known) & (overlap["article_a"] != overlap["article_b"])]
    pairs = pairs[pairs["shared_sentences"].fillna(0) > 0]
    if pairs.empty:
        return None
    best = pairs.sort_values(["shared_sentences", "article_a", "article_b"], ascending=[False, True, True]).iloc[0]
    return str(best["article_a"]), str(best["article_b"])


def pair_sentence(overlap: pd.DataFrame, article_a: str, article_b: str) -> str:
    """What the overlap table says of two articles, in words (the side-by-side must agree)."""
    rows = overlap.set_index(["article_a", "article_b"])
    counts = []
    for first, second in ((article_a, article_b), (article_b, article_a)):
        if (first, second) in rows.index:
            row = rows.loc[(first, second)]
            row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
            counts.append((int(row["shared_sentences"]), float(row["share_a"])))
        else:
            counts.append((0, 0.0))
    (left, left_share), (right, right_share) = counts
    if not left and not right:
        return "The overlap table: these two articles share no sentence."
    return (
        f"The overlap table: {left:,} of the first article's sentences ({left_share:.0%}) are found in the second, "
        f"and {right:,} of the second's ({right_share:.0%}) in the first."
    )


def sentence_table(marked: pd.DataFrame) -> pd.DataFrame:
    """A ``side_by_side`` half for people: sentence number, status, text."""
    return marked.assign(position=marked["position"] + 1).rename(
        columns={"position": "Sentence", "status": "In the other article", "text": "Text"}
    )


def side_by_side(sentences: pd.DataFrame, article_a: str, article_b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two articles' sentences in order, each marked shared / near-shared / own.

    Read from the clusters, as the overlap table counts them: a sentence is in the other article
    when a sentence of the other has the same ``cluster_id`` (``shared`` when one of those has the
    same text, ``near-shared`` when all are edited variants), ``own`` otherwise. So the number of
    A's sentences marked shared or near-shared is the pair's ``shared_sentences``. Returned as
    plain tables so the page shows them without building HTML from article text.
    """
    rows_a = sentences[sentences["article_id"] == article_a].sort_values("position")
    rows_b = sentences[sentences["article_id"] == article_b].sort_values("position")
    return _marked(rows_a, rows_b), _marked(rows_b, rows_a)


def _marked(rows: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    clusters = set(other["cluster_id"].dropna())
    same_text = set(zip(other["cluster_id"], other["text"], strict=True))
    in_other = rows["cluster_id"].isin(clusters).to_numpy(dtype=bool, copy=True)
    if "aligned" in rows.columns:
        in_other &= rows["aligned"].fillna(True).to_numpy(dtype=bool)
    exact = [(cluster, text) in same_text for cluster, text in zip(rows["cluster_id"], rows["text"], strict=True)]
    status = [SHARED if o and e else NEAR if o else OWN for o, e in zip(in_other, exact, strict=True)]
    return rows.assign(status=status)[["position", "status", "text"]].reset_index(drop=True)


# --- sentiment -------------------------------------------------------------------------------


def tone_by_outlet(
    sentences: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_OUTLETS
) -> go.Figure | None:
    """Box plots: the polarity of every sentence, per outlet (TextBlob, −1 negative … +1 positive);
    the ``top`` largest outlets, the others one "other outlets" box."""
    table = _with_outlet(sentences.dropna(subset=["polarity"]), articles)
    if table.empty:
        return None
    table, order, shown = _named_outlets(table, articles, top, colours)
    order = [name for name in order if name in set(table["outlet"])]
    title = "Tone by outlet (sentence polarity)" + (f", the {top} largest outlets" if len(order) > top else "")
    if len(table) > BOX_POINTS:
        return _style(_summary_boxes(table, shown, order), title, "Outlet", "Polarity (−1 … +1)")
    table = table.assign(hover=_clip(table["text"]))
    figure = px.box(
        table, x="outlet", y="polarity", color="outlet", points="all", hover_data={"hover": True, "outlet": False},
        color_discrete_map=shown, category_orders={"outlet": order},
    )  # fmt: skip
    figure.update_yaxes(range=[-1.05, 1.05], zeroline=True)
    figure.update_layout(showlegend=False)
    return _style(figure, title, "Outlet", "Polarity (−1 … +1)")


def _summary_boxes(table: pd.DataFrame, colours: Mapping[str, str], order: list[str]) -> go.Figure:
    """Box plots from per-outlet quartiles, so a large corpus does not ship every sentence to the browser."""
    stats = table.groupby("outlet")["polarity"].describe().reindex(order)
    figure = go.Figure(
        [
            go.Box(
                name=str(outlet), x=[outlet], q1=[row["25%"]], median=[row["50%"]], q3=[row["75%"]],
                lowerfence=[row["min"]], upperfence=[row["max"]], mean=[row["mean"]], boxpoints=False,
                marker_color=colours.get(outlet), showlegend=False,
            )
            for outlet, row in stats.iterrows()
        ]
    )
    figure.update_yaxes(range=[-1.05, 1.05], zeroline=True)
    return figure


def speaker_tone(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per speaker: quotes and their mean polarity, most quoted first."""
    table = quotes.dropna(subset=["polarity"]).assign(speaker=lambda t: t["speaker"].fillna(UNKNOWN_SPEAKER))
    return (
        table.groupby("speaker", as_index=False)
        .agg(quotes=("quote_id", "size"), polarity=("polarity", "mean"))
        .sort_values(["quotes", "speaker"], ascending=[False, True], ignore_index=True)
    )


def tone_by_speaker(quotes: pd.DataFrame, top: int = TOP_SPEAKERS) -> go.Figure | None:
    """Bars: mean polarity of each speaker's quotes (the ``top`` most quoted). None without quotes."""
    table = speaker_tone(quotes).head(top)
    if table.empty:
        return None
    table = table.assign(tone=pd.cut(table["polarity"], [-1.01, -NEUTRAL, NEUTRAL, 1.01], labels=list(TONE_COLOURS)))
    figure = px.bar(
        table.sort_values("polarity"), x="polarity", y="speaker", orientation="h", color="tone",
        color_discrete_map=TONE_COLOURS, category_orders={"tone": list(TONE_COLOURS)}, hover_data={"quotes": True},
    )
    figure.update_xaxes(range=[-1, 1])
    figure = _style(figure, "Tone by speaker (mean polarity of their quotes)", "Polarity (−1 … +1)", None,
                    height=max(CHART_HEIGHT, len(table) * MATRIX_ROW_HEIGHT + 160))
    return figure.update_layout(legend_title_text="Tone")


def tone_over_time(
    articles: pd.DataFrame, colours: Mapping[str, str] | None = None, top: int = TOP_OUTLETS
) -> go.Figure | None:
    """Points: each dated article's polarity on its publication date, coloured by outlet (the
    ``top`` largest; the others grey). None without dates."""
    dated = articles.dropna(subset=["published", "polarity"])
    if dated.empty:
        return None
    table = dated.assign(outlet=outlets(dated), label=_clip(dated["title"], LABEL_LENGTH))
    table, order, shown = _named_outlets(table, articles, top, colours)
    figure = px.scatter(
        table, x="published", y="polarity", color="outlet", hover_data={"label": True, "outlet": True},
        color_discrete_map=shown, category_orders={"outlet": [name for name in order if name in set(table["outlet"])]},
    )  # fmt: skip
    figure.update_traces(marker={"size": 11})
    _date_axis(figure, table["published"])
    figure.update_yaxes(range=[-1.05, 1.05], zeroline=True)
    return _style(figure, "Tone over time (article polarity)", "Publication date", "Polarity (−1 … +1)")


def extreme_sentences(sentences: pd.DataFrame, articles: pd.DataFrame, n: int = EXTREMES, positive: bool = True) -> pd.DataFrame:
    """The ``n`` most positive (or negative) sentences, with the sentences before and after them."""
    ordered = sentences.sort_values(["article_id", "position"])
    context = ordered.assign(
        before=ordered.groupby("article_id")["text"].shift(1), after=ordered.groupby("article_id")["text"].shift(-1)
    ).dropna(subset=["polarity"])
    chosen = context.sort_values(["polarity", "sentence_id"], ascending=[not positive, True]).head(n)
    if positive:
        chosen = chosen[chosen["polarity"] > 0]
    else:
        chosen = chosen[chosen["polarity"] < 0]
    table = _with_outlet(chosen, articles)
    return table[["polarity", "text", "before", "after", "outlet", "title", "sentence_id"]].reset_index(drop=True)


def extreme_quotes(
    quotes: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame, n: int = EXTREMES, positive: bool = True
) -> pd.DataFrame:
    """The ``n`` most positive (or negative) quotes with speaker, outlet and the sentence carrying them."""
    table = quotes.dropna(subset=["polarity"])
    table = table[table["polarity"] > 0] if positive else table[table["polarity"] < 0]
    chosen = table.sort_values(["polarity", "quote_id"], ascending=[not positive, True]).head(n)
    context = sentences[["sentence_id", "text"]].rename(columns={"text": "sentence"})
    chosen = _with_outlet(chosen, articles).merge(context, on="sentence_id", how="left")
    return chosen[["polarity", "speaker", "cue", "text", "sentence", "outlet", "title", "quote_id"]].reset_index(drop=True)


# --- every chart of a corpus -----------------------------------------------------------------


def all_figures(corpus: Corpus, colours: Mapping[str, str] | None = None) -> dict[str, go.Figure | None]:
    """Every chart of a corpus by file-friendly name (None where the corpus has nothing to draw)."""
    articles = corpus.articles
    colours = _colours(colours, articles)
    return {
        "coverage_over_time": coverage_over_time(articles, colours),
        "originality_by_outlet": originality_by_outlet(articles, colours),
        "timeline": timeline(corpus.events, articles, colours),
        "quotes_by_speaker": quotes_by_speaker(corpus.quotes, articles, colours),
        "speaker_outlet_matrix": speaker_outlet_matrix(corpus.quotes, articles),
        "quote_kinds": quote_kinds(corpus.quotes, articles, colours),
        "share_matrix": share_matrix(corpus.sentences, articles),
        "outlet_network": outlet_network(corpus.sentences, articles, colours),
        "tone_by_outlet": tone_by_outlet(corpus.sentences, articles, colours),
        "tone_by_speaker": tone_by_speaker(corpus.quotes),
        "tone_over_time": tone_over_time(articles, colours),
    }
