"""Shared fixtures and helpers: the seeds' corpus (built once per session), the third-party
corpora, and a Streamlit server for the browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
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


SERVER_START_SECONDS = 90


@contextlib.contextmanager
def streamlit_server(data: Path, log: Path, **env):
    """``streamlit run dashboard/app.py`` on a free port showing the tables in ``data``; yields its
    address once it answers, stops it after (the test fails with the log if it does not start)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "WIREWATCH_DATA": str(data), **env}, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def forget_text_readings() -> None:
    """Clear the per-process memory of what a text alone decides (sentence spans, quotations' cue
    readings): a measurement repeated on the same text must cost what a first reading costs, or
    news (whose readings are all remembered) would look cheaper than it is."""
    from data_pipeline import sentences
    from data_pipeline.quotes import attribution, extract

    for remembered in (
        sentences.split_paragraph,
        extract._reported_speech,
        attribution._closest_cue_speaker,
        attribution._opening_surname,
    ):
        remembered.cache_clear()
