"""Publication dates: each article's ``published`` and ``date_source``.

``publication_dates(articles, sentences)`` fills them:

- ``manifest``: the date given by a manifest.csv row;
- ``stated``: a date in the metadata (HTML meta tag, CSV/JSONL column) or a full date in the
  header lines (the dateline, e.g. ``Brussels, Jan 7 (AFP) Jan 07, 2022``);
- ``inferred``: no date stated, but the article names by weekday events that a dated article of
  the same corpus places (see ``_inferred_dates``);
- ``unknown``: none of these settles it; ``published`` stays null.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import schema
from .resolve import Mention, _gated_slices, _value, explicit_date, mentions, month_year, stated_date, weekday_date
from .rules import (
    BODY_SLICE,
    CONTENT_WORD,
    DAYS_PER_WEEK,
    FUNCTION_WORDS,
    FUTURE,
    INFERRED,
    MANIFEST,
    MAX_INFERENCE_ROUNDS,
    MIN_RELATED_ARTICLES_JACCARD,
    MIN_SHARED_WORDS,
    MIN_STEM,
    MIN_STORY_VOTES,
    MONTHS,
    NAME,
    NOT_NAMES,
    PAST,
    RELATED_BATCH,
    SLICE_ROWS,
    STATED,
    STEM_SUFFIXES,
    STORY_SHARE,
    UNKNOWN,
    UNKNOWN_SOURCE,
    WEEKDAY_REQUIRED,
    WEEKDAY_SPAN_DAYS,
    WEEKDAYS,
)  # fmt: skip


def publication_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``published`` and ``date_source`` filled (stated, manifest, inferred)."""
    ids = articles["article_id"].tolist()
    meta = articles["meta_published"] if "meta_published" in articles else pd.Series(None, index=articles.index)
    header = articles["header"] if "header" in articles else pd.Series(None, index=articles.index)
    manifest = articles["manifest"] if "manifest" in articles else pd.Series(False, index=articles.index)
    stated = {aid: stated_date(_value(m), _value(h)) for aid, m, h in zip(ids, meta, header, strict=True)}
    inferred = _years_of_day_lines(stated, dict(zip(ids, header, strict=True)))
    # with every article dated there is nothing to infer, nothing to read for it
    if any(day is None and aid not in inferred for aid, day in stated.items()):
        weekday_mentions = _weekday_mentions(sentences)
        names = _article_names(articles, sentences, set(weekday_mentions))
        inferred |= _inferred_dates(stated, weekday_mentions, names)
        inferred |= _story_dates(stated, inferred, weekday_mentions)
    published, source = [], []
    for aid, meta_value, from_manifest in zip(ids, meta, manifest, strict=True):
        if stated[aid] is not None:
            published.append(stated[aid])
            by_manifest = bool(_value(from_manifest)) and explicit_date(_value(meta_value) or "") is not None
            source.append(MANIFEST if by_manifest else STATED)
        elif aid in inferred:
            published.append(inferred[aid])
            source.append(INFERRED)
        else:
            published.append(None)
            source.append(UNKNOWN_SOURCE)
    return articles.assign(
        published=pd.to_datetime(pd.Series(published, index=articles.index, dtype=object)).astype(schema.DATE),
        date_source=pd.Series(source, index=articles.index, dtype="string"),
    )


# ---------------------------------------------------------------------------------------------
# Inference across articles


@dataclass(frozen=True)
class _WeekdayMention:
    mention: Mention
    words: frozenset[str]


def _weekday_mentions(sentences: pd.DataFrame) -> dict[str, list[_WeekdayMention]]:
    by_article: dict[str, list[_WeekdayMention]] = {}
    words: dict[str, frozenset[str]] = {}  # per distinct text: syndicated copy repeats sentences
    for article_ids, texts, found in _gated_slices(sentences, ["article_id"], required=WEEKDAY_REQUIRED):
        for article_id, text, found_mentions in zip(article_ids, texts, found, strict=True):
            for m in found_mentions:
                if m.kind == "weekday":
                    if text not in words:
                        words[text] = _content_words(text)
                    by_article.setdefault(article_id, []).append(_WeekdayMention(m, words[text]))
    return by_article


