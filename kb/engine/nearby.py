"""Flips on a large sub-debate, asked first on the items near the node (every semantics).

The question "which smallest sets of changes give `vertex` the label L (IN or OUT)?" under
grounded semantics (and complete, whose skeptical labels are the grounded ones; preferred,
stable and UNDEC below), without
grounding every position of the whole sub-debate (``docs/semantics.md``, "Flips"):

- **One change.** When the vertex has the label opposite to L, every flip breaks the
  argument for that label (:mod:`kb.engine.argument`), so the flips of one change are
  changes to its items: each is checked on the whole sub-debate (:meth:`Nearby.single`).
  Every argument met on the whole sub-debate is kept (:attr:`Nearby.arguments`).
- **A relaxed question.** Otherwise the question is asked on a set of *inner* items (those
  within ``D`` steps of the vertex, ``D`` counted in steps from an item to the one it
  bears on, and the items of the arguments kept), the items just outside (the *boundary*:
  predecessors of inner items that are not inner) left *free*: any of IN, OUT and UNDEC,
  as the solver likes, at no cost. Only inner items may change. Replacing the rules of
  some atoms by ones that give each its value in the well-founded model M (IN: a fact;
  OUT: no rule; UNDEC: ``x <- not x``) leaves M the well-founded model: M is still a
  fixpoint of the well-founded operator, and by induction every step of the operator of
  the old program stays below the least fixpoint of the new one (a derivation of a
  replaced atom ends in an atom true in M, now a fact; an unfounded set's replaced atoms
  are false in M, now without rules). So every flip F of the whole sub-debate gives a
  solution of the relaxed question with at most ``|F|`` changes (its *image*: its changes
  to inner items, the boundary labelled as in F's well-founded model), and the relaxed
  optimum ``c`` is a lower bound. It is found by the loop of :mod:`kb.engine.enforce` on a
  grounding whose boundary atoms are free, each proposal checked exactly in the relaxed
  question (the well-founded model of the inner rules under the proposal's boundary
  labels), then on the whole sub-debate, and refined by what holds for every image: an
  argument or a labelling of the relaxed question, or an argument of the whole read up to
  the boundary (its rules of inner items, its boundary atoms at their labels).
- **All smallest sets.** Every image meets every constraint, so when an optimal position
  passes on the whole sub-debate, the smallest flips have ``c`` changes, all inner (the
  inner part of a flip already costs ``c``), and are exactly the optimal positions that
  pass. When none passes, or more than ``SPARE`` fail, the inner items grow: by the items
  of the new arguments, or, with none, to the next distance that at least doubles the
  items within it; once they would be ``WHOLE_SHARE`` of the sub-debate, the question is
  asked on all of it, the plain way (:class:`kb.engine.enforce.Enforcement`).
- **Preferred and stable** (the skeptical labels). A flip's image is then read off one
  of its preferred labellings (stable models) W, which give the vertex L: W restricted to
  the inner and boundary items is a complete labelling (a stable model) of the relaxed
  question
  with the boundary at W's labels. So the relaxed question asks only for *some* such
  labelling giving the vertex L (credulous; no check of its own). The refinements are the
  arguments of the whole read in the order of its well-founded model
  (:func:`kb.engine.argument.grounded_argument`): wherever one holds, the well-founded
  model keeps its label, so every labelling does; read up to the boundary, it gives the
  relaxed question (whose well-founded model lies below W's restriction) the opposite
  label in its well-founded model, so it never excludes an image. An argument read off
  any complete labelling would not do: a complete labelling of the relaxed question with
  the opposite label does not extend to the whole. The whole sub-debate is checked by
  :func:`kb.engine.residual.skeptical_label` (the well-founded model, then the solver on
  the atoms it leaves UNDEC).
- **Toward UNDEC** (grounded, complete, preferred). A flip leaves the vertex UNDEC in its
  well-founded model, so its image (the boundary as there) leaves it UNDEC in the relaxed
  question's. The goal asks the rounds of the alternating fixpoint not to decide the
  vertex (:func:`_goal`); a proposal the relaxed check refutes is excluded with its
  boundary labels only, and the arguments of the whole are read in the order of its
  well-founded model (wherever one holds, the vertex is decided there).

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"],
...                         supports=[("e", "c"), ("f", "c")])
>>> base = [Stance.ACCEPTED, Stance.ACCEPTED, Stance.UNSTATED, Stance.UNSTATED, Stance.UNSTATED]
>>> search = Nearby(g, 2, Semantics.GROUNDED, base, {0: [Stance.REJECTED],
...                 1: [Stance.REJECTED]}, Label.OUT, radius=1)
>>> result = search.run(limit=10)
>>> result.size, [sorted(found.items()) for found in result.sets]
(2, [[(0, <Stance.REJECTED: 'rejected'>), (1, <Stance.REJECTED: 'rejected'>)]])
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any, cast

import numpy as np

from kb.doc import Stance
from kb.engine.argument import Argument, argument, grounded_argument
from kb.engine.enforce import (
    STAGES,
    Enforcement,
    Found,
    Position,
    _Grounding,
    past,
    settled_goal,
    stopped,
)
from kb.engine.graph import STANCES, ArgGraph
from kb.engine.grounded import COMPILED_FROM, LABELS, grounded_labels, well_founded
from kb.engine.labels import Label, Semantics
from kb.engine.program import NO_ATOM, Program
from kb.engine.residual import skeptical_label

NEARBY_FROM = 2_000
"""Sub-debates of at least this many items are asked about near the node first."""
START = 4
"""The first distance (steps from an item to the one it bears on; an edge is one step)."""
WHOLE_SHARE = 0.25
"""From this share of the sub-debate on, the question is asked on all of it at once."""
SPARE = 16
"""Optimal positions of the relaxed question that may fail on the whole sub-debate before
the distance grows."""
SEMANTICS = frozenset({Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED,
                       Semantics.STABLE})
"""The semantics asked about this way (the bounds of each: ``docs/semantics.md``)."""
UNDECIDED = frozenset({Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED})
"""The semantics under which questions toward UNDEC are asked this way (a node UNDEC under
them is UNDEC in the well-founded model)."""
SKEPTICAL = frozenset({Semantics.PREFERRED, Semantics.STABLE})
"""The semantics whose relaxed question is credulous and whose refinements are the
arguments of the well-founded model read in its order."""


class _Labels(Sequence[Label]):
    """The labels of a value array of the compiled loop, read one at a time."""

    def __init__(self, value: np.ndarray) -> None:
        self.value = value

    def __getitem__(self, vertex: Any) -> Any:
        return LABELS[int(self.value[vertex])]

    def __len__(self) -> int:
        return len(self.value)


class _Rows(Sequence[Any]):
    """Row `i` of a table stored as starts and values (``values[start[i]:start[i + 1]]``)."""

    def __init__(self, start: np.ndarray, values: np.ndarray) -> None:
        self.start, self.values = start, values

    def __getitem__(self, row: Any) -> Any:
        return self.values[self.start[row]:self.start[row + 1]]

    def __len__(self) -> int:
        return len(self.start) - 1


class _Position(Mapping[str, Stance]):
    """The stance of every item of `graph` in the position `changes` of `base`."""

    def __init__(self, graph: ArgGraph, base: Sequence[Stance], changes: Position) -> None:
        self.graph, self.base, self.changes = graph, base, changes

    def __getitem__(self, item: str) -> Stance:
        vertex = self.graph.index()[item]
        return self.changes.get(vertex, self.base[vertex])

    def __iter__(self) -> Iterator[str]:
        return iter(self.graph.items)

    def __len__(self) -> int:
        return self.graph.size


def steps(graph: ArgGraph, vertex: int) -> dict[int, int]:
    """The fewest steps from each vertex that reaches `vertex` to it (breadth first).

    >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
    >>> steps(g, 1)
    {1: 0, 2: 1, 0: 2}
    """
    seen = {vertex: 0}
    frontier = [vertex]
    while frontier:
        following = []
        for after in frontier:
            for before in graph.predecessors(after):
                if before not in seen:
                    seen[before] = seen[after] + 1
                    following.append(before)
        frontier = following
    return seen


def _growing(distance: Mapping[int, int], radius: int) -> Iterator[set[int]]:
    """The inner items within `radius`, then within the next distances that at least
    double their number, up to every item."""
    counts = [0] * (max(distance.values()) + 1)
    for far in distance.values():
        counts[far] += 1
    within = list(accumulate(counts))
    while True:
        radius = min(radius, len(within) - 1)
        yield {v for v, far in distance.items() if far <= radius}
        if radius == len(within) - 1:
            return
        radius = next(r for r in range(radius + 1, len(within))
                      if within[r] >= 2 * within[radius] or r == len(within) - 1)


class Nearby:
    """The smallest sets of changes to `base` that give `vertex` the label `target`
    (IN or OUT under every semantics; UNDEC under those of ``UNDECIDED``): the parameters
    of :class:`kb.engine.enforce.Enforcement`, with `graph` the part the question is asked
    on (:func:`kb.engine.flips.scope`), and `radius` the first distance tried."""

    def __init__(self, graph: ArgGraph, vertex: int, semantics: Semantics,
                 base: Sequence[Stance], options: Mapping[int, Sequence[Stance]],
                 target: Label, *, radius: int = START) -> None:
        if semantics not in SEMANTICS:
            raise ValueError(f"no bounded search under {semantics.value}")
        self.graph, self.vertex, self.semantics = graph, vertex, semantics
        self.base, self.options, self.target = list(base), options, target
        self.radius = max(1, radius)
        self.skeptical = semantics in SKEPTICAL
        self.compiled = graph.size >= COMPILED_FROM
        self.codes = np.fromiter((STANCES.index(s) for s in self.base), dtype=np.int8,
                                 count=graph.size)
        self.arguments: list[Argument] = []
        """Arguments found on the whole sub-debate: every relaxed question rules out the
        positions in which one holds, read up to its boundary (:meth:`_Relaxed.add`)."""
        self.current = self.label({})

    def run(self, *, limit: int, max_size: int | None = None,
            deadline: float | None = None) -> Found:
        """Every smallest set (at most `limit`; of at most `max_size` changes; stopping
        before the next relaxed question once `deadline` has passed, with the largest
        relaxed optimum as the lower bound, :func:`kb.engine.enforce.stopped`)."""
        if self.target not in (Label.IN, Label.OUT) and self.semantics not in UNDECIDED:
            raise ValueError(f"no bounded search toward UNDEC under {self.semantics.value}")
        if self.current == self.target:
            return Found(0, [{}], True)
        if max_size is not None and max_size < 1:
            return Found(None, [], True)
        single = self.single(limit)
        if single is not None:
            return single
        bound = 2 if self.arguments else 1  # no single change works
        balls = _growing(steps(self.graph, self.vertex), self.radius)
        ball: set[int] = set()
        inner: set[int] = set()
        while True:
            known = {int(a) for found in self.arguments for a in found.inside | found.outside}
            if ball | known == inner:
                ball = next(balls, ball)  # nothing new to look at: a wider distance
            if ball | known == inner or len(ball | known) >= WHOLE_SHARE * self.graph.size:
                break
            if past(deadline):
                return stopped(bound, [], limit)
            inner = ball | known
            relaxed = _Relaxed(self, inner)
            found = relaxed.run(limit, max_size)
            if found is not None:
                return found
            bound = max(bound, relaxed.size)
        return Enforcement(self.graph, self.vertex, self.semantics, self.base, self.options,
                           self.target).run(limit=limit, max_size=max_size, deadline=deadline)

    def label(self, changes: Position) -> Label:
        """The vertex's label after `changes` on the whole sub-debate (the grounded
        labelling, from ``COMPILED_FROM`` items on by the compiled loop; under preferred
        and stable the skeptical label, :mod:`kb.engine.residual`)."""
        return self.argument_at(changes, keep=False)[0]

    def _labelling(self, changes: Position) -> tuple[Sequence[Label], Any, Any, Any]:
        """The grounded labelling of the whole sub-debate after `changes`, the rule that
        derived each IN atom and the step at which each atom was decided (None: not
        recorded), and which rules the position keeps."""
        graph = self.graph
        kept = graph.kept_by_codes(self._codes(changes))
        if not (self.compiled or self.timed):
            return grounded_labels(graph, _Position(graph, self.base, changes),
                                   compiled=False), None, kept, None
        from kb.engine.kernels import well_founded_timed

        value, witness, _, when = well_founded_timed(graph.size, graph.table, ~kept)
        return _Labels(value), witness, kept, when

    @property
    def timed(self) -> bool:
        """Whether the arguments are read in the order of the well-founded model (under
        preferred and stable, and toward UNDEC: only those refute the target there)."""
        return self.skeptical or self.target == Label.UNDEC

    def _codes(self, changes: Position) -> np.ndarray:
        codes = self.codes.copy()
        for vertex, stance in changes.items():
            codes[vertex] = STANCES.index(stance)
        return codes

    def argument_at(self, changes: Position, *, keep: bool = True) -> tuple[
            Label, Argument | None]:
        """The vertex's label after `changes` and, when its grounded label is the label
        opposite to the target, the argument for it on the whole sub-debate
        (:mod:`kb.engine.argument`: wherever it holds, a complete labelling keeps that
        label; under preferred and stable, the argument read in the order of the
        well-founded model, wherever it holds the well-founded model keeps the label).
        Kept in :attr:`arguments` when `keep`."""
        labels, witness, kept, when = self._labelling(changes)
        table = self.graph.table
        label = labels[self.vertex]
        grounded = label
        if self.skeptical:
            label = skeptical_label(self.graph, cast(_Labels, labels).value, kept,
                                    self.vertex, self.semantics)
        if grounded in (Label.UNDEC, self.target):
            return label, None
        rules = (table.heads, table.positives, _Rows(table.neg_start, table.neg_atoms))
        by_head = _Rows(table.head_start, table.head_rules)
        found = grounded_argument(rules, kept, labels, self.vertex, witness=witness,
                                  when=when, by_head=by_head) if self.timed else \
            argument(rules, kept, labels, self.vertex, witness=witness, by_head=by_head)
        if keep:
            self.arguments.append(found)
        return label, found

    def single(self, limit: int) -> Found | None:
        """When the vertex has the label opposite to the target: every flip of one change,
        if there is one (else None). A flip breaks the argument for the label it has now,
        so a single change is one to an item of it (the arguments of those that fail are
        kept for the relaxed questions)."""
        found = self.argument_at({})[1]
        if found is None:
            return None
        heads = self.graph.table.heads
        items = sorted({int(heads[rule]) for rule in (*found.present, *found.absent)})
        flips = [{v: stance} for v in items for stance in self.options.get(v, ())
                 if self.argument_at({v: stance})[0] == self.target]
        if not flips:
            return None
        return Found(1, flips[:limit], len(flips) <= limit)


class _Relaxed:
    """The question on the `inner` items of `search`, their boundary free."""

    def __init__(self, search: Nearby, inner: set[int]) -> None:
        graph = search.graph
        boundary = {before for v in inner for before in graph.predecessors(v)} - inner
        self.kept = sorted(inner | boundary)
        local = {v: number for number, v in enumerate(self.kept)}
        self.search, self.part = search, graph.part(self.kept)
        self.free = frozenset(local[v] for v in boundary)
        self.vertex = local[search.vertex]
        self.base = [search.base[v] for v in self.kept]
        options = {local[v]: stances for v, stances in search.options.items() if v in inner}
        self.local = local
        self.size = 0
        """The relaxed optimum, once found: a lower bound on the size of every flip."""
        self.grounding = _Grounding(self.part, self.base, options,
                                    search.semantics == Semantics.STABLE, optimise=True,
                                    free=self.free)
        heads, positives, _, guards = self.grounding.rules
        self.guards = {(head, positive): guard for head, positive, guard
                       in zip(heads, positives, guards, strict=True)}
        for found in search.arguments:
            self.add(found, None)

    def add(self, found: Argument, labels: Sequence[Label] | None) -> bool:
        """Rule out every position in which the argument `found` (of the whole sub-debate)
        holds up to the boundary: its rules of inner items kept or lacking as it needs,
        its boundary atoms labelled as in it (so whatever lies beyond them, the relaxed
        program has a complete labelling with its label). Return whether that rules out
        the boundary labels `labels` too."""
        table, local, free = self.search.graph.table, self.local, self.free
        body: list[int] = []
        for rules, kept in ((found.present, True), (found.absent, False)):
            for rule in rules:
                head = local.get(int(table.heads[rule]), -1)
                if head < 0 or head in free:
                    continue
                positive = int(table.positives[rule])
                guard = self.guards.get((head, local[positive] if positive >= 0 else NO_ATOM))
                if (guard is None and kept) or (guard == 0 and not kept):
                    return False  # the relaxed question never meets the argument
                if guard:
                    body.append(guard if kept else -guard)
        atoms = [(local[a], label) for group, label in ((found.inside, Label.IN),
                                                       (found.outside, Label.OUT))
                 for a in group if a in local and local[a] in free]
        body += [literal for atom, label in atoms
                 for literal in self.grounding.label_literals(atom, label)]
        self.grounding.forbid(body)
        return labels is not None and all(labels[atom] == label for atom, label in atoms)

    def run(self, limit: int, max_size: int | None) -> Found | None:
        """The answer, or None when the distance must grow."""
        goal = self._bound(max_size)
        if goal is None:
            return Found(None, [], True)
        return self._sets(goal, limit)

    def _bound(self, max_size: int | None) -> list[int] | None:
        """Find the relaxed optimum (refining every proposal that fails the relaxed
        check); return the goal its positions satisfy, None when no position of at most
        `max_size` changes has the target label even here (nor, then, in the whole)."""
        grounding, target, vertex = self.grounding, self.search.target, self.vertex
        if self.search.skeptical and target != Label.UNDEC:
            return self._credulous(max_size)
        rounds = STAGES
        goal = _goal(grounding, vertex, target, rounds)
        while True:
            proposed = self._propose(goal, max_size)
            if proposed is None:
                return None
            changes, labels = proposed
            found = self.labelling(changes, labels)
            if found[vertex] == target:
                # The relaxed question holds; the whole sub-debate may still refute it.
                whole = self.search.argument_at(self._whole(changes))[1]
                if whole is None or not self.add(whole, labels):
                    return goal
                continue
            if grounding.watched and rounds < self.part.size:
                rounds *= 2
                goal = _goal(grounding, vertex, target, rounds)
            if target == Label.UNDEC:
                grounding.forbid([*grounding.assume(changes), *(
                    literal for atom in sorted(self.free)
                    for literal in grounding.label_literals(atom, labels[atom]))])
            elif found[vertex] == Label.UNDEC:
                grounding.exclude_labelling(found)
            else:
                grounding.exclude_argument(changes, found, vertex)

    def _propose(self, goal: list[int], max_size: int | None) -> tuple[
            Position, list[Label]] | None:
        """The relaxed optimum under `goal` (its changes and labels; None when there is
        none of at most `max_size` changes); its size is kept as :attr:`size`."""
        proposed = self.grounding.model(goal, labelled=True)
        if proposed is None or (max_size is not None and len(proposed[0]) > max_size):
            return None
        self.size = len(proposed[0])
        return proposed

    def _credulous(self, max_size: int | None) -> list[int] | None:
        """:meth:`_bound` under preferred and stable: the relaxed question asks for some
        labelling (a partial stable model; a stable model) giving the vertex the target,
        which every image of a flip has (the labels of one of the flip's preferred
        labellings or stable models on the inner and boundary items); a proposal that
        fails on the whole sub-debate with the opposite grounded label is refined by the
        argument of that label read in the order of the well-founded model."""
        grounding = self.grounding
        goal = grounding.label_literals(self.vertex, self.search.target)
        while True:
            proposed = self._propose(goal, max_size)
            if proposed is None:
                return None
            changes, labels = proposed
            label, whole = self.search.argument_at(self._whole(changes))
            if label == self.search.target or whole is None or not self.add(whole, labels):
                return goal

    def labelling(self, changes: Position, labels: Sequence[Label]) -> list[Label]:
        """The well-founded model of the inner items' rules after `changes`, each boundary
        item holding its label in `labels` (IN: a fact; OUT: no rule; UNDEC: undefined)."""
        part = self.part
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[tuple[int, ...]] = []
        for vertex in range(part.size):
            rules: list[tuple[int, tuple[int, ...]]]
            if vertex in self.free:
                rules = [] if labels[vertex] == Label.OUT else [
                    (NO_ATOM, () if labels[vertex] == Label.IN else (vertex,))]
            else:
                rules = part.rules_for(vertex, changes.get(vertex, self.base[vertex]))
            for positive, negated in rules:
                heads.append(vertex)
                positives.append(positive)
                negatives.append(negated)
        return well_founded(Program(part.items, heads, positives, negatives)).labels

    def _whole(self, changes: Position) -> Position:
        """`changes` in the numbers of the whole sub-debate."""
        return {self.kept[v]: stance for v, stance in changes.items()}

    def _sets(self, goal: list[int], limit: int) -> Found | None:
        """The optimal positions that pass on the whole sub-debate (None: grow)."""
        search = self.search
        found: list[Position] = []
        failed = 0
        candidates = self.grounding.optimal(goal)
        for changes in candidates:
            whole = self._whole(changes)
            if search.argument_at(whole)[0] == search.target:
                found.append(whole)
                if len(found) > limit:
                    break
            else:
                failed += 1
                if failed > SPARE:
                    break
        candidates.close()
        if not found or failed > SPARE:
            return None
        return Found(len(found[0]), found[:limit], len(found) <= limit)


def _goal(grounding: _Grounding, vertex: int, target: Label, rounds: int) -> list[int]:
    """The goal of a relaxed question (`rounds` rounds of the alternating fixpoint written
    out): :func:`kb.engine.enforce.settled_goal` toward IN or OUT; toward UNDEC, the vertex
    neither true after them nor ruled out by them (exact once they settle) and UNDEC in
    some partial stable model (the well-founded model is one)."""
    if target != Label.UNDEC:
        return settled_goal(grounding, vertex, target, rounds)
    true_last, possible_last, unsettled = grounding.stages(rounds)
    grounding.watch = unsettled
    with grounding.control.backend() as backend:
        goal = backend.add_atom()
        backend.add_rule([goal], [possible_last[vertex], -true_last[vertex],
                                  *grounding.label_literals(vertex, Label.UNDEC)])
    grounding.control.ground([])
    return [goal]
