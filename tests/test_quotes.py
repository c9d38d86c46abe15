"""Quotes: the seeds against a hand annotation, extraction rules, PolNeAR floors, properties."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline.quotes import normalized_quote, quote_clusters, quotes, split_role
from data_pipeline.sentences import sentence_spans
from tests.conftest import corpus_path, forget_text_readings

FIXTURE = Path(__file__).parent / "fixtures" / "seed_quotes.csv"
SEED_FLOOR = 0.9  # the bar for direct+partial P, R and speaker accuracy on the seeds
# PolNeAR dev floors: measured on the first 40 dev articles P 0.90 / R 0.82 / speaker mention
# 0.92 / named speaker 0.91 (whole dev in the README); pinned ~0.05 under so a regression fails.
POLNEAR_SAMPLE = 40
POLNEAR_DIRECT_P_FLOOR = 0.85
POLNEAR_DIRECT_R_FLOOR = 0.77
POLNEAR_MENTION_FLOOR = 0.87
POLNEAR_NAMED_FLOOR = 0.86


def _key(text: str) -> str:
    return normalized_quote(text)


def _same_speaker(a: str | None, b: str) -> bool:
    strip = lambda s: re.sub(r"^(the|a|an) ", "", (s if isinstance(s, str) else "").lower().replace("’", "'"))  # noqa: E731
    return strip(a) == strip(b)


@pytest.fixture(scope="module")
def seed_found(seeds_corpus):
    names = seeds_corpus.articles.assign(name=seeds_corpus.articles["path"].str.rsplit("/", n=1).str[-1])
    file_of = dict(zip(names["article_id"], names["name"], strict=True))
    found = seeds_corpus.quotes[seeds_corpus.quotes["kind"].isin(["full", "partial"])]
    return found.assign(file=found["article_id"].map(file_of))


@pytest.fixture(scope="module")
def gold():
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _pairs(gold, found):
    """(gold row, predicted row or None) for each gold quote, matched by normalised text in the file."""
    pairs = []
    for g in gold:
        rows = found[(found["file"] == g["file"]) & (found["text"].map(_key) == _key(g["text"]))]
        pairs.append((g, rows.iloc[0] if len(rows) else None))
    return pairs


def test_seed_quotes_precision_recall_speaker(seed_found, gold):
    pairs = _pairs(gold, seed_found)
    matched = [(g, p) for g, p in pairs if p is not None]
    gold_keys = {(g["file"], _key(g["text"])) for g in gold}
    predicted_ok = sum((f, _key(t)) in gold_keys for f, t in zip(seed_found["file"], seed_found["text"], strict=True))
    recall = len(matched) / len(gold)
    precision = predicted_ok / len(seed_found)
    speaker = sum(_same_speaker(p["speaker"], g["speaker"]) for g, p in matched) / len(matched)
    assert recall >= SEED_FLOOR, [g["text"] for g, p in pairs if p is None]
    assert precision >= SEED_FLOOR, sorted(set(seed_found["text"].map(_key)) - {k for _, k in gold_keys})
    assert speaker >= SEED_FLOOR, [
        (g["speaker"], p["speaker"]) for g, p in matched if not _same_speaker(p["speaker"], g["speaker"])
    ]


def test_seed_quote_kinds(seed_found, gold):
    matched = [(g, p) for g, p in _pairs(gold, seed_found) if p is not None]
    assert sum(g["kind"] == p["kind"] for g, p in matched) / len(matched) >= SEED_FLOOR


def _extract(body: str) -> pd.DataFrame:
    """Quotes of one article body through the real splitter."""
    rows = []
    for position, (paragraph, start, end) in enumerate(sentence_spans(body)):
        rows.append(
            {
                "sentence_id": f"s{position}",
                "article_id": "a",
                "position": position,
                "text": body[start:end],
                "paragraph": paragraph,
                "start": start,
                "end": end,
            }
        )
    sentences = pd.DataFrame(
        rows, columns=["sentence_id", "article_id", "position", "text", "paragraph", "start", "end"]
    )
    return quotes(sentences, pd.DataFrame({"article_id": ["a"], "body": [body]}))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"We will win," Smith said.', [("full", "Smith", "We will win,")]),
        ('Smith said: "We will win."', [("full", "Smith", "We will win.")]),
        ('"We will win," said Jane Smith, the mayor.', [("full", "Jane Smith", "We will win,")]),
        (
            "“We will win,” she said. “We always do.”",
            [("full", None, "We will win,"), ("full", None, "We always do.")],  # a pronoun names no one
        ),
        ('Mayor Jane Smith insisted the city "will not back down".', [("partial", "Jane Smith", "will not back down")]),
        ('The mayor described the plan as "a disaster" on Monday.', [("partial", "The mayor", "a disaster")]),
        ('"It is over," a senior city official told reporters.', [("full", "a senior city official", "It is over,")]),
        ("Smith said the city would appeal the ruling.", [("indirect", "Smith", "the city would appeal the ruling")]),
        ("According to the mayor, the budget is balanced.", [("indirect", "the mayor", "the budget is balanced")]),
        ("The budget is balanced, the mayor said on Monday.", [("indirect", "the mayor", "The budget is balanced")]),
        # no speaker: headline-like scare quotes and a heading yield nothing
        ('The "deal of the century" collapsed.', []),
        ("‘Moment of Truth’", []),
        ("Nothing was said here about it.", []),
        ("The United States and its allies met in Geneva.", []),
        ("Moscow dismisses such claims as false.", []),
        ("An unbalanced \" mark and an apostrophe in rock 'n' roll.", []),
    ],
)
def test_extraction_rules(body, expected):
    found = _extract(body)
    got = [(r.kind, r.speaker if isinstance(r.speaker, str) else None, r.text) for r in found.itertuples()]
    assert got == expected


def test_multi_paragraph_quote_continues_speaker():
    body = 'Smith said: "First part of it.\n\n"Second part of it."\n\nThe end came later.'
    found = _extract(body)
    assert list(found["text"]) == ["First part of it.", "Second part of it."]
    assert set(found["speaker"]) == {"Smith"}


def test_pronoun_resolves_to_last_named_speaker():
    body = 'Jane Smith said the plan was ready.\n\n"We are done," she said.'
    found = _extract(body)
    assert found.loc[found["kind"] == "full", "speaker"].tolist() == ["Jane Smith"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("NATO chief Jens Stoltenberg", ("Jens Stoltenberg", "NATO chief")),
        ("White House spokeswoman Jen Psaki", ("Jen Psaki", "White House spokeswoman")),
        ("Latvian Prime Minister Krisjanis Karins", ("Krisjanis Karins", "Latvian Prime Minister")),
        ("a senior European diplomat", ("a senior European diplomat", None)),
        ("Stoltenberg", ("Stoltenberg", None)),
    ],
)
def test_split_role(tokens, expected):
    assert split_role(tokens.split()) == expected


def test_quote_cluster_survives_punctuation_dash_and_word_changes():
    texts = pd.Series(
        [
            "It's too early to tell whether the Russians are serious -- we are,",
            "It’s too early to tell whether the Russians are serious –- we are",
            "It's much too early to tell whether the Russians are serious -- we are,",
            "Whatever the solution, Europe has to be involved,",
        ]
    )
    clusters = quote_clusters(texts)
    assert clusters[0] == clusters[1] == clusters[2]
    assert clusters[3] != clusters[0]


def test_polnear_dev_floors():
    folder = corpus_path("polnear", "dev")
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "polnear_quotes.py"
    spec = importlib.util.spec_from_file_location("polnear_quotes", script)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)  # the benchmark's own scoring
    evaluate = benchmark.evaluate

    assert folder.exists()
    tally = evaluate("dev", POLNEAR_SAMPLE)["tallies"]["direct"]
    assert tally["pred_ok"] / tally["pred"] >= POLNEAR_DIRECT_P_FLOOR
    assert tally["gold_ok"] / tally["gold"] >= POLNEAR_DIRECT_R_FLOOR
    assert tally["spk_ok"] / tally["spk"] >= POLNEAR_MENTION_FLOOR
    assert tally["named_ok"] / tally["named"] >= POLNEAR_NAMED_FLOOR


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [*"ab Xy “”\"'`.,:;\n—-", " said ", " told ", "He said", "according to", "\n\n", "Jane Smith"]
            ),
            max_size=80,
        ).map("".join),
    )
)
def test_any_text_gives_quotes_inside_their_paragraph(body):
    """Rule: ``body[start:end] == text``; ``start`` lies in the row's sentence; the quote stays in one paragraph."""
    found = _extract(body)
    spans = sentence_spans(body)
    for row in found.itertuples():
        assert body[row.start : row.end] == row.text
        _, s_start, s_end = spans[int(row.sentence_id[1:])]
        assert s_start <= row.start < s_end
        assert "\n\n" not in row.text.strip() or row.kind == "indirect"


