"""The article reader's tables: an article's sentences marked with its quotes, dated events and
shared copy, and its removed boilerplate. Plain pandas, no Streamlit (the Articles page lays them
out as data grids, which show text as text: nothing here is ever rendered as HTML)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import safe_text
from data_pipeline import Corpus

MARK_SHARED = "shared"  # the sentence (or a near copy) is in another article
MARK_OWN = "own"
MARK_COLOURS = {MARK_SHARED: "#1f5fa8", MARK_OWN: "#e08a2c"}  # distinct on light and dark backgrounds
HOVER_CHARS = 160  # sentence text shown on hover
MAP_HEIGHT = 320  # pixels: a strip above the sentence table, not a full chart
MAP_MARGIN = {"t": 50, "b": 40, "l": 60, "r": 20}
BAR_GAP = 0.15
WHOLE_TICKS = 20  # up to this many sentences, a tick per sentence (plotly would tick 0.5, 1, 1.5)
SHARED_STYLE = "background-color: rgba(31, 95, 168, 0.18)"  # readable on the light and the dark theme
BOILERPLATE_SEPARATOR = ": "  # articles.boilerplate items are "reason: line"
LIST_SEPARATOR = "; "


def shown(value, default: str = "") -> str:
    """A cell as text for display; ``default`` for a null (None, NA, NaT, NaN)."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return default
    return str(value)


def article_label(article: pd.Series) -> str:
    """How an article is named in a chooser: outlet — title (date)."""
    source = article["source"] if pd.notna(article["source"]) else "unknown outlet"
    title = article["title"] if pd.notna(article["title"]) else "untitled"
    date = f" ({article['published']:%Y-%m-%d})" if pd.notna(article["published"]) else ""
    return f"{source} — {title}{date}"


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """``article_label`` of every article, by article id, in the table's order."""
    return dict(zip(articles["article_id"], articles.apply(article_label, axis=1), strict=True))


def marked_sentences(corpus: Corpus, article_id: str) -> pd.DataFrame:
    """One row per sentence of the article: its text, whether it is shared copy (with how many
    other articles and whether exactly or nearly), its quotes (speaker and cue) and its events."""
    sentences = corpus.sentences[corpus.sentences["article_id"] == article_id].sort_values("position")
    ids = sentences["sentence_id"]
    return pd.DataFrame(
        {
            "paragraph": sentences["paragraph"].to_numpy(),
            "sentence": sentences["text"].to_numpy(),
            "copy": _copy_marks(corpus, sentences).to_numpy(),
            "quotes": _joined(corpus.quotes, ids, _quote_mark).to_numpy(),
            "events": _joined(corpus.events, ids, _event_mark).to_numpy(),
            "polarity": sentences["polarity"].to_numpy(),
        }
    )


def sentence_map(marked: pd.DataFrame) -> go.Figure | None:
    """The article sentence by sentence: tone (polarity) per sentence, coloured shared or own.

    Every string is escaped (``safe_text.figure``): plotly reads a few tags in text, and article
    text is untrusted.
    """
    if marked.empty:
        return None
    figure = go.Figure()
    kind = marked["copy"].str.split(" ").str[0]
    for mark, colour in MARK_COLOURS.items():
        rows = marked[kind == mark]
        if rows.empty:
            continue
        hover = rows["sentence"].str.slice(0, HOVER_CHARS)
        figure.add_bar(
            x=rows.index + 1,
            y=rows["polarity"].fillna(0.0),
            name=f"{mark} sentence",
            marker_color=colour,
            customdata=hover,
            hovertemplate="Sentence %{x}: polarity %{y:.2f}<br>%{customdata}<extra></extra>",
        )
    figure.update_layout(
        title="Sentence by sentence: tone, and whether the sentence is shared copy",
        xaxis_title="Sentence (in reading order)",
        yaxis_title="Polarity (TextBlob, −1 to 1)",
        legend_title_text="",
        bargap=BAR_GAP,
        height=MAP_HEIGHT,
        margin=MAP_MARGIN,
    )
    figure.update_xaxes(tickformat=",d", dtick=1 if len(marked) <= WHOLE_TICKS else None)  # sentence numbers
    return safe_text.figure(figure)


