"""The cruxes of two parties' disagreement: flips of one toward the other's label.

For each claim the two parties label differently, a crux is a smallest set of items (nodes
and edges) on which their acceptance differs such that, when one party takes the other's
stance on exactly those items, both label the claim alike. These are the flips
(:mod:`kb.engine.flips`) of each party toward the other's label, with one change allowed
per differing item (taking the other's stance), among the items that reach the claim (no
other item can change its label under grounded, complete and preferred; for stable this is
the documented bound). The search is exact and the flips' own (:mod:`kb.engine.enforce`,
and near the claim on a large sub-debate, :mod:`kb.engine.nearby`): the smallest size
that settles the claim for either party, up to ``max_size`` (default 3), and every set of
that size, each with the parties that can settle it by moving (its settlements). A claim
with no crux within the bound gets no :class:`Crux`.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"), NodeDoc("c", NodeKind.CLAIM, "C")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),),
...     parties=(PartyDoc("a", "A"), PartyDoc("b", "B")),
...     acceptance={"a": {"e": "accepted"}, "b": {"e": "rejected"}})
>>> [(c.items, [s.party for s in c.settlements]) for c in cruxes(doc, "a", "b")]
[(('e',), ['a', 'b'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.doc import DebateDoc, NodeKind, Stance
from kb.engine.evaluation import evaluate, graph_of
from kb.engine.flips import DIRECTIONAL, alternatives, scope, search_for
from kb.engine.graph import ArgGraph
from kb.engine.labels import Label, Semantics, parse_semantics
from kb.errors import NotFoundError

__all__ = ["DIRECTIONAL", "Change", "Crux", "Settlement", "claim_cruxes", "cruxes"]
UNSTATED = Stance.UNSTATED

@dataclass(frozen=True)
class Change:
    """One party taking the other's stance on one item."""

    item: str
    party: str
    before: Stance
    after: Stance


@dataclass(frozen=True)
class Settlement:
    """One way a crux settles the claim: `party` takes the other's stances on the items."""

    party: str
    changes: tuple[Change, ...]
    agreed: Label

    def to_json(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "changes": [
                {"item": c.item, "from": c.before.value, "to": c.after.value}
                for c in self.changes
            ],
            "agreed": self.agreed.value,
        }


@dataclass(frozen=True)
class Crux:
    """A smallest set of differing items whose change settles `claim` between the parties."""

    claim: str
    items: tuple[str, ...]
    label_a: Label
    label_b: Label
    settlements: tuple[Settlement, ...]
    """Which party can move (one or both) and the label they then agree on."""

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "items": list(self.items),
            "a": self.label_a.value,
            "b": self.label_b.value,
            "settlements": [s.to_json() for s in self.settlements],
        }


@dataclass(frozen=True)
class _Side:
    party: str
    stances: dict[int, Stance]
    label: Label


UNLIMITED = 10**9


def cruxes(
    doc: DebateDoc,
    party_a: str,
    party_b: str,
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
    max_size: int = 3,
    claims: Iterable[str] | None = None,
    graph: ArgGraph | None = None,
    radius: int | None = None,
) -> list[Crux]:
    """The cruxes of every claim on which `party_a` and `party_b` diverge.

    Parameters
    ----------
    max_size : int
        Largest set tried; a claim whose disagreement needs more items gets no crux.
    claims : iterable of str, optional
        Only these claims (node keys; NotFoundError for an unknown one). Default: all.
    graph : ArgGraph, optional
        ``ArgGraph.from_doc(doc)``, when the caller has it already.
    radius : int, optional
        As for :func:`kb.engine.flips.flips`: ask near the claim first, from this distance
        (default: from ``NEARBY_FROM`` items in the part on).
    """
    chosen = parse_semantics(semantics)
    graph = graph_of(doc) if graph is None else graph
    index = graph.index()
    wanted: set[str] | None = None
    if claims is not None:
        wanted = set(claims)
        for key in sorted(wanted):
            if key not in index or graph.is_edge(index[key]):
                raise NotFoundError(f"debate '{doc.slug}' has no node '{key}'")
    sides = []
    for party in (party_a, party_b):
        acceptance = doc.acceptance_of(party)
        labels = evaluate(doc, acceptance, semantics=chosen, graph=graph).labels
        sides.append((party, graph.check_acceptance(acceptance), labels))
    found: list[Crux] = []
    for node in sorted(doc.nodes, key=lambda n: n.key):
        claim = node.key
        (a, stances_a, labels_a), (b, stances_b, labels_b) = sides
        if NodeKind(node.kind) != NodeKind.CLAIM or labels_a[claim] == labels_b[claim]:
            continue
        if wanted is not None and claim not in wanted:
            continue
        found += claim_cruxes(graph, index[claim], chosen,
                              _Side(a, stances_a, labels_a[claim]),
                              _Side(b, stances_b, labels_b[claim]), max_size, radius)
    return found


def claim_cruxes(graph: ArgGraph, vertex: int, semantics: Semantics, side_a: _Side,
                 side_b: _Side, max_size: int, radius: int | None = None) -> list[Crux]:
    """The cruxes of one claim: the flips of either party toward the other's label, each
    change taking the other's stance on an item where they differ (the smallest size of
    either, up to `max_size`), asked as flips are (:func:`kb.engine.flips.search_for`)."""
    part, local, reach, deciding = scope(graph, vertex, semantics)
    where = graph.index()
    found: dict[tuple[int, ...], list[Settlement]] = {}
    best = max_size + 1
    for mover, other in ((side_a, side_b), (side_b, side_a)):
        base = [mover.stances.get(where[item], UNSTATED) for item in part.items]
        theirs = [other.stances.get(where[item], UNSTATED) for item in part.items]
        options = {v: [theirs[v]] for v in sorted(reach)
                   if theirs[v] in alternatives(part, v, base[v])}
        search = search_for(part, local, deciding, base, options, other.label, radius)
        result = search.run(limit=UNLIMITED, max_size=best if best <= max_size else max_size)
        if result.size is None or result.size > best:
            continue
        if result.size < best:
            best, found = result.size, {}
        for one in result.sets:
            numbers = tuple(sorted(where[part.items[v]] for v in one))
            changes = tuple(Change(graph.items[n], mover.party,
                                   mover.stances.get(n, UNSTATED), other.stances.get(n, UNSTATED))
                            for n in numbers)
            found.setdefault(numbers, []).append(Settlement(mover.party, changes, other.label))
    claim = graph.items[vertex]
    return [Crux(claim, tuple(graph.items[n] for n in numbers), side_a.label, side_b.label,
                 tuple(ways)) for numbers, ways in sorted(found.items())]