def _word_tables(module) -> dict[str, tuple]:
    return {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, tuple) and value and all(isinstance(v, str) for v in value)
    }


def test_rule_tables_repeat_no_entry_and_are_not_copied_elsewhere():
    """Each word list is written once: no repeated entry, no copy of a list in another module."""
    import data_pipeline
    from data_pipeline.quotes import rules

    tables = _word_tables(rules)
    assert {"SPEECH_CUES", "ROLE_WORDS", "NAME_PARTICLES", "PRONOUNS"} <= set(tables)
    for name, words in tables.items():
        assert len(set(words)) == len(words), name
    package = Path(data_pipeline.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "rules.py":
            continue
        source = path.read_text(encoding="utf-8")
        for name, words in tables.items():
            if len(words) >= 4:  # a list of four or more written out again elsewhere
                assert " ".join(words[:4]) not in source, f"{name} copied into {path.name}"


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["And", "Trump"], ("Trump", None)),
        (["That's", "Trump"], ("Trump", None)),
        (["Mr.", "Trump"], ("Trump", None)),  # an honorific, not a role
        (["U.S.", "Ambassador", "to", "Russia", "Jon", "Huntsman"], ("Jon Huntsman", "U.S. Ambassador to Russia")),
        (["Russia", "Jon", "Huntsman"], ("Jon Huntsman", "Russia")),
        (
            ["Director", "of", "National", "Intelligence", "Dan", "Coats"],
            ("Dan Coats", "Director of National Intelligence"),
        ),
        (["Russia's", "Vladimir", "Putin"], ("Vladimir Putin", None)),
        (["the", "Justice", "Department"], ("Justice Department", None)),
        (["sitting", "president", "Michael", "D", "Higgins"], ("Michael D Higgins", "sitting president")),
        # an organisation before a name is the role's (AllSides: `United Nations Nikki Haley`)
        (["United", "Nations", "Nikki", "Haley"], ("Nikki Haley", "United Nations")),
    ],
)
def test_name_boundaries(tokens, expected):
    assert split_role(tokens) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # words the AllSides sample gave as roles, which are none
        ("QUOTE", None),
        ("some", None),
        ("day", None),
        ("of white", None),
        ("uncharacteristically subdued", None),
        ("New York.", "New York"),
        # and the Helsinki corpus
        ("he thought", None),
        ("Just hours ago", None),
        ("Sen.", "Sen."),
        ("foreign policy expert", "foreign policy expert"),
        ("host", "host"),
    ],
)
def test_roles_shown_are_roles(role, expected):
    from data_pipeline.quotes.phrases import clean_role

    assert clean_role(role) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # no trailing verb, no place after `of`
        ('"We will meet," said Putin goes into the summit.', [("full", "Putin")]),
        ('"It is over," said Sen. John McCain of Arizona.', [("full", "John McCain")]),
        # a quote's pronoun is the sentence's own subject when the article named it in full
        (
            'Jane Smith spoke first.\n\nSmith declined to comment — "I will wait," she said — on Monday.',
            [("partial", "Jane Smith")],
        ),
        # no speech: a negated or passive cue
        ("Trump did not say whether he believed the denial.", []),
        ("Officers alleged to have hacked the servers were charged on Friday.", []),
        # titles, names and terms in quotation marks are no quotes
        ('People marched during the "Helsinki Calling" march, Smith said.', [("indirect", "Smith")]),
        ('Smith told ABC\'s "This Week" that the talks went well.', [("indirect", "Smith")]),
        ('The so-called "deep state" was to blame, Smith said.', [("indirect", "Smith")]),
        ('Trump attacked what he calls "fake news" again.', []),
        # a photo caption repeats the article: no quotes from it
        ('Jane Smith says "we will win" at a rally. (AP Photo/John Doe)', []),
    ],
)
def test_speaker_rules(body, expected):
    found = _extract(body)
    assert [(r.kind, r.speaker if isinstance(r.speaker, str) else None) for r in found.itertuples()] == expected


