"""Chart builders for wire copy traced (the ``provenance`` stage's tables → plotly Figures and
the small tables behind them): Wire flow, Story versions, Outlets compared.

Plain functions, no Streamlit, same conventions as ``dashboard.charts`` (None when there is
nothing to draw; user text reaches plotly only escaped, as labels and hover text).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import safe_text
from dashboard.charts import (
    CHART_HEIGHT,
    MATRIX_ROW_HEIGHT,
    OTHER_COLOUR,
    PALETTE,
    UNKNOWN_OUTLET,
    _clip,
    _style,
    outlets,
)
from data_pipeline import Corpus
from data_pipeline.provenance import ADDED, CREDITED, CUT, EDITED, KEPT, OWN

TOP_SOURCES = 12  # wires / first publishers drawn in the flow; the rest are "other sources"
TOP_OUTLETS = 25  # outlets drawn (flow, comparison charts); the rest are one "other outlets" row
GRID_VERSIONS = 40  # versions (columns) of a story grid; beyond, cells are unreadable
OTHER_SOURCES, OTHER_OUTLETS = "other sources", "other outlets"
STATUS_COLOURS = {KEPT: "#2e86ab", EDITED: "#f4a259", CUT: "#bcbcbc", ADDED: "#8cb369"}
STATUS_CODES = {CUT: 0, EDITED: 1, KEPT: 2, ADDED: 3}
EDIT_ORDER = (KEPT, EDITED, CUT, ADDED)  # the story grid's legend
WIRE_SUFFIX = " (wire)"
OWN_REPORTING = "own reporting"
SAME_OUTLET = "another page of the same outlet"  # two yahoo.com/news pages carrying the same copy


def _outlet_of(articles: pd.DataFrame) -> pd.Series:
    return pd.Series(outlets(articles).to_numpy(), index=articles["article_id"].to_numpy())


def _top(values: pd.Series, n: int, other: str) -> pd.Series:
    """Labels with all but the ``n`` largest (by ``values``' totals) replaced by ``other``."""
    totals = values.groupby(values.index).sum().sort_values(ascending=False)
    keep = set(totals.index[:n])
    return pd.Series([label if label in keep else other for label in values.index], index=values.index)


# --- wire flow -------------------------------------------------------------------------------


def flow_table(provenance: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, outlet): articles and shared reporting sentences that went from the
    source (a credited wire, or the outlet of the article it shares most with) to the outlet."""
    outlet_of = _outlet_of(articles)
    rows = provenance[provenance["source_kind"] != OWN].dropna(subset=["source"])
    if rows.empty:
        return pd.DataFrame(columns=["source", "outlet", "articles", "sentences", "kind"])
    credited = rows["source_kind"] == CREDITED
    sentences = rows["copied_sentences"].where(credited, rows["shared_reporting"]).fillna(0).astype(int)
    table = pd.DataFrame(
        {
            "source": rows["source"].astype(str).where(~credited, rows["source"].astype(str) + WIRE_SUFFIX),
            "outlet": rows["article_id"].map(outlet_of).fillna(UNKNOWN_OUTLET).astype(str),
            "sentences": sentences,
            "kind": rows["source_kind"].astype(str),
        }
    )
    table = table[table["sentences"] > 0]
    grouped = table.groupby(["source", "outlet"], as_index=False).agg(
        articles=("sentences", "size"), sentences=("sentences", "sum"), kind=("kind", "first")
    )
    return grouped.sort_values(["sentences", "source", "outlet"], ascending=[False, True, True]).reset_index(drop=True)


def wire_flow(
    provenance: pd.DataFrame, articles: pd.DataFrame, top_sources: int = TOP_SOURCES, top_outlets: int = TOP_OUTLETS
) -> go.Figure | None:
    """A Sankey from each wire (credited) or first publisher to the outlets that ran its copy,
    sized by shared reporting sentences; the top sources and outlets, the rest as "other"."""
    table = flow_table(provenance, articles)
    if table.empty:
        return None
    table = table.assign(
        source=_top(table.set_index("source")["sentences"], top_sources, OTHER_SOURCES).to_numpy(),
        outlet=_top(table.set_index("outlet")["sentences"], top_outlets, OTHER_OUTLETS).to_numpy(),
    )
    table = table.groupby(["source", "outlet"], as_index=False)[["articles", "sentences"]].sum()
    sources = list(table.groupby("source")["sentences"].sum().sort_values(ascending=False).index)
    targets = list(table.groupby("outlet")["sentences"].sum().sort_values(ascending=False).index)
    # Left and right are separate nodes even where an outlet is both a first publisher and a carrier.
    labels = [*sources, *targets]
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 12, "thickness": 14},
            link={
                "source": [sources.index(name) for name in table["source"]],
                "target": [len(sources) + targets.index(name) for name in table["outlet"]],
                "value": table["sentences"].tolist(),
                "customdata": table["articles"].tolist(),
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value} sentences in %{customdata} articles"
                "<extra></extra>",
            },
        )
    )
    height = max(CHART_HEIGHT, 22 * max(len(sources), len(targets)))
    return _style(
        figure, "Wire flow: whose copy each outlet ran (shared reporting sentences)", None, None, height=height
    )


def wire_over_time(
    provenance: pd.DataFrame, articles: pd.DataFrame, top_sources: int = TOP_SOURCES
) -> go.Figure | None:
    """Shared reporting sentences per publication day, by source (None when nothing is dated)."""
    table = provenance.merge(articles[["article_id", "published"]], on="article_id", how="left")
    table = table[(table["source_kind"] != OWN) & table["published"].notna() & table["source"].notna()]
    if table.empty:
        return None
    credited = table["source_kind"] == CREDITED
    table = table.assign(
        sentences=table["copied_sentences"].where(credited, table["shared_reporting"]).fillna(0).astype(int),
        source=table["source"].astype(str).where(~credited, table["source"].astype(str) + WIRE_SUFFIX),
        day=table["published"].dt.normalize(),
    )
    table = table.assign(source=_top(table.set_index("source")["sentences"], top_sources, OTHER_SOURCES).to_numpy())
    daily = table.groupby(["day", "source"], as_index=False)["sentences"].sum()
    totals = daily.groupby("source")["sentences"].sum()
    # the largest source first (at the bottom of the stack), "other sources" last; one colour each
    order = sorted(totals.index, key=lambda name: (name == OTHER_SOURCES, -totals[name], name))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(n for n in order if n != OTHER_SOURCES)}
    colours[OTHER_SOURCES] = OTHER_COLOUR
    figure = go.Figure(
        [
            go.Bar(
                x=daily.loc[daily["source"] == source, "day"],
                y=daily.loc[daily["source"] == source, "sentences"],
                name=source,
                marker_color=colours[source],
                hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>",
            )
            for source in order
        ]
    )
    figure.update_layout(legend_traceorder="reversed")  # the legend reads as the stack, top down
    figure.update_layout(barmode="stack", legend_title_text="Source")
    figure = _style(figure, "Wire copy over time, by source", "Published", "Shared reporting sentences")
    figure.update_layout(legend_title_text="Source")
    figure.update_xaxes(tickformat="%d %b %Y", dtick=86_400_000)
    figure.update_yaxes(rangemode="tozero", tickformat="d")
    return figure


# --- story versions --------------------------------------------------------------------------


def story_table(stories: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Stories for people: title, wire, versions, outlets, earliest and fullest versions' outlets."""
    outlet_of = _outlet_of(articles)
    table = pd.DataFrame(
        {
            "Story": stories["title"].fillna("(untitled)").astype(str),
            "Wire": stories["wire"].fillna("—").astype(str),
            "Versions": stories["n_articles"],
            "Outlets": stories["n_outlets"],
            "Earliest version": stories["earliest_article"].map(outlet_of),
            "Earliest published": stories["earliest_published"],
            "Fullest version": stories["fullest_article"].map(outlet_of),
            "story_id": stories["story_id"],
        }
    )
    return table.reset_index(drop=True)


def version_labels(edits: pd.DataFrame, articles: pd.DataFrame, story_id: str) -> pd.Series:
    """Each version of a story by its outlet; where one outlet ran several, numbered in the
    order they were published (``outlet #2``), never by an internal id."""
    ids = pd.Series(edits.loc[edits["story_id"] == story_id, "article_id"].unique(), dtype="string")
    outlet_of = _outlet_of(articles)
    published = articles.set_index("article_id")["published"]
    table = pd.DataFrame(
        {"id": ids, "label": ids.map(outlet_of).fillna(UNKNOWN_OUTLET).astype(str), "when": pd.to_datetime(ids.map(published))}
    )  # fmt: skip
    number = table.sort_values(["when", "id"], na_position="last").groupby("label").cumcount() + 1
    twice = table["label"].duplicated(keep=False)
    labels = table["label"].where(~twice, table["label"] + " #" + number.reindex(table.index).astype(str))
    return pd.Series(labels.to_numpy(), index=ids.to_numpy())


def story_grid(
    edits: pd.DataFrame, articles: pd.DataFrame, story_id: str, limit: int = GRID_VERSIONS
) -> go.Figure | None:
    """Paragraph × version grid of a story: each paragraph of the fullest version kept, edited or
    cut in each version, and a last row per version counting the paragraphs it added."""
    rows = edits[edits["story_id"] == story_id]
    if rows.empty:
        return None
    labels = version_labels(rows, articles, story_id)
    # the fullest version (the story is named by it) first, then those that keep the most, at most ``limit``
    kept = rows[rows["status"] == KEPT].groupby("article_id").size().reindex(labels.index, fill_value=0)
    kept[kept.index == story_id] = len(rows) + 1
    order = list(kept.sort_values(ascending=False, kind="stable").index[:limit])
    paragraphs = rows.dropna(subset=["paragraph"])
    grid = paragraphs.pivot_table(index="paragraph", columns="article_id", values="status", aggfunc="first")
    grid = grid.reindex(columns=order)
    texts = paragraphs.drop_duplicates("paragraph").set_index("paragraph")["text"].reindex(grid.index)
    changes = paragraphs.pivot_table(index="paragraph", columns="article_id", values="changes", aggfunc="first")
    changes = changes.reindex(index=grid.index, columns=order)
    added = rows[rows["status"] == ADDED].groupby("article_id").size().reindex(order, fill_value=0)
    y = [f"¶{int(p) + 1}" for p in grid.index] + ["added"]
    z = [[STATUS_CODES.get(value, None) for value in grid.loc[p]] for p in grid.index]
    z.append([STATUS_CODES[ADDED] if count else None for count in added])
    hover = []
    for p in grid.index:
        line = []
        for article in order:
            status = grid.loc[p, article]
            change = changes.loc[p, article] if article in changes.columns else None
            detail = f"<br>{_clip(pd.Series([change]), 160).iloc[0]}" if isinstance(change, str) and change else ""
            line.append(f"{status}{detail}<br><i>{_clip(pd.Series([texts.loc[p]]), 160).iloc[0]}</i>")
        hover.append(line)
    hover.append([f"{count} paragraph(s) of its own" for count in added])
    colours = [STATUS_COLOURS[status] for status in sorted(STATUS_CODES, key=STATUS_CODES.get)]
    steps = len(colours)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[labels[a] for a in order],
            y=y,
            text=hover,
            hovertemplate="%{x} · %{y}<br>%{text}<extra></extra>",
            # one flat colour per status code (0..3), no colour bar: the statuses are categories
            colorscale=[[edge, colour] for i, colour in enumerate(colours) for edge in (i / steps, (i + 1) / steps)],
            zmin=-0.5,
            zmax=steps - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    for status in EDIT_ORDER:  # the legend: one square per status, in reading order
        figure.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=status, showlegend=True, hoverinfo="skip",
                marker={"symbol": "square", "size": 14, "color": STATUS_COLOURS[status]},
            )
        )  # fmt: skip
    height = max(CHART_HEIGHT, MATRIX_ROW_HEIGHT * len(y) + 160)
    figure = _style(
        figure, "Story versions: the fullest version's paragraphs in each version", "Version", None, height=height
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category", tickangle=-45)
    figure.update_layout(legend_title_text="Paragraph", legend={"yanchor": "top", "y": 1})
    return figure


def side_by_side(edits: pd.DataFrame, story_id: str, article_id: str) -> pd.DataFrame:
    """One version against the fullest, paragraph by paragraph (its own paragraphs last)."""
    rows = edits[(edits["story_id"] == story_id) & (edits["article_id"] == article_id)]
    table = pd.DataFrame(
        {
            "¶": rows["paragraph"].map(lambda p: f"¶{int(p) + 1}" if pd.notna(p) else "added"),
            "Status": rows["status"],
            "Fullest version": rows["text"].fillna(""),
            "This version": rows["version_text"].fillna(""),
            "Word changes": rows["changes"].fillna(""),
        }
    )
    return table.reset_index(drop=True)


# --- outlets compared ------------------------------------------------------------------------


def outlet_comparison(corpus: Corpus) -> pd.DataFrame:
    """One row per outlet: articles, originality, share of wire copy and from which source,
    whom it quotes most, its tone, and what share of the stories' paragraphs it cut."""
    articles, provenance = corpus.articles, corpus.provenance
    frame = articles[["article_id", "originality", "polarity", "n_sentences"]].assign(outlet=outlets(articles))
    frame = frame.merge(
        provenance[["article_id", "source", "source_kind", "copied_sentences"]], on="article_id", how="left"
    )
    grouped = frame.groupby("outlet")
    carried = frame[frame["source_kind"].notna() & (frame["source_kind"] != OWN)]
    # Another page of the same outlet (two yahoo.com/news pages carrying the same uncredited AP
    # copy) is not the outlet's source.
    carried = carried[carried["source"].fillna("") != carried["outlet"]]
    main_source = carried.groupby("outlet")["source"].agg(
        lambda s: s.value_counts().index[0] if s.notna().any() else None
    )
    quotes = corpus.quotes.merge(articles[["article_id"]].assign(outlet=outlets(articles)), on="article_id")
    quoted = (
        quotes.dropna(subset=["speaker"])
        .groupby("outlet")["speaker"]
        .agg(lambda s: ", ".join(s.value_counts().index[:3]))
    )
    edits = corpus.edits.merge(articles[["article_id"]].assign(outlet=outlets(articles)), on="article_id")
    compared = edits[edits["status"].isin([KEPT, EDITED, CUT])]
    cut = compared.assign(is_cut=compared["status"] == CUT).groupby("outlet")["is_cut"].mean()
    table = pd.DataFrame(
        {
            "Articles": grouped.size(),
            "Originality": grouped["originality"].mean(),
            "Wire copy": grouped["copied_sentences"].sum() / grouped["n_sentences"].sum().clip(lower=1),
            "Main source": main_source,
            "Most quoted": quoted,
            "Tone": grouped["polarity"].mean(),
            "Paragraphs cut": cut,
        }
    ).rename_axis("Outlet")
    return table.sort_values(["Articles", "Wire copy"], ascending=[False, False]).reset_index()


def outlet_sources(
    provenance: pd.DataFrame, articles: pd.DataFrame, top_outlets: int = TOP_OUTLETS, top_sources: int = TOP_SOURCES
) -> go.Figure | None:
    """Per outlet (the ``top_outlets`` with most articles, the rest as one row): its articles by
    likely source — each wire or first publisher, or its own reporting — as shares (bars sum to 1)."""
    if provenance.empty:
        return None
    frame = provenance.merge(articles[["article_id"]].assign(outlet=outlets(articles)), on="article_id")
    credited = frame["source_kind"] == CREDITED
    same = ~credited & frame["source"].notna() & (frame["source"] == frame["outlet"]).fillna(False)
    source = frame["source"].fillna(UNKNOWN_OUTLET).astype(str).where(~credited, frame["source"].astype(str) + WIRE_SUFFIX)
    source = source.where(~same, SAME_OUTLET)
    frame = frame.assign(source=source.where(frame["source_kind"] != OWN, OWN_REPORTING), one=1)
    frame = frame.assign(outlet=_top(frame.set_index("outlet")["one"], top_outlets, OTHER_OUTLETS).to_numpy())
    frame = frame.assign(source=_top(frame.set_index("source")["one"], top_sources, OTHER_SOURCES).to_numpy())
    counts = frame.pivot_table(index="outlet", columns="source", values="one", aggfunc="sum", fill_value=0)
    # the largest outlet on top (plotly draws the first row at the bottom), "other outlets" last
    sizes = frame.groupby("outlet").size()
    order = sorted(sizes.index, key=lambda outlet: (outlet != OTHER_OUTLETS, sizes[outlet], outlet))
    plain = (OWN_REPORTING, SAME_OUTLET, OTHER_SOURCES)
    columns = sorted(counts.columns, key=lambda c: (c in plain, plain.index(c) if c in plain else 0, -counts[c].sum()))
    named = [c for c in columns if c not in plain]
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(named)}
    colours.update({OWN_REPORTING: "#d9d9d9", SAME_OUTLET: "#b8b8b8", OTHER_SOURCES: "#8d99ae"})  # no colour reused
    return _share_bars(
        counts.loc[order, columns],
        "articles",
        "Where each outlet's articles come from (likely source)",
        "Source",
        colours,
    )


