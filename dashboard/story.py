"""The timeline as a story: dated mentions (``events``) → named events → a chart and a list.

Plain functions, no Streamlit:

- ``story_window(mentions, articles)``: the days the story is about — its publication dates
  plus the mentioned days around them (``CONTEXT_DAYS`` each side); older background mentions
  ("since 2014") lie outside and are shown on request.
- ``named_events(mentions, articles)``: mentions resolving to the same date (at their own
  granularity) and talking about the same thing are one event. "The same thing" is a phrase
  their sentences share, drawn from the sentences themselves: a place phrase (``talks in
  Geneva``, ``NATO–Russia Council in Brussels``) when there is one, else a run of capitalised
  words. Each event: its date as the text says it (``16 Jul 2018``, ``Jul 2018``, ``2021``),
  its name, the outlets and articles mentioning it, the first outlet to report it.
- ``timeline(events, articles, …)``: the events on a date axis (height: outlets mentioning),
  the busiest named on the chart, the publication days shaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts

CONTEXT_DAYS = 14  # mentioned days this far before the first / after the last publication belong to the story
MAX_PER_DATE = 3  # named events per date; other mentions of that date form one "other mentions" event
LABELLED = 8  # events named on the chart (the most widely mentioned); the list names them all
MIN_ARTICLES = 2  # a phrase names an event only when this many articles use it
OTHER = "other mentions"
DATE_FORMATS = {"day": "%-d %b %Y", "week": "week of %-d %b %Y", "month": "%b %Y", "year": "%Y"}
SHADE = "rgba(128,128,128,0.15)"
EVENT_COLOUR = "#2e86ab"
DATE_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Today", "Tomorrow", "Yesterday",
}
STOP_HEADS = {
    "said", "says", "met", "meet", "was", "were", "is", "are", "be", "been", "being", "arrived", "held", "hold",
    "him", "her", "them", "it", "this", "that", "those", "these", "there", "here", "which", "who", "what", "also",
    "only", "even", "just", "still", "today", "later", "earlier", "time", "told", "home", "people", "where", "when",
    "week", "weeks", "day", "days", "month", "months", "year", "years", "weekend", "morning", "afternoon", "evening",
    "night", "tonight", "yesterday", "tomorrow", "ago", "back", "again", "once", "first", "last", "next",
}
TITLES = {"President", "Prime", "Minister", "Secretary", "Chancellor", "Russian", "American", "British", "German",
          "French", "Chinese", "Finnish", "Chief", "Senator", "Sen", "Rep", "General", "Gen", "Foreign", "Defense",
          "Defence", "State", "Deputy", "Vice", "Former", "King", "Queen", "Pope", "Premier", "Leader"}
LEADING = {"The", "A", "An", "But", "And", "In", "On", "At", "He", "She", "It", "They", "We", "I", "His", "Her",
           "Their", "Its", "This", "That", "As", "After", "Before", "When", "While", "If", "Mr", "Mrs", "Ms", "Dr"}
_CAPITALISED = r"[A-Z][\w’'–-]*"
_PLACE = re.compile(
    rf"\b((?:{_CAPITALISED} ){{0,3}}{_CAPITALISED}|[a-z]{{4,}}) (in|at) ({_CAPITALISED}(?: {_CAPITALISED})?)"
)
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")  # words that tie a sentence to an event name (not "the", "US")
_NAMES = re.compile(rf"\b{_CAPITALISED}(?: (?:of |de |for )?{_CAPITALISED}){{1,3}}")


# --- the story's window ----------------------------------------------------------------------


def story_window(mentions: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of the story: the publication span widened to the mentioned days
    within ``CONTEXT_DAYS`` of it. Without publication dates, the busiest mentioned month."""
    published = articles["published"].dropna()
    dates = mentions["date"].dropna() if len(mentions) else pd.Series(dtype="datetime64[ns]")
    if published.empty:
        if dates.empty:
            return None
        busiest = dates.dt.to_period("M").mode().iloc[0]
        return busiest.start_time, busiest.end_time.normalize()
    first, last = published.min().normalize(), published.max().normalize()
    near = dates[(dates >= first - pd.Timedelta(days=CONTEXT_DAYS)) & (dates <= last + pd.Timedelta(days=CONTEXT_DAYS))]
    if len(near):
        first, last = min(first, near.min().normalize()), max(last, near.max().normalize())
    return first, last


def in_window(table: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp] | None, column: str = "date") -> pd.DataFrame:
    """Rows of ``table`` whose ``column`` falls in ``window`` (all rows when it is None)."""
    if window is None:
        return table
    first, last = window
    return table[(table[column] >= first) & (table[column] <= last + pd.Timedelta(days=1) - pd.Timedelta(1))]


