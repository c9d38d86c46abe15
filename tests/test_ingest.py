"""Ingest: every input format, folders, zips, exports and the manifest."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from data_pipeline import SEEDS
from data_pipeline.ingest import decode, markdown_to_text, read_inputs

STORY = "NATO talks\n\nBRUSSELS (AP) — NATO and Russia met on Wednesday.\n\n“It was frank,” Stoltenberg said."

HTML = """<!doctype html><html><head><title>NATO talks - The Daily</title>
<meta property="og:site_name" content="The Daily"><meta name="date" content="2022-01-12">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>NATO talks</h1>
<p>NATO and Russia met on Wednesday in Brussels for their first council in more than two years.</p>
<p>“It was a frank and open discussion,” NATO Secretary General Jens Stoltenberg told reporters after the meeting.</p>
</article><footer>Copyright The Daily</footer></body></html>"""


def write(folder, name, content):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["story.txt", "story.text", "story"])
def test_plain_text(tmp_path, name):
    documents, problems = read_inputs([write(tmp_path, name, STORY)])
    assert problems == []
    assert [(d.path, d.text) for d in documents] == [(name, STORY)]


def test_markdown_loses_markup_and_link_targets(tmp_path):
    text = (
        "# NATO talks\n\nNATO met **Russia** in [Brussels](https://example.org/b) ![map](m.png).\n\n[1]: https://x.org"
    )
    documents, problems = read_inputs([write(tmp_path, "story.md", text)])
    assert problems == []
    assert documents[0].text.split() == "NATO talks NATO met Russia in Brussels map.".split()


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML"])
def test_html_goes_through_the_extractor(tmp_path, name):
    documents, problems = read_inputs([write(tmp_path, name, HTML)])
    assert problems == []
    (document,) = documents
    assert "first council in more than two years" in document.text
    assert "Stoltenberg told reporters" in document.text
    assert "Home" not in document.text.split()  # navigation is not main text
    assert document.meta["title"].startswith("NATO talks")
    assert document.meta["published"] == "2022-01-12"


def test_html_detected_by_content_without_suffix(tmp_path):
    documents, _ = read_inputs([write(tmp_path, "page.txt", HTML)])
    assert documents[0].meta.get("html") is True


def test_folder_reads_files_recursively_in_order_and_reports_hidden_ones(tmp_path):
    write(tmp_path / "corpus", "b.txt", STORY + " B")
    write(tmp_path / "corpus", "sub/a.txt", STORY + " A")
    write(tmp_path / "corpus", ".hidden/c.txt", STORY + " C")
    write(tmp_path / "corpus", ".DS_Store", b"\x00\x01")  # OS litter: skipped without a word
    write(tmp_path / "corpus", "sub/._a.txt", b"\x00\x05\x16\x07")  # macOS resource fork
    documents, problems = read_inputs([tmp_path / "corpus"])
    assert [d.path for d in documents] == ["corpus/b.txt", "corpus/sub/a.txt"]
    assert [p.problem for p in problems] == ["1 hidden file(s) not read: .hidden/c.txt"]


def test_seeds_folder():
    documents, problems = read_inputs([SEEDS])
    assert problems == []
    assert [d.path.split("/")[-1] for d in documents] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_zip_of_files_and_folders(tmp_path):
    data = zip_bytes({"a.txt": STORY + " A", "sub/b.md": STORY + " B", "sub/c.html": HTML, "__MACOSX/._a.txt": "x"})
    documents, problems = read_inputs([write(tmp_path, "corpus.zip", data)])
    assert problems == []
    assert [d.path for d in documents] == ["corpus.zip!a.txt", "corpus.zip!sub/b.md", "corpus.zip!sub/c.html"]


def test_csv_with_text_and_metadata_columns(tmp_path):
    csv_text = (
        "title,text,source,url,published\n"
        'NATO talks,"NATO met Russia.\n\nIt was frank.",The Daily,https://d.example/1,2022-01-12\n'
        "Second,Another story here.,,,\n"
    )
    documents, problems = read_inputs([write(tmp_path, "export.csv", csv_text)])
    assert problems == []
    assert [d.path for d in documents] == ["export.csv#1", "export.csv#2"]
    assert documents[0].text == "NATO met Russia.\n\nIt was frank."
    assert documents[0].meta == {
        "title": "NATO talks",
        "source": "The Daily",
        "url": "https://d.example/1",
        "published": "2022-01-12",
        "published_meta": True,
    }
    assert documents[1].meta == {"title": "Second"}


@pytest.mark.parametrize("column", ["text", "body", "content", "Text", "maintext"])
def test_text_column_names(tmp_path, column):
    documents, _ = read_inputs([write(tmp_path, "export.csv", f"{column}\nA story.\n")])
    assert [d.text for d in documents] == ["A story."]


@pytest.mark.parametrize("name", ["export.jsonl", "export.ndjson"])
def test_jsonl(tmp_path, name):
    rows = [
        {"text": "NATO met Russia.", "title": "NATO talks", "source": "The Daily", "published": "2022-01-12"},
        {"body": "Second story.", "url": "https://d.example/2"},
    ]
    documents, problems = read_inputs([write(tmp_path, name, "\n".join(json.dumps(r) for r in rows) + "\n\n")])
    assert problems == []
    assert [(d.path, d.text) for d in documents] == [(f"{name}#1", "NATO met Russia."), (f"{name}#2", "Second story.")]
    assert documents[0].meta["source"] == "The Daily"
    assert documents[1].meta == {"url": "https://d.example/2"}


def test_manifest_overrides_detection(tmp_path):
    write(tmp_path / "c", "a.txt", STORY)
    write(tmp_path / "c", "b.html", HTML)
    write(
        tmp_path / "c",
        "manifest.csv",
        "path,source,published,url,title\na.txt,Le Monde,2022-01-13,,\nb.html,Der Bund,,,Manifest title\n",
    )
    documents, problems = read_inputs([tmp_path / "c"])
    assert problems == []
    meta = {d.path: d.meta for d in documents}
    assert meta["c/a.txt"] == {"source": "Le Monde", "published": "2022-01-13", "manifest": True}
    assert meta["c/b.html"]["source"] == "Der Bund"  # not the page's "The Daily"
    assert meta["c/b.html"]["title"] == "Manifest title"
    assert meta["c/b.html"]["published"] == "2022-01-12"  # the manifest left it empty: detection stays


def test_manifest_beside_a_single_file(tmp_path):
    path = write(tmp_path, "a.txt", STORY)
    write(tmp_path, "manifest.csv", "path,source\na.txt,Le Monde\n")
    documents, _ = read_inputs([path])
    assert documents[0].meta["source"] == "Le Monde"


def test_manifest_inside_a_zip(tmp_path):
    data = zip_bytes({"docs/a.txt": STORY, "manifest.csv": "path,source,published\ndocs/a.txt,Le Monde,2022-01-13\n"})
    documents, problems = read_inputs([write(tmp_path, "c.zip", data)])
    assert problems == []
    assert documents[0].meta == {"source": "Le Monde", "published": "2022-01-13", "manifest": True}


def test_manifest_without_path_column(tmp_path):
    write(tmp_path / "c", "a.txt", STORY)
    write(tmp_path / "c", "manifest.csv", "file,source\na.txt,Le Monde\n")
    documents, problems = read_inputs([tmp_path / "c"])
    assert documents[0].meta == {}
    assert [(p.stage, p.problem) for p in problems] == [("manifest", "manifest has no 'path' column")]


def test_missing_input_is_a_problem(tmp_path):
    documents, problems = read_inputs([tmp_path / "nope.txt"])
    assert documents == []
    assert [p.problem for p in problems] == ["input not found"]


@pytest.mark.parametrize("name", ["report.pdf", "sheet.xlsx.bak", "image.svgz"])
def test_unsupported_suffix_is_a_problem(tmp_path, name):
    _, problems = read_inputs([write(tmp_path, name, "some text")])
    assert [p.problem for p in problems] == [f"unsupported file type '.{name.rsplit('.', 1)[1]}'"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", "x"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "click"),
        ("![img](javascript:alert(1))", "img"),
        ("A [link](https://example.org) in text", "A link in text"),
        ("__bold__ and **strong**", "bold and strong"),
        ("plain", "plain"),
    ],
)
def test_markdown_to_text(text, expected):
    assert markdown_to_text(text) == expected


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"plain ascii", "plain ascii"),
        ("caf\u00e9".encode("utf-8"), "caf\u00e9"),
        ("\ufeffBOM".encode("utf-8"), "BOM"),
        (b"a\r\nb\rc", "a\nb\nc"),
        (b"a\x0cb\x19c\x07d\te" + b" text" * 20, "a\nbcd\te" + " text" * 20),  # form feed: line break
    ],
)
def test_decode(data, text):
    assert decode(data) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a](<java script:x> "t") and [b](http://x.org/(y) "title")', "a and b"),
        ("[x](javascript:alert(document.cookie))", "x"),
        ("[a [b] c](javascript:alert(1))", "a [b] c"),  # brackets inside link text
    ],
)
def test_markdown_link_targets_with_spaces_titles_and_parentheses(text, expected):
    assert markdown_to_text(text) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.csv", 'title;text\nTalks;"NATO met Russia, and talks went on; then they ended."\n'),
        ("export.tsv", "title\ttext\nTalks\tNATO met Russia, and talks went on; then they ended.\n"),
        ("export.csv", "title|text\nTalks|NATO met Russia, and talks went on; then they ended.\n"),
        ("export.csv", 'title,text\nTalks,"NATO met Russia, and talks went on; then they ended."\n'),
    ],
    ids=["semicolon", "tab", "pipe", "comma with ; in the text"],
)
def test_csv_delimiters(tmp_path, name, content):
    documents, problems = read_inputs([write(tmp_path, name, content)])
    assert problems == []
    assert [(d.text, d.meta["title"]) for d in documents] == [
        ("NATO met Russia, and talks went on; then they ended.", "Talks")
    ]


def test_json_article_object_and_list(tmp_path):
    article = {"source": "Vox", "title": "Collins", "date": "2018-09-12", "content": "Is Collins being bribed?"}
    write(tmp_path / "in", "one.json", json.dumps(article))
    write(tmp_path / "in", "many.json", json.dumps([article, {"text": "Second."}, {"title": "no text"}, 3]))
    write(tmp_path / "in", "broken.json", '{"text": ')
    documents, problems = read_inputs([tmp_path / "in"])
    assert [(d.path, d.text) for d in documents] == [
        ("in/many.json#1", "Is Collins being bribed?"),
        ("in/many.json#2", "Second."),
        ("in/one.json", "Is Collins being bribed?"),
    ]
    assert documents[2].meta == {"source": "Vox", "title": "Collins", "published": "2018-09-12", "published_meta": True}
    assert [(p.path, p.problem) for p in problems] == [
        ("in/broken.json", "broken JSON: Expecting value (line 1)"),
        ("in/many.json#3", "JSON item has no text field"),
        ("in/many.json#4", "JSON item is not an object"),
    ]


def test_csv_row_with_extra_fields_is_a_problem_not_a_truncated_article(tmp_path):
    content = "title;text\nTalks;NATO met Russia; then they left.\nOther;A clean row.\n"
    documents, problems = read_inputs([write(tmp_path, "e.csv", content)])
    assert [d.text for d in documents] == ["A clean row."]
    assert [(p.path, p.problem) for p in problems] == [
        ("e.csv#1", "row has more fields than the header (an unquoted delimiter?)")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title ### First paragraph. ### Second paragraph.", "Title\n\nFirst paragraph.\n\nSecond paragraph."),
        ("One ### mark only.", "One ### mark only."),  # a single mark is text
        ("Title ### A.\nB ### C.", "Title ### A.\nB ### C."),  # has line breaks: marks are text
    ],
)
def test_flattened_paragraph_marks(tmp_path, text, expected):
    documents, _ = read_inputs([write(tmp_path, "e.jsonl", json.dumps({"text": text}))])
    assert documents[0].text == expected


@pytest.mark.parametrize(
    "name, outlet, where",
    [
        ("miamiherald.com/123.txt", "miamiherald.com", "folder"),
        ("www.bbc.co.uk/politics/123.txt", "bbc.co.uk", "folder"),
        ("scrape/cnn.com_2018-07-15_0042.txt", "cnn.com", "file name"),
        ("scrape/123.txt", None, None),  # a folder of numbered files names no outlet
        ("notes/summit.v2.txt", None, None),
    ],
)
def test_outlet_from_a_domain_in_folder_or_file_names(tmp_path, name, outlet, where):
    write(tmp_path, name, "Title\n\nThe talks began on Monday.")
    documents, problems = read_inputs([tmp_path])
    assert problems == []
    assert (documents[0].meta.get("source"), documents[0].meta.get("source_from")) == (outlet, where)


def test_a_manifest_outlet_wins_over_the_path(tmp_path):
    write(tmp_path, "cnn.com/a.txt", "Title\n\nThe talks began.")
    write(tmp_path, "cnn.com/manifest.csv", "path,source\na.txt,WRAL\n")
    documents, _ = read_inputs([tmp_path])
    assert documents[0].meta["source"] == "WRAL"


@pytest.mark.parametrize("author", ['"By Reuters"', '["Reuters staff"]', '"Associated Press"'])
def test_wire_credit_in_an_export_byline(tmp_path, author):
    from data_pipeline import boilerplate

    write(tmp_path, "export.jsonl", '{"text": "Title\\n\\nThe talks began on Monday.", "author": ' + author + "}\n")
    documents, _ = read_inputs([tmp_path / "export.jsonl"])
    meta = documents[0].meta
    assert boilerplate.parse(documents[0].text, byline=meta.get("byline")).wire in ("Reuters", "AP")
