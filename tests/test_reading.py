"""The Articles page's reader marks shared copy from the clusters, as the overlap table and the
Overlap page's side-by-side do (issue 17, wrong answer 3: "everywhere")."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, reading
from data_pipeline import Corpus, schema


def _corpus(sentences: list[dict]) -> Corpus:
    tables = {"sentences": sentences, "articles": [{"article_id": a} for a in ("a", "b", "c")]}
    return Corpus(**{name: schema.conform(pd.DataFrame(tables.get(name, [])), name) for name in schema.TABLES})


def _sentence(article_id, position, text, cluster=None, aligned=True):
    return {"sentence_id": f"{article_id}-{position}", "article_id": article_id, "position": position, "text": text,
            "cluster_id": cluster or f"{article_id}-{position}", "aligned": aligned, "paragraph": 0}


STAR = _corpus(
    [_sentence(a, 0, "The same wire sentence.", "w") for a in ("a", "b", "c")]
    + [_sentence("a", 1, "An edited wire line.", "e"), _sentence("c", 1, "An edited wire line, he said.", "e")]
    + [_sentence(a, 2, "Huge ratings.", "short", aligned=False) for a in ("a", "b", "c")]
)


def test_the_reader_counts_other_articles_from_the_clusters():
    # the links of a star join b and c to a only: b's sentence is still in two other articles
    assert reading.marked_sentences(STAR, "b")["copy"].tolist() == ["shared · exact · 2 other articles", "own"]
    assert reading.marked_sentences(STAR, "a")["copy"].tolist() == [
        "shared · exact · 2 other articles", "shared · near · 1 other article", "own",
    ]


def test_the_reader_agrees_with_the_side_by_side(seeds_corpus):
    for article_id in seeds_corpus.articles["article_id"]:
        marked = reading.marked_sentences(seeds_corpus, article_id)
        in_any = set()
        for other in seeds_corpus.articles["article_id"]:
            if other != article_id:
                left, _ = charts.side_by_side(seeds_corpus.sentences, article_id, other)
                in_any |= set(left.index[left["status"] != charts.OWN])
        assert set(marked.index[marked["copy"] != reading.MARK_OWN]) == in_any
