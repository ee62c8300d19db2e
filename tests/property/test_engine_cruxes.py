"""The fast crux search (sub-debate per claim, cone recomputation, one clingo program per
claim) against the plain exhaustive search that evaluates the whole debate for every set."""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.engine import Label, Semantics, cruxes, evaluate
from kb.engine.cruxes import DIRECTIONAL
from kb.engine.evaluation import graph_of
from tests.property.shapes import graph_parts

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STANCES = [Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]


@st.composite
def two_party_debates(draw: st.DrawFn, max_nodes: int = 6, max_edges: int = 9) -> DebateDoc:
    nodes, edges = graph_parts(draw, max_nodes, max_edges)
    items = [n.key for n in nodes] + [f"edge:{e.key}" for e in edges]
    acceptance: dict[str, dict[str, Stance]] = {"a": {}, "b": {}}
    for party in acceptance:
        for item in items:
            stance = draw(st.sampled_from(STANCES))
            if stance != Stance.UNSTATED:
                acceptance[party][item] = stance
    mode = draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    return DebateDoc(slug="r", title="R", mode=mode,
                     parties=(PartyDoc("a", "A"), PartyDoc("b", "B")),
                     nodes=nodes, edges=edges, acceptance=acceptance)


def plain_cruxes(doc: DebateDoc, semantics: Semantics, max_size: int) -> list[tuple]:
    """Every set of differing items by increasing size, the whole debate evaluated each time.

    Under grounded, complete and preferred every differing item is tried (an item that
    cannot reach the claim never changes its label, so the answer is the same); under
    stable only the items that reach the claim, the documented bound of the fast search.
    """
    graph = graph_of(doc)
    index = graph.index()
    own = {p: doc.acceptance_of(p) for p in ("a", "b")}
    labels = {p: evaluate(doc, own[p], semantics=semantics).labels for p in own}

    def stance(p: str, item: str) -> Stance:
        return Stance(own[p].get(item, Stance.UNSTATED))

    differing = [i for i in graph.items if stance("a", i) != stance("b", i)]
    found = []
    for node in sorted(doc.nodes, key=lambda n: n.key):
        claim = node.key
        if node.kind != NodeKind.CLAIM or labels["a"][claim] == labels["b"][claim]:
            continue
        candidates = differing
        if semantics not in DIRECTIONAL:
            reach = graph.ancestors(index[claim])
            candidates = [i for i in differing if index[i] in reach]
        for size in range(1, max_size + 1):
            settled = []
            for subset in combinations(candidates, size):
                ways = []
                for mover, other in (("a", "b"), ("b", "a")):
                    moved = dict(own[mover])
                    moved.update({i: stance(other, i) for i in subset})
                    target = labels[other][claim]
                    if evaluate(doc, moved, semantics=semantics).labels[claim] == target:
                        ways.append((mover, target))
                if ways:
                    settled.append((claim, subset, tuple(ways)))
            if settled:
                found += settled
                break
    return found


def summary(doc: DebateDoc, semantics: Semantics, max_size: int,
            radius: int | None = None) -> list[tuple]:
    return [
        (c.claim, c.items, tuple((s.party, s.agreed) for s in c.settlements))
        for c in cruxes(doc, "a", "b", semantics=semantics, max_size=max_size, radius=radius)
    ]


@SETTINGS
@given(two_party_debates(), st.sampled_from(list(Semantics)), st.integers(1, 3))
def test_engine_fast_cruxes_equal_plain_search(
    doc: DebateDoc, semantics: Semantics, max_size: int
) -> None:
    assert summary(doc, semantics, max_size) == plain_cruxes(doc, semantics, max_size)


@SETTINGS
@given(two_party_debates(), st.sampled_from(list(Semantics)), st.integers(1, 3),
       st.integers(1, 2))
def test_engine_cruxes_near_the_claim_equal_plain_search(
    doc: DebateDoc, semantics: Semantics, max_size: int, radius: int
) -> None:
    """Cruxes asked as flips are on a large sub-debate (near the claim first, from a
    distance of 1 or 2 here) are the plain search's."""
    assert summary(doc, semantics, max_size, radius) == plain_cruxes(doc, semantics, max_size)


@SETTINGS
@given(two_party_debates(), st.sampled_from(list(Semantics)))
def test_engine_cruxes_claims_filter_is_a_restriction(doc: DebateDoc, semantics: Semantics) -> None:
    every = cruxes(doc, "a", "b", semantics=semantics)
    wanted = {n.key for n in doc.nodes[::2]}
    assert cruxes(doc, "a", "b", semantics=semantics, claims=wanted) == [
        c for c in every if c.claim in wanted
    ]
    assert all(isinstance(c.label_a, Label) for c in every)


@st.composite
def debates_needing_pairs(draw: st.DrawFn) -> DebateDoc:
    """A random debate plus a claim `gc` with two supports that the parties see oppositely,
    so its cruxes need two items, and random rebuttals into the gadget."""
    doc = draw(two_party_debates(max_nodes=4, max_edges=5))
    nodes = (*doc.nodes, NodeDoc("g1", NodeKind.EVIDENCE, "g1"),
             NodeDoc("g2", NodeKind.EVIDENCE, "g2"), NodeDoc("gc", NodeKind.CLAIM, "gc"))
    edges = [*doc.edges, EdgeDoc("s1", "g1", Relation.SUPPORTS, target="gc"),
             EdgeDoc("s2", "g2", Relation.SUPPORTS, target="gc")]
    for number, source in enumerate(draw(st.lists(st.sampled_from(
            [n.key for n in doc.nodes]), max_size=2))):
        target = draw(st.sampled_from(["gc", "g1", "g2"]))
        edges.append(EdgeDoc(f"r{number}", source, Relation.REBUTS, target=target))
        if draw(st.booleans()):
            edges.append(EdgeDoc(f"b{number}", target, Relation.SUPPORTS, target=source))
    acceptance = {p: dict(doc.acceptance_of(p)) for p in ("a", "b")}
    acceptance["a"].update({"g1": Stance.ACCEPTED, "g2": Stance.ACCEPTED})
    acceptance["b"].update({"g1": Stance.REJECTED, "g2": Stance.REJECTED,
                            "edge:s1": Stance.REJECTED, "edge:s2": Stance.REJECTED})
    return DebateDoc(slug="r", title="R", mode=doc.mode, parties=doc.parties, nodes=nodes,
                     edges=tuple(edges), acceptance=acceptance)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debates_needing_pairs(), st.sampled_from(list(Semantics)))
def test_engine_fast_cruxes_equal_plain_search_for_pairs(
    doc: DebateDoc, semantics: Semantics
) -> None:
    assert summary(doc, semantics, 2) == plain_cruxes(doc, semantics, 2)