# Real lines of the Helsinki corpus, one or more per error class of issue 15 (who speaks, or no one).
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a passive participle of a cue reports no speech by its subject
        ("Posted!\n\nA link has been posted to your Facebook feed.", []),
        # a cue word used as a noun (followed by its verb) is no attribution
        (
            "Speculative reports have emerged that Trump and his advisers have been debating whether to pursue "
            "an agreement with Putin on Syria.",
            [],
        ),
        # a noun clause `What X says` attributes nothing
        (
            "What President Trump says is so frequently false or nonsensical that his words don't have the same meaning.",
            [],
        ),
        # a modal cue is no speech (`Trump should tell`); a time after an inverted cue is no speaker
        (
            "Nebraska Sen. Ben Sasse, also seen as looking to challenge for the White House in a 2020 Republican "
            "primary, said hours before the summit that he does not think the President should be “dignifying Putin "
            "with this meeting,” though also said that Trump should tell the Russian leader to “quit messing with "
            "America.”",
            [("partial", "Ben Sasse"), ("partial", "Ben Sasse")],
        ),
        # a cue inside the reported clause of another: the outer cue's speaker (not `Trump`), and
        # `Putin, for his part, said he …` is an apposition, not an inverted `said he`
        (
            "Putin, for his part, said he and Trump have maintained regular contact by phone and meeting at "
            'international events but "the time has come to have a thorough discussion on various international '
            'problems and sensitive issues."',
            [("partial", "Putin")],
        ),
        # an apposition before the cue of indirect speech (`NAME, a Republican, told`), then `She said`
        (
            "Washington Secretary of State Kim Wyman, a Republican, told her peers how her state is using its "
            "National Guard to help test and shore up cybersecurity for elections. She said it’s important to make "
            "it clear to voters that the military is not running elections.",
            [("indirect", "Kim Wyman"), ("indirect", "Kim Wyman")],
        ),
        # a pronoun in indirect speech is the sentence's own subject, named in full before
        (
            "He also accused former President Barack Obama of covering intelligence about Russian interference.\n\n"
            "President Obama thought that Crooked Hillary was going to win the election, so when he was informed by "
            "the FBI about Russian Meddling, he said it couldn’t happen, was no big deal, & did NOTHING about it.",
            [("indirect", "Barack Obama")],
        ),
        # `But he said`: a sentence opener is no subject; the pronoun keeps the article's last person
        (
            "Trump has said he will raise the issue when he sits down with Putin in Helsinki on Monday.\n\n"
            "Trump repeatedly has cast doubt on the conclusion that Russia was behind the hacking. But he said in "
            "Britain that he would raise it with Putin even as he downplayed its impact.",
            [("indirect", "Trump"), ("indirect", "Trump")],
        ),
        # a sentence-initial participle is no first name (`Contradicting Trump`); `he` is Trump
        (
            "Contradicting Trump in an interview on ABC’s “This Week,” U.S. national security adviser John Bolton "
            "said the idea was “pretty silly.”\n\nTrump declined to discuss his goals for the summit — “I’ll let "
            "you know after the meeting,” he said — but said he believes such sessions are beneficial.",
            [("partial", "John Bolton"), ("partial", "Trump")],
        ),
        # a possessive is no part of the full name a pronoun resolves to
        (
            "Russia's Vladimir Putin arrived late.\n\nTrump said the talks went very well.\n\n"
            "Putin declined to discuss his goals for the summit — “I’ll let you know after the meeting,” he said.",
            [("indirect", "Trump"), ("partial", "Vladimir Putin")],
        ),
        # `…” Trump wrote, referencing …`: the sentence attributes the quote; no reported clause after the cue
        (
            "In another Monday morning tweet, Trump sought to pin blame for the matter on former president Barack "
            "Obama.\n\n“President Obama thought that Crooked Hillary was going to win the election. When I won it "
            "became a big deal and the Rigged Witch Hunt headed by Strzok!” Trump wrote, referencing first 2016 "
            "Democratic presidential nominee Hillary Clinton and then former FBI agent Peter Strzok.",
            [("full", "Trump")],
        ),
        # a suffixed surname joins the article's full name
        (
            "Donald Trump Jr. has just released the emails.\n\nTrump Jr. had already admitted he attended the "
            "meeting after being informed by email.",
            [("indirect", "Donald Trump Jr.")],
        ),
        # a bare `the source` refers back to the article's fuller description; a document is no speaker
        (
            "President Donald Trump plans to raise the issue of election meddling, but does not expect much "
            "progress, according to a source familiar with the discussion.\n\nTrump sees progress on an arms "
            "control treaty as the likeliest area of progress for the Trump-Putin summit, the source said.\n\n"
            "June 8th, the indictment says Russian intelligence officers launch DCLeaks.com and begin to release "
            "stolen DNC emails.",
            [
                ("indirect", "a source familiar with the discussion"),
                ("indirect", "a source familiar with the discussion"),
                ("indirect", None),
            ],
        ),
        # `the paper` is the news organisation the article named last
        (
            "British investigators think the attack was carried out by agents of the service, the Times reported, "
            "citing a current and former American official.\n\nBut investigators have not ruled out the "
            "possibility that another Russian intelligence agency might be responsible, the paper reported.",
            [("indirect", "Times"), ("indirect", "Times")],
        ),
        # a lone singular word is no subject (`troublesome or irrelevant welcomed`)
        (
            "Russian commentators and editorialists who consider the European Union hostile, troublesome or "
            "irrelevant welcomed Trump’s criticism of longtime European allies as “foes” to the U.S.",
            [],
        ),
        # a tweet quoted without marks or comma: `… says Donald Tusk` ends the sentence
        (
            "America and the EU are best friends. Whoever says we are foes is spreading fake news says Donald Tusk",
            [("indirect", "Donald Tusk")],
        ),
        # a speech verb's subject before the medium of `according to`
        (
            "Nielsen added that some level of Russian interference is still present and urged state officials to "
            "remain vigilant as some officials have noticed “persistent Russian efforts using social media, "
            "sympathetic spokespeople and other fronts to sow discord,” according to Time.",
            [("partial", "Nielsen")],
        ),
        # `she` is not the man the article calls `Mr. Trump`: the woman named since (not `Senate Square`)
        (
            "Mr. Trump has spent the past few days trying to lower expectations himself, telling CBS in an "
            "interview on Saturday, “I go in with low expectations.”\n\n“Trump-Putin — the two-headed monster,” "
            "read a hand-painted sign carried by Paulina Pepaola, a Finnish woman who joined the march from a park "
            "near the central train station to Senate Square.\n\n“I am totally against both of them,” she said.",
            [("full", "Trump"), ("full", "Trump"), ("full", "Paulina Pepaola")],
        ),
        # PolNeAR train lines: `is quoted as saying` attributes; a coordinated cue is no embedded one
        ("“Our method succeeds where others fail,” Braynard is quoted as saying.", [("full", "Braynard")]),
        (
            "At one point, a woman asked for a photo and Clinton said, “as long as we’re not violating any "
            "election laws.”",
            [("full", "Clinton")],
        ),
        # a document's owner speaks (`the IMF report stated`); a plural opening a sentence is a noun
        (
            "The IMF had warned that the Brexit vote could depress growth in Britain for years.\n\n"
            '"Although the market reaction to the Brexit shock was reassuringly orderly, the ultimate impact '
            'remains very unclear," the IMF report stated.',
            [("indirect", "The IMF"), ("full", "the IMF")],
        ),
        # the subject of `say` is before `who`, not the relative clause's verb (`run elections`)
        (
            "Some of the state officials who run elections say it’s important for Trump, a Republican, to take a "
            "tougher stance.",
            [("indirect", "the state officials")],
        ),
        # a country is a place, not a person (`the United Kingdom`)
        ("The United Kingdom says Russia is planning to invade its neighbour.", [("indirect", None)]),
        # `Ministry of Foreign Affairs` is one organisation's name (not `Affairs`); `current and former`
        # runs on in a description; a banner's owner is no `Big`
        ("Russia’s Ministry of Foreign Affairs tweeted back : “We agree.”", [("full", "Ministry of Foreign Affairs")]),
        (
            "The president invited his counterpart to the White House, according to three current and former "
            "administration officials.",
            [("indirect", "three current and former administration officials")],
        ),
        (
            "Big banners said “Welcome Trump” and “God Bless D & M Trump” and a helicopter hovered overhead.",
            [("indirect", None)],
        ),
        # a person described by an organisation is a description, not the organisation (AP, Helsinki)
        (
            "The top Democrat on the U.S. Senate Intelligence Committee says he's worried about President Donald "
            "Trump meeting one on one with Russia's Vladimir Putin during their summit in Finland.",
            [("indirect", "The top Democrat on the U.S. Senate Intelligence Committee")],
        ),
        # (constructed, the corpora have no such line) an apposition before `said`, not an inverted `said the talks`
        ("The head of the agency, Chris Krebs, said the talks would go ahead.", [("indirect", "Chris Krebs")]),
    ],
)
def test_speaker_error_classes_on_real_lines(body, expected):
    found = _extract(body)
    assert [(r.kind, r.speaker if isinstance(r.speaker, str) else None) for r in found.itertuples()] == expected


