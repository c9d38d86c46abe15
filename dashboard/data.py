"""Loading and caching of the tables for the app (the only module that reads or builds them).

``corpus()`` is what every page shows: the corpus this browser session uploaded (kept in its
own ``st.session_state``, so sessions never see each other's uploads), else the default tables.
Where no built tables are found, the seeds are built once into ``.wirewatch/seeds`` beside the
repository (or ``$WIREWATCH_DATA``), so ``streamlit run dashboard/app.py`` works on a fresh clone.

Heavy work is cached on content: the default tables on their files; figures, derived tables and
downloads on ``content_key`` (a SHA-256 of every cell of every table), so a cached result is
served to another session only for byte-identical tables; an upload is built once per distinct set of files (its digest is kept in
the session), so a widget change never re-runs the pipeline.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from data_pipeline import SEEDS, Corpus, build_corpus, settings
from data_pipeline.corpus import is_built
from data_pipeline.execution.isolated import build_in_child

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("WIREWATCH_DATA", ROOT / ".wirewatch" / "seeds"))
UPLOADED = "uploaded_corpus"  # session_state key: this session's Corpus
UPLOADED_NAME = "uploaded_corpus_name"  # session_state key: what it was built from, for captions
UPLOADED_DIGEST = "uploaded_corpus_digest"  # session_state key: content key of the uploaded files
UPLOADED_ID = "uploaded_corpus_id"  # session_state key: the id of its corpus in the shared store
LINK_NOTE = "corpus_link_note"  # session_state key: why a link's corpus could not be shown
CORPUS_PARAM = "corpus"  # query parameter: an uploaded corpus's id (a shareable link)
UPLOAD_PREFIX = "wirewatch-upload-"  # per-session temporary folders
CONTENT_KEY = "_wirewatch_content_key"  # where content_key keeps its result on a corpus object
PARENT_KEY = "_wirewatch_parent_key"  # on a filtered corpus: (content key of its source, filter)

# Upload limits, enforced here and by the uploader; server.maxUploadSize in .streamlit/config.toml
# (megabytes per file) matches MAX_UPLOAD_FILE_MB, and both stay under the pipeline's own
# per-file limit (data_pipeline.settings.MAX_FILE_BYTES).
MAX_UPLOAD_FILE_MB = 50
MAX_UPLOAD_FILES = 500
MAX_UPLOAD_TOTAL_MB = 200
MAX_UPLOADS_SERVER_MB = 1024  # uploads held by the server for all sessions together
# Uploaded corpora kept server-side so that a reload or a shared link shows them again:
KEEP_HOURS = float(os.environ.get("WIREWATCH_KEEP_HOURS", 24))  # since last opened
KEEP_CORPORA = int(os.environ.get("WIREWATCH_KEEP_CORPORA", 32))
KEEP_MB = int(os.environ.get("WIREWATCH_KEEP_MB", 2048))  # tables in memory, all corpora together
UPLOAD_TYPES = sorted(  # what the pipeline reads; anything else is refused with the reason, in words
    suffix.lstrip(".")
    for suffix in (*settings.TEXT_SUFFIXES, *settings.HTML_SUFFIXES, *settings.TABLE_SUFFIXES, *settings.ARCHIVE_SUFFIXES)
)
MEGABYTE = 1024 * 1024

Progress = Callable[[int, int], None]


class UploadRejected(ValueError):
    """Uploaded files beyond the limits: the message says which limit."""


@st.cache_resource(show_spinner="Building the seed corpus…")
def _built(folder: str) -> str:
    if not is_built(folder):
        build_corpus([SEEDS]).save(folder)
    return folder


@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def _load(folder: str, stamp: float) -> Corpus:
    """The tables of ``folder``, loaded once per change of its files and shared, not copied:
    ``st.cache_data`` would unpickle every table on every rerun (seconds at 10,000 articles).
    Nothing changes a Corpus after loading (pandas copy-on-write)."""
    return Corpus.load(folder)


@st.cache_resource(show_spinner="Building the seed corpus…")
def _seeds_in_memory() -> Corpus:
    return build_corpus([SEEDS])


def default_corpus() -> Corpus:
    """The default tables (``$WIREWATCH_DATA`` or the seeds, built on first use).

    Where the folder cannot be written or read (a read-only deployment), the seeds are built in
    memory instead, once per server process.
    """
    try:
        folder = _built(str(DEFAULT_DATA))
        stamp = max(p.stat().st_mtime for p in Path(folder).glob("*.parquet"))
        return _load(folder, stamp)
    except OSError:
        if DEFAULT_DATA.exists() and is_built(DEFAULT_DATA):
            raise  # tables are there but unreadable: the router shows the message
        return _seeds_in_memory()


class CorpusStore:
    """Uploaded corpora kept in this server's memory for a bounded time and size, under an
    unguessable id, so that a reload or a shared link (``?corpus=<id>``) shows the corpus again.

    The id is an HMAC of the tables' ``content_key`` with a secret drawn when the server starts:
    a hash of the content that nobody can compute, not even from the same files, without having
    been given the link. A corpus is dropped ``KEEP_HOURS`` after it was last opened, and the
    least recently opened ones go first when more than ``KEEP_CORPORA`` corpora or ``KEEP_MB``
    of tables are kept.
    """

    def __init__(self) -> None:
        self.secret = secrets.token_bytes(32)
        self.kept: OrderedDict[str, tuple[Corpus, str, int, float]] = OrderedDict()  # id → (corpus, name, bytes, last opened)
        self.lock = threading.Lock()

    def id_of(self, corpus: Corpus) -> str:
        return hmac.new(self.secret, content_key(corpus).encode(), hashlib.sha256).hexdigest()[:32]

    def put(self, corpus: Corpus, name: str) -> str:
        key = self.id_of(corpus)
        size = sum(int(table.memory_usage(deep=True).sum()) for table in corpus.tables().values())
        with self.lock:
            self.kept[key] = (corpus, name, size, time.monotonic())
            self.kept.move_to_end(key)
            self._evict(keep=key)
        return key

    def get(self, key: str) -> tuple[Corpus, str] | None:
        with self.lock:
            self._evict()
            found = self.kept.get(key)
            if found is None:
                return None
            self.kept[key] = (*found[:3], time.monotonic())
            self.kept.move_to_end(key)
            return found[0], found[1]

    def _evict(self, keep: str | None = None) -> None:
        now = time.monotonic()
        for key in [k for k, v in self.kept.items() if now - v[3] > KEEP_HOURS * 3600 and k != keep]:
            del self.kept[key]
        while len(self.kept) > 1 and (
            len(self.kept) > KEEP_CORPORA or sum(v[2] for v in self.kept.values()) > KEEP_MB * MEGABYTE
        ):
            oldest = next(iter(self.kept))
            if oldest == keep:
                break
            del self.kept[oldest]


@st.cache_resource
def store() -> CorpusStore:
    """The server's one CorpusStore."""
    return CorpusStore()


