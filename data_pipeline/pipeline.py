"""The orchestration: input files → the eight tables of the contract, stage by stage.

    ingest        files → documents and ingest problems                  (ingest.read_inputs)
    per-article   documents → article, sentence and quotation rows        (articles.Frames.of,
                  mapped over processes or Dask; unchanged articles come from the cache)
    collect       rows → articles, sentences (duplicates get their own ids)
    quotes        quotation rows → quotes, speakers                       (quotes, speakers)
    dates         articles, sentences → published, date_source, events    (dates)
    overlap       sentences → links, overlap pairs, originality           (overlap)
    provenance    → overlap relations, clusters, provenance, stories, edits (provenance)
    tables        each table conformed to the contract and handed on when final (articles last)

Quotes and dates need nothing from overlap and overlap nothing from them: on a mid-sized corpus
they run in a child process beside it (``execution.Beside``), else in line before it; while the
child finishes, provenance tests the sentences' texts, which needs neither. How the
work runs (``BuildOptions``) never changes the tables. ``on_stage(name, wall, cpu)`` is told the
seconds of each stage (the benchmarks read it).
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

from . import articles as per_article
from . import dates, overlap, provenance, quotes, schema, settings, speakers
from .articles import DOC, Frames, content_hash
from .corpus import Corpus, TableWriter
from .execution import DEFAULT_ENGINE, Beside, map_documents
from .execution import cache as article_cache
from .execution.executors import check_options
from .execution.memory import existing_objects_frozen, give_back_memory
from .ingest import Document, Problem, read_inputs
from .settings import ID_LENGTH

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Progress = Callable[[int, int], None]  # documents done, total
OnStage = Callable[[str, float, "float | None"], None]  # stage, wall s, CPU s (None: counted elsewhere)
Emit = Callable[..., None]  # (name, table, part=False): a table, or one of its parts in order

# Quotes and dates run beside overlap for corpora of this many sentences: below, starting a
# process costs more than the stages; above, the child's own working memory (280 MB at 300,000
# sentences) matters more than its time.
BESIDE_MIN_SENTENCES = 2_000
BESIDE_MAX_SENTENCES = 500_000
WAITED = "quotes and dates waited"  # a stage: what overlap did not hide of the child's work


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs; every choice gives the same tables.

    ``engine``: ``serial``, ``local`` (worker processes) or ``dask``; ``workers``: processes or
    local Dask workers (default: the cores); ``scheduler``: a running Dask scheduler's address;
    ``cache``: ``build_to`` reuses the per-article rows kept in ``DIR/cache`` by the last build.
    """

    engine: str = DEFAULT_ENGINE
    workers: int | None = None
    scheduler: str | None = None
    cache: bool = True

    def __post_init__(self) -> None:
        check_options(self.engine, self.workers)


@dataclass
class Built:
    """What ``build_to`` wrote: each table's row count, the problems table, and how many
    articles were processed or reused from the cache (with a note if it was unreadable)."""

    out: Path
    counts: dict[str, int]
    problems: pd.DataFrame
    processed: int = 0
    reused: int = 0
    cache_note: str | None = None


@dataclass(frozen=True)
class Cache:
    """Where the per-article rows of earlier builds are read and this build's are written."""

    read: Path | None
    write: Path


def build_corpus(
    paths: Iterable | None = None,
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
    on_stage: OnStage | None = None,
) -> Corpus:
    """Every table, in memory, from input paths (files, folders, zips, CSV/JSONL; the seeds by
    default)."""
    parts: dict[str, list[pd.DataFrame]] = {}

    def emit(name: str, table: pd.DataFrame, part: bool = False) -> None:
        if not part:
            parts[name] = []
        parts.setdefault(name, []).append(table)

    _build(paths, emit, options or BuildOptions(), _Stages(on_stage), progress=progress)
    return Corpus(**{name: _joined(name, tables) for name, tables in parts.items()})


