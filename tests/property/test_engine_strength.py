"""Strength never contradicts the label: IN never below 0.5, OUT never above 0.5, UNDEC 0.5,
on random debates and on both seed debates, for every party."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.doc import DebateDoc, Mode, Stance
from kb.engine import Label, evaluate, strength
from kb.seeds import read_seed
from tests.property.shapes import graph_parts

ROOT = Path(__file__).resolve().parents[2]
STANCES = [Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]


def assert_agrees(doc: DebateDoc, acceptance: dict[str, Stance]) -> None:
    labels = evaluate(doc, acceptance).labels
    for key, score in strength(doc, acceptance).items():
        assert 0.0 <= score <= 1.0
        if labels[key] == Label.IN:
            assert score >= 0.5, (key, score)
        elif labels[key] == Label.OUT:
            assert score <= 0.5, (key, score)
        else:
            assert score == 0.5, (key, score)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_strength_agrees_with_the_grounded_label(data: st.DataObject) -> None:
    nodes, edges = data.draw(st.builds(lambda: None).flatmap(
        lambda _: st.composite(lambda draw: graph_parts(draw, 7, 10))()))
    items = [n.key for n in nodes] + [f"edge:{e.key}" for e in edges]
    acceptance = {item: data.draw(st.sampled_from(STANCES)) for item in items}
    mode = data.draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    doc = DebateDoc(slug="r", title="R", mode=mode, nodes=nodes, edges=edges)
    assert_agrees(doc, acceptance)


@pytest.mark.parametrize("slug", ["asan-2024", "rozman-2016"])
def test_strength_agrees_with_the_label_on_the_seeds(slug: str) -> None:
    doc = read_seed(ROOT / "seeds" / f"{slug}.yaml")
    for party in doc.parties:
        assert_agrees(doc, dict(doc.acceptance_of(party.key)))
