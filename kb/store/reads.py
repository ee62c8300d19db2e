"""Store methods that read debates, their items, acceptance and history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, true
from sqlmodel import col, select

from kb.auth import Actor
from kb.doc import KEY_RE, DebateDoc, Stance
from kb.errors import InvalidInputError, NotFoundError
from kb.models import Acceptance, Debate, Edge, Node, Party, Revision, Source
from kb.schemas import (
    AcceptancePublic,
    DebatePublic,
    EdgePublic,
    NodePublic,
    PartyPublic,
    RevisionPublic,
    SourcePublic,
)
from kb.store import rows
from kb.store.core import StoreBase
from kb.store.state import state_to_doc

MAX_LIMIT = 500
"""The largest page a list returns, in the store and in the API's ``limit``."""
MAX_OFFSET = 2**31 - 1
"""The largest offset a list takes (what every backend's OFFSET holds alike)."""
_TABLES: dict[str, Any] = {"source": Source, "party": Party, "node": Node, "edge": Edge}
_NAMES = {"source": "source", "party": "party", "node": "node", "edge": "edge"}


def _public(kind: str, state: dict[str, Any], revision: int) -> Any:
    data = {k: v for k, v in state.items() if k != "position"}
    if kind == "node":
        return NodePublic(revision=revision, **data)
    if kind == "edge":
        data["id"] = data.pop("key")
        return EdgePublic(revision=revision, **data)
    if kind == "party":
        return PartyPublic(revision=revision, **data)
    return SourcePublic(revision=revision, **data)


def _debate_public(debate: Debate) -> DebatePublic:
    return DebatePublic.model_validate(debate, from_attributes=True)


def _check_limit(limit: int | None, offset: int) -> int | None:
    """Check a window; None (no limit) stays None: every item from `offset` on."""
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInputError(f"offset must be between 0 and {MAX_OFFSET}, not {offset}")
    if limit is None:
        return None
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit



def _visible_to(actor: Actor | None) -> ColumnElement[bool]:
    """The debates `actor` may read: public ones, plus private ones it edits (admins and
    global editors: all)."""
    if actor is not None and (actor.is_admin or actor.global_editor):
        return true()
    visible: ColumnElement[bool] = col(Debate.public).is_(True)
    if actor is not None and actor.editor_of:
        visible = or_(visible, col(Debate.slug).in_(sorted(actor.editor_of)))
    return visible


