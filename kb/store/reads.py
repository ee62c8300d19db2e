"""Reads of debates, their items, acceptance and history; each in one read transaction.

The :class:`~kb.store.Store` documents these as its methods; here they take the
:class:`~kb.store.database.Database` they read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, func, or_, true
from sqlmodel import col, select

from kb.auth import Actor
from kb.cache import Caches, DebateKey
from kb.doc import KEY_RE, DebateDoc, Stance
from kb.errors import InvalidInputError, NotFoundError
from kb.models import Acceptance, Debate, Party, Revision, row_id
from kb.schemas import AcceptancePublic, DebatePublic, RevisionPublic
from kb.store import rows
from kb.store.changes import state_at
from kb.store.database import Database
from kb.store.state import state_to_doc

MAX_LIMIT = 500
"""The largest page a list returns, in the store and in the API's ``limit``."""
MAX_OFFSET = 2**31 - 1
"""The largest offset a list takes (what every backend's OFFSET holds alike)."""


def debate_public(debate: Debate) -> DebatePublic:
    """Return the API shape of a Debate row."""
    return DebatePublic.model_validate(debate, from_attributes=True)


def debate_key(debate: Debate, revision: int | None = None) -> DebateKey:
    """Return the cache key of `debate` at `revision` (default: its current one)."""
    return DebateKey(id=row_id(debate), born=debate.created_at,
                     revision=debate.revision if revision is None else revision)


def check_limit(limit: int | None, offset: int) -> int | None:
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


def list_debates(database: Database, actor: Actor | None, limit: int | None,
                 offset: int) -> list[DebatePublic]:
    check_limit(limit, offset)
    with database.reading() as session:
        stmt = select(Debate).where(_visible_to(actor)).order_by(col(Debate.slug))
        stmt = stmt.offset(offset) if limit is None else stmt.offset(offset).limit(limit)
        return [debate_public(d) for d in session.exec(stmt)]


def count_debates(database: Database, actor: Actor | None) -> int:
    with database.reading() as session:
        return session.exec(
            select(func.count()).select_from(Debate).where(_visible_to(actor))
        ).one()


def find_debate(database: Database, slug: str) -> DebatePublic | None:
    if not KEY_RE.match(slug):
        return None
    with database.reading() as session:
        debate = session.exec(select(Debate).where(col(Debate.slug) == slug)).first()
        return None if debate is None else debate_public(debate)


def get_debate(database: Database, slug: str) -> DebatePublic:
    with database.reading() as session:
        return debate_public(database.debate_row(session, slug))


def read_doc(database: Database, caches: Caches, slug: str, revision: int | None,
             check: Callable[[DebatePublic], None] | None,
             ) -> tuple[DebatePublic, DebateKey, DebateDoc]:
    """Read debate `slug` and its document (now or at `revision`) in one transaction."""
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        public = debate_public(debate)
        if check is not None:
            check(public)
        key = debate_key(debate, revision)

        def build() -> DebateDoc:
            if revision is None:
                state, _ = rows.load(session, debate)
            else:
                state = state_at(session, debate, revision)
            return state_to_doc(slug, state)

        return public, key, caches.docs.get(key, build)


def list_items(database: Database, kind: str, slug: str, limit: int | None,
               offset: int) -> list[Any]:
    limit = check_limit(limit, offset)
    table = rows.TABLES[kind]
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        found = session.exec(
            select(table).where(table.debate_id == debate.id)
            .order_by(table.position, table.key).offset(offset).limit(limit)
        )
        return [rows.public(kind, rows.row_state(kind, r), r.revision) for r in found]


def find_item(database: Database, kind: str, slug: str, key: str) -> Any:
    table = rows.TABLES[kind]
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        if not KEY_RE.match(key):
            return None
        row = session.exec(
            select(table).where(table.debate_id == debate.id, table.key == key)
        ).first()
        return None if row is None else rows.public(kind, rows.row_state(kind, row),
                                                    row.revision)


def get_item(database: Database, kind: str, slug: str, key: str) -> Any:
    found = find_item(database, kind, slug, key)
    if found is None:
        raise NotFoundError(f"debate '{slug}' has no {kind} '{key}'")
    return found


def count_items(database: Database, slug: str, kind: str) -> int:
    table = rows.TABLES[kind]
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        return session.exec(
            select(func.count()).select_from(table).where(table.debate_id == debate.id)
        ).one()


def public_sizes(database: Database) -> list[tuple[str, int]]:
    """(slug, nodes) of every public debate, the largest first."""
    nodes = rows.TABLES["node"]
    with database.reading() as session:
        found = session.exec(
            select(Debate.slug, func.count(nodes.id))
            .join(nodes, nodes.debate_id == Debate.id)
            .where(col(Debate.public))
            .group_by(Debate.slug)
        ).all()
    return sorted(((str(slug), int(count)) for slug, count in found), key=lambda x: -x[1])


def get_acceptance(database: Database, slug: str, party: str) -> AcceptancePublic:
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        row = session.exec(select(Party).where(
            col(Party.debate_id) == debate.id, col(Party.key) == party)).first()
        if row is None:
            raise NotFoundError(f"debate '{slug}' has no party '{party}'")
        items = session.execute(select(col(Acceptance.item), col(Acceptance.stance)).where(
            col(Acceptance.debate_id) == debate.id, col(Acceptance.party) == party)
            .order_by(col(Acceptance.item)))
        stances = {s.value: s for s in Stance}
        return AcceptancePublic.model_construct(
            party=party, items={item: stances[stance] for item, stance in items},
            revision=row.acceptance_revision)


def list_revisions(database: Database, slug: str, limit: int | None,
                   offset: int) -> list[RevisionPublic]:
    limit = check_limit(limit, offset)
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        found = session.exec(
            select(Revision).where(col(Revision.debate_id) == debate.id)
            .order_by(col(Revision.number).desc()).offset(offset).limit(limit)
        )
        return [RevisionPublic.model_validate(r, from_attributes=True) for r in found]


def get_revision(database: Database, slug: str, number: int) -> RevisionPublic:
    with database.reading() as session:
        debate = database.debate_row(session, slug)
        if not 1 <= number <= debate.revision:  # nor a number no column could hold
            raise NotFoundError(f"debate '{slug}' has no revision {number}")
        found = session.exec(select(Revision).where(
            col(Revision.debate_id) == debate.id, col(Revision.number) == number)).first()
        if found is None:
            raise NotFoundError(f"debate '{slug}' has no revision {number}")
        return RevisionPublic.model_validate(found, from_attributes=True)