def corpus() -> Corpus:
    """The corpus to show: the one of the link (``?corpus=<id>``) or this session's upload,
    else the default tables. A link whose corpus is no longer kept shows the default tables
    with a note (``link_note``)."""
    wanted = st.query_params.get(CORPUS_PARAM)
    if wanted and wanted != st.session_state.get(UPLOADED_ID):
        found = store().get(wanted)
        if found is None:
            del st.query_params[CORPUS_PARAM]
            st.session_state[LINK_NOTE] = (
                f"The corpus of this link is no longer kept on this server (uploads are kept {KEEP_HOURS:g} hours "
                "after they were last opened): showing the default corpus. Upload the files again for a new link."
            )
            _forget()
        else:
            st.session_state.pop(LINK_NOTE, None)
            _remember(*found, None, wanted)
    elif st.session_state.get(UPLOADED_ID) and not wanted:
        st.query_params[CORPUS_PARAM] = st.session_state[UPLOADED_ID]  # kept in the address on every page
    uploaded = st.session_state.get(UPLOADED)
    if uploaded is not None:
        return uploaded
    return default_corpus()


def link_note() -> str | None:
    return st.session_state.get(LINK_NOTE)


def use_corpus(built: Corpus | None, name: str | None = None, digest: str | None = None) -> None:
    """Make ``built`` this session's corpus, kept in the server's store and named in the address
    (``?corpus=<id>``) so a reload or the link shows it again (None: back to the default tables)."""
    if built is None:
        _forget()
        if CORPUS_PARAM in st.query_params:
            del st.query_params[CORPUS_PARAM]
        return
    key = store().put(built, name or "")
    _remember(built, name, digest, key)
    st.query_params[CORPUS_PARAM] = key