@pytest.mark.parametrize(
    ("mention", "shown"),
    [
        # mentions of the Helsinki corpus's most quoted speakers (its `speakers.aliases`)
        ("QUOTE Trump", "Trump"),  # the placeholder of a quotation before the name
        ("bothers Trump", "Trump"),
        ("And Trump", "Trump"),
        ("he thought Trump", "Trump"),
        ("Mr. Trump", "Mr. Trump"),
        ("President Donald Trump", "President Donald Trump"),
        ("national security adviser John Bolton", "national security adviser John Bolton"),
        ("the Russian president", "the Russian president"),
        ("he", "he"),
    ],
)
def test_a_mention_shows_the_name_with_its_title_and_nothing_before(mention, shown):
    from data_pipeline.quotes.phrases import shown_mention

    assert shown_mention(mention) == shown


def test_no_quotation_placeholder_reaches_a_mention():
    """A real Helsinki paragraph (USA Today): the second quote's speaker was shown as `QUOTE Trump`."""
    body = (
        '"He (Putin) may deny it," Trump said Thursday during the NATO summit in Brussels, Belgium, adding, '
        "\"So all I can do is say, 'Did you?' and 'Don't do it again.'\""
    )
    found = _extract(body)
    assert list(found["speaker"]) == ["Trump", "Trump"]
    assert not found["speaker_mention"].str.contains("QUOTE").any(), list(found["speaker_mention"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # real lines of the Helsinki corpus's three story sets (helsinki, census, spotify articles); each
        # was wrong in the speakers table: `Aides` a person, a poll's share, a constitution, a headline verb
        (
            "Aides had said he'd be busy preparing for Monday's summit in Helsinki, but Trump spent the first "
            "part of Saturday tweeting.",
            [("indirect", "aides", "anonymous")],
        ),
        (
            "• 33 percent overall say Mr. Trump should not meet with Mr. Putin ; 14 percent of Republicans, 25 "
            "percent of independents and 54 percent of Democrats agree.",
            [("indirect", None, None)],
        ),
        (
            "The U.S. Constitution says that Congress must count how many people live in our country.",
            [("indirect", None, None)],
        ),
        (
            "Women’s Group Asks Spotify to Remove Nelly, Chris Brown From Playlists.\n\nLast month Spotify said "
            "it would remove from its playlists music from R. Kelly, who has been accused of sexual abuse.",
            [("indirect", "Spotify", "person")],
        ),
        (
            "Back home, news of Russian interference in the 2016 elections continued to dominate the headlines.",
            [],
        ),
        ("Spotify didn't officially say it would begin promoting the artists' music again.", []),
    ],
)
def test_speakers_that_are_no_people(body, expected):
    found = _extract(body)
    got = [
        (r.kind, *(v if isinstance(v, str) else None for v in (r.speaker, r.speaker_type))) for r in found.itertuples()
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # PolNeAR train: the cue after `continued to` keeps its subject
        (
            "Even after the complaint was filed, Lewandowski continued to say he had never touched Fields.",
            ["Lewandowski"],
        ),
        # Helsinki (AP): `continued to` before a verb of no speech is no speech
        ("Trump continued to undermine the investigation and blamed his predecessor, Barack Obama.", []),
    ],
)
def test_continuing_to_speak_is_speech_and_continuing_to_act_is_not(body, expected):
    assert [s for s in _extract(body)["speaker"]] == expected


