"""The tables as one object: ``Corpus``, saved to and loaded from a folder of Parquet files.

Saving is atomic: the tables are written to a temporary folder beside the target and swapped
in, so an interrupted build never leaves half a set of tables for the app to read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from . import schema, settings


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

    If anything fails before ``commit``, ``out`` keeps the previous tables and the staging
    folder is removed. A folder holding anything but tables (say ``--out ~``) is never replaced:
    that is a FileExistsError naming what is there, raised before anything is written.
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        _check_replaceable(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc) -> None:
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, name: str, table: pd.DataFrame) -> None:
        schema.write_parquet(
            schema.conform(table, name), self.staging / f"{name}.parquet", row_group_size=settings.PARQUET_ROW_GROUP
        )

    def commit(self) -> Path:
        missing = [n for n in schema.TABLES if not (self.staging / f"{n}.parquet").is_file()]
        if missing:
            raise FileNotFoundError(f"tables not written: {', '.join(missing)}")
        _check_replaceable(self.out)
        out = self.out
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, retired / out.name)
            try:
                os.replace(self.staging, out)
            except OSError:
                os.replace(retired / out.name, out)  # put the previous tables back
                shutil.rmtree(retired, ignore_errors=True)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(self.staging, out)
        return out


def _check_replaceable(out: Path) -> None:
    """Refuse to replace anything that is not a folder of tables (or nothing, or empty)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise FileExistsError(f"{out} is a file, not a folder for tables: not replaced")
    foreign = sorted(p.name for p in out.iterdir() if not (p.is_file() and p.suffix in settings.TABLE_FOLDER_SUFFIXES))
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise FileExistsError(f"{out} holds other files ({shown}): not replaced; choose an empty or new folder")


def is_built(folder: str | os.PathLike) -> bool:
    return all((Path(folder) / f"{n}.parquet").is_file() for n in schema.TABLES)
