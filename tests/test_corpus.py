"""The tables: the contract's columns, determinism, atomic save and load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from data_pipeline import SEEDS, Corpus, build_corpus, pipeline, schema
from data_pipeline.corpus import is_built
from data_pipeline.pipeline import build_to


def test_seeds_give_all_eight_tables_with_the_contract_columns(seeds_corpus):
    tables = seeds_corpus.tables()
    assert sorted(tables) == sorted(schema.TABLES)
    for name, table in tables.items():
        assert list(table.columns[: len(schema.SCHEMAS[name])]) == list(schema.SCHEMAS[name]), name


def test_seeds_give_five_articles_their_sentences_and_no_problems(seeds_corpus):
    articles, sentences = seeds_corpus.articles, seeds_corpus.sentences
    assert len(articles) == 5
    assert articles["article_id"].is_unique and sentences["sentence_id"].is_unique
    assert set(sentences["article_id"]) == set(articles["article_id"])
    counts = sentences.groupby("article_id").size().to_dict()
    assert articles.set_index("article_id")["n_sentences"].to_dict() == counts
    assert seeds_corpus.problems.empty


def test_sentence_offsets_point_into_the_body(seeds_corpus):
    bodies = seeds_corpus.articles.set_index("article_id")["body"]
    for row in seeds_corpus.sentences.itertuples():
        assert bodies[row.article_id][row.start : row.end] == row.text


def test_a_second_build_is_identical(seeds_corpus):
    again = build_corpus([SEEDS])
    for name, table in seeds_corpus.tables().items():
        assert_frame_equal(table, again.tables()[name], obj=name)


def test_ids_come_from_content_not_from_where_the_files_lie(tmp_path):
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    for path in SEEDS.glob("*.txt"):
        (copy / path.name).write_bytes(path.read_bytes())
    assert sorted(build_corpus([copy]).articles["article_id"]) == sorted(build_corpus([SEEDS]).articles["article_id"])


def test_save_and_load_round_trip(seeds_corpus, tmp_path):
    out = seeds_corpus.save(tmp_path / "tables")
    assert is_built(out)
    loaded = Corpus.load(out)
    for name, table in seeds_corpus.tables().items():
        assert_frame_equal(table, loaded.tables()[name], obj=name)


def test_load_names_missing_tables(seeds_corpus, tmp_path):
    out = seeds_corpus.save(tmp_path / "tables")
    (out / "quotes.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="missing tables quotes"):
        Corpus.load(out)


def test_a_failed_save_leaves_the_previous_tables_intact(seeds_corpus, tmp_path):
    out = seeds_corpus.save(tmp_path / "tables")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = Corpus(**seeds_corpus.tables())
    # a column pyarrow cannot write: the save fails after some tables are already written
    broken.problems = pd.DataFrame({"path": ["x"], "stage": ["s"], "problem": ["p"], "bad": [object()]})
    with pytest.raises((TypeError, ValueError)):  # pyarrow: ArrowTypeError or ArrowInvalid
        broken.save(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # no staging folder left behind


def test_save_replaces_previous_tables(seeds_corpus, tmp_path):
    out = Corpus.empty().save(tmp_path / "tables")
    seeds_corpus.save(out)
    assert len(Corpus.load(out).articles) == 5
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]


@pytest.mark.parametrize("foreign", ["notes.txt", "sub/"])
def test_save_never_replaces_a_folder_of_other_files(tmp_path, foreign):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "a.parquet").write_bytes(b"")
    target = out / foreign.rstrip("/")
    target.mkdir() if foreign.endswith("/") else target.write_text("keep me")
    with pytest.raises(FileExistsError, match="not replaced"):
        Corpus.empty().save(out)
    assert target.exists()


def test_save_never_replaces_a_file(tmp_path):
    out = tmp_path / "tables"
    out.write_text("keep me")
    with pytest.raises(FileExistsError):
        Corpus.empty().save(out)
    assert out.read_text() == "keep me"


def test_empty_corpus_has_every_table():
    corpus = Corpus.empty()
    assert all(table.empty for table in corpus.tables().values())
    assert sorted(corpus.tables()) == sorted(schema.TABLES)


# --- build_to: what ``build --out`` runs, each table written when final --------------------------


def test_build_to_writes_the_same_tables_as_an_in_memory_build(seeds_corpus, tmp_path):
    built = build_to(tmp_path / "tables", [SEEDS])
    loaded = Corpus.load(tmp_path / "tables")
    for name, table in seeds_corpus.tables().items():
        assert_frame_equal(loaded.tables()[name], table, obj=name)
        assert built.counts[name] == len(table)
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # nothing left beside
    written = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert written == sorted([".wirewatch", "cache", *(f"{n}.parquet" for n in schema.TABLES)])


@pytest.mark.parametrize("spill_above", [0, None])
def test_build_to_with_and_without_the_articles_on_disk_during_overlap(
    seeds_corpus, tmp_path, monkeypatch, spill_above
):
    """Big builds put the articles on disk while overlap runs (small ones do not): same tables."""
    read = []
    original = pd.read_parquet
    monkeypatch.setattr(
        pd, "read_parquet", lambda path, *a, **k: read.append(Path(path).name) or original(path, *a, **k)
    )
    if spill_above is not None:
        monkeypatch.setattr(pipeline.settings, "SPILL_BODY_CHARS", spill_above)
    build_to(tmp_path / "tables", [SEEDS])
    assert (".articles-waiting.parquet" in read) is (spill_above is not None)
    loaded = Corpus.load(tmp_path / "tables")
    for name, table in seeds_corpus.tables().items():
        assert_frame_equal(loaded.tables()[name], table, obj=name)


def test_build_to_refuses_a_folder_of_other_files_before_any_work(tmp_path, monkeypatch):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    monkeypatch.setattr(pipeline, "read_inputs", lambda paths: pytest.fail("inputs read before the check"))
    with pytest.raises(FileExistsError, match="not replaced"):
        build_to(out, [SEEDS])
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_build_to_failing_midway_leaves_the_previous_tables(seeds_corpus, tmp_path, monkeypatch):
    out = seeds_corpus.save(tmp_path / "tables")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("overlap failed")

    monkeypatch.setattr(pipeline.overlap, "align", broken)  # after quotes and events were written
    with pytest.raises(RuntimeError, match="overlap failed"):
        build_to(out, [SEEDS])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # no staging folder left behind
