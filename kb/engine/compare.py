"""Comparison of two parties: the nodes they agree on and those they label differently.

What would settle a disagreement is :mod:`kb.engine.cruxes`.

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.doc import DebateDoc
from kb.engine.evaluation import evaluate
from kb.engine.labels import Label, Semantics, parse_semantics


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
