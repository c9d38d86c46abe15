"""Wire copy, traced: relations between articles, who published each shared sentence first, each
article's likely source, stories (versions of one dispatch) and what each outlet changed.

Pure functions of the tables the build already has (articles, sentences with their clusters,
quotes, overlap); ``provenance_tables`` runs them all and returns:

- ``overlap`` with ``shared_reporting`` (A's sentences, outside quoted speech, found in B) and
  ``relation``: ``copy`` (the same article), ``syndicated`` (at least
  ``SYNDICATED_MIN_SENTENCES`` reporting sentences in common, both ways) or ``shares quotes``
  (only quoted speech, tweets, or fewer common lines than that);
- ``clusters``: one row per sentence cluster carried by two or more articles, with the article
  that published it first and whether that is certain (``earliest``), a tie (``tied``), only
  the earliest of the dated carriers (``earliest dated``) or unknown (``undated``);
- ``provenance``: one row per article, its story and its likely source (the wire it credits,
  else the syndicated partner it shares most reporting with, the earliest first);
- ``stories``: one row per story (articles joined by syndication), with its earliest and
  fullest versions;
- ``edits``: for each story, each paragraph of its fullest version against each version
  (``kept`` / ``edited`` with the word changes / ``cut``), and what each version ``added``.

Cost: a pass over the sentences plus, like ``overlap``, pairs generated inside each cluster's
articles (never all pairs of articles); the edits walk each story's sentences once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from . import overlap, schema
from .schema import CLUSTERS, EDITS, PROVENANCE, STORIES

# A sentence is reporting copy unless at least this share of its characters is quoted speech
# (a direct or partial quote found by the quotes stage, or text between quotation marks): two
# outlets carrying the same Trump tweet or the same line of a press conference
# have quoted the same person, not shared a reporter's copy.
MAX_QUOTED_SHARE = 0.5
# ...and has at least this many words: shorter common lines ("You can change the location at any
# time.", "% of readers think this story is Fact.", "Chat with us in Facebook Messenger.") are
# often a site's furniture repeated across its pages, not copy (on Helsinki, 13 of the 40 most
# carried shared lines under 10 words).
MIN_REPORTING_WORDS = 10
# A paragraph this short (a tweet's limit) with a first-person sentence is speech as a whole.
TWEET_MAX_CHARS = 280
# Two articles are syndicated when each carries at least this many reporting sentences of the
# other (quotes, captions and furniture set aside). Chosen on Helsinki (docs/ACCURACY.md, "Wire
# flow"): with 2, 12 of 50 "shares quotes" pairs read still shared a wire sentence; with 1, 45
# of 50 "syndicated" pairs read share reporting copy and 49 of 50 "shares quotes" pairs do not.
SYNDICATED_MIN_SENTENCES = 1
# A syndicated partner joins a story (see ``stories``) when at least this share of its reporting
# sentences are in the story's fullest version: most of it is that dispatch.
STORY_MIN_CONTAINMENT = 0.5
# The same article: each has at least this share of its aligned sentences in the other.
COPY_MIN_SHARE = 0.9
# Edits are made for stories of about this many articles at a time, so that only their sentences
# are Python objects and their rows a table at once (at 50,000 articles, all at once added 1 GB).
EDITS_BATCH_ARTICLES = 1_000
# A story is named by the first readable title among its versions (the fullest's, the
# earliest's, then the others' by date): at least this many words, no clock time or numeric
# date in it, and at least this share of its longer words found in the fullest version's text.
# On Helsinki the fullest versions' titles included "Obituaries Front", "Enter City and State or
# Zip Code" and "Nation/World 07/14/2018, 08:04pm" (the page's furniture scraped as its title).
TITLE_MIN_WORDS = 3
TITLE_MIN_IN_TEXT = 0.5
TITLE_WORD_LETTERS = 4  # words this long or longer are checked against the text ("the", "and" are not)
# Without one, the story is named by the first reporting sentence of its fullest version that
# another version carries too (not code: a scraped script is no sentence), cut at a word
# boundary to this many characters.
TITLE_LENGTH = 100
# a clock time or numeric date ("07/14/2018, 08:04pm"), or a tweet's signature ("— CBS News (@CBSNews)")
_TITLE_JUNK = re.compile(r"\d{1,2}[:/.]\d{2}|\b\d{1,2}\s*(?:am|pm)\b|\(@\w+\)|^\s*[—–-]", re.IGNORECASE)
_TITLE_SITE = re.compile(r"\s+(?:\||-)\s+")  # "Headline | Charlotte Observer", "Headline - Reuters" (not a dash)
_POSSESSIVE = re.compile(r"['’]s\b")
_CODE = re.compile(r"[{}=;<>]|\w\.\w+\(|\b_\w")

COPY = "copy"
SYNDICATED = "syndicated"
SHARES_QUOTES = "shares quotes"
RELATIONS = (COPY, SYNDICATED, SHARES_QUOTES)

# What the stage reads of the articles table (a build passes only these: the bodies are written).
ARTICLE_COLUMNS = ("article_id", "source", "wire", "title", "published", "n_sentences")

# clusters.first
EARLIEST, TIED, EARLIEST_DATED, UNDATED = "earliest", "tied", "earliest dated", "undated"
# provenance.source_kind
CREDITED, EARLIER, SAME_TIME, UNDATED_PARTNER, OWN = (
    "credited wire",
    "earlier article",
    "same-time article",
    "undated article",
    "own reporting",
)
# edits.status
KEPT, EDITED, CUT, ADDED = "kept", "edited", "cut", "added"
EDIT_STATUSES = (KEPT, EDITED, CUT, ADDED)

_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“”]*[“”]|‘‘.*?’’|``.*?''")
_OPEN_QUOTE = re.compile(r"^\s*(?:[\"“«„]|‘‘|``)")
# A quote closed in this sentence but opened in an earlier one: quoted up to the closing mark.
_CLOSE_QUOTE = re.compile(r"^[^\"“”«»„‘]*?(?:”|’’|''|\"(?=\s|$))")
# Outside quotes, a reporter's copy is in the third person: a line speaking as "we", "our" or
# "you" is a site's own furniture ("No one covers what is happening in our community better than
# we do.", "And with a digital subscription, you'll never miss a local story.") or a tweet
# embedded without quotation marks ("We had a truly great Summit ...").
_PERSONAL_WORDS = frozenset(
    "I I'm I’m I've I’ve I'll I’ll We we We're we're We’re we’re We've we've We’ve we’ve Our our us You you "
    "You're you're You’re you’re You'll you'll You’ll you’ll Your your My my me".split()
)
_WORD_RUN = re.compile(r"[\w’']+")  # a personal word is a whole run of word characters and apostrophes
# A photo caption (agency captions give the full date with its weekday, "Sunday, July 15, 2018",
# which copy does not, or open "FILE -"): the same picture, not the same reporting.
_CAPTION = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)\w*\.? \d{1,2},? \d{4}"
    r"|^\s*FILE\s*[-–—]|\bfile photo\b|\((?:AP|Reuters|AFP) Photo",
)
_CAPTION_NEEDLES = ("day", "FILE", "file photo", " Photo")  # one of them is in every caption the pattern finds
# an opening mark: curly, guillemet, low, ``, or a straight one before a word at the start or after a
# space, colon or bracket (tested apart: a pattern opening with a look-behind is tried everywhere)
_UNCLOSED = re.compile(r"[“«„]|``|\"(?=\w)")
_STRAIGHT_OPENS_AFTER = frozenset(":(")
# single marks found by the mark itself, the character before it tested apart (a pattern opening
# with a look-behind is tried at every position of the text)
_SINGLE_OPEN = re.compile(r"['‘](?=[A-Z0-9….])")  # at the start, or after a space or one of OPENS_AFTER
_SINGLE_OPENS_AFTER = frozenset(":([—–-")
_SINGLE_CLOSE = re.compile(r"['’](?=\s|$|<)")  # after one of CLOSES_AFTER
_SINGLE_CLOSES_AFTER = frozenset(".,!?…")
# An exclamation ending a sentence: a tweet or a shout, quoted or embedded, not a reporter's copy.
_EXCLAMATION = re.compile(r"!\W*$")
# Every quotation mark the patterns above look for: a sentence without one (about half of news)
# has no quoted characters, and skips them.
_ANY_MARK = re.compile(r"[\"“”«»„‘’'`]")
WORD_KEYS_REMEMBERED = 100_000  # distinct words whose compared form is kept (a few MB)
_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=WORD_KEYS_REMEMBERED)  # a corpus's vocabulary repeats in every story
def _word_key(word: str) -> str:
    """A word as compared: lower case, punctuation (quote marks, commas, dashes) dropped."""
    return _NOT_WORD.sub("", word.lower())


def quoted_share(sentences: pd.DataFrame, quotes: pd.DataFrame | None = None) -> pd.Series:
    """Share (0-1) of each sentence's characters that are quoted speech, aligned to ``sentences``.

    The larger of two readings: the spans of the quotes stage's direct and partial quotes (body
    offsets, so a quote running over several sentences counts in each), and double quotation
    marks in the sentence itself (a sentence opening a quote that it does not close counts as
    quoted from the mark on)."""
    return _quoted_share(sentences, quotes, _DistinctTexts.of(sentences["text"]).map(_marked_chars, np.float64))


def _quoted_share(sentences: pd.DataFrame, quotes: pd.DataFrame | None, marked: np.ndarray) -> pd.Series:
    """``quoted_share``, given the characters of each sentence between quotation ``marked``."""
    lengths = sentences["text"].fillna("").str.len().to_numpy(dtype=np.float64)
    spans = _span_chars(sentences, quotes) if quotes is not None else np.zeros(len(sentences))
    share = np.maximum(marked, spans) / np.maximum(lengths, 1)
    return pd.Series(np.clip(share, 0, 1), index=sentences.index)


def _single_quoted(text: str) -> int:
    """Characters inside single quotation marks (British style): an opening mark at the start or
    after a space, colon or bracket, before a capital; a closing one after . , ! ? or … before a
    space or the end (so apostrophes, "don't" or "the judges' ruling", are neither). A quote
    opened here and not closed runs to the end; one closed here and not opened, from the start."""
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text) if _opens_single(text, m.start())]
    closes = [m.end() for m in _SINGLE_CLOSE.finditer(text) if text[m.start() - 1 : m.start()] in _SINGLE_CLOSES_AFTER]
    return _chars_between(opens, closes, len(text))


def _chars_between(opens: list[int], closes: list[int], length: int) -> int:
    """Characters between single marks opening at ``opens`` and closing at ``closes`` (offsets) in
    a text of ``length``: an unclosed quote runs to the end, an unopened one from the start."""
    chars, start = 0, None
    for at, kind in sorted([(at, "open") for at in opens] + [(at, "close") for at in closes]):
        if kind == "open" and start is None:
            start = at
        elif kind == "close":
            chars += at - (0 if start is None and chars == 0 else start if start is not None else at)
            start = None
    if start is not None:
        chars += length - start
    return chars


def _opens_single(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace() or text[at - 1] in _SINGLE_OPENS_AFTER


def _first_opening(text: str) -> int | None:
    """Where the first opening quotation mark of ``text`` is (see ``_UNCLOSED``), or None."""
    for mark in _UNCLOSED.finditer(text):
        at = mark.start()
        if text[at] != '"' or at == 0 or text[at - 1].isspace() or text[at - 1] in _STRAIGHT_OPENS_AFTER:
            return at
    return None


def _marked_chars(text: str) -> int:
    if _EXCLAMATION.search(text):
        return len(text)
    if not _ANY_MARK.search(text):
        return 0
    chars = max(sum(len(match) for match in _QUOTED.findall(text)), _single_quoted(text))
    if chars == 0 and _OPEN_QUOTE.match(text):
        return len(text)
    # A quote opened and not closed in this sentence runs to its end.
    unclosed = _first_opening(_QUOTED.sub(lambda match: " " * len(match.group()), text))
    if unclosed is not None:
        chars += len(text) - unclosed
    closing = _CLOSE_QUOTE.match(text)
    if closing and not _QUOTED.match(text):
        chars = max(chars, closing.end())
    return chars


def _span_chars(sentences: pd.DataFrame, quotes: pd.DataFrame) -> np.ndarray:
    """Characters of each sentence inside a direct or partial quote's span (same article)."""
    out = np.zeros(len(sentences))
    needed = {"article_id", "start", "end", "kind"}
    if quotes.empty or not needed <= set(quotes.columns) or not {"start", "end"} <= set(sentences.columns):
        return out
    quotes = quotes[list(needed)]
    direct = quotes[quotes["kind"].isin(["full", "partial"]) & quotes["start"].notna() & quotes["end"].notna()]
    if direct.empty:
        return out
    s_article, articles = pd.factorize(sentences["article_id"])
    width = np.int64(max(int(sentences["end"].max(skipna=True) or 0), int(direct["end"].max())) + 1)
    s_article = s_article.astype(np.int64)
    s_start = s_article * width + sentences["start"].to_numpy(dtype=np.int64, na_value=0)
    s_end = s_article * width + sentences["end"].to_numpy(dtype=np.int64, na_value=0)
    order = np.argsort(s_start, kind="stable")
    s_start, s_end = s_start[order], s_end[order]
    q_article = schema.positions(direct["article_id"], articles)
    known = q_article >= 0
    q_start = (q_article * width + direct["start"].to_numpy(dtype=np.int64))[known]
    q_end = (q_article * width + direct["end"].to_numpy(dtype=np.int64))[known]
    # The sentences a quote touches: those starting before its end and ending after its start
    # (sentences of an article do not overlap, so their ends are sorted like their starts).
    low = np.searchsorted(s_end, q_start, side="right")
    high = np.searchsorted(s_start, q_end, side="left")
    counts = np.maximum(high - low, 0)
    quote = np.repeat(np.arange(len(q_start)), counts)
    row = np.repeat(low, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    inside = np.minimum(s_end[row], q_end[quote]) - np.maximum(s_start[row], q_start[quote])
    covered = np.zeros(len(sentences))
    np.add.at(covered, row, np.maximum(inside, 0))
    out[order] = covered
    return out


@dataclass(frozen=True)
class _DistinctTexts:
    """A text column (nulls as "") as codes of its distinct texts, so that a function of a text
    is computed once per distinct text: syndicated copy repeats most sentences (Helsinki: 10,897
    distinct of 17,699)."""

    codes: np.ndarray
    distinct: list[str]

    @classmethod
    def of(cls, texts: pd.Series) -> _DistinctTexts:
        codes, distinct = pd.factorize(texts.fillna(""))
        return cls(codes, distinct.tolist())  # Python strings once, not Arrow scalars

    def map(self, function, dtype) -> np.ndarray:
        """``function`` of each text."""
        values = np.fromiter(map(function, self.distinct), dtype=dtype, count=len(self.distinct))
        return values[self.codes]


@dataclass(frozen=True)
class TextTests:
    """What ``reporting`` reads in the sentences' texts alone, per sentence: words, whether it
    speaks in the first or second person (or its short paragraph does, or it is a photo
    caption), and its characters between quotation marks. It needs neither quotes, dates nor
    clusters, so a build makes it while the quotes and dates stages still run (``tables``)."""

    words: np.ndarray
    personal: np.ndarray
    marked: np.ndarray

    @classmethod
    def of(cls, sentences: pd.DataFrame) -> TextTests:
        texts = sentences["text"].fillna("")
        distinct = _DistinctTexts.of(texts)
        words = distinct.map(lambda value: len(value.split()), np.int64)
        personal = distinct.map(_personal, bool)
        if {"article_id", "paragraph"} <= set(sentences.columns):
            # ...in the whole paragraph when it is as short as a tweet: a tweet embedded without
            # quotation marks is a paragraph of its own, and its first person shows in one
            # sentence only ("Heading to Helsinki, Finland – looking forward to meeting with
            # President Putin tomorrow. Unfortunately, no matter how well I do at the Summit,
            # ..."). Longer paragraphs are reporting with quotes in them (METER's court stories
            # are often one paragraph).
            article, _ = pd.factorize(sentences["article_id"])
            number = sentences["paragraph"].fillna(-1).to_numpy(dtype=np.int64) + 1
            paragraph, _ = pd.factorize(article.astype(np.int64) * (number.max(initial=0) + 1) + number)
            chars = np.bincount(paragraph, weights=texts.str.len().to_numpy() + 1)[paragraph] - 1
            any_personal = np.bincount(paragraph, weights=personal)[paragraph] > 0
            personal = personal | ((chars <= TWEET_MAX_CHARS) & any_personal)
        personal |= distinct.map(_caption, bool)
        return cls(words, personal, distinct.map(_marked_chars, np.float64))


def reporting(sentences: pd.DataFrame, quotes: pd.DataFrame | None = None, texts: TextTests | None = None) -> pd.Series:
    """Whether each sentence counts as reporting copy: aligned (long enough to compare), at least
    ``MIN_REPORTING_WORDS`` words, in the third person outside its quotes (no "we", "our", "you",
    no e-mail or @handle; nor any sentence of a paragraph as short as a tweet), not a photo
    caption, less than ``MAX_QUOTED_SHARE`` quoted speech, and in a cluster where at least half
    the sentences are such (a tweet that one outlet embeds without quotation marks and the
    others quote is still a quote). ``texts``: the sentences' ``TextTests``, if already made."""
    texts = texts or TextTests.of(sentences)
    aligned = sentences["aligned"] if "aligned" in sentences.columns else pd.Series(True, index=sentences.index)
    own = (
        aligned.fillna(False).to_numpy(dtype=bool)
        & (texts.words >= MIN_REPORTING_WORDS)
        & ~texts.personal
        & (_quoted_share(sentences, quotes, texts.marked).to_numpy() < MAX_QUOTED_SHARE)
    )
    if "cluster_id" not in sentences.columns:
        return pd.Series(own, index=sentences.index)
    group, _ = pd.factorize(sentences["cluster_id"].fillna(sentences["sentence_id"]))
    totals = np.bincount(group, minlength=group.max() + 1 if len(group) else 0)
    share = np.bincount(group, weights=own, minlength=len(totals)) / np.maximum(totals, 1)
    return pd.Series(own & (share[group] >= 0.5), index=sentences.index)


def _personal(text: str) -> bool:
    """Whether the text speaks as "I", "we" or "you" outside its quotes, or holds an @handle."""
    unquoted = _QUOTED.sub(" ", text)
    return "@" in unquoted or not _PERSONAL_WORDS.isdisjoint(_WORD_RUN.findall(unquoted))


def _caption(text: str) -> bool:
    return any(needle in text for needle in _CAPTION_NEEDLES) and _CAPTION.search(text) is not None


def shared_reporting(sentences: pd.DataFrame, is_reporting: pd.Series) -> pd.DataFrame:
    """Ordered article pairs with ``shared_reporting``: the clusters A and B both carry in which
    A's sentence is reporting copy (a line repeated within A counts once). Pairs come from inside
    each cluster's articles, as ``overlap`` makes them, for clusters with a reporting member."""
    counted = _ReportingPairs.of(sentences, is_reporting)
    n = np.int64(len(counted.article_ids) or 1)
    ids = pd.array(counted.article_ids, dtype="string")
    return pd.DataFrame(
        {
            "article_a": ids.take(counted.keys // n),
            "article_b": ids.take(counted.keys % n),
            "shared_reporting": pd.array(counted.values, dtype="Int64"),
        }
    )


@dataclass(frozen=True)
class _ReportingPairs:
    """``shared_reporting``'s pairs as sorted integer keys ``a * n + b`` (a and b: positions in
    ``article_ids``; 3 million pairs at 50,000 articles, as id strings 150 MB) and their values."""

    keys: np.ndarray
    values: np.ndarray
    article_ids: np.ndarray

    @classmethod
    def of(cls, sentences: pd.DataFrame, is_reporting: pd.Series) -> _ReportingPairs:
        group, _ = pd.factorize(sentences["cluster_id"].fillna(sentences["sentence_id"]))
        article, article_ids = pd.factorize(sentences["article_id"], sort=True)
        article_ids = np.asarray(article_ids, dtype=object)
        flags = is_reporting.to_numpy(dtype=bool)
        none = cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), article_ids)
        n_articles = sentences["n_articles"].fillna(1).to_numpy(dtype=np.int64)
        aligned = sentences["aligned"].fillna(False).to_numpy(dtype=bool) if "aligned" in sentences else True
        carried = aligned & (n_articles > 1) & (n_articles <= overlap.MAX_PAIR_ARTICLES)
        with_reporting = np.zeros(group.max() + 1 if len(group) else 0, dtype=bool)
        with_reporting[group[carried & flags]] = True
        carried &= with_reporting[group]
        if not carried.any():
            return none
        n = np.int64(len(article_ids))
        # One element per (cluster, article), weighing 1 when the article's sentence there is reporting.
        keys = group[carried] * n + article[carried]
        order = np.lexsort((~flags[carried], keys))
        keys, weight = keys[order], flags[carried][order]
        first = np.r_[True, keys[1:] != keys[:-1]]
        keys, weight = keys[first], weight[first].astype(np.float64)
        cluster, member = keys // n, keys % n
        starts = np.flatnonzero(np.r_[True, cluster[1:] != cluster[:-1]])
        sizes = np.diff(np.r_[starts, len(cluster)])
        runs = sizes >= 2
        pair_keys, (from_a, from_b) = overlap._pair_sums(
            starts[runs], sizes[runs], member, n, [weight, weight], swap=True
        )
        if len(pair_keys) == 0:
            return none
        a, b = pair_keys // n, pair_keys % n
        keys, values = np.r_[a * n + b, b * n + a], np.r_[from_a, from_b].astype(np.int64)
        return cls(keys, values, article_ids)

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> _ReportingPairs:
        """From ``shared_reporting``'s table."""
        article_ids = np.asarray(
            pd.unique(pd.concat([table["article_a"], table["article_b"]]).dropna().sort_values()), dtype=object
        )
        n = np.int64(len(article_ids))
        a, b = (schema.positions(table[column], article_ids) for column in ("article_a", "article_b"))
        known = (a >= 0) & (b >= 0)
        values = table["shared_reporting"].fillna(0).to_numpy(dtype=np.int64)
        return cls((a * n + b)[known], values[known], article_ids)

    def ordered(self) -> _ReportingPairs:
        order = np.argsort(self.keys, kind="stable")
        return _ReportingPairs(self.keys[order], self.values[order], self.article_ids)

    def of_pairs(self, article_a, article_b) -> np.ndarray:
        """The shared reporting of each pair (0 for a pair not counted); the keys must be
        ``ordered``."""
        n = np.int64(len(self.article_ids))
        a, b = (schema.positions(column, self.article_ids) for column in (article_a, article_b))
        wanted = np.where((a >= 0) & (b >= 0), a * n + b, -1)
        del a, b
        keys, values = self.keys, self.values
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        hit = (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
        return np.where(hit, values[at] if len(values) else 0, 0)


def relations(pairs: pd.DataFrame, reporting_pairs: pd.DataFrame | _ReportingPairs) -> pd.DataFrame:
    """``overlap`` with ``shared_reporting`` and ``relation`` (the same for both orders of a pair)."""
    if isinstance(reporting_pairs, pd.DataFrame):
        reporting_pairs = _ReportingPairs.from_table(reporting_pairs)
    reporting_pairs = reporting_pairs.ordered()
    pairs = pairs.drop(columns=["shared_reporting", "relation"], errors="ignore")
    # Pairs as integer keys (article positions found in Arrow, no Python string per row: at
    # 50,000 articles there are 3 million pairs, and a MultiIndex of their ids cost 750 MB).
    own = reporting_pairs.of_pairs(pairs["article_a"], pairs["article_b"])
    back = reporting_pairs.of_pairs(pairs["article_b"], pairs["article_a"])
    duplicate = pairs["duplicate"].fillna(False).to_numpy(dtype=bool) if "duplicate" in pairs else False
    is_copy = duplicate | ((pairs["share_a"] >= COPY_MIN_SHARE) & (pairs["share_b"] >= COPY_MIN_SHARE)).to_numpy()
    is_syndicated = np.minimum(own, back) >= SYNDICATED_MIN_SENTENCES
    copy, syndicated, shares_quotes = (RELATIONS.index(r) for r in (COPY, SYNDICATED, SHARES_QUOTES))
    relation = np.where(is_copy, copy, np.where(is_syndicated, syndicated, shares_quotes)).astype(np.int8)
    return pairs.assign(
        shared_reporting=pd.array(own, dtype="Int64"), relation=schema.strings_from_codes(relation, RELATIONS)
    )


def clusters(sentences: pd.DataFrame, articles: pd.DataFrame, is_reporting: pd.Series) -> pd.DataFrame:
    """One row per cluster carried by two or more articles: who published it first.

    ``first``: ``earliest`` (one article, every carrier dated), ``tied`` (``n_first`` articles
    share the earliest time; ``first_article`` is the smallest id of them), ``earliest dated``
    (some carriers are undated, so an undated one may be earlier) or ``undated`` (no carrier
    is dated; no first article)."""
    shared = (sentences["n_articles"].fillna(1) > 1).to_numpy()
    if "aligned" in sentences.columns:
        shared &= sentences["aligned"].fillna(False).to_numpy(dtype=bool)
    # Clusters and articles as codes in the order of their ids (1.5 million id strings cost 300 MB).
    cluster, cluster_ids = pd.factorize(sentences["cluster_id"].where(shared), sort=True)
    article, article_ids = pd.factorize(sentences["article_id"], sort=True)
    shared &= cluster >= 0
    rows = pd.DataFrame(
        {
            "cluster_id": cluster[shared],
            "article_id": article[shared],
            "reporting": is_reporting.to_numpy(dtype=bool)[shared],
        }
    )
    if rows.empty:
        return schema.empty(CLUSTERS)
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    rows = rows.assign(published=published.reindex(article_ids).to_numpy()[rows["article_id"].to_numpy()])
    rows = rows.sort_values(["cluster_id", "published", "article_id"], na_position="last")
    carriers = rows.drop_duplicates(["cluster_id", "article_id"])
    grouped = carriers.groupby("cluster_id", sort=True)
    table = pd.DataFrame(
        {
            "n_articles": grouped.size(),
            "reporting": rows.groupby("cluster_id", sort=True)["reporting"].mean() > 0.5,
            "first_published": grouped["published"].min(),
            "n_undated": grouped.size() - grouped["published"].count(),
            "first_article": grouped["article_id"].first(),
        }
    )
    earliest = carriers.merge(table["first_published"].rename("at"), left_on="cluster_id", right_index=True)
    table["n_first"] = (earliest["published"] == earliest["at"]).groupby(earliest["cluster_id"]).sum()
    first = np.select(
        [table["first_published"].isna(), table["n_first"] > 1, table["n_undated"] > 0],
        [UNDATED, TIED, EARLIEST_DATED],
        EARLIEST,
    )
    first_article = table["first_article"].where(first != UNDATED, -1).to_numpy(dtype=np.int64)
    table = table.assign(first=first, first_article=article_ids.array.take(first_article, allow_fill=True))
    table["n_first"] = table["n_first"].where(first != UNDATED, 0)
    table.index = cluster_ids[table.index.to_numpy()]
    return schema.conform(table.rename_axis("cluster_id").reset_index(), CLUSTERS)


def _copied(sentences: pd.DataFrame, is_reporting: pd.Series) -> pd.Series:
    """Per article: reporting sentences it shares with at least one other article."""
    shared = sentences["n_articles"].fillna(1).to_numpy() > 1
    mask = shared & is_reporting.to_numpy(dtype=bool)
    return sentences.loc[mask, "article_id"].value_counts()


@dataclass(frozen=True)
class Linked:
    """The syndicated pairs and copies of an overlap table, as positions in the articles table:
    ``a`` and ``b`` (``b`` is -1 when absent; pairs whose ``article_a`` is absent are left out),
    with their ``shared_reporting``. Found in Arrow: at 50,000 articles there are 3 million
    pairs, and merging their ids cost 600 MB."""

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray

    @classmethod
    def of(cls, pairs: pd.DataFrame, articles: pd.DataFrame) -> Linked:
        ids = articles["article_id"]
        linked = pairs["relation"].isin([SYNDICATED, COPY]).to_numpy(dtype=bool)
        a = schema.positions(pairs["article_a"], ids)[linked]
        b = schema.positions(pairs["article_b"], ids)[linked]
        shared = pairs["shared_reporting"].fillna(0).to_numpy(dtype=np.int64)[linked]
        known = a >= 0
        return cls(a[known], b[known], shared[known])


def article_sources(articles: pd.DataFrame, linked: Linked, copied: pd.Series) -> pd.DataFrame:
    """One row per article: its likely source.

    The wire it credits (``credited wire``), else among its syndicated partners (or copies) the
    one it shares most reporting with, the earliest first: ``earlier article`` when that partner
    was published before it, ``same-time article`` at the same time, ``undated article`` when
    either is undated (the direction is then unknown); partners published after it are not its
    source. ``own reporting`` when it has none. ``source_article`` names the partner whenever
    there is one (credited wire copy too), ``shared_reporting`` what they share."""
    ids = articles["article_id"].reset_index(drop=True)
    at = _date_keys(articles["published"], undated=NAT)
    n = len(ids)
    a, b, shared = linked.a, linked.b, linked.shared
    b_at = np.where(b >= 0, at[np.maximum(b, 0)], NAT)
    a_at = at[a]
    later = (b_at != NAT) & (a_at != NAT) & (b_at > a_at)  # undated partners stay
    a, b, shared, b_at = a[~later], b[~later], shared[~later], b_at[~later]
    # Each article's best: most shared reporting, then the earliest (undated last), then the
    # smallest id.
    rank = np.empty(n + 1, dtype=np.int64)
    rank[ids.argsort().to_numpy()] = np.arange(n)
    rank[n] = n
    order = np.lexsort((rank[np.where(b >= 0, b, n)], np.where(b_at == NAT, np.iinfo(np.int64).max, b_at), -shared, a))
    a, b, shared, b_at = a[order], b[order], shared[order], b_at[order]
    first = np.r_[True, a[1:] != a[:-1]] if len(a) else np.zeros(0, dtype=bool)
    partner = np.full(n, -2, dtype=np.int64)  # -2: no partner (-1: a partner not in ``articles``)
    partner[a[first]] = b[first]
    partner_at = np.full(n, NAT, dtype=np.int64)
    partner_at[a[first]] = b_at[first]
    partner_shared = np.zeros(n, dtype=np.int64)
    partner_shared[a[first]] = shared[first]
    has_partner = partner > -2
    undated = has_partner & ((at == NAT) | (partner_at == NAT))
    kind = np.select(
        [
            articles["wire"].notna().to_numpy(),
            ~has_partner,
            undated,
            has_partner & ~undated & (partner_at < at),
        ],
        [CREDITED, OWN, UNDATED_PARTNER, EARLIER],
        SAME_TIME,
    )
    outlets = articles["source"].astype(object).to_numpy()
    partner_ids = ids.to_numpy(dtype=object)
    in_articles = partner >= 0
    partner_outlet = np.where(in_articles, outlets[np.maximum(partner, 0)], None)
    partner_id = np.where(in_articles, partner_ids[np.maximum(partner, 0)], None)
    source = np.where(kind == CREDITED, articles["wire"].astype(object).to_numpy(), partner_outlet)
    return pd.DataFrame(
        {
            "article_id": ids,
            "source_kind": pd.array(kind, dtype="string"),
            "source": pd.array(np.where(kind == OWN, None, source), dtype="string"),
            "source_article": pd.array(partner_id, dtype="string"),
            "shared_reporting": pd.array(partner_shared, dtype="Int64"),
            "copied_sentences": ids.map(copied).fillna(0).astype("Int64"),
        }
    )


def stories(
    articles: pd.DataFrame, linked: Linked, copied: pd.Series, n_reporting: pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    """(stories table, story id per article aligned to ``articles`` — null for an article in no story).

    A story is one dispatch's versions, grouped around its fullest version (greedy star
    clustering, not connected components: a chain of roundups would otherwise join every story
    of a corpus into one). Articles are taken fullest first (most reporting sentences shared
    with others, ``copied``); one not yet in a story starts one, which each syndicated partner
    (or copy) not yet in a story joins if at least ``STORY_MIN_CONTAINMENT`` of the partner's
    reporting sentences (``n_reporting``) are in it. The story's id is its fullest version's
    article id; its earliest version is the first published (the smallest id when undated or
    tied)."""
    ids = articles["article_id"].astype("string").reset_index(drop=True)
    member, center, shared = linked.a, linked.b, linked.shared
    contained = shared >= STORY_MIN_CONTAINMENT * np.maximum(
        ids.map(n_reporting).fillna(0).to_numpy(dtype=np.float64)[member], 1
    )
    keep = (center >= 0) & contained
    member, center = member[keep], center[keep]
    fullness = ids.map(copied).fillna(0).to_numpy(dtype=np.int64)
    order = np.lexsort(
        (
            ids.to_numpy(dtype=object),
            _date_keys(articles["published"]),
            -articles["n_sentences"].fillna(0).to_numpy(dtype=np.int64),
            -fullness,
        )
    )
    by_center = np.argsort(center, kind="stable")
    member, center = member[by_center], center[by_center]
    bounds = np.searchsorted(center, np.arange(len(ids) + 1))
    story = np.full(len(ids), -1, dtype=np.int64)
    for leader in order:
        if story[leader] >= 0:
            continue
        joining = member[bounds[leader] : bounds[leader + 1]]
        joining = joining[story[joining] < 0]
        if len(joining):
            story[leader] = leader
            story[joining] = leader
    in_story = story >= 0
    story_id = pd.Series([None] * len(ids), dtype="string")
    story_id[in_story] = ids.to_numpy(dtype=object)[story[in_story]]
    story_id = story_id.set_axis(articles.index)
    if not in_story.any():
        return schema.empty(STORIES), story_id
    members = pd.DataFrame(
        {
            "story_id": story_id.to_numpy()[in_story],
            "article_id": ids[in_story].to_numpy(),
            "published": articles["published"].to_numpy()[in_story],
            "source": articles["source"].to_numpy()[in_story],
            "wire": articles["wire"].to_numpy()[in_story],
        }
    )
    earliest = members.sort_values(["story_id", "published", "article_id"], na_position="last").drop_duplicates(
        "story_id"
    )
    earliest = earliest.set_index("story_id")
    grouped = members.groupby("story_id")
    wires = (
        members.dropna(subset=["wire"]).groupby("story_id")["wire"].agg(lambda values: values.value_counts().index[0])
    )
    titles = articles.set_index("article_id")["title"]
    table = pd.DataFrame(
        {
            "n_articles": grouped.size(),
            "n_outlets": grouped["source"].nunique(),
            "earliest_article": earliest["article_id"],
            "earliest_published": earliest["published"],
            "dated": grouped["published"].count() == grouped.size(),
            "wire": wires,
        }
    ).rename_axis("story_id")
    table = table.reset_index().assign(fullest_article=lambda frame: frame["story_id"])
    table["title"] = table["fullest_article"].map(titles)
    table = table.sort_values(["n_articles", "story_id"], ascending=[False, True])
    return schema.conform(table, STORIES), story_id


def story_titles(
    stories_table: pd.DataFrame,
    story_of: pd.DataFrame,
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    reporting_sentence: pd.Series,
) -> pd.Series:
    """A readable title per story (aligned to ``stories_table``): the first of its versions'
    titles that reads as a headline of this story (``_readable_title``), the site's name cut
    from it; else the first reporting sentence (``reporting_sentence``, aligned to ``sentences``)
    of the fullest version that another version also carries (cut to ``TITLE_LENGTH``); else the
    fullest version's title as it is."""
    if stories_table.empty:
        return pd.Series([], dtype="string")
    titles = articles.set_index("article_id")["title"]
    published = pd.Series(_date_keys(articles["published"]), index=articles["article_id"].to_numpy())
    members = story_of.dropna(subset=["story_id"])
    members = members.assign(published=members["article_id"].map(published)).sort_values(["published", "article_id"])
    versions = members.groupby("story_id")["article_id"].agg(list)
    fullest_rows = sentences.loc[
        sentences["article_id"].isin(stories_table["fullest_article"]).to_numpy(dtype=bool),
        ["article_id", "position", "text", "n_articles"],
    ].sort_values(["article_id", "position"])
    texts = fullest_rows.groupby("article_id")["text"].agg(" ".join)
    carried = fullest_rows[
        (fullest_rows["n_articles"].fillna(1) > 1)
        & reporting_sentence.reindex(fullest_rows.index, fill_value=False).to_numpy(dtype=bool)
    ]
    candidates = carried[~carried["text"].str.contains(_CODE)]  # the pattern on these only
    shared = candidates.drop_duplicates("article_id").set_index("article_id")
    named = []
    for story in stories_table.itertuples():
        words = _title_words(texts.get(story.fullest_article, ""))
        order = dict.fromkeys([story.fullest_article, story.earliest_article, *versions.get(story.story_id, [])])
        title = next(
            (found for found in (_readable_title(titles.get(a), words) for a in order) if found is not None), None
        )
        if title is None and story.fullest_article in shared.index:
            title = _trimmed(str(shared.loc[story.fullest_article, "text"]))
        named.append(title if title is not None else titles.get(story.fullest_article))
    return pd.Series(named, index=stories_table.index, dtype="string")


def _title_words(text: str) -> set[str]:
    return {word for word in _keys(text) if len(word) >= TITLE_WORD_LETTERS}


def _keys(text: str) -> list[str]:
    return [_word_key(w) for w in _POSSESSIVE.sub("", text.lower()).split()]


def _readable_title(title, text_words: set[str]) -> str | None:
    """``title`` without the site's name, if it reads as a headline of a text with ``text_words``."""
    if not isinstance(title, str) or not title.strip() or _TITLE_JUNK.search(title):
        return None
    parts = _TITLE_SITE.split(title.strip())
    headline = max(parts, key=len)  # the site's name is the short part
    if len(headline.split()) < TITLE_MIN_WORDS:
        return None
    long = [w for w in _keys(headline) if len(w) >= TITLE_WORD_LETTERS]
    if not long or sum(w in text_words for w in long) < TITLE_MIN_IN_TEXT * len(long):
        return None
    return headline


def _trimmed(text: str, length: int = TITLE_LENGTH) -> str:
    text = " ".join(text.split()).lstrip(" ),;:.")  # a sentence split after "(D-Va." starts "), Vice Chair"
    if len(text) <= length:
        return text
    return text[: text.rfind(" ", 0, length)].rstrip(" ,;:—–-") + "…"


NAT = np.iinfo(np.int64).min  # an undated article's time in ``_date_keys(..., undated=NAT)``


def _date_keys(published: pd.Series, undated: int = np.iinfo(np.int64).max) -> np.ndarray:
    """Publication times as integers (nanoseconds), ``undated`` for the undated (by default:
    sorted last)."""
    dates = pd.to_datetime(published).astype("datetime64[ns]")
    return np.where(dates.isna(), undated, dates.to_numpy().view(np.int64))


def edits(stories_table: pd.DataFrame, story_of: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """For each story, each paragraph of its fullest version against each version.

    A version's sentence matches one of the fullest version's when they share a cluster (a copy
    or near copy) or, for sentences too short to align, the same normalised text. A paragraph is
    ``kept`` when every sentence is there with the same words (punctuation aside), ``edited``
    when some are there (``changes`` lists the word changes: ``−cut``, ``+added``,
    ``old → new``), ``cut`` when none is. Each version's sentences that match nothing of the
    fullest version are ``added`` (one row per paragraph of the version). The fullest version
    has a row for each of its paragraphs, all ``kept``."""
    return schema.conform(pd.concat(list(edit_parts(stories_table, story_of, sentences)), ignore_index=True), EDITS)


def edit_parts(stories_table: pd.DataFrame, story_of: pd.DataFrame, sentences: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """``edits`` in parts, stories of about ``EDITS_BATCH_ARTICLES`` articles at a time (at least
    one part, maybe empty): each can be written and let go before the next is made."""
    if stories_table.empty:
        yield schema.empty(EDITS)
        return
    in_story = story_of.dropna(subset=["story_id"])
    members = in_story.groupby("story_id")["article_id"].apply(list)
    columns = [c for c in ("article_id", "cluster_id", "aligned", "text", "paragraph") if c in sentences]
    # The stories' sentences in article and reading order, as row numbers: a batch takes its
    # articles' rows (copying every story's sentences at once cost 700 MB at 50,000 articles).
    code, article_ids = pd.factorize(sentences["article_id"], sort=True)
    in_stories = np.flatnonzero(sentences["article_id"].isin(in_story["article_id"]).to_numpy(dtype=bool))
    position = sentences["position"].to_numpy(dtype=np.int64, na_value=-1)
    order = in_stories[np.lexsort((position[in_stories], code[in_stories]))]
    spans = {article_ids[c]: span for c, span in _spans(code[order]).items()}
    made, batch, size = False, [], 0
    for i, story in enumerate(stories_table.itertuples(index=False)):
        batch.append(story)
        size += 1 + len(members.get(story.story_id, []))
        if size < EDITS_BATCH_ARTICLES and i < len(stories_table) - 1:
            continue
        wanted = {a for story in batch for a in (story.fullest_article, *members.get(story.story_id, []))}
        taken = [order[slice(*spans[a])] for a in sorted(wanted) if a in spans]
        rows = _rows(sentences, np.concatenate(taken) if taken else np.array([], dtype=np.int64), columns)
        part = _story_edits(batch, members, _Sentences.by_article(rows))
        batch, size = [], 0
        if len(part):
            made = True
            yield part
    if not made:
        yield schema.empty(EDITS)


def _rows(frame: pd.DataFrame, at: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """``frame.iloc[at, columns]``, an Arrow column in many chunks (as the per-article stage's
    parts leave it) taken chunk by chunk: Arrow's take on a chunked column joins all of it first,
    0.18 s a batch at 50,000 articles (1.5 M sentences in 250 chunks) against 0.003 s this way."""
    taken = {}
    for column in columns:
        values = frame[column].array
        chunked = getattr(values, "_pa_array", None)
        if chunked is None or chunked.num_chunks < 2:
            taken[column] = values.take(at)
            continue
        ascending = np.argsort(at, kind="stable")
        wanted = at[ascending]
        bounds = np.cumsum([0, *(len(chunk) for chunk in chunked.chunks)])
        which = np.searchsorted(bounds, wanted, side="right") - 1
        edges = np.searchsorted(which, np.arange(chunked.num_chunks + 1))
        pieces = [
            chunked.chunk(c).take(pa.array(wanted[edges[c] : edges[c + 1]] - bounds[c]))
            for c in range(chunked.num_chunks)
            if edges[c + 1] > edges[c]
        ]
        joined = pa.concat_arrays(pieces) if pieces else pa.array([], type=chunked.type)
        back = np.empty_like(ascending)
        back[ascending] = np.arange(len(ascending))
        taken[column] = type(values)(joined.take(pa.array(back)))
    return pd.DataFrame(taken)


def _story_edits(batch: list, members: pd.Series, by_article: dict[str, _Sentences]) -> pd.DataFrame:
    """The edits of a batch of stories (rows of the stories table), from their articles' sentences."""
    rows: list[tuple] = []
    for story in batch:
        if story.fullest_article not in by_article:
            continue
        full = _Fullest(by_article[story.fullest_article])
        for article_id in sorted(members.get(story.story_id, [])):
            version = by_article.get(article_id)
            if version is not None:
                rows.extend(_version_edits(story.story_id, article_id, full, version))
    return _edits_table(rows)


def _edits_table(rows: list[tuple]) -> pd.DataFrame:
    """The edits table of ``rows`` (tuples in the order of its columns), each column made in Arrow
    at once: through ``schema.conform`` each string became a Python object twice more."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema.SCHEMAS[EDITS])
    return pd.DataFrame(
        {
            name: _ints(values) if dtype == schema.INT else pd.array(pa.array(values, type=pa.string()), dtype=dtype)
            for (name, dtype), values in zip(schema.SCHEMAS[EDITS].items(), columns, strict=True)
        }
    )


def _ints(values) -> pd.arrays.IntegerArray:
    """Integers and Nones as a nullable integer column."""
    array = pa.array(values, type=pa.int64())
    return pd.arrays.IntegerArray(array.fill_null(0).to_numpy(), array.is_null().to_numpy(zero_copy_only=False))


def _spans(article: np.ndarray) -> dict[str, tuple[int, int]]:
    """Each article's (start, end) rows in ``article``, sorted so that its rows are together."""
    starts = np.flatnonzero(np.r_[True, article[1:] != article[:-1]]) if len(article) else np.array([], int)
    ends = np.r_[starts[1:], len(article)].astype(int)[: len(starts)]
    return {article[start]: (start, end) for start, end in zip(starts.tolist(), ends.tolist(), strict=True)}


@dataclass
class _Sentences:
    """One article's sentences as plain lists (in reading order), for the edits' Python walk."""

    cluster: list
    aligned: list
    key: list
    text: list
    paragraph: list

    @classmethod
    def by_article(cls, rows: pd.DataFrame) -> dict[str, _Sentences]:
        """Each article's sentences, from ``rows`` sorted by article (each column is made a list
        once and sliced: per-article column access costs more than the walk itself), with
        ``key``, the normalised text, found once per distinct text."""
        texts = _DistinctTexts.of(rows["text"])
        keys = overlap.normalized(pd.Series(texts.distinct, dtype="string")).fillna("").to_numpy(dtype=object)
        paragraph = rows["paragraph"].fillna(0) if "paragraph" in rows else pd.Series(0, index=rows.index)
        columns = [
            rows["cluster_id"].tolist(),
            rows["aligned"].fillna(False).astype(bool).tolist(),
            keys[texts.codes].tolist(),
            np.array(texts.distinct, dtype=object)[texts.codes].tolist(),
            paragraph.to_numpy(dtype=np.int64).tolist(),
        ]
        return {
            article: cls(*(column[start:end] for column in columns))
            for article, (start, end) in _spans(rows["article_id"].to_numpy(dtype=object)).items()
        }

    def paragraphs(self) -> dict[int, list[int]]:
        grouped: dict[int, list[int]] = {}
        for i, paragraph in enumerate(self.paragraph):
            grouped.setdefault(paragraph, []).append(i)
        return grouped


class _Fullest:
    """A story's fullest version, indexed once for matching every version against it: its
    sentences by cluster (aligned ones) and by normalised text, its paragraphs in order and the
    paragraph (its place in that order) of each sentence."""

    def __init__(self, full: _Sentences) -> None:
        self.by_cluster: dict[str, list[int]] = {}
        self.by_key: dict[str, list[int]] = {}
        for i, (cluster, ok, key) in enumerate(zip(full.cluster, full.aligned, full.key, strict=True)):
            if ok:
                self.by_cluster.setdefault(cluster, []).append(i)
            self.by_key.setdefault(key, []).append(i)
        self.paragraphs = sorted(full.paragraphs().items())
        self.paragraph_of = [0] * len(full.key)
        for place, (_, part) in enumerate(self.paragraphs):
            for i in part:
                self.paragraph_of[i] = place
        self.texts = [" ".join(full.text[i] for i in part) for _, part in self.paragraphs]
        self.keys = [" ".join(full.key[i] for i in part) for _, part in self.paragraphs]
        self._words: dict[int, tuple[list[str], list[str]]] = {}  # a paragraph's, once edited

    def words(self, place: int) -> tuple[list[str], list[str]]:
        """``_words`` of the paragraph at ``place`` (its versions often edit it alike)."""
        if place not in self._words:
            self._words[place] = _words(self.texts[place])
        return self._words[place]

    def match(self, version: _Sentences) -> _Match:
        """Where ``version``'s sentences are in this one.

        Each of the fullest version's sentences is matched once, in order (a line repeated in it,
        or in the version, pairs with its own repeat), so the fullest version matches itself
        exactly."""
        found = _Match(hits=[[] for _ in self.paragraphs], found=[0] * len(self.paragraphs), unmatched={})
        taken: set[int] = set()
        for j, (cluster, ok, key) in enumerate(zip(version.cluster, version.aligned, version.key, strict=True)):
            candidates = self.by_cluster.get(cluster, ()) if ok else ()
            if not candidates and key:
                candidates = self.by_key.get(key, ())
            if not candidates:
                found.unmatched.setdefault(version.paragraph[j], []).append(j)
                continue
            i = candidates[0]
            if i in taken:  # the first free one, else the first again
                i = next((i for i in candidates if i not in taken), i)
            place = self.paragraph_of[i]
            if i not in taken:
                taken.add(i)
                found.found[place] += 1
            found.hits[place].append(j)
        return found


@dataclass
class _Match:
    """A version against the fullest: for each of the fullest's paragraphs (in order), the
    version's sentences matched in it (in reading order) and how many of its sentences are
    matched; the version's sentences matching nothing, by the version's paragraph."""

    hits: list[list[int]]
    found: list[int]
    unmatched: dict[int, list[int]]


def _version_edits(story_id: str, article_id: str, fullest: _Fullest, version: _Sentences) -> Iterator[tuple]:
    """The rows of one version against the fullest, as tuples in the order of the edits' columns."""
    match = fullest.match(version)
    for place, ((paragraph, part), text, key, hits, found) in enumerate(
        zip(fullest.paragraphs, fullest.texts, fullest.keys, match.hits, match.found, strict=True)
    ):
        if not hits:
            yield story_id, article_id, paragraph, None, CUT, text, None, None
            continue
        version_text = " ".join([version.text[j] for j in hits])
        if found == len(part) and key == " ".join([version.key[j] for j in hits]):
            yield story_id, article_id, paragraph, version.paragraph[hits[0]], KEPT, text, version_text, None
        else:
            changes = _changes(*fullest.words(place), *_words(version_text))
            yield story_id, article_id, paragraph, version.paragraph[hits[0]], EDITED, text, version_text, changes
    for paragraph, part in sorted(match.unmatched.items()):
        yield story_id, article_id, None, paragraph, ADDED, None, " ".join([version.text[j] for j in part]), None


def word_changes(before: str, after: str) -> str:
    """The word changes from ``before`` to ``after``, e.g. ``−massive; Russia’s → Moscow’s; +new``
    (punctuation aside: words are compared on their normalised form)."""
    return _changes(*_words(before), *_words(after))


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` (runs of non-space characters) and their compared forms."""
    words = text.split()
    return words, list(map(_word_key, words))


def _changes(old: list[str], old_keys: list[str], new: list[str], new_keys: list[str]) -> str:
    """``word_changes`` of two texts' ``_words``."""
    changes = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            changes.append("−" + " ".join(old[i1:i2]))
        elif tag == "insert":
            changes.append("+" + " ".join(new[j1:j2]))
        elif tag == "replace":
            changes.append(" ".join(old[i1:i2]) + " → " + " ".join(new[j1:j2]))
    return "; ".join(changes)


def provenance_tables(
    articles: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame, pairs: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Every table of this stage (``tables``) at once, its parts joined."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for name, table in tables(articles, sentences, quotes, pairs):
        parts.setdefault(name, []).append(table)
    return {name: schema.conform(pd.concat(tables, ignore_index=True), name) for name, tables in parts.items()}


def tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    quotes: pd.DataFrame,
    pairs: pd.DataFrame,
    texts: TextTests | None = None,
) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every table of this stage, conformed to the contract, one at a time (a build writes each
    and lets it go before the next is made): ``overlap`` (with ``shared_reporting`` and
    ``relation``), ``clusters``, ``provenance``, ``stories`` and, last and largest, ``edits``
    in parts (``edit_parts``; the parts of a table follow one another).
    Of ``articles`` it reads ``ARTICLE_COLUMNS`` only; ``texts``: the sentences' ``TextTests``,
    if already made."""
    is_reporting = reporting(sentences, quotes, texts)
    del quotes, texts  # each input is let go when done with (a build hands them over)
    related = relations(pairs, _ReportingPairs.of(sentences, is_reporting))
    del pairs
    yield schema.OVERLAP, schema.conform(related, schema.OVERLAP)
    linked = Linked.of(related, articles)
    del related
    yield CLUSTERS, clusters(sentences, articles, is_reporting)
    copied = _copied(sentences, is_reporting)
    sources = article_sources(articles, linked, copied)
    n_reporting = sentences.loc[is_reporting.to_numpy(dtype=bool), "article_id"].value_counts()
    story_table, story_id = stories(articles, linked, copied, n_reporting)
    del linked
    story_of = sources.assign(story_id=story_id.reset_index(drop=True))
    yield PROVENANCE, schema.conform(story_of, PROVENANCE)
    story_of = story_of[["article_id", "story_id"]]
    story_table = story_table.assign(title=story_titles(story_table, story_of, articles, sentences, is_reporting))
    yield STORIES, story_table
    del is_reporting
    for part in edit_parts(story_table, story_of, sentences):
        yield EDITS, part
