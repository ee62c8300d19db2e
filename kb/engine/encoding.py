"""The one clingo encoding of a party's program (and of programs with guarded rules).

Complete labellings are the partial stable models of the program. They are the stable
models of a doubled program (the standard translation; Janhunen, Niemelä, Seipel, Simons
and You 2006, "Unfolding partiality and disjunctions in stable model semantics"): for every
atom ``a`` an atom ``t(a)`` (true) and ``p(a)`` (possibly true); each rule
``a <- b, not c1..ck`` becomes ``t(a) <- t(b), not p(c1..ck)`` and
``p(a) <- p(b), not t(c1..ck)``, plus the constraint ``<- t(a), not p(a)``. A model's true
atoms are IN, possibly-true-but-not-true atoms UNDEC, the rest OUT. Stable models are the
models of the program itself (``t`` and ``p`` are one atom).

A rule may carry a *guard*: one more body literal, so that one grounding holds the programs
of many positions (the crux and flip searches choose the guards by solver assumptions or
choice rules).

Examples
--------
>>> import clingo
>>> from kb.engine.program import Program
>>> control = clingo.Control(["0", "--warn=none"])
>>> p = Program.from_rules(["a", "b"], [("a", None, ["b"]), ("b", None, ["a"])])
>>> with control.backend() as backend:
...     atoms = add_program(backend, p.size, p.heads, p.positives, p.negatives,
...                         two_valued=False)
>>> control.ground([])
>>> found = []
>>> _ = control.solve(on_model=lambda m: found.append("".join(
...     lab.value[0] for lab in labels_of(m, *atoms))))
>>> sorted(found)
['IO', 'OI', 'UU']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.engine.labels import Label
from kb.engine.program import NO_ATOM


def add_program(
    backend: Any,
    size: int,
    heads: Sequence[int],
    positives: Sequence[int],
    negatives: Sequence[Sequence[int]],
    *,
    two_valued: bool,
    guards: Sequence[int] | None = None,
) -> tuple[list[int], list[int]]:
    """Add the (doubled) program to a clingo backend; return the atoms of ``t`` and ``p``.

    Parameters
    ----------
    backend : clingo.Backend
    size : int
        Number of atoms of the program.
    heads, positives, negatives : sequences, one entry per rule
        The rule ``heads[r] <- positives[r], not negatives[r]`` (``NO_ATOM``: no positive).
    two_valued : bool
        True for stable models (``t`` = ``p``), False for partial stable models.
    guards : sequence of int, optional
        One more body literal per rule (a solver literal; 0 for none).
    """
    true_atoms = [backend.add_atom() for _ in range(size)]
    maybe_atoms = true_atoms if two_valued else [backend.add_atom() for _ in range(size)]
    for rule, head in enumerate(heads):
        guard = [guards[rule]] if guards is not None and guards[rule] else []
        positive = positives[rule]
        true_body = guard + [-maybe_atoms[n] for n in negatives[rule]]
        if positive != NO_ATOM:
            true_body.append(true_atoms[positive])
        backend.add_rule([true_atoms[head]], true_body)
        if not two_valued:
            maybe_body = guard + [-true_atoms[n] for n in negatives[rule]]
            if positive != NO_ATOM:
                maybe_body.append(maybe_atoms[positive])
            backend.add_rule([maybe_atoms[head]], maybe_body)
    if not two_valued:
        for atom in range(size):
            backend.add_rule([], [true_atoms[atom], -maybe_atoms[atom]])
    return true_atoms, maybe_atoms


def labels_of(model: Any, true_atoms: Sequence[int], maybe_atoms: Sequence[int]) -> list[Label]:
    """The labelling a model of :func:`add_program` stands for (one label per atom)."""
    labels = []
    for true_atom, maybe_atom in zip(true_atoms, maybe_atoms, strict=True):
        if model.is_true(true_atom):
            labels.append(Label.IN)
        elif model.is_true(maybe_atom):
            labels.append(Label.UNDEC)
        else:
            labels.append(Label.OUT)
    return labels
