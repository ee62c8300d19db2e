"""The cruxes of two parties' disagreement, and the fast claim views the search runs on.

For each claim the two parties label differently, a crux is a smallest set of items (nodes
and edges) on which their acceptance differs such that, when one party takes the other's
stance on exactly those items, both label the claim alike. The search is exact: it tries
every set of size 1, then 2, ... up to ``max_size`` (default 3), among the differing items
that can reach the claim through supports, rebuttals and undercutters (no other item can
change its label), and stops at the first size that settles the claim. A claim with no crux
within the bound gets no :class:`Crux`.

A claim's label depends only on the items that reach it (through supports, rebuttals and
undercutters): they form the bottom part of a splitting of the party's program (Lifschitz
and Turner 1994), and grounded, complete and preferred semantics respect it (directionality;
Baroni and Giacomin 2007). So a :class:`ClaimView` builds that sub-debate once per claim.
Within it, changing the stances of a few items only changes what lies downstream of them:
the grounded label is recomputed on that cone alone, with every other atom fixed at its
label for the party's own stances (an UNDEC atom outside the cone becomes one atom
``u <- not u``). Complete and preferred answers reuse the grounded one whenever it decides
the claim (every complete labelling extends the grounded one) and otherwise enumerate the
sub-debate's labellings. Stable semantics is not directional (a cycle with no stable
labelling anywhere leaves nothing standing), so it evaluates the whole debate.

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"), NodeDoc("c", NodeKind.CLAIM, "C")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),))
>>> view = ClaimView(doc, "c", Semantics.GROUNDED)
>>> view.label({}), view.label({"e": Stance.ACCEPTED})
(<Label.OUT: 'OUT'>, <Label.IN: 'IN'>)
>>> doc = DebateDoc(slug="d", title="D", nodes=doc.nodes, edges=doc.edges,
...     parties=(PartyDoc("a", "A"), PartyDoc("b", "B")),
...     acceptance={"a": {"e": "accepted"}, "b": {"e": "rejected"}})
>>> [c.items for c in cruxes(doc, "a", "b")]
[('e',)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from kb.doc import DebateDoc, NodeKind, Stance, edge_item
from kb.engine.encoding import add_program
from kb.engine.evaluation import evaluate, graph_of
from kb.engine.extensions import MAX_LABELLINGS, labellings
from kb.engine.graph import PREMISE_RULE, ArgGraph
from kb.engine.grounded import well_founded
from kb.engine.labels import Label, Semantics, parse_semantics
from kb.engine.program import NO_ATOM, Program
from kb.errors import NotFoundError

DIRECTIONAL = frozenset({Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED})
"""Semantics under which a claim's label depends only on the items that reach it."""

Stances = frozenset[tuple[str, Stance]]
UNSTATED = Stance.UNSTATED