def _article_names(articles: pd.DataFrame, sentences: pd.DataFrame, article_ids: set[str]) -> dict[str, np.ndarray]:
    """The names of each article's sentences, as sorted ids of a shared vocabulary (an int32
    array per article: a frozenset of strings per article was 10 KB each, 500 MB at 50,000).

    A name is one word and the sentences cover the body (whitespace between them), so they are
    the body's names: one findall per body, a slice of bodies at a time."""
    vocabulary: dict[str, int] = {}
    empty = np.zeros(0, dtype=np.int32)
    if "body" in articles.columns:
        wanted = articles.loc[articles["article_id"].isin(list(article_ids)).fillna(False).to_numpy(dtype=bool)]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(wanted), BODY_SLICE):
            part = wanted.iloc[start : start + BODY_SLICE]
            for aid, body in zip(part["article_id"].tolist(), part["body"].tolist(), strict=True):
                found[aid] = _ids(_names(body), vocabulary) if isinstance(body, str) else empty
        return {aid: found.get(aid, empty) for aid in article_ids}
    names: dict[str, frozenset[str]] = {aid: frozenset() for aid in article_ids}
    wanted = sentences["article_id"].isin(list(article_ids)).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(wanted)
    for start in range(0, len(rows), SLICE_ROWS):
        part = sentences.iloc[rows[start : start + SLICE_ROWS]]
        texts: dict[str, list[str]] = {}
        for article_id, text in zip(part["article_id"].tolist(), part["text"].tolist(), strict=True):
            if isinstance(text, str):
                texts.setdefault(article_id, []).append(text)
        # one findall per article: a name never spans a line break, so the lines' names are the union
        for aid, lines in texts.items():
            names[aid] = names[aid] | _names("\n".join(lines))
    return _name_ids(names)


def _name_ids(names: dict[str, frozenset[str]]) -> dict[str, np.ndarray]:
    """Sets of names as ``_article_names`` gives them: sorted ids of a shared vocabulary."""
    vocabulary: dict[str, int] = {}
    return {aid: _ids(found, vocabulary) for aid, found in names.items()}


def _ids(names: frozenset[str], vocabulary: dict[str, int]) -> np.ndarray:
    return np.array(sorted({vocabulary.setdefault(n, len(vocabulary)) for n in names}), dtype=np.int32)


def _content_words(text: str) -> frozenset[str]:
    """Names and longer lowercase words of a sentence, minus function words and date words."""
    words = {w.lower() for w in CONTENT_WORD.findall(text)}
    words = {w for w in words if w not in FUNCTION_WORDS and w not in WEEKDAYS and w not in MONTHS} | _names(text)
    return frozenset(_stem(w) for w in words)


def _stem(word: str) -> str:
    """Crude suffix stripping so "meeting"/"meet", "Russian"/"Russia", "talks"/"talk" match."""
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def _names(text: str) -> frozenset[str]:
    """Capitalised words of a sentence (places, people, bodies), lowercased, minus weekday/month."""
    return frozenset(set(map(str.lower, NAME.findall(text))) - NOT_NAMES)


def _inferred_dates(
    stated: dict[str, dt.date | None],
    weekday_mentions: dict[str, list[_WeekdayMention]],
    article_names: dict[str, np.ndarray],
) -> dict[str, dt.date]:
    """Publication days of undated articles, from weekday-named events dated articles place.

    A dated article resolves its weekday mentions to days (anchors). An undated article's
    mention of the same weekday whose sentence shares content words (Geneva, talks) with an
    anchor's sentence, in an article about the same story (shared names), names the same day
    (when all such anchors agree). The candidate publication days
    are those on which every matched mention resolves to its anchor's day under the same
    tense rules; then (1) all the article's weekday-named days must fit in one week (AP style),
    and (2) if several days remain, the day on which a past-tense event of the article took
    place is taken (news reports the day's events: a Friday story about Friday's call, not the
    weekend after). The matches must bound the day from both sides — an event past and one
    ahead or untensed — else a week stays open and nothing is guessed (a lone "the Geneva talks
    on Monday proved inconclusive"). One day left → inferred; otherwise unknown.
    With ``MAX_INFERENCE_ROUNDS`` above 1, inferred articles anchor the next round.
    """
    dated = {aid: day for aid, day in stated.items() if day is not None}
    inferred: dict[str, dt.date] = {}
    for _ in range(MAX_INFERENCE_ROUNDS):
        anchors = _anchors({**dated, **inferred}, weekday_mentions)
        anchors_of: dict[str, list] = {}
        for anchor in anchors:
            anchors_of.setdefault(anchor[0], []).append(anchor)
        undated = [aid for aid in stated if aid not in dated and aid not in inferred and weekday_mentions.get(aid)]
        related = _related_articles(undated, list(anchors_of), article_names)
        new = {}
        for aid in undated:
            near = [anchor for other in related[aid] for anchor in anchors_of[other]]
            story_days = Counter(dated[other] for other in related[aid] if other in dated)
            day = _infer_one(aid, weekday_mentions[aid], near, story_days)
            if day is not None:
                new[aid] = day
        if not new:
            break
        inferred |= new
    return inferred