def outlet_edits(edits: pd.DataFrame, articles: pd.DataFrame, top_outlets: int = TOP_OUTLETS) -> go.Figure | None:
    """Per outlet: of the paragraphs of the wire stories it ran (fullest versions), the share it
    kept, edited and cut; versions that keep every paragraph (each story's fullest version, and
    whole copies of it) are left out."""
    compared = edits[edits["status"].isin([KEPT, EDITED, CUT])]
    if compared.empty:
        return None
    whole = edits.groupby("article_id")["status"].agg(lambda s: bool((s == KEPT).all()))
    versions = compared[~compared["article_id"].map(whole).fillna(False).astype(bool)]
    if versions.empty:
        return None
    frame = versions.merge(articles[["article_id"]].assign(outlet=outlets(articles)), on="article_id").assign(one=1)
    frame = frame.assign(outlet=_top(frame.set_index("outlet")["one"], top_outlets, OTHER_OUTLETS).to_numpy())
    counts = frame.pivot_table(index="outlet", columns="status", values="one", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=[KEPT, EDITED, CUT], fill_value=0)
    counts = counts.loc[(counts[CUT] / counts.sum(axis=1)).sort_values().index]
    return _share_bars(
        counts, "paragraphs", "What each outlet did with the wire stories' paragraphs", "Paragraph", STATUS_COLOURS
    )


