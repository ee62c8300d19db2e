"""Evaluate a debate for one acceptance: labels, labellings, credulous and skeptical views.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, Stance
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="E"),
...            NodeDoc(key="c", kind=NodeKind.CLAIM, text="C")),
...     edges=(EdgeDoc(key="s", source="e", target="c", relation=Relation.SUPPORTS),))
>>> evaluate(doc, {"e": Stance.ACCEPTED}).labels["c"]
<Label.IN: 'IN'>
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from kb.doc import EDGE_ITEM_PREFIX, DebateDoc, Stance
from kb.engine.extensions import labellings as all_labellings
from kb.engine.graph import ArgGraph
from kb.engine.grounded import grounded_labels
from kb.engine.labels import Label, Labelling, Semantics, parse_semantics

T = TypeVar("T")

def graph_of(doc: DebateDoc) -> ArgGraph:
    """The :class:`ArgGraph` of `doc` (built on each call: callers that need it several
    times keep it and pass it on).

    >>> from kb.doc import DebateDoc
    >>> graph_of(DebateDoc(slug="d", title="D")).size
    0
    """
    return ArgGraph.from_doc(doc)


def _is_node(item: str) -> bool:
    return not item.startswith(EDGE_ITEM_PREFIX)


@dataclass(frozen=True)
class Evaluation:
    """Labels of every node and edge (``edge:KEY``) under one semantics.

    ``labels`` is the skeptical view: IN if IN in all labellings, OUT if OUT in all, else
    UNDEC (for grounded, the grounded labelling itself).
    """

    semantics: Semantics
    labels: dict[str, Label]
    labellings: list[dict[str, Label]]
    credulous: dict[str, bool]
    skeptical: dict[str, bool]
    truncated: bool = False
    """True when there were more than ``MAX_LABELLINGS`` labellings to list."""

    def node_labels(self) -> dict[str, Label]:
        """Labels of the nodes only."""
        return {k: v for k, v in self.labels.items() if _is_node(k)}

    def to_json(self, *, debate: str, party: str) -> dict[str, Any]:
        """The JSON of ``argmap evaluate`` and ``GET .../evaluation`` (INTERFACES.md).

        >>> e = Evaluation(Semantics.GROUNDED, {"c": Label.IN, "edge:s": Label.OUT},
        ...                [], {}, {})
        >>> e.to_json(debate="d", party="p")["labels"]
        {'c': 'IN'}
        """
        body: dict[str, Any] = {
            "debate": debate,
            "party": party,
            "semantics": self.semantics.value,
            "labels": {k: v.value for k, v in self.labels.items() if _is_node(k)},
            "edges": {
                k.removeprefix(EDGE_ITEM_PREFIX): v.value
                for k, v in self.labels.items()
                if not _is_node(k)
            },
        }
        if self.semantics != Semantics.GROUNDED:
            body["labellings"] = [
                {k: v.value for k, v in labelling.items() if _is_node(k)}
                for labelling in self.labellings
            ]
            body["credulous"] = {k: v for k, v in self.credulous.items() if _is_node(k)}
            body["skeptical"] = {k: v for k, v in self.skeptical.items() if _is_node(k)}
            if self.truncated:
                body["labellings_truncated"] = True
        return body


def evaluate(
    doc: DebateDoc,
    acceptance: Mapping[str, Stance | str],
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
    graph: ArgGraph | None = None,
) -> Evaluation:
    """Evaluate `doc` for one acceptance (a party's, or any what-if position).

    Parameters
    ----------
    doc : DebateDoc
    acceptance : Mapping
        Node key or ``edge:KEY`` -> accepted, rejected or unstated.
    semantics : Semantics
        grounded (default), complete, preferred or stable.
    graph : ArgGraph, optional
        ``ArgGraph.from_doc(doc)``, when the caller has it already.

    Returns
    -------
    Evaluation

    Raises
    ------
    InvalidInputError
        For an unknown item, stance or semantics.

    Examples
    --------
    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D", nodes=(NodeDoc("c", NodeKind.CLAIM, "C"),))
    >>> evaluate(doc, {}).labels
    {'c': <Label.OUT: 'OUT'>}
    """
    chosen = parse_semantics(semantics)
    graph = graph_of(doc) if graph is None else graph
    items = graph.items
    if chosen == Semantics.GROUNDED:
        labels = dict(zip(items, grounded_labels(graph, acceptance), strict=True))
        accepted = {item: label == Label.IN for item, label in labels.items()}
        return Evaluation(chosen, labels, [labels], accepted, dict(accepted))
    program = graph.program(acceptance)
    from kb.engine.extensions import MAX_LABELLINGS

    found = all_labellings(program, chosen, limit=MAX_LABELLINGS + 1)
    listed: list[Labelling] = [
        dict(zip(items, labels, strict=True)) for labels in found[:MAX_LABELLINGS]
    ]
    return _views(chosen, items, listed, truncated=len(found) > MAX_LABELLINGS)


def _views(chosen: Semantics, items: tuple[str, ...], listed: list[Labelling], *,
           truncated: bool) -> Evaluation:
    """The credulous, skeptical and label views of the `listed` labellings."""
    if not listed:
        undec = dict.fromkeys(items, Label.UNDEC)
        never = dict.fromkeys(items, False)
        return Evaluation(chosen, undec, [], never, dict(never))
    credulous = {item: any(lab[item] == Label.IN for lab in listed) for item in items}
    skeptical = {item: all(lab[item] == Label.IN for lab in listed) for item in items}
    labels = {}
    for item in items:
        if skeptical[item]:
            labels[item] = Label.IN
        elif all(lab[item] == Label.OUT for lab in listed):
            labels[item] = Label.OUT
        else:
            labels[item] = Label.UNDEC
    return Evaluation(chosen, labels, listed, credulous, skeptical, truncated)


def evaluate_party(
    doc: DebateDoc, party: str, *, semantics: Semantics | str = Semantics.GROUNDED,
    graph: ArgGraph | None = None,
) -> Evaluation:
    """Evaluate `doc` for the acceptance of `party` (NotFoundError for an unknown party).

    >>> from kb.doc import DebateDoc
    >>> evaluate_party(DebateDoc(slug="d", title="D"), "nobody")
    Traceback (most recent call last):
    ...
    kb.errors.NotFoundError: debate 'd' has no party 'nobody'
    """
    return evaluate(doc, doc.acceptance_of(party), semantics=semantics, graph=graph)


class EvaluationCache:
    """A bounded, thread-safe LRU cache of computed results.

    Callers key it on ``(slug, revision, party or acceptance digest, semantics)``.

    >>> cache = EvaluationCache(maxsize=1)
    >>> cache.get_or_compute(("d", 1), lambda: 42)
    42
    >>> cache.get_or_compute(("d", 1), lambda: 0)
    42
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """Return the cached value for `key`, computing and storing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                cached: T = self._items[key]
                return cached
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every cached value."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
