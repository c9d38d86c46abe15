"""Wire flow: from each wire agency or first publisher to the outlets that ran its copy."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

corpus = filters.filtered(data.corpus())

st.title("Wire flow")
st.caption(
    "Each article's likely source: the wire it credits, else the article it shares most reporting with "
    "(quotes, tweets, captions and short common lines set aside). Bands are sized by shared reporting sentences."
)
top = st.slider("Outlets shown (the rest are one row)", 5, 60, 25, key="wire-top")
flow = widgets.derived(corpus, "wire_charts.wire_flow", corpus.provenance, corpus.articles, top_outlets=top)
widgets.chart(
    flow, "wire_flow", empty_message="No article in this selection carries another's reporting or credits a wire."
)
over_time = widgets.derived(corpus, "wire_charts.wire_over_time", corpus.provenance, corpus.articles)
widgets.chart(over_time, "wire_over_time", empty_message="No article here has a publication date: no flow over time.")
with st.expander("Sources and outlets (table)"):
    widgets.table(
        widgets.derived(corpus, "wire_charts.flow_table", corpus.provenance, corpus.articles), name="wire_flow"
    )
relations = corpus.overlap["relation"].value_counts()
st.caption(
    "Article pairs: "
    + " · ".join(f"{relations.get(name, 0):,} {name}" for name in ("copy", "syndicated", "shares quotes"))
    + " (each pair counted in both directions)."
)
widgets.download_all({"wire_flow": flow, "wire_over_time": over_time}, "wire_flow")
