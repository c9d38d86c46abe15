"""Per-article results kept between builds: what makes ``build --out DIR`` incremental.

A build with an output folder keeps the per-article stage's rows (``articles.Frames``) in
``DIR/cache/`` (carried from the previous tables to the new ones when DIR is replaced), each
document's rows under a key: a hash of everything the per-article stage reads (the document's
path, text and metadata, and the source code of the package). The
next build processes only documents whose key is new (new or edited articles, or changed code)
and reuses the rows of the rest; the cross-article stages always run again on the whole corpus.
The cache is rewritten with exactly the current build's documents, so it never grows beyond one
corpus.

Layout: Parquet files (data, never code: a cache from elsewhere cannot run anything) in a
folder per build, ``build-TOKEN/`` holding ``keys.parquet`` (one key per document, in input
order) and the four tables of ``Frames`` whose ``doc`` column indexes ``keys``; ``current.json``
names the folder in use and is replaced atomically, so an interrupted write leaves the previous
cache whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema, settings
from ..articles import ARTICLE_COLUMNS, DOC, PROBLEM_COLUMNS, QUOTE_COLUMNS, SENTENCE_COLUMNS, Frames
from ..ingest import Document

CACHE_FORMAT = 5  # bump when the layout changes
CURRENT = "current.json"
KEYS = "keys.parquet"
COLUMNS = {
    "articles": ARTICLE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "problems": PROBLEM_COLUMNS,
}
LIST_COLUMNS = {"articles": ("boilerplate",)}  # Parquet gives arrays back: made lists again


def cache_folder(out: str | os.PathLike) -> Path:
    """The cache folder of an output folder: ``DIR/cache``."""
    return Path(out) / settings.CACHE_FOLDER


@lru_cache(maxsize=1)
def stage_version() -> str:
    """Hash of the package's source code: any edit of it makes the cache start afresh (simpler
    and safer than tracking which modules the per-article stage reaches)."""
    digest = hashlib.sha1(str(CACHE_FORMAT).encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_key(document: Document) -> str:
    """What the per-article stage reads of a document, hashed (with the stage's code version)."""
    meta = json.dumps(document.meta, sort_keys=True, default=str)
    digest = hashlib.sha1(stage_version().encode())
    for part in (document.path, document.text, meta):
        digest.update(part.encode("utf-8", errors="surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def kept_keys(folder: Path) -> tuple[list[str], str | None]:
    """The keys of the documents whose rows the cache holds, and a note when a cache was there
    but could not be used."""
    _, keys, note = _kept(folder)
    return keys, note


def load(folder: Path, keys: list[str]) -> tuple[Frames, list[bool], str | None]:
    """The kept rows of the documents with these ``keys`` (``doc`` = their index in ``keys``),
    which documents they cover, and a note when the cache could not be used.

    A key found twice in ``keys`` (the same document given twice) is reused for the first only.
    """
    reused = [False] * len(keys)
    build, cached, note = _kept(folder)
    if not cached:
        return Frames.empty(), reused, note
    entry_of = {key: entry for entry, key in enumerate(cached)}
    doc_of_entry = np.full(len(cached), -1, dtype=np.int64)
    for doc, key in enumerate(keys):
        entry = entry_of.get(key)
        if entry is not None and doc_of_entry[entry] < 0:
            doc_of_entry[entry] = doc
            reused[doc] = True
    if not any(reused):
        return Frames.empty(), reused, None
    try:
        tables = {name: _read(build, name, doc_of_entry) for name in COLUMNS}
    except Exception as error:  # a truncated or foreign file: rebuild everything, say so
        return Frames.empty(), [False] * len(keys), _unreadable(folder, error)
    return Frames(**tables), reused, None


def _kept(folder: Path) -> tuple[Path | None, list[str], str | None]:
    """The cache's build folder and keys (none if there is no usable cache), and a note when one
    was there but could not be read."""
    try:
        build = _current(folder)
        if build is None:
            return None, [], None
        return build, pd.read_parquet(build / KEYS)["key"].tolist(), None
    except Exception as error:  # a truncated or foreign file: rebuild everything, say so
        return None, [], _unreadable(folder, error)


def _unreadable(folder: Path, error: Exception) -> str:
    return f"article cache {folder} unreadable ({type(error).__name__}); every article processed again"


def save(folder: Path, keys: list[str], frames: Frames) -> Path:
    """Keep ``frames`` (``doc`` indexing ``keys``) as the cache; atomic for readers."""
    folder.mkdir(parents=True, exist_ok=True)
    build = folder / f"build-{uuid.uuid4().hex}"
    build.mkdir()
    try:
        schema.write_parquet(pd.DataFrame({"key": pd.Series(keys, dtype="string")}), build / KEYS)
        for name, frame in frames.tables().items():
            schema.write_parquet(frame, build / f"{name}.parquet", row_group_size=settings.PARQUET_ROW_GROUP)
        pointer = folder / f".{CURRENT}.{build.name}"
        pointer.write_text(json.dumps({"format": CACHE_FORMAT, "stage": stage_version(), "build": build.name}))
        os.replace(pointer, folder / CURRENT)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    for old in folder.iterdir():  # earlier builds, and the pickle of earlier versions
        if old != build and old.name != CURRENT:
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    return build


def _current(folder: Path) -> Path | None:
    """The folder of the cache in use, or None (none yet, or written by another version)."""
    pointer = folder / CURRENT
    if not pointer.is_file():
        return None
    current = json.loads(pointer.read_text(encoding="utf-8"))
    if current.get("format") != CACHE_FORMAT or current.get("stage") != stage_version():
        return None  # written by another version of the code: nothing in it applies
    build = folder / Path(str(current["build"])).name
    if not build.is_dir():
        raise FileNotFoundError(build)
    return build


def _read(build: Path, name: str, doc_of_entry: np.ndarray) -> pd.DataFrame:
    frame = pd.read_parquet(build / f"{name}.parquet")
    columns = COLUMNS[name]
    if list(frame.columns) != list(columns):
        raise ValueError(f"{name}: unexpected columns")
    docs = doc_of_entry[frame[DOC].to_numpy()]
    keep = docs >= 0
    frame = frame.loc[keep].reset_index(drop=True)
    frame[DOC] = docs[keep]
    for column in LIST_COLUMNS.get(name, ()):
        frame[column] = pd.Series([list(v) for v in frame[column]], dtype=object)
    return frame.astype(columns)
