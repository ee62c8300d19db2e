"""Round trips on small random debates: JSON and AIF export -> import give the same graph."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import (
    Citation,
    DebateDoc,
    EdgeDoc,
    Mode,
    NodeDoc,
    NodeKind,
    PartyDoc,
    Relation,
    SourceDoc,
    Stance,
    edge_item,
)
from kb.formats import aif
from kb.formats import json as argmap_json
from kb.validation import validate_doc

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=30).filter(lambda t: t.strip() != "")


@st.composite
def debates(draw: st.DrawFn) -> DebateDoc:
    sources = tuple(SourceDoc(f"src{i}", draw(TEXT)) for i in range(draw(st.integers(0, 2))))
    parties = tuple(PartyDoc(f"p{i}", draw(TEXT)) for i in range(draw(st.integers(1, 2))))
    party_keys = [p.key for p in parties]

    def citations() -> tuple[Citation, ...]:
        if not sources:
            return ()
        picked = draw(st.lists(st.sampled_from(sources), max_size=2))
        return tuple(Citation(s.key, draw(st.sampled_from(["", "¶3", "p. 12", "fn4"])))
                     for s in picked)

    def asserted() -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(party_keys), max_size=2, unique=True)))

    nodes = tuple(
        NodeDoc(f"n{i}", draw(st.sampled_from(NodeKind)), draw(TEXT), citations(),
                tuple(draw(st.lists(st.sampled_from(["Q1", "Q2", "x y"]), max_size=2,
                                    unique=True))), asserted())
        for i in range(draw(st.integers(1, 6)))
    )
    edges: list[EdgeDoc] = []
    for i in range(draw(st.integers(0, 7))):
        source = draw(st.sampled_from(nodes)).key
        # an undercutter only aims at an earlier edge, so undercutters never form a cycle
        if edges and draw(st.booleans()):
            target_edge = draw(st.sampled_from(edges)).key
            edges.append(EdgeDoc(f"e{i}", source, Relation.REBUTS, target_edge=target_edge,
                                 citations=citations(), asserted_by=asserted()))
            continue
        targets = [n.key for n in nodes if n.key != source]
        if not targets:
            continue
        edges.append(EdgeDoc(f"e{i}", source, draw(st.sampled_from(Relation)),
                             target=draw(st.sampled_from(targets)),
                             text=draw(st.sampled_from(["", "because"])),
                             citations=citations(), asserted_by=asserted()))
    items = [n.key for n in nodes] + [edge_item(e.key) for e in edges]
    acceptance = {
        p: draw(st.dictionaries(st.sampled_from(items),
                                st.sampled_from([Stance.ACCEPTED, Stance.REJECTED]),
                                max_size=4))
        for p in party_keys
    }
    acceptance = {p: a for p, a in acceptance.items() if a}  # an empty one equals none
    return DebateDoc(slug="random", title=draw(TEXT), mode=draw(st.sampled_from(Mode)),
                     sources=sources, parties=parties, nodes=nodes, edges=tuple(edges),
                     acceptance=acceptance)


def _graph(doc: DebateDoc) -> tuple[object, ...]:
    return (
        [(n.key, n.text) for n in doc.nodes],
        [(e.key, e.relation, e.source, e.target, e.target_edge) for e in doc.edges],
        {p: dict(a) for p, a in doc.acceptance.items() if a},
        [p.key for p in doc.parties if doc.acceptance.get(p.key)],
    )


ROUNDS = settings(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@ROUNDS
@given(debates())
def test_roundtrip_json_export_import_is_identity(doc):
    validate_doc(doc)
    assert argmap_json.load(argmap_json.dump(doc)) == doc


@ROUNDS
@given(debates())
def test_roundtrip_aif_export_import_is_identity(doc):
    back, warnings = aif.load_report(aif.dump(doc))
    assert back == doc
    assert all("L node" in w for w in warnings)


@ROUNDS
@given(debates())
def test_roundtrip_aif_core_keeps_graph_texts_and_commitments(doc):
    """Without the ``argmap`` extension, AIF alone still carries the graph and acceptance."""
    graph = aif.to_dict(doc)
    del graph[aif.EXTENSION_KEY]
    back = aif.load(json.dumps(graph))
    validate_doc(back)
    assert _graph(back) == _graph(doc)


WORDS = st.text(st.sampled_from("abcdefghij KLMN,;'()-?"), min_size=1, max_size=25).filter(
    lambda t: t.strip() and not t.strip().startswith("->"))


@st.composite
def kialo_exports(draw: st.DrawFn) -> tuple[str, dict[str, str], set[tuple[str, str, str]]]:
    """A Kialo export of a random tree, with the nodes and edges it must import to."""
    numbers = ["1"]
    for _ in range(draw(st.integers(0, 8))):
        parent = draw(st.sampled_from(numbers))
        children = sum(1 for n in numbers if n.rpartition(".")[0] == parent)
        numbers.append(f"{parent}.{children + 1}")
    texts, edges, lines = {}, set(), ["Discussion Title: " + draw(WORDS).strip(), ""]
    for number in numbers:
        parent = number.rpartition(".")[0]
        side = draw(st.sampled_from(["Pro", "Con"])) if parent else None
        earlier = [n for n in texts if n != parent and not parent.startswith(n + ".")
                   and n != "1"]
        has_children = any(n.rpartition(".")[0] == number for n in numbers)
        if side and earlier and not has_children and draw(st.integers(0, 4)) == 0:  # link
            linked = draw(st.sampled_from(earlier))
            lines.append(f"{number}. {side}: -> See {linked}.")
            edges.add((linked, "supports" if side == "Pro" else "rebuts", parent))
            continue
        parts = draw(st.lists(WORDS, min_size=1, max_size=3))
        texts[number] = " ".join(" ".join(parts).split())
        head = f"{number}. {side}: " if side else f"{number}. "
        lines += [head + parts[0], *parts[1:]]
        if side:
            edges.add((number, "supports" if side == "Pro" else "rebuts", parent))
    return "\n".join(lines) + "\n", texts, edges


@ROUNDS
@given(kialo_exports())
def test_roundtrip_kialo_export_imports_every_claim_and_answer(export):
    from kb.formats import kialo

    text, texts, edges = export
    doc = kialo.load(text)
    validate_doc(doc)
    assert {n.key: n.text for n in doc.nodes} == texts
    assert {(e.source, e.relation.value, e.target) for e in doc.edges} == edges