def build_to(
    out: str | os.PathLike,
    paths: Iterable | None = None,
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
    on_stage: OnStage | None = None,
) -> Built:
    """``build_corpus`` written straight into ``out`` (what ``build --out`` does): each table is
    written as soon as it is final and dropped from memory. ``out`` is replaced when every table
    is written (``corpus.TableWriter``: only a folder Wirewatch wrote is ever replaced)."""
    options = options or BuildOptions()
    stages = _Stages(on_stage)
    counts: dict[str, int] = {}
    problems = schema.empty(schema.PROBLEMS)
    with TableWriter(out) as writer:

        def emit(name: str, table: pd.DataFrame, part: bool = False) -> None:
            nonlocal problems
            writer.write(name, table, part=part)
            counts[name] = counts.get(name, 0) + len(table) if part else len(table)
            if name == schema.PROBLEMS:
                problems = table

        cache = None
        if options.cache:
            previous = article_cache.cache_folder(out)
            cache = Cache(previous if writer.replaces else None, article_cache.cache_folder(writer.staging))
        report = _build(paths, emit, options, stages, progress=progress, cache=cache, spill=writer.staging)
        with stages("save"):
            writer.commit()
    return Built(Path(out), counts, problems, **report)


@existing_objects_frozen()  # what exists before the build is not the collector's business during it
def _build(
    paths: Iterable | None,
    emit: Emit,
    options: BuildOptions,
    stage: _Stages,
    *,
    progress: Progress | None = None,
    cache: Cache | None = None,
    spill: Path | None = None,
) -> dict:
    """The stages, each table handed to ``emit`` (conformed to the contract) as soon as it is
    final. With a ``spill`` folder, the articles' bodies (a quarter of a big build's memory)
    wait there as Parquet while overlap and provenance, which need only the articles' metadata,
    run; the articles table is written last."""

    def final(name: str, table: pd.DataFrame, part: bool = False) -> None:
        emit(name, schema.conform(table, name), part)

    with stage("ingest"):
        documents, problems = read_inputs([SEEDS] if not paths else list(paths))
    with stage("articles"):
        frames, report = article_frames(documents, options, cache=cache, progress=progress, release=True)
    with stage("collect"):
        articles, sentences, quote_rows, problem_table = _collect(frames, problems)
        del frames, documents
    beside = Beside.start(
        _quotes_and_dates,
        articles,
        sentences,
        quote_rows,
        when=BESIDE_MIN_SENTENCES <= len(sentences) <= BESIDE_MAX_SENTENCES,
    )
    with beside:  # a child still running if a stage fails is stopped
        if not beside.started:  # in line, before overlap: their tables are written and freed first
            with stage("quotes"):
                found, speaker_table = _quotes(quote_rows)
                final(schema.QUOTES, found)
                final(schema.SPEAKERS, speaker_table)
                del speaker_table  # the quotes are kept for provenance
                quote_rows = None
            with stage("dates"):
                dated = _dates(articles, sentences)
                final(schema.EVENTS, dated[2])
                dated = dated[:2]
        waiting = None
        if spill is not None and _body_chars(articles) > settings.SPILL_BODY_CHARS:
            with stage("save"):
                waiting = spill / ".articles-waiting.parquet"
                articles.to_parquet(waiting, index=False, row_group_size=settings.PARQUET_ROW_GROUP)
                articles = articles[list(dict.fromkeys(["article_id", "duplicate_of", *provenance.ARTICLE_COLUMNS]))]
        with stage("overlap"):
            sentences, _, pairs = overlap.align(sentences, articles, on_links=lambda links: final(schema.LINKS, links))
            originality = overlap.originality(articles, sentences).to_numpy()
        with stage("save"):
            final(schema.SENTENCES, sentences)
        texts = None
        if beside.started:
            with stage("provenance"):  # its tests of the texts alone, made while the child still works
                texts = provenance.TextTests.of(sentences)
            with stage(WAITED):  # the child's CPU is counted here, when it is reaped; if it failed
                # or died, both stages run here after all
                here = (articles if waiting is None else waiting, sentences, quote_rows)
                found, speaker_table, *dated, seconds = beside.result(_quotes_and_dates, *here)
                del here
            for name, wall in seconds.items():  # their own time, beside overlap
                stage.report(name, wall, None)
            with stage("save"):
                final(schema.QUOTES, found)
                final(schema.SPEAKERS, speaker_table)
                final(schema.EVENTS, dated[2])
                del speaker_table
        del quote_rows
        published, date_source = (column.set_axis(articles.index) for column in dated[:2])
        with stage("provenance"):  # relations, first publishers, sources, stories, edits
            made = provenance.tables(
                articles[list(provenance.ARTICLE_COLUMNS)].assign(published=published), sentences, found, pairs, texts
            )
            del sentences, found, pairs, texts  # the stage lets each go when done with it
            for name, table in made:  # a big table comes in parts, each written and let go
                final(name, table, part=True)
                del table
        with stage("save"):  # last: the articles' bodies may wait on disk until the rest is written
            if waiting is not None:
                articles = pd.read_parquet(waiting)
                waiting.unlink()
            articles = articles.assign(published=published, date_source=date_source, originality=originality)
            final(schema.ARTICLES, articles)
    final(schema.PROBLEMS, problem_table)
    return report


