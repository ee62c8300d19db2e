"""Plain Dung frameworks and the ICCMA 2023 tasks SE, DC and DS.

Grounded comes from the compiled propagation of :mod:`kb.engine.kernels` (Dung's
characteristic function, linear). Complete, preferred and stable use the same clingo
encoding as debates (:mod:`kb.engine.extensions`) on the logic-program reading of the
framework (``in(a) <- not in(b1..bk)`` for the attackers ``b``), after the grounded labels
have been fixed: every complete labelling extends the grounded one, so only the arguments
grounded leaves UNDEC, with the attacks among them, go to the solver. Credulous acceptance is
the same for complete and preferred; skeptical complete is grounded; with no stable
extension every argument is skeptically stable (the ICCMA convention).

Examples
--------
>>> af = Framework.from_pairs(3, [(1, 2), (2, 1), (2, 3)])
>>> solve(af, "SE-GR")
['w']
>>> solve(af, "DS-PR", "3")
['NO', 'w 2']
>>> solve(af, "DC-ST", "3")[0]
'YES'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kb.engine.labels import Label, Semantics
from kb.errors import InvalidInputError
from kb.quick_iccma import IN_CODE, OUT_CODE, UNDEC_CODE, grounded_codes

PROBLEMS = ("SE", "DC", "DS")
SEMANTICS = {"GR": Semantics.GROUNDED, "CO": Semantics.COMPLETE,
             "PR": Semantics.PREFERRED, "ST": Semantics.STABLE}
TASKS = tuple(f"{p}-{s}" for p in PROBLEMS for s in SEMANTICS)
FORMATS = ("i23", "apx", "tgf")

COMPILED_FROM = 250_000
"""Frameworks with at least this many attacks use the compiled loop (numba); smaller ones a
plain Python loop, which answers before numba would even have loaded."""


class Framework:
    """Arguments 0..count-1 and attacks as two int32 arrays (or, for small frameworks read
    without numpy, two lists of ints); names for APX/TGF files (None means i23 numbering:
    name = number + 1). A plain class: ``dataclasses`` would cost ``argmap solve`` a few
    milliseconds of start-up."""

    __slots__ = ("attackers", "count", "names", "targets")

    def __init__(self, count: int, attackers: Any, targets: Any,
                 names: tuple[str, ...] | None = None) -> None:
        self.count = count
        self.attackers = attackers
        self.targets = targets
        self.names = names

    @classmethod
    def from_pairs(cls, count: int, attacks: Iterable[tuple[int, int]]) -> Framework:
        """A framework from 1-based attack pairs (i23 numbering)."""
        import numpy as np

        pairs = np.array(list(attacks), dtype=np.int32).reshape(-1, 2) - 1
        return cls(count, pairs[:, 0].copy(), pairs[:, 1].copy())

    def name(self, argument: int) -> str:
        return self.names[argument] if self.names is not None else str(argument + 1)

    def index_of(self, name: str) -> int:
        """The argument called `name`; InvalidInputError when there is none."""
        if self.names is not None:
            try:
                return self.names.index(name)
            except ValueError:
                pass
        elif name.isdigit() and 1 <= int(name) <= self.count:
            return int(name) - 1
        raise InvalidInputError(f"argument '{name}' is not in the framework; check -a")


def grounded(framework: Framework) -> Any:
    """Grounded labels as codes (1 IN, 2 OUT, 0 UNDEC): an int8 array from the compiled loop
    on large frameworks, a list from the plain Python loop on the others."""
    if len(framework.attackers) >= COMPILED_FROM:
        from kb.engine.kernels import grounded_labels

        return grounded_labels(framework.count, framework.attackers, framework.targets)
    return grounded_codes(framework.count, _as_list(framework.attackers),
                          _as_list(framework.targets))


def _as_list(values: Any) -> list[int]:
    return values if isinstance(values, list) else values.tolist()


def _where(codes: Any, code: int) -> list[int]:
    """The arguments whose code is `code`, in order."""
    if isinstance(codes, list):
        return [a for a, c in enumerate(codes) if c == code]
    import numpy as np

    return np.flatnonzero(codes == code).tolist()


def _residual_attacks(framework: Framework, codes: Any, local: list[int],
                      size: int) -> list[list[int]]:
    """The attackers of each of the `size` residual arguments among the residual ones
    (local numbers)."""
    attackers_of: list[list[int]] = [[] for _ in range(size)]
    if isinstance(codes, list):
        for a, b in zip(framework.attackers, framework.targets, strict=True):
            if local[b] >= 0 and local[a] >= 0:
                attackers_of[local[b]].append(local[a])
        return attackers_of
    import numpy as np

    keep = (codes[framework.attackers] == UNDEC_CODE) & (codes[framework.targets] == UNDEC_CODE)
    numbers = np.array(local, dtype=np.int64)
    src, dst = numbers[framework.attackers[keep]], numbers[framework.targets[keep]]
    order = np.argsort(dst, kind="stable")
    sources, bounds = src[order].tolist(), np.searchsorted(dst[order], np.arange(
        len(attackers_of) + 1)).tolist()
    return [sources[bounds[a]:bounds[a + 1]] for a in range(len(attackers_of))]


class _Residual:
    """The arguments grounded leaves UNDEC, with the attacks among them, as a program."""

    def __init__(self, framework: Framework, codes: Any) -> None:
        from kb.engine.program import NO_ATOM, Program

        self.codes = codes
        self.undecided = _where(codes, UNDEC_CODE)
        local = [-1] * framework.count
        for number, argument in enumerate(self.undecided):
            local[argument] = number
        self.local = local
        size = len(self.undecided)
        negatives = [tuple(a) for a in _residual_attacks(framework, codes, local, size)]
        self.program = Program(tuple(map(str, range(size))), list(range(size)),
                               [NO_ATOM] * size, negatives)

    def codes_of(self, labels: Sequence[Label]) -> Any:
        """Full label codes of a labelling of the residual program."""
        codes = self.codes.copy()
        for argument, label in zip(self.undecided, labels, strict=True):
            codes[argument] = (IN_CODE if label == Label.IN else
                               OUT_CODE if label == Label.OUT else UNDEC_CODE)
        return codes

    def models(self, semantics: Semantics) -> Iterator[Any]:
        """Every labelling (grounded part filled in), for small frameworks and tests."""
        from kb.engine.extensions import iter_models

        for labels in iter_models(self.program, semantics, fix_grounded=False):
            yield self.codes_of(labels)

    def search(self, semantics: Semantics) -> Any:
        from kb.engine.extensions import ModelSearch

        return ModelSearch(self.program, semantics)

    def admissible(self, *, maximal: bool = False) -> _Admissible:
        return _Admissible(self.program.negatives, maximal=maximal)

    def codes_with(self, inside: Iterable[int]) -> Any:
        """Codes with the residual arguments `inside` IN (the rest left as grounded has them)."""
        codes = self.codes.copy()
        for local in inside:
            codes[self.undecided[local]] = IN_CODE
        return codes

    def at(self, argument: int) -> int:
        return self.local[argument]


class _Admissible:
    """Admissible sets of a framework on one incremental clingo solver.

    ``{in(a)}``; ``<- in(a), in(b)`` for an attack; ``defeated(a) <- in(b)`` for b attacking
    a; ``<- in(a), not defeated(b)`` for b attacking a. Credulous acceptance under complete
    and preferred is credulous admissibility; preferred extensions are the maximal
    admissible sets, reached by growth (as in CEGARTIX and mu-toksia).

    With ``maximal``, the solver decides ``in`` atoms first and true first (clingo's domain
    heuristic), so every model it finds is subset-maximal among those meeting the
    assumptions and constraints (Di Rosa, Giunchiglia and Maratea 2010); growth then ends
    after one check.
    """

    def __init__(self, attackers_of: Sequence[Sequence[int]], *, maximal: bool = False) -> None:
        import clingo

        options = ["--warn=none"] + (["--heuristic=Domain"] if maximal else [])
        self.control = clingo.Control(options)
        size = len(attackers_of)
        with self.control.backend() as backend:
            self.inside = [backend.add_atom() for _ in range(size)]
            defeated = [backend.add_atom() for _ in range(size)]
            for argument, attackers in enumerate(attackers_of):
                backend.add_rule([self.inside[argument]], [], choice=True)
                for attacker in attackers:
                    backend.add_rule([], [self.inside[argument], self.inside[attacker]])
                    backend.add_rule([defeated[argument]], [self.inside[attacker]])
                    backend.add_rule([], [self.inside[argument], -defeated[attacker]])
            if maximal:
                for atom in self.inside:
                    backend.add_heuristic(atom, clingo.HeuristicType.True_, 1, 1, [])
        self.control.ground([])
        self.retired: list[int] = []

    def first(self, *, assume_in: Sequence[int] = (), assume_not_in: Sequence[int] = (),
              extra: Sequence[int] = ()) -> set[int] | None:
        """An admissible set with / without those arguments, or None."""
        assumptions = [self.inside[a] for a in assume_in]
        assumptions += [-self.inside[a] for a in assume_not_in]
        assumptions += [-act for act in self.retired] + list(extra)
        with self.control.solve(assumptions=assumptions, yield_=True) as handle:
            for model in handle:
                return {a for a, atom in enumerate(self.inside) if model.is_true(atom)}
        return None

    def exclude_subsets(self, chosen: set[int]) -> None:
        """From now on, only sets with an argument outside `chosen`."""
        with self.control.backend() as backend:
            backend.add_rule([], [-atom for a, atom in enumerate(self.inside) if a not in chosen])

    def grow(self, chosen: set[int]) -> set[int]:
        """A maximal admissible (preferred) set containing `chosen`."""
        while True:
            with self.control.backend() as backend:
                act = backend.add_atom()
                backend.add_rule([act], [], choice=True)
                for a in chosen:
                    backend.add_rule([], [act, -self.inside[a]])
                backend.add_rule(
                    [], [act, *(-atom for a, atom in enumerate(self.inside) if a not in chosen)]
                )
            self.control.ground([])
            larger = self.first(extra=[act])
            self.retired.append(act)
            if larger is None:
                return chosen
            chosen = larger


def _witness(framework: Framework, codes: Any) -> str:
    names = [framework.name(a) for a in _where(codes, IN_CODE)]
    return " ".join(["w", *names])


def solve(framework: Framework, task: str, argument: str | None = None) -> list[str]:
    """Answer ICCMA `task` on `framework`: the output lines (``w ...``, ``YES``, ``NO``).

    Raises
    ------
    InvalidInputError
        For an unknown task, a missing ``-a`` for DC/DS, or an unknown argument.
    """
    if task not in TASKS:
        raise InvalidInputError(f"unknown task '{task}'; choose one of: {', '.join(TASKS)}")
    problem, code = task.split("-")
    semantics = SEMANTICS[code]
    target = -1
    if problem != "SE":
        if argument is None:
            raise InvalidInputError(f"task {task} needs an argument: add -a ARG")
        target = framework.index_of(argument)
    codes = grounded(framework)
    if semantics in (Semantics.GROUNDED, Semantics.COMPLETE) and problem != "DC":
        if problem == "SE":
            return [_witness(framework, codes)]
        return ["YES" if codes[target] == IN_CODE else "NO"]
    if semantics == Semantics.GROUNDED:
        return ["YES" if codes[target] == IN_CODE else "NO"]
    residual = _Residual(framework, codes)
    if problem == "DC" and semantics != Semantics.STABLE:
        if codes[target] != UNDEC_CODE:
            return ["YES" if codes[target] == IN_CODE else "NO"]
        chosen = residual.admissible().first(assume_in=[residual.at(target)])
        return ["NO"] if chosen is None else ["YES", _witness(framework,
                                                              residual.codes_with(chosen))]
    if problem == "SE" and semantics == Semantics.PREFERRED:
        # The first model under the maximal heuristic is a maximal admissible set: preferred.
        chosen = residual.admissible(maximal=True).first() or set()
        return [_witness(framework, residual.codes_with(chosen))]
    if problem == "SE":
        found = residual.search(semantics).first()
        return ["NO"] if found is None else [_witness(framework, residual.codes_of(found))]
    if semantics == Semantics.STABLE:
        return _stable_decision(framework, residual, problem, target)
    return _skeptical_preferred(framework, residual, target)


def _stable_decision(framework: Framework, residual: _Residual, problem: str,
                     target: int) -> list[str]:
    codes = residual.codes
    search = residual.search(Semantics.STABLE)
    if problem == "DC":
        if codes[target] == OUT_CODE:
            return ["NO"]
        assume = [] if codes[target] == IN_CODE else [residual.at(target)]
        found = search.first(assume_in=assume)
        return ["NO"] if found is None else ["YES", _witness(framework, residual.codes_of(found))]
    if codes[target] == IN_CODE:
        return ["YES"]
    if codes[target] == OUT_CODE:
        found = search.first()
    else:
        found = search.first(assume_not_in=[residual.at(target)])
    return ["YES"] if found is None else ["NO", _witness(framework, residual.codes_of(found))]


def _skeptical_preferred(framework: Framework, residual: _Residual, target: int) -> list[str]:
    """DS-PR by counter-example search: admissible sets without the argument, grown to
    preferred ones; each preferred extension found that contains it excludes its subsets."""
    codes = residual.codes
    if codes[target] != UNDEC_CODE:
        return ["YES" if codes[target] == IN_CODE else "NO"]
    local = residual.at(target)
    if residual.admissible().first(assume_in=[local]) is None:
        return ["NO"]
    search = residual.admissible(maximal=True)
    while True:
        candidate = search.first(assume_not_in=[local])
        if candidate is None:
            return ["YES"]
        preferred = search.grow(candidate)
        if local not in preferred:
            return ["NO", _witness(framework, residual.codes_with(preferred))]
        search.exclude_subsets(preferred)


def labellings(framework: Framework, semantics: Semantics) -> list[list[Label]]:
    """Every labelling of `framework` (for tests and small frameworks)."""
    codes = grounded(framework)
    names = {IN_CODE: Label.IN, OUT_CODE: Label.OUT, UNDEC_CODE: Label.UNDEC}
    if semantics == Semantics.GROUNDED:
        found = [codes]
    else:
        found = list(_Residual(framework, codes).models(semantics))
    return [[names[int(c)] for c in labelling] for labelling in found]
