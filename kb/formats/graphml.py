"""GraphML export (written by networkx), with a party's labels as attributes.

Encoding (shared with the DOT export, see docs/formats.md): every node is a graph node
(``kind`` claim or evidence, ``text``, ``tags``, ``citations``); an edge nobody undercuts
is one graph edge with the edge key as its id (``relation``, ``text``); an edge that an
undercutter aims at gets a junction node ``edge:KEY`` (``kind`` = ``edge``) and is drawn
as two graph edges ``KEY/from`` (source -> junction) and ``KEY/to`` (junction -> target),
so the undercutter can end on the junction. With ``party=P`` every node, junction and
edge carries ``label`` (IN/OUT/UNDEC) and nodes ``strength`` for P, and the graph
``party``.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E"),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C")),
...     edges=(EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),))
>>> [(a, b, k) for a, b, k in to_networkx(doc).edges(keys=True)]
[('e', 'c', 's')]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kb.doc import EDGE_ITEM_PREFIX, DebateDoc, EdgeDoc

MEDIA_TYPE = "application/graphml+xml"
EXTENSION = ".graphml"
JUNCTION_KIND = "edge"


@dataclass(frozen=True)
class Segment:
    """One drawn line: part or all of an edge of the debate."""

    id: str
    tail: str
    head: str
    edge: EdgeDoc
    role: str
    """``whole``, ``from`` (source -> junction) or ``to`` (junction -> target)."""


def junction(edge_key: str) -> str:
    """The id of the junction node of an undercut edge.

    >>> junction("s1")
    'edge:s1'
    """
    return EDGE_ITEM_PREFIX + edge_key


def segments(doc: DebateDoc) -> tuple[list[str], list[Segment]]:
    """Return (junction node ids, segments) of `doc` in the encoding of this module.

    >>> from kb.doc import DebateDoc, EdgeDoc, Relation
    >>> doc = DebateDoc(slug="d", title="D", edges=(
    ...     EdgeDoc(key="s", source="e", relation=Relation.SUPPORTS, target="c"),
    ...     EdgeDoc(key="u", source="f", relation=Relation.REBUTS, target_edge="s")))
    >>> junctions, parts = segments(doc)
    >>> junctions, [(p.id, p.tail, p.head) for p in parts]
    (['edge:s'], [('s/from', 'e', 'edge:s'), ('s/to', 'edge:s', 'c'), ('u', 'f', 'edge:s')])
    """
    aimed_at = {e.target_edge for e in doc.edges if e.target_edge is not None}
    junctions = [junction(e.key) for e in doc.edges if e.key in aimed_at]
    parts: list[Segment] = []
    for edge in doc.edges:
        head = edge.target if edge.target is not None else junction(edge.target_edge or "")
        if edge.key in aimed_at:
            parts.append(Segment(f"{edge.key}/from", edge.source, junction(edge.key), edge,
                                 "from"))
            parts.append(Segment(f"{edge.key}/to", junction(edge.key), head, edge, "to"))
        else:
            parts.append(Segment(edge.key, edge.source, head, edge, "whole"))
    return junctions, parts


def party_view(doc: DebateDoc, party: str | None) -> tuple[dict[str, str], dict[str, float]]:
    """Labels (node key or ``edge:KEY`` -> IN/OUT/UNDEC) and node strengths for `party`.

    Empty dicts without a party; NotFoundError for an unknown one.

    >>> from kb.doc import DebateDoc
    >>> party_view(DebateDoc(slug="d", title="D"), None)
    ({}, {})
    """
    if party is None:
        return {}, {}
    from kb.engine import evaluate_party, strength

    labels = {k: v.value for k, v in evaluate_party(doc, party).labels.items()}
    return labels, strength(doc, doc.acceptance_of(party))


def to_networkx(doc: DebateDoc, *, party: str | None = None) -> nx.MultiDiGraph:
    """Build the networkx multigraph of `doc` (attributes are strings and numbers only).

    >>> from kb.doc import DebateDoc
    >>> to_networkx(DebateDoc(slug="d", title="D")).graph["slug"]
    'd'
    """
    labels, strengths = party_view(doc, party)
    graph = nx.MultiDiGraph(name=doc.title, slug=doc.slug, **({"party": party} if party else {}))
    for node in doc.nodes:
        attrs: dict[str, str | float] = {
            "kind": node.kind.value, "text": node.text, "tags": "; ".join(node.tags),
            "citations": "; ".join(str(c) for c in node.citations)}
        if party is not None:
            attrs["label"] = labels.get(node.key, "")
            attrs["strength"] = round(strengths.get(node.key, 0.0), 4)
        graph.add_node(node.key, **attrs)
    junctions, parts = segments(doc)
    for node_id in junctions:
        attrs = {"kind": JUNCTION_KIND, "text": ""}
        if party is not None:
            attrs["label"] = labels.get(node_id, "")
        graph.add_node(node_id, **attrs)
    for part in parts:
        edge = part.edge
        attrs = {"edge": edge.key, "relation": edge.relation.value, "role": part.role,
                 "text": edge.text, "citations": "; ".join(str(c) for c in edge.citations),
                 "undercutter": str(edge.is_undercutter).lower()}
        if party is not None:
            attrs["label"] = labels.get(junction(edge.key), "")
        graph.add_edge(part.tail, part.head, key=part.id, **attrs)
    return graph


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Write `doc` as GraphML; with `party`, that party's labels and strengths as attributes.

    >>> from kb.doc import DebateDoc
    >>> dump(DebateDoc(slug="d", title="D")).startswith("<?xml")
    True
    """
    graph = to_networkx(doc, party=party)
    body = "\n".join(nx.generate_graphml(graph, prettyprint=True))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
