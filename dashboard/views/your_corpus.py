"""Your corpus: upload articles (files, folders as zip, CSV/JSONL exports), build the tables with
a progress bar, read the ingest report, and download the tables. Every page then shows this
corpus, for this browser session only."""

from __future__ import annotations

import streamlit as st

from dashboard import data, widgets
from data_pipeline import schema

UPLOADER = "corpus_upload"

st.title("Your corpus")
st.write(
    "Upload the articles of one story: text, Markdown or HTML files, a folder as a zip, or a CSV/JSONL "
    "export with a text column (optional title, source, url, published). Every page then shows your "
    "corpus. It is kept for this browser session only; the files are read from a temporary folder "
    "that is removed once the tables are built."
)
st.caption(
    f"Limits: {data.MAX_UPLOAD_FILES} files, {data.MAX_UPLOAD_FILE_MB} MB per file, "
    f"{data.MAX_UPLOAD_TOTAL_MB} MB in all."
)
uploads = st.file_uploader(
    "Articles",
    type=data.UPLOAD_TYPES,
    accept_multiple_files=True,
    max_upload_size=data.MAX_UPLOAD_FILE_MB,
    key=UPLOADER,
)
if st.button("Build the tables", type="primary", disabled=not uploads):
    files = [(upload.name, upload.getvalue()) for upload in uploads]
    digest = data.upload_digest(files)
    if digest != data.uploaded_digest():  # the same files again: nothing to redo
        bar = st.progress(0.0, text="Reading the files…")

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=f"Article {done:,} of {total:,}")

        try:
            built = data.built_from_uploads(files, progress=progress)
        except data.UploadRejected as error:
            st.error(str(error))
        except Exception as error:  # noqa: BLE001 — any failure on user input is a message, not a traceback
            st.error(f"The tables could not be built from these files ({type(error).__name__}). Please report it.")
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
    st.dataframe(corpus.problems, hide_index=True, width="stretch")

st.subheader("Download the tables")
fingerprint = corpus.fingerprint
st.download_button(
    "All tables (zip of Parquet)",
    data=lambda: data.tables_zip(fingerprint, corpus),  # built when clicked, not on every first run
    file_name="wirewatch-tables.zip",
    mime="application/zip",
    on_click="ignore",
)
columns = st.columns(4)
for number, name in enumerate(schema.TABLES):
    columns[number % len(columns)].download_button(
        f"{name}.csv ({len(corpus.tables()[name]):,} rows)",
        data=lambda name=name: data.table_csv(fingerprint, name, corpus),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"download-{name}",
    )
