"""Run one ICCMA task with clingo and the ASP encodings of ``bench/encodings``.

Usage: python -m bench.peers.clingo_task TASK FILE.apx [ARG]
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import clingo

ENCODINGS = Path(__file__).resolve().parent.parent / "encodings"
FILES = {"GR": "grounded.lp", "CO": "complete.lp", "PR": "preferred.lp", "ST": "stable.lp"}


def models(semantics: str, instance: str, extra: str = "",
           limit: int = 1) -> Iterator[list[str]]:
    options = [str(limit), "--warn=none"]
    if semantics == "PR":
        options += ["--heuristic=Domain", "--enum-mode=domRec"]
    control = clingo.Control(options)
    control.load(str(ENCODINGS / FILES[semantics]))
    control.load(instance)
    if extra:
        control.add("base", [], extra)
    control.ground([("base", [])])
    with control.solve(yield_=True) as handle:
        for model in handle:
            yield sorted(str(s.arguments[0]) for s in model.symbols(shown=True))


def main(task: str, instance: str, argument: str | None) -> str:
    problem, semantics = task.split("-")
    if semantics == "CO" and problem == "DS":
        semantics = "GR"
    if problem == "SE":
        found = next(models(semantics, instance), None)
        return "NO" if found is None else " ".join(["w", *found])
    query = f"in({argument})"
    if problem == "DC":
        # Credulous acceptance is the same for complete and preferred.
        base = "CO" if semantics == "PR" else semantics
        found = next(models(base, instance, f":- not {query}."), None)
        return "NO" if found is None else "YES"
    if semantics == "GR":
        found = next(models("GR", instance), [])
        return "YES" if argument in found else "NO"
    if semantics == "ST":
        found = next(models("ST", instance, f":- {query}."), None)
        return "YES" if found is None else "NO"
    for extension in models("PR", instance, limit=0):
        if argument not in extension:
            return "NO"
    return "YES"


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
