"""Grounded labels recomputed only where a change reaches equal a whole recomputation, over
random streams of stance changes, added nodes, added edges and undercutters."""

from __future__ import annotations

import random

import pytest

from bench.generate import large_debate
from kb.doc import EdgeDoc, NodeDoc, NodeKind, Relation, Stance
from kb.engine.graph import ArgGraph, RuleTable
from kb.engine.grounded import grounded_labels
from kb.engine.incremental import relabelled


def _change(rng: random.Random, graph: ArgGraph, acceptance: dict[str, Stance],
            step: int) -> tuple[ArgGraph, list[int]]:
    """One random change: the new graph and the vertices whose rules it changed."""
    nodes = [i for i in graph.items if not i.startswith("edge:")]
    roll = rng.random()
    if roll < 0.5:
        item = rng.choice(graph.items)
        acceptance[item] = rng.choice(list(Stance))
        return graph, [graph.index()[item]]
    if roll < 0.7:
        key = f"w{step}"
        if rng.random() < 0.5:
            acceptance[key] = Stance.ACCEPTED
        grown = graph.extended(nodes=[NodeDoc(key, NodeKind.CLAIM, "Added.")])
        return grown, [grown.index()[key]]
    if rng.random() < 0.3:
        aimed = rng.choice([i for i in graph.items if i.startswith("edge:")])
        edge = EdgeDoc(f"x{step}", rng.choice(nodes), Relation.REBUTS, target_edge=aimed[5:])
    else:
        edge = EdgeDoc(f"x{step}", rng.choice(nodes),
                       rng.choice([Relation.SUPPORTS, Relation.REBUTS]), target=rng.choice(nodes))
    grown = graph.extended(edges=[edge])
    number = grown.index()[f"edge:{edge.key}"]
    return grown, [number, grown.target[number]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_relabelled_equals_a_whole_recomputation(seed: int) -> None:
    doc = large_debate(400, 1200, seed=seed)
    graph = ArgGraph.from_doc(doc)
    acceptance = dict(doc.acceptance["p0"])
    labels = grounded_labels(graph, acceptance, compiled=False)
    rng = random.Random(seed)
    local = 0
    for step in range(120):
        graph, changed = _change(rng, graph, acceptance, step)
        whole = grounded_labels(graph, acceptance, compiled=False)
        found = relabelled(graph, acceptance, labels, changed, share=1.0)
        assert found == whole, step
        local += relabelled(graph, acceptance, labels, changed) is not None
        labels = whole
    assert local > 0  # some changes reach little enough to be relabelled in place
    assert grounded_labels(graph, acceptance, compiled=True) == labels


def test_an_extended_graph_labels_as_the_graph_built_whole() -> None:
    doc = large_debate(200, 600, seed=4)
    extra = NodeDoc("late", NodeKind.EVIDENCE, "Late evidence.")
    edge = EdgeDoc("late-e", "late", Relation.REBUTS, target="n150")
    grown = ArgGraph.from_doc(doc).extended([extra], [edge])
    built = ArgGraph.build([*doc.nodes, extra], [*doc.edges, edge], doc.mode)
    acceptance = {**doc.acceptance["p1"], "late": Stance.ACCEPTED}
    by_item = dict(zip(built.items, grounded_labels(built, acceptance), strict=True))
    assert dict(zip(grown.items, grounded_labels(grown, acceptance), strict=True)) == by_item
    assert RuleTable.of(grown).heads.size == RuleTable.of(built).heads.size


def test_extended_refuses_a_duplicate_key_and_a_dangling_end() -> None:
    graph = ArgGraph.from_lists(evidence=["e"], claims=["c"])
    with pytest.raises(Exception, match="duplicate"):
        graph.extended([NodeDoc("e", NodeKind.CLAIM, "Again.")])
    with pytest.raises(Exception, match="unknown end"):
        graph.extended(edges=[EdgeDoc("s", "e", Relation.SUPPORTS, target="nowhere")])
