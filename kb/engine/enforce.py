"""Status enforcement: the smallest changes of stance that give one item a target label.

The question "which smallest sets of changes to a party's acceptance give this claim the
label L?" is the status enforcement problem of the field (Niskanen, Wallner and Järvisalo
2018, Pakota; Wallner, Niskanen and Järvisalo 2017). It is solved here as a sequence of
clingo calls on one grounding:

- **The positions.** Each candidate item gets one choice atom per stance it may take (its
  own stance and the allowed other ones), exactly one of them true; every rule of the
  party's program (:meth:`kb.engine.graph.ArgGraph.candidate_rules`) is guarded by "the
  item's chosen stance keeps this rule" (:func:`kb.engine.graph.keeps_rule`), so one
  grounding holds every position. The encoding is :mod:`kb.engine.encoding`'s.
- **A necessary condition, then a check (counterexample-guided).** The solver looks for a
  position with at most ``k`` changes (an assumption on a cardinality atom; ``k`` = 0, 1,
  2, ... so the first size that works is the smallest) that has *some* labelling (a partial
  stable model; a stable model for stable semantics) giving the item its target label.
  That is necessary for the skeptical label to be the target, not sufficient: each
  candidate is then checked exactly (the well-founded model for grounded and complete,
  whose labels are the skeptical view of the complete labellings; the preferred
  labellings; two solver calls for stable). A candidate that fails is ruled out with what
  the check found (a standard CEGAR refinement: two solvers, the one that proposes and the
  exact check). When a complete labelling W of it gives the item the label opposite to the
  target (IN against OUT, OUT against IN), every position in which the argument behind
  that label holds is excluded (:mod:`kb.engine.argument`: such a position has a complete
  labelling with that label, so its grounded labelling lies below and a preferred one
  above). Otherwise W (the well-founded model, or a stable model with the wrong label)
  excludes every position of which it is still a partial stable (stable) model, since the
  well-founded model of such a position lies below W and a stable model W already breaks
  skeptical agreement. Where neither is sound the candidate alone is excluded.
- **All smallest sets.** At the smallest working size every further candidate is checked
  and excluded in turn until none is left or ``limit`` + 1 are found.

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"],
...                         supports=[("e", "c"), ("f", "c")])
>>> base = [Stance.ACCEPTED, Stance.ACCEPTED, Stance.UNSTATED, Stance.UNSTATED, Stance.UNSTATED]
>>> search = Enforcement(g, 2, Semantics.GROUNDED, base, {0: [Stance.REJECTED],
...                      1: [Stance.REJECTED]}, Label.OUT)
>>> search.current
<Label.IN: 'IN'>
>>> result = search.run(limit=10)
>>> result.size, [sorted(found.items()) for found in result.sets]
(2, [[(0, <Stance.REJECTED: 'rejected'>), (1, <Stance.REJECTED: 'rejected'>)]])
"""

from __future__ import annotations

import time
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import clingo

from kb.doc import Stance
from kb.engine.argument import argument
from kb.engine.encoding import add_program
from kb.engine.extensions import MAX_LABELLINGS, labellings
from kb.engine.graph import ArgGraph, keeps_rule
from kb.engine.grounded import grounded_labels
from kb.engine.labels import Label, Semantics
from kb.engine.program import NO_ATOM

STAGES = 4
"""Rounds of the alternating fixpoint first written into the grounding: positions whose
well-founded model takes more are still found, through the weaker necessary condition,
and the rounds are doubled when one of them is proposed and fails."""
Position = dict[int, Stance]
"""Vertex -> new stance, for the vertices a candidate changes."""


@dataclass(frozen=True)
class Found:
    """The smallest size that works (None: no set works, or none was found in time), the
    sets of that size, whether every such set is listed, and, when the search stopped at
    its deadline before finding a set, the size below which no set works (`at_least`)."""

    size: int | None
    sets: list[Position]
    complete: bool
    at_least: int | None = None


def past(deadline: float | None) -> bool:
    """Whether `deadline` (a :func:`time.monotonic` time; None: none) has passed.

    >>> past(None), past(0.0)
    (False, True)
    """
    return deadline is not None and time.monotonic() > deadline