def test_a_recipient_before_that_is_no_part_of_the_reported_clause():
    """`Aides have argued to Trump that C` (AP, Helsinki): the content is C, not `to Trump that C`."""
    body = (
        "Aides have argued to Trump that the chances of substantive progress on a host of thorny issues, "
        "including Syria and Ukraine, are slim."
    )
    (row,) = _extract(body).itertuples()
    assert body[row.start : row.end].startswith("the chances of substantive progress")


@pytest.mark.parametrize("name", ["Constitution", "Aides", "33 percent overall"])
def test_a_text_or_description_is_never_typed_a_person(name):
    from data_pipeline.quotes.phrases import is_junk, speaker_type

    assert is_junk(name) or speaker_type(name) != "person"


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "´", "`"])
def test_a_possessive_role_resolves_whatever_the_apostrophe(apostrophe):
    # the seeds' line (with `‘` as the apostrophe) after the article names the spokeswoman
    body = (
        "“It’s too early to tell whether the Russians are serious,” White House spokeswoman Jen Psaki said "
        f"Tuesday.\n\nUS President Joe Biden{apostrophe}s spokeswoman insisted: “NATO’S relationship with Ukraine "
        "is a matter only for Ukraine and the 30 NATO allies.”"
    )
    found = _extract(body)
    assert found["speaker"].tolist() == ["Jen Psaki", "Jen Psaki"]


