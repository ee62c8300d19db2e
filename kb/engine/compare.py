"""Comparison of two parties and the cruxes of their disagreement.

For each claim the two parties label differently, a crux is a smallest set of items (nodes
and edges) on which their acceptance differs such that, when one party takes the other's
stance on exactly those items, both label the claim alike. The search is exact: it tries
every set of size 1, then 2, ... up to ``max_size`` (default 3), among the differing items
that can reach the claim through supports, rebuttals and undercutters (no other item can
change its label), and stops at the first size that settles the claim. A claim with no crux
within the bound is reported in :attr:`Comparison` but gets no :class:`Crux`.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D",
...     parties=(PartyDoc("a", "A"), PartyDoc("b", "B")),
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"), NodeDoc("c", NodeKind.CLAIM, "C")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),),
...     acceptance={"a": {"e": "accepted"}, "b": {"e": "rejected"}})
>>> compare(doc, "a", "b").to_json()["diverge"]
[{'key': 'c', 'a': 'IN', 'b': 'OUT'}, {'key': 'e', 'a': 'IN', 'b': 'OUT'}]
>>> [c.items for c in cruxes(doc, "a", "b")]
[('e',)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from kb.doc import DebateDoc, NodeKind, Stance
from kb.engine.evaluation import evaluate, graph_of
from kb.engine.flips import ClaimView, reaching
from kb.engine.labels import Label, Semantics, parse_semantics
from kb.errors import NotFoundError


@dataclass(frozen=True)
class Divergence:
    key: str
    a: Label
    b: Label


@dataclass(frozen=True)
class Comparison:
    """Nodes both parties label IN, OUT or UNDEC, and those they label differently."""

    party_a: str
    party_b: str
    semantics: Semantics
    agree_in: list[str] = field(default_factory=list)
    agree_out: list[str] = field(default_factory=list)
    agree_undec: list[str] = field(default_factory=list)
    diverge: list[Divergence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "parties": [self.party_a, self.party_b],
            "semantics": self.semantics.value,
            "agree_in": self.agree_in,
            "agree_out": self.agree_out,
            "agree_undec": self.agree_undec,
            "diverge": [{"key": d.key, "a": d.a.value, "b": d.b.value} for d in self.diverge],
        }


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


def compare(
    doc: DebateDoc, party_a: str, party_b: str, *, semantics: Semantics | str = Semantics.GROUNDED
) -> Comparison:
    """Where `party_a` and `party_b` agree and diverge on the nodes of `doc`."""
    chosen = parse_semantics(semantics)
    a = evaluate(doc, doc.acceptance_of(party_a), semantics=chosen).labels
    b = evaluate(doc, doc.acceptance_of(party_b), semantics=chosen).labels
    result = Comparison(party_a, party_b, chosen)
    buckets = {Label.IN: result.agree_in, Label.OUT: result.agree_out,
               Label.UNDEC: result.agree_undec}
    for node in sorted(doc.nodes, key=lambda n: n.key):
        if a[node.key] == b[node.key]:
            buckets[a[node.key]].append(node.key)
        else:
            result.diverge.append(Divergence(node.key, a[node.key], b[node.key]))
    return result


def _stance(acceptance: Mapping[str, Stance | str], item: str) -> Stance:
    return Stance(acceptance.get(item, Stance.UNSTATED))


def cruxes(
    doc: DebateDoc,
    party_a: str,
    party_b: str,
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
    max_size: int = 3,
    claims: Iterable[str] | None = None,
) -> list[Crux]:
    """The cruxes of every claim on which `party_a` and `party_b` diverge.

    Parameters
    ----------
    max_size : int
        Largest set tried; a claim whose disagreement needs more items gets no crux.
    claims : iterable of str, optional
        Only these claims (node keys; NotFoundError for an unknown one). Default: all.
    """
    chosen = parse_semantics(semantics)
    graph = graph_of(doc)
    index = graph.index()
    wanted: set[str] | None = None
    if claims is not None:
        wanted = set(claims)
        for key in sorted(wanted):
            if key not in index or graph.is_edge(index[key]):
                raise NotFoundError(f"debate '{doc.slug}' has no node '{key}'")
    accept_a, accept_b = doc.acceptance_of(party_a), doc.acceptance_of(party_b)
    labels_a = evaluate(doc, accept_a, semantics=chosen).labels
    labels_b = evaluate(doc, accept_b, semantics=chosen).labels
    differing = [item for item in graph.items
                 if _stance(accept_a, item) != _stance(accept_b, item)]
    found: list[Crux] = []
    for node in sorted(doc.nodes, key=lambda n: n.key):
        claim = node.key
        if NodeKind(node.kind) != NodeKind.CLAIM or labels_a[claim] == labels_b[claim]:
            continue
        if wanted is not None and claim not in wanted:
            continue
        reach = reaching(graph, index[claim])
        candidates = [item for item in differing if index[item] in reach]
        view = ClaimView(doc, claim, chosen)
        movers = [
            (party_a, accept_a, accept_b, labels_b[claim], view.stances(accept_a)),
            (party_b, accept_b, accept_a, labels_a[claim], view.stances(accept_b)),
        ]
        for size in range(1, max_size + 1):
            settled = []
            for subset in combinations(candidates, size):
                ways = []
                for mover, own, other, target, base in movers:
                    moved = {item: _stance(other, item) for item in subset}
                    if view.label_after(base, moved) == target:
                        changes = tuple(
                            Change(item, mover, _stance(own, item), moved[item])
                            for item in subset
                        )
                        ways.append(Settlement(mover, changes, target))
                if ways:
                    settled.append(
                        Crux(claim, subset, labels_a[claim], labels_b[claim], tuple(ways))
                    )
            if settled:
                found.extend(settled)
                break
    return found
