"""The skeptical label of one item under preferred or stable semantics on a large debate.

Every complete labelling (partial stable model) of a program extends its well-founded
model M, and so does every stable model; the program simplified by M (the rules of the
atoms M leaves UNDEC, without those M blocks, without the body literals M makes true) has
exactly those labellings on the UNDEC atoms. So the well-founded model (the compiled loop,
a few milliseconds for 40,000 items) decides most questions, and the solver sees only
the rest:

- **Preferred.** When M gives the node IN or OUT, every preferred labelling does. When M
  leaves it UNDEC, its preferred labels are those of the simplified program on the UNDEC
  atoms it depends on (directionality: the preferred labellings of a part closed under
  dependencies are the restrictions of the whole's).
- **Stable.** With M total, M is the one stable model. Otherwise the stable models are
  those of the simplified program on every UNDEC atom (whether there is one at all is a
  question about the whole): none gives UNDEC, else the node's label in all of them.

Examples
--------
>>> import numpy as np
>>> from kb.engine.graph import ArgGraph
>>> g = ArgGraph.from_lists(claims=["a", "b"], rebuts=[("a", "b"), ("b", "a")])
>>> codes = np.full(g.size, 2, dtype=np.int8)  # unstated: neither claim is a premise
>>> kept = g.kept_by_codes(codes)
>>> value = np.array([2, 2, 2, 2], dtype=np.int8)
>>> skeptical_label(g, value, kept, 0, Semantics.STABLE)
<Label.OUT: 'OUT'>
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kb.engine.extensions import MAX_LABELLINGS, labellings
from kb.engine.graph import ArgGraph
from kb.engine.grounded import LABELS
from kb.engine.labels import Label, Semantics
from kb.engine.program import NO_ATOM, Program

UNDEFINED, TRUE, FALSE = 0, 1, 2
"""The values of the compiled loop."""


def skeptical_label(graph: ArgGraph, value: Any, kept: Any, vertex: int,
                    semantics: Semantics) -> Label:
    """The label of `vertex` under `semantics` (preferred or stable: the skeptical view;
    UNDEC with no stable model), in the program of the rules `kept` of `graph`'s rule
    table, whose well-founded model is `value` (the compiled loop's values)."""
    decided = LABELS[int(value[vertex])]
    undefined = np.flatnonzero(value == UNDEFINED)
    if len(undefined) == 0 or (semantics == Semantics.PREFERRED and decided != Label.UNDEC):
        return decided
    atoms = _depended(graph, value, kept, vertex) if semantics == Semantics.PREFERRED \
        else [int(a) for a in undefined]
    program, local = _simplified(graph, value, kept, atoms)
    found = labellings(program, semantics,
                       limit=1 if decided != Label.UNDEC else MAX_LABELLINGS)
    if not found:
        return Label.UNDEC
    if decided != Label.UNDEC:
        return decided
    seen = {labels[local[vertex]] for labels in found}
    return seen.pop() if len(seen) == 1 else Label.UNDEC


def _kept_rules(graph: ArgGraph, value: Any, kept: Any, atom: int) -> list[int]:
    """The rules of `atom` that the program keeps and its well-founded model does not
    block (a positive atom false, a negated atom true)."""
    table = graph.table
    found = []
    for rule in table.head_rules[table.head_start[atom]:table.head_start[atom + 1]]:
        positive = table.positives[rule]
        if not kept[rule] or (positive >= 0 and value[positive] == FALSE):
            continue
        negated = table.neg_atoms[table.neg_start[rule]:table.neg_start[rule + 1]]
        if any(value[n] == TRUE for n in negated):
            continue
        found.append(int(rule))
    return found


def _depended(graph: ArgGraph, value: Any, kept: Any, vertex: int) -> list[int]:
    """The UNDEC atoms `vertex` depends on through the simplified program, itself
    included."""
    table = graph.table
    seen = {vertex}
    stack = [vertex]
    while stack:
        for rule in _kept_rules(graph, value, kept, stack.pop()):
            negated = table.neg_atoms[table.neg_start[rule]:table.neg_start[rule + 1]]
            for atom in (table.positives[rule], *negated):
                atom = int(atom)
                if atom >= 0 and value[atom] == UNDEFINED and atom not in seen:
                    seen.add(atom)
                    stack.append(atom)
    return sorted(seen)


def _simplified(graph: ArgGraph, value: Any, kept: Any, atoms: list[int]) -> tuple[
        Program, dict[int, int]]:
    """The program simplified by the well-founded model, on `atoms` (UNDEC there, closed
    under dependencies), and the number of each atom in it."""
    table = graph.table
    local = {atom: number for number, atom in enumerate(atoms)}
    heads: list[int] = []
    positives: list[int] = []
    negatives: list[tuple[int, ...]] = []
    for atom in atoms:
        for rule in _kept_rules(graph, value, kept, atom):
            positive = int(table.positives[rule])
            negated = table.neg_atoms[table.neg_start[rule]:table.neg_start[rule + 1]]
            heads.append(local[atom])
            positives.append(local[positive] if positive >= 0 and value[positive] ==
                             UNDEFINED else NO_ATOM)
            negatives.append(tuple(local[int(n)] for n in negated
                                   if value[n] == UNDEFINED))
    return Program(tuple(graph.items[a] for a in atoms), heads, positives, negatives), local
