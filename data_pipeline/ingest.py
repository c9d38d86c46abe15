"""Read inputs into documents: text, Markdown, HTML files, folders, zips, CSV/JSONL exports.

Produces ``Document`` records (path, text, metadata) and ``problems`` rows for anything that
could not be read. Nothing is dropped silently: every input file becomes documents or problems.
HTML goes through trafilatura (a maintained main-text extractor), never hand-written tag
stripping. Archives are read in memory, member by member, with size/ratio/depth limits, so
nothing is ever written outside a temporary place (nothing is written at all).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from . import settings
from .header import outlet_from_path


@dataclass(frozen=True)
class Document:
    """One article's raw text with the metadata an input gave for it."""

    path: str
    text: str
    meta: dict = field(default_factory=dict)  # source, title, url, published, html


@dataclass(frozen=True)
class Problem:
    path: str
    stage: str
    problem: str


class _Reader:
    """Collects documents and problems while walking inputs."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self.zip_bytes = 0

    def problem(self, path: str, problem: str, stage: str = "ingest") -> None:
        self.problems.append(Problem(str(path), stage, problem))


def read_inputs(paths) -> tuple[list[Document], list[Problem]]:
    """Read every input (file, folder, zip, CSV/JSONL) into documents and problems.

    Only regular files are opened (a FIFO would block, ``/dev/zero`` never ends): anything else
    is refused from ``stat`` alone. A file or folder named here is read where its name leads;
    inside a folder, a symlink is read only when it points to a file inside that folder."""
    reader = _Reader()
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except FileNotFoundError:
            reader.problem(
                str(raw), "broken symlink (its target does not exist)" if path.is_symlink() else "input not found"
            )
            continue
        except OSError as error:
            reader.problem(str(raw), f"cannot read: {error.strerror or error}")
            continue
        if stat.S_ISDIR(info.st_mode):
            _read_folder(reader, path, shown=Path(path.resolve().name))
        else:
            _read_file(
                reader, path, manifest=_manifest_for(reader, path.parent, None), shown=Path(path.name), root=None
            )
    return reader.documents, reader.problems


def _read_folder(reader: _Reader, folder: Path, *, shown: Path) -> None:
    """Every entry under ``folder`` (symlinks never followed out of it); paths are reported as
    ``shown/relative`` (the folder's name and below), so tables do not depend on where the
    corpus lies."""
    root = os.path.realpath(folder)
    every = _entries(folder)
    _report_hidden(reader, shown.as_posix(), [parts for parts, _, _ in every])
    entries = [(parts, path, why) for parts, path, why in every if not _hidden(parts)]
    manifests: dict[Path, dict] = {}
    for parts, path, why in entries:
        if why is not None:
            reader.problem((shown / Path(*parts)).as_posix() if parts else shown.as_posix(), why)
            continue
        if path.name == settings.MANIFEST_NAME:
            continue
        if path.parent not in manifests:
            manifests[path.parent] = _manifest_for(reader, path.parent, root)
        _read_file(reader, path, manifest=manifests[path.parent], shown=shown / Path(*parts), root=root)
    names_in: dict[Path, set[str]] = {}  # one pass: a scan of every file per folder was n²
    for _, path, _ in entries:
        names_in.setdefault(path.parent, set()).add(path.name)
    for directory in sorted(names_in):
        if directory not in manifests:
            manifests[directory] = _manifest_for(reader, directory, root)
        manifest = manifests[directory]
        for name in sorted(set(manifest) - names_in[directory]):
            where = shown / directory.relative_to(folder) / name
            reader.problem(str(where), "named in manifest.csv but not found", "manifest")


def _entries(folder: Path) -> list[tuple[tuple[str, ...], Path, str | None]]:
    """Every entry under ``folder`` but folders, sorted: (parts relative to ``folder``, path,
    why it cannot be read or None). Symlinks are listed, never followed; an unreadable folder
    is an entry with its reason."""
    found = []
    pending = [(folder, ())]
    while pending:
        directory, parts = pending.pop()
        try:
            with os.scandir(directory) as listing:
                children = list(listing)
        except OSError as error:
            found.append((parts, directory, f"folder unreadable ({error.strerror or error}): not read"))
            continue
        for entry in children:
            here = (*parts, entry.name)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                pending.append((Path(entry.path), here))
            else:
                found.append((here, Path(entry.path), None))
    return sorted(found, key=lambda item: item[0])


class _Refused(Exception):
    """Why a file is not read (a problem's text)."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _file_bytes(path: Path, root: str | None, limit: int | None = None, too_large: str = "file too large") -> bytes:
    """A regular file's bytes, at most ``MAX_FILE_BYTES``. Inside a folder (``root``), a symlink
    is read only when it resolves to a file inside ``root``. The kind of file is checked with
    ``stat`` before anything is opened (a FIFO, socket or device is never opened), and again on
    the opened file (opened non-blocking, so a file swapped for a FIFO in between cannot block).
    Raises ``_Refused`` with the reason otherwise."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        if root is not None and not _within(target, root):
            raise _Refused("symlink outside the inputs: not read")
        try:
            info = os.stat(target)
        except OSError as error:
            raise _Refused(f"broken symlink ({error.strerror or 'its target does not exist'}): not read") from None
        if stat.S_ISDIR(info.st_mode):
            raise _Refused("symlink to a folder: not followed (the files inside the inputs are read where they are)")
        path = Path(target)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(f"not a regular file ({_kind(info.st_mode)}): not read")
    limit = settings.MAX_FILE_BYTES if limit is None else limit
    if info.st_size > limit:
        raise _Refused(f"{too_large} ({info.st_size:,} bytes > {limit:,})")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise _Refused(f"not a regular file ({_kind(opened.st_mode)}): not read")
        # as much as the file holds (a read of ``limit`` bytes allocates them for every file),
        # then on to the limit if it grew since
        data = handle.read(min(opened.st_size, limit) + 1)
        if len(data) > opened.st_size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise _Refused(f"{too_large} (more than {limit:,} bytes)")
    return data


# Operating-system litter, never an article: skipped without a word.
_OS_METADATA = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", ".Spotlight-V100", ".Trashes", ".fseventsd"}


def _hidden(parts: tuple[str, ...]) -> bool:
    """A hidden file or a file in a hidden folder (``.git/…``, ``.cache/…``): not read."""
    return any(part.startswith(".") or part in _OS_METADATA for part in parts)


def _report_hidden(reader: _Reader, where: str, paths: list[tuple[str, ...]]) -> None:
    """One problem naming the hidden files skipped in a folder or zip (OS litter not counted)."""
    hidden = [
        "/".join(parts)
        for parts in paths
        if _hidden(parts) and not any(part in _OS_METADATA or part.startswith("._") for part in parts)
    ]
    if hidden:
        shown = ", ".join(hidden[:3]) + (" …" if len(hidden) > 3 else "")
        reader.problem(where, f"{len(hidden)} hidden file(s) not read: {shown}")


def _manifest_for(reader: _Reader, folder: Path, root: str | None) -> dict:
    path = folder / settings.MANIFEST_NAME
    if not os.path.lexists(path):
        return {}
    try:
        text = decode(_file_bytes(path, root))
    except _Refused as error:
        reader.problem(str(path), f"manifest not read: {error}", "manifest")
        return {}
    except OSError as error:
        reader.problem(str(path), f"manifest unreadable: {error.strerror or error}", "manifest")
        return {}
    except ValueError as error:
        reader.problem(str(path), f"manifest unreadable: {error}", "manifest")
        return {}
    return _parse_manifest(reader, str(path), text)


def _parse_manifest(reader: _Reader, where: str, text: str) -> dict:
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and "path" not in rows[0]:
        reader.problem(where, "manifest has no 'path' column", "manifest")
        return {}
    manifest = {}
    for row in rows:
        name = (row.get("path") or "").strip()
        if name:
            meta = {k: (row.get(k) or "").strip() or None for k in settings.MANIFEST_COLUMNS[1:]}
            manifest[PurePosixPath(name).name] = {k: v for k, v in meta.items() if v}
    return manifest


def _read_file(reader: _Reader, path: Path, *, manifest: dict, shown: Path, root: str | None) -> None:
    where = shown.as_posix()
    try:
        data = _file_bytes(path, root, *_byte_limit(shown.suffix.lower()))
    except _Refused as error:
        reader.problem(where, str(error))
        return
    except OSError as error:
        reader.problem(where, f"cannot read: {error.strerror or error}")
        return
    _read_bytes(reader, where, data, manifest=manifest, depth=0)


def _byte_limit(suffix: str) -> tuple[int, str]:
    """The most bytes a file of this kind may hold, checked before it is read: a text file
    beyond ``MAX_ARTICLE_CHARS`` (at most 4 bytes a character, in UTF-32) could only be refused
    after reading and decoding it all; HTML beyond ``MAX_HTML_BYTES`` is never parsed."""
    limits = [(settings.MAX_FILE_BYTES, "file too large")]
    if suffix in settings.TEXT_SUFFIXES:
        limits.append((4 * settings.MAX_ARTICLE_CHARS + 4, "text too long for one article: not read; split it"))
    if suffix in settings.HTML_SUFFIXES:
        limits.append((settings.MAX_HTML_BYTES, "HTML page too large: not read"))
    return min(limits)


def _read_bytes(reader: _Reader, where: str, data: bytes, *, manifest: dict, depth: int) -> None:
    """One file's bytes into documents or problems; a file that gave neither (an empty export,
    a zip of folders) becomes the problem ``no articles found``."""
    before = (len(reader.documents), len(reader.problems))
    _read_content(reader, where, data, manifest=manifest, depth=depth)
    if (len(reader.documents), len(reader.problems)) == before:
        reader.problem(where, "no articles found")


def _read_content(reader: _Reader, where: str, data: bytes, *, manifest: dict, depth: int) -> None:
    suffix = PurePosixPath(where.split("!")[-1]).suffix.lower()
    name = PurePosixPath(where.split("!")[-1]).name
    meta = dict(manifest.get(name, {}))
    if meta:
        meta["manifest"] = True
    if suffix in settings.ARCHIVE_SUFFIXES or data[:4] == b"PK\x03\x04":
        _read_zip(reader, where, data, depth=depth)
        return
    try:
        text, note = decode_noted(data)
    except ValueError as error:
        reader.problem(where, str(error))
        return
    if note:
        reader.problem(where, note)
    if suffix in (".csv", ".tsv"):
        _read_csv(reader, where, text)
    elif suffix in (".jsonl", ".ndjson"):
        _read_jsonl(reader, where, text)
    elif suffix == ".json":
        _read_json(reader, where, text)
    elif suffix in settings.HTML_SUFFIXES or _looks_like_html(text):
        _read_html(reader, where, text, meta)
    elif suffix in settings.TEXT_SUFFIXES or suffix == "":
        if suffix in (".md", ".markdown"):
            text = markdown_to_text(text)
        _add(reader, where, text, meta)
    else:
        reader.problem(where, f"unsupported file type {suffix!r}")


# Exports that flatten an article onto one line mark its paragraphs with " ### " (the
# Helsinki summit scrape, from newspaper3k-style scrapers): those become paragraph breaks.
_PARAGRAPH_MARK = " ### "
PARAGRAPH_MARK_MIN = 2


def _add(reader: _Reader, where: str, text: str, meta: dict) -> None:
    unencodable = [k for k, v in {"text": text, **meta}.items() if isinstance(v, str) and _has_surrogate(v)]
    if unencodable:
        reader.problem(where, f"invalid characters (lone surrogate) in {', '.join(unencodable)}: not read")
        return
    if meta.get("published") and not _date_in_range(meta["published"]):
        reader.problem(
            where, f"published date {meta['published'][:40]!r} outside the supported range (1677–2262): ignored"
        )
        meta = {k: v for k, v in meta.items() if k not in ("published", "published_meta")}
    if not meta.get("source"):  # a domain in a folder or file name names the outlet
        found = outlet_from_path(where)
        if found:
            meta = {**meta, "source": found[0], "source_from": found[1]}
    if "\n" not in text and text.count(_PARAGRAPH_MARK) >= PARAGRAPH_MARK_MIN:
        text = text.replace(_PARAGRAPH_MARK, "\n\n")
    if not text.strip():
        reader.problem(where, "empty: no text")
        return
    if len(text) > settings.MAX_ARTICLE_CHARS:
        reader.problem(
            where,
            f"text too long for one article ({len(text):,} characters > {settings.MAX_ARTICLE_CHARS:,}): "
            "not read; split it into articles or give a CSV/JSONL export",
        )
        return
    reader.documents.append(Document(where, text, meta))


# Invisible characters that reorder or join what is shown (bidirectional overrides, embeddings
# and isolates, zero-width spaces and joiners, BOMs, soft hyphens): never part of a title, an
# outlet or a name, and a way to make one look like another.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str | None) -> str | None:
    """``text`` without invisible format characters, spaces collapsed (None stays None)."""
    if text is None:
        return None
    return " ".join(_INVISIBLE.sub("", text).split()) or None


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (JSON may carry them; no file or table can): the
    only characters UTF-8 cannot encode (encoding is several times faster than a pattern search)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _date_in_range(published: str) -> bool:
    """Whether a metadata date, if it is one, lies within what the tables can hold (pandas'
    nanosecond timestamps: 1677-09-21 to 2262-04-11)."""
    from .dates import explicit_date

    day = explicit_date(published)
    return day is None or _FIRST_DAY <= day <= _LAST_DAY


_FIRST_DAY = pd.Timestamp.min.date() + dt.timedelta(days=1)
_LAST_DAY = pd.Timestamp.max.date() - dt.timedelta(days=1)


def decode(data: bytes) -> str:
    """Bytes to text (see ``decode_noted``), without the note."""
    return decode_noted(data)[0]


def decode_noted(data: bytes) -> tuple[str, str | None]:
    """Bytes to text and, when bytes had to be replaced or guessed, a note for ``problems``.

    BOMs first, then UTF-16/UTF-32 told by where their NUL bytes fall, then UTF-8 (invalid
    bytes replaced with U+FFFD, and said), then a detected legacy encoding. Raises ValueError
    for binary data (so the caller reports it instead of reading garbage).
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _clean_text(data.decode(encoding, errors="replace")), None
    if not data:
        return "", None
    note = None
    text = _without_bom_utf16_32(data)
    if text is None:
        if b"\x00" in data[: settings.BINARY_SAMPLE_CHARS]:
            raise ValueError("binary file (NUL bytes): not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, note = _decode_mixed(data)
    sample = text[: settings.BINARY_SAMPLE_CHARS]
    odd = len(_ODD_CHARACTER.findall(sample))
    if odd > settings.BINARY_CONTROL_SHARE * len(sample):
        raise ValueError("binary file (control or undecodable characters): not text")
    return _clean_text(text), note


def _without_bom_utf16_32(data: bytes) -> str | None:
    """UTF-32 or UTF-16 text without a BOM, told by its NUL bytes: text in these encodings has
    them at the same place in (almost) every code unit (the high bytes of Latin letters, of
    spaces and punctuation in any script) and none elsewhere; binary data has them anywhere."""
    sample = data[: settings.BINARY_SAMPLE_CHARS - settings.BINARY_SAMPLE_CHARS % 4]
    if len(data) % 2 or len(sample) < 8 or b"\x00" not in sample:
        return None
    zeros = [sample[offset::4].count(0) / len(sample[offset::4]) for offset in range(4)]
    candidates = []
    if len(data) % 4 == 0:
        candidates += [("utf-32-le", zeros[3] > 0.9 and zeros[2] > 0.9 and zeros[0] < 0.01)]
        candidates += [("utf-32-be", zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[3] < 0.01)]
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    candidates += [("utf-16-le", odd > 0.1 and even < 0.01), ("utf-16-be", even > 0.1 and odd < 0.01)]
    for encoding, fits in candidates:
        if fits:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:  # unpaired surrogates, code points beyond Unicode: not text
                return None
    return None


# A well-formed UTF-8 sequence of two to four bytes (what no legacy text has by chance, mostly).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode_mixed(data: bytes) -> tuple[str, str | None]:
    """Bytes that are not valid UTF-8. With no UTF-8 sequence in them: a legacy encoding, no
    note. Mostly UTF-8 with some invalid bytes: UTF-8, the invalid bytes replaced and counted.
    Mostly legacy with some UTF-8: the legacy encoding, and a note that the UTF-8 characters
    became mojibake. Never silent when two encodings meet in one file."""
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if not sequences:
        return _decode_legacy(data), None
    as_utf8 = data.decode("utf-8", errors="replace")
    replaced = as_utf8.count("\ufffd") - data.count("\ufffd".encode())
    if sequences >= replaced:
        return as_utf8, f"invalid UTF-8: {replaced} byte(s) replaced with U+FFFD"
    return _decode_legacy(data), (
        f"mixed encodings: {sequences} UTF-8 character(s) decoded in the legacy encoding of the other "
        f"{replaced} byte(s) that are not UTF-8 (those characters may show as mojibake)"
    )


# Control characters other than tab, line feed, form feed and carriage return; DEL; U+FFFD.
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _decode_legacy(data: bytes) -> str:
    """Undeclared legacy encoding: Windows-1252 (what Western news files use, and a superset of
    Latin-1's printable range) unless the result is mostly non-ASCII letters, the sign of
    another code page (Cyrillic, Greek); then charset-normalizer decides. charset-normalizer
    alone is not trusted first: on short French or German text it often guesses cp1250.
    """
    text = data.decode("cp1252", errors="replace")
    letters = [ch for ch in text[: settings.BINARY_SAMPLE_CHARS] if ch.isalpha()]
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    if non_ascii <= settings.LEGACY_NON_ASCII_SHARE * max(len(letters), 1):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[: settings.BINARY_SAMPLE_CHARS * 4]).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        return text
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # not tab, newline, form feed, return


def _clean_text(text: str) -> str:
    """Newlines unified (a form feed is a line break), other control characters dropped (old
    wire formats such as METER's PA copy mark paragraphs with \\x19)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROL.sub("", text)


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article)", re.I)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:500]))


# Elements whose content is never article text: removed with their content before extraction.
# lxml_html_clean drops scripts, styles, event-handler attributes and javascript: links; these
# go as well (an iframe's or noscript's fallback text would otherwise reach the sentences).
_KILL_TAGS = ["iframe", "frame", "frameset", "noscript", "template", "svg", "math", "object", "embed", "applet"]


def _clean_html(html: str) -> str:
    """HTML without active content (scripts, styles, handlers, frames, embeds), via lxml_html_clean."""
    from lxml_html_clean import Cleaner

    cleaner = Cleaner(
        scripts=True, javascript=True, comments=True, style=True, inline_style=True, links=False, meta=False,
        page_structure=False, processing_instructions=True, embedded=True, frames=True, forms=True,
        annoying_tags=True, kill_tags=_KILL_TAGS, remove_unknown_tags=False, safe_attrs_only=True,
    )  # fmt: skip
    return cleaner.clean_html(html)


def _read_html(reader: _Reader, where: str, html: str, meta: dict) -> None:
    """Main text by trafilatura from the cleaned page; metadata (title, site, date, which may sit
    in JSON-LD scripts) from the original page, which is parsed, never run."""
    import trafilatura

    refused = _html_refused(html)
    if refused:
        reader.problem(where, refused)
        return
    try:
        document = trafilatura.bare_extraction(
            _clean_html(html), include_comments=False, include_tables=False, favor_recall=True
        )
        found_meta = trafilatura.extract_metadata(html)
    except Exception as error:  # trafilatura and lxml raise many types on odd markup
        reader.problem(where, f"HTML could not be parsed: {type(error).__name__}: {error}")
        return
    if document is None or not (document.text or "").strip():
        reader.problem(where, "HTML has no main text")
        return
    title = (found_meta and found_meta.title) or document.title
    found = {
        "title": title,
        "source": found_meta and (found_meta.sitename or found_meta.hostname),
        "url": found_meta and found_meta.url,
        "published": found_meta and found_meta.date,
        "html": True,
    }
    merged = {k: v for k, v in found.items() if v} | meta  # the manifest wins
    text = document.text
    if title and not text.lstrip().startswith(title):
        text = title + "\n\n" + text
    _add(reader, where, text, merged)


# One tag (name lower-cased), or the start of a comment; attributes are read in a bounded window
# and stop at the next "<", so the scan is linear.
_HTML_TAG = re.compile(r"<!--|<(/?)([a-z][a-z0-9:-]{0,64})(?:[\s/][^<>]{0,8192}?)?(/?)>")
# Elements that never hold others (void), or whose end a parser infers: they add no depth.
_FLAT_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp html head body".split()
)
_RAW_TEXT = frozenset("script style textarea title xmp noembed noframes".split())  # no tags inside


def _html_refused(html: str) -> str | None:
    """Why a page is not parsed (too large, too many elements, nested too deep), or None. A
    linear scan of its tags, checked before any parser sees it (as the zips' limits are), and
    stopped at the first limit reached; a closing tag closes what it encloses, as parsers do."""
    if len(html) > settings.MAX_HTML_BYTES:
        return f"HTML page too large ({len(html):,} characters > {settings.MAX_HTML_BYTES:,}): not read"
    lower = html.lower()
    position, elements, open_ = 0, 0, []
    while True:
        tag = _HTML_TAG.search(lower, position)
        if tag is None:
            return None
        position = tag.end()
        if tag.group(0) == "<!--":
            end = lower.find("-->", position)
            if end < 0:
                return None
            position = end + 3
            continue
        closing, name, self_closing = tag.groups()
        if closing:
            if name in open_:
                del open_[len(open_) - 1 - open_[::-1].index(name) :]
            continue
        elements += 1
        if elements > settings.MAX_HTML_ELEMENTS:
            return f"HTML has more than {settings.MAX_HTML_ELEMENTS:,} elements: not read"
        if name in _RAW_TEXT:
            end = lower.find(f"</{name}", position)
            if end < 0:
                return None
            position = end
        elif name not in _FLAT_ELEMENTS and not self_closing:
            open_.append(name)
            if len(open_) > settings.MAX_HTML_DEPTH:
                return f"HTML nested deeper than {settings.MAX_HTML_DEPTH} elements: not read"


# A link target: ``<…>`` or a run of non-space characters with balanced parentheses one level
# deep (``javascript:alert(1)``), then an optional title. No Markdown library is installed and
# only the words are wanted, so the CommonMark link grammar is matched here, targets dropped.
MD_SPAN = 1000  # longest link text, target or emphasis matched: bounds keep the patterns linear
_MD_TARGET = (
    rf"\((?:\s*<[^<>\n]{{0,{MD_SPAN}}}>|(?:[^()\s]|\([^()\s]{{0,{MD_SPAN}}}\)){{0,{MD_SPAN}}})"
    rf"(?:\s+(?:\"[^\"\n]{{0,{MD_SPAN}}}\"|'[^'\n]{{0,{MD_SPAN}}}'|\([^()\n]{{0,{MD_SPAN}}}\)))?\s*\)"
)
_MD_TEXT = rf"((?:[^\[\]\n]|\[[^\[\]\n]{{0,{MD_SPAN}}}\]){{0,{MD_SPAN}}})"  # brackets nest one level
_MD_IMAGE = re.compile(r"!\[" + _MD_TEXT + r"\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[" + _MD_TEXT + r"\]" + _MD_TARGET)
_MD_REFLINK = re.compile(rf"^[ \t]*\[[^\[\]\n]{{1,{MD_SPAN}}}\]:[ \t]*\S+.*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}\s*", re.M)
_MD_EMPHASIS = re.compile(rf"(\*\*|__)(.{{1,{MD_SPAN}}}?)\1")


def markdown_to_text(text: str) -> str:
    """Markdown to plain text: links keep their words and lose their targets (so a
    ``javascript:`` target never survives), images and reference definitions go."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFLINK.sub("", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _text_column(columns) -> str | None:
    lowered = {c.lower().strip(): c for c in columns if c}
    for name in settings.TEXT_COLUMNS:
        if name in lowered:
            return lowered[name]
    return None


def _row_meta(row: dict) -> dict:
    lowered = {str(k).lower().strip(): v for k, v in row.items() if k}
    meta = {}
    for key, aliases in {
        "title": ("title", "headline"),
        "source": ("source", "publisher", "outlet", "media_name"),
        "url": ("url", "link"),
        "published": ("published", "date", "publish_date", "published_at"),
        "byline": ("byline", "author", "authors", "credit", "creator"),
    }.items():
        for alias in aliases:
            value = lowered.get(alias)
            if isinstance(value, list):  # "authors": ["Reuters"]
                value = ", ".join(str(v) for v in value if v is not None)
            if value not in (None, "") and not (isinstance(value, float) and value != value):
                meta[key] = str(value).strip()
                break
    if meta.get("published"):
        meta["published_meta"] = True
    return meta


def _read_csv(reader: _Reader, where: str, text: str) -> None:
    """One article per row. The delimiter is the first of comma, semicolon, tab, pipe whose
    header names a text column (spreadsheet exports in Europe use semicolons)."""
    csv.field_size_limit(settings.MAX_FILE_BYTES)
    try:
        header = next(csv.reader(io.StringIO(text)), [])
        delimiter = next(
            (d for d in settings.CSV_DELIMITERS if _text_column(next(csv.reader(io.StringIO(text), delimiter=d), []))),
            None,
        )
        if delimiter is None:
            shown = ", ".join(repr(c) for c in header[:8])
            reader.problem(
                where, f"CSV has no text column (looked for {', '.join(settings.TEXT_COLUMNS)}; found {shown})"
            )
            return
        rows = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        column = _text_column(rows.fieldnames or [])
        for number, row in enumerate(rows, start=1):
            if None in row:  # DictReader's key for fields beyond the header
                reader.problem(f"{where}#{number}", "row has more fields than the header (an unquoted delimiter?)")
                continue
            _add(reader, f"{where}#{number}", row.get(column) or "", _row_meta(row))
    except csv.Error as error:
        reader.problem(where, f"CSV malformed: {error}")


def _read_record(reader: _Reader, where: str, row, kind: str) -> None:
    """One JSON object with a text field (``text``, ``content``, …) as one article."""
    if not isinstance(row, dict):
        reader.problem(where, f"{kind} is not an object")
        return
    column = _text_column(row.keys())
    if column is None or not isinstance(row[column], str):
        reader.problem(where, f"{kind} has no text field")
        return
    _add(reader, where, row[column], _row_meta(row))


def _read_jsonl(reader: _Reader, where: str, text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            reader.problem(f"{where}#{number}", f"broken JSON line: {error.msg}")
            continue
        except RecursionError:
            reader.problem(f"{where}#{number}", "JSON line nested too deeply")
            continue
        except ValueError as error:  # an integer of thousands of digits
            reader.problem(f"{where}#{number}", f"JSON line unreadable: {error}")
            continue
        _read_record(reader, f"{where}#{number}", row, "JSON line")


def _read_json(reader: _Reader, where: str, text: str) -> None:
    """A JSON file: one article object (AllSides, news-please) or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reader.problem(where, f"broken JSON: {error.msg} (line {error.lineno})")
        return
    except RecursionError:
        reader.problem(where, "JSON nested too deeply")
        return
    except ValueError as error:  # an integer of thousands of digits
        reader.problem(where, f"JSON unreadable: {error}")
        return
    if isinstance(data, list):
        for number, row in enumerate(data, start=1):
            _read_record(reader, f"{where}#{number}", row, "JSON item")
    else:
        _read_record(reader, where, data, "JSON")


def _read_zip(reader: _Reader, where: str, data: bytes, *, depth: int) -> None:
    if depth >= settings.MAX_ZIP_DEPTH:
        reader.problem(where, f"zip nested deeper than {settings.MAX_ZIP_DEPTH} levels: not read")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        reader.problem(where, f"broken zip: {error}")
        return
    if len(members) > settings.MAX_ZIP_MEMBERS:
        reader.problem(where, f"zip has {len(members):,} files (limit {settings.MAX_ZIP_MEMBERS:,}): not read")
        return
    manifest = {}
    for member in members:
        if PurePosixPath(member.filename).name == settings.MANIFEST_NAME:
            try:
                manifest |= _parse_manifest(reader, f"{where}!{member.filename}", decode(archive.read(member)))
            except (ValueError, zipfile.BadZipFile, RuntimeError) as error:
                reader.problem(f"{where}!{member.filename}", f"manifest unreadable: {error}", "manifest")
    safe = []
    for member in sorted(members, key=lambda m: m.filename):
        name = member.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
            reader.problem(f"{where}!{name}", "unsafe path in zip (absolute or '..'): not read", "ingest")
        else:
            safe.append((member, pure))
    _report_hidden(reader, where, [pure.parts for _, pure in safe])
    for member, pure in safe:
        name = member.filename
        inner = f"{where}!{name}"
        if pure.name == settings.MANIFEST_NAME or _hidden(pure.parts):
            continue
        mode = member.external_attr >> 16  # Unix mode, when the zip was made on Unix (else 0)
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # a type given, and not a regular file
            kind = "a symlink" if stat.S_ISLNK(mode) else _kind(mode)
            reader.problem(inner, f"not a regular file in the zip ({kind}): not read")
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > settings.MAX_ZIP_RATIO:
            reader.problem(inner, f"compression ratio {ratio:.0f}:1 looks like a zip bomb: not read")
            continue
        if member.file_size > settings.MAX_FILE_BYTES:
            reader.problem(inner, f"file too large ({member.file_size:,} bytes)")
            continue
        if reader.zip_bytes + member.file_size > settings.MAX_ZIP_TOTAL_BYTES:
            reader.problem(inner, "zip total size limit reached: not read")
            continue
        try:
            with archive.open(member) as handle:
                content = handle.read(member.file_size + 1)  # never more than the header declares
        except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError, ValueError) as error:
            reader.problem(inner, f"cannot read zip member: {error}")
            continue
        if len(content) > member.file_size:
            reader.problem(inner, "zip member larger than its header declares (a zip bomb): not read")
            continue
        reader.zip_bytes += len(content)
        _read_bytes(reader, inner, content, manifest=manifest, depth=depth + 1)
    present = {PurePosixPath(m.filename.replace("\\", "/")).name for m in members}
    for name in sorted(set(manifest) - present):
        reader.problem(f"{where}!{name}", "named in manifest.csv but not found", "manifest")