HELSINKI = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "helsinki" / "helsinki_articles.csv"
# Measured 0.928 on the 180-quote gold (docs/ACCURACY.md); pinned under so a regression fails.
HELSINKI_SPEAKER_FLOOR = 0.9
MAX_LONE_WORD_SHARE = 0.06  # `investigators`, `aides`: plural descriptions of one word, a few of them fine


@pytest.fixture(scope="module")
def helsinki(tmp_path_factory):
    if not HELSINKI.exists():
        pytest.skip(f"the Helsinki corpus is not at {HELSINKI} (third-party data, not in the repo)")
    bench = _load_benchmark("speakers")
    from data_pipeline import build_corpus

    return bench, build_corpus([bench.helsinki_csv(HELSINKI, tmp_path_factory.mktemp("helsinki"))])


def _load_benchmark(name):
    script = Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_helsinki_canonical_speakers_against_the_gold(helsinki):
    bench, corpus = helsinki
    result = bench.score(bench.gold_rows(), corpus.quotes, corpus.articles)
    assert result["n"] >= 150
    assert result["accuracy"] >= HELSINKI_SPEAKER_FLOOR, result["wrong"][:10]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Washington Post", None),  # a paper named after its city
        ("Washington Trump", "place before a name"),
        ("Moscow", "place"),
        ("he", "pronoun"),
        ("Trump's", "fragment"),
        ("president", "unresolved role"),
        ("aides", "lone word"),
        ("Jon Huntsman", None),
    ],
)
def test_the_benchmark_tells_junk_speakers_from_names(name, reason):
    assert _load_benchmark("speakers").junk_reason(name) == reason


