"""Shared fixtures: the seeds' corpus (built once per session) and the third-party corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_pipeline import SEEDS, build_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus_path(*parts: str) -> Path:
    """A folder of ../shared/corpora, or skip the test with the reason."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"third-party corpus not present at {path} (it is never copied into the project)")
    return path


@pytest.fixture(scope="session")
def seeds_corpus():
    return build_corpus([SEEDS])


@pytest.fixture(scope="session")
def seed_articles(seeds_corpus):
    """The seeds' articles indexed by file name (e.g. ``001_0b25a11ef2002b4a.txt``)."""
    articles = seeds_corpus.articles
    return articles.assign(name=articles["path"].str.rsplit("/", n=1).str[-1]).set_index("name")