# --- events, named ---------------------------------------------------------------------------


def phrases(text: str) -> list[str]:
    """Candidate names of what a sentence talks about: place phrases first, then name runs."""
    found = []
    for head, preposition, place in _PLACE.findall(text):
        words = head.split()
        while words and (words[0] in LEADING or words[0] in TITLES):
            words = words[1:]
        while words and re.search(r"['’]s$", words[0]):  # "Russia's Vladimir Putin in Finland"
            words = words[1:]
        if not words or place.split()[0] in DATE_WORDS or words[-1] in DATE_WORDS or re.search(r"['’]s$", place):
            continue
        if len(words) == 1 and words[0].islower() and (words[0] in STOP_HEADS or words[0].endswith("ed")):
            continue
        found.append(f"{' '.join(words)} {preposition} {place}")
    for name in _NAMES.findall(text):
        words = name.split()
        while words and (words[0] in LEADING or words[0] in DATE_WORDS or words[0] in TITLES):
            words = words[1:]
        while words and words[-1] in DATE_WORDS:
            words = words[:-1]
        if len(words) >= 2 and not any(word in DATE_WORDS for word in words):
            found.append(" ".join(words))
    return found


def _date_key(mentions: pd.DataFrame) -> pd.Series:
    """The mentioned date at its own granularity: a day, a week's Monday, a month, a year."""
    granularity = mentions["granularity"].fillna("day").astype(str)
    date = mentions["date"]
    key = date.dt.normalize()
    key = key.where(granularity != "month", date.dt.to_period("M").dt.start_time)
    key = key.where(granularity != "year", date.dt.to_period("Y").dt.start_time)
    return key.where(granularity != "week", date.dt.to_period("W").dt.start_time)


def date_label(date: pd.Timestamp, granularity: str) -> str:
    """A date as precise as the text said it: ``16 Jul 2018``, ``Jul 2018``, ``2021``."""
    return f"{date:{DATE_FORMATS.get(granularity, DATE_FORMATS['day'])}}"