class ReadMethods(StoreBase):
    """Reads of debates and their items; every method opens its own read transaction."""

    # Debates: reads --------------------------------------------------------------------

    def list_debates(self, *, actor: Actor | None = None, limit: int | None = None,
                     offset: int = 0) -> list[DebatePublic]:
        """Return the debates `actor` may read, by slug (None: public debates only).

        Without `limit`, every one of them from `offset` on (however many there are);
        `count_debates` gives the total a page of them belongs to.

        >>> from kb.store.examples import demo_store
        >>> [d.slug for d in demo_store().list_debates()]
        ['demo']
        """
        _check_limit(limit, offset)
        with self.reading() as session:
            stmt = select(Debate).where(_visible_to(actor)).order_by(col(Debate.slug))
            stmt = stmt.offset(offset) if limit is None else stmt.offset(offset).limit(limit)
            return [_debate_public(d) for d in session.exec(stmt)]

    def count_debates(self, *, actor: Actor | None = None) -> int:
        """Return how many debates `actor` may read (see list_debates).

        >>> from kb.store.examples import demo_store
        >>> demo_store().count_debates()
        1
        """
        with self.reading() as session:
            return session.exec(
                select(func.count()).select_from(Debate).where(_visible_to(actor))
            ).one()

    def find_debate(self, slug: str) -> DebatePublic | None:
        """Return debate `slug`, or None."""
        if not KEY_RE.match(slug):
            return None
        with self.reading() as session:
            debate = session.exec(select(Debate).where(col(Debate.slug) == slug)).first()
            return None if debate is None else _debate_public(debate)

    def get_debate(self, slug: str) -> DebatePublic:
        """Return debate `slug`; NotFoundError if there is none."""
        with self.reading() as session:
            return _debate_public(self._debate_row(session, slug))

    def snapshot(self, slug: str, revision: int | None = None) -> DebateDoc:
        """Return the whole debate as a DebateDoc, now or as it was at `revision`.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> store.delete_edge("demo", "s1", actor="ann")
        2
        >>> len(store.snapshot("demo").edges), len(store.snapshot("demo", revision=1).edges)
        (0, 1)
        """
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            # The debate's identity and a revision fix its content: cache by them.
            key = (slug, debate.id, debate.created_at, revision or debate.revision)
            cached = self._cached_snapshot(key)
            if cached is not None:
                return cached
            if revision is None:
                state, _ = rows.load(session, debate)
        if revision is not None:
            state = self._state_at(slug, revision)
        doc = state_to_doc(slug, state)
        self._remember_snapshot(key, doc)
        return doc

    # Items: reads ----------------------------------------------------------------------

    def _list(self, kind: str, slug: str, limit: int | None, offset: int) -> list[Any]:
        limit = _check_limit(limit, offset)
        table = _TABLES[kind]
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            found = session.exec(
                select(table).where(table.debate_id == debate.id)
                .order_by(table.position, table.key).offset(offset).limit(limit)
            )
            return [_public(kind, rows.row_state(kind, r), r.revision) for r in found]

    def _find(self, kind: str, slug: str, key: str) -> Any:
        table = _TABLES[kind]
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            if not KEY_RE.match(key):
                return None
            row = session.exec(
                select(table).where(table.debate_id == debate.id, table.key == key)
            ).first()
            return None if row is None else _public(kind, rows.row_state(kind, row), row.revision)

    def _get(self, kind: str, slug: str, key: str) -> Any:
        found = self._find(kind, slug, key)
        if found is None:
            raise NotFoundError(f"debate '{slug}' has no {_NAMES[kind]} '{key}'")
        return found

    def list_nodes(self, slug: str, *, limit: int | None = None,
                   offset: int = 0) -> list[NodePublic]:
        """Return the nodes of debate `slug` in order (`limit`: at most MAX_LIMIT)."""
        found: list[NodePublic] = self._list("node", slug, limit, offset)
        return found

    def list_edges(self, slug: str, *, limit: int | None = None,
                   offset: int = 0) -> list[EdgePublic]:
        """Return the edges of debate `slug` in order."""
        found: list[EdgePublic] = self._list("edge", slug, limit, offset)
        return found

    def list_parties(self, slug: str, *, limit: int | None = None,
                     offset: int = 0) -> list[PartyPublic]:
        """Return the parties of debate `slug` in order."""
        found: list[PartyPublic] = self._list("party", slug, limit, offset)
        return found

    def list_sources(self, slug: str, *, limit: int | None = None,
                     offset: int = 0) -> list[SourcePublic]:
        """Return the sources of debate `slug` in order."""
        found: list[SourcePublic] = self._list("source", slug, limit, offset)
        return found

    def count(self, slug: str, kind: str) -> int:
        """Return how many items of `kind` (node, edge, party, source) debate `slug` has."""
        table = _TABLES[kind]
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            return session.exec(
                select(func.count()).select_from(table).where(table.debate_id == debate.id)
            ).one()

    def find_node(self, slug: str, key: str) -> NodePublic | None:
        """Return node `key` of debate `slug`, or None."""
        found: NodePublic | None = self._find("node", slug, key)
        return found

    def get_node(self, slug: str, key: str) -> NodePublic:
        """Return node `key` of debate `slug`; NotFoundError if absent.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_node("demo", "c1").text
        'A claim.'
        """
        found: NodePublic = self._get("node", slug, key)
        return found

    def find_edge(self, slug: str, key: str) -> EdgePublic | None:
        """Return edge `key` of debate `slug`, or None."""
        found: EdgePublic | None = self._find("edge", slug, key)
        return found

    def get_edge(self, slug: str, key: str) -> EdgePublic:
        """Return edge `key` of debate `slug`; NotFoundError if absent."""
        found: EdgePublic = self._get("edge", slug, key)
        return found

    def find_party(self, slug: str, key: str) -> PartyPublic | None:
        """Return party `key` of debate `slug`, or None."""
        found: PartyPublic | None = self._find("party", slug, key)
        return found

    def get_party(self, slug: str, key: str) -> PartyPublic:
        """Return party `key` of debate `slug`; NotFoundError if absent."""
        found: PartyPublic = self._get("party", slug, key)
        return found

    def find_source(self, slug: str, key: str) -> SourcePublic | None:
        """Return source `key` of debate `slug`, or None."""
        found: SourcePublic | None = self._find("source", slug, key)
        return found

    def get_source(self, slug: str, key: str) -> SourcePublic:
        """Return source `key` of debate `slug`; NotFoundError if absent."""
        found: SourcePublic = self._get("source", slug, key)
        return found

    def get_acceptance(self, slug: str, party: str) -> AcceptancePublic:
        """Return the acceptance of `party` (stated items only); ETag = its revision.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_acceptance("demo", "ann").items
        {'e1': <Stance.ACCEPTED: 'accepted'>}
        """
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            row = session.exec(select(Party).where(
                col(Party.debate_id) == debate.id, col(Party.key) == party)).first()
            if row is None:
                raise NotFoundError(f"debate '{slug}' has no party '{party}'")
            items = session.exec(select(Acceptance).where(
                col(Acceptance.debate_id) == debate.id, col(Acceptance.party) == party)
                .order_by(col(Acceptance.item)))
            return AcceptancePublic(party=party, items={a.item: Stance(a.stance) for a in items},
                                    revision=row.acceptance_revision)

    # History ---------------------------------------------------------------------------

    def list_revisions(self, slug: str, *, limit: int | None = None,
                       offset: int = 0) -> list[RevisionPublic]:
        """Return the revisions of debate `slug`, newest first.

        >>> from kb.store.examples import demo_store
        >>> [(r.number, r.kind, r.author) for r in demo_store().list_revisions("demo")]
        [(1, 'import', 'ann')]
        """
        limit = _check_limit(limit, offset)
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            found = session.exec(
                select(Revision).where(col(Revision.debate_id) == debate.id)
                .order_by(col(Revision.number).desc()).offset(offset).limit(limit)
            )
            return [RevisionPublic.model_validate(r, from_attributes=True) for r in found]

    def get_revision(self, slug: str, number: int) -> RevisionPublic:
        """Return revision `number` of debate `slug`; NotFoundError if absent.

        >>> from kb.store.examples import demo_store
        >>> demo_store().get_revision("demo", 2**70)
        Traceback (most recent call last):
        ...
        kb.errors.NotFoundError: debate 'demo' has no revision 1180591620717411303424
        """
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            if not 1 <= number <= debate.revision:  # nor a number no column could hold
                raise NotFoundError(f"debate '{slug}' has no revision {number}")
            found = session.exec(select(Revision).where(
                col(Revision.debate_id) == debate.id, col(Revision.number) == number)).first()
            if found is None:
                raise NotFoundError(f"debate '{slug}' has no revision {number}")
            return RevisionPublic.model_validate(found, from_attributes=True)
