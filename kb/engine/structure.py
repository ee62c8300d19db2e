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

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from kb.doc import DebateDoc, Mode, NodeKind, edge_item
from kb.engine.graph import ArgGraph
from kb.errors import NotFoundError

CENTRAL_TAG = "central"
"""A claim with this tag is a central claim of its debate (where a map opens, what a
summary leads with)."""
EXACT_WORK = 100_000_000
"""Up to this many (claims x vertices), the candidates' sub-debates are counted exactly."""
CANDIDATES = 16
"""Beyond, this many claims of largest estimated sub-debate are counted exactly."""


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


def central_claims(doc: DebateDoc, *, graph: ArgGraph | None = None) -> list[str]:
    """The nodes tagged ``central`` (in the order of `doc`); when none is tagged, the claim
    most of the debate leads to (the largest sub-debate; the first such; see
    :func:`largest_sub_debate`). Empty without claims. `graph` is
    ``ArgGraph.from_doc(doc)`` when the caller has it already.

    >>> from kb.doc import DebateDoc
    >>> central_claims(DebateDoc(slug="d", title="D"))
    []
    """
    tagged = [node.key for node in doc.nodes if CENTRAL_TAG in node.tags]
    if tagged:
        return tagged
    claims = [number for number, node in enumerate(doc.nodes) if node.kind is NodeKind.CLAIM]
    if not claims:
        return []
    graph = ArgGraph.from_doc(doc) if graph is None else graph
    return [doc.nodes[largest_sub_debate(graph, claims)].key]


def largest_sub_debate(graph: ArgGraph, claims: Sequence[int]) -> int:
    """The vertex among `claims` (in graph order) that most of `graph` reaches; the first
    such.

    Only the claims that lead on to no claim outside their strongly connected part can be
    largest (:func:`kb.engine.reach.unsurpassed`); their sub-debates are counted exactly
    when that costs at most :data:`EXACT_WORK` steps. Beyond, the :data:`CANDIDATES` of
    them with the largest estimated sub-debates (:func:`kb.engine.reach.estimated_counts`)
    are counted and the largest wins.

    >>> g = ArgGraph.from_lists(evidence=["e"], claims=["a", "b"], supports=[("e", "a")])
    >>> g.items[largest_sub_debate(g, [1, 2])]
    'a'
    """
    from kb.engine import reach  # numba loads only for a debate without a tagged claim

    edges = [v for v in range(graph.size) if graph.is_edge(v)]
    tails = [graph.source[v] for v in edges] + edges
    heads = edges + [graph.target[v] for v in edges]
    into_start, into = reach.arrows_into(graph.size, tails, heads)
    out_start, out = reach.arrows_into(graph.size, heads, tails)
    marked = np.zeros(graph.size, dtype=np.bool_)
    marked[np.asarray(claims, dtype=np.int64)] = True
    chosen = np.flatnonzero(reach.unsurpassed(into_start, into, out_start, out, marked))
    if len(chosen) * graph.size > EXACT_WORK:
        estimate = reach.estimated_counts(into_start, into)[chosen]
        best = np.argsort(-estimate, kind="stable")[:CANDIDATES]
        chosen = np.sort(chosen[best])
    counts = reach.ancestor_counts(into_start, into, chosen)
    return int(chosen[int(np.argmax(counts))])
