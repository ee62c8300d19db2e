"""Users, hashed tokens, revocation and editor grants."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from kb.auth import hash_token
from kb.errors import ConflictError, InvalidInputError, NotFoundError
from kb.models import ApiToken
from kb.schemas import DebateCreate
from kb.store import Store


def test_users_token_is_stored_only_as_hash(store: Store) -> None:
    user, raw = store.add_user("ann", "admin")
    assert user.role == "admin"
    with Session(store.engine) as session:
        stored = [t.token_hash for t in session.exec(select(ApiToken))]
    assert stored == [hash_token(raw)]
    assert raw not in stored
    actor = store.actor_for_token(raw)
    assert actor is not None and actor.name == "ann" and actor.is_admin


def test_users_unknown_or_revoked_token_is_nobody(store: Store) -> None:
    _, first = store.add_user("bob", "reader")
    second = store.issue_token("bob")
    assert store.actor_for_token("not-a-token") is None
    assert store.revoke_token("bob", token=first) == 1
    assert store.actor_for_token(first) is None
    assert store.actor_for_token(second) is not None
    assert store.revoke_token("bob") == 1
    assert store.actor_for_token(second) is None


def test_users_editor_grants_scope_editing(store: Store) -> None:
    store.create_debate(DebateCreate(slug="one", title="One"), actor="admin")
    store.create_debate(DebateCreate(slug="two", title="Two", public=False), actor="admin")
    _, raw = store.add_user("ed", "editor", debates=["one"])
    actor = store.actor_for_token(raw)
    assert store.can_edit(actor, "one") and not store.can_edit(actor, "two")
    assert not store.can_read(actor, "two")
    store.grant_editor("two", "ed")
    actor = store.actor_for_token(raw)
    assert store.can_edit(actor, "two") and store.can_read(actor, "two")
    assert store.get_user("ed").editor_of == ["one", "two"]


def test_users_creator_of_a_debate_becomes_its_editor(store: Store) -> None:
    _, raw = store.add_user("ed", "editor")
    store.create_debate(DebateCreate(slug="mine", title="Mine"), actor="ed")
    assert store.can_edit(store.actor_for_token(raw), "mine")


def test_users_bad_input_is_refused(store: Store) -> None:
    store.add_user("ann", "reader")
    with pytest.raises(ConflictError):
        store.add_user("ann", "reader")
    with pytest.raises(InvalidInputError):
        store.add_user("zed", "boss")
    with pytest.raises(NotFoundError):
        store.add_user("zed", "editor", debates=["nowhere"])
    assert [u.name for u in store.list_users()] == ["ann"]
    with pytest.raises(NotFoundError):
        store.issue_token("nobody")
