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

from kb.doc import Stance
from kb.engine.labels import Label
from kb.engine.program import NO_ATOM, Program

if TYPE_CHECKING:
    from kb.engine.graph import ArgGraph

_UNKNOWN, _TRUE, _FALSE = 0, 1, 2
_LABEL = (Label.UNDEC, Label.IN, Label.OUT)


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
    size = program.size
    heads, positives, negatives = program.heads, program.positives, program.negatives
    rule_count = len(heads)
    value = [_UNKNOWN] * size
    fired = [NO_ATOM] * size
    unfounded = [False] * size
    alive = [0] * size
    pending = [len(n) for n in negatives]
    positive_true = [p == NO_ATOM for p in positives]
    dead = [False] * rule_count
    negative_in: list[list[int]] = [[] for _ in range(size)]
    positive_in: list[list[int]] = [[] for _ in range(size)]
    for rule in range(rule_count):
        alive[heads[rule]] += 1
        for atom in negatives[rule]:
            negative_in[atom].append(rule)
        if positives[rule] != NO_ATOM:
            positive_in[positives[rule]].append(rule)

    queue: deque[int] = deque()
    for atom in range(size):
        if alive[atom] == 0:
            value[atom] = _FALSE
            queue.append(atom)
    for rule in range(rule_count):
        if positive_true[rule] and pending[rule] == 0 and value[heads[rule]] == _UNKNOWN:
            value[heads[rule]] = _TRUE
            fired[heads[rule]] = rule
            queue.append(heads[rule])

    def kill(rule: int) -> None:
        if not dead[rule]:
            dead[rule] = True
            head = heads[rule]
            alive[head] -= 1
            if alive[head] == 0 and value[head] == _UNKNOWN:
                value[head] = _FALSE
                queue.append(head)

    def fire(rule: int) -> None:
        head = heads[rule]
        if not dead[rule] and value[head] == _UNKNOWN:
            value[head] = _TRUE
            fired[head] = rule
            queue.append(head)

    def propagate() -> None:
        while queue:
            atom = queue.popleft()
            if value[atom] == _TRUE:
                for rule in negative_in[atom]:
                    kill(rule)
                for rule in positive_in[atom]:
                    positive_true[rule] = True
                    if pending[rule] == 0:
                        fire(rule)
            else:
                for rule in negative_in[atom]:
                    pending[rule] -= 1
                    if pending[rule] == 0 and positive_true[rule]:
                        fire(rule)
                for rule in positive_in[atom]:
                    kill(rule)

    propagate()
    while True:
        undecided = [atom for atom in range(size) if value[atom] == _UNKNOWN]
        if not undecided:
            break
        # Optimistic derivation: every undecided negation assumed to hold.
        reached = set()
        frontier = []
        for atom in undecided:
            for rule in program.rules_of(atom):
                if not dead[rule] and (positives[rule] == NO_ATOM or positive_true[rule]):
                    reached.add(atom)
                    frontier.append(atom)
                    break
        while frontier:
            atom = frontier.pop()
            for rule in positive_in[atom]:
                head = heads[rule]
                if not dead[rule] and value[head] == _UNKNOWN and head not in reached:
                    reached.add(head)
                    frontier.append(head)
        if len(reached) == len(undecided):
            break
        for atom in undecided:
            if atom not in reached:
                value[atom] = _FALSE
                unfounded[atom] = True
                queue.append(atom)
        propagate()
    return WellFounded([_LABEL[v] for v in value], fired, unfounded)


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