def test_helsinki_most_quoted_people_are_one_row_each_and_no_junk(helsinki):
    bench, corpus = helsinki
    rows = bench.people_rows(corpus.speakers)
    assert len(rows) == bench.TOP_PEOPLE and all(same == 1 for _, _, same in rows), rows
    top = corpus.speakers.sort_values("n_quotes", ascending=False).head(bench.TOP_SPEAKERS)
    junk = [s for s in top["speaker"] if bench.junk_reason(s) not in (None, "lone word")]
    assert not junk, junk  # no pronoun, fragment, place or unresolved role among the 100 most quoted
    lone = [s for s in top["speaker"] if bench.junk_reason(s) == "lone word"]
    assert len(lone) / len(top) <= MAX_LONE_WORD_SHARE, lone


@pytest.mark.parametrize(
    "body",
    [
        "Smith said ＂We will win＂ on Monday.",  # full-width quotation mark
        "Smith said 〝We will win〟 on Monday.",  # double prime quotation marks
        "Smith said „We will win“ on Monday.",  # low-high (German-style) marks
    ],
)
def test_homoglyph_quote_marks_make_a_quote(body):
    found = _extract(body)
    assert [(r.text, r.speaker) for r in found.itertuples()] == [("We will win", "Smith")]


ADVERSARIAL_RUNS = {
    "letters": "a",
    "digits": "7",
    "punctuation": ".,;:!?",
    "quotes": '"',
    "spaces": " ",
    "quoted words": '"a" ',
    "quotes and cues": 'A "b, c" said D. ',
    "initials": "A. ",
}
RUN_CHARS = (4_000, 16_000)
LINEAR_SLACK = 2.0  # per-character cost at 4x the length may be at most this many times higher
NEWS_RATIO = 60.0  # per-character cost of a hostile run against news text (measured <= ~30)


