"""Every refused change raises its typed error and leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from kb.doc import Citation, EdgeDoc, NodeDoc, NodeKind, Relation, SourceDoc, Stance
from kb.errors import ArgmapError, ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.schemas import (
    DebateUpdate,
    EdgeCreate,
    EdgeUpdate,
    NodeCreate,
    NodeUpdate,
    PartyCreate,
    PartyUpdate,
    SourceCreate,
    SourceUpdate,
)
from kb.store import Store
from tests.store.helpers import picture, row_counts, sample_doc

Change = Callable[[Store], object]

REFUSALS: dict[str, tuple[Change, type[ArgmapError]]] = {
    "edge from an unknown node": (
        lambda s: s.add_edge("demo", EdgeCreate(source="zz", target="c1", relation="supports"),
                             actor="t"), InvalidInputError),
    "edge to an unknown node": (
        lambda s: s.add_edge("demo", EdgeCreate(source="e1", target="zz", relation="supports"),
                             actor="t"), InvalidInputError),
    "edge to an unknown edge": (
        lambda s: s.add_edge("demo", EdgeCreate(source="u1", target_edge="zz",
                                                relation="rebuts"), actor="t"),
        InvalidInputError),
    "edge from a node to itself": (
        lambda s: s.add_edge("demo", EdgeCreate(source="c1", target="c1", relation="rebuts"),
                             actor="t"), InvalidInputError),
    "edge with two targets": (
        lambda s: s.add_edge("demo", EdgeCreate(source="u1", target="c1", target_edge="s1",
                                                relation="rebuts"), actor="t"),
        InvalidInputError),
    "edge with no target": (
        lambda s: s.add_edge("demo", EdgeCreate(source="u1", relation="rebuts"), actor="t"),
        InvalidInputError),
    "undercutter that supports": (
        lambda s: s.add_edge("demo", EdgeCreate(source="u1", target_edge="s1",
                                                relation="supports"), actor="t"),
        InvalidInputError),
    "edge that targets itself": (
        lambda s: s.update_edge("demo", "x1", EdgeUpdate(target_edge="x1"), actor="t"),
        InvalidInputError),
    "undercutter cycle": (
        lambda s: s.update_edge("demo", "s1", EdgeUpdate(target_edge="x1", relation="rebuts"),
                                actor="t"), InvalidInputError),
    "duplicate node key": (
        lambda s: s.add_node("demo", NodeCreate(key="c1", kind="claim", text="Again."),
                             actor="t"), ConflictError),
    "duplicate edge key": (
        lambda s: s.add_edge("demo", EdgeCreate(key="s1", source="f1", target="c1",
                                                relation="supports"), actor="t"),
        ConflictError),
    "duplicate party key": (
        lambda s: s.add_party("demo", PartyCreate(key="ann", name="Ann again"), actor="t"),
        ConflictError),
    "citation of an unknown source": (
        lambda s: s.add_node("demo", NodeCreate(key="c2", kind="claim", text="New.",
                                                citations=["nowhere ¶1"]), actor="t"),
        InvalidInputError),
    "asserted by an unknown party": (
        lambda s: s.update_node("demo", "c1", NodeUpdate(asserted_by=["carl"]), actor="t"),
        InvalidInputError),
    "acceptance of an unknown item": (
        lambda s: s.set_acceptance("demo", "ann", {"zz": Stance.ACCEPTED}, actor="t"),
        InvalidInputError),
    "acceptance of an unknown edge": (
        lambda s: s.set_acceptance("demo", "ann", {"edge:zz": "accepted"}, actor="t"),
        InvalidInputError),
    "acceptance with an unknown stance": (
        lambda s: s.set_acceptance("demo", "ann", {"e1": "maybe"}, actor="t"),
        InvalidInputError),
    "acceptance of an unknown party": (
        lambda s: s.set_acceptance("demo", "carl", {"e1": "accepted"}, actor="t"),
        NotFoundError),
    "update of an unknown node": (
        lambda s: s.update_node("demo", "zz", NodeUpdate(text="x"), actor="t"), NotFoundError),
    "deleting a node that edges use": (
        lambda s: s.delete_node("demo", "c1", actor="t"), ConflictError),
    "deleting an edge that an undercutter targets": (
        lambda s: s.delete_edge("demo", "s1", actor="t"), ConflictError),
    "stale node revision": (
        lambda s: s.update_node("demo", "c1", NodeUpdate(text="x"), actor="t", expected=99),
        StaleError),
    "stale acceptance revision": (
        lambda s: s.set_acceptance("demo", "ann", {}, actor="t", expected=7), StaleError),
    "stale debate revision": (
        lambda s: s.revert("demo", 1, actor="t", expected=0), StaleError),
    "stale delete of the debate": (
        lambda s: s.delete_debate("demo", actor="t", expected=5), StaleError),
    "change of an unknown debate": (
        lambda s: s.add_node("nope", NodeCreate(key="c2", kind="claim", text="x"), actor="t"),
        NotFoundError),
    "revert to a revision that never was": (
        lambda s: s.revert("demo", 7, actor="t"), InvalidInputError),
    "import under a taken slug": (
        lambda s: s.import_doc(sample_doc(), actor="t"), ConflictError),
    "NUL character in node text": (
        lambda s: s.add_node("demo", NodeCreate(key="c9", kind="claim", text="a\x00b"),
                             actor="t"), InvalidInputError),
    "NUL character in a tag": (
        lambda s: s.update_node("demo", "c1", NodeUpdate(tags=["ok", "b\x00d"]), actor="t"),
        InvalidInputError),
    "NUL character in a party name": (
        lambda s: s.add_party("demo", PartyCreate(key="q", name="Q\x00"), actor="t"),
        InvalidInputError),
    "year beyond a 64-bit column": (
        lambda s: s.add_source("demo", SourceCreate(key="s9", title="S", year=2**63),
                               actor="t"), InvalidInputError),
    "year beyond -9999..9999": (
        lambda s: s.update_source("demo", "src", SourceUpdate(year=100_000), actor="t"),
        InvalidInputError),
    "null text of a node": (
        lambda s: s.update_node("demo", "c1", NodeUpdate(text=None), actor="t"),
        InvalidInputError),
    "null title of a debate": (
        lambda s: s.update_debate("demo", DebateUpdate(title=None), actor="t"),
        InvalidInputError),
    "null relation of an edge": (
        lambda s: s.update_edge("demo", "s1", EdgeUpdate(relation=None), actor="t"),
        InvalidInputError),
    "null name of a party": (
        lambda s: s.update_party("demo", "ann", PartyUpdate(name=None), actor="t"),
        InvalidInputError),
    "NUL character in a slug asked for": (
        lambda s: s.get_node("de\x00mo", "c1"), NotFoundError),
    "NUL character in a key asked for": (
        lambda s: s.get_node("demo", "c\x001"), NotFoundError),
    "NUL character in the slug of a change": (
        lambda s: s.delete_node("de\x00mo", "c1", actor="t"), NotFoundError),
    "revision number no column holds": (
        lambda s: s.get_revision("demo", 2**70), NotFoundError),
    "list offset no column holds": (
        lambda s: s.list_nodes("demo", offset=2**70), InvalidInputError),
    "delete a source still cited": (
        lambda s: s.delete_source("demo", "src", actor="t"), ConflictError),
    "delete a party named in asserted_by": (
        lambda s: s.delete_party("demo", "ann", actor="t"), ConflictError),
    "delete an unknown source": (
        lambda s: s.delete_source("demo", "zz", actor="t", cascade=True), NotFoundError),
    "delete a party with a stale revision": (
        lambda s: s.delete_party("demo", "bob", actor="t", expected=0, cascade=True),
        StaleError),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_store_refused_change_leaves_database_unchanged(store: Store, case: str) -> None:
    store.import_doc(sample_doc(), actor="setup")
    before = picture(store, "demo")
    change, error = REFUSALS[case]
    with pytest.raises(error):
        change(store)
    assert picture(store, "demo") == before


BAD_DOCS = {
    "empty node text": lambda d: replace(d, nodes=(*d.nodes, NodeDoc("c9", NodeKind.CLAIM, " "))),
    "node text too long": lambda d: replace(
        d, nodes=(*d.nodes, NodeDoc("c9", NodeKind.CLAIM, "x" * 2001))),
    "malformed node key": lambda d: replace(
        d, nodes=(*d.nodes, NodeDoc("Bad Key", NodeKind.CLAIM, "x"))),
    "duplicate node keys": lambda d: replace(d, nodes=(*d.nodes, d.nodes[0])),
    "dangling edge": lambda d: replace(
        d, edges=(*d.edges, EdgeDoc("e9", "e1", Relation.SUPPORTS, target="gone"))),
    "malformed slug": lambda d: replace(d, slug="Not A Slug"),
    "NUL character in the title": lambda d: replace(d, title="Demo\x00"),
    "NUL character in a locator": lambda d: replace(
        d, nodes=(*d.nodes, NodeDoc("c9", NodeKind.CLAIM, "x", (Citation("src", "p\x001"),)))),
    "NUL character in an author": lambda d: replace(
        d, sources=(SourceDoc("s9", "S", ("A\x00",)),)),
    "year beyond a 32-bit column": lambda d: replace(
        d, sources=(*d.sources, SourceDoc("s9", "S", year=2**31))),
    "year beyond a 64-bit column": lambda d: replace(
        d, sources=(*d.sources, SourceDoc("s9", "S", year=-(2**70)))),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCS))
def test_store_bad_import_writes_nothing(store: Store, case: str) -> None:
    counts = row_counts(store)
    doc = BAD_DOCS[case](sample_doc("fresh"))
    with pytest.raises((InvalidInputError, ConflictError)):
        store.import_doc(doc, actor="t")
    assert row_counts(store) == counts
    assert store.find_debate("fresh") is None


def test_store_refusal_lists_every_problem(store: Store) -> None:
    doc = sample_doc()
    doc = replace(doc, edges=(*doc.edges, EdgeDoc("e9", "gone", Relation.SUPPORTS,
                                                  target="c1", asserted_by=("carl",))))
    with pytest.raises(InvalidInputError) as caught:
        store.import_doc(doc, actor="t")
    locations = {e["loc"] for e in caught.value.errors}
    assert {"edges.e9.source", "edges.e9.asserted_by"} <= locations