class ClaimView:
    """Answers "what is the claim's label for these stances?" fast and memoised."""

    def __init__(self, doc: DebateDoc, claim: str, semantics: Semantics,
                 graph: ArgGraph | None = None) -> None:
        whole = graph_of(doc) if graph is None else graph
        self.doc = doc
        self.semantics = semantics
        self.whole = semantics not in DIRECTIONAL
        if self.whole:
            self.graph = whole
        else:
            keep = {whole.items[v] for v in whole.ancestors(whole.index()[claim])}
            self.graph = ArgGraph.build(
                [n for n in doc.nodes if n.key in keep],
                [e for e in doc.edges if edge_item(e.key) in keep],
                doc.mode,
            )
        self.claim = claim
        self.atom = self.graph.index()[claim]
        self.items = frozenset(self.graph.items)
        self.below: list[list[int]] = [[] for _ in range(self.graph.size)]
        for vertex in range(self.graph.size):
            if self.graph.is_edge(vertex):
                self.below[self.graph.source[vertex]].append(vertex)
                self.below[vertex].append(self.graph.target[vertex])
        self.memo: dict[Stances, Label] = {}
        self.bases: dict[Stances, tuple[list[Label], dict[str, Stance]]] = {}
        self.complete: CompleteQuery | None = None
        self.undecided: dict[Stances, set[int]] = {}
        self._rules: dict[tuple[int, Stance], list[tuple[int, tuple[int, ...]]]] = {}

    def stances(self, acceptance: Mapping[str, Stance | str]) -> Stances:
        """The stated stances of `acceptance` on the items of this view."""
        return frozenset(
            (k, Stance(v)) for k, v in acceptance.items()
            if k in self.items and Stance(v) != Stance.UNSTATED
        )

    def label(self, acceptance: Mapping[str, Stance | str]) -> Label:
        """The claim's label for `acceptance`."""
        relevant = self.stances(acceptance)
        known = self.memo.get(relevant)
        if known is None:
            known = self._compute(relevant, None)
            self.memo[relevant] = known
        return known

    def label_after(self, base: Stances, changes: Mapping[str, Stance]) -> Label:
        """The claim's label when a party with stances `base` (from :meth:`stances`) takes
        the stances `changes`; only what lies downstream of the changes is recomputed."""
        changed = {k: Stance(v) for k, v in changes.items() if k in self.items}
        grounded = None
        if not self.whole:
            grounded, _ = self._grounded_after(base, changed)
            if self.semantics == Semantics.GROUNDED or grounded != Label.UNDEC:
                # Every complete (so every preferred) labelling extends the grounded one.
                return grounded
        else:
            label, total = self._grounded_after(base, changed)
            if total:
                # A two-valued well-founded model is the one stable model.
                return label
        relevant = frozenset(
            [(k, v) for k, v in base if k not in changed]
            + [(k, v) for k, v in changed.items() if v != Stance.UNSTATED]
        )
        known = self.memo.get(relevant)
        if known is None:
            known = self._compute(relevant, grounded)
            self.memo[relevant] = known
        return known

    def _compute(self, relevant: Stances, grounded: Label | None) -> Label:
        if self.whole:
            return evaluate(self.doc, dict(relevant), semantics=self.semantics,
                            graph=self.graph).labels[self.claim]
        if grounded is None:
            grounded = well_founded(self.graph.program(dict(relevant))).labels[self.atom]
        if self.semantics == Semantics.GROUNDED or grounded != Label.UNDEC:
            return grounded
        if self.semantics == Semantics.COMPLETE:
            if self.complete is None:
                self.complete = CompleteQuery(self.graph)
            return self.complete.skeptical(dict(relevant), self.atom)
        program = self.graph.program(dict(relevant))
        found = labellings(program, self.semantics, limit=MAX_LABELLINGS + 1)[:MAX_LABELLINGS]
        seen = {labels[self.atom] for labels in found}
        return seen.pop() if len(seen) == 1 else Label.UNDEC

    def _base(self, base: Stances) -> tuple[list[Label], dict[str, Stance]]:
        known = self.bases.get(base)
        if known is None:
            stances = dict(base)
            known = (well_founded(self.graph.program(stances)).labels, stances)
            self.bases[base] = known
        return known

    def _grounded_after(self, base: Stances, changes: dict[str, Stance]) -> tuple[Label, bool]:
        """The claim's grounded label, and whether the whole grounded labelling is total."""
        fixed, base_stances = self._base(base)
        index = self.graph.index()
        changed = [index[k] for k, v in changes.items() if base_stances.get(k, UNSTATED) != v]
        cone = set(changed)
        stack = list(changed)
        while stack:
            for after in self.below[stack.pop()]:
                if after not in cone:
                    cone.add(after)
                    stack.append(after)
        undecided_before = self._undecided(base)
        if self.atom not in cone:
            return fixed[self.atom], undecided_before <= cone
        order = sorted(cone)
        local = {vertex: number for number, vertex in enumerate(order)}
        undecided = len(order)
        heads: list[int] = [undecided]
        positives: list[int] = [NO_ATOM]
        negatives: list[tuple[int, ...]] = [(undecided,)]
        items, rules_of = self.graph.items, self._rules_of
        out, inside = Label.OUT, Label.IN
        for vertex in order:
            number = local[vertex]
            item = items[vertex]
            stance = changes.get(item) or base_stances.get(item, UNSTATED)
            for positive, attackers in rules_of(vertex, stance):
                if positive == NO_ATOM or positive in local:
                    body = NO_ATOM if positive == NO_ATOM else local[positive]
                elif fixed[positive] is out:
                    continue
                else:
                    body = NO_ATOM if fixed[positive] is inside else undecided
                negated: list[int] = []
                for attacker in attackers:
                    if attacker in local:
                        negated.append(local[attacker])
                    elif fixed[attacker] is inside:
                        break
                    elif fixed[attacker] is not out:
                        negated.append(undecided)
                else:
                    heads.append(number)
                    positives.append(body)
                    negatives.append(tuple(negated))
        # Names serve messages only; the program needs one per atom (the cone and `u`).
        atoms = self.graph.items[:undecided + 1] if undecided < self.graph.size else (
            *self.graph.items, "u")
        program = Program(atoms, heads, positives, negatives)
        labels = well_founded(program).labels
        return labels[local[self.atom]], (
            undecided_before <= cone and Label.UNDEC not in labels[:undecided])

    def _undecided(self, base: Stances) -> set[int]:
        known = self.undecided.get(base)
        if known is None:
            fixed, _ = self._base(base)
            known = {vertex for vertex, label in enumerate(fixed) if label == Label.UNDEC}
            self.undecided[base] = known
        return known

    def _rules_of(self, vertex: int, stance: Stance) -> list[tuple[int, tuple[int, ...]]]:
        key = (vertex, stance)
        rules = self._rules.get(key)
        if rules is None:
            rules = self.graph.rules_for(vertex, stance)
            self._rules[key] = rules
        return rules


