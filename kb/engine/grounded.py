"""The grounded labelling: the well-founded model of a party's program.

Counter propagation in the shape of networkx's ``topological_generations``: each rule keeps
how many of its negated atoms are not yet false and whether its positive atom is true; each
atom keeps how many of its rules are still alive. An atom is IN when one of its rules fires,
OUT when all its rules are dead. When propagation stalls, the atoms that could not be derived
even if every undecided negation held form the greatest unfounded set (Van Gelder, Ross and
Schlipf 1991); they become OUT and propagation resumes. Circular support with nothing beneath
it is therefore OUT, never UNDEC. When supports have no cycles, no unfounded set is ever left
after propagation (its lowest atom would already be dead), so the whole run is linear.

Examples
--------
>>> from kb.engine.program import Program
>>> p = Program.from_rules(["a", "b", "c"], [("a", "b", ()), ("b", "a", ()), ("c", None, ["a"])])
>>> [label.value for label in well_founded(p).labels]
['OUT', 'OUT', 'IN']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.engine.labels import Label
from kb.engine.program import NO_ATOM, Program

if TYPE_CHECKING:
    from kb.doc import Stance
    from kb.engine.graph import ArgGraph

_UNKNOWN, _TRUE, _FALSE = 0, 1, 2
LABELS = (Label.UNDEC, Label.IN, Label.OUT)
"""The label of each value code of the well-founded loops."""
_LABEL = LABELS


@dataclass(frozen=True)
class WellFounded:
    """The well-founded model with what decided each atom (used by explanations)."""

    labels: list[Label]
    fired: list[int]
    """Per IN atom: the rule that derived it first (its positive atom was IN earlier)."""
    unfounded: list[bool]
    """Per OUT atom: True when it fell in an unfounded set (circular support)."""


def well_founded(program: Program) -> WellFounded:
    """Return the well-founded model of `program` as labels per atom.

    Parameters
    ----------
    program : Program

    Returns
    -------
    WellFounded
        ``labels[i]`` is IN (true), OUT (false) or UNDEC (undefined) for atom ``i``.

    Examples
    --------
    >>> from kb.engine.program import Program
    >>> p = Program.from_rules(["a", "b"], [("a", None, ["b"]), ("b", None, ["a"])])
    >>> [label.value for label in well_founded(p).labels]
    ['UNDEC', 'UNDEC']
    """
    run = _Propagation(program)
    run.propagate()
    while run.remove_unfounded():
        run.propagate()
    return WellFounded([_LABEL[v] for v in run.value], run.fired, run.unfounded)


class _Propagation:
    """The counters of :func:`well_founded` and the two steps that move them."""

    def __init__(self, program: Program) -> None:
        size = program.size
        heads, positives, negatives = program.heads, program.positives, program.negatives
        self.program = program
        self.value = [_UNKNOWN] * size
        self.fired = [NO_ATOM] * size
        self.unfounded = [False] * size
        self.alive = [0] * size
        self.pending = [len(n) for n in negatives]
        self.positive_true = [p == NO_ATOM for p in positives]
        self.dead = [False] * len(heads)
        self.negative_in: list[list[int]] = [[] for _ in range(size)]
        self.positive_in: list[list[int]] = [[] for _ in range(size)]
        for rule, head in enumerate(heads):
            self.alive[head] += 1
            for atom in negatives[rule]:
                self.negative_in[atom].append(rule)
            if positives[rule] != NO_ATOM:
                self.positive_in[positives[rule]].append(rule)
        self.queue: deque[int] = deque()
        for atom in range(size):
            if self.alive[atom] == 0:
                self.value[atom] = _FALSE
                self.queue.append(atom)
        for rule in range(len(heads)):
            if self.positive_true[rule] and self.pending[rule] == 0:
                self.fire(rule)

    def kill(self, rule: int) -> None:
        if not self.dead[rule]:
            self.dead[rule] = True
            head = self.program.heads[rule]
            self.alive[head] -= 1
            if self.alive[head] == 0 and self.value[head] == _UNKNOWN:
                self.value[head] = _FALSE
                self.queue.append(head)

    def fire(self, rule: int) -> None:
        head = self.program.heads[rule]
        if not self.dead[rule] and self.value[head] == _UNKNOWN:
            self.value[head] = _TRUE
            self.fired[head] = rule
            self.queue.append(head)

    def propagate(self) -> None:
        """Settle every count the queued atoms change."""
        value, pending, positive_true = self.value, self.pending, self.positive_true
        while self.queue:
            atom = self.queue.popleft()
            if value[atom] == _TRUE:
                for rule in self.negative_in[atom]:
                    self.kill(rule)
                for rule in self.positive_in[atom]:
                    positive_true[rule] = True
                    if pending[rule] == 0:
                        self.fire(rule)
            else:
                for rule in self.negative_in[atom]:
                    pending[rule] -= 1
                    if pending[rule] == 0 and positive_true[rule]:
                        self.fire(rule)
                for rule in self.positive_in[atom]:
                    self.kill(rule)

    def remove_unfounded(self) -> bool:
        """Make the greatest unfounded set OUT; False when there is none."""
        value, dead, heads = self.value, self.dead, self.program.heads
        undecided = [atom for atom in range(self.program.size) if value[atom] == _UNKNOWN]
        # Optimistic derivation: every undecided negation assumed to hold.
        reached = set()
        frontier = []
        for atom in undecided:
            for rule in self.program.rules_of(atom):
                if not dead[rule] and self.positive_true[rule]:
                    reached.add(atom)
                    frontier.append(atom)
                    break
        while frontier:
            atom = frontier.pop()
            for rule in self.positive_in[atom]:
                head = heads[rule]
                if not dead[rule] and value[head] == _UNKNOWN and head not in reached:
                    reached.add(head)
                    frontier.append(head)
        if len(reached) == len(undecided):
            return False
        for atom in undecided:
            if atom not in reached:
                value[atom] = _FALSE
                self.unfounded[atom] = True
                self.queue.append(atom)
        return True


COMPILED_FROM = 5_000
"""Debates with at least this many nodes and edges use the compiled loop; smaller ones the
plain loop above, so serving small debates never loads numba."""


def grounded_labels(
    graph: ArgGraph, acceptance: Mapping[str, Stance | str], *, compiled: bool | None = None
) -> list[Label]:
    """The grounded labelling of `graph` for `acceptance`, one label per vertex.

    The same model as :func:`well_founded` on ``graph.program(acceptance)``; from
    ``COMPILED_FROM`` vertices on (or with ``compiled=True``) computed by the compiled loop
    of :mod:`kb.engine.kernels` on the graph's shared rule table.

    Examples
    --------
    >>> from kb.engine.graph import ArgGraph
    >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
    >>> [label.value for label in grounded_labels(g, {"e": "accepted"}, compiled=True)]
    ['IN', 'IN', 'IN']
    """
    if not (graph.size >= COMPILED_FROM if compiled is None else compiled):
        return well_founded(graph.program(acceptance)).labels
    from kb.engine.kernels import well_founded_arrays

    disabled = graph.disabled_rules(acceptance)
    value, _, _ = well_founded_arrays(graph.size, graph.table, disabled)
    return [_LABEL[v] for v in value.tolist()]
