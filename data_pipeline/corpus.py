"""The tables as one object: ``Corpus``, saved to and loaded from a folder of Parquet files.

Saving is atomic: the tables are written to a staging folder beside the target and swapped in,
so an interrupted build never leaves half a set of tables for the app to read. Only a folder
Wirewatch wrote (marked by a ``.wirewatch`` file) is ever replaced.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import schema, settings
from .execution import process_running


@dataclass
class Corpus:
    articles: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    speakers: pd.DataFrame
    events: pd.DataFrame
    overlap: pd.DataFrame
    links: pd.DataFrame
    problems: pd.DataFrame
    # wire copy traced (``provenance``)
    clusters: pd.DataFrame
    provenance: pd.DataFrame
    stories: pd.DataFrame
    edits: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def fingerprint(self) -> str:
        """A short hash of the corpus content (article content hashes and problems)."""
        digest = hashlib.sha1()
        for value in sorted(self.articles["content_hash"].dropna().astype(str)):
            digest.update(value.encode())
        for value in self.problems["path"].astype(str) + self.problems["problem"].astype(str):
            digest.update(value.encode())
        return digest.hexdigest()[:16]

    @classmethod
    def empty(cls) -> Corpus:
        return cls(**{name: schema.empty(name) for name in schema.TABLES})

    def save(self, out: str | os.PathLike) -> Path:
        """Write one Parquet file per table into ``out``, atomically (see ``TableWriter``)."""
        with TableWriter(out) as writer:
            for name, table in self.tables().items():
                writer.write(name, table)
            writer.commit()
        return Path(out)

    @classmethod
    def load(cls, folder: str | os.PathLike) -> Corpus:
        """Read the tables written by ``save``; a missing table is a clear error."""
        folder = Path(folder)
        missing = [n for n in schema.TABLES if not (folder / f"{n}.parquet").is_file()]
        if missing:
            raise FileNotFoundError(f"{folder}: missing tables {', '.join(missing)}")
        return cls(**{n: schema.conform(pd.read_parquet(folder / f"{n}.parquet"), n) for n in schema.TABLES})


class TableWriter:
    """Tables written one by one into a staging folder beside ``out``, swapped in by ``commit``.

    Only a folder Wirewatch wrote (it holds the ``MARKER`` file, and nothing but the marker, the
    tables and the cache) is ever replaced, or a new or empty one; anything else is refused with
    a FileExistsError naming what is there, before anything is written. If anything fails before
    ``commit``, ``out`` keeps the previous tables and the staging folder is removed; staging
    folders left by a build that was killed are removed by the next build to the same ``out``.
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self._open: tuple[str, pq.ParquetWriter] | None = None  # the table being written in parts
        _check_replaceable(self.out)
        self.replaces = _is_ours(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.out)
        self.staging = _own_folder(self.out, "staging")

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc) -> None:
        self._close()
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, name: str, table: pd.DataFrame, *, part: bool = False) -> None:
        """Write the table ``name``; with ``part``, a part of it: the parts written one after
        the other under one name make one file (a table too big to hold at once is written as
        it is made)."""
        table = pa.Table.from_pandas(schema.conform(table, name), preserve_index=False)
        if self._open is not None and (not part or self._open[0] != name):
            self._close()
        if not part:
            pq.write_table(table, self.staging / f"{name}.parquet", row_group_size=settings.PARQUET_ROW_GROUP)
            return
        if self._open is None:
            self._open = (name, pq.ParquetWriter(self.staging / f"{name}.parquet", table.schema))
        writer = self._open[1]
        writer.write_table(table.cast(writer.schema), row_group_size=settings.PARQUET_ROW_GROUP)

    def _close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def commit(self) -> Path:
        self._close()
        missing = [n for n in schema.TABLES if not (self.staging / f"{n}.parquet").is_file()]
        if missing:
            raise FileNotFoundError(f"tables not written: {', '.join(missing)}")
        _check_replaceable(self.out)
        out = self.out
        if out.exists():
            retired = _own_name(out, "retired")
            os.replace(out, retired)
            try:
                os.replace(self.staging, out)
            except OSError:
                os.replace(retired, out)  # put the previous tables back
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(self.staging, out)
        return out


MARKER = ".wirewatch"  # in every folder of tables Wirewatch writes: what may be replaced
_MARKER_TEXT = '{"written_by": "wirewatch", "contents": "tables of a build; replaced by the next build"}\n'
_OWN = ".wirewatch-"  # staging and retired folders beside an output folder: .NAME.wirewatch-KIND-PID-TOKEN


def _is_ours(out: Path) -> bool:
    marker = out / MARKER
    return out.is_dir() and marker.is_file() and not marker.is_symlink()


def _check_replaceable(out: Path) -> None:
    """Refuse to replace anything but a folder Wirewatch wrote (or nothing, or an empty folder)."""
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        raise FileExistsError(f"{out} is not a folder: not replaced; choose a new or empty folder for the tables")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    if not _is_ours(out):
        raise FileExistsError(
            f"{out} was not written by Wirewatch (no {MARKER} file in it): not replaced; choose a new or empty folder"
        )
    ours = {MARKER, settings.CACHE_FOLDER, *(f"{name}.parquet" for name in schema.TABLES)}
    foreign = [name for name in entries if name not in ours]
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise FileExistsError(f"{out} holds files Wirewatch did not write ({shown}): not replaced; move them first")


def _own_name(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}{_OWN}{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _own_folder(out: Path, kind: str) -> Path:
    """A new folder beside ``out`` (mode as the umask gives, like any folder the user makes),
    marked as Wirewatch's."""
    folder = _own_name(out, kind)
    folder.mkdir()
    (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    return folder


def _remove_stale(out: Path) -> None:
    """Staging and retired folders of builds to ``out`` whose process has ended (killed)."""
    for folder in out.parent.glob(f".{glob.escape(out.name)}{_OWN}*-*-*"):
        pid = folder.name.rsplit("-", 2)[-2]
        if pid.isdigit() and not process_running(int(pid)) and _is_ours(folder):
            shutil.rmtree(folder, ignore_errors=True)


def is_built(folder: str | os.PathLike) -> bool:
    return all((Path(folder) / f"{n}.parquet").is_file() for n in schema.TABLES)
