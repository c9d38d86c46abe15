"""Your corpus: upload articles (files, folders as zip, CSV/JSONL exports, plain files with a
manifest.csv), build the tables with a progress bar, read the ingest report, and download the
tables. Every page then shows this corpus, to this browser session and to whoever opens its
address (``?corpus=<id>``, see ``data.CorpusStore``)."""

from __future__ import annotations

import streamlit as st

from dashboard import data, widgets
from data_pipeline import schema

UPLOADER = "corpus_upload"

EXAMPLE_CSV = (
    "title,source,published,text\n"
    '"Talks open in Geneva",Example Times,2022-01-10,"GENEVA (AFP) - Talks opened on Monday. '
    '""We are ready,"" the minister said."\n'
    '"Geneva talks begin",Daily Example,2022-01-10,"Talks opened in Geneva on Monday, AFP reported."\n'
)
EXAMPLE_MANIFEST = "path,source,published,url,title\nstory1.txt,Example Times,2022-01-10,,Talks open in Geneva\n"

st.title("Your corpus")
st.write(
    "Upload the articles of one story: text, Markdown or HTML files, a folder as a zip, or a CSV/JSONL "
    "export with a text column (optional title, source, url, published). Every page then shows your "
    "corpus. Nobody else sees it unless you give them the page's address; the files are read from a "
    "temporary folder that is removed once the tables are built, and the tables are kept on the server "
    f"for {data.KEEP_HOURS:g} hours after the corpus was last opened."
)
with st.expander("Outlets and dates for plain files", expanded=True, icon=":material/help:"):
    st.markdown(
        "Plain text and Markdown files carry no outlet or date Wirewatch can trust. Give them either way:\n"
        "- **A CSV export**, one row per article, with the columns `title`, `source` (the outlet), "
        "`published` (a date such as `2022-01-10`) and `text`.\n"
        "- **A `manifest.csv`** uploaded with the files (or inside the zip, beside them), with the columns "
        "`path` (the file's name), `source`, `published`, `url` and `title`; any may be left empty."
    )
    example_csv, example_manifest, _ = st.columns([1, 1, 2])
    example_csv.download_button(
        "Example CSV export", EXAMPLE_CSV.encode("utf-8"), file_name="example-articles.csv", mime="text/csv",
        icon=":material/download:",
    )
    example_manifest.download_button(
        "Example manifest.csv", EXAMPLE_MANIFEST.encode("utf-8"), file_name="manifest.csv", mime="text/csv",
        icon=":material/download:",
    )
st.caption(
    f"Limits: {data.MAX_UPLOAD_FILES} files, {data.MAX_UPLOAD_FILE_MB} MB per file, "
    f"{data.MAX_UPLOAD_TOTAL_MB} MB in all. Types read: {', '.join(data.UPLOAD_TYPES)}."
)
uploads = st.file_uploader(  # no type= filter: a refused type is said in words below, not in a tooltip
    "Articles",
    accept_multiple_files=True,
    max_upload_size=data.MAX_UPLOAD_FILE_MB,
    key=UPLOADER,
)
refused = data.refused_uploads()
if refused:
    st.error("Some files were refused as they arrived and will not be built:")
    st.text("\n".join(refused))  # file names: plain text, never Markdown
wrong_type = data.unsupported([upload.name for upload in uploads or []])
if wrong_type:
    st.error(f"{len(wrong_type)} file(s) of a type Wirewatch does not read will not be built:")
    st.text(
        "\n".join(f"{name}: not one of the types read ({', '.join(data.UPLOAD_TYPES)})" for name in wrong_type)
    )
readable = [upload for upload in uploads or [] if upload.name not in wrong_type]
if st.button("Build the tables", type="primary", disabled=not readable):
    try:  # sizes first: no file is read when the limits are exceeded
        data.check_upload_limits([(upload.name, upload.size) for upload in readable])
    except data.UploadRejected as error:
        st.error(str(error))
        readable = []
    files = [(upload.name, upload.getvalue()) for upload in readable]
    digest = data.upload_digest(files) if files else None
    if files and digest != data.uploaded_digest():  # the same files again: nothing to redo
        bar = st.progress(0.0, text="Reading the files…")

        def progress(done: int, total: int) -> None:
            if not done:
                text = f"Read {total:,} articles; processing them…"
            elif done < total:
                text = f"Article {done:,} of {total:,}"
            else:
                text = "Finding shared copy, quotes and dates…"
            bar.progress(done / max(total, 1), text=text)

        try:
            built = data.built_from_uploads(files, progress=progress)
        except data.UploadRejected as error:
            st.error(str(error))
        except Exception as error:  # noqa: BLE001 — any failure on user input is a message, not a traceback
            st.error(f"The tables could not be built from these files ({type(error).__name__}). Please report it.")
        else:
            bar.empty()
            if built.articles.empty:  # keep what is shown; say why nothing was read
                st.error("No article could be read from these files, so the corpus shown is unchanged. Why:")
                widgets.table(built.problems, key="build-problems", name="problems")
            else:
                name = files[0][0] if len(files) == 1 else f"{len(files)} files"
                data.use_corpus(built, name, digest)
                st.rerun()  # redraw the sidebar filters for the new corpus

corpus = data.corpus()
uploaded = data.uploaded_name()
st.subheader("Shown now")
if uploaded:
    st.text(
        f"Your corpus, built from {uploaded}: {len(corpus.articles):,} articles, {len(corpus.problems):,} problems."
    )
    if data.uploaded_id():
        st.caption(
            "To come back to this corpus or share it, copy this page's address: it carries the corpus's id, "
            f"and whoever opens it sees this corpus with your filters. The server keeps it {data.KEEP_HOURS:g} "
            "hours after it was last opened; nobody without the address can find it."
        )
    if st.button("Back to the default corpus"):
        data.use_corpus(None)
        st.rerun()
else:
    st.text(f"The default corpus: {len(corpus.articles):,} articles.")

st.subheader("Ingest report")
if corpus.problems.empty:
    widgets.empty("Every input was read: no problems.")
else:
    st.caption("Inputs that could not be used fully, and why (nothing is dropped silently).")
    widgets.table(corpus.problems, key="problems", name="problems")

st.subheader("Download the tables")
key = data.content_key(corpus)  # caches are shared by sessions: keyed on every cell
st.download_button(
    "All tables (zip of Parquet)",
    data=lambda: data.tables_zip(key, corpus),  # built when clicked, not on every first run
    file_name="wirewatch-tables.zip",
    mime="application/zip",
    on_click="ignore",
)
columns = st.columns(4)
for number, name in enumerate(schema.TABLES):
    columns[number % len(columns)].download_button(
        f"{name}.csv ({len(corpus.tables()[name]):,} rows)",
        data=lambda name=name: data.table_csv(key, name, corpus),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"download-{name}",
    )
