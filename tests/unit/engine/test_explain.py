"""Explanations: readable reasons for IN, OUT and UNDEC."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kb.doc import DebateDoc
from kb.engine import Label, Semantics, explain, explain_party
from kb.errors import NotFoundError

DebateBuilder = Callable[..., DebateDoc]


def test_explain_in_gives_support_chain_down_to_accepted_evidence(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["a", "b"], supports=[("e", "a"), ("a", "b")],
                 acceptance={"wong": {"e": "accepted"}})
    explanation = explain_party(doc, "wong", "b")
    assert explanation.label == Label.IN
    assert explanation.sentences()[:2] == [
        "«claim b» stands because «claim a» supports it.",
        "The support of «claim b» by «claim a» holds because its source «claim a» stands "
        "and no undercutter of it stands.",
    ]
    assert explanation.sentences()[-1] == (
        "«evidence e» stands because it is evidence WONG accepts and every rebuttal of it fails."
    )
    assert [step.item for step in explanation.steps if step.kind == "premise"] == ["e"]


def test_explain_in_says_what_defeats_each_attacker(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f", "g"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "c"), ("g", "f")],
                 acceptance={"p": {"e": "accepted", "f": "accepted", "g": "accepted"}})
    sentences = explain_party(doc, "p", "c").sentences()
    assert "The rebuttal of «claim c» by «evidence f» fails because «evidence f» does not stand." \
        in sentences
    assert "«evidence f» does not stand because «evidence g» rebuts it and stands." in sentences


def test_explain_out_names_standing_attacker(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")], rebuts=[("f", "c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    first = explain_party(doc, "p", "c").steps[0]
    assert (first.kind, first.label) == ("attacked", Label.OUT)
    assert first.sentence == "«claim c» does not stand because «evidence f» rebuts it and stands."


def test_explain_out_names_undercutter(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "edge:e-supports-c")],
                 acceptance={"p": {"e": "accepted", "f": "accepted"}})
    kinds = [step.kind for step in explain_party(doc, "p", "c").steps]
    assert kinds[:2] == ["support-fails", "undercut"]


def test_explain_out_missing_support(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")])
    steps = explain_party(doc, "p", "c").steps
    assert [s.kind for s in steps] == ["support-fails", "source-out", "unsupported"]
    assert steps[-1].sentence == (
        "«evidence e» does not stand because it is evidence P does not accept "
        "and nothing that stands supports it."
    )


def test_explain_out_rejected(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], acceptance={"p": {"e": "rejected"}})
    assert explain_party(doc, "p", "e").sentences() == [
        "«evidence e» does not stand because P rejects it."
    ]


def test_explain_out_circular_support(debate: DebateBuilder) -> None:
    doc = debate(claims=["a", "b"], supports=[("a", "b"), ("b", "a")])
    kinds = [step.kind for step in explain_party(doc, "p", "a").steps]
    assert "circular" in kinds


def test_explain_undec_shows_the_cycle(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    step = explain_party(doc, "p", "a").steps[0]
    assert step.kind == "cycle"
    assert "«evidence a» → the rebuttal of «evidence a» by «evidence b» → «evidence b»" \
        in step.sentence


def test_explain_preferred_says_labellings_disagree(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    explanation = explain(doc, doc.acceptance_of("p"), "a", semantics=Semantics.PREFERRED)
    assert explanation.label == Label.UNDEC
    assert explanation.steps[0].kind == "labellings"
    assert explanation.to_json()["steps"][0]["label"] == "UNDEC"


def test_explain_stable_without_labelling(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a"], rebuts=[("a", "a")], acceptance={"p": {"a": "accepted"}})
    explanation = explain(doc, doc.acceptance_of("p"), "a", semantics="stable")
    assert [s.kind for s in explanation.steps] == ["no-labelling"]


def test_explain_unknown_key_is_not_found(debate: DebateBuilder) -> None:
    with pytest.raises(NotFoundError):
        explain(debate(evidence=["e"]), {}, "zzz")