def _joined(name: str, parts: list[pd.DataFrame]) -> pd.DataFrame:
    return parts[0] if len(parts) == 1 else schema.conform(pd.concat(parts, ignore_index=True), name)


def article_frames(
    documents: list[Document],
    options: BuildOptions,
    *,
    cache: Cache | None = None,
    progress: Progress | None = None,
    release: bool = False,
) -> tuple[Frames, dict]:
    """The per-article rows of every document (``doc`` = input index), in input order, and how
    many were ``processed`` or ``reused`` from ``cache`` (with a ``cache_note`` if it could not
    be read). ``release``: the documents are the caller's no longer (each is dropped once done)."""
    total = len(documents)
    kept, reused, note = Frames.empty(), [False] * total, None
    if cache is not None:
        keys = [article_cache.document_key(d) for d in documents]
        if cache.read is not None:
            kept, reused, note = article_cache.load(cache.read, keys)
    todo = [i for i in range(total) if not reused[i]]
    done_before = total - len(todo)
    if progress and total:  # said at once: the documents are read, the total is known
        progress(done_before, total)
    per_article.warm_up()  # what the stage loads on first use, loaded once here for every worker
    fresh = Frames.concat(
        map_documents(
            Frames.of,
            documents,
            todo,
            engine=options.engine,
            workers=options.workers,
            scheduler=options.scheduler,
            progress=(lambda done: progress(done_before + done, total)) if progress else None,
            release=release,
        )
    )
    results = fresh if not done_before else Frames.concat([kept, fresh]).in_order()
    del kept, fresh
    if cache is not None:
        article_cache.save(cache.write, keys, results)
    return results, {"processed": len(todo), "reused": done_before, "cache_note": note}


def _body_chars(articles: pd.DataFrame) -> int:
    if "body" not in articles.columns or articles.empty:
        return 0
    return int(articles["body"].str.len().sum())


def _quotes(quote_rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes table (quotes extracted per article, clustered) and the speakers table."""
    return speakers.speakers(quotes.table(quote_rows))


def _dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """``published``, ``date_source`` and the events table."""
    dated = dates.publication_dates(articles, sentences)
    return dated["published"], dated["date_source"], dates.events(dated, sentences)


def _quotes_and_dates(articles: pd.DataFrame | Path, sentences: pd.DataFrame, quote_rows: pd.DataFrame):
    """Both stages, one after the other (what runs beside overlap), with the seconds of each;
    ``articles`` may wait in a Parquet file."""
    if isinstance(articles, Path):
        articles = pd.read_parquet(articles)
    started = time.perf_counter()
    found, speaker_table = _quotes(quote_rows)
    between = time.perf_counter()
    dated = _dates(articles, sentences)
    seconds = {"quotes": between - started, "dates": time.perf_counter() - between}
    return found, speaker_table, *dated, seconds


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
    return content_hash(digest + "\0" + path)[:ID_LENGTH]


class _Stages:
    """``with stage("name"):`` tells ``on_stage`` the step's wall seconds and CPU seconds (this
    process and the worker processes it waited for), and gives freed memory back."""

    def __init__(self, on_stage: OnStage | None) -> None:
        self.on_stage = on_stage

    def report(self, name: str, wall: float, cpu: float | None) -> None:
        if self.on_stage is not None:
            self.on_stage(name, wall, cpu)

    @contextmanager
    def __call__(self, name: str):
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        try:
            yield
        finally:
            give_back_memory()
            self.report(name, time.perf_counter() - start, _cpu_seconds() - cpu_start)


def _cpu_seconds() -> float:
    if resource is None:  # Windows: this process only
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