def _remember(built: Corpus, name: str | None, digest: str | None, key: str | None) -> None:
    for state_key, value in ((UPLOADED, built), (UPLOADED_NAME, name), (UPLOADED_DIGEST, digest), (UPLOADED_ID, key)):
        st.session_state[state_key] = value


def _forget() -> None:
    for state_key in (UPLOADED, UPLOADED_NAME, UPLOADED_DIGEST, UPLOADED_ID):
        st.session_state.pop(state_key, None)


def uploaded_digest() -> str | None:
    """The content key of the files this session's corpus was built from."""
    return st.session_state.get(UPLOADED_DIGEST)


def uploaded_id() -> str | None:
    """The id of this session's uploaded corpus in the server's store (its link)."""
    return st.session_state.get(UPLOADED_ID)


def uploaded_name() -> str | None:
    return st.session_state.get(UPLOADED_NAME)


def upload_digest(files: list[tuple[str, bytes]]) -> str:
    """A content key for a set of uploaded files (names and bytes)."""
    digest = hashlib.sha1()
    for name, content in sorted(files):
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha1(content).digest())
    return digest.hexdigest()


def built_from_uploads(files: list[tuple[str, bytes]], *, progress: Progress | None = None) -> Corpus:
    """Build a corpus from uploaded ``(file name, bytes)``.

    The files are written only into a fresh temporary folder of this call (names reduced to
    their last component, so ``../x`` cannot escape it), side by side, so that an uploaded
    ``manifest.csv`` gives the outlets and dates of the plain files beside it (a second file of
    the same name goes into a numbered subfolder); built from there, and the folder is removed.
    The build runs in a new process (``execution.isolated.build_in_child``): Streamlit's server
    is threaded and cannot fork, the child can, so an upload builds as fast as the command line.
    Files beyond the limits raise UploadRejected. Not in ``st.cache_data`` on purpose: the
    result lives in this session's state only (``use_corpus``), so one session's upload is
    never served to another.
    """
    check_upload_limits([(name, len(content)) for name, content in files])
    with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX) as folder:
        paths, taken = [], set()
        for number, (name, content) in enumerate(files):
            safe = Path(name.replace("\\", "/")).name or "upload"
            target = Path(folder) / safe
            if safe.lower() in taken:  # the same name twice: both kept, apart
                target = Path(folder) / f"{number:04d}" / safe
                target.parent.mkdir()
            taken.add(safe.lower())
            target.write_bytes(content)
            if not (target.parent == Path(folder) and safe == settings.MANIFEST_NAME and len(files) > 1):
                paths.append(target)  # a manifest is read beside the files it describes
        with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX) as output:  # apart from the user's files
            try:  # in a process of its own, which can fork its workers as the command line does
                build_in_child(paths, Path(output) / "tables", progress=progress)
            except OSError:  # no new process could be started here: built in this one
                built = build_corpus(paths, progress=progress)
            else:
                built = Corpus.load(Path(output) / "tables")
    return _without_folder(built, folder)