def _share_bars(
    counts: pd.DataFrame, unit: str, title: str, legend: str, colours: dict[str, str] | None = None
) -> go.Figure:
    """Horizontal bars, one per row of ``counts`` (in its order), split by column as shares."""
    shares = counts.div(counts.sum(axis=1).clip(lower=1), axis=0)
    figure = go.Figure(
        [
            go.Bar(
                y=[str(row) for row in shares.index],
                x=shares[column],
                name=str(column),
                orientation="h",
                marker_color=(colours or {}).get(column),
                customdata=counts[column],
                hovertemplate=f"%{{y}}: %{{customdata}} {unit} (%{{x:.0%}})<extra>{safe_text.plain(str(column))}</extra>",
            )
            for column in counts.columns
        ]
    )
    figure.update_layout(barmode="stack")
    height = max(CHART_HEIGHT, MATRIX_ROW_HEIGHT * len(shares) + 140)
    figure = _style(figure, title, f"Share of its {unit}", None, height=height)
    figure.update_layout(legend_title_text=legend)
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(type="category")
    return figure


def largest_story(stories: pd.DataFrame) -> str | None:
    return (
        None
        if stories.empty
        else str(stories.sort_values(["n_articles", "story_id"], ascending=[False, True])["story_id"].iloc[0])
    )


def all_figures(corpus: Corpus) -> dict[str, go.Figure | None]:
    """Every wire chart of a corpus by file-friendly name (the story grid of its largest story)."""
    story = largest_story(corpus.stories)
    return {
        "wire_flow": wire_flow(corpus.provenance, corpus.articles),
        "wire_over_time": wire_over_time(corpus.provenance, corpus.articles),
        "story_versions": None if story is None else story_grid(corpus.edits, corpus.articles, story),
        "outlet_sources": outlet_sources(corpus.provenance, corpus.articles),
        "outlet_edits": outlet_edits(corpus.edits, corpus.articles),
    }
