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
>>> import numpy as np
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
from dataclasses import dataclass
from typing import Any

import numpy as np

from kb.engine.kernels import grounded_labels
from kb.engine.labels import Label, Semantics
from kb.errors import InvalidInputError

PROBLEMS = ("SE", "DC", "DS")
SEMANTICS = {"GR": Semantics.GROUNDED, "CO": Semantics.COMPLETE,
             "PR": Semantics.PREFERRED, "ST": Semantics.STABLE}
TASKS = tuple(f"{p}-{s}" for p in PROBLEMS for s in SEMANTICS)
FORMATS = ("i23", "apx", "tgf")

IN_CODE, OUT_CODE, UNDEC_CODE = 1, 2, 0


@dataclass(frozen=True)
class Framework:
    """Arguments 0..count-1 and attacks as two int32 arrays; names for APX/TGF files."""

    count: int
    attackers: Any
    targets: Any
    names: tuple[str, ...] | None = None
    """Argument names (APX, TGF); None means i23 numbering (name = number + 1)."""

    @classmethod
    def from_pairs(cls, count: int, attacks: Iterable[tuple[int, int]]) -> Framework:
        """A framework from 1-based attack pairs (i23 numbering)."""
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
    """Grounded labels as int8 codes (1 IN, 2 OUT, 0 UNDEC)."""
    return grounded_labels(framework.count, framework.attackers, framework.targets)


class _Residual:
    """The arguments grounded leaves UNDEC, with the attacks among them, as a program."""

    def __init__(self, framework: Framework, codes: Any) -> None:
        from kb.engine.program import NO_ATOM, Program

        self.codes = codes
        self.undecided = np.flatnonzero(codes == UNDEC_CODE)
        local = np.full(framework.count, -1, dtype=np.int64)
        local[self.undecided] = np.arange(len(self.undecided))
        self.local = local
        keep = (codes[framework.attackers] == UNDEC_CODE) & (codes[framework.targets] == UNDEC_CODE)
        src = local[framework.attackers[keep]]
        dst = local[framework.targets[keep]]
        order = np.argsort(dst, kind="stable")
        src, dst = src[order].tolist(), dst[order]
        size = len(self.undecided)
        bounds = np.searchsorted(dst, np.arange(size + 1)).tolist()
        negatives = [tuple(src[bounds[a]:bounds[a + 1]]) for a in range(size)]
        self.program = Program(tuple(map(str, range(size))), list(range(size)),
                               [NO_ATOM] * size, negatives)

    def models(self, semantics: Semantics, *, models: int = 0, assume_in: Sequence[int] = (),
               assume_not_in: Sequence[int] = ()) -> Iterator[Any]:
        """Full label codes of each labelling found (grounded part filled in)."""
        from kb.engine.extensions import iter_models

        for labels in iter_models(
            self.program, semantics, models=models, fix_grounded=False,
            assume_in=[int(self.local[a]) for a in assume_in],
            assume_not_in=[int(self.local[a]) for a in assume_not_in],
        ):
            codes = self.codes.copy()
            codes[self.undecided] = [
                IN_CODE if x == Label.IN else OUT_CODE if x == Label.OUT else UNDEC_CODE
                for x in labels
            ]
            yield codes

    def first(self, semantics: Semantics, **assumptions: Sequence[int]) -> Any | None:
        return next(self.models(semantics, models=1, **assumptions), None)


def _witness(framework: Framework, codes: Any) -> str:
    names = [framework.name(int(a)) for a in np.flatnonzero(codes == IN_CODE)]
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
        found = residual.first(Semantics.COMPLETE, assume_in=[target])
        return ["YES", _witness(framework, found)] if found is not None else ["NO"]
    if problem == "SE":
        found = residual.first(semantics)
        return [_witness(framework, found)] if found is not None else ["NO"]
    if semantics == Semantics.STABLE:
        if problem == "DC":
            if codes[target] == OUT_CODE:
                return ["NO"]
            found = residual.first(semantics, assume_in=[] if codes[target] else [target])
            return ["YES", _witness(framework, found)] if found is not None else ["NO"]
        if codes[target] == IN_CODE:
            return ["YES"]
        found = residual.first(semantics, assume_not_in=[target])
        return ["NO", _witness(framework, found)] if found is not None else ["YES"]
    # DS-PR: skeptical preferred.
    if codes[target] != UNDEC_CODE:
        return ["YES" if codes[target] == IN_CODE else "NO"]
    if residual.first(Semantics.COMPLETE, assume_in=[target]) is None:
        return ["NO"]
    for found in residual.models(Semantics.PREFERRED):
        if found[target] != IN_CODE:
            return ["NO", _witness(framework, found)]
    return ["YES"]


def labellings(framework: Framework, semantics: Semantics) -> list[list[Label]]:
    """Every labelling of `framework` (for tests and small frameworks)."""
    codes = grounded(framework)
    names = {IN_CODE: Label.IN, OUT_CODE: Label.OUT, UNDEC_CODE: Label.UNDEC}
    if semantics == Semantics.GROUNDED:
        found = [codes]
    else:
        found = list(_Residual(framework, codes).models(semantics))
    return [[names[int(c)] for c in labelling] for labelling in found]