def stopped(size: int, sets: list[Position], limit: int) -> Found:
    """The answer of a search that stopped at its deadline: the sets of the smallest size
    found so far (a cut list), or, with none, `size` as the proven lower bound."""
    if sets:
        return Found(len(sets[0]), sets[:limit], False)
    return Found(None, [], False, at_least=size)


class OutOfTime(Exception):
    """The solver had not finished when the search's deadline passed."""


def _models(handle: Any, deadline: float | None) -> Generator[Any, None, None]:
    """The models of a solve call (`handle`; asynchronous when `deadline` is given), one
    by one; :class:`OutOfTime` (the call cancelled) when `deadline` passes first."""
    if deadline is None:
        yield from handle
        return
    while True:
        handle.resume()
        if not handle.wait(max(0.0, deadline - time.monotonic())):
            handle.cancel()
            raise OutOfTime
        model = handle.model()
        if model is None:
            return
        yield model


class _Grounding:
    """One clingo program holding every position of the search (see the module notes)."""

    def __init__(self, graph: ArgGraph, base: Sequence[Stance],
                 options: Mapping[int, Sequence[Stance]], two_valued: bool, *,
                 optimise: bool = False, free: frozenset[int] = frozenset()) -> None:
        self.graph, self.base, self.two_valued = graph, base, two_valued
        # Free vertices have no rules: any label, chosen by the solver at no cost (the
        # boundary of a distance-bounded question, :mod:`kb.engine.nearby`).
        self.free = free
        # Core-guided optimisation (as RC2 does for MaxSAT) proves a smallest size fast.
        self.control = clingo.Control(["--warn=none", "--opt-strategy=usc"])
        self.choose: dict[tuple[int, Stance], int] = {}
        self.stances: dict[int, list[Stance]] = {}
        self.watch, self.watched = 0, False
        self.changed: dict[int, int] = {}
        with self.control.backend() as backend:
            for vertex in sorted(options):
                self._add_choice(backend, vertex, [base[vertex], *options[vertex]])
            self.rules = self._rules(backend)
            heads, positives, negatives, guards = self.rules
            self.true_atoms, self.maybe_atoms = add_program(
                backend, graph.size, heads, positives, negatives,
                two_valued=two_valued, guards=guards)
            for vertex in sorted(free):
                atoms = {self.true_atoms[vertex], self.maybe_atoms[vertex]}
                backend.add_rule(sorted(atoms), [], choice=True)
            if optimise:
                backend.add_minimize(0, [(atom, 1) for atom in self.changed.values()])
                backend.add_project(list(self.choose.values()))
        self.control.ground([])

    def _add_choice(self, backend: Any, vertex: int, stances: list[Stance]) -> None:
        atoms = [backend.add_atom() for _ in stances]
        backend.add_rule(atoms, [], choice=True)
        backend.add_rule([], [-atom for atom in atoms])
        for i, first in enumerate(atoms):
            for second in atoms[i + 1:]:
                backend.add_rule([], [first, second])
        changed = backend.add_atom()
        for stance, atom in zip(stances, atoms, strict=True):
            self.choose[(vertex, stance)] = atom
            self.stances.setdefault(vertex, []).append(stance)
            if stance != stances[0]:
                backend.add_rule([changed], [atom])
        self.changed[vertex] = changed

    def _rules(self, backend: Any) -> tuple[list[int], list[int], list[tuple[int, ...]],
                                            list[int]]:
        graph = self.graph
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[tuple[int, ...]] = []
        guards: list[int] = []
        self.rule_kinds: list[int] = []
        for vertex in range(graph.size):
            if vertex in self.free:
                continue
            kind = graph.kinds[vertex]
            for rule_kind, positive in graph.candidate_rules(vertex):
                guard = self._guard(backend, vertex, rule_kind, kind)
                if guard is None:
                    continue
                self.rule_kinds.append(rule_kind)
                heads.append(vertex)
                positives.append(positive)
                negatives.append(graph.rebuts_in[vertex])
                guards.append(guard)
        return heads, positives, negatives, guards

    def _guard(self, backend: Any, vertex: int, rule_kind: int, kind: str) -> int | None:
        """0 when the rule is always there, None when never, else a solver atom."""
        mode = self.graph.mode
        if vertex not in self.changed:
            return 0 if keeps_rule(rule_kind, kind, self.base[vertex], mode) else None
        keeping = [self.choose[(vertex, stance)] for stance in self.stances[vertex]
                   if keeps_rule(rule_kind, kind, stance, mode)]
        if not keeping:
            return None
        guard = backend.add_atom()
        for atom in keeping:
            backend.add_rule([guard], [atom])
        return int(guard)

    def stages(self, count: int) -> tuple[list[int], list[int], int]:
        """The first `count` rounds of the alternating fixpoint (Van Gelder 1989) of every
        position: ``P(k) = lfp(rules with no negated atom in T(k-1))``, ``T(k) = lfp(rules
        with no negated atom in P(k))``. Return the atoms of the last ``T`` and ``P`` and a
        literal that holds when the last round still added a true atom (not settled).
        Settled, ``T`` and ``P`` are the well-founded model; before, ``T`` lies below its
        true atoms and ``P`` above its possible ones."""
        size = self.graph.size
        earlier: list[int] = []
        last: list[int] = []
        with self.control.backend() as backend:
            for round_number in range(max(count, 2)):
                possible = self._round(backend, last if round_number else None,
                                       self.maybe_atoms)
                earlier, last = last, self._round(backend, possible, self.true_atoms)
            unsettled = backend.add_atom()
            for atom in range(size):
                backend.add_rule([unsettled], [last[atom], -earlier[atom]])
        self.control.ground([])
        return last, possible, int(unsettled)

    def _round(self, backend: Any, blocking: list[int] | None,
               chosen: Sequence[int]) -> list[int]:
        """One least fixpoint: the rules with no negated atom in `blocking` (None: all).
        A free vertex holds as its `chosen` atom says (its true atom in the rounds of true
        atoms, its possible atom in those of possible ones)."""
        heads, positives, negatives, guards = self.rules
        atoms = [backend.add_atom() for _ in range(self.graph.size)]
        for vertex in self.free:
            backend.add_rule([atoms[vertex]], [chosen[vertex]])
        for rule, head in enumerate(heads):
            body = [guards[rule]] if guards[rule] else []
            if positives[rule] >= 0:
                body.append(atoms[positives[rule]])
            if blocking is not None:
                body += [-blocking[n] for n in negatives[rule]]
            backend.add_rule([atoms[head]], body)
        return atoms

    def some_undecided(self) -> int:
        """A literal that holds when some atom is UNDEC in the model."""
        with self.control.backend() as backend:
            undecided = backend.add_atom()
            for true_atom, maybe_atom in zip(self.true_atoms, self.maybe_atoms, strict=True):
                backend.add_rule([undecided], [maybe_atom, -true_atom])
        self.control.ground([])
        return int(undecided)

    def assume(self, changes: Position) -> list[int]:
        """Assumptions that fix the position `changes` (every other candidate unchanged)."""
        return [atom if changes.get(v, self.base[v]) == stance else -atom
                for (v, stance), atom in self.choose.items()]

    def label_literals(self, vertex: int, target: Label) -> list[int]:
        """Literals that hold exactly when `vertex` has the label `target` in a model."""
        true_atom, maybe_atom = self.true_atoms[vertex], self.maybe_atoms[vertex]
        if target == Label.IN:
            return [true_atom]
        if target == Label.OUT:
            return [-maybe_atom]
        return [-true_atom, maybe_atom]

    def model(self, assumptions: list[int], *, labelled: bool = False,
              deadline: float | None = None) -> tuple[Position, list[Label]] | None:
        """A model under `assumptions` (the best one, when optimising): its position (the
        changes) and, when `labelled`, its labelling (else an empty list).
        :attr:`watched` says whether :attr:`watch` held. :class:`OutOfTime` when the
        solver has not finished by `deadline` (a :func:`time.monotonic` time)."""
        found = None
        with self.control.solve(assumptions=assumptions, yield_=True,
                                async_=deadline is not None) as handle:
            for model in _models(handle, deadline):
                labels = [Label.IN if model.is_true(t) else
                          Label.UNDEC if model.is_true(m) else Label.OUT
                          for t, m in zip(self.true_atoms, self.maybe_atoms, strict=True)
                          ] if labelled else []
                found = (self._changes(model), labels)
                self.watched = bool(self.watch and model.is_true(self.watch))
        return found

    def _changes(self, model: Any) -> Position:
        """The position of `model`: the stance of every candidate it changes."""
        changed = {v for v, atom in self.changed.items() if model.is_true(atom)}
        return {v: stance for v in changed for stance in self.stances[v]
                if stance != self.base[v] and model.is_true(self.choose[(v, stance)])}

    def optimal(self, assumptions: list[int]) -> Generator[Position, None, None]:
        """Every position of smallest cost under `assumptions`, one by one (one solver
        call; stop early by closing the iterator)."""
        solve: Any = self.control.configuration.solve
        solve.opt_mode, solve.models, solve.project = "optN", "0", "project"
        seen: set[frozenset[tuple[int, Stance]]] = set()
        try:
            with self.control.solve(assumptions=assumptions, yield_=True) as handle:
                for model in handle:
                    if not model.optimality_proven:
                        continue
                    changes = self._changes(model)
                    if frozenset(changes.items()) not in seen:
                        seen.add(frozenset(changes.items()))
                        yield changes
        finally:
            solve.opt_mode, solve.models, solve.project = "opt", "1", "no"

    def exclude_labelling(self, labels: Sequence[Label]) -> None:
        """From now on, only positions of which `labels` is not a partial stable model
        (a stable model, when two-valued): its IN atoms must differ from the least model
        of the program reduced by its possible atoms, or its possible atoms from the least
        model of the program reduced by its IN atoms."""
        heads, positives, negatives, guards = self.rules
        inside = [label == Label.IN for label in labels]
        possible = [label != Label.OUT for label in labels]
        # A free vertex must hold its label in `labels`; then it is a fact in a least
        # model exactly when that model is to hold it.
        body = [literal for vertex in sorted(self.free)
                for literal in self.label_literals(vertex, labels[vertex])]
        with self.control.backend() as backend:
            passes = [(inside, possible)] if self.two_valued else [
                (inside, possible), (possible, inside)]
            for derived, reduct in passes:
                atoms = [backend.add_atom() for _ in labels]
                for vertex in self.free:
                    if derived[vertex]:
                        backend.add_rule([atoms[vertex]], [])
                for rule, head in enumerate(heads):
                    if any(reduct[n] for n in negatives[rule]):
                        continue
                    rule_body = [guards[rule]] if guards[rule] else []
                    if positives[rule] >= 0:
                        rule_body.append(atoms[positives[rule]])
                    backend.add_rule([atoms[head]], rule_body)
                body += [atom if derived[a] else -atom for a, atom in enumerate(atoms)]
            backend.add_rule([], body)
        self.control.ground([])

    def present(self, changes: Position) -> list[bool]:
        """Which rules of the grounding the program of the position `changes` has."""
        heads, _, _, guards = self.rules
        kinds, mode = self.graph.kinds, self.graph.mode
        return [not guards[rule] or keeps_rule(self.rule_kinds[rule], kinds[head],
                                               changes.get(head, self.base[head]), mode)
                for rule, head in enumerate(heads)]

    def exclude_argument(self, changes: Position, labels: Sequence[Label],
                         vertex: int) -> None:
        """From now on, only positions in which the argument for the label of `vertex` in
        `labels` (a partial stable model of the position `changes`) fails
        (:mod:`kb.engine.argument`)."""
        heads, positives, negatives, guards = self.rules
        # A free vertex IN in `labels` stands as a fact; the argument then asks it to be
        # IN (or OUT, with no rule) in the positions it rules out.
        facts = [v for v in sorted(self.free) if labels[v] == Label.IN]
        present = [*self.present(changes), *(True for _ in facts)]
        found = argument(([*heads, *facts], [*positives, *(NO_ATOM for _ in facts)],
                          [*negatives, *(() for _ in facts)]), present, labels, vertex)
        body = [guards[rule] for rule in found.present if rule < len(heads) and guards[rule]]
        body += [-guards[rule] for rule in found.absent]
        body += [literal for v in sorted(self.free & (found.inside | found.outside))
                 for literal in self.label_literals(v, labels[v])]
        with self.control.backend() as backend:
            backend.add_rule([], body)
        self.control.ground([])

    def forbid(self, body: list[int]) -> None:
        """From now on, only positions in which some literal of `body` fails."""
        with self.control.backend() as backend:
            backend.add_rule([], body)
        self.control.ground([])

    def exclude_position(self, changes: Position, *, exactly: bool) -> None:
        """From now on, not the position `changes` (`exactly`: nor only it; else also no
        position that makes these changes and more)."""
        body = [self.choose[(v, stance)] for v, stance in changes.items()]
        if exactly:
            body += [-atom for v, atom in self.changed.items() if v not in changes]
        with self.control.backend() as backend:
            backend.add_rule([], body)
        self.control.ground([])


