"""Comparison of two parties and cruxes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kb.doc import DebateDoc
from kb.engine import compare, cruxes
from kb.errors import NotFoundError

DebateBuilder = Callable[..., DebateDoc]


def test_compare_splits_agreement_and_divergence(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c", "d"], supports=[("e", "c"), ("f", "d")],
                 acceptance={"a": {"e": "accepted", "f": "accepted"},
                             "b": {"e": "accepted", "f": "rejected"}})
    body = compare(doc, "a", "b").to_json()
    assert body["agree_in"] == ["c", "e"]
    assert body["diverge"] == [{"key": "d", "a": "IN", "b": "OUT"},
                               {"key": "f", "a": "IN", "b": "OUT"}]
    assert body["agree_out"] == [] and body["agree_undec"] == []


def test_cruxes_single_evidence_settles_claim(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f", "g"], claims=["c"], supports=[("e", "c")],
                 rebuts=[("f", "c")],
                 acceptance={"a": {"e": "accepted", "g": "accepted"},
                             "b": {"e": "accepted", "f": "accepted"}})
    found = cruxes(doc, "a", "b")
    # g differs too but cannot reach c, so it is never tried.
    assert [(c.claim, c.items) for c in found] == [("c", ("f",))]
    body = found[0].to_json()
    assert body["a"] == "IN" and body["b"] == "OUT"
    assert {s["party"] for s in body["settlements"]} == {"a", "b"}
    moves = {s["party"]: s for s in body["settlements"]}
    assert moves["a"]["changes"] == [{"item": "f", "from": "unstated", "to": "accepted"}]
    assert moves["a"]["agreed"] == "OUT" and moves["b"]["agreed"] == "IN"


def test_cruxes_need_two_items_when_two_supports_differ(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e1", "e2"], claims=["c"], supports=[("e1", "c"), ("e2", "c")],
                 acceptance={"a": {"e1": "accepted", "e2": "accepted"}, "b": {}})
    found = cruxes(doc, "a", "b")
    # b adopting either one suffices; a must drop both.
    assert sorted(c.items for c in found) == [("e1",), ("e2",)]
    assert all(s.party == "b" for c in found for s in c.settlements)


def test_cruxes_respect_max_size(debate: DebateBuilder) -> None:
    # a needs to lose both supports; b needs a source and its edge on one path.
    doc = debate(evidence=["e1", "e2"], claims=["c"], supports=[("e1", "c"), ("e2", "c")],
                 acceptance={"a": {"e1": "accepted", "e2": "accepted"},
                             "b": {"e1": "rejected", "e2": "rejected",
                                   "edge:e1-supports-c": "rejected",
                                   "edge:e2-supports-c": "rejected"}})
    assert cruxes(doc, "a", "b", max_size=1) == []
    found = {c.items: {s.party for s in c.settlements} for c in cruxes(doc, "a", "b")}
    assert found == {
        ("e1", "e2"): {"a"},
        ("e1", "edge:e1-supports-c"): {"b"},
        ("e1", "edge:e2-supports-c"): {"a"},
        ("e2", "edge:e1-supports-c"): {"a"},
        ("e2", "edge:e2-supports-c"): {"b"},
        ("edge:e1-supports-c", "edge:e2-supports-c"): {"a"},
    }


def test_cruxes_on_edge_acceptance(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")],
                 acceptance={"a": {"e": "accepted"},
                             "b": {"e": "accepted", "edge:e-supports-c": "rejected"}})
    assert [c.items for c in cruxes(doc, "a", "b")] == [("edge:e-supports-c",)]


def test_cruxes_claims_filter_keeps_only_those_claims(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e", "f"], claims=["c", "d"], supports=[("e", "c"), ("f", "d")],
                 acceptance={"a": {"e": "accepted", "f": "accepted"}, "b": {}})
    assert [c.claim for c in cruxes(doc, "a", "b")] == ["c", "d"]
    assert [c.claim for c in cruxes(doc, "a", "b", claims=["d"])] == ["d"]
    assert cruxes(doc, "a", "b", claims=[]) == []


def test_cruxes_claims_filter_refuses_unknown_key(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")],
                 acceptance={"a": {"e": "accepted"}, "b": {}})
    with pytest.raises(NotFoundError, match="no node 'nope'"):
        cruxes(doc, "a", "b", claims=["nope"])


def test_cruxes_complete_on_even_cycle_use_skeptical_label(debate: DebateBuilder) -> None:
    # x and y rebut each other: under complete semantics c (supported by x) is UNDEC for a
    # party accepting both; rejecting y's rebuttal makes it IN for the other party.
    doc = debate(claims=["x", "y", "c"], supports=[("x", "c")],
                 rebuts=[("x", "y"), ("y", "x")],
                 acceptance={"a": {"x": "accepted", "y": "accepted"},
                             "b": {"x": "accepted", "y": "accepted",
                                   "edge:y-rebuts-x": "rejected"}})
    found = cruxes(doc, "a", "b", semantics="complete")
    by_claim = {c.claim: c for c in found}
    assert by_claim["c"].items == ("edge:y-rebuts-x",)
    assert (by_claim["c"].label_a.value, by_claim["c"].label_b.value) == ("UNDEC", "IN")
