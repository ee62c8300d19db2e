"""What the shape of a debate says, before any party: sub-debates and central claims.

A node's label depends only on the items that reach it (through supports, rebuttals and
undercutters): its *sub-debate*. Under grounded, complete and preferred semantics that part
of the debate gives the node the same label as the whole (directionality; Baroni and
Giacomin 2007), so the crux and flip searches, the claim detail and the summary all work on
it. The vertex-level walk is :meth:`kb.engine.graph.ArgGraph.ancestors`; this module gives
it in node keys and as a smaller :class:`DebateDoc`.

Examples
--------
>>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D", nodes=tuple(
...     NodeDoc(k, NodeKind.CLAIM, k) for k in "abc"),
...     edges=(EdgeDoc("x", "a", Relation.SUPPORTS, target="b"),
...            EdgeDoc("y", "b", Relation.SUPPORTS, target="c")))
>>> sorted(ancestors(doc, "b"))
['a', 'b', 'edge:x']
>>> [n.key for n in sub_debate(doc, ["b"]).nodes]
['a', 'b']
>>> central_claims(doc)
['c']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kb.doc import DebateDoc, Mode, NodeKind, edge_item
from kb.engine.graph import ArgGraph
from kb.errors import NotFoundError

CENTRAL_TAG = "central"
"""A claim with this tag is a central claim of its debate (where a map opens, what a
summary leads with)."""


def ancestors(doc: DebateDoc, *keys: str, graph: ArgGraph | None = None) -> set[str]:
    """The items (node keys and ``edge:KEY``) with a path to one of `keys`, `keys` included.

    `graph` is ``ArgGraph.from_doc(doc)`` when the caller has it already.
    NotFoundError for a key that is neither a node nor an ``edge:KEY`` of `doc`.
    """
    graph = ArgGraph.from_doc(doc) if graph is None else graph
    index = graph.index()
    missing = [key for key in keys if key not in index]
    if missing:
        raise NotFoundError(f"debate '{doc.slug}' has no node or edge '{missing[0]}'")
    return {graph.items[v] for v in graph.ancestors(*(index[key] for key in keys))}


def distances(doc: DebateDoc, key: str) -> dict[str, int]:
    """How far each item of the sub-debate that reaches `key` lies from it: the nodes on
    the way down to `key` (an edge adds no step; breadth first, the first way found).

    >>> from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
    >>> doc = DebateDoc(slug="d", title="D", nodes=tuple(
    ...     NodeDoc(k, NodeKind.CLAIM, k) for k in "abc"),
    ...     edges=(EdgeDoc("x", "a", Relation.SUPPORTS, target="b"),
    ...            EdgeDoc("y", "b", Relation.SUPPORTS, target="c")))
    >>> distances(doc, "c")
    {'c': 0, 'edge:y': 0, 'b': 1, 'edge:x': 1, 'a': 2}
    """
    graph = ArgGraph.from_doc(doc)
    index = graph.index()
    if key not in index:
        raise NotFoundError(f"debate '{doc.slug}' has no node or edge '{key}'")
    seen = {index[key]: 0}
    frontier = [index[key]]
    while frontier:
        following = []
        for vertex in frontier:
            for before in graph.predecessors(vertex):
                if before not in seen:
                    seen[before] = seen[vertex] + (0 if graph.is_edge(before) else 1)
                    following.append(before)
        frontier = following
    return {graph.items[vertex]: steps for vertex, steps in seen.items()}


def sub_debate(doc: DebateDoc, keys: Iterable[str]) -> DebateDoc:
    """The part of `doc` that reaches the nodes `keys`: its nodes and edges (in the order of
    `doc`) and every party's acceptance of them. It decides the labels of `keys`.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> sub_debate(DebateDoc(slug="d", title="D", nodes=(NodeDoc("a", NodeKind.CLAIM, "A"),)),
    ...            ["a"]).nodes[0].key
    'a'
    """
    seen = ancestors(doc, *keys)
    return replace(
        doc,
        nodes=tuple(node for node in doc.nodes if node.key in seen),
        edges=tuple(edge for edge in doc.edges if edge_item(edge.key) in seen),
        acceptance={
            party: {item: stance for item, stance in items.items() if item in seen}
            for party, items in doc.acceptance.items()
        },
    )


def claim_alone(doc: DebateDoc, key: str) -> DebateDoc:
    """`doc` with every other claim read as evidence, so that `key` is its only claim.

    In ``unsupported`` mode a node's kind changes no label (a premise is what the party
    accepts, whatever its kind), so the labels, and the cruxes on `key`, stay the same while
    a search over claims looks at `key` only; in ``presumptive`` mode claims are premises
    unless rejected, so nothing is changed.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...     nodes=(NodeDoc("a", NodeKind.CLAIM, "A"), NodeDoc("b", NodeKind.CLAIM, "B")))
    >>> [n.kind.value for n in claim_alone(doc, "a").nodes]
    ['claim', 'evidence']
    """
    if doc.mode is not Mode.UNSUPPORTED:
        return doc
    nodes = tuple(
        node
        if node.key == key or node.kind is NodeKind.EVIDENCE
        else replace(node, kind=NodeKind.EVIDENCE)
        for node in doc.nodes
    )
    return replace(doc, nodes=nodes)


def central_claims(doc: DebateDoc) -> list[str]:
    """The nodes tagged ``central`` (in the order of `doc`); when none is tagged, the claim
    most of the debate leads to (the largest sub-debate; the first such). Empty without
    claims.

    >>> from kb.doc import DebateDoc
    >>> central_claims(DebateDoc(slug="d", title="D"))
    []
    """
    tagged = [node.key for node in doc.nodes if CENTRAL_TAG in node.tags]
    if tagged:
        return tagged
    claims = [node.key for node in doc.nodes if node.kind is NodeKind.CLAIM]
    if not claims:
        return []
    graph = ArgGraph.from_doc(doc)
    index = graph.index()
    return [max(claims, key=lambda key: len(graph.ancestors(index[key])))]
