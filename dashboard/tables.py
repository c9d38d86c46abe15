"""Tables for people: the pages' tables with human column names, shares as percentages, tone
with its sign, missing text as a dash, and no internal ids (they stay in the downloads).

``readable(frame)`` gives the table to show and how to format its columns; ``widgets.table``
turns the formats into Streamlit column settings. Plain functions, no Streamlit.
"""

from __future__ import annotations

import pandas as pd

MISSING = "—"  # an empty text cell (st.dataframe would print "None" or "<NA>")
# Row ids: needed to join tables, meaningless to a reader. Downloads keep them.
IDS = frozenset(
    {"article_id", "quote_id", "sentence_id", "event_id", "story_id", "cluster_id", "quote_cluster", "article_a",
     "article_b", "content_hash", "duplicate_of"}
)  # fmt: skip
LABELS = {
    "outlet": "Outlet",
    "articles": "Articles",
    "wires": "Wires",
    "wire": "Wire",
    "originality": "Originality",
    "polarity": "Tone",
    "period": "Period",
    "title": "Title",
    "published": "Published",
    "date_source": "Date from",
    "n_sentences": "Sentences",
    "speaker": "Speaker",
    "quotes": "Quotes",
    "total": "Speaker's quotes in all",
    "role": "Role",
    "cue": "Cue",
    "kind": "Kind",
    "text": "Text",
    "similarity": "Similarity",
    "differences": "Differences",
    "before": "Sentence before",
    "after": "Sentence after",
    "sentence": "Sentence",
    "source": "Source",
    "sentences": "Sentences",
    "path": "File",
    "stage": "Stage",
    "problem": "Problem",
}
PERCENT = frozenset({"Originality", "Similarity", "Wire copy", "Paragraphs cut", "Share of its sentences"})
TONE = frozenset({"Tone"})  # TextBlob polarity, −1 … +1
TONE_HELP = "Polarity of the text (TextBlob): −1 most negative, 0 neutral, +1 most positive."


def readable(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` for people, and a format per column that needs one (``percent`` or ``tone``).

    Columns already named for people are kept as they are; id columns are dropped; text columns
    show ``MISSING`` where empty."""
    shown = frame.drop(columns=[column for column in frame.columns if column in IDS])
    shown = shown.rename(columns={column: LABELS[column] for column in shown.columns if column in LABELS})
    texts = [
        column
        for column in shown.columns
        if (pd.api.types.is_string_dtype(shown[column]) or shown[column].dtype == object)
        and shown[column].isna().any()
    ]
    if texts:
        shown = shown.assign(**{column: shown[column].astype(object).where(shown[column].notna(), MISSING) for column in texts})
    formats = {column: "percent" for column in shown.columns if column in PERCENT}
    formats.update({column: "tone" for column in shown.columns if column in TONE})
    return shown, formats
