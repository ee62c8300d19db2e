"""Graphviz DOT export, with a party's labels as attributes and colours.

The encoding is the one of the GraphML export (:mod:`kb.formats.graphml`): nodes are boxes
(claims) or notes (evidence); an edge nobody undercuts is one arrow (green ``supports``,
red ``rebuts``); an undercut edge runs through a point-shaped junction ``edge:KEY`` on
which its undercutters (dashed) end. Besides the drawing attributes every node and edge
carries ``kind`` / ``relation`` / ``text`` (and ``argmap_label`` with ``party=P``), so other
tools can read the graph back. Deterministic: the order of the debate is kept.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title='A "quoted" title',
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E"),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C")),
...     edges=(EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),))
>>> print(dump(doc).splitlines()[0])
digraph "d" {
>>> print(quote('say "hi"'))
"say \\"hi\\""
"""

from __future__ import annotations

import textwrap

from kb.doc import DebateDoc, NodeKind, Relation
from kb.formats.graphml import party_view, segments

MEDIA_TYPE = "text/vnd.graphviz"
EXTENSION = ".dot"

FILL = {"IN": "#d9f2d9", "OUT": "#f7d4d4", "UNDEC": "#fff2c2"}
COLOUR = {Relation.SUPPORTS: "#2e7d32", Relation.REBUTS: "#c62828"}
SHAPE = {NodeKind.CLAIM: "box", NodeKind.EVIDENCE: "note"}


ESCAPED = {"label", "xlabel"}
"""Attributes Graphviz reads as escString (backslash escapes); the others keep backslashes."""


def quote(text: str, *, escaped: bool = False) -> str:
    """Return `text` as a DOT double-quoted string (`escaped`: for label-like attributes).

    In DOT only ``\\"`` is an escape; a label also reads ``\\\\`` and ``\\n``.
    """
    if escaped:
        text = text.replace("\\", "\\\\").replace("\n", "\\n")
    elif text.endswith("\\"):
        text += "\\"  # a lone final backslash would escape the closing quote
    return '"' + text.replace('"', '\\"') + '"'


def _attrs(pairs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{name}={quote(value, escaped=name in ESCAPED)}"
                           for name, value in pairs.items()) + "]"


def _wrapped(text: str, width: int = 36) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width)) or " "


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Write `doc` as a DOT digraph; with `party`, colour and label by that party's labels.

    >>> from kb.doc import DebateDoc
    >>> dump(DebateDoc(slug="d", title="D")).splitlines()[-1]
    '}'
    """
    labels, strengths = party_view(doc, party)
    lines = [f"digraph {quote(doc.slug)} {{",
             f"  graph {_attrs({'label': doc.title, 'labelloc': 't', 'rankdir': 'BT'})};",
             '  node [fontname="Helvetica", fontsize="10", style="filled", '
             'fillcolor="white"];',
             '  edge [fontname="Helvetica", fontsize="9"];']
    if party is not None:
        lines.insert(2, f"  graph {_attrs({'argmap_party': party})};")
    for node in doc.nodes:
        attrs = {"label": _wrapped(node.text), "shape": SHAPE[node.kind],
                 "kind": node.kind.value, "text": node.text}
        if node.tags:
            attrs["tags"] = "; ".join(node.tags)
        if party is not None:
            label = labels.get(node.key, "")
            attrs["argmap_label"] = label
            attrs["fillcolor"] = FILL.get(label, "white")
            attrs["xlabel"] = f"{label} {strengths.get(node.key, 0.0):.2f}"
        lines.append(f"  {quote(node.key)} {_attrs(attrs)};")
    junctions, parts = segments(doc)
    for node_id in junctions:
        attrs = {"shape": "point", "width": "0.08", "kind": "edge", "label": ""}
        if party is not None:
            attrs["argmap_label"] = labels.get(node_id, "")
        lines.append(f"  {quote(node_id)} {_attrs(attrs)};")
    for part in parts:
        edge = part.edge
        attrs = {"id": part.id, "relation": edge.relation.value, "color": COLOUR[edge.relation]}
        if edge.is_undercutter:
            attrs["style"] = "dashed"
        if part.role == "from":
            attrs["arrowhead"] = "none"
        if edge.text:
            attrs["text"] = edge.text
        if party is not None:
            label = labels.get("edge:" + edge.key, "")
            attrs["argmap_label"] = label
            if label != "IN":
                attrs["style"] = "dotted" if not edge.is_undercutter else "dashed"
        lines.append(f"  {quote(part.tail)} -> {quote(part.head)} {_attrs(attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
