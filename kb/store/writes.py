"""Writes of debates and their items, each one change through :mod:`kb.store.changes`.

The :class:`~kb.store.Store` documents these as its methods; here each builds the mutation
of the debate's state that the write makes (or refuses), and hands it to the one write path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from kb.auth import Role
from kb.doc import EDGE_ITEM_PREFIX, DebateDoc, Stance
from kb.errors import ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.models import (
    Acceptance,
    Debate,
    DebateRole,
    Edge,
    Node,
    Party,
    Revision,
    Source,
    User,
)
from kb.schemas import DebateUpdate
from kb.store import rows
from kb.store.changes import Change, change, create, state_at, whole
from kb.store.database import Database, no_debate
from kb.store.draft import Draft
from kb.store.state import (
    STANCE_PREFIX,
    State,
    acceptance_id,
    doc_to_state,
    item_id,
    split_id,
    split_stance,
    stance_id,
)

NULLABLE = {"year", "target", "target_edge"}
"""Update fields that may be set to null; for every other field null means "unchanged"."""


def fields_set(model: Any) -> dict[str, Any]:
    """Return the fields an update sets (null only where a field may be null)."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return {k: v for k, v in data.items() if v is not None or k in NULLABLE}


def all_fields(model: Any) -> dict[str, Any]:
    """Return every field of a create shape, JSON-ready."""
    data: dict[str, Any] = model.model_dump(mode="json")
    return data


# Debates ----------------------------------------------------------------------------------


def create_debate(database: Database, doc: DebateDoc, *, actor: str) -> None:
    with database.reading() as session:
        user = session.exec(select(User).where(col(User.name) == actor)).first()
        editor = user.id if user is not None and user.role == Role.EDITOR else None
    create(database, doc, actor=actor, kind="create_debate", summary=f"create {doc.slug}",
           grant_user_id=editor)


def update_debate(database: Database, slug: str, data: DebateUpdate, *, actor: str,
                  expected: int | None) -> None:
    fields = fields_set(data)

    def edit(draft: Draft) -> None:
        draft.put("debate", dict(draft.get("debate"), **fields))

    change(database, slug, edit, actor=actor, kind="update_debate",
           summary="update " + ", ".join(sorted(fields)), expected=expected)


def delete_debate(database: Database, slug: str, *, expected: int | None) -> None:
    def work() -> None:
        with database.writing() as session:
            # FOR UPDATE: no change of the debate may commit between check and delete.
            debate = session.exec(
                select(Debate).where(col(Debate.slug) == slug).with_for_update()
            ).first()
            if debate is None:
                raise no_debate(slug)
            if expected is not None and debate.revision != expected:
                raise StaleError(f"debate '{slug}' is at revision {debate.revision}, "
                                 f"not {expected}; reload it and try again")
            _delete_debate_rows(session, debate)

    database.retrying(work)


def _delete_debate_rows(session: Session, debate: Debate) -> None:
    """Delete a debate's rows children first, so no foreign key is ever dangling."""
    for table in (Acceptance, Edge, Node, Party, Source, Revision, DebateRole):
        session.execute(delete(table).where(col(table.debate_id) == debate.id))
    session.execute(delete(Debate).where(col(Debate.id) == debate.id))


def import_doc(database: Database, doc: DebateDoc, *, actor: str, replace: bool,
               expected: int | None, progress: Callable[[int], None] | None = None) -> None:
    with database.reading() as session:
        exists = session.exec(select(Debate.id).where(col(Debate.slug) == doc.slug)).first()
    if replace and exists is not None:
        new_state = doc_to_state(doc)
        change(database, doc.slug, whole(lambda _state: new_state), actor=actor, kind="import",
               summary=f"replace {doc.slug} by import", expected=expected)
    else:
        create(database, doc, actor=actor, kind="import", summary=f"import {doc.slug}",
               progress=progress)


def revert(database: Database, slug: str, revision: int, *, actor: str,
           expected: int | None) -> None:
    with database.reading() as session:
        earlier = state_at(session, database.debate_row(session, slug), revision)
    change(database, slug, whole(lambda _state: earlier), actor=actor, kind="revert",
           summary=f"revert to revision {revision}", expected=expected)


# Items ------------------------------------------------------------------------------------


def add_item(database: Database, slug: str, kind: str, data: dict[str, Any], *, actor: str,
             expected: int | None) -> Any:
    chosen: list[str] = []

    def edit(draft: Draft) -> None:
        # An edge without a key gets the next free eN, chosen under the debate's lock.
        key = data["key"] if data["key"] is not None else draft.next_edge_key()
        ident = item_id(kind, key)
        if ident in draft:
            raise ConflictError(f"debate '{slug}' already has a {kind} '{key}'")
        chosen.append(ident)
        draft.put(ident, dict(data, key=key, position=draft.next_position(kind)))

    done = change(database, slug, edit, actor=actor, kind=f"add_{kind}",
                  summary=lambda: f"add {kind} {split_id(chosen[-1])[1]}", expected=expected)
    ident = chosen[-1]
    return rows.public(kind, done.state_of(ident), done.revision_of(ident))