def _anchors(dated: dict[str, dt.date], weekday_mentions: dict[str, list[_WeekdayMention]]):
    anchors = []
    for aid, day in dated.items():
        for item in weekday_mentions.get(aid, []):
            anchors.append(
                (
                    aid,
                    item.mention.weekday,
                    item.words,
                    weekday_date(item.mention.weekday, day, item.mention.tense, item.mention.modifier),
                )
            )
    return anchors


def _infer_one(aid: str, items: list[_WeekdayMention], anchors, story_days: Counter) -> dt.date | None:
    constraints = []
    for item in items:
        days = {
            day
            for other, weekday, words, day in anchors
            if other != aid and weekday == item.mention.weekday and len(words & item.words) >= MIN_SHARED_WORDS
        }
        if len(days) == 1:
            constraints.append((item.mention, days.pop()))
    if not constraints:
        return None
    low = min(day for _, day in constraints) - dt.timedelta(days=DAYS_PER_WEEK)
    candidates = [
        low + dt.timedelta(days=i) for i in range((max(d for _, d in constraints) - low).days + DAYS_PER_WEEK + 1)
    ]
    candidates = [
        d for d in candidates if all(weekday_date(m.weekday, d, m.tense, m.modifier) == day for m, day in constraints)
    ]
    within_week = [d for d in candidates if _weekday_span(items, d) <= WEEKDAY_SPAN_DAYS]
    # "between them": a matched event already past bounds the day from below, an event still
    # ahead on another weekday from above; one side alone leaves a week open. (Untensed or
    # same-weekday mentions do not bound: "primaries Tuesday" in a live blog of primary night
    # matched last fortnight's primary Tuesday on PolNeAR.)
    past_weekdays = {m.weekday for m, _ in constraints if m.tense == PAST}
    ahead = any(i.mention.tense == FUTURE and i.mention.weekday not in past_weekdays for i in items)
    if past_weekdays and ahead:
        same_day = [
            d
            for d in within_week
            if any(
                i.mention.tense == PAST and weekday_date(i.mention.weekday, d, i.mention.tense, i.mention.modifier) == d
                for i in items
            )
        ]
        remaining = within_week if len(within_week) == 1 else same_day
        if len(remaining) == 1:
            return remaining[0]
    return _story_day(within_week, story_days)


def _story_day(candidates: list[dt.date], story_days: Counter) -> dt.date | None:
    """Of the days an article's weekday mentions allow, the one on which most articles of the
    same story state they were published (a story told by hundreds of articles is published on
    a few days: the Helsinki summit's scrape of 612 articles on two). None unless at least
    ``MIN_STORY_VOTES`` articles agree and no other allowed day has as many."""
    votes = sorted(((story_days.get(day, 0), day) for day in candidates), reverse=True)
    if not votes or votes[0][0] < MIN_STORY_VOTES or (len(votes) > 1 and votes[1][0] == votes[0][0]):
        return None
    return votes[0][1]


