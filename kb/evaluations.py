"""Grounded evaluations kept warm across revisions: after a write, only what it can reach.

A party's grounded labels at a revision are kept in ``caches.grounded`` with the graph they
were computed on. For a later revision, :func:`grounded_labels_at` walks back through the
writes this process made (``caches.steps``) to a revision whose labels are kept, grows that
graph with the nodes and edges added since (:meth:`ArgGraph.extended`: no vertex is
renumbered) and relabels only the descendants of what changed
(:func:`kb.engine.incremental.relabelled`); when that reaches too much of the debate, the
grown graph is labelled whole, still without building it again from the document. A write
it cannot follow that way (a removal, an edge re-aimed, a node's kind or the debate's mode
changed, a write by another host) means a whole evaluation, as on a first read.

Examples
--------
>>> from datetime import datetime, UTC
>>> from kb.cache import Caches, DebateKey
>>> from kb.store.examples import demo_store
>>> store = demo_store()
>>> debate, key, doc = store.read_doc("demo")
>>> grounded_json(store.caches, key, doc, "ann")["labels"]
{'e1': 'IN', 'c1': 'IN'}
>>> store.set_stance("demo", "ann", "e1", "rejected", actor="ann").revision
2
>>> debate, key, doc = store.read_doc("demo")
>>> grounded_json(store.caches, key, doc, "ann")["labels"]  # derived from revision 1
{'e1': 'OUT', 'c1': 'OUT'}
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import compress
from typing import Any

from kb.cache import Caches, DebateKey
from kb.doc import (
    EDGE_ITEM_PREFIX,
    ITEM_CLASSES,
    DebateDoc,
    EdgeDoc,
    edge_item,
    from_plain,
)
from kb.engine.graph import EDGE_KIND, ArgGraph
from kb.engine.grounded import grounded_labels
from kb.engine.incremental import relabelled
from kb.engine.labels import Label
from kb.store.state import Changes, split_id, split_stance

VALUES = {label: label.value for label in Label}
GRAPH = "graph"
"""``caches.grounded[(key, GRAPH)]``: the graph every party's labels at `key` share."""
WALK = 512
"""At most this many writes are followed back to kept labels."""
SHAPE = {"node": ("kind",), "edge": ("source", "target", "target_edge", "relation")}
"""The fields of a node or an edge its rules depend on."""


def grounded_json(caches: Caches, key: DebateKey, doc: DebateDoc, party: str) -> dict[str, Any]:
    """The JSON of ``GET .../evaluation?party=P`` (grounded) for `party` at `key`."""
    doc.party(party)
    graph, labels = grounded_labels_at(caches, key, doc, party)
    values = list(map(VALUES.__getitem__, labels))
    names = _names(graph)
    return {"debate": doc.slug, "party": party, "semantics": "grounded",
            "labels": dict(zip(names.nodes, compress(values, names.is_node), strict=True)),
            "edges": dict(zip(names.edges, compress(values, names.is_edge), strict=True))}


def grounded_strings(caches: Caches, key: DebateKey, doc: DebateDoc,
                     party: str) -> dict[str, str]:
    """`party`'s grounded label of every item (node key or ``edge:KEY``) of `doc` at `key`,
    from the labels kept warm across revisions.

    >>> from kb.store.examples import demo_store
    >>> store = demo_store()
    >>> debate, key, doc = store.read_doc("demo")
    >>> grounded_strings(store.caches, key, doc, "ann")
    {'e1': 'IN', 'c1': 'IN', 'edge:s1': 'IN'}
    """
    doc.party(party)
    graph, labels = grounded_labels_at(caches, key, doc, party)
    return dict(zip(graph.items, map(VALUES.__getitem__, labels), strict=True))


@dataclass(frozen=True)
class _Names:
    """The keys of a graph's nodes and edges as the JSON answer names them."""

    is_node: list[bool]
    is_edge: list[bool]
    nodes: list[str]
    edges: list[str]

    def grown(self, items: Iterable[str], kinds: Iterable[str]) -> _Names:
        """These names and those of vertices added after them."""
        added = [(item, kind == EDGE_KIND) for item, kind in zip(items, kinds, strict=True)]
        cut = len(EDGE_ITEM_PREFIX)
        return _Names([*self.is_node, *(not e for _, e in added)],
                      [*self.is_edge, *(e for _, e in added)],
                      [*self.nodes, *(i for i, e in added if not e)],
                      [*self.edges, *(i[cut:] for i, e in added if e)])