class CompleteQuery:
    """One clingo program for every position on a sub-debate (complete semantics).

    Each rule of every possible position is guarded by a free atom (the rules of an item
    need ``not rejected(item)``, a premise rule ``premise(node)``); a position is a set of
    assumptions on those atoms, so one grounding serves every candidate change. The
    doubled encoding of :mod:`kb.engine.extensions` gives the partial stable models; the
    skeptical label of one atom is found with at most two solver calls.
    """

    def __init__(self, graph: ArgGraph) -> None:
        import clingo

        self.graph = graph
        self.control = clingo.Control(["--warn=none"])
        size = graph.size
        table = graph.table
        with self.control.backend() as backend:
            self.rejected = [backend.add_atom() for _ in range(size)]
            self.premise = [backend.add_atom() for _ in range(size)]
            backend.add_rule(self.rejected + self.premise, [], choice=True)
            heads = table.heads.tolist()
            guards = [self.premise[head] if kind == PREMISE_RULE else -self.rejected[head]
                      for kind, head in zip(table.kinds.tolist(), heads, strict=True)]
            starts = table.neg_start.tolist()
            atoms = table.neg_atoms.tolist()
            negatives = [atoms[starts[r]:starts[r + 1]] for r in range(len(heads))]
            self.true_atoms, self.maybe_atoms = add_program(
                backend, size, heads, table.positives.tolist(), negatives,
                two_valued=False, guards=guards)
        self.control.ground([])

    def _exists(self, assumptions: list[int]) -> bool:
        return bool(self.control.solve(assumptions=assumptions).satisfiable)

    def skeptical(self, stances: Mapping[str, Stance], atom: int) -> Label:
        """IN (OUT) when `atom` is IN (OUT) in every complete labelling, else UNDEC."""
        graph = self.graph
        assumptions = []
        for vertex, item in enumerate(graph.items):
            stance = stances.get(item, UNSTATED)
            rejected = stance == Stance.REJECTED
            premise = graph.premise(vertex, stance) is not None
            assumptions.append(self.rejected[vertex] if rejected else -self.rejected[vertex])
            assumptions.append(self.premise[vertex] if premise else -self.premise[vertex])
        if not self._exists([*assumptions, -self.true_atoms[atom]]):
            return Label.IN
        if not self._exists([*assumptions, self.maybe_atoms[atom]]):
            return Label.OUT
        return Label.UNDEC


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
    labels_a = evaluate(doc, accept_a, semantics=chosen, graph=graph).labels
    labels_b = evaluate(doc, accept_b, semantics=chosen, graph=graph).labels
    differing = [item for item in graph.items
                 if _stance(accept_a, item) != _stance(accept_b, item)]
    found: list[Crux] = []
    for node in sorted(doc.nodes, key=lambda n: n.key):
        claim = node.key
        if NodeKind(node.kind) != NodeKind.CLAIM or labels_a[claim] == labels_b[claim]:
            continue
        if wanted is not None and claim not in wanted:
            continue
        reach = graph.ancestors(index[claim])
        candidates = [item for item in differing if index[item] in reach]
        view = ClaimView(doc, claim, chosen, graph)
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
