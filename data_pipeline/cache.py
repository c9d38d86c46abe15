"""Per-article results kept between builds: what makes ``build --out DIR`` incremental.

A build with an output folder keeps each document's ``ArticleResult`` in a cache folder beside it
(``.DIR.wirewatch-cache/``, outside DIR because a build replaces DIR whole), keyed by a hash of
everything the per-article stage reads: the document's path, text and metadata, and the source
of the modules that make up the stage. The next build processes only documents whose key is
new (new or edited articles, or changed code) and reuses the rest; the cross-article stages
always run again on the whole corpus. The cache is rewritten with exactly the current build's
entries, so it never grows beyond one corpus.

The cache is a pickle this tool wrote itself; like any pickle, it must not come from someone
else (do not build into a folder received from an untrusted source).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .articles import ArticleResult
from .ingest import Document

CACHE_FORMAT = 3  # bump when the file layout changes
CACHE_PART_ENTRIES = 500  # articles per pickle in the cache file
PICKLE_PROTOCOL = 5
CACHE_FILE = "articles.pickle"
CACHE_SUFFIX = ".wirewatch-cache"
# The modules whose code decides a document's ArticleResult: editing any invalidates the cache.
STAGE_MODULES = ("articles", "boilerplate", "sentences", "sentiment", "settings", "ingest", "quotes")


def cache_folder(out: str | os.PathLike) -> Path:
    """The cache folder of an output folder: a hidden sibling, ``.NAME.wirewatch-cache``."""
    out = Path(out).resolve()
    return out.parent / f".{out.name}{CACHE_SUFFIX}"


@lru_cache(maxsize=1)
def stage_version() -> str:
    """Hash of the source of the per-article stage's modules."""
    digest = hashlib.sha1(str(CACHE_FORMAT).encode())
    package = Path(__file__).resolve().parent
    for name in STAGE_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def document_key(document: Document) -> str:
    """What the per-article stage reads of a document, hashed (with the stage's code version)."""
    meta = json.dumps(document.meta, sort_keys=True, default=str)
    digest = hashlib.sha1(stage_version().encode())
    for part in (document.path, document.text, meta):
        digest.update(part.encode("utf-8", errors="surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def load(folder: Path) -> tuple[dict[str, ArticleResult], str | None]:
    """The kept results, and a note when a cache was there but could not be used."""
    path = folder / CACHE_FILE
    if not path.is_file():
        return {}, None
    results: dict[str, ArticleResult] = {}
    try:
        with path.open("rb") as stream:
            header = pickle.load(stream)
            if (
                not isinstance(header, dict)
                or header.get("format") != CACHE_FORMAT
                or header.get("stage") != stage_version()
            ):
                return {}, None  # written by another version of the code: nothing in it applies
            for _ in range(header["parts"]):
                results.update(pickle.load(stream))
    except Exception as error:  # a truncated or foreign file: rebuild everything, say so
        return {}, f"article cache {path} unreadable ({type(error).__name__}); every article processed again"
    return results, None


def save(folder: Path, results: dict[str, ArticleResult]) -> Path:
    """Write the cache atomically (a temporary file renamed over the old one), in parts of
    ``CACHE_PART_ENTRIES``: each part is its own pickle, so the pickler's memo of every object
    written never spans the whole corpus (at 10,000 articles that memo alone is hundreds of MB).
    """
    folder.mkdir(parents=True, exist_ok=True)
    keys = list(results)
    starts = range(0, len(keys), CACHE_PART_ENTRIES)
    handle, temporary = tempfile.mkstemp(prefix=".articles.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            header = {"format": CACHE_FORMAT, "stage": stage_version(), "parts": len(starts)}
            pickle.dump(header, stream, protocol=PICKLE_PROTOCOL)
            for start in starts:
                part = {key: results[key] for key in keys[start : start + CACHE_PART_ENTRIES]}
                pickle.dump(part, stream, protocol=PICKLE_PROTOCOL)
        os.replace(temporary, folder / CACHE_FILE)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return folder / CACHE_FILE
