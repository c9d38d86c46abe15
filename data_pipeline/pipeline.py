"""The orchestration: input files → the eight tables of the contract.

Reads like the list of steps: ingest → per-article (clean, split, tone; run by ``engine`` over
processes or Dask, reusing cached results) → collect → dates → overlap → quotes → speakers.
Each step is a function of the tables before it; ``timings`` records the seconds each took
(the benchmarks read them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

try:
    import resource
except ImportError:  # not POSIX
    resource = None

from . import dates, engine, overlap, quotes, schema, speakers
from .articles import ArticleResult, article_quotes
from .corpus import Corpus
from .ingest import Document, Problem, read_inputs
from .settings import ID_LENGTH

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Progress = Callable[[int, int], None]


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
    timings = {} if timings is None else timings
    clock = _Clock(timings, cpu_timings)
    paths = [SEEDS] if not paths else list(paths)
    with clock("ingest"):
        documents, problems = read_inputs(paths)
    return build_from_documents(documents, problems, progress=progress, timings=timings, cpu_timings=cpu_timings, **run)


def build_from_documents(
    documents: list[Document],
    problems: list[Problem],
    *,
    progress: Progress | None = None,
    timings: dict | None = None,
    cpu_timings: dict | None = None,
    **run,
) -> Corpus:
    timings = {} if timings is None else timings
    clock = _Clock(timings, cpu_timings)
    with clock("articles"):
        results = engine.article_results(documents, progress=progress, **run)
    with clock("collect"):
        articles, sentences, quote_rows, problems = _collect(results, problems)
        del results  # the per-article dicts: the largest object of a big build, now in the frames
    with clock("dates"):
        articles = dates.publication_dates(articles, sentences)
        events = dates.events(articles, sentences)
    with clock("overlap"):
        sentences, links, pairs = overlap.align(sentences, articles)
        articles = articles.assign(originality=overlap.originality(articles, sentences))
    with clock("quotes"):
        found = quotes.table(quote_rows)  # extracted per article, in the per-article stage
        found, speaker_table = speakers.speakers(found)
    return Corpus(
        articles=schema.conform(articles, schema.ARTICLES),
        sentences=schema.conform(sentences, schema.SENTENCES),
        quotes=schema.conform(found, schema.QUOTES),
        speakers=schema.conform(speaker_table, schema.SPEAKERS),
        events=schema.conform(events, schema.EVENTS),
        overlap=schema.conform(pairs, schema.OVERLAP),
        links=schema.conform(links, schema.LINKS),
        problems=schema.conform(problems, schema.PROBLEMS),
    )


def _collect(results: list[ArticleResult], problems: list[Problem]):
    """Frames from per-article results; identical inputs keep distinct ids, marked duplicate."""
    article_rows_, sentence_rows, quote_rows, problem_rows = [], [], [], [p.__dict__ for p in problems]
    first_by_hash: dict[str, str] = {}
    for result in results:
        if result.problem is not None:
            problem_rows.append(result.problem.__dict__)
            continue
        article = dict(result.article)
        sentences, found = result.sentences, result.quotes
        digest = article["content_hash"]
        if digest in first_by_hash:
            original = first_by_hash[digest]
            new_id = _duplicate_id(digest, article["path"])
            article |= {"article_id": new_id, "duplicate_of": original}
            sentences = [
                s | {"article_id": new_id, "sentence_id": s["sentence_id"].replace(original, new_id, 1)}
                for s in sentences
            ]
            found = article_quotes(new_id, article["body"], sentences)  # quote ids follow the new ids
        else:
            first_by_hash[digest] = article["article_id"]
        article_rows_.append(article)
        sentence_rows.extend(sentences)
        quote_rows.extend(found)
    articles = schema.conform(pd.DataFrame(article_rows_), schema.ARTICLES)
    sentences = schema.conform(pd.DataFrame(sentence_rows), schema.SENTENCES)
    return articles, sentences, quote_rows, pd.DataFrame(problem_rows, columns=["path", "stage", "problem"])


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
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            self.cpu_timings[name] = self.cpu_timings.get(name, 0.0) + _cpu_seconds() - cpu_start


def _cpu_seconds() -> float:
    if resource is None:  # Windows: this process only
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
