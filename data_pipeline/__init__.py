"""Wirewatch's pipeline: news articles → tables of sentences, quotes, speakers, events, overlap."""

from .corpus import Corpus
from .pipeline import SEEDS, BuildOptions, build_corpus

__all__ = ["BuildOptions", "Corpus", "SEEDS", "build_corpus"]
