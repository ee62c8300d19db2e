"""The central claim of an untagged debate is the claim with the largest sub-debate (the
first such), whether counted exactly or through the estimate that narrows the candidates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import DebateDoc, NodeKind
from kb.engine import structure
from kb.engine.graph import ArgGraph
from kb.engine.structure import central_claims, largest_sub_debate
from tests.property.shapes import graph_parts

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def debates(draw: st.DrawFn) -> DebateDoc:
    nodes, edges = graph_parts(draw, 9, 16)
    return DebateDoc(slug="r", title="R", nodes=nodes, edges=edges)


def brute_force(doc: DebateDoc) -> str | None:
    graph = ArgGraph.from_doc(doc)
    index = graph.index()
    claims = [node.key for node in doc.nodes if node.kind is NodeKind.CLAIM]
    return max(claims, key=lambda key: len(graph.ancestors(index[key])), default=None)


@SETTINGS
@given(debates())
def test_central_claim_has_the_largest_sub_debate(doc: DebateDoc) -> None:
    assert next(iter(central_claims(doc)), None) == brute_force(doc)


@SETTINGS
@given(debates())
def test_estimated_candidates_still_give_the_largest_when_enough_are_counted(
    doc: DebateDoc,
) -> None:
    graph = ArgGraph.from_doc(doc)
    claims = [i for i, node in enumerate(doc.nodes) if node.kind is NodeKind.CLAIM]
    if not claims:
        return
    saved = structure.EXACT_WORK
    structure.EXACT_WORK = 0  # always estimate first; every candidate still counted
    try:
        found = graph.items[largest_sub_debate(graph, claims)]
    finally:
        structure.EXACT_WORK = saved
    assert found == brute_force(doc)
