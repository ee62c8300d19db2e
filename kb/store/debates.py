"""Store methods for debates and their items: reads, writes, history and revert."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from kb.auth import Role
from kb.doc import EDGE_ITEM_PREFIX, DebateDoc, Stance
from kb.errors import (
    ConflictError,
    DebateNotFoundError,
    InvalidInputError,
    NotFoundError,
    StaleError,
)
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
from kb.schemas import (
    AcceptancePublic,
    DebateCreate,
    DebatePublic,
    DebateUpdate,
    EdgeCreate,
    EdgePublic,
    EdgeUpdate,
    NodeCreate,
    NodePublic,
    NodeUpdate,
    PartyCreate,
    PartyPublic,
    PartyUpdate,
    SourceCreate,
    SourcePublic,
    SourceUpdate,
)
from kb.store.reads import _NAMES, _public
from kb.store.removals import RemovalMethods
from kb.store.state import (
    State,
    doc_to_state,
    item_id,
    next_edge_key,
    next_position,
    split_id,
)

NULLABLE = {"year", "target", "target_edge"}
"""Update fields that may be set to null; for every other field null means "unchanged"."""


def _dump(model: Any) -> dict[str, Any]:
    """Return the fields an update sets (null only where a field may be null)."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return {k: v for k, v in data.items() if v is not None or k in NULLABLE}


def _remove(state: State, nodes: set[str], edges: set[str]) -> State:
    """Drop nodes and edges, and every acceptance entry that names them."""
    gone = {item_id("node", k) for k in nodes} | {item_id("edge", k) for k in edges}
    items = nodes | {EDGE_ITEM_PREFIX + k for k in edges}
    new = {k: v for k, v in state.items() if k not in gone}
    for ident in [k for k in new if k.startswith("acceptance:")]:
        kept = {i: s for i, s in new[ident].items() if i not in items}
        if kept:
            new[ident] = kept
        else:
            del new[ident]
    return new


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


