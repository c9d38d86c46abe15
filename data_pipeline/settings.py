"""Defaults in one place: limits, thresholds and names used across the pipeline."""

from __future__ import annotations

# Ingest: file types and limits (a zip bomb or a runaway scraper must not take the machine).
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".zip",)
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("path", "source", "published", "url", "title")
TEXT_COLUMNS = ("text", "body", "content", "article", "story", "maintext")
MAX_FILE_BYTES = 64 * 1024 * 1024  # one input file (a 50 MB scrape still goes through)
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL_BYTES = 512 * 1024 * 1024  # uncompressed, over all members and nesting
MAX_ZIP_RATIO = 200  # uncompressed / compressed for one member: beyond it is a bomb
MAX_ZIP_DEPTH = 3  # zips inside zips
BINARY_CONTROL_SHARE = 0.10  # share of control characters above which a file is binary

# Sentences
MAX_QUOTE_MERGE_CHARS = 2_000  # never merge pieces across an open quote beyond this
MAX_SENTENCE_CHARS = 5_000  # longer pieces (no punctuation at all) are cut at spaces

# Progress bar on the command line above this many inputs
PROGRESS_MIN_FILES = 5

ID_LENGTH = 16