def update_item(database: Database, slug: str, kind: str, key: str, fields: dict[str, Any], *,
                actor: str, expected: int | None) -> Any:
    ident = item_id(kind, key)
    if kind == "edge":
        # Giving a target clears the target edge, and back.
        if fields.get("target") is not None:
            fields.setdefault("target_edge", None)
        if fields.get("target_edge") is not None:
            fields.setdefault("target", None)

    def edit(draft: Draft) -> None:
        current = draft.get(ident)
        if current is None:
            raise NotFoundError(f"debate '{slug}' has no {kind} '{key}'")
        draft.put(ident, dict(current, **fields))

    done = change(database, slug, edit, actor=actor, kind=f"update_{kind}",
                  summary=f"update {kind} {key}", expected=expected, target=ident)
    return rows.public(kind, done.state_of(ident), done.revision_of(ident))


def _remove(state: State, nodes: set[str], edges: set[str]) -> State:
    """Drop nodes and edges, and every stance on them."""
    gone = {item_id("node", k) for k in nodes} | {item_id("edge", k) for k in edges}
    items = nodes | {EDGE_ITEM_PREFIX + k for k in edges}
    return {k: v for k, v in state.items() if k not in gone
            and not (k.startswith(STANCE_PREFIX) and split_stance(k)[1] in items)}


def _edges_using(state: State, nodes: set[str], edges: set[str]) -> set[str]:
    """Return the edges that rest on `nodes` or `edges`, transitively through undercutters."""
    found: set[str] = set()
    frontier = True
    while frontier:
        frontier = False
        for ident, e in state.items():
            if not ident.startswith("edge:") or e["key"] in found:
                continue
            if (e["source"] in nodes or e["target"] in nodes
                    or e["target_edge"] in edges | found):
                found.add(e["key"])
                frontier = True
    return found - edges


def delete_graph_item(database: Database, slug: str, kind: str, key: str, *, actor: str,
                      expected: int | None, cascade: bool) -> int:
    """Delete node or edge `key` (the edges resting on it too when `cascade`)."""
    ident = item_id(kind, key)

    def mutate(state: State) -> State:
        if ident not in state:
            raise NotFoundError(f"debate '{slug}' has no {kind} '{key}'")
        nodes = {key} if kind == "node" else set()
        edges = {key} if kind == "edge" else set()
        using = _edges_using(state, nodes, edges)
        if using and not cascade:
            names = ", ".join(sorted(using))
            raise ConflictError(f"{kind} '{key}' is used by edge(s) {names}; delete those "
                                "first or ask for a cascade")
        return _remove(state, nodes, edges | using)

    done = change(database, slug, whole(mutate), actor=actor, kind=f"delete_{kind}",
                  summary=f"delete {kind} {key}" + (" (cascade)" if cascade else ""),
                  expected=expected, target=ident)
    return done.revision


def _stances(items: Mapping[str, Stance | str]) -> dict[str, str]:
    """Check the stances of `items`; return them as strings, unstated included."""
    bad = [str(s) for s in items.values() if str(s) not in {x.value for x in Stance}]
    if bad:
        raise InvalidInputError(f"unknown stance '{bad[0]}'; use accepted, rejected or "
                                "unstated")
    return {item: str(s) for item, s in sorted(items.items())}


def set_acceptance(database: Database, slug: str, party: str,
                   items: Mapping[str, Stance | str], *, actor: str, expected: int | None,
                   replace: bool = True, check: Callable[[Draft], None] | None = None,
                   kind: str = "set_acceptance", summary: str | None = None) -> Change:
    """Set stances of `party`: its whole acceptance (`replace`), or only those of `items`.

    `check`, when given, refuses the change first (it may read the draft). Returns what
    the write did.
    """
    stances = _stances(items)

    def edit(draft: Draft) -> None:
        if check is not None:
            check(draft)
        if item_id("party", party) not in draft:
            raise NotFoundError(f"debate '{slug}' has no party '{party}'")
        if replace:
            stored = rows.load_acceptance(draft.session, draft.debate, party)
            draft.old.update({i: v for i, v in stored.items() if i not in draft.old})
            for ident in stored:
                draft.put(ident, None)
        for item, stance in stances.items():
            draft.put(stance_id(party, item),
                      None if stance == Stance.UNSTATED.value else stance)

    return change(database, slug, edit, actor=actor, kind=kind,
                  summary=summary or f"set acceptance of {party}", expected=expected,
                  target=acceptance_id(party))