def unsupported(names: list[str]) -> list[str]:
    """The names among ``names`` whose type Wirewatch does not read."""
    return [name for name in names if Path(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES]


def check_upload_limits(sizes: list[tuple[str, int]]) -> None:
    """Raise UploadRejected if ``(name, bytes)`` uploads exceed the file-count or size limits."""
    if not sizes:
        raise UploadRejected("No file was uploaded.")
    if len(sizes) > MAX_UPLOAD_FILES:
        raise UploadRejected(f"{len(sizes):,} files uploaded; the limit is {MAX_UPLOAD_FILES:,} (put them in a zip).")
    too_big = [name for name, size in sizes if size > MAX_UPLOAD_FILE_MB * MEGABYTE]
    if too_big:
        raise UploadRejected(f"{too_big[0]} is larger than {MAX_UPLOAD_FILE_MB} MB, the limit per file.")
    total = sum(size for _, size in sizes)
    if total > MAX_UPLOAD_TOTAL_MB * MEGABYTE:
        raise UploadRejected(f"{total / MEGABYTE:,.0f} MB uploaded in all; the limit is {MAX_UPLOAD_TOTAL_MB} MB.")


class UploadGuard:
    """Enforces the count and total limits as files arrive, not when Build is pressed.

    Streamlit keeps every uploaded file in memory from the moment it arrives (its own
    ``server.maxUploadSize`` bounds one file only). Wrapping its upload manager's ``add_file``,
    a file that would take this session beyond ``MAX_UPLOAD_FILES`` files or
    ``MAX_UPLOAD_TOTAL_MB``, or the server beyond ``MAX_UPLOADS_SERVER_MB``, is refused at once
    (HTTP 413, its bytes freed) and named in ``refused(session)`` for the page to show.
    """

    def __init__(self, manager) -> None:
        self.manager = manager
        self.sizes: dict[str, dict[str, int]] = defaultdict(dict)  # session → file id → bytes
        self.refusals: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self._add, self._remove, self._remove_session = manager.add_file, manager.remove_file, manager.remove_session_files
        manager.add_file, manager.remove_file = self.add_file, self.remove_file
        manager.remove_session_files = self.remove_session_files

    def add_file(self, session_id: str, file) -> None:
        size = len(file.data)
        with self.lock:
            mine = {k: v for k, v in self.sizes[session_id].items() if k != file.file_id}
            everyone = sum(sum(files.values()) for files in self.sizes.values()) - sum(self.sizes[session_id].values())
            reason = None
            if len(mine) + 1 > MAX_UPLOAD_FILES:
                reason = f"more than {MAX_UPLOAD_FILES:,} files (put them in a zip)"
            elif sum(mine.values()) + size > MAX_UPLOAD_TOTAL_MB * MEGABYTE:
                reason = f"more than {MAX_UPLOAD_TOTAL_MB} MB in all"
            elif everyone + sum(mine.values()) + size > MAX_UPLOADS_SERVER_MB * MEGABYTE:
                reason = "the server holds too many uploads just now; try again later"
            if reason is None:
                self.sizes[session_id][file.file_id] = size
            else:
                self.refusals[session_id].append(f"{file.name}: refused, {reason}.")
        if reason is not None:
            from starlette.exceptions import HTTPException

            raise HTTPException(status_code=413, detail=reason)
        self._add(session_id, file)

    def remove_file(self, session_id: str, file_id: str) -> None:
        with self.lock:
            self.sizes.get(session_id, {}).pop(file_id, None)
        self._remove(session_id, file_id)

    def remove_session_files(self, session_id: str) -> None:
        with self.lock:
            self.sizes.pop(session_id, None)
            self.refusals.pop(session_id, None)
        self._remove_session(session_id)

    def refused(self, session_id: str) -> list[str]:
        """The files refused for ``session_id`` (and forgets them: each is shown once)."""
        with self.lock:
            return self.refusals.pop(session_id, [])


_guard_lock = threading.Lock()


def guard_uploads() -> UploadGuard | None:
    """Install the ``UploadGuard`` on this server's upload manager (once); None without a
    running server (bare mode, AppTest)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    manager = runtime.get_instance().uploaded_file_mgr
    with _guard_lock:
        guard = getattr(manager, "_wirewatch_guard", None)
        if not isinstance(guard, UploadGuard):  # (AppTest's manager is a mock: any attribute exists)
            guard = UploadGuard(manager)
            manager._wirewatch_guard = guard
    return guard


def refused_uploads() -> list[str]:
    """Files of this session refused as they arrived (each reported once)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    guard, context = guard_uploads(), get_script_run_ctx()
    if guard is None or context is None:
        return []
    return guard.refused(context.session_id)


def _without_folder(built: Corpus, folder: str) -> Corpus:
    """Paths relative to the temporary folder: the user's file names, not our disk layout."""
    prefix = str(Path(folder)) + os.sep

    def relative(series):
        stripped = series.str.replace(prefix, "", regex=False)
        return stripped.str.replace(r"^\d{4}/", "", regex=True)

    return Corpus(
        **{
            **built.tables(),
            "articles": built.articles.assign(path=relative(built.articles["path"])),
            "problems": built.problems.assign(path=relative(built.problems["path"])),
        }
    )


def content_key(corpus: Corpus) -> str:
    """A SHA-256 of every column of every table (names, types and every cell), the key of every
    cache shared between sessions: two corpora get the same key only when their tables are
    identical, so nothing computed from one session's upload reaches another unless it would be
    the same. (``Corpus.fingerprint`` hashes the article texts only: an upload of the same texts
    under other outlet names has the same fingerprint.)

    Computed once per corpus object and kept on it (corpora are never changed after they are
    built or loaded). A filtered corpus is keyed on its source's key and the filter, which
    determine it (``filters.restricted`` is a pure function), without hashing it again.
    """
    known = corpus.__dict__.get(CONTENT_KEY)
    if known is None:
        parent = corpus.__dict__.get(PARENT_KEY)
        if parent is not None:
            known = hashlib.sha256(f"{content_key(parent[0])}\0{parent[1]}".encode()).hexdigest()
        else:
            known = _tables_digest(corpus)
        corpus.__dict__[CONTENT_KEY] = known
    return known


def derived_from(result: Corpus, source: Corpus, how: str) -> Corpus:
    """Mark ``result`` as computed from ``source`` by ``how`` (a pure, deterministic function
    of it), so ``content_key(result)`` is derived from the source's key."""
    result.__dict__[PARENT_KEY] = (source, how)
    return result


def _tables_digest(corpus: Corpus) -> str:
    digest = hashlib.sha256()
    tables = corpus.tables()
    for name in sorted(tables):
        table = tables[name]
        digest.update(f"\0table {name} {table.shape}\0".encode())
        for column in table.columns:
            values = table[column]
            digest.update(f"\0column {column!r} {values.dtype}\0".encode())
            _digest_column(digest, values)
    return digest.hexdigest()


def _digest_column(digest, values: pd.Series) -> None:
    """Feed a column's cells to ``digest``. Text held by Arrow (the tables' string columns) is
    fed as its Arrow buffers, as they are (offsets, bytes, validity; with each chunk's offset and
    length they determine every cell): a tenth of the time of writing each cell out."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        arrow = pa.array(values.array)  # the column's own Arrow data, not a copy
        for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:
            digest.update(f"\0chunk {chunk.type} {chunk.offset} {len(chunk)}\0".encode())
            for buffer in chunk.buffers():
                digest.update(b"\0none\0" if buffer is None else f"\0buffer {buffer.size}\0".encode())
                if buffer is not None:
                    digest.update(buffer)
        return
    digest.update(_column_bytes(values))


def _column_bytes(values: pd.Series) -> bytes:
    """The cells of a column as bytes that differ whenever a cell differs."""
    array = values.to_numpy()
    if array.dtype != object:  # numbers, booleans, datetimes: their machine representation
        return np.ascontiguousarray(array).tobytes()
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        cells = map(repr, array)  # str or NA; repr escapes newlines, so "\n" separates cells
    else:
        cells = map(_cell, array)
    return "\n".join(cells).encode("utf-8", "surrogatepass")


def _cell(value) -> str:
    if isinstance(value, np.ndarray):  # a list read back from Parquet (repr would abbreviate it)
        return repr(value.tolist())
    return f"{type(value).__name__}:{value!r}"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula (OWASP)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV, every text cell that a spreadsheet would run as a formula
    (starting with ``= + - @``, tab or carriage return) prefixed with ``'``, and every text cell
    in double quotes (a carriage return inside a cell would otherwise start a row in some
    readers), as OWASP's CSV injection advice says. Numbers stay numbers; lists are written as
    their Python repr."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        risky = values.map(lambda value: isinstance(value, str) and value.startswith(FORMULA_STARTS)).astype(bool)
        if risky.any():
            safe[column] = values.astype(object).where(~risky, "'" + values[risky].astype(str))
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=32)
def table_csv(key: str, name: str, _corpus: Corpus) -> bytes:
    """One table as UTF-8 CSV, formulas neutralised (``csv_bytes``; lists written as their Python repr). ``key`` must be
    ``content_key(_corpus)``: the cache is shared by every session."""
    return csv_bytes(_corpus.tables()[name])


@st.cache_data(show_spinner=False, max_entries=8)
def tables_zip(key: str, _corpus: Corpus) -> bytes:
    """``key`` must be ``content_key(_corpus)`` (the cache is shared by every session). Every table as Parquet (exactly what ``Corpus.save`` writes), in one zip."""
    with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX) as folder:
        saved = _corpus.save(Path(folder) / "tables")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(saved.glob("*.parquet")):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()
