"""``argmap solve``'s quick path (grounded decides, plain Python) answers exactly as the full
solver, and loads neither numpy, clingo nor Typer."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from kb.engine.dung import Framework, solve
from kb.quick_iccma import TASK_NAMES, decide, grounded_codes, quick_answer


def _frameworks() -> list[tuple[int, list[tuple[int, int]]]]:
    """Small random frameworks, sparse (grounded often decides) and dense."""
    rng = random.Random(15)
    found = []
    for number in range(150):
        count = rng.randint(1, 7)
        chance = 0.08 if number % 2 else 0.3
        found.append((count, [(a, b) for a in range(1, count + 1) for b in range(1, count + 1)
                              if rng.random() < chance]))
    return found


@pytest.mark.parametrize("task", sorted(TASK_NAMES))
def test_quick_answers_equal_the_full_solver(task: str) -> None:
    decided = 0
    for count, pairs in _frameworks():
        framework = Framework.from_pairs(count, pairs)
        codes = grounded_codes(count, [a - 1 for a, _ in pairs], [b - 1 for _, b in pairs])
        for target in range(count) if not task.startswith("SE") else [0]:
            quick = decide(codes, task, target)
            if quick is not None:
                decided += 1
                assert quick == solve(framework, task, str(target + 1)), (count, pairs, target)
    assert decided > 0


def test_quick_path_reads_only_well_formed_small_i23(tmp_path: Path) -> None:
    good = tmp_path / "good.i23"
    good.write_text("p af 3\n# comment\n1 2\n2 3\n")
    assert quick_answer(["-p", "SE-GR", "-f", str(good)]) == ["w 1 3"]
    assert quick_answer(["-p", "DS-PR", "-f", str(good), "-a", "2"]) == ["NO"]
    bad = tmp_path / "bad.i23"
    bad.write_text("p af 2\n1 3\n")
    assert quick_answer(["-p", "SE-GR", "-f", str(bad)]) is None
    assert quick_answer(["-p", "SE-GR", "-f", str(good), "--fo", "apx"]) is None
    assert quick_answer(["-p", "DC-GR", "-f", str(good)]) is None
    assert quick_answer(["-p", "XX-GR", "-f", str(good)]) is None


def _solve_and_list_loaded(file: Path, task: str, modules: tuple[str, ...],
                           call: str = "main()") -> list[str]:
    """The output lines of ``argmap solve -p TASK -f FILE -a 3`` in a fresh process (or of
    `call`, a function of :mod:`api.cli`), then ``LOADED`` and which of `modules` it loaded."""
    script = (
        "import sys\n"
        f"sys.argv = ['argmap', 'solve', '-p', {task!r}, '-f', {str(file)!r}, '-a', '3']\n"
        "from api.cli import main, _solve\n"
        f"{call}\n"
        f"print('LOADED', [m for m in {modules!r} if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=True)
    return result.stdout.splitlines()


def test_solve_decided_by_grounded_loads_no_solver_modules(tmp_path: Path) -> None:
    file = tmp_path / "chain.i23"
    file.write_text("p af 4\n1 2\n2 3\n3 4\n")
    loaded = _solve_and_list_loaded(file, "DS-ST", ("numpy", "clingo", "typer", "kb.engine"))
    assert loaded == ["YES", "LOADED []"]


def test_solve_on_a_cycle_loads_clingo_but_not_numpy(tmp_path: Path) -> None:
    """The solver behind the plain-Python search (which answers this one first: see
    tests/cli/test_solve_search.py)."""
    file = tmp_path / "cycle.i23"
    file.write_text("p af 3\n1 2\n2 1\n2 3\n")
    loaded = _solve_and_list_loaded(file, "DS-PR", (
        "numpy", "clingo", "typer", "kb.doc", "kb.engine.graph", "kb.engine.evaluation",
        "kb.formats.iccma"), call="print('\\n'.join(_solve(sys.argv[2:]) or []))")
    assert loaded == ["NO", "w 2", "LOADED ['clingo']"]


def test_residual_from_compiled_codes_equals_the_plain_one() -> None:
    """Large frameworks give the residual int8 codes (numpy); small ones lists."""
    import numpy as np

    from kb.engine.dung import _Residual, grounded

    for count, pairs in _frameworks():
        framework = Framework.from_pairs(count, pairs)
        codes = grounded(framework)
        plain, compiled = _Residual(framework, codes), _Residual(framework, np.array(
            codes, dtype=np.int8))
        assert compiled.program.negatives == plain.program.negatives
        assert compiled.undecided == plain.undecided
        inside = set(range(0, len(plain.undecided), 2))
        assert compiled.codes_with(inside).tolist() == plain.codes_with(inside)