def _copy_marks(corpus: Corpus, sentences: pd.DataFrame) -> pd.Series:
    """Each sentence's copy mark, "shared · exact · 3 other articles", "shared · near · …" or "own",
    read from the clusters as the overlap table and the side-by-side read them: the other
    articles of this selection with a sentence of the same ``cluster_id`` (exact when one of them
    has the same text). Sentences the overlap step did not align are own, as there."""
    ids = set(sentences["article_id"])
    others = corpus.sentences[
        corpus.sentences["cluster_id"].isin(set(sentences["cluster_id"].dropna()))
        & ~corpus.sentences["article_id"].isin(ids)
    ]
    counted = others.groupby("cluster_id")["article_id"].nunique()
    same_text = set(zip(others["cluster_id"], others["text"], strict=True))
    aligned = sentences["aligned"].fillna(True) if "aligned" in sentences.columns else pd.Series(True, index=sentences.index)
    marks = []
    for cluster, text, is_aligned in zip(sentences["cluster_id"], sentences["text"], aligned, strict=True):
        n = int(counted.get(cluster, 0)) if is_aligned else 0
        if n == 0:
            marks.append(MARK_OWN)
            continue
        match = "exact" if (cluster, text) in same_text else "near"
        marks.append(f"{MARK_SHARED} · {match} · {n} other article{'s' * (n != 1)}")
    return pd.Series(marks, index=sentences.index, dtype="string")


def _quote_mark(quote: pd.Series) -> str:
    speaker = quote["speaker"] if pd.notna(quote["speaker"]) else "unattributed"
    cue = f" ({quote['cue']})" if pd.notna(quote["cue"]) else ""
    return f"{speaker}{cue}: {quote['text']}"


def _event_mark(event: pd.Series) -> str:
    date = f"{event['date']:%Y-%m-%d}" if pd.notna(event["date"]) else "undated"
    return f"{event['expression']} → {date}"


def _joined(table: pd.DataFrame, sentence_ids: pd.Series, mark) -> pd.Series:
    """For each sentence, the marks of the rows of ``table`` in it, joined ("" when none)."""
    rows = table[table["sentence_id"].isin(sentence_ids)]
    if rows.empty:
        return pd.Series("", index=sentence_ids.index, dtype="string")
    marks = rows.assign(mark=rows.apply(mark, axis=1)).groupby("sentence_id")["mark"].agg(LIST_SEPARATOR.join)
    return sentence_ids.map(marks).fillna("").astype("string")


def boilerplate(article: pd.Series) -> pd.DataFrame:
    """The lines removed from the article as boilerplate, with the reason for each."""
    items = article["boilerplate"]
    items = list(items) if isinstance(items, list | tuple) or hasattr(items, "tolist") else []
    reasons, lines = [], []
    for item in map(str, items):
        reason, found, line = item.partition(BOILERPLATE_SEPARATOR)
        reasons.append(reason if found else "")
        lines.append(line if found else item)
    return pd.DataFrame({"reason": reasons, "line": lines}, dtype="string")


def article_quotes(corpus: Corpus, article_id: str) -> pd.DataFrame:
    columns = ["speaker", "role", "cue", "kind", "text", "polarity"]
    return corpus.quotes.loc[corpus.quotes["article_id"] == article_id, columns].reset_index(drop=True)


def article_events(corpus: Corpus, article_id: str) -> pd.DataFrame:
    columns = ["expression", "date", "granularity", "text"]
    return corpus.events.loc[corpus.events["article_id"] == article_id, columns].reset_index(drop=True)
