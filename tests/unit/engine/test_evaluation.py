"""Evaluation shapes, what-if input and the cache."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kb.doc import DebateDoc
from kb.engine import EvaluationCache, Label, Semantics, evaluate, evaluate_party, what_if
from kb.errors import InvalidInputError

DebateBuilder = Callable[..., DebateDoc]


def test_evaluation_json_grounded_has_nodes_and_edges(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")],
                 acceptance={"p": {"e": "accepted"}})
    body = evaluate_party(doc, "p").to_json(debate="demo", party="p")
    assert body == {"debate": "demo", "party": "p", "semantics": "grounded",
                    "labels": {"e": "IN", "c": "IN"}, "edges": {"e-supports-c": "IN"}}


def test_evaluation_stable_without_labelling_is_all_undec(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    evaluation = evaluate_party(doc, "p", semantics=Semantics.STABLE)
    body = evaluation.to_json(debate="demo", party="p")
    assert body["labellings"] == []
    assert set(body["labels"].values()) == {"UNDEC"}
    assert not any(body["credulous"].values()) and not any(body["skeptical"].values())


def test_evaluation_complete_lists_every_labelling(debate: DebateBuilder) -> None:
    doc = debate(evidence=["a", "b"], rebuts=[("a", "b"), ("b", "a")],
                 acceptance={"p": {"a": "accepted", "b": "accepted"}})
    evaluation = evaluate_party(doc, "p", semantics="complete")
    assert sorted((lab["a"], lab["b"]) for lab in evaluation.labellings) == [
        (Label.IN, Label.OUT), (Label.OUT, Label.IN), (Label.UNDEC, Label.UNDEC)]
    assert evaluation.credulous["a"] and not evaluation.skeptical["a"]


def test_what_if_uses_the_supplied_position(debate: DebateBuilder) -> None:
    doc = debate(evidence=["e"], claims=["c"], supports=[("e", "c")])
    assert what_if(doc, {"e": "accepted"}).labels["c"] == Label.IN
    with pytest.raises(InvalidInputError, match="unknown stance 'maybe'"):
        what_if(doc, {"e": "maybe"})


def test_evaluate_unknown_semantics_lists_valid_ones(debate: DebateBuilder) -> None:
    with pytest.raises(InvalidInputError, match="grounded, complete, preferred, stable"):
        evaluate(debate(evidence=["e"]), {}, semantics="ideal")


def test_evaluation_cache_is_bounded_and_reuses() -> None:
    cache = EvaluationCache(maxsize=2)
    calls: list[int] = []

    def compute(value: int) -> Callable[[], int]:
        def run() -> int:
            calls.append(value)
            return value
        return run

    assert cache.get_or_compute(("d", 1, "p", "grounded"), compute(1)) == 1
    assert cache.get_or_compute(("d", 1, "p", "grounded"), compute(9)) == 1
    cache.get_or_compute(("d", 2, "p", "grounded"), compute(2))
    cache.get_or_compute(("d", 3, "p", "grounded"), compute(3))
    assert len(cache) == 2
    assert cache.get_or_compute(("d", 1, "p", "grounded"), compute(4)) == 4
    assert calls == [1, 2, 3, 4]
