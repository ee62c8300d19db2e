"""``argmap solve``'s plain-Python search (:mod:`kb.quick_search`) answers as the clingo
solver of :mod:`kb.engine.dung` on random small frameworks: the same YES / NO lines, and
witnesses that are extensions of the kind asked (checked against every subset)."""

from __future__ import annotations

import random
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.engine.dung import Framework, solve
from kb.quick_iccma import TASK_NAMES, decide, grounded_codes
from kb.quick_search import Search, TooHard, answer

SEARCHED = sorted(t for t in TASK_NAMES if t.split("-")[1] in ("PR", "ST")
                  or t == "DC-CO")
Attacks = list[tuple[int, int]]


def extensions(count: int, attacks: Attacks) -> dict[str, list[frozenset[int]]]:
    """Every complete, preferred and stable extension (0-based), by brute force."""
    attackers = {a: {x for x, y in attacks if y == a} for a in range(count)}
    found: dict[str, list[frozenset[int]]] = {"CO": [], "PR": [], "ST": [], "AD": []}
    for size in range(count + 1):
        for chosen in map(frozenset, combinations(range(count), size)):
            if any((a, b) in attacks for a in chosen for b in chosen):
                continue
            beaten = {b for a, b in attacks if a in chosen}
            defended = {a for a in range(count) if attackers[a] <= beaten}
            if chosen <= defended:
                found["AD"].append(chosen)
                if chosen == defended:
                    found["CO"].append(chosen)
                if chosen | beaten == set(range(count)):
                    found["ST"].append(chosen)
    found["PR"] = [s for s in found["AD"] if not any(s < other for other in found["AD"])]
    return found


def witness_set(line: str) -> frozenset[int]:
    assert line.startswith("w")
    return frozenset(int(a) - 1 for a in line.split()[1:])


def check(count: int, attacks: Attacks, task: str, target: int) -> bool:
    """Compare the search with the clingo solver on one question; True when it answered."""
    codes = grounded_codes(count, [a for a, _ in attacks], [b for _, b in attacks])
    lines = answer(codes, [a for a, _ in attacks], [b for _, b in attacks], task,
                   None if task.startswith("SE") else target)
    if lines is None:
        return False
    framework = Framework.from_pairs(count, [(a + 1, b + 1) for a, b in attacks])
    expected = solve(framework, task, str(target + 1))
    problem, semantics = task.split("-")
    shown = (count, attacks, task, target, lines, expected)
    assert len(lines) == len(expected), shown
    assert [x for x in lines if not x.startswith("w")] == \
        [x for x in expected if not x.startswith("w")], shown
    found = extensions(count, attacks)
    for line in (x for x in lines if x.startswith("w")):
        chosen = witness_set(line)
        assert chosen in found["CO" if semantics == "CO" else semantics], shown
        if problem == "DC":
            assert target in chosen, shown
        if problem == "DS":
            assert target not in chosen, shown
    return True


def _frameworks(seed: int, number: int) -> list[tuple[int, Attacks]]:
    rng = random.Random(seed)
    found = []
    for index in range(number):
        count = rng.randint(1, 8)
        chance = (0.12, 0.25, 0.4)[index % 3]
        found.append((count, [(a, b) for a in range(count) for b in range(count)
                              if rng.random() < chance]))
    return found


@pytest.mark.parametrize("task", SEARCHED)
def test_search_answers_as_the_clingo_solver(task: str) -> None:
    answered = 0
    for count, attacks in _frameworks(25, 120):
        for target in range(count) if not task.startswith("SE") else [0]:
            answered += check(count, attacks, task, target)
    assert answered > 100


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 7).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))),
    st.sampled_from(SEARCHED), st.integers(0, n - 1))))
def test_search_property(case: tuple[int, set[tuple[int, int]], str, int]) -> None:
    count, attacks, task, target = case
    assert check(count, sorted(attacks), task, target)


def test_search_over_budget_leaves_it_to_clingo() -> None:
    cycle = [[(a - 1) % 9] for a in range(9)]  # an odd cycle: no stable labelling
    assert Search(cycle, stable=True).find() is None
    with pytest.raises(TooHard):
        Search(cycle, stable=True, budget=3).find()
    codes = [0] * 9
    attackers, targets = list(range(9)), [(a + 1) % 9 for a in range(9)]
    assert answer(codes, attackers, targets, "SE-ST", None) == ["NO"]


def test_quick_path_uses_the_search_before_clingo(tmp_path: Path) -> None:
    file = tmp_path / "cycle.i23"
    file.write_text("p af 3\n1 2\n2 1\n2 3\n")
    assert decide(grounded_codes(3, [0, 1, 1], [1, 0, 2]), "DS-PR", 2) is None
    script = (
        "import sys\n"
        f"sys.argv = ['argmap', 'solve', '-p', 'DS-PR', '-f', {str(file)!r}, '-a', '3']\n"
        "from api.cli import main\n"
        "main()\n"
        "print('LOADED', [m for m in ('clingo', 'numpy', 'typer', 'typing', 'dataclasses',"
        " 'kb.engine') if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.splitlines() == ["NO", "w 2", "LOADED []"]


def _is_complete(count: int, attacks: Attacks, chosen: frozenset[int], stable: bool) -> bool:
    """Whether `chosen` is a complete (stable) extension, by the rules of a labelling."""
    beaten = {b for a, b in attacks if a in chosen}
    attackers = {a: {x for x, y in attacks if y == a} for a in range(count)}
    defended = {a for a in range(count) if attackers[a] <= beaten}
    return not chosen & beaten and chosen == defended and (
        not stable or chosen | beaten == set(range(count)))


@pytest.mark.parametrize("task", SEARCHED)
def test_search_decides_larger_frameworks_as_the_clingo_solver(task: str) -> None:
    """10 to 40 arguments (too many for every subset): the YES / NO lines equal the clingo
    solver's, witnesses are complete (stable) extensions with or without the argument."""
    rng = random.Random(40)
    answered = 0
    for _ in range(40):
        count = rng.randint(10, 40)
        degree = rng.choice((1.0, 1.5, 2.5))
        attacks = sorted({(rng.randrange(count), rng.randrange(count))
                          for _ in range(int(degree * count))})
        codes = grounded_codes(count, [a for a, _ in attacks], [b for _, b in attacks])
        target = rng.randrange(count)
        lines = answer(codes, [a for a, _ in attacks], [b for _, b in attacks], task, target)
        if lines is None:
            continue
        answered += 1
        framework = Framework.from_pairs(count, [(a + 1, b + 1) for a, b in attacks])
        expected = solve(framework, task, str(target + 1))
        assert [x for x in lines if x[0] != "w"] == [x for x in expected if x[0] != "w"]
        for line in (x for x in lines if x.startswith("w")):
            chosen = witness_set(line)
            assert _is_complete(count, attacks, chosen, task.endswith("ST"))
            assert task[:2] != "DC" or target in chosen
            assert task[:2] != "DS" or target not in chosen
    assert answered > 20