class Enforcement:
    """The smallest sets of changes to `base` that give `vertex` the label `target`.

    Parameters
    ----------
    graph : ArgGraph
        The part of the debate the question is asked on (for grounded, complete and
        preferred, the sub-debate that reaches `vertex`; for stable, the whole debate).
    vertex : int
    semantics : Semantics
        The label is the skeptical view of the semantics' labellings (grounded: the
        well-founded model; with no stable labelling, UNDEC).
    base : sequence of Stance
        The party's stance on each vertex.
    options : mapping
        The candidates: vertex -> the stances (other than its own) it may take.
    target : Label
    """

    def __init__(self, graph: ArgGraph, vertex: int, semantics: Semantics,
                 base: Sequence[Stance], options: Mapping[int, Sequence[Stance]],
                 target: Label) -> None:
        self.graph, self.vertex, self.semantics = graph, vertex, semantics
        self.base, self.options, self.target = list(base), options, target
        self.two_valued = semantics == Semantics.STABLE
        self._grounding: _Grounding | None = None
        self._checker: _Grounding | None = None
        self.current = self.label({})[0]

    @property
    def grounding(self) -> _Grounding:
        if self._grounding is None:
            # A position with no stable labelling labels everything UNDEC: to reach UNDEC
            # under stable, propose among positions with a partial stable model that is
            # not total (a total well-founded model is the one stable model).
            two_valued = self.two_valued and self.target != Label.UNDEC
            self._grounding = _Grounding(self.graph, self.base, self.options, two_valued,
                                         optimise=True)
        return self._grounding

    def label(self, changes: Position) -> tuple[Label, list[Label] | None]:
        """The vertex's label after `changes`, and a labelling that refutes any other
        label when one is sound to use (see the module notes)."""
        if self.semantics == Semantics.STABLE:
            return self._stable_label(changes)
        acceptance = {item: changes.get(v, self.base[v]) for v, item in
                      enumerate(self.graph.items)}
        grounded = grounded_labels(self.graph, acceptance)
        label = grounded[self.vertex]
        if self.semantics != Semantics.PREFERRED or label != Label.UNDEC:
            # Every preferred labelling extends the grounded one.
            return label, grounded
        found = labellings(self.graph.program(acceptance), Semantics.PREFERRED,
                           limit=MAX_LABELLINGS)
        seen = {labels[self.vertex] for labels in found}
        label = seen.pop() if len(seen) == 1 else Label.UNDEC
        return label, next((labels for labels in found if self._refutes(labels)), None)

    def _refutes(self, labels: Sequence[Label]) -> bool:
        """Whether `labels`, a preferred labelling, gives the vertex the label opposite to
        the target (IN against OUT, OUT against IN): its argument
        (:mod:`kb.engine.argument`) then refutes every position in which it holds."""
        return {labels[self.vertex], self.target} == {Label.IN, Label.OUT}

    def _stable_label(self, changes: Position) -> tuple[Label, list[Label] | None]:
        if self._checker is None:
            self._checker = _Grounding(self.graph, self.base, self.options, True)
        checker = self._checker
        fixed = checker.assume(changes)
        with_in = checker.model([*fixed, checker.true_atoms[self.vertex]], labelled=True)
        with_out = checker.model([*fixed, -checker.true_atoms[self.vertex]], labelled=True)
        if with_in is None and with_out is None:
            return Label.UNDEC, None
        # A stable model with the other label refutes IN (OUT) in every stable model.
        refute = with_out if self.target == Label.IN else \
            with_in if self.target == Label.OUT else None
        refuting = None if refute is None else refute[1]
        if with_in is None or with_out is None:
            return (Label.OUT if with_in is None else Label.IN), refuting
        return Label.UNDEC, refuting

    def run(self, *, limit: int, max_size: int | None = None,
            deadline: float | None = None) -> Found:
        """Every smallest set (at most `limit`; of at most `max_size` changes; stopping
        between proposals once `deadline` has passed, :func:`stopped`)."""
        if self.current == self.target:
            return Found(0, [{}], True)
        grounding = self.grounding
        rounds = STAGES
        goal = self._goal(rounds)
        bound = 1
        while True:
            try:
                proposed = grounding.model(goal, deadline=deadline)
            except OutOfTime:
                return stopped(bound, [], limit)
            if proposed is None or (max_size is not None and len(proposed[0]) > max_size):
                return Found(None, [], True)
            changes = proposed[0]
            bound = len(changes)
            if past(deadline):
                return stopped(bound, [], limit)
            label, refute = self.label(changes)
            if label == self.target:
                break
            if grounding.watched and rounds < self.graph.size:
                # The well-founded model of that position needs more rounds: write them.
                rounds *= 2
                goal = self._goal(rounds)
            if refute is not None and not self.two_valued and \
                    {refute[self.vertex], self.target} == {Label.IN, Label.OUT}:
                grounding.exclude_argument(changes, refute, self.vertex)
            elif refute is not None and self.target != Label.UNDEC:
                grounding.exclude_labelling(refute)
            else:
                grounding.exclude_position(changes, exactly=True)
        # The best proposal passes: no smaller set passes even the weaker test. Every set
        # of that size is among the optimal proposals; the exact check sorts them.
        size, first = len(changes), changes
        found = []
        candidates = grounding.optimal(goal)
        for changes in candidates:
            if self.label(changes)[0] == self.target:
                found.append(changes)
                if len(found) > limit:
                    break
            if past(deadline):
                candidates.close()
                return stopped(size, found or [first], limit)
        candidates.close()
        return Found(size, found[:limit], len(found) <= limit)

    def _goal(self, rounds: int) -> list[int]:
        """Literals every proposed position must satisfy (see the module notes), with
        `rounds` rounds of the alternating fixpoint written out."""
        grounding, vertex, target = self.grounding, self.vertex, self.target
        if self.two_valued and target == Label.UNDEC:
            # UNDEC under stable needs a well-founded model that is not total.
            return [grounding.some_undecided()]
        if self.two_valued or target == Label.UNDEC:
            return grounding.label_literals(vertex, target)
        return settled_goal(grounding, vertex, target, rounds,
                            preferred=self.semantics == Semantics.PREFERRED)


def settled_goal(grounding: _Grounding, vertex: int, target: Label, rounds: int, *,
                 preferred: bool = False) -> list[int]:
    """The goal of a question toward IN or OUT under a three-valued semantics: after
    `rounds` rounds of the alternating fixpoint, the vertex has the label `target` if
    they settled, and some partial stable model gives it that label if not (nor, when
    `preferred`, if grounded leaves it UNDEC)."""
    some = grounding.label_literals(vertex, target)
    true_last, possible_last, unsettled = grounding.stages(rounds)
    grounding.watch = unsettled
    settled = [true_last[vertex]] if target == Label.IN else [-possible_last[vertex]]
    with grounding.control.backend() as backend:
        goal = backend.add_atom()
        backend.add_rule([goal], settled)
        backend.add_rule([goal], [unsettled, *some])
        if preferred:
            # Grounded leaves the item open: the preferred labellings may still agree.
            backend.add_rule([goal], [possible_last[vertex], -true_last[vertex], *some])
    grounding.control.ground([])
    return [goal]
