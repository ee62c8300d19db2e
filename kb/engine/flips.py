"""The label of one claim under many small changes of a party's stances (for cruxes).

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
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"), NodeDoc("c", NodeKind.CLAIM, "C")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),))
>>> view = ClaimView(doc, "c", Semantics.GROUNDED)
>>> view.label({}), view.label({"e": Stance.ACCEPTED})
(<Label.OUT: 'OUT'>, <Label.IN: 'IN'>)
"""

from __future__ import annotations

from collections.abc import Mapping

from kb.doc import DebateDoc, Mode, NodeKind, Stance, edge_item
from kb.engine.evaluation import evaluate, graph_of
from kb.engine.extensions import MAX_LABELLINGS, labellings
from kb.engine.graph import ArgGraph
from kb.engine.grounded import well_founded
from kb.engine.labels import Label, Semantics
from kb.engine.program import NO_ATOM, Program

DIRECTIONAL = frozenset({Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED})
"""Semantics under which a claim's label depends only on the items that reach it."""

Stances = frozenset[tuple[str, Stance]]
UNSTATED = Stance.UNSTATED


def reaching(graph: ArgGraph, target: int) -> set[int]:
    """Vertices with a path to `target` (source -> edge -> target, undercutter -> edge).

    >>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"], supports=[("e", "c")])
    >>> sorted(g.items[v] for v in reaching(g, g.index()["c"]))
    ['c', 'e', 'edge:e-supports-c']
    """
    into: list[list[int]] = [[] for _ in range(graph.size)]
    for vertex in range(graph.size):
        if graph.is_edge(vertex):
            into[graph.target[vertex]].append(vertex)
            into[vertex].append(graph.source[vertex])
    seen = {target}
    stack = [target]
    while stack:
        for before in into[stack.pop()]:
            if before not in seen:
                seen.add(before)
                stack.append(before)
    return seen


def _rules(graph: ArgGraph, vertex: int, stance: Stance) -> list[tuple[int, tuple[int, ...]]]:
    """The rules of `vertex` in a party's program, as in :meth:`ArgGraph.program`."""
    if stance == Stance.REJECTED:
        return []
    attackers = graph.rebuts_in[vertex]
    if graph.is_edge(vertex):
        return [(graph.source[vertex], attackers)]
    rules = []
    if stance == Stance.ACCEPTED or (
        graph.mode == Mode.PRESUMPTIVE and graph.kinds[vertex] == NodeKind.CLAIM
    ):
        rules.append((NO_ATOM, attackers))
    rules += [(support, attackers) for support in graph.supports_in[vertex]]
    return rules


class ClaimView:
    """Answers "what is the claim's label for these stances?" fast and memoised."""

    def __init__(self, doc: DebateDoc, claim: str, semantics: Semantics) -> None:
        whole = graph_of(doc)
        self.doc = doc
        self.semantics = semantics
        self.whole = semantics not in DIRECTIONAL
        if self.whole:
            self.graph = whole
        else:
            keep = {whole.items[v] for v in reaching(whole, whole.index()[claim])}
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
        self._rule_cache: dict[tuple[int, Stance], list[tuple[int, tuple[int, ...]]]] = {}

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
            return evaluate(self.doc, dict(relevant), semantics=self.semantics).labels[
                self.claim]
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
        rules = self._rule_cache.get(key)
        if rules is None:
            rules = _rules(self.graph, vertex, stance)
            self._rule_cache[key] = rules
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
        with self.control.backend() as backend:
            self.true_atoms = [backend.add_atom() for _ in range(size)]
            self.maybe_atoms = [backend.add_atom() for _ in range(size)]
            self.rejected = [backend.add_atom() for _ in range(size)]
            self.premise = [backend.add_atom() for _ in range(size)]
            backend.add_rule(self.rejected + self.premise, [], choice=True)
            for vertex in range(size):
                attackers = graph.rebuts_in[vertex]
                guards: list[tuple[int, int]] = []
                if graph.is_edge(vertex):
                    guards.append((-self.rejected[vertex], graph.source[vertex]))
                else:
                    guards.append((self.premise[vertex], NO_ATOM))
                    guards += [(-self.rejected[vertex], s) for s in graph.supports_in[vertex]]
                for guard, positive in guards:
                    true_body = [guard, *(-self.maybe_atoms[a] for a in attackers)]
                    maybe_body = [guard, *(-self.true_atoms[a] for a in attackers)]
                    if positive != NO_ATOM:
                        true_body.append(self.true_atoms[positive])
                        maybe_body.append(self.maybe_atoms[positive])
                    backend.add_rule([self.true_atoms[vertex]], true_body)
                    backend.add_rule([self.maybe_atoms[vertex]], maybe_body)
                backend.add_rule([], [self.true_atoms[vertex], -self.maybe_atoms[vertex]])
        self.control.ground([])

    def _exists(self, assumptions: list[int]) -> bool:
        return bool(self.control.solve(assumptions=assumptions).satisfiable)

    def skeptical(self, stances: Mapping[str, Stance], atom: int) -> Label:
        """IN (OUT) when `atom` is IN (OUT) in every complete labelling, else UNDEC."""
        graph = self.graph
        presumptive = graph.mode == Mode.PRESUMPTIVE
        assumptions = []
        for vertex, item in enumerate(graph.items):
            stance = stances.get(item, UNSTATED)
            rejected = stance == Stance.REJECTED
            premise = stance == Stance.ACCEPTED or (
                presumptive and not rejected and graph.kinds[vertex] == NodeKind.CLAIM)
            assumptions.append(self.rejected[vertex] if rejected else -self.rejected[vertex])
            assumptions.append(self.premise[vertex] if premise else -self.premise[vertex])
        if not self._exists([*assumptions, -self.true_atoms[atom]]):
            return Label.IN
        if not self._exists([*assumptions, self.maybe_atoms[atom]]):
            return Label.OUT
        return Label.UNDEC
