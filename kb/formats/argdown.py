"""Argdown: the export, a ``.argdown`` text the Argdown tools parse into the same graph,
and the import (:func:`load`, :func:`load_report`; the reading is in
:mod:`kb.formats.argdown_syntax` and the mapping in :mod:`kb.formats.argdown_import`).

Mapping (see docs/formats.md):

- every node is a statement ``[key]: text #claim`` (or ``#evidence``), with its tags,
  under a heading ``# Section`` named after its first tag (claims before evidence);
- an edge that no undercutter aims at is a relation under its source statement:
  ``+> [target]`` (supports) or ``-> [target]`` (rebuts), ``_> <edge>`` (undercutter);
- an edge that an undercutter aims at becomes an argument ``<edge key>`` so it can be
  undercut (Argdown undercuts inferences, not relations): a supports edge is the argument
  ``(1) [source] ---- (2) [target]``; a rebuts edge is ``(1) [source] ---- (2) [edge KEY]``
  whose auxiliary conclusion (the rebuttal itself) ``->`` attacks the target node, or ``_>``
  undercuts the target edge.

Parties' acceptance is not part of Argdown; with ``party=P`` each statement gets a tag with
P's label (``#(wong IN)``) computed by the engine.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E [1]."),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C.")),
...     edges=(EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),))
>>> print(dump(doc))
===
title: "D"
===
<BLANKLINE>
[c]: C. #claim
<BLANKLINE>
[e]: E \\[1\\]. #evidence
  +> [c]
<BLANKLINE>
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
from kb.formats.summary import section_title

if TYPE_CHECKING:
    from kb.formats.aif import LoadReport

MEDIA_TYPE = "text/x-argdown"
EXTENSION = ".argdown"

_SPECIAL = re.compile(r"([\\\[\]<>#*_@{}`~=|$/])")
"""Argdown markup, and ``/`` since ``//`` and ``/*`` start comments."""
_ARROW = {Relation.SUPPORTS: "+>", Relation.REBUTS: "->"}


def escape(text: str) -> str:
    r"""Return `text` on one line with Argdown's markup characters escaped.

    >>> escape("a *b* [c]\n#d")
    'a \\*b\\* \\[c\\] \\#d'
    >>> escape("see https://x.org")
    'see https:\\/\\/x.org'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _tag(text: str) -> str:
    return f"#({escape(text).replace('(', '').replace(')', '')})"


def aux_title(edge_key: str) -> str:
    """Title of the auxiliary conclusion statement of a rebuts edge written as an argument.

    >>> aux_title("r1")
    'edge r1'
    """
    return f"edge {edge_key}"


def _labels(doc: DebateDoc, party: str | None) -> dict[str, str]:
    if party is None:
        return {}
    from kb.engine import evaluate_party

    return {item: label.value for item, label in evaluate_party(doc, party).labels.items()}


def _statement(node: NodeDoc, labels: dict[str, str], party: str | None) -> str:
    tags = [f"#{node.kind.value}"]
    tags += [_tag(t) for t in node.tags]
    if node.key in labels:
        tags.append(_tag(f"{party} {labels[node.key]}"))
    return f"[{node.key}]: {escape(node.text)} {' '.join(tags)}".rstrip()


def _relation(edge: EdgeDoc) -> str:
    if edge.target_edge is not None:
        return f"  _> <{edge.target_edge}>"
    return f"  {_ARROW[edge.relation]} [{edge.target}]"


def _argument(edge: EdgeDoc) -> list[str]:
    gloss = escape(edge.text or f"{edge.source} {edge.relation.value} "
                   + (edge.target or f"edge {edge.target_edge}"))
    lines = [f"<{edge.key}>: {gloss}", "", f"(1) [{edge.source}]", "----"]
    if edge.relation is Relation.SUPPORTS and edge.target is not None:
        lines.append(f"(2) [{edge.target}]")
    else:
        aimed = (f"'{edge.target}'" if edge.target is not None
                 else f"the inference of edge {edge.target_edge}")
        said = escape(f"'{edge.source}' counts against {aimed}.")
        lines.append(f"(2) [{aux_title(edge.key)}]: {said}")
        lines.append(_relation(edge))
    return lines


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Write `doc` as Argdown; with `party`, tag each statement with that party's label.

    >>> from kb.doc import DebateDoc
    >>> print(dump(DebateDoc(slug="d", title='Say "x"')).splitlines()[1])
    title: "Say \\"x\\""
    """
    labels = _labels(doc, party)
    if party is not None:
        doc.party(party)
    aimed_at = {e.target_edge for e in doc.edges if e.target_edge is not None}
    plain: dict[str, list[EdgeDoc]] = defaultdict(list)
    for edge in doc.edges:
        if edge.key not in aimed_at:
            plain[edge.source].append(edge)
    lines = ["===", f"title: {json.dumps(doc.title, ensure_ascii=False)}"]
    if doc.summary:
        lines.append(f"summary: {json.dumps(' '.join(doc.summary.split()), ensure_ascii=False)}")
    lines += ["===", ""]
    sections: dict[str, list[NodeDoc]] = defaultdict(list)
    for node in doc.nodes:
        sections[node.tags[0] if node.tags else ""].append(node)
    arguments: dict[str, list[EdgeDoc]] = defaultdict(list)
    for edge in doc.edges:
        if edge.key in aimed_at:
            arguments[edge.source].append(edge)
    for tag, nodes in sections.items():
        if len(sections) > 1 or tag:
            lines += [f"# {escape(section_title(tag))}", ""]
        for node in sorted(nodes, key=lambda n: n.kind is not NodeKind.CLAIM):
            lines.append(_statement(node, labels, party))
            lines += [_relation(e) for e in plain[node.key]]
            lines.append("")
        for node in nodes:
            for edge in arguments[node.key]:
                lines += [*_argument(edge), ""]
    return "\n".join(lines)


def load_report(text: str) -> LoadReport:
    """Import an Argdown text; the report lists what could not be represented.

    >>> doc, report = load_report("[a]: Fares rise.\\n  +> [b]: Riders leave.")
    >>> [(e.source, e.relation.value, e.target) for e in doc.edges], report
    ([('a', 'supports', 'b')], [])
    """
    from kb.formats.argdown_import import load_report as _load_report

    return _load_report(text)


def load(text: str) -> DebateDoc:
    """Import an Argdown text (see :func:`load_report` for what is left out).

    >>> [n.key for n in load("[a]: A.\\n\\n[b]: B.").nodes]
    ['a', 'b']
    """
    return load_report(text).doc
