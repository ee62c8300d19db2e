"""The random graph shape shared by the engine's property tests: nodes, supports, rebuttals
and undercutters, small enough for brute force."""

from __future__ import annotations

from hypothesis import strategies as st

from kb.doc import EdgeDoc, NodeDoc, NodeKind, Relation


def graph_parts(
    draw: st.DrawFn, max_nodes: int, max_edges: int
) -> tuple[tuple[NodeDoc, ...], tuple[EdgeDoc, ...]]:
    """Draw nodes `n0..` and edges `x0..`; about one edge in four undercuts an earlier edge."""
    count = draw(st.integers(1, max_nodes))
    nodes = tuple(
        NodeDoc(f"n{i}", draw(st.sampled_from([NodeKind.CLAIM, NodeKind.EVIDENCE])), f"node {i}")
        for i in range(count)
    )
    edges: list[EdgeDoc] = []
    for number in range(draw(st.integers(0, max_edges))):
        source = f"n{draw(st.integers(0, count - 1))}"
        if edges and draw(st.integers(0, 3)) == 0:
            aimed = draw(st.sampled_from(edges)).key
            edges.append(EdgeDoc(f"x{number}", source, Relation.REBUTS, target_edge=aimed))
        else:
            relation = draw(st.sampled_from([Relation.SUPPORTS, Relation.REBUTS]))
            target = f"n{draw(st.integers(0, count - 1))}"
            edges.append(EdgeDoc(f"x{number}", source, relation, target=target))
    return nodes, tuple(edges)
