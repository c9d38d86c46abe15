"""Defaults in one place: limits, thresholds and names used across the pipeline."""

from __future__ import annotations

# Ingest: file types and limits (a zip bomb or a runaway scraper must not take the machine).
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json")
CSV_DELIMITERS = (",", ";", "\t", "|")  # tried in order on the header row
ARCHIVE_SUFFIXES = (".zip",)
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("path", "source", "published", "url", "title")
TEXT_COLUMNS = ("text", "body", "content", "article", "story", "maintext")
MAX_FILE_BYTES = 64 * 1024 * 1024  # one input file (a 50 MB CSV/JSONL export still goes through)
# One article's text: the longest news features run to ~150 KB; beyond this a "document" is a
# dump (a whole site, a log), reported as a problem instead of taking minutes to split and score.
MAX_ARTICLE_CHARS = 1_000_000
# HTML is checked before it is parsed (extraction costs about 0.25 ms per element, so a page is
# bounded by its elements, not its bytes): a page beyond these limits is a problem, not read.
MAX_HTML_BYTES = 8 * 1024 * 1024  # news pages with their inline scripts run to ~2 MB
MAX_HTML_ELEMENTS = 20_000  # start tags outside scripts and comments; heavy news pages have ~5,000
MAX_HTML_DEPTH = 200  # open elements; libxml2 silently drops what lies below 256, pages use ~30
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed, over all members and nesting
MAX_ZIP_RATIO = 200  # uncompressed / compressed for one member: beyond it is a bomb
MAX_ZIP_DEPTH = 3  # zips inside zips
BINARY_CONTROL_SHARE = 0.05  # share of control/undecodable characters above which a file is binary
BINARY_SAMPLE_CHARS = 65_536  # how much of a file the binary and encoding checks look at
# Undeclared legacy encodings: Windows-1252 (a superset of Latin-1's printable range) is what
# Western news files use. Decoded as 1252, Western text has few non-ASCII letters (French runs
# ~5%, German ~3%); Cyrillic or Greek in their own code pages come out almost all non-ASCII.
# Above this share, charset-normalizer picks the encoding instead.
LEGACY_NON_ASCII_SHARE = 0.3

# Sentences
MAX_QUOTE_MERGE_CHARS = 2_000  # never merge pieces across an open quote beyond this
MAX_SENTENCE_CHARS = 5_000  # longer pieces (no punctuation at all) are cut at spaces
PARAGRAPH_MEMO_SIZE = 32_768  # paragraphs whose sentence spans are remembered per process: wire copy repeats them

# Progress bar on the command line above this many inputs
PROGRESS_MIN_FILES = 5

ID_LENGTH = 16

# Output: the per-article rows kept for the next build, in this folder inside the output folder.
CACHE_FOLDER = "cache"

# Parquet files are written in row groups of this many rows: the writer holds one row group
# encoded in memory at a time (a 1.5 M-sentence table in one group costs hundreds of MB).
PARQUET_ROW_GROUP = 65_536

# ``build --out`` puts the articles table on disk during the overlap stage when their bodies
# hold more characters than this (at 50,000 articles, about 230 M): below it, the write and the
# read back cost more than the memory they free is worth.
SPILL_BODY_CHARS = 32_000_000
