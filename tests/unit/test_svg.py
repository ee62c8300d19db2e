"""The SVG map: labels with glyphs, supports vs rebuts, undercutters, focus, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.cache import LRU
from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.errors import InvalidInputError, NotFoundError
from kb.formats import svg
from kb.formats.svg import PartyView, layout, neighbourhood, paint, render

NS = {"s": svg.SVG_NS}


def small_debate() -> DebateDoc:
    """e supports c; f undercuts e->c; g rebuts c; h supports g (a chain to test focus)."""
    node = NodeDoc
    return DebateDoc(
        slug="demo",
        title="Demo debate",
        parties=(PartyDoc(key="a", name="Alice"), PartyDoc(key="b", name="Bob")),
        nodes=(
            node(key="e", kind=NodeKind.EVIDENCE, text="An observed fact."),
            node(key="f", kind=NodeKind.EVIDENCE, text="The fact is irrelevant \\ here."),
            node(key="c", kind=NodeKind.CLAIM, text="The central claim holds."),
            node(key="g", kind=NodeKind.CLAIM, text="A counter-claim."),
            node(key="h", kind=NodeKind.EVIDENCE, text="Evidence for the counter-claim."),
        ),
        edges=(
            EdgeDoc(key="s1", source="e", target="c", relation=Relation.SUPPORTS),
            EdgeDoc(key="u1", source="f", target_edge="s1", relation=Relation.REBUTS),
            EdgeDoc(key="r1", source="g", target="c", relation=Relation.REBUTS),
            EdgeDoc(key="s2", source="h", target="g", relation=Relation.SUPPORTS),
        ),
    )


ALICE = PartyView(
    "Alice",
    {"e": "IN", "f": "OUT", "c": "IN", "g": "OUT", "h": "OUT", "edge:s1": "IN", "edge:u1": "OUT"},
)
BOB = PartyView(
    "Bob",
    {"e": "IN", "f": "IN", "c": "OUT", "g": "UNDEC", "h": "IN", "edge:s1": "OUT", "edge:u1": "IN"},
)


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def node_group(root: ET.Element, key: str) -> ET.Element:
    group = root.find(f".//s:g[@data-key='{key}']", NS)
    assert group is not None, f"no node {key}"
    return group


def status_line(group: ET.Element) -> str:
    first = group.find(".//s:text", NS)
    assert first is not None
    return first.text or ""


def test_svg_labels_carry_glyph_and_class_not_colour_alone() -> None:
    root = parse(render(small_debate(), [BOB], href=lambda key: f"/n/{key}"))
    assert status_line(node_group(root, "e")) == "✓ IN"
    assert status_line(node_group(root, "c")) == "✗ OUT"
    assert status_line(node_group(root, "g")) == "? UNDEC"
    assert "label-out" in node_group(root, "c").get("class", "")
    shape = node_group(root, "c").find(".//s:path", NS)
    assert shape is not None and shape.get("stroke-dasharray") == "6,3"


def test_svg_nodes_are_focusable_links_with_spoken_labels() -> None:
    root = parse(render(small_debate(), [ALICE], href=lambda key: f"/n/{key}"))
    link = node_group(root, "c").find("s:a", NS)
    assert link is not None
    assert link.get("href") == "/n/c"
    assert link.get("tabindex") == "0"
    assert link.get("aria-label") == "✓ IN The central claim holds. Claim. Alice: IN."


def test_svg_supports_solid_arrow_rebuts_dashed_tee() -> None:
    root = parse(render(small_debate()))
    supports = root.find(".//s:g[@id='edge-s2']/s:path", NS)
    rebuts = root.find(".//s:g[@id='edge-r1']/s:path", NS)
    assert supports is not None and rebuts is not None
    assert supports.get("stroke-dasharray") is None
    assert rebuts.get("stroke-dasharray") is not None
    # a tee head is drawn as a small polygon plus a polyline bar; a normal arrow has no bar
    assert root.find(".//s:g[@id='edge-r1']/s:polyline", NS) is not None
    assert root.find(".//s:g[@id='edge-s2']/s:polyline", NS) is None


def test_svg_undercutter_points_at_a_marker_on_the_attacked_edge() -> None:
    drawn = layout(small_debate())
    root = parse(drawn)
    via = root.find(".//s:g[@id='via-s1']", NS)
    assert via is not None
    titles = {
        g.get("id"): g.findtext("s:title", namespaces=NS) for g in root.iter(f"{{{svg.SVG_NS}}}g")
    }
    assert titles["edge-u1"] == "f->via/s1"
    assert titles["edge-s1~tail"] == "e->via/s1"
    assert titles["edge-s1"] == "via/s1->c"
    painted = parse(paint(drawn, small_debate(), [BOB]))
    undercut = painted.find(".//s:g[@data-edge='u1']", NS)
    assert undercut is not None and "undercutter" in undercut.get("class", "")


def test_svg_compare_marks_divergent_claims() -> None:
    root = parse(render(small_debate(), [ALICE, BOB]))
    central = node_group(root, "c")
    assert "diverges" in central.get("class", "")
    assert status_line(central) == "≠ ✓ IN │ ✗ OUT"
    assert "diverges" not in node_group(root, "e").get("class", "")
    assert status_line(node_group(root, "e")) == "✓ IN │ ✓ IN"


def test_svg_compare_marks_divergent_evidence_too() -> None:
    root = parse(render(small_debate(), [ALICE, BOB]))
    assert "diverges" in node_group(root, "h").get("class", "")
    assert status_line(node_group(root, "h")) == "≠ ✗ OUT │ ✓ IN"


def test_svg_silence_is_drawn_apart_from_defeat() -> None:
    quiet = PartyView(ALICE.name, ALICE.labels, silent=frozenset({"h"}))
    root = parse(render(small_debate(), [quiet], href=lambda key: f"/n/{key}"))
    unaddressed, defeated = node_group(root, "h"), node_group(root, "g")
    assert status_line(unaddressed) == "○ OUT" and "silent" in unaddressed.get("class", "")
    assert status_line(defeated) == "✗ OUT" and "silent" not in defeated.get("class", "")
    link = unaddressed.find("s:a", NS)
    assert link is not None and "not addressed" in link.get("aria-label", "")


def test_svg_focus_limits_to_neighbourhood_and_counts_hidden() -> None:
    doc = small_debate()
    assert neighbourhood(doc, "h", 1) == {"h": 0, "g": 1}
    root = parse(render(doc, [ALICE], focus="h", depth=1))
    keys = {g.get("data-key") for g in root.iter(f"{{{svg.SVG_NS}}}g") if g.get("data-key")}
    assert keys == {"g", "h"}
    texts = [t.text for t in node_group(root, "g").findall(".//s:text", NS)]
    assert texts[-1] == "⊕ 1 more"
    # the undercutter reaches both ends of the edge it attacks
    assert set(neighbourhood(doc, "f", 1)) == {"f", "e", "c"}


def test_svg_focus_rejects_unknown_node_and_bad_depth() -> None:
    with pytest.raises(NotFoundError):
        layout(small_debate(), focus="nope")
    with pytest.raises(InvalidInputError):
        neighbourhood(small_debate(), "c", -1)
    with pytest.raises(InvalidInputError):
        layout(small_debate(), columns=3)


def test_svg_output_is_deterministic_and_escapes_text() -> None:
    doc = small_debate()
    first = render(doc, [ALICE], href=lambda key: f"/n/{key}?a=1&b=2", inline=True)
    assert first == render(doc, [ALICE], href=lambda key: f"/n/{key}?a=1&b=2", inline=True)
    assert "width=" not in first.split(">", 1)[0]
    assert "&amp;b=2" in first
    assert "The fact is irrelevant \\ here." in first


def test_svg_cache_builds_once_per_key() -> None:
    calls: list[int] = []
    cache: LRU[str] = LRU(maxsize=2)

    def build() -> str:
        calls.append(1)
        return "svg"

    for _ in range(3):
        cache.get(("demo", 1, "a"), build)
    assert len(calls) == 1
    cache.get(("demo", 1, "b"), build)
    cache.get(("demo", 1, "c"), build)
    cache.get(("demo", 1, "a"), build)
    assert len(calls) == 4 and len(cache) == 2


def test_svg_many_leaves_under_one_claim_are_staggered_over_ranks() -> None:
    leaves = tuple(
        NodeDoc(key=f"e{i}", kind=NodeKind.EVIDENCE, text=f"Fact {i}.") for i in range(6)
    )
    doc = DebateDoc(
        slug="wide",
        title="Wide",
        nodes=(NodeDoc(key="c", kind=NodeKind.CLAIM, text="Claim."), *leaves),
        edges=tuple(
            EdgeDoc(key=f"s{i}", source=f"e{i}", target="c", relation=Relation.SUPPORTS)
            for i in range(6)
        ),
    )
    graph = svg.build_graph(doc)
    lengths = [graph.get_edge(f"e{i}", "c").attr["minlen"] for i in range(6)]
    assert lengths == ["1", "2", "3", "1", "2", "3"]
    assert graph.get_edge("e0", "c").attr["id"] == "edge-s0"


def test_svg_dump_labels_the_map_for_a_party_with_the_engine() -> None:
    doc = DebateDoc(
        slug="one",
        title="One",
        parties=(PartyDoc(key="a", name="Alice"),),
        nodes=(
            NodeDoc(key="e", kind=NodeKind.EVIDENCE, text="A fact."),
            NodeDoc(key="c", kind=NodeKind.CLAIM, text="A claim."),
        ),
        edges=(EdgeDoc(key="s", source="e", target="c", relation=Relation.SUPPORTS),),
        acceptance={"a": {"e": Stance.ACCEPTED}},
    )
    root = parse(svg.dump(doc, party="a"))
    assert root.get("width") is not None
    assert status_line(node_group(root, "c")) == "✓ IN"
    with pytest.raises(NotFoundError):
        svg.dump(doc, party="nobody")


@st.composite
def debates(draw: st.DrawFn) -> DebateDoc:
    """Small random debates with supports, rebuttals and undercutters (of edges drawn earlier)."""
    count = draw(st.integers(1, 7))
    kinds = draw(st.lists(st.sampled_from(NodeKind), min_size=count, max_size=count))
    nodes = tuple(
        NodeDoc(key=f"n{i}", kind=kind, text=f"Node {i}.") for i, kind in enumerate(kinds)
    )
    edges: list[EdgeDoc] = []
    for index in range(draw(st.integers(0, 9))):
        source = f"n{draw(st.integers(0, count - 1))}"
        if edges and draw(st.booleans()):
            attacked = draw(st.sampled_from(edges)).key
            edges.append(
                EdgeDoc(
                    key=f"x{index}", source=source, target_edge=attacked, relation=Relation.REBUTS
                )
            )
        else:
            target = f"n{draw(st.integers(0, count - 1))}"
            if target == source:
                continue
            relation = draw(st.sampled_from(Relation))
            edges.append(EdgeDoc(key=f"x{index}", source=source, target=target, relation=relation))
    return DebateDoc(slug="random", title="Random", nodes=nodes, edges=tuple(edges))


@settings(max_examples=25, deadline=None)
@given(doc=debates(), data=st.data())
def test_svg_draws_every_node_and_edge_of_any_small_debate(
    doc: DebateDoc, data: st.DataObject
) -> None:
    items = [node.key for node in doc.nodes] + [f"edge:{edge.key}" for edge in doc.edges]
    labels = {item: data.draw(st.sampled_from(["IN", "OUT", "UNDEC"])) for item in items}
    root = parse(render(doc, [PartyView("P", labels)], href=lambda key: f"/n/{key}"))
    groups = list(root.iter(f"{{{svg.SVG_NS}}}g"))
    assert sorted(g.get("data-key") for g in groups if g.get("data-key")) == sorted(
        node.key for node in doc.nodes
    )
    drawn_edges = {g.get("data-edge") for g in groups if g.get("data-edge")}
    assert drawn_edges == {edge.key for edge in doc.edges}
    vias = {g.get("id") for g in groups if (g.get("id") or "").startswith("via-")}
    assert vias == {f"via-{edge.target_edge}" for edge in doc.edges if edge.target_edge}
    for node in doc.nodes:
        expected = f"{svg.GLYPHS[labels[node.key]]} {labels[node.key]}"
        assert status_line(node_group(root, node.key)) == expected
    focus = data.draw(st.sampled_from([node.key for node in doc.nodes]))
    depth = data.draw(st.integers(0, 3))
    focused = parse(render(doc, [PartyView("P", labels)], focus=focus, depth=depth))
    shown = {g.get("data-key") for g in focused.iter(f"{{{svg.SVG_NS}}}g") if g.get("data-key")}
    assert shown == set(neighbourhood(doc, focus, depth))

