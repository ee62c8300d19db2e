"""DF-QuAD strength."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kb.doc import DebateDoc, Mode
from kb.engine import strength

DebateBuilder = Callable[..., DebateDoc]


def test_strength_support_and_attack_combine(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")], rebuts=[("f", "c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    assert strength(doc, doc.acceptance_of("p"))["c"] == 0.0
    half = strength(doc, {"e": "accepted"})
    # unstated f has base 0.5: attack 0.5 against support 1.0 leaves 0.5 (base 0 claim).
    assert half["c"] == pytest.approx(0.5)
    assert half["f"] == pytest.approx(0.5)


def test_strength_presumptive_claim_starts_at_half(debate: DebateBuilder) -> None:
    doc = debate(claims=["c"], mode=Mode.PRESUMPTIVE)
    assert strength(doc, {})["c"] == 0.5


def test_strength_undercutter_weakens_support(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "edge:e-supports-c")])
    scores = strength(doc, {"e": "accepted", "f": "accepted"})
    assert scores["c"] == 0.0
    assert strength(doc, {"e": "accepted"})["c"] == pytest.approx(0.5)


def test_strength_cycle_converges_within_bounds(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")])
    scores = strength(doc, {"a": "accepted", "b": "accepted"})
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert scores["a"] == pytest.approx(scores["b"])
