"""Speakers merged across the corpus: see ``data_pipeline.quotes.speakers`` (kept importable here)."""

from .quotes.speakers import canonical_names, speakers

__all__ = ["canonical_names", "speakers"]
