"""The dates stage: publication dates (``publication``) and dated mentions (``resolve``), with
the patterns and word lists apart (``rules``). The names other modules use are here."""

from . import resolve, rules
from .publication import publication_dates
from .resolve import (
    Mention,
    Resolved,
    events,
    explicit_date,
    mentions,
    month_year,
    resolved,
    stated_date,
    weekday_date,
)
from .rules import (
    DAY,
    INFERRED,
    MANIFEST,
    MIN_RELATED_ARTICLES_JACCARD,
    MONTH,
    STATED,
    UNKNOWN_SOURCE,
    WEEK,
    YEAR,
)  # fmt: skip

__all__ = [
    "DAY", "INFERRED", "MANIFEST", "MIN_RELATED_ARTICLES_JACCARD", "MONTH", "STATED", "UNKNOWN_SOURCE", "WEEK", "YEAR",
    "Mention", "Resolved", "events", "explicit_date", "mentions", "month_year", "publication_dates",
    "resolve", "resolved", "rules", "stated_date", "weekday_date",
]  # fmt: skip
