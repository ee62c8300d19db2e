"""Gradual strength: DF-QuAD (Rago, Toni, Aurisicchio and Baroni 2016) on a party's view,
kept within the band its grounded label allows.

Every node and edge gets a score in [0, 1]. Base scores come from the acceptance: an
accepted item 1.0, a rejected one 0.0; unstated evidence 0.5; an unstated claim 0.0 in
``unsupported`` mode (a claim has only the strength its supports give it) and 0.5 in
``presumptive`` mode; an unstated edge 1.0. A node's supporters and attackers are its
supports- and rebuts-edges, each contributing ``strength(edge) * strength(source)``; an
edge's attackers are its undercutters, contributing the same way. With ``F(v1..vn) = 1 -
prod(1 - vi)``, ``va = F(attackers)``, ``vs = F(supporters)`` and base ``v0``:
``v0 - v0 * (va - vs)`` if ``va >= vs``, else ``v0 + (1 - v0) * (vs - va)``. Scores are
computed by simultaneous iteration from the base scores until no score moves more than
``TOLERANCE`` or ``MAX_ROUNDS`` rounds have run (acyclic graphs settle in as many rounds
as their depth; cyclic ones usually converge, and the cap bounds the rest).

DF-QuAD alone can contradict the labels (a claim IN with strength 0 when it is supported
by unstated evidence that an unstated rebuttal matches, OUT with strength 1 when its
support is undercut). The strength reported is therefore the DF-QuAD score moved into the
band of the item's grounded label: IN ``max(score, 0.5)``, OUT ``min(score, 0.5)``, UNDEC
``0.5``. So strength never contradicts the label (IN never below 0.5, OUT never above 0.5,
UNDEC exactly 0.5) and, within a band, orders items as DF-QuAD does.

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
>>> strengths(g, {"e": "accepted"})["c"]
1.0
>>> strengths(g, {})["c"]
0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from kb.doc import Mode, Stance
from kb.engine.graph import EDGE_KIND, ArgGraph
from kb.engine.grounded import grounded_labels
from kb.engine.labels import Label

TOLERANCE = 1e-9
MAX_ROUNDS = 1000


def _base(graph: ArgGraph, vertex: int, stance: Stance) -> float:
    if stance == Stance.ACCEPTED:
        return 1.0
    if stance == Stance.REJECTED:
        return 0.0
    kind = graph.kinds[vertex]
    if kind == EDGE_KIND:
        return 1.0
    if kind == "evidence":
        return 0.5
    return 0.5 if graph.mode == Mode.PRESUMPTIVE else 0.0


def strengths(graph: ArgGraph, acceptance: Mapping[str, Stance | str]) -> dict[str, float]:
    """Strength of every node and edge (``edge:KEY``) of `graph` for `acceptance`: the
    DF-QuAD score within the band of the grounded label (see the module notes)."""
    scores = dfquad(graph, acceptance)
    labels = grounded_labels(graph, acceptance)
    return {item: _within(labels[vertex], scores[item])
            for vertex, item in enumerate(graph.items)}


def _within(label: Label, score: float) -> float:
    """`score` moved into the band `label` allows."""
    if label == Label.IN:
        return max(score, 0.5)
    if label == Label.OUT:
        return min(score, 0.5)
    return 0.5


def dfquad(graph: ArgGraph, acceptance: Mapping[str, Stance | str]) -> dict[str, float]:
    """The plain DF-QuAD score of every node and edge of `graph` for `acceptance` (each
    round over arrays: every product is taken in the order of the debate, as written)."""
    stances = graph.check_acceptance(acceptance)
    size = graph.size
    base = np.array([_base(graph, v, stances.get(v, Stance.UNSTATED)) for v in range(size)],
                    dtype=np.float64)
    edges = np.array([v for v in range(size) if graph.is_edge(v)], dtype=np.int64)
    sources = np.array([graph.source[v] for v in edges], dtype=np.int64)
    attacks, supports = _pairs(graph.rebuts_in), _pairs(graph.supports_in)
    score = base.copy()
    weight = np.zeros(size)
    for _ in range(MAX_ROUNDS):
        weight[edges] = score[edges] * score[sources]
        attack, support = _combined(weight, attacks, size), _combined(weight, supports, size)
        following = np.where(attack >= support, base - base * (attack - support),
                             base + (1.0 - base) * (support - attack))
        moved = float(np.max(np.abs(score - following))) if size else 0.0
        score = following
        if moved <= TOLERANCE:
            break
    return {item: round(float(value), 12) for item, value in zip(graph.items, score,
                                                                  strict=True)}


def _pairs(groups: tuple[tuple[int, ...], ...]) -> tuple[Any, Any]:
    """(head, member) index arrays of per-vertex groups, members in their order."""
    heads = [vertex for vertex, members in enumerate(groups) for _ in members]
    members = [member for group in groups for member in group]
    return np.array(heads, dtype=np.int64), np.array(members, dtype=np.int64)


def _combined(weight: Any, pairs: tuple[Any, Any], size: int) -> Any:
    """``F`` of each vertex's group: ``1 - prod(1 - w)``, the product in group order."""
    product = np.ones(size)
    heads, members = pairs
    np.multiply.at(product, heads, 1.0 - weight[members])
    return 1.0 - product
