"""The pages' caches never show a deleted debate under a slug created again."""

from __future__ import annotations

from api.pages.views import Pages
from kb.schemas import DebateCreate, NodeCreate
from kb.store import Store


def test_pages_debate_recreated_under_same_slug_shows_new_content() -> None:
    store = Store.memory()
    pages = Pages(store)
    store.create_debate(DebateCreate(slug="d", title="First"), actor="ann")
    store.add_node("d", NodeCreate(key="old", kind="claim", text="Old claim."), actor="ann")
    first, revision = pages.debate("d")
    assert [n.key for n in first.nodes] == ["old"] and revision == 2

    store.delete_debate("d", actor="ann")
    store.create_debate(DebateCreate(slug="d", title="Second"), actor="ann")
    store.add_node("d", NodeCreate(key="new", kind="claim", text="New claim."), actor="ann")
    second, revision = pages.debate("d")

    assert revision == 2
    assert second.title == "Second"
    assert [n.key for n in second.nodes] == ["new"]