class DebateMethods(RemovalMethods):
    """Writes of debates and their items, history and revert."""

    # Debates: writes -------------------------------------------------------------------

    def create_debate(self, data: DebateCreate, *, actor: str) -> DebatePublic:
        """Create an empty debate (revision 1); ConflictError if the slug is taken.

        When `actor` names an editor user, that user becomes an editor of the debate.
        """
        doc = DebateDoc(slug=data.slug, title=data.title, summary=data.summary,
                        mode=data.mode, public=data.public)
        self._create(doc, actor=actor, kind="create_debate", summary=f"create {data.slug}",
                     grant_user_id=self._editor_id(actor))
        return self.get_debate(data.slug)

    def _editor_id(self, name: str) -> int | None:
        with self.reading() as session:
            user = session.exec(select(User).where(col(User.name) == name)).first()
            return user.id if user is not None and user.role == Role.EDITOR else None

    def update_debate(self, slug: str, data: DebateUpdate, *, actor: str,
                      expected: int | None = None) -> DebatePublic:
        """Change title, summary, mode or public of debate `slug`."""
        fields = _dump(data)

        def mutate(state: State) -> State:
            return dict(state, debate=dict(state["debate"], **fields))

        self._change(slug, mutate, actor=actor, kind="update_debate",
                     summary="update " + ", ".join(sorted(fields)), expected=expected)
        return self.get_debate(slug)

    def delete_debate(self, slug: str, *, actor: str, expected: int | None = None) -> None:
        """Delete debate `slug` with all its items and history."""

        def work() -> None:
            with self.writing() as session:
                # FOR UPDATE: no change of the debate may commit between check and delete.
                debate = session.exec(
                    select(Debate).where(col(Debate.slug) == slug).with_for_update()
                ).first()
                if debate is None:
                    raise DebateNotFoundError(slug)
                if expected is not None and debate.revision != expected:
                    raise StaleError(f"debate '{slug}' is at revision {debate.revision}, "
                                     f"not {expected}; reload it and try again")
                _delete_debate_rows(session, debate)

        self._retrying(work)

    # Items: writes ---------------------------------------------------------------------

    def _add(self, slug: str, kind: str, data: dict[str, Any], *, actor: str,
             expected: int | None) -> Any:
        chosen: list[str] = []

        def mutate(state: State) -> State:
            # An edge without a key gets the next free eN, chosen under the debate's lock.
            key = data["key"] if data["key"] is not None else next_edge_key(state)
            ident = item_id(kind, key)
            if ident in state:
                raise ConflictError(f"debate '{slug}' already has a {_NAMES[kind]} '{key}'")
            chosen.append(ident)
            item = dict(data, key=key, position=next_position(state, kind))
            return dict(state, **{ident: item})

        change = self._change(slug, mutate, actor=actor, kind=f"add_{kind}",
                              summary=lambda: f"add {kind} {split_id(chosen[-1])[1]}",
                              expected=expected)
        ident = chosen[-1]
        return _public(kind, change.state[ident], change.revisions[ident])

    def _update(self, slug: str, kind: str, key: str, fields: dict[str, Any], *, actor: str,
                expected: int | None) -> Any:
        ident = item_id(kind, key)

        def mutate(state: State) -> State:
            if ident not in state:
                raise NotFoundError(f"debate '{slug}' has no {_NAMES[kind]} '{key}'")
            return dict(state, **{ident: dict(state[ident], **fields)})

        change = self._change(slug, mutate, actor=actor, kind=f"update_{kind}",
                              summary=f"update {kind} {key}", expected=expected, target=ident)
        return _public(kind, change.state[ident], change.revisions[ident])

    def add_source(self, slug: str, data: SourceCreate, *, actor: str,
                   expected: int | None = None) -> SourcePublic:
        """Add a source; ConflictError if its key is taken."""
        found: SourcePublic = self._add(slug, "source", _full(data), actor=actor,
                                        expected=expected)
        return found

    def update_source(self, slug: str, key: str, data: SourceUpdate, *, actor: str,
                      expected: int | None = None) -> SourcePublic:
        """Change fields of source `key` (`expected`: the source's revision)."""
        found: SourcePublic = self._update(slug, "source", key, _dump(data), actor=actor,
                                           expected=expected)
        return found

    def add_party(self, slug: str, data: PartyCreate, *, actor: str,
                  expected: int | None = None) -> PartyPublic:
        """Add a party; ConflictError if its key is taken."""
        found: PartyPublic = self._add(slug, "party", _full(data), actor=actor,
                                       expected=expected)
        return found

    def update_party(self, slug: str, key: str, data: PartyUpdate, *, actor: str,
                     expected: int | None = None) -> PartyPublic:
        """Change the name or description of party `key`."""
        found: PartyPublic = self._update(slug, "party", key, _dump(data), actor=actor,
                                          expected=expected)
        return found

    def add_node(self, slug: str, data: NodeCreate, *, actor: str,
                 expected: int | None = None) -> NodePublic:
        """Add a node; ConflictError if its key is taken, InvalidInputError for a bad
        citation or party."""
        found: NodePublic = self._add(slug, "node", _full(data), actor=actor, expected=expected)
        return found

    def update_node(self, slug: str, key: str, data: NodeUpdate, *, actor: str,
                    expected: int | None = None) -> NodePublic:
        """Change fields of node `key` (`expected`: the node's revision, its ETag).

        >>> from kb.store.examples import demo_store
        >>> from kb.schemas import NodeUpdate
        >>> store = demo_store()
        >>> store.update_node("demo", "c1", NodeUpdate(text="New."), actor="bob",
        ...                   expected=0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kb.errors.StaleError: node c1 of debate 'demo' is at revision 1, not 0; reload it ...
        """
        found: NodePublic = self._update(slug, "node", key, _dump(data), actor=actor,
                                         expected=expected)
        return found

    def add_edge(self, slug: str, data: EdgeCreate, *, actor: str,
                 expected: int | None = None) -> EdgePublic:
        """Add an edge; its key is ``e1``, ``e2``... when `data.key` is None.

        >>> from kb.store.examples import demo_store
        >>> from kb.schemas import EdgeCreate
        >>> edge = demo_store().add_edge(
        ...     "demo", EdgeCreate(source="c1", target="e1", relation="rebuts"), actor="ann")
        >>> edge.id, edge.revision
        ('e1', 2)
        """
        found: EdgePublic = self._add(slug, "edge", _full(data), actor=actor, expected=expected)
        return found

    def update_edge(self, slug: str, key: str, data: EdgeUpdate, *, actor: str,
                    expected: int | None = None) -> EdgePublic:
        """Change fields of edge `key`; giving `target` clears `target_edge` and back."""
        fields = _dump(data)
        if fields.get("target") is not None:
            fields.setdefault("target_edge", None)
        if fields.get("target_edge") is not None:
            fields.setdefault("target", None)
        found: EdgePublic = self._update(slug, "edge", key, fields, actor=actor,
                                         expected=expected)
        return found

    def delete_node(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                    cascade: bool = False) -> int:
        """Delete node `key`; the edges that use it too when `cascade`, else ConflictError.

        Returns the debate's new revision.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.delete_node("demo", "e1", actor="ann")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kb.errors.ConflictError: node 'e1' is used by edge(s) s1; delete those first or ...
        >>> store.delete_node("demo", "e1", actor="ann", cascade=True)
        2
        >>> store.snapshot("demo").edges
        ()
        """
        return self._delete(slug, "node", key, actor=actor, expected=expected, cascade=cascade)

    def delete_edge(self, slug: str, key: str, *, actor: str, expected: int | None = None,
                    cascade: bool = False) -> int:
        """Delete edge `key`; its undercutters too when `cascade`, else ConflictError."""
        return self._delete(slug, "edge", key, actor=actor, expected=expected, cascade=cascade)

    def _delete(self, slug: str, kind: str, key: str, *, actor: str, expected: int | None,
                cascade: bool) -> int:
        ident = item_id(kind, key)

        def mutate(state: State) -> State:
            if ident not in state:
                raise NotFoundError(f"debate '{slug}' has no {kind} '{key}'")
            nodes = {key} if kind == "node" else set()
            edges = {key} if kind == "edge" else set()
            using = _edges_using(state, nodes, edges)
            if using and not cascade:
                names = ", ".join(sorted(using))
                raise ConflictError(
                    f"{kind} '{key}' is used by edge(s) {names}; delete those first or "
                    "ask for a cascade"
                )
            return _remove(state, nodes, edges | using)

        change = self._change(slug, mutate, actor=actor, kind=f"delete_{kind}",
                              summary=f"delete {kind} {key}" + (" (cascade)" if cascade else ""),
                              expected=expected, target=ident)
        return change.revision

    def set_acceptance(self, slug: str, party: str, items: Mapping[str, Stance | str], *,
                       actor: str, expected: int | None = None) -> AcceptancePublic:
        """Replace the whole acceptance of `party` (``unstated`` entries are dropped).

        `expected` is the acceptance's revision (its ETag, see get_acceptance).

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.set_acceptance("demo", "ann", {"c1": "rejected", "e1": "unstated"},
        ...                      actor="ann").items
        {'c1': <Stance.REJECTED: 'rejected'>}
        """
        ident = item_id("acceptance", party)
        bad = [str(s) for s in items.values() if str(s) not in {x.value for x in Stance}]
        if bad:
            raise InvalidInputError(f"unknown stance '{bad[0]}'; use accepted, rejected or "
                                    "unstated")
        stated = {item: str(s) for item, s in sorted(items.items())
                  if str(s) != Stance.UNSTATED.value}

        def mutate(state: State) -> State:
            if item_id("party", party) not in state:
                raise NotFoundError(f"debate '{slug}' has no party '{party}'")
            new = dict(state)
            new.pop(ident, None)
            if stated:
                new[ident] = stated
            return new

        self._change(slug, mutate, actor=actor, kind="set_acceptance",
                     summary=f"set acceptance of {party}", expected=expected,
                     target=ident)
        return self.get_acceptance(slug, party)

    def import_doc(self, doc: DebateDoc, slug: str | None = None, *, actor: str,
                   replace: bool = False, expected: int | None = None) -> DebatePublic:
        """Write a whole debate in one transaction (a bad doc writes nothing).

        With `slug`, the doc is stored under that slug. An existing debate is a
        ConflictError unless `replace`, which makes the doc its new state as one revision.

        >>> from kb.doc import DebateDoc
        >>> from kb.store import Store
        >>> store = Store.memory()
        >>> store.import_doc(DebateDoc(slug="d", title="D"), actor="ann").revision
        1
        >>> store.import_doc(DebateDoc(slug="d", title="D2"), actor="ann", replace=True).title
        'D2'
        """
        if slug is not None:
            from dataclasses import replace as with_slug

            doc = with_slug(doc, slug=slug)
        if replace and self.find_debate(doc.slug) is not None:
            validate_state = doc_to_state(doc)
            self._change(doc.slug, lambda _state: validate_state, actor=actor, kind="import",
                         summary=f"replace {doc.slug} by import", expected=expected)
        else:
            self._create(doc, actor=actor, kind="import", summary=f"import {doc.slug}")
        return self.get_debate(doc.slug)

    def revert(self, slug: str, revision: int, *, actor: str,
               expected: int | None = None) -> DebatePublic:
        """Make the state of `revision` the current state, as a new revision.

        >>> from kb.store.examples import demo_store
        >>> from kb.schemas import NodeUpdate
        >>> store = demo_store()
        >>> store.update_node("demo", "c1", NodeUpdate(text="Changed."), actor="bob").revision
        2
        >>> store.revert("demo", 1, actor="ann").revision
        3
        >>> store.get_node("demo", "c1").text
        'A claim.'
        """
        earlier = self._state_at(slug, revision)
        self._change(slug, lambda _state: earlier, actor=actor, kind="revert",
                     summary=f"revert to revision {revision}", expected=expected)
        return self.get_debate(slug)


def _full(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json")
    return data


def _delete_debate_rows(session: Session, debate: Debate) -> None:
    """Delete a debate's rows children first, so no foreign key is ever dangling."""
    for table in (Acceptance, Edge, Node, Party, Source, Revision, DebateRole):
        session.execute(delete(table).where(col(table.debate_id) == debate.id))
    session.execute(delete(Debate).where(col(Debate.id) == debate.id))
