"""Grounded labels: every row of DESIGN.md's table and the hand cases of docs/semantics.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kb.doc import DebateDoc, Mode
from kb.engine import Label, evaluate_party
from kb.engine.grounded import well_founded
from kb.engine.program import Program
from kb.errors import InvalidInputError, NotFoundError

DebateBuilder = Callable[..., DebateDoc]

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC


def labels(doc: DebateDoc, party: str = "p") -> dict[str, Label]:
    return evaluate_party(doc, party).labels


def test_grounded_accepted_evidence_makes_claim_stand(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")],
                 acceptance={"p": {"e": "accepted"}})
    assert labels(doc) == {"e": IN, "c": IN, "edge:e-supports-c": IN}


def test_grounded_unstated_evidence_leaves_claim_unsupported(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")])
    assert labels(doc) == {"e": OUT, "c": OUT, "edge:e-supports-c": OUT}


def test_grounded_standing_rebuttal_defeats_claim(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")], rebuts=[("f", "c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    assert labels(doc)["c"] == OUT


def test_grounded_reinstatement(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f", "g"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "c"), ("g", "f")],
                 acceptance={"p": {"e": "accepted", "f": "accepted", "g": "accepted"}})
    result = labels(doc)
    assert (result["f"], result["c"], result["g"]) == (OUT, IN, IN)


def test_grounded_undercutter_deactivates_support(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "edge:e-supports-c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    result = labels(doc)
    assert (result["edge:e-supports-c"], result["c"], result["e"]) == (OUT, OUT, IN)


def test_grounded_circular_support_with_nothing_beneath_is_out(debate: DebateBuilder) -> None:
    doc = debate(claims=["a", "b"], supports=[("a", "b"), ("b", "a")])
    result = labels(doc)
    assert (result["a"], result["b"]) == (OUT, OUT)


def test_grounded_circular_support_with_premise_beneath_stands(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["a", "b"], supports=[("e", "a"), ("a", "b"), ("b", "a")],
                 acceptance={"p": {"e": "accepted"}})
    result = labels(doc)
    assert (result["a"], result["b"]) == (IN, IN)


def test_grounded_even_cycle_is_undecided(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    result = labels(doc)
    assert (result["a"], result["b"]) == (UNDEC, UNDEC)


def test_grounded_odd_cycle_is_undecided(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b", "c"], rebuts=[("a", "b"), ("b", "c"), ("c", "a")],
                 acceptance={"p": dict.fromkeys("abc", "accepted")})
    assert {labels(doc)[k] for k in "abc"} == {UNDEC}


def test_grounded_self_attack_is_undecided_and_its_target_too(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "a"), ("a", "b")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    result = labels(doc)
    assert (result["a"], result["b"]) == (UNDEC, UNDEC)


def test_grounded_conceded_claim_stands(debate: DebateBuilder) -> None:
    doc = debate(claims=["c"], acceptance={"p": {"c": "accepted"}})
    assert labels(doc)["c"] == IN


def test_grounded_presumptive_claim_stands(debate: DebateBuilder) -> None:
    doc = debate(claims=["c"], mode=Mode.PRESUMPTIVE)
    assert labels(doc)["c"] == IN


def test_grounded_rejected_evidence_is_out_even_when_supported(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], supports=[("e", "f")],
                 acceptance={"p": {"e": "accepted", "f": "rejected"}})
    result = labels(doc)
    assert (result["e"], result["edge:e-supports-f"], result["f"]) == (IN, IN, OUT)


def test_grounded_unstated_evidence_stands_when_accepted_evidence_supports_it(
    debate: DebateBuilder,
) -> None:
    doc = debate(evidence=["e", "f"], supports=[("e", "f")], acceptance={"p": {"e": "accepted"}})
    assert labels(doc)["f"] == IN


def test_grounded_rejected_edge_is_out(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")],
                 acceptance={"p": {"e": "accepted", "edge:e-supports-c": "rejected"}})
    result = labels(doc)
    assert (result["edge:e-supports-c"], result["c"]) == (OUT, OUT)


def test_grounded_unknown_acceptance_item_is_invalid_input(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], acceptance={"p": {"x": "accepted"}})
    with pytest.raises(InvalidInputError, match="unknown item 'x'"):
        labels(doc)


def test_grounded_unknown_party_is_not_found(debate: DebateBuilder) -> None:
    with pytest.raises(NotFoundError):
        evaluate_party(debate(evidence=["e"]), "nobody")


def test_grounded_unfounded_loop_then_reinstates_via_propagation() -> None:
    # a <- b; b <- a (a circle) ; c <- not a ; d <- not c: the circle falls, c stands, d falls
    p = Program.from_rules(
        ["a", "b", "c", "d"],
        [("a", "b", ()), ("b", "a", ()), ("c", None, ["a"]), ("d", None, ["c"])],
    )
    assert [label.value for label in well_founded(p).labels] == ["OUT", "OUT", "IN", "OUT"]
