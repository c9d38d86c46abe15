"""The orchestration: input files → the eight tables of the contract.

Reads like the list of steps: ingest → per-article (clean, split, tone, quotes; run by
``engine`` over processes or Dask, reusing cached results) → collect → quotes and speakers,
then dates, in a forked process beside overlap where that is safe (else in line, before it).
Each step is a function of the tables before it; ``timings`` records the seconds each took
(the benchmarks read them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

try:
    import resource
except ImportError:  # not POSIX
    resource = None

from . import dates, engine, overlap, provenance, quotes, schema, settings, speakers
from .articles import DOC, Frames
from .corpus import Corpus, TableWriter
from .ingest import Document, Problem, read_inputs
from .memory import give_back_memory, lean_memory  # noqa: F401 - lean_memory is used by the CLI
from .settings import ID_LENGTH

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Progress = Callable[[int, int], None]
Emit = Callable[[str, pd.DataFrame], None]


def build_corpus(
    paths: Iterable | None = None,
    *,
    progress: Progress | None = None,
    timings: dict | None = None,
    cpu_timings: dict | None = None,
    **run,
) -> Corpus:
    """Build every table from input paths (files, folders, zips, CSV/JSONL); seeds by default.

    ``run``: how to run the per-article stage — ``engine`` (``local`` / ``dask``), ``workers``,
    ``scheduler`` (a Dask address), ``cache`` (a folder of per-article results kept between
    builds), ``stats`` (a dict receiving processed/reused counts); see ``engine.article_results``.
    ``cpu_timings`` receives each step's CPU seconds, worker processes included (a measure
    that, unlike wall time, does not depend on what else the machine is doing).
    """
    tables: dict[str, pd.DataFrame] = {}
    _build(paths, tables.__setitem__, progress=progress, timings=timings, cpu_timings=cpu_timings, **run)
    return Corpus(**tables)


@dataclass
class Built:
    """What ``build_to`` wrote: the row count of each table, and the problems table."""

    out: Path
    counts: dict[str, int]
    problems: pd.DataFrame


def build_to(
    out: str | os.PathLike,
    paths: Iterable | None = None,
    *,
    progress: Progress | None = None,
    timings: dict | None = None,
    cpu_timings: dict | None = None,
    **run,
) -> Built:
    """``build_corpus`` written straight into ``out`` (what ``build --out`` does): each table is
    written as soon as it is final and dropped from memory, so a big corpus never holds all its
    tables at once. ``out`` is replaced atomically when every table is written; a folder holding
    other files is refused before any work (FileExistsError)."""
    counts: dict[str, int] = {}
    problems = schema.empty(schema.PROBLEMS)

    with TableWriter(out) as writer:

        def emit(name: str, table: pd.DataFrame) -> None:
            nonlocal problems
            writer.write(name, table)
            counts[name] = len(table)
            if name == schema.PROBLEMS:
                problems = table

        _build(paths, emit, progress=progress, timings=timings, cpu_timings=cpu_timings, spill=writer.staging, **run)
        clock = _Clock({} if timings is None else timings, cpu_timings)
        with clock("save"):
            writer.commit()
    return Built(Path(out), counts, problems)


def build_from_documents(
    documents: list[Document],
    problems: list[Problem],
    *,
    progress: Progress | None = None,
    timings: dict | None = None,
    cpu_timings: dict | None = None,
    **run,
) -> Corpus:
    """The tables of documents already read (the documents are left as they are)."""
    tables: dict[str, pd.DataFrame] = {}
    _build_documents(
        documents, problems, tables.__setitem__, progress=progress, timings=timings, cpu_timings=cpu_timings, **run
    )
    return Corpus(**tables)


def _build(paths, emit: Emit, *, timings: dict | None = None, cpu_timings: dict | None = None, **run) -> None:
    timings = {} if timings is None else timings
    clock = _Clock(timings, cpu_timings)
    paths = [SEEDS] if not paths else list(paths)
    with clock("ingest"):
        documents, problems = read_inputs(paths)
    # The documents are this function's own: the per-article stage drops each once processed.
    _build_documents(documents, problems, emit, timings=timings, cpu_timings=cpu_timings, release=True, **run)


def _build_documents(
    documents: list[Document],
    problems: list[Problem],
    emit: Emit,
    *,
    progress: Progress | None = None,
    timings: dict | None = None,
    cpu_timings: dict | None = None,
    spill: Path | None = None,
    **run,
) -> None:
    """The steps, each table handed to ``emit`` (conformed to the contract) as soon as it is
    final and dropped here: quotes and speakers (they need only the per-article quotation rows),
    events, overlap (links and pairs), then sentences and articles. Quotes and dates run beside
    overlap in a forked process where that is safe (``_Beside``). With a ``spill`` folder, the articles
    (their bodies are a quarter of a big build's memory) wait there as Parquet while the
    overlap stage, which needs only their ids, runs."""
    timings = {} if timings is None else timings
    clock = _Clock(timings, cpu_timings)

    def final(name: str, table: pd.DataFrame) -> None:
        emit(name, schema.conform(table, name))

    with clock("articles"):
        results = engine.article_results(documents, progress=progress, **run)
    with clock("collect"):
        articles, sentences, quote_rows, problem_table = _collect(results, problems)
        del results
    quote_table = None
    # Quotes need only their rows, dates only the articles and sentences: both run in a forked
    # process (where that is safe) beside overlap, which needs neither their result.
    with _Beside.start(articles, sentences, quote_rows) as beside:  # stopped if a stage fails
        del quote_rows
        if not beside.forked:
            with clock("quotes"):
                beside.quotes_here()
                quote_table = beside.take("quotes")
                final(schema.QUOTES, quote_table)
                final(schema.SPEAKERS, beside.take("speakers"))
            with clock("dates"):
                beside.dates_here(articles, sentences)
                final(schema.EVENTS, beside.take("events"))  # written now: not held during overlap
        if spill is not None and _body_chars(articles) <= settings.SPILL_BODY_CHARS:
            spill = None
        if spill is not None:
            with clock("save"):
                waiting = spill / ".articles-waiting.parquet"
                articles.to_parquet(waiting, index=False, row_group_size=settings.PARQUET_ROW_GROUP)
                articles = articles[["article_id", "duplicate_of"]]
        with clock("overlap"):
            sentences, _, pairs = overlap.align(sentences, articles, on_links=lambda links: final(schema.LINKS, links))
            originality = overlap.originality(articles, sentences).to_numpy()
        with clock("save"):  # final once overlap is done (kept for dates run here, should the child fail)
            final(schema.SENTENCES, sentences)
        if beside.forked:
            with clock(WAITED):  # the child's CPU is counted here, when it is reaped
                beside.wait(waiting if spill is not None else articles, sentences)
            for stage, seconds in beside.seconds.items():  # their own time, beside overlap
                timings[stage] = timings.get(stage, 0.0) + seconds
        with clock("save"):  # the tables that waited for quotes and dates
            give_back_memory()
            if beside.quotes is not None:
                quote_table = beside.take("quotes")
                final(schema.QUOTES, quote_table)
                final(schema.SPEAKERS, beside.take("speakers"))
            if spill is not None:
                articles = pd.read_parquet(waiting)
                waiting.unlink()
            if beside.events is not None:
                final(schema.EVENTS, beside.take("events"))
            articles = articles.assign(**beside.date_columns(articles.index), originality=originality)
            final(schema.ARTICLES, articles)
        with clock("provenance"):  # relations, first publishers, sources, stories, edits
            for name, table in provenance.provenance_tables(articles, sentences, quote_table, pairs).items():
                final(name, table)
            del articles, sentences, pairs
    final(schema.PROBLEMS, problem_table)


def _body_chars(articles: pd.DataFrame) -> int:
    if "body" not in articles.columns or articles.empty:
        return 0
    return int(articles["body"].str.len().sum())


class _Beside:
    """The quotes stage (clusters, speakers) and the dates stage (publication dates, then
    events), run one after the other in a forked child (``engine.Forked``) beside overlap where
    forking is safe (``engine.fork_context``) and the corpus is neither tiny nor huge; else here
    when asked (``quotes_here``, ``dates_here``). One child for both, not one each: three
    processes on two cores made overlap wait (a run of each at 1,000 articles: overlap 23% of the
    build with two children, 18% with one).

    The child inherits the tables (nothing is copied or pickled on the way in) and hands back
    the quotes, speakers and events tables and two article columns. If it fails or dies (say,
    killed for memory), both stages run here instead, so a build never depends on the child."""

    MIN_SENTENCES = 2_000  # below this, starting a process costs more than the stages
    # Above this, in line: the child shares the parent's tables but not the stages' own working
    # memory (280 MB of its own at 300,000 sentences), and at that size memory is the limit.
    MAX_SENTENCES = 500_000

    def __init__(self, quote_rows: pd.DataFrame) -> None:
        self.quote_rows: pd.DataFrame | None = quote_rows  # kept for a run here
        self.quotes = self.speakers = self.events = None
        self.published = self.date_source = None
        self.seconds: dict[str, float] = {}
        self.child: engine.Forked | None = None

    @property
    def forked(self) -> bool:
        return self.child is not None

    @classmethod
    def start(cls, articles: pd.DataFrame, sentences: pd.DataFrame, quote_rows: pd.DataFrame) -> _Beside:
        beside = cls(quote_rows)
        if engine.fork_context() is not None and cls.MIN_SENTENCES <= len(sentences) <= cls.MAX_SENTENCES:
            beside.child = engine.Forked.start(_quotes_and_dates, articles, sentences, quote_rows)
        return beside

    def quotes_here(self) -> None:
        (self.quotes, self.speakers), self.seconds["quotes"] = _timed(_quotes, self.quote_rows)
        self.quote_rows = None

    def dates_here(self, articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
        (self.published, self.date_source, self.events), self.seconds["dates"] = _timed(_dates, articles, sentences)

    def wait(self, articles: pd.DataFrame | Path, sentences: pd.DataFrame) -> None:
        """The child's result; if it failed or died, both stages run here, on ``articles`` (the
        whole table, or the Parquet file it waits in) and ``sentences``."""
        outcome, self.child = self.child.result(), None
        if outcome is None:
            self.quotes_here()
            self.dates_here(pd.read_parquet(articles) if isinstance(articles, Path) else articles, sentences)
        else:
            self.quotes, self.speakers, self.published, self.date_source, self.events, self.seconds = outcome
            self.quote_rows = None

    def __enter__(self) -> _Beside:
        return self

    def __exit__(self, *exc) -> None:
        """A child still running when the build stops (an error in another stage) is stopped."""
        if self.child is not None:
            self.child.cancel()
            self.child = None

    def take(self, name: str) -> pd.DataFrame:
        """One of the tables made (``quotes``, ``speakers``, ``events``), no longer held here."""
        table = getattr(self, name)
        setattr(self, name, None)
        return table

    def date_columns(self, index: pd.Index) -> dict[str, pd.Series]:
        """``published`` and ``date_source`` for the articles table (in its row order)."""
        return {"published": self.published.set_axis(index), "date_source": self.date_source.set_axis(index)}


WAITED = "quotes and dates waited"  # in timings: what overlap did not hide of the forked stages


def _quotes(quote_rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes table (quotes extracted per article, clustered) and the speakers table."""
    return speakers.speakers(quotes.table(quote_rows))