def _related_articles(
    undated: list[str], candidates: list[str], article_names: dict[str, np.ndarray]
) -> dict[str, list[str]]:
    """For each undated article, the candidates about the same story: Jaccard similarity of
    their names (``_article_names``: sorted name ids) at least MIN_RELATED_ARTICLES_JACCARD,
    in candidates' order.

    Every pair is compared, but as sparse matrix products (shared names = U·Aᵀ), a batch of
    undated articles at a time: a loop over pairs took 89 s for 1,000 undated articles among
    50,000 dated ones."""
    from scipy.sparse import csr_matrix

    related: dict[str, list[str]] = {aid: [] for aid in undated}
    if not undated or not candidates:
        return related
    empty = np.zeros(0, dtype=np.int32)
    width = 1 + max((int(a.max()) for a in article_names.values() if len(a)), default=0)

    def matrix(ids: list[str]) -> csr_matrix:
        rows = [article_names.get(aid, empty) for aid in ids]
        indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
        indices = np.concatenate(rows) if rows else empty
        data = np.ones(len(indices), dtype=np.float64)
        return csr_matrix((data, indices, indptr), shape=(len(ids), width))

    built = matrix(candidates)
    sizes = np.diff(built.indptr)
    built_t = built.T.tocsc()
    del built
    for start in range(0, len(undated), RELATED_BATCH):
        batch = undated[start : start + RELATED_BATCH]
        mine = matrix(batch)
        shared = (mine @ built_t).tocoo()
        own_sizes = np.diff(mine.indptr)
        union = own_sizes[shared.row] + sizes[shared.col] - shared.data
        keep = shared.data / union >= MIN_RELATED_ARTICLES_JACCARD
        for row, col in sorted(zip(shared.row[keep].tolist(), shared.col[keep].tolist(), strict=True)):
            related[batch[row]].append(candidates[col])
    return related


def _weekday_span(items: list[_WeekdayMention], published: dt.date) -> int:
    days = [weekday_date(i.mention.weekday, published, i.mention.tense, i.mention.modifier) for i in items]
    return (max(days) - min(days)).days


def _years_of_day_lines(stated: dict[str, dt.date | None], header: dict[str, object]) -> dict[str, dt.date]:
    """Undated articles whose header states a day and month without a year (``July 15 at 1:10
    PM``, ``Helsinki, July 14:``): the year that puts that day nearest the median of the
    corpus's stated dates. None without stated dates."""
    days = sorted(day for day in stated.values() if day is not None)
    if not days:
        return {}
    reference = days[len(days) // 2]
    found = {}
    for aid, day in stated.items():
        text = _value(header.get(aid))
        if day is not None or not isinstance(text, str):
            continue
        partial = next((m for m in mentions(text) if m.kind in ("month_day", "day_month")), None)
        if partial is not None:
            try:
                found[aid] = dt.date(month_year(partial.month, reference, UNKNOWN), partial.month, partial.day)
            except ValueError:
                continue  # 30 February
    return found


def _story_dates(
    stated: dict[str, dt.date | None], inferred: dict[str, dt.date], weekday_mentions: dict[str, list[_WeekdayMention]]
) -> dict[str, dt.date]:
    """A corpus of one story (most stated dates within one week: a scrape of one event) dates
    its remaining articles by their weekday mentions alone: the days on which every mention
    names a day of that week, and of those the day most articles state (``_story_day``).
    Corpora spread over months (PolNeAR: two years) have no such week and get nothing here."""
    days = Counter(day for day in stated.values() if day is not None)
    week = _story_week(days)
    if week is None:
        return {}
    first, last = week
    found = {}
    for aid, day in stated.items():
        items = weekday_mentions.get(aid)
        if day is not None or aid in inferred or not items:
            continue
        candidates = [
            first + dt.timedelta(days=offset)
            for offset in range((last - first).days + 1)
            if all(
                first
                <= weekday_date(
                    i.mention.weekday, first + dt.timedelta(days=offset), i.mention.tense, i.mention.modifier
                )
                <= last
                for i in items
            )
        ]
        chosen = _story_day(candidates, days)
        if chosen is not None:
            found[aid] = chosen
    return found


def _story_week(days: Counter) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the 7-day window holding the most stated dates, if it holds at
    least ``STORY_SHARE`` of them (and ``MIN_STORY_VOTES``); else None."""
    total = sum(days.values())
    if total < MIN_STORY_VOTES:
        return None
    best = max(
        (
            (sum(n for d, n in days.items() if start <= d < start + dt.timedelta(days=DAYS_PER_WEEK)), start)
            for start in days
        ),
        key=lambda item: (item[0], -item[1].toordinal()),
    )
    if best[0] < STORY_SHARE * total:
        return None
    return best[1], best[1] + dt.timedelta(days=DAYS_PER_WEEK - 1)
