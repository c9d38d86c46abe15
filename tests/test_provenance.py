"""Wire copy traced: relations, first publishers, likely sources, stories and edits, on the seeds
and on small tables made here."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_pipeline import overlap, provenance, schema
from data_pipeline.corpus import TableWriter

AFP_7_JANUARY = ("000_db8827cbea5162a4.txt", "001_0b25a11ef2002b4a.txt")
AFP_11_JANUARY = ("002_dc5f41c9ccbb3143.txt", "003_8a553b9692560df8.txt")
TRIBUNE = "004_98216a91c8ae22c9.txt"


@pytest.fixture(scope="module")
def traced(seeds_corpus):
    corpus = seeds_corpus
    return provenance.provenance_tables(corpus.articles, corpus.sentences, corpus.quotes, corpus.overlap)


@pytest.fixture(scope="module")
def ids(seed_articles):
    return seed_articles["article_id"].to_dict()


def _pair(table: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return table[(table["article_a"] == a) & (table["article_b"] == b)]


# ---------------------------------------------------------------- what counts as reporting


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tensions have soared in recent months as the West has accused Moscow of massing troops.", True),
        # quoted speech, a tweet, an unclosed or a closing quote: not a reporter's copy
        ('"The risk of conflict is real and Russia must de-escalate now," Stoltenberg said.', False),
        ("Our relationship with Russia has NEVER been worse thanks to many years of foolishness!", False),
        ("“NATO will engage in dialogue with Russia in good faith and on substance but we must", False),
        ("the possibility that diplomacy will fail, and we are ready for that,” Stoltenberg said.", False),
        # a site's furniture and photo captions
        ("No one covers what is happening in our community better than we do, every day.", False),
        ("U.S. President Donald Trump arrives at the airport in Helsinki, Finland, Sunday, July 15, 2018.", False),
        ("FILE - In this July 7, 2017 photo the two presidents meet at the summit in Hamburg.", False),
        # too short to tell copy from a common line
        ("You can change the location at any time.", False),
    ],
)
def test_reporting(text, expected):
    sentences = pd.DataFrame({"sentence_id": ["a-0"], "article_id": ["a"], "text": [text], "aligned": [True]})
    assert bool(provenance.reporting(sentences).iloc[0]) is expected


def test_quote_spans_from_the_quotes_stage_count_across_sentences():
    """A quote the quotes stage found over two sentences makes both quoted, marks or not."""
    sentences = pd.DataFrame(
        {
            "sentence_id": ["a-0", "a-1", "a-2"],
            "article_id": ["a"] * 3,
            "text": ["It was a long day for all of the people.", "Nobody knew when the talks would end.", "Done."],
            "start": [0, 41, 79],
            "end": [40, 78, 84],
        }
    )
    quotes = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [78], "kind": ["full"]})
    share = provenance.quoted_share(sentences, quotes)
    assert share.iloc[0] == pytest.approx(1.0) and share.iloc[1] == pytest.approx(1.0)
    assert share.iloc[2] == 0


# ---------------------------------------------------------------- relations


def test_seed_wire_pairs_are_syndicated_both_ways(traced, ids):
    pairs = traced[schema.OVERLAP]
    for a, b in (AFP_7_JANUARY, AFP_11_JANUARY):
        for x, y in ((a, b), (b, a)):
            row = _pair(pairs, ids[x], ids[y])
            assert len(row) == 1
            assert row["relation"].iloc[0] == provenance.SYNDICATED
            assert row["shared_reporting"].iloc[0] >= provenance.SYNDICATED_MIN_SENTENCES
            # quotes set aside, fewer sentences count than are shared
            assert row["shared_reporting"].iloc[0] <= row["shared_sentences"].iloc[0]


def test_tribune_story_shares_nothing(traced, ids):
    pairs = traced[schema.OVERLAP]
    tribune = ids[TRIBUNE]
    assert not ((pairs["article_a"] == tribune) | (pairs["article_b"] == tribune)).any()
    row = traced[schema.PROVENANCE].set_index("article_id").loc[tribune]
    assert pd.isna(row["story_id"]) and row["copied_sentences"] == 0
    assert row["source_kind"] == provenance.CREDITED and row["source"] == "TNS"


def _frames(texts: dict[str, list[str]], published: dict[str, str | None] | None = None):
    """Articles and sentences (clustered by ``overlap.align``) of small made-up articles."""
    rows = [
        {"sentence_id": f"{article}-{i:04d}", "article_id": article, "position": i, "paragraph": i, "text": text}
        for article, lines in texts.items()
        for i, text in enumerate(lines)
    ]
    sentences, _, pairs = overlap.align(pd.DataFrame(rows))
    published = published or {}
    articles = pd.DataFrame(
        {
            "article_id": list(texts),
            "source": [f"outlet {article}" for article in texts],
            "wire": [None] * len(texts),
            "title": list(texts),
            "published": pd.to_datetime([published.get(article) for article in texts]),
            "n_sentences": [len(lines) for lines in texts.values()],
        }
    )
    return articles, sentences, pairs


REPORTING = [
    "The foreign ministers held an emergency videoconference on Friday to coordinate their approach.",
    "High-ranking officials from both countries are set to hold talks in Geneva on Monday morning.",
    "The meeting will be followed on Wednesday by a session of the council in Brussels.",
]
QUOTE = '"The risk of conflict is real and we must be prepared for every outcome," the minister said.'


def test_only_a_quote_in_common_is_shares_quotes():
    articles, sentences, pairs = _frames(
        {
            "a": ["Officials in the capital spent the whole weekend preparing for the difficult talks.", QUOTE],
            "b": ["Protesters gathered outside the palace long before the motorcade arrived there.", QUOTE],
        }
    )
    traced = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)
    assert set(traced[schema.OVERLAP]["relation"]) == {provenance.SHARES_QUOTES}
    assert traced[schema.STORIES].empty
    assert set(traced[schema.PROVENANCE]["source_kind"]) == {provenance.OWN}


# A tweet as scraped pages carry it (Helsinki corpus): embedded without quotation marks, in a
# paragraph of its own whose first person shows only in its second sentence.
TWEET = [
    "Heading to Helsinki, Finland – looking forward to meeting with President Putin tomorrow.",
    "Unfortunately, no matter how well I do at the Summit, I will receive only criticism from the media.",
]


def _paragraphs(texts: dict[str, list[list[str]]]):
    """Like ``_frames``, each article given as paragraphs of sentences."""
    articles, sentences, pairs = _frames({a: [line for part in parts for line in part] for a, parts in texts.items()})
    paragraph = [i for parts in texts.values() for i, part in enumerate(parts) for _ in part]
    return articles, sentences.assign(paragraph=paragraph), pairs


def test_an_embedded_tweet_is_not_shared_reporting():
    """Two articles embedding the same tweet bare share a quotation, not a reporter's copy: the
    first person of one of its sentences makes its whole paragraph speech."""
    articles, sentences, pairs = _paragraphs(
        {
            "a": [["Officials in the capital spent the whole weekend preparing for the difficult talks."], TWEET],
            "b": [["Protesters gathered outside the palace long before the motorcade arrived there."], TWEET],
        }
    )
    traced = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)
    assert set(traced[schema.OVERLAP]["relation"]) == {provenance.SHARES_QUOTES}
    assert set(traced[schema.PROVENANCE]["source_kind"]) == {provenance.OWN}
    # the same sentence in a reporter's third-person paragraph is reporting
    reporter = [TWEET[0], "The president arrived in the Finnish capital on Sunday evening after a week in Europe."]
    articles, sentences, pairs = _paragraphs({"a": [reporter], "b": [reporter[:1]]})
    assert set(
        provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)[schema.OVERLAP]["relation"]
    ) == {provenance.SYNDICATED}


def test_a_long_paragraph_with_unmarked_speech_keeps_its_reporting():
    """A story printed as one long paragraph (METER's court reports) with one unmarked first-person
    line: only that line is speech; the paragraph is no tweet."""
    court = [
        "A former soldier was jailed for six years at Leeds Crown Court yesterday for a string of burglaries.",
        "The judge told him: I have no doubt that you will offend again if you are given the chance.",
        "The court heard that the defendant had stolen jewellery worth more than ten thousand pounds.",
        "He had admitted twelve offences committed over a period of three months last year in the city.",
    ]
    assert sum(len(line) + 1 for line in court) > provenance.TWEET_MAX_CHARS
    articles, sentences, pairs = _paragraphs({"pa": [court], "paper": [court[:1] + court[2:]]})
    traced = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)
    assert set(traced[schema.OVERLAP]["relation"]) == {provenance.SYNDICATED}
    assert set(traced[schema.OVERLAP]["shared_reporting"]) == {3}


def test_whole_copy_is_copy_and_partial_copy_syndicated():
    articles, sentences, pairs = _frames(
        {
            "a": REPORTING,
            "b": list(REPORTING),
            "c": [REPORTING[0], "Something else happened in a different city today."],
        }
    )
    traced = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)
    relation = traced[schema.OVERLAP].set_index(["article_a", "article_b"])["relation"]
    assert relation[("a", "b")] == relation[("b", "a")] == provenance.COPY
    assert relation[("a", "c")] == relation[("c", "a")] == provenance.SYNDICATED


# ---------------------------------------------------------------- who was first


@pytest.mark.parametrize(
    "published, first, first_article",
    [
        ({"a": "2022-01-07", "b": "2022-01-08"}, provenance.EARLIEST, "a"),
        ({"a": "2022-01-09", "b": "2022-01-08"}, provenance.EARLIEST, "b"),
        ({"a": "2022-01-08", "b": "2022-01-08"}, provenance.TIED, "a"),
        ({"a": None, "b": "2022-01-08"}, provenance.EARLIEST_DATED, "b"),
        ({"a": None, "b": None}, provenance.UNDATED, None),
    ],
)
def test_first_publisher_of_each_cluster(published, first, first_article):
    articles, sentences, pairs = _frames({"a": REPORTING, "b": REPORTING[:2]}, published)
    clusters = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)[schema.CLUSTERS]
    assert len(clusters) == 2  # the two sentences both carry
    assert set(clusters["first"]) == {first}
    expected = {first_article} if first_article else {None}
    assert set(clusters["first_article"].astype(object).where(clusters["first_article"].notna(), None)) == expected
    assert (clusters["n_articles"] == 2).all()


def test_likely_source_is_the_earlier_partner_never_a_later_one():
    articles, sentences, pairs = _frames(
        {"a": REPORTING, "b": REPORTING[:2], "c": REPORTING[1:]},
        {"a": "2022-01-07", "b": "2022-01-08", "c": "2022-01-09"},
    )
    sources = provenance.provenance_tables(articles, sentences, pd.DataFrame(), pairs)[schema.PROVENANCE]
    sources = sources.set_index("article_id")
    assert sources.loc["b", "source_kind"] == provenance.EARLIER and sources.loc["b", "source_article"] == "a"
    assert sources.loc["c", "source_article"] == "a"  # shares 2 with a and 1 with b
    assert sources.loc["a", "source_kind"] == provenance.OWN  # its partners are later


def test_seed_sources(traced, ids):
    sources = traced[schema.PROVENANCE].set_index("article_id")
    undated_copy = sources.loc[ids[AFP_7_JANUARY[0]]]  # no outlet, no wire: its source is SpaceWar's AFP copy
    assert undated_copy["source_article"] == ids[AFP_7_JANUARY[1]]
    assert undated_copy["source"] == "SpaceWar.com"
    assert undated_copy["source_kind"] == provenance.SAME_TIME  # both dated 7 January
    for name in (*AFP_11_JANUARY, AFP_7_JANUARY[1]):
        assert sources.loc[ids[name], "source_kind"] == provenance.CREDITED
        assert sources.loc[ids[name], "source"] == "AFP"


def test_seed_first_publishers_are_ties_of_the_same_day(traced):
    clusters = traced[schema.CLUSTERS]
    assert len(clusters) > 0
    assert set(clusters["first"]) == {provenance.TIED}  # the seeds are dated by day only
    assert (clusters["n_first"] == 2).all()


# ---------------------------------------------------------------- stories and edits


def test_seed_stories(traced, ids):
    stories = traced[schema.STORIES].set_index("story_id")
    story_of = traced[schema.PROVENANCE].set_index("article_id")["story_id"]
    assert len(stories) == 2
    for pair in (AFP_7_JANUARY, AFP_11_JANUARY):
        story = story_of[ids[pair[0]]]
        assert story_of[ids[pair[1]]] == story
        assert stories.loc[story, "n_articles"] == 2 and stories.loc[story, "wire"] == "AFP"
    # the 11 January story's fullest version is the undated copy (31 sentences against GulfToday's 12)
    assert stories.loc[story_of[ids[AFP_11_JANUARY[0]]], "fullest_article"] == ids[AFP_11_JANUARY[1]]


def test_seed_edits_gulftoday_against_the_fullest_version(traced, ids):
    edits = traced[schema.EDITS]
    gulf = edits[edits["article_id"] == ids[AFP_11_JANUARY[0]]]
    fullest = edits[edits["article_id"] == ids[AFP_11_JANUARY[1]]]
    assert set(fullest["status"]) == {provenance.KEPT}  # the fullest version against itself
    counts = gulf["status"].value_counts()
    assert counts[provenance.KEPT] >= 5 and counts[provenance.CUT] >= 15
    # every paragraph of the fullest version is accounted for in GulfToday's column
    assert set(gulf["paragraph"].dropna()) == set(fullest["paragraph"])
    added = " ".join(gulf.loc[gulf["status"] == provenance.ADDED, "version_text"])
    assert "Meanwhile, Russia is set to lay out its demands" in added
    # curly against straight quote marks is kept, not edited
    kept = gulf[gulf["status"] == provenance.KEPT]
    assert kept["version_text"].str.contains("Russia's massive troop build-up").any()


def test_seed_edits_word_changes(traced, ids):
    edits = traced[schema.EDITS]
    version = edits[(edits["article_id"] == ids[AFP_7_JANUARY[0]]) & (edits["status"] == provenance.EDITED)]
    assert "were → remain" in set(version["changes"])
    assert not edits["story_id"].isna().any()
    tribune = ids[TRIBUNE]
    assert tribune not in set(edits["article_id"])


@pytest.mark.parametrize(
    "before, after, expected",
    [
        ("Others said the meeting could help.", "Others have said the meeting could help.", "+have"),
        ("There remain key differences.", "There were key differences.", "remain → were"),
        ("The massive troop build-up continues.", "The troop build-up continues.", "−massive"),
        ("Russia’s build-up.", "Russia's build-up.", ""),  # punctuation only
    ],
)
def test_word_changes(before, after, expected):
    assert provenance.word_changes(before, after) == expected


def test_tables_conform_to_the_contract(traced):
    for name in (schema.CLUSTERS, schema.PROVENANCE, schema.STORIES, schema.EDITS, schema.OVERLAP):
        assert list(traced[name].columns[: len(schema.SCHEMAS[name])]) == list(schema.SCHEMAS[name])
    assert set(traced[schema.OVERLAP]["relation"]) <= set(provenance.RELATIONS)
    assert set(traced[schema.EDITS]["status"]) <= set(provenance.EDIT_STATUSES)


def test_empty_corpus():
    empty = {name: schema.empty(name) for name in (schema.ARTICLES, schema.SENTENCES, schema.QUOTES, schema.OVERLAP)}
    traced = provenance.provenance_tables(
        empty[schema.ARTICLES],
        empty[schema.SENTENCES].assign(aligned=pd.Series(dtype=bool)),
        empty[schema.QUOTES],
        empty[schema.OVERLAP],
    )
    assert all(table.empty for table in traced.values())


# ---------------------------------------------------------------- story titles

STORY_TEXT = provenance._title_words(
    "Trump and Putin met in Helsinki on Monday for their first summit. The talks at the presidential "
    "palace lasted two hours, officials said, and Russia's election meddling was raised."
)


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Trump and Putin meet in Helsinki", "Trump and Putin meet in Helsinki"),
        ("What Trump and Putin hope to achieve at Helsinki summit | Charlotte Observer",
         "What Trump and Putin hope to achieve at Helsinki summit"),
        ("Trump's first summit with Putin - Reuters", "Trump's first summit with Putin"),
        ("Helsinki summit — the talks at the palace", "Helsinki summit — the talks at the palace"),  # a dash: kept
        # a page's furniture scraped as its title (Helsinki corpus): no story's headline
        ("Obituaries Front", None),
        ("Enter City and State or Zip Code", None),
        ("Nation/World 07/14/2018, 08:04pm", None),
        ("Watch Trump and Putin speak ahead of summit 04:45", None),
        ("— CBS News (@CBSNews) July 16, 2018", None),
        ("Print", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_readable_title(title, expected):
    assert provenance._readable_title(title, STORY_TEXT) == expected


def test_a_story_is_named_by_its_first_readable_title_else_its_first_shared_reporting_sentence():
    texts = {"full": REPORTING + ["Its own last line is long enough to count as reporting copy here."],
             "version": REPORTING[:2]}  # fmt: skip
    articles, sentences, pairs = _frames(texts, {"full": "2022-01-10", "version": "2022-01-09"})
    related = provenance.relations(pairs, provenance.shared_reporting(sentences, provenance.reporting(sentences)))
    n_reporting = sentences["article_id"].value_counts()
    stories, story_id = provenance.stories(articles, provenance.Linked.of(related, articles), provenance._copied(sentences, provenance.reporting(sentences)),
                                           n_reporting)  # fmt: skip
    story_of = pd.DataFrame({"article_id": articles["article_id"], "story_id": story_id})
    is_reporting = provenance.reporting(sentences)

    def named(titles):
        return provenance.story_titles(
            stories, story_of, articles.assign(title=titles), sentences, is_reporting
        ).tolist()

    headline = "Foreign ministers hold emergency videoconference before Geneva talks"
    assert named([headline, "Subscribe"]) == [headline]  # the fullest version's
    assert named(["Subscribe", headline + " | Daily Example"]) == [headline]  # else another version's, without the site
    assert named(["Subscribe", "Obituaries Front"]) == [
        "The foreign ministers held an emergency videoconference on Friday to coordinate their approach."
    ]


def test_edits_made_a_few_stories_at_a_time_are_the_same(traced, seeds_corpus, monkeypatch):
    """Edits are made in parts, batches of stories (to bound memory): one story a part gives the
    same table, in as many parts as there are stories with edits."""
    assert len(traced[schema.STORIES]) >= 2
    monkeypatch.setattr(provenance, "EDITS_BATCH_ARTICLES", 1)
    story_of = traced[schema.PROVENANCE][["article_id", "story_id"]]
    parts = list(provenance.edit_parts(traced[schema.STORIES], story_of, seeds_corpus.sentences))
    assert len(parts) == traced[schema.EDITS]["story_id"].nunique() >= 2
    assert all(part["story_id"].nunique() == 1 for part in parts)
    batched = schema.conform(pd.concat(parts, ignore_index=True), schema.EDITS)
    pd.testing.assert_frame_equal(batched, traced[schema.EDITS])


def test_a_table_written_in_parts_is_the_table(tmp_path, traced):
    """The build writes edits as it makes them, part after part, into one Parquet file: read
    back, it is the whole table; a table written whole in between closes the parts."""
    edits = traced[schema.EDITS]
    with TableWriter(tmp_path / "out") as writer:
        for start in range(0, len(edits), 7):
            writer.write(schema.EDITS, edits.iloc[start : start + 7], part=True)
        writer.write(schema.STORIES, traced[schema.STORIES])
        staged = writer.staging
        pd.testing.assert_frame_equal(pd.read_parquet(staged / "edits.parquet"), edits)
        assert pq.ParquetFile(staged / "edits.parquet").metadata.num_row_groups == -(-len(edits) // 7)


# The reporting tests' shortcuts against the plain patterns they replace (a look-behind first is
# tried at every character; the shortcuts find the mark or word and test the character before).
_PLAIN_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s:(\[—–-]))['‘](?=[A-Z0-9….])")
_PLAIN_SINGLE_CLOSE = re.compile(r"(?<=[.,!?…])['’](?=\s|$|<)")
_PLAIN_UNCLOSED = re.compile(r"[“«„]|``|(?:^|(?<=[\s:(]))\"(?=\w)")
_PLAIN_PERSONAL = re.compile(
    r"(?<![\w’'])(?:I|I'm|I’m|I've|I’ve|I'll|I’ll|[Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|[Oo]ur|us|[Yy]ou|[Yy]ou're"
    r"|[Yy]ou’re|[Yy]ou'll|[Yy]ou’ll|[Yy]our|[Mm]y|me)(?![\w’'])|@"
)
_MARK_PIECES = [
    *"'’‘\"“”«»„` .,!?…:([—–-\n\u00a0<",
    "``",
    "''",
    "I'm",
    "We",
    "you",
    "our",
    "Mr",
    "day",
    "FILE -",
    "file photo",
    "(AP Photo",
    "Sunday, July 15, 2018",
    "A",
    "7",
    "word",
]


def _plain_single_quoted(text: str) -> int:
    opens = [m.start() for m in _PLAIN_SINGLE_OPEN.finditer(text)]
    closes = [m.end() for m in _PLAIN_SINGLE_CLOSE.finditer(text)]
    return provenance._chars_between(opens, closes, len(text))


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES) | st.text(max_size=3), max_size=14).map("".join))
@example("‘Yes,’ he said. 'No.'")
@example('He said: "We will')
@example('("Yes) and ‘‘no’’ —‘Maybe')
def test_reporting_shortcuts_agree_with_the_plain_patterns(text):
    assert provenance._single_quoted(text) == _plain_single_quoted(text)
    unclosed = _PLAIN_UNCLOSED.search(text)
    assert provenance._first_opening(text) == (unclosed.start() if unclosed else None)
    assert provenance._personal(text) == bool(_PLAIN_PERSONAL.search(provenance._QUOTED.sub(" ", text)))
    assert provenance._caption(text) == bool(provenance._CAPTION.search(text))


def test_text_tests_made_beforehand_give_the_same_tables(seeds_corpus):
    """A build makes the sentences' text tests while quotes and dates still run and hands them
    to ``tables``: the same tables as when ``tables`` makes them itself."""
    c = seeds_corpus
    made = list(provenance.tables(c.articles, c.sentences, c.quotes, c.overlap))
    given = list(provenance.tables(c.articles, c.sentences, c.quotes, c.overlap, provenance.TextTests.of(c.sentences)))
    assert [name for name, _ in made] == [name for name, _ in given]
    for (name, a), (_, b) in zip(made, given, strict=True):
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_rows_taken_chunk_by_chunk_are_the_rows_iloc_takes():
    """The edits take each batch's sentences chunk by chunk from columns left in many chunks by the
    per-article stage's parts: the same rows, values, nulls and order as ``iloc``."""
    import numpy as np

    from data_pipeline.provenance import _rows

    rng = np.random.default_rng(7)
    parts = [
        pd.DataFrame(
            {
                "text": pd.array([f"s{i}-{j}" if (i + j) % 5 else None for j in range(n)], dtype="string"),
                "paragraph": pd.array(range(n), dtype="Int64"),
                "aligned": pd.array([j % 3 == 0 for j in range(n)], dtype="boolean"),
            }
        )
        for i, n in enumerate(rng.integers(0, 30, 25))
    ]
    frame = pd.concat(parts, ignore_index=True)
    assert frame["text"].array._pa_array.num_chunks > 1  # what the shortcut is for
    for size in (0, 1, 7, len(frame)):
        at = rng.choice(len(frame), size, replace=False)
        expected = frame.iloc[at].reset_index(drop=True)
        pd.testing.assert_frame_equal(_rows(frame, at, list(frame.columns)), expected)