def named_events(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per event, in date order: ``date``, ``granularity``, ``when`` (as said), ``event``
    (its name), ``outlets``, ``articles``, ``mentions``, ``first_outlet`` (the outlet of the
    earliest published article mentioning it), ``first_published``, ``example`` (a sentence)."""
    columns = ["date", "granularity", "when", "event", "outlets", "articles", "mentions", "first_outlet",
               "first_published", "example"]
    table = mentions.dropna(subset=["date"])
    if table.empty:
        return pd.DataFrame(columns=columns)
    meta = articles[["article_id", "published"]].assign(outlet=charts.outlets(articles))
    table = table.drop(columns=[c for c in ("outlet", "published", "title") if c in table.columns]).merge(
        meta, on="article_id", how="left"
    )
    table = table.assign(
        granularity=table["granularity"].fillna("day").astype(str), key=_date_key(table),
        outlet=table["outlet"].fillna(charts.UNKNOWN_OUTLET), text=table["text"].fillna("").astype(str),
    )
    table = table.assign(event=_assign_names(table))
    keys = ["key", "granularity", "event"]
    ordered = table.sort_values(["published", "outlet"], na_position="last", kind="stable")
    grouped = ordered.groupby(keys, sort=False)
    summary = grouped.agg(
        outlets=("outlet", "nunique"), articles=("article_id", "nunique"), mentions=("article_id", "size"),
        first_outlet=("outlet", "first"), first_published=("published", "first"), example=("text", "first"),
    ).reset_index()
    firsts = ordered.merge(summary[[*keys, "first_published"]], on=keys)
    same_day = firsts[firsts["published"] == firsts["first_published"]].groupby(keys)["outlet"].nunique() - 1
    others = summary.set_index(keys).index.map(same_day).fillna(0).astype(int)
    summary = summary.assign(
        date=summary["key"],
        when=[date_label(key, granularity) for key, granularity in zip(summary["key"], summary["granularity"], strict=True)],
        first_outlet=[f"{outlet} (+{n} the same day)" if n > 0 else outlet
                      for outlet, n in zip(summary["first_outlet"], others, strict=True)],
    )
    rows = summary[columns]
    events = rows
    named = events["event"] != OTHER
    return events.assign(_named=named).sort_values(
        ["date", "_named", "outlets", "articles", "event"], ascending=[True, False, False, False, True], ignore_index=True
    ).drop(columns="_named")


def _assign_names(table: pd.DataFrame) -> pd.Series:
    """Each mention's event name: the best-supported phrase of its date that its sentence uses
    (or whose words it uses); place phrases of one date with the same place are one event."""
    names = pd.Series(OTHER, index=table.index, dtype=object)
    found = table["text"].map(phrases)
    long = found.explode().dropna()
    if long.empty:
        return names
    long = pd.DataFrame({"phrase": long.to_numpy()}, index=long.index).join(table[["key", "granularity", "article_id"]])
    support = long.groupby(["key", "granularity", "phrase"])["article_id"].nunique()
    words = table["text"].map(lambda text: set(_WORD.findall(text)))
    dated = set(support.index.droplevel(2))
    found_of, words_of = found.to_dict(), words.to_dict()
    for (key, granularity), group in table.groupby(["key", "granularity"], sort=False):
        if (key, granularity) not in dated:
            continue
        counts = support.loc[(key, granularity)]
        floor = min(MIN_ARTICLES, group["article_id"].nunique())
        ranked = sorted(counts[counts >= floor].items(), key=lambda item: (-_place_first(item[0]), -item[1], item[0]))
        events: dict[str, set[str]] = {}  # event name → the phrases it stands for
        for phrase, _ in ranked:
            place = _place(phrase)
            home = next((name for name in events if place and _place(name) == place), None)
            if home is not None:
                events[home].add(phrase)
            elif len(events) < MAX_PER_DATE:
                events[phrase] = {phrase}
        keywords = {name: {w for phrase in members for w in _WORD.findall(phrase)} for name, members in events.items()}
        for index in group.index:
            used = set(found_of[index])
            name = next((name for name, members in events.items() if members & used), None)
            if name is None:
                name = next((name for name, keys in keywords.items() if keys & words_of[index]), OTHER)
            names.at[index] = name
    return names


def _place(phrase: str) -> str | None:
    match = re.search(r" (?:in|at) ([A-Z].*)$", phrase)
    return match.group(1) if match else None


def _place_first(phrase: str) -> int:
    """Place phrases (``talks in Geneva``) name an event better than a run of names."""
    return 1 if re.search(r" (in|at) [A-Z]", phrase) else 0


# --- the chart -------------------------------------------------------------------------------


def timeline(
    events: pd.DataFrame, articles: pd.DataFrame, colours: Mapping[str, str] | None = None,
    granularity: str = "day", background: bool = False,
) -> go.Figure | None:
    """Named events on a date axis, as high as the number of outlets mentioning them (marker area:
    articles); the ``LABELLED`` most mentioned are named on the chart; the days articles were
    published are shaded. The story's window unless ``background``. None without dated events.

    ``colours`` and ``granularity`` are accepted for the export's common call and unused: events
    are not per outlet, and each keeps the precision its text gave it.
    """
    table = named_events(events, articles)
    if table.empty:
        return None
    window = story_window(events.dropna(subset=["date"]), articles)
    shown = table if background else in_window(table, window)
    if shown.empty:
        shown = table
    labelled = set(shown[shown["event"] != OTHER]
                   .sort_values(["outlets", "articles"], ascending=False).head(LABELLED).index)
    largest = max(int(shown["articles"].max()), 1)
    figure = go.Figure(
        go.Scatter(
            x=shown["date"], y=shown["outlets"], mode="markers+text",
            text=[row.event if index in labelled else "" for index, row in shown.iterrows()],
            textposition="top center", cliponaxis=False, showlegend=False,
            marker={"size": 8 + 22 * (shown["articles"] / largest) ** 0.5, "color": EVENT_COLOUR, "opacity": 0.7,
                    "line": {"width": 1, "color": charts.OUTLINE}},
            customdata=shown[["when", "event", "articles", "first_outlet"]].to_numpy(),
            hovertemplate=("%{customdata[0]}: <b>%{customdata[1]}</b><br>%{y} outlets, %{customdata[2]} articles"
                           "<br>first reported by %{customdata[3]}<extra></extra>"),
        )
    )
    published = articles["published"].dropna()
    if len(published):
        figure.add_vrect(x0=published.min().normalize(), x1=published.max().normalize() + pd.Timedelta(days=1),
                         fillcolor=SHADE, line_width=0, layer="below",
                         annotation_text="articles published", annotation_position="top left")
    charts._date_axis(figure, shown["date"], "day" if not background else _coarsest(shown))
    charts._count_axis(figure, int(shown["outlets"].max()))
    figure.update_yaxes(range=[0, shown["outlets"].max() * 1.25 + 0.5])
    title = "Timeline: the story's events" + (" and older background" if background else "")
    return charts._style(figure, f"{title} (height: outlets mentioning; size: articles)", "Date mentioned", "Outlets")


def _coarsest(table: pd.DataFrame) -> str:
    span = (table["date"].max() - table["date"].min()).days
    return "day" if span <= 60 else "week" if span <= 365 else "month"
