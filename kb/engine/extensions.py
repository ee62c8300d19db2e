"""Complete, preferred and stable labellings with clingo, on the logic-program reading.

The program goes to clingo through the one encoding of :mod:`kb.engine.encoding` (the
doubled program for partial stable models, the program itself for stable models).
Preferred labellings (maximal IN set) come from clingo's domain heuristic with
``--enum-mode=domRec``, which enumerates the models whose true atoms are subset-maximal
(Di Rosa, Giunchiglia and Maratea 2010). Every partial stable model extends the
well-founded one, so the grounded labels are fixed first as constraints, which prunes the
search.

Examples
--------
>>> from kb.engine.program import Program
>>> p = Program.from_rules(["a", "b"], [("a", None, ["b"]), ("b", None, ["a"])])
>>> sorted("".join(l.value[0] for l in m) for m in labellings(p, Semantics.COMPLETE))
['IO', 'OI', 'UU']
>>> sorted("".join(l.value[0] for l in m) for m in labellings(p, Semantics.PREFERRED))
['IO', 'OI']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import clingo

from kb.engine.encoding import add_program, labels_of
from kb.engine.labels import Label, Semantics
from kb.engine.program import Program

MAX_LABELLINGS = 1000
"""Most labellings one evaluation enumerates (documented in docs/semantics.md)."""


def _control(semantics: Semantics, models: int) -> clingo.Control:
    arguments = [str(models), "--warn=none"]
    if semantics == Semantics.PREFERRED:
        arguments += ["--heuristic=Domain", "--enum-mode=domRec"]
    return clingo.Control(arguments)


def _encode(
    backend: clingo.Backend, program: Program, two_valued: bool, fix_grounded: bool
) -> tuple[list[int], list[int]]:
    """Add the (doubled) program; return the solver atoms of ``t(a)`` and ``p(a)``."""
    true_atoms, maybe_atoms = add_program(
        backend, program.size, program.heads, program.positives, program.negatives,
        two_valued=two_valued,
    )
    if fix_grounded:
        from kb.engine.grounded import well_founded

        grounded = well_founded(program).labels
        for atom, label in enumerate(grounded):
            if label == Label.IN:
                backend.add_rule([], [-true_atoms[atom]])
            elif label == Label.OUT:
                backend.add_rule([], [maybe_atoms[atom]])
    return true_atoms, maybe_atoms


def iter_models(
    program: Program,
    semantics: Semantics,
    *,
    models: int = 0,
    assume_in: Sequence[int] = (),
    assume_not_in: Sequence[int] = (),
    fix_grounded: bool = True,
) -> Iterator[list[Label]]:
    """Yield labellings (one label per atom) of `program` under `semantics`.

    ``models`` = 0 enumerates all; ``assume_in`` / ``assume_not_in`` restrict to models where
    those atoms are IN / not IN (for credulous and skeptical questions).
    """
    control = _control(semantics, models)
    with control.backend() as backend:
        true_atoms, maybe_atoms = _encode(
            backend, program, semantics == Semantics.STABLE, fix_grounded
        )
        for atom in assume_in:
            backend.add_rule([], [-true_atoms[atom]])
        for atom in assume_not_in:
            backend.add_rule([], [true_atoms[atom]])
        if semantics == Semantics.PREFERRED:
            for atom in true_atoms:
                backend.add_heuristic(atom, clingo.HeuristicType.True_, 1, 1, [])
    control.ground([])
    with control.solve(yield_=True) as handle:
        for model in handle:
            yield labels_of(model, true_atoms, maybe_atoms)


class ModelSearch:
    """One solver kept across queries: complete or stable models under assumptions.

    Preferred labellings are reached by growth (as in CEGARTIX and mu-toksia): from a
    complete labelling, ask for one whose IN set is a strict superset, until none exists.

    >>> from kb.engine.program import Program
    >>> p = Program.from_rules(["a", "b"], [("a", None, ["b"]), ("b", None, ["a"])])
    >>> search = ModelSearch(p, Semantics.COMPLETE)
    >>> [l.value for l in search.first(assume_not_in=[0])]
    ['UNDEC', 'UNDEC']
    >>> [l.value for l in search.grow(search.first(assume_not_in=[0]), assume_not_in=[0])]
    ['OUT', 'IN']
    """

    def __init__(self, program: Program, semantics: Semantics, *,
                 fix_grounded: bool = False) -> None:
        self.control = clingo.Control(["--warn=none"])
        with self.control.backend() as backend:
            self.true_atoms, self.maybe_atoms = _encode(
                backend, program, semantics == Semantics.STABLE, fix_grounded
            )
        self.control.ground([])
        self.retired: list[int] = []

    def first(self, *, assume_in: Sequence[int] = (), assume_not_in: Sequence[int] = (),
              extra: Sequence[int] = ()) -> list[Label] | None:
        """A model with those atoms IN / not IN, or None."""
        assumptions = [self.true_atoms[a] for a in assume_in]
        assumptions += [-self.true_atoms[a] for a in assume_not_in]
        assumptions += [-act for act in self.retired if act not in extra]
        assumptions += list(extra)
        with self.control.solve(assumptions=assumptions, yield_=True) as handle:
            for model in handle:
                return labels_of(model, self.true_atoms, self.maybe_atoms)
        return None

    def exclude_subsets(self, labels: Sequence[Label]) -> None:
        """From now on, only models with an IN atom outside the IN set of `labels`."""
        outside = [-self.true_atoms[a] for a, label in enumerate(labels) if label != Label.IN]
        with self.control.backend() as backend:
            backend.add_rule([], outside)

    def grow(self, labels: list[Label], *, assume_not_in: Sequence[int] = ()) -> list[Label]:
        """A preferred labelling whose IN set contains that of `labels`."""
        while True:
            with self.control.backend() as backend:
                act = backend.add_atom()
                backend.add_rule([act], [], choice=True)
                for atom, label in enumerate(labels):
                    if label == Label.IN:
                        backend.add_rule([], [act, -self.true_atoms[atom]])
                outside = [-self.true_atoms[a] for a, lab in enumerate(labels) if lab != Label.IN]
                backend.add_rule([], [act, *outside])
            self.control.ground([])
            larger = self.first(assume_not_in=assume_not_in, extra=[act])
            self.retired.append(act)
            if larger is None:
                return labels
            labels = larger


def labellings(
    program: Program, semantics: Semantics, *, limit: int = MAX_LABELLINGS
) -> list[list[Label]]:
    """All labellings of `program` under `semantics` (at most `limit`), in solver order.

    For grounded, the one well-founded labelling.

    >>> from kb.engine.program import Program
    >>> p = Program.from_rules(["a"], [("a", None, ["a"])])
    >>> labellings(p, Semantics.STABLE)
    []
    """
    from kb.engine.grounded import well_founded

    grounded = well_founded(program).labels
    if semantics == Semantics.GROUNDED or Label.UNDEC not in grounded:
        # A total well-founded model is the only partial stable model, and stable.
        return [grounded]
    return list(iter_models(program, semantics, models=limit))