def _names(graph: ArgGraph) -> _Names:
    """The JSON names of `graph`'s vertices, worked out once per graph."""
    found: _Names | None = graph.__dict__.get("_json_names")
    if found is None:
        found = _Names([], [], [], []).grown(graph.items, graph.kinds)
        graph.__dict__["_json_names"] = found
    return found


def grounded_labels_at(caches: Caches, key: DebateKey, doc: DebateDoc,
                       party: str) -> tuple[ArgGraph, list[Label]]:
    """The graph of `doc` (the debate at `key`) and `party`'s grounded labels on it."""
    wanted: Hashable = (key, party)
    found: tuple[ArgGraph, list[Label]] | None = caches.grounded.peek(wanted)
    if found is not None:
        return found
    acceptance = doc.acceptance_of(party)
    derived = _derived(caches, key, party, acceptance)
    if derived is None:
        graph = caches.grounded.get((key, GRAPH), lambda: ArgGraph.from_doc(doc))
        derived = graph, grounded_labels(graph, acceptance)
    elif caches.grounded.peek((key, GRAPH)) is None:
        caches.grounded.put((key, GRAPH), derived[0])
    caches.grounded.put(wanted, derived)
    return derived


def _derived(caches: Caches, key: DebateKey, party: str,
             acceptance: dict[str, Any]) -> tuple[ArgGraph, list[Label]] | None:
    """Labels at `key` from kept ones of an earlier revision, or None."""
    steps: list[tuple[Changes, Changes]] = []
    at = key
    base = None
    while base is None and len(steps) < WALK:
        step = caches.steps.peek(at)
        if step is None:
            return None
        at, before, after = step
        steps.append((before, after))
        base = caches.grounded.peek((at, party))
    if base is None:
        return None
    graph, labels = base
    changed: set[str] = set()
    added: dict[str, list[Any]] = {"node": [], "edge": []}
    for before, after in reversed(steps):
        if not _follow(before, after, party, changed, added):
            return None
    kept = caches.grounded.peek((key, GRAPH))
    size = graph.size + len(added["node"]) + len(added["edge"])
    if kept is not None and kept.size == size and kept.items[:graph.size] == graph.items:
        graph = kept  # the same vertices, numbered alike: another party's grown graph
    elif added["node"] or added["edge"]:  # nodes first: every added edge's ends exist then
        grown = graph.extended(added["node"], added["edge"])
        grown.__dict__["_json_names"] = _names(graph).grown(grown.items[graph.size:],
                                                             grown.kinds[graph.size:])
        graph = grown
    index = graph.index()
    new = relabelled(graph, acceptance, labels, [index[i] for i in changed if i in index])
    return graph, grounded_labels(graph, acceptance) if new is None else new


def _follow(before: Changes, after: Changes, party: str, changed: set[str],
            added: dict[str, list[Any]]) -> bool:
    """Note what one write added (in `added`) and the items whose rules it changed (in
    `changed`); False for a write that does more than add nodes and edges, reword them
    and change stances."""
    for ident, value in sorted(after.items(), key=_placed):
        kind, key = split_id(ident)
        old = before.get(ident)
        if kind == "stance":
            who, item = split_stance(ident)
            if who == party:
                changed.add(item)
        elif kind in ("node", "edge") and old is None and value is not None:
            found = from_plain(ITEM_CLASSES[kind], value)
            added[kind].append(found)
            changed.add(key if kind == "node" else edge_item(key))
            if isinstance(found, EdgeDoc):
                changed.add(edge_item(found.target_edge) if found.target_edge
                            else found.target or "")
        elif not _same_shape(kind, old, value):
            return False
    return True


def _same_shape(kind: str, old: Any, new: Any) -> bool:
    """Whether a change of an item leaves every rule as it was (a node reworded, a party
    renamed; not a removal, an edge re-aimed or the debate's mode changed)."""
    if kind in SHAPE:
        return old is not None and new is not None and all(
            old.get(f) == new.get(f) for f in SHAPE[kind])
    return kind != "debate" or (old or {}).get("mode") == (new or {}).get("mode")


def _placed(entry: tuple[str, Any]) -> tuple[int, str]:
    """Items in the order the document has them: by position, then key."""
    value = entry[1]
    return (value.get("position", 0) if isinstance(value, dict) else 0), entry[0]
