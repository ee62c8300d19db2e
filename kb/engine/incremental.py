"""The grounded labelling after a change, recomputed only where the change can reach.

A grounded label depends only on the item's ancestors (:meth:`ArgGraph.ancestors`). After a
change to some items (a stance, an added node, an added edge and its target), every vertex
outside their :meth:`~ArgGraph.descendants` keeps its label; the others are relabelled by
the well-founded model of their own rules, where each vertex they name from outside holds
its known label (IN: a fact; OUT: no rule; UNDEC: ``x <- not x``, undefined). The
well-founded semantics splits this way (the outside never depends on the inside), so the
result is the grounded labelling of the whole graph.

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> from kb.engine.grounded import grounded_labels
>>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"], supports=[("e", "c")])
>>> before = grounded_labels(g, {"e": "accepted"})
>>> after = relabelled(g, {"e": "rejected"}, before, [g.index()["e"]])
>>> [label.value for label in after] == [
...     label.value for label in grounded_labels(g, {"e": "rejected"})]
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kb.doc import Stance
from kb.engine.graph import ArgGraph
from kb.engine.grounded import well_founded
from kb.engine.labels import Label
from kb.engine.program import NO_ATOM, Program

LOCAL_SHARE = 0.05
"""Past this share of the graph's vertices to relabel, a whole recomputation is cheaper."""


def relabelled(graph: ArgGraph, acceptance: Mapping[str, Stance | str],
               previous: Sequence[Label], changed: Iterable[int], *,
               share: float = LOCAL_SHARE) -> list[Label] | None:
    """The grounded labels of `graph` for `acceptance`, from `previous` (the labels of the
    graph before a change, one per vertex it had) and the vertices whose rules `changed`
    (every vertex added since `previous` included). None when more than `share` of the
    graph is reachable from the change: recompute it whole then.

    >>> g = ArgGraph.from_lists(claims=["a", "b"], rebuts=[("a", "b")])
    >>> relabelled(g, {}, [], [0, 1, 2])
    [<Label.OUT: 'OUT'>, <Label.OUT: 'OUT'>, <Label.OUT: 'OUT'>]
    """
    most = max(64, int(share * graph.size))
    found = graph.descendants(changed, limit=most)
    if len(found) > most:
        return None
    reach = sorted(found)
    local = {vertex: number for number, vertex in enumerate(reach)}
    heads: list[int] = []
    positives: list[int] = []
    negatives: list[tuple[int, ...]] = []
    atoms = [graph.items[v] for v in reach]

    def atom(vertex: int) -> int:
        if vertex not in local:  # outside the reach: holds its known label
            local[vertex] = len(atoms)
            atoms.append(graph.items[vertex])
            fixed = previous[vertex]
            if fixed != Label.OUT:
                heads.append(local[vertex])
                positives.append(NO_ATOM)
                negatives.append(() if fixed == Label.IN else (local[vertex],))
        return local[vertex]

    for vertex in reach:
        stance = Stance(acceptance.get(graph.items[vertex], Stance.UNSTATED))
        for positive, attackers in graph.rules_for(vertex, stance):
            body = NO_ATOM if positive == NO_ATOM else atom(positive)
            negated = tuple(atom(a) for a in attackers)  # both before the rule is added
            heads.append(local[vertex])
            positives.append(body)
            negatives.append(negated)
    model = well_founded(Program(tuple(atoms), heads, positives, negatives))
    labels = [*previous, *[Label.UNDEC] * (graph.size - len(previous))]
    for vertex in reach:
        labels[vertex] = model.labels[local[vertex]]
    return labels
