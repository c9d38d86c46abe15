"""Untrusted text made safe to show: the one place where outlet names, titles, speakers, quotes
and sentences are escaped before they reach a chart, a metric or a label.

Two renderers read markup in strings the app hands them:

- **plotly** reads a few HTML tags in every string it draws (axis ticks, legends, node text,
  hover text, titles): ``<a href>``, ``<b>``, ``<i>``, ``<span style>``, ``<br>``, ``<sub>``.
  ``figure(fig)`` escapes ``&``, ``<`` and ``>`` in every string of a figure that is drawn
  (trace names, x/y categories, text, hover text, custom data, category orders, tick texts,
  annotations and titles). plotly turns the entities back into the characters when it draws,
  so an outlet named ``AT&T`` still reads ``AT&T``, and ``<b>x</b>`` reads as typed. Hover
  templates are ours and keep their tags, but plotly express writes trace names into them
  (``outlet=<name>``): those are escaped too.
- **Streamlit** reads Markdown in metric values, labels and captions (images, links, KaTeX,
  ``:red[…]`` directives). ``markdown(text)`` backslash-escapes every ASCII punctuation mark,
  which CommonMark shows as the mark itself.

Data grids (``st.dataframe``), ``st.text`` and ``st.code`` show text as text and need neither.
Every chart builder passes its figure through ``figure`` (``charts._style`` does it), so a new
builder is safe by calling ``_style`` or ``figure``.
"""

from __future__ import annotations

import html
import re
import string

import numpy as np
import plotly.graph_objects as go

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
TRACE_TEXT = ("x", "y", "text", "hovertext", "customdata", "labels", "ids")  # per-point strings that are drawn
GROUPS = ("name", "legendgroup", "offsetgroup", "alignmentgroup")  # escaped alike, so traces still group
AXIS_TEXT = ("categoryarray", "tickvals", "ticktext")  # tick values must match the escaped categories
ESCAPED = "_wirewatch_escaped"  # set on a figure once escaped, so a second pass never escapes twice


def plain(text: str) -> str:
    """``text`` for plotly: ``&``, ``<``, ``>`` as entities (plotly draws them as the characters)."""
    return html.escape(text, quote=False)


def markdown(text: object) -> str:
    """``text`` for Streamlit's Markdown (metrics, captions, labels): every punctuation mark escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def _escaped(values):
    """``values`` (a string, a list/tuple/array of them, possibly nested) with each string escaped."""
    if values is None:
        return None
    if isinstance(values, str):
        return plain(values)
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "OUS":
            escape = np.frompyfunc(lambda v: plain(v) if isinstance(v, str) else v, 1, 1)
            return escape(values.astype(object))
        return values
    if isinstance(values, list | tuple):
        return type(values)(_escaped(value) for value in values)
    return values


def figure(fig: go.Figure) -> go.Figure:
    """Escape, in place, every string of ``fig`` that plotly draws; returns ``fig``. Idempotent."""
    if getattr(fig, ESCAPED, False):
        return fig
    for trace in fig.data:
        name = trace.name if isinstance(getattr(trace, "name", None), str) else None
        template = getattr(trace, "hovertemplate", None)
        if name and isinstance(template, str) and plain(name) != name:
            trace.hovertemplate = template.replace(f"={name}", f"={plain(name)}")  # px writes `outlet=<name>`
        for prop in TRACE_TEXT + GROUPS:
            if prop in trace and trace[prop] is not None:
                trace[prop] = _escaped(trace[prop])
        for part in ("node", "link"):  # a Sankey's node and link labels
            if part in trace and trace[part].label is not None:
                trace[part].label = _escaped(trace[part].label)
        if "legendgrouptitle" in trace and trace.legendgrouptitle.text:
            trace.legendgrouptitle.text = plain(trace.legendgrouptitle.text)
    layout = fig.layout
    if layout.title.text:
        layout.title.text = plain(layout.title.text)
    if layout.legend.title.text:
        layout.legend.title.text = plain(layout.legend.title.text)
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        for prop in AXIS_TEXT:
            if axis[prop] is not None:
                axis[prop] = _escaped(axis[prop])
        if axis.title.text:
            axis.title.text = plain(axis.title.text)
    for annotation in layout.annotations:
        if annotation.text:
            annotation.text = plain(annotation.text)
    object.__setattr__(fig, ESCAPED, True)
    return fig
