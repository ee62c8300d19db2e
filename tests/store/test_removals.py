"""Deleting sources and parties (with and without a cascade), each one revertible revision;
editor grants taken back; global editors; debate lists beyond a thousand debates."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import Session

from kb.auth import Actor
from kb.models import Debate
from kb.schemas import DebateCreate, SourceCreate
from kb.store import Store
from tests.store.helpers import fresh_snapshot, row_counts, sample_doc


def test_store_delete_source_cascade_removes_citations_and_reverts(store: Store) -> None:
    store.import_doc(sample_doc(), actor="setup")
    before = fresh_snapshot(store, "demo")
    revision = store.delete_source("demo", "src", actor="ann", cascade=True)
    after = fresh_snapshot(store, "demo")
    assert revision == 2 and after.sources == ()
    assert after.node("e1").citations == () and after.edge("s1").citations == ()
    record = store.get_revision("demo", 2)
    assert (record.kind, record.author) == ("delete_source", "ann")
    assert set(record.before) == {"source:src", "node:e1", "edge:s1"}
    assert record.after["source:src"] is None
    store.revert("demo", 1, actor="ann")
    assert fresh_snapshot(store, "demo") == before


def test_store_delete_unused_source_needs_no_cascade(store: Store) -> None:
    store.import_doc(sample_doc(), actor="setup")
    added = store.add_source("demo", SourceCreate(key="spare", title="Spare"), actor="ann")
    assert store.delete_source("demo", "spare", actor="ann", expected=added.revision) == 3
    assert store.find_source("demo", "spare") is None


def test_store_delete_party_cascade_removes_assertions_and_acceptance(store: Store) -> None:
    store.import_doc(sample_doc(), actor="setup")
    before = fresh_snapshot(store, "demo")
    counts = row_counts(store)
    party = store.get_party("demo", "ann")
    store.delete_party("demo", "ann", actor="bob", expected=party.revision, cascade=True)
    after = fresh_snapshot(store, "demo")
    assert [p.key for p in after.parties] == ["bob"]
    assert "ann" not in after.acceptance and after.acceptance["bob"]
    assert after.node("e1").asserted_by == () and after.node("c1").asserted_by == ()
    assert row_counts(store)["acceptance"] == counts["acceptance"] - 3
    assert store.list_revisions("demo", limit=1)[0].kind == "delete_party"
    store.revert("demo", 1, actor="bob")
    assert fresh_snapshot(store, "demo") == before
    assert store.get_acceptance("demo", "ann").items == before.acceptance["ann"]


def test_store_delete_party_without_assertions_takes_its_acceptance(store: Store) -> None:
    store.import_doc(sample_doc(), actor="setup")
    # bob is named in asserted_by of f1 only; once that is gone, no cascade is needed
    from kb.schemas import NodeUpdate

    store.update_node("demo", "f1", NodeUpdate(asserted_by=[]), actor="t")
    store.delete_party("demo", "bob", actor="t")
    assert "bob" not in fresh_snapshot(store, "demo").acceptance


def test_store_revoke_editor_takes_the_grant_back(store: Store) -> None:
    store.create_debate(DebateCreate(slug="one", title="One", public=False), actor="admin")
    _, raw = store.add_user("ed", "editor", debates=["one"])
    assert store.can_edit(store.actor_for_token(raw), "one")
    assert store.revoke_editor("one", "ed") is True
    actor = store.actor_for_token(raw)
    assert not store.can_edit(actor, "one") and not store.can_read(actor, "one")
    assert store.revoke_editor("one", "ed") is False


def test_store_editor_without_debates_is_global(store: Store) -> None:
    store.create_debate(DebateCreate(slug="hidden", title="Hidden", public=False),
                        actor="admin")
    user, raw = store.add_user("gil", "editor")
    actor = store.actor_for_token(raw)
    assert user.global_editor and actor is not None and actor.global_editor
    assert store.can_edit(actor, "hidden") and store.can_read(actor, "hidden")
    assert [d.slug for d in store.list_debates(actor=actor)] == ["hidden"]
    assert store.count_debates(actor=actor) == 1
    scoped, _ = store.add_user("sue", "editor", debates=["hidden"])
    assert not scoped.global_editor and not store.add_user("rob", "reader")[0].global_editor


def _many_debates(store: Store, count: int, *, public: bool = True) -> None:
    now = datetime.now(UTC)
    with Session(store.engine) as session:
        session.execute(insert(Debate.__table__), [  # type: ignore[attr-defined]
            {"slug": f"d{i:05d}-{public}".lower(), "title": f"D {i}", "summary": "",
             "public": public, "mode": "unsupported", "revision": 1, "created_at": now,
             "updated_at": now}
            for i in range(count)
        ])
        session.commit()


def test_store_lists_and_counts_beyond_a_thousand_debates(store: Store) -> None:
    _many_debates(store, 1203)
    _many_debates(store, 7, public=False)
    assert store.count_debates() == 1203
    assert store.count_debates(actor=Actor("root", "admin")) == 1210
    everything = store.list_debates()
    assert len(everything) == 1203 and everything[-1].slug == "d01202-true"
    assert len(store.list_debates(limit=500, offset=1000)) == 203
    assert len(store.list_debates(actor=Actor("gil", "editor", global_editor=True))) == 1210