def _dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """``published``, ``date_source`` and the events table."""
    dated = dates.publication_dates(articles, sentences)
    return dated["published"], dated["date_source"], dates.events(dated, sentences)


def _quotes_and_dates(articles: pd.DataFrame, sentences: pd.DataFrame, quote_rows: pd.DataFrame):
    """What the forked child hands back: both stages' tables and the seconds each took."""
    (found, speaker_table), quote_seconds = _timed(_quotes, quote_rows)
    dated, date_seconds = _timed(_dates, articles, sentences)
    return found, speaker_table, *dated, {"quotes": quote_seconds, "dates": date_seconds}


def _timed(function: Callable, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def _collect(frames: Frames, problems: list[Problem]):
    """The tables from the per-article rows; identical inputs keep distinct ids, marked duplicate."""
    articles, sentences, found = frames.articles, frames.sentences, frames.quotes
    duplicate = articles["content_hash"].duplicated().to_numpy()
    if duplicate.any():
        articles, sentences, found = _distinct_ids(articles, sentences, found, duplicate)
    articles = articles.drop(columns=DOC)
    sentences = sentences.drop(columns=DOC)
    found = found.drop(columns=DOC)
    ingest_problems = pd.DataFrame([p.__dict__ for p in problems], columns=["path", "stage", "problem"])
    problem_table = pd.concat(
        [ingest_problems.astype(schema.STRING), frames.problems.drop(columns=DOC)], ignore_index=True
    )
    return (
        schema.conform(articles, schema.ARTICLES),
        schema.conform(sentences, schema.SENTENCES),
        found,
        problem_table,
    )


def _distinct_ids(articles: pd.DataFrame, sentences: pd.DataFrame, found: pd.DataFrame, duplicate):
    """Later copies of an identical input get their own ids (from hash and path), their sentence
    and quote ids following, and ``duplicate_of`` naming the first (vectorised: a syndicated
    corpus can hold thousands of identical files)."""
    first = articles.loc[~duplicate].drop_duplicates("content_hash").set_index("content_hash")["article_id"]
    copies = articles.loc[duplicate]
    new_ids = pd.Series(
        [_duplicate_id(digest, path) for digest, path in zip(copies["content_hash"], copies["path"], strict=True)],
        index=copies[DOC].to_numpy(),
        dtype=schema.STRING,
    )
    articles = articles.assign(duplicate_of=pd.Series([None] * len(articles), dtype=schema.STRING))
    articles.loc[duplicate, "duplicate_of"] = first.loc[copies["content_hash"]].to_numpy()
    articles.loc[duplicate, "article_id"] = new_ids.to_numpy()
    return articles, _renamed(sentences, new_ids), _renamed(found, new_ids, quote_ids=True)


def _renamed(rows: pd.DataFrame, new_ids: pd.Series, *, quote_ids: bool = False) -> pd.DataFrame:
    """Rows of the copies (``doc`` in ``new_ids``' index) under their new article id; sentence ids
    are ``ARTICLE-POSITION`` and quote ids a hash of article id, offsets and kind."""
    copy = rows[DOC].isin(new_ids.index).to_numpy()
    if not copy.any():
        return rows
    part = rows.loc[copy]
    article_id = new_ids.loc[part[DOC].to_numpy()].to_numpy()
    changed = {
        "article_id": article_id,
        "sentence_id": article_id + part["sentence_id"].str.slice(ID_LENGTH).to_numpy(),
    }
    if quote_ids:
        changed["quote_id"] = [
            quotes.quote_id(a, start, end, kind)
            for a, start, end, kind in zip(changed["article_id"], part["start"], part["end"], part["kind"], strict=True)
        ]
    return rows.assign(**{c: schema.replace_strings(rows[c], copy, values) for c, values in changed.items()})


def _duplicate_id(digest: str, path: str) -> str:
    from .articles import content_hash

    return content_hash(digest + "\0" + path)[:ID_LENGTH]


class _Clock:
    """``with clock("step"):`` adds the step's wall seconds to ``timings`` and its CPU seconds
    (this process and the worker processes it waited for) to ``cpu_timings``."""

    def __init__(self, timings: dict, cpu_timings: dict | None = None) -> None:
        self.timings = timings
        self.cpu_timings = {} if cpu_timings is None else cpu_timings

    @contextmanager
    def __call__(self, name: str):
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        try:
            yield
        finally:
            give_back_memory()
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            self.cpu_timings[name] = self.cpu_timings.get(name, 0.0) + _cpu_seconds() - cpu_start


def _cpu_seconds() -> float:
    if resource is None:  # Windows: this process only
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
