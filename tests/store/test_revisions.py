"""Revisions record every change; snapshots at any revision; revert; ETags per item."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.doc import Stance
from kb.formats import json as json_format
from kb.schemas import (
    DebateCreate,
    DebateUpdate,
    EdgeCreate,
    NodeCreate,
    NodeUpdate,
    PartyCreate,
    SourceCreate,
)
from kb.store import Store
from tests.store.helpers import fresh_snapshot, sample_doc


def test_store_revisions_record_every_change(store: Store) -> None:
    store.create_debate(DebateCreate(slug="d", title="D"), actor="ann")
    store.add_party("d", PartyCreate(key="p", name="P"), actor="ann")
    store.add_source("d", SourceCreate(key="s", title="S"), actor="ann")
    store.add_node("d", NodeCreate(key="e1", kind="evidence", text="E."), actor="bob")
    store.add_node("d", NodeCreate(key="c1", kind="claim", text="C."), actor="bob")
    edge = store.add_edge("d", EdgeCreate(source="e1", target="c1", relation="supports"),
                          actor="bob")
    store.set_acceptance("d", "p", {"e1": "accepted"}, actor="bob")
    store.update_node("d", "c1", NodeUpdate(text="C, again."), actor="cy")
    store.update_debate("d", DebateUpdate(title="D2"), actor="cy")
    store.delete_edge("d", edge.id, actor="cy")

    revisions = store.list_revisions("d")
    assert [r.number for r in revisions] == list(range(10, 0, -1))
    assert [r.kind for r in reversed(revisions)] == [
        "create_debate", "add_party", "add_source", "add_node", "add_node", "add_edge",
        "set_acceptance", "update_node", "update_debate", "delete_edge",
    ]
    assert revisions[0].author == "cy"
    update = store.get_revision("d", 8)
    assert update.before == {"node:c1": {**update.after["node:c1"], "text": "C."}}
    assert store.get_debate("d").revision == 10
    assert edge.id == "e1"


def test_store_write_that_changes_nothing_records_nothing(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    node = store.get_node("demo", "c1")
    again = store.update_node("demo", "c1", NodeUpdate(text=node.text), actor="t")
    assert again.revision == node.revision
    assert store.get_debate("demo").revision == 1


def test_store_snapshot_at_each_revision_and_revert(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    states = {1: store.snapshot("demo")}
    store.update_node("demo", "c1", NodeUpdate(text="Changed."), actor="t")
    states[2] = store.snapshot("demo")
    store.delete_node("demo", "e1", actor="t", cascade=True)
    states[3] = store.snapshot("demo")
    store.set_acceptance("demo", "bob", {"c1": Stance.REJECTED}, actor="t")
    states[4] = store.snapshot("demo")

    for number, doc in states.items():
        assert fresh_snapshot(store, "demo", revision=number) == doc
    reverted = store.revert("demo", 1, actor="t")
    assert reverted.revision == 5
    assert fresh_snapshot(store, "demo") == states[1]
    assert fresh_snapshot(store, "demo", revision=4) == states[4]
    assert store.get_revision("demo", 5).kind == "revert"


def test_store_cascade_removes_dependent_edges_and_their_acceptance(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    store.delete_node("demo", "e1", actor="t", cascade=True)
    doc = store.snapshot("demo")
    assert [e.key for e in doc.edges] == ["r1"]  # s1 used e1; x1 undercut s1
    assert "edge:s1" not in doc.acceptance_of("ann")
    assert "e1" not in doc.acceptance_of("ann")


def test_store_item_revision_is_its_etag(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    c1 = store.get_node("demo", "c1")
    updated = store.update_node("demo", "c1", NodeUpdate(tags=["core"]), actor="t",
                                expected=c1.revision)
    assert updated.revision == 2
    assert store.get_node("demo", "e1").revision == 1  # untouched items keep their ETag
    acceptance = store.get_acceptance("demo", "ann")
    assert acceptance.revision == 1
    after = store.set_acceptance("demo", "ann", {"e1": "accepted"}, actor="t",
                                 expected=acceptance.revision)
    assert after.revision == 3
    assert after.items == {"e1": Stance.ACCEPTED}
    assert store.get_acceptance("demo", "bob").revision == 1


def test_store_json_export_reimported_under_new_slug_is_identical(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    exported = json_format.dump(store.snapshot("demo"))
    store.import_doc(json_format.load(exported), "copy", actor="t")
    copy = store.snapshot("copy")
    assert copy == replace(store.snapshot("demo"), slug="copy")
    assert json_format.dump(replace(copy, slug="demo")) == exported


def test_store_import_replace_is_one_revision(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    doc = sample_doc()
    changed = replace(doc, title="Renamed", nodes=doc.nodes[:3], edges=doc.edges[1:2],
                      acceptance={"bob": {"f1": Stance.ACCEPTED}})
    store.import_doc(changed, actor="t", replace=True)
    assert fresh_snapshot(store, "demo") == changed
    assert store.get_debate("demo").revision == 2
    assert fresh_snapshot(store, "demo", revision=1) == sample_doc()


def test_store_list_debates_hides_private_ones(store: Store) -> None:
    from kb.auth import Actor

    store.create_debate(DebateCreate(slug="open", title="Open"), actor="t")
    store.create_debate(DebateCreate(slug="closed", title="Closed", public=False), actor="t")
    assert [d.slug for d in store.list_debates()] == ["open"]
    assert store.count_debates() == 1
    editor = Actor("ann", "editor", frozenset({"closed"}))
    assert [d.slug for d in store.list_debates(actor=editor)] == ["closed", "open"]
    assert [d.slug for d in store.list_debates(actor=Actor("root", "admin"))] == [
        "closed", "open"]
    assert store.count_debates(actor=editor) == 2
    assert store.can_read(None, "closed") is False
    assert store.can_read(editor, "closed") is True


def test_store_lists_paginate_in_order(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    keys = [n.key for n in store.list_nodes("demo")]
    assert keys == ["e1", "f1", "c1", "u1"]
    assert [n.key for n in store.list_nodes("demo", limit=2, offset=1)] == ["f1", "c1"]
    assert store.count("demo", "edge") == 3
    with pytest.raises(Exception, match="limit"):
        store.list_nodes("demo", limit=0)


def test_store_delete_debate_removes_everything(store: Store) -> None:
    from tests.store.helpers import row_counts

    empty = row_counts(store)
    store.import_doc(sample_doc(), actor="t")
    store.delete_debate("demo", actor="t", expected=1)
    assert row_counts(store) == empty


def test_store_snapshot_cache_follows_revisions(store: Store) -> None:
    store.import_doc(sample_doc(), actor="t")
    first = store.snapshot("demo")
    assert store.snapshot("demo") is first  # same revision: served from the cache
    store.update_node("demo", "c1", NodeUpdate(text="Changed."), actor="t")
    assert store.snapshot("demo").node("c1").text == "Changed."
    store.delete_debate("demo", actor="t")
    store.import_doc(replace(sample_doc(), title="Another"), actor="t")  # same slug, revision 1
    assert store.snapshot("demo").title == "Another"
    assert store.snapshot("demo", revision=1).title == "Another"
