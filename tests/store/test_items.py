"""Single-item writes: automatic edge keys, partial updates, public shapes."""

from __future__ import annotations

from kb.schemas import DebateUpdate, EdgeCreate, EdgeUpdate, NodeUpdate, SourceUpdate
from kb.store import Store
from tests.store.helpers import sample_doc


def test_store_edges_get_automatic_keys(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    first = store.add_edge("demo", EdgeCreate(source="f1", target="e1", relation="rebuts"),
                           actor="t")
    second = store.add_edge("demo", EdgeCreate(source="u1", target="f1", relation="rebuts"),
                            actor="t")
    assert (first.id, second.id) == ("e1", "e2")
    assert store.get_revision("demo", 3).summary == "add edge e2"
    store.delete_edge("demo", "e2", actor="t")
    third = store.add_edge("demo", EdgeCreate(source="u1", target="c1", relation="supports"),
                           actor="t")
    assert third.id == "e2"  # the highest eN in use is e1 again


def test_store_update_changes_only_given_fields(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    node = store.update_node("demo", "e1", NodeUpdate(text="Restated."), actor="t")
    assert (node.text, node.kind, node.tags) == ("Restated.", "evidence", ["data"])
    assert [str(c.locator) for c in node.citations] == ["¶3"]
    debate = store.update_debate("demo", DebateUpdate(public=False), actor="t")
    assert (debate.title, debate.public) == ("Demo debate", False)
    source = store.update_source("demo", "src", SourceUpdate(year=None), actor="t")
    assert source.year is None  # year may be cleared


def test_store_edge_retargeted_from_node_to_edge(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    edge = store.update_edge("demo", "r1", EdgeUpdate(target_edge="s1"), actor="t")
    assert (edge.target, edge.target_edge) == (None, "s1")
    back = store.update_edge("demo", "r1", EdgeUpdate(target="c1"), actor="t")
    assert (back.target, back.target_edge) == ("c1", None)


def test_store_times_are_timezone_aware(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    debate = store.get_debate("demo")
    assert debate.created_at.tzinfo is not None
    assert store.list_revisions("demo")[0].created_at.tzinfo is not None
    user, _ = store.add_user("ann", "reader")
    assert user.created_at.tzinfo is not None