def _cost_per_char(body: str) -> float:
    import time

    forget_text_readings()  # each run costs what a first reading costs
    started = time.perf_counter()
    found = _extract(body)
    assert found is not None
    return (time.perf_counter() - started) / len(body)


def test_splitting_and_quotes_cost_grows_linearly_on_hostile_runs():
    """Every regex on user text is linear or bounded: splitting and quote extraction cost about
    as much per character on long runs of letters, digits, punctuation, quotes and spaces at 4x
    the length, and within NEWS_RATIO of news text (ratios, not wall-clock limits)."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    news = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    small, large = RUN_CHARS
    news_cost = min(_cost_per_char((news * (large // len(news) + 1))[:large]) for _ in range(2))
    for name, unit in ADVERSARIAL_RUNS.items():
        short = min(_cost_per_char((unit * (small // len(unit) + 1))[:small]) for _ in range(2))
        long = min(_cost_per_char((unit * (large // len(unit) + 1))[:large]) for _ in range(2))
        assert long <= LINEAR_SLACK * max(short, news_cost / 10), (name, short, long)
        assert long <= NEWS_RATIO * news_cost, (name, long / news_cost)


@pytest.mark.parametrize(
    "repeated",
    [
        '"We are done," she said.',  # a quote's pronoun
        "She said the city would appeal the ruling.",  # indirect speech's pronoun
        "Smith said the city would appeal the ruling.",  # a surname the article named in full
    ],
)
def test_a_sentence_repeated_in_another_article_takes_that_articles_speaker(repeated):
    """The text-only readings of a sentence are remembered across articles (wire copy repeats
    them); who a pronoun or surname names must still come from each article's own text."""
    first = _extract(f"Jane Smith said the plan was ready.\n\n{repeated}")
    second = _extract(f"Anna Smith said the plan was late.\n\n{repeated}")
    assert first["speaker"].tolist()[-1] == "Jane Smith"
    assert second["speaker"].tolist()[-1] == "Anna Smith"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Reuters, Helsinki: the apposition describes Schumer by Trump; Schumer speaks
        (
            "On the summit's eve, Senate Democratic leader Chuck Schumer, a political opponent of Trump, said he "
            "had told Secretary of State Mike Pompeo the Helsinki meeting was a mistake.",
            ["Chuck Schumer"],
        ),
        # AP, Helsinki: a description naming Trump is no quote of Trump
        (
            "“President Trump is now the outlier in his own administration, seemingly,” said a former Trump "
            "transition official.",
            ["a former Trump transition official"],
        ),
        # AP, Helsinki: `Anything Trump says …` is a noun clause; the sentence's speaker is Vershbow
        (
            "Anything Trump says to undercut the NATO declaration that Russia’s annexation of Crimea was “illegal "
            "and illegitimate” would ease international pressure on Putin and be tantamount to “codifying "
            "aggression,” Vershbow said.",
            ["Vershbow", "Vershbow"],
        ),
        # The Hill and Breitbart, PolNeAR: a supporter or attorney described by someone else
        (
            "Former Arizona governor Jan Brewer, an early supporter of Trump, calls the issue of security "
            '"a priority" for women.',
            ["Jan Brewer"],
        ),
        (
            "An attorney for Pagliano, Mark MacDougall, stressed that his client was ready.\n\n"
            '"That is all there is to it," MacDougall said in a statement.',
            ["Mark MacDougall", "Mark MacDougall"],
        ),
        ("A spokesman for Putin said the meeting was a mistake.", ["A spokesman for Putin"]),
        ('"It is over," a lawyer for Jane Smith said.', ["a lawyer for Jane Smith"]),
        # titles still name the person after them
        ("Secretary of State Mike Pompeo said the meeting was a mistake.", ["Mike Pompeo"]),
        ('"It is over," said Sen. John McCain of Arizona.', ["John McCain"]),
    ],
)
def test_a_person_named_inside_a_description_is_not_its_speaker(body, expected):
    assert _extract(body)["speaker"].tolist() == expected


def test_a_description_of_a_possessive_names_no_one():
    """`a source for his claim` (PolNeAR) is no description of a speaker."""
    (row,) = _extract("Trump never cited a source for his claim that the figure was right.").itertuples()
    assert pd.isna(row.speaker)
