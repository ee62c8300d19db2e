"""The Store's transaction machinery: sessions, the one write path, and reads of state.

Examples
--------
>>> from kb.store import Store
>>> Store.memory().engine.dialect.name
'sqlite'
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, col, select

from kb.db import READ_ONLY, make_engine
from kb.doc import KEY_RE, DebateDoc
from kb.errors import (
    ConflictError,
    DebateNotFoundError,
    InvalidInputError,
    NotFoundError,
    StaleError,
)
from kb.models import Debate, DebateRole, Revision, row_id, utcnow
from kb.store import rows
from kb.store.notes import noted_message
from kb.store.state import State, apply_changes, diff, doc_to_state, state_to_doc
from kb.validation import validate_doc

RETRIES = 5
SNAPSHOT_CACHE = 32
"""Snapshots kept per Store, keyed by debate and revision (a revision never changes)."""
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock (PostgreSQL)

Mutation = Callable[[State], State]


@dataclass(frozen=True)
class Change:
    """What one write did: the debate's revision after it and the resulting state."""

    slug: str
    revision: int
    state: State
    revisions: dict[str, int]
    changed: bool


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _subject(slug: str, target: str) -> str:
    """Name an item of a debate for messages: ``node c1 of debate 'demo'``."""
    kind, _, key = target.partition(":")
    if kind == "debate":
        return f"debate '{slug}'"
    if kind == "acceptance":
        return f"the acceptance of party {key} in debate '{slug}'"
    return f"{kind} {key} of debate '{slug}'"


class StoreBase:
    """Sessions and the single write path shared by every Store method."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # A read spans several statements; one snapshot keeps them consistent.
            options["isolation_level"] = "REPEATABLE READ"
        self._read_engine = engine.execution_options(**options)
        self._snapshots: OrderedDict[tuple[Any, ...], DebateDoc] = OrderedDict()
        self._snapshots_lock = threading.Lock()

    def _cached_snapshot(self, key: tuple[Any, ...]) -> DebateDoc | None:
        with self._snapshots_lock:
            doc = self._snapshots.get(key)
            if doc is not None:
                self._snapshots.move_to_end(key)
            return doc

    def _remember_snapshot(self, key: tuple[Any, ...], doc: DebateDoc) -> None:
        with self._snapshots_lock:
            self._snapshots[key] = doc
            while len(self._snapshots) > SNAPSHOT_CACHE:
                self._snapshots.popitem(last=False)

    @classmethod
    def memory(cls) -> Self:
        """Return a store on a fresh in-memory SQLite database (examples, quick tests).

        >>> from kb.store import Store
        >>> Store.memory().list_debates()
        []
        """
        engine = make_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
        return cls(engine)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (deferred transaction; rolled back at the end)."""
        with Session(self._read_engine) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: commits at the end, rolls back on any exception.

        Unique violations become ConflictError.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except IntegrityError as exc:
                session.rollback()
                raise ConflictError(f"the change clashes with stored data: {exc.orig}") from exc
            except BaseException:
                session.rollback()
                raise

    def _retrying(self, work: Callable[[], Any]) -> Any:
        for attempt in range(RETRIES):
            try:
                return work()
            except (OperationalError, DBAPIError) as exc:
                if _sqlstate(exc) not in RETRY_SQLSTATES or attempt == RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    # Reads of one debate ---------------------------------------------------------------

    def _debate_row(self, session: Session, slug: str) -> Debate:
        # A slug outside the key pattern names no debate (nor reaches the database: a NUL
        # character would be an error there).
        debate = (session.exec(select(Debate).where(col(Debate.slug) == slug)).first()
                  if KEY_RE.match(slug) else None)
        if debate is None:
            raise DebateNotFoundError(slug)
        return debate

    def _state(self, slug: str) -> tuple[Debate, State, dict[str, int]]:
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            state, revisions = rows.load(session, debate)
            session.expunge(debate)
            return debate, state, revisions

    # The write path --------------------------------------------------------------------

    def _change(self, slug: str, mutate: Mutation, *, actor: str, kind: str,
                summary: str | Callable[[], str],
                expected: int | None = None, target: str = "debate") -> Change:
        """Apply `mutate` to the state of debate `slug` in one transaction.

        The debate row is locked first (its revision bumped), so every change of one
        debate is serialized, across workers and hosts. `expected`, when given, must equal
        the current revision of item `target` (``debate``, ``node:KEY``...), else
        StaleError. The new state is validated before anything is written; a change that
        changes nothing records no revision. `summary` may be a callable, called after
        `mutate` (for what only `mutate` decides, like an automatic edge key).
        """

        if not KEY_RE.match(slug):
            raise DebateNotFoundError(slug)

        def work() -> Change:
            with self.writing() as session:
                bumped = session.execute(
                    update(Debate).where(col(Debate.slug) == slug)
                    .values(revision=Debate.revision + 1, updated_at=utcnow())
                )
                if bumped.rowcount == 0:  # type: ignore[attr-defined]
                    raise DebateNotFoundError(slug)
                debate = self._debate_row(session, slug)
                new_revision = debate.revision
                state, revisions = rows.load(session, debate)
                revisions["debate"] = new_revision - 1
                if expected is not None:
                    current = revisions.get(target)
                    if current is None:
                        what, _, key = target.partition(":")
                        what = "party" if what == "acceptance" else what
                        raise NotFoundError(f"debate '{slug}' has no {what} '{key}'")
                    if current != expected:
                        raise StaleError(
                            f"{_subject(slug, target)} is at revision "
                            f"{current}, not {expected}; reload it and apply your change again"
                        )
                new_state = mutate(state)
                validate_doc(state_to_doc(slug, new_state))
                before, after = diff(state, new_state)
                if not before:
                    session.rollback()
                    return Change(slug, new_revision - 1, state, revisions, changed=False)
                rows.write(session, debate, before, after, new_revision)
                text = summary if isinstance(summary, str) else summary()
                session.add(Revision(debate_id=row_id(debate), number=new_revision, author=actor,
                                     kind=kind, summary=text, before=before, after=after,
                                     message=noted_message()))
                for ident, value in after.items():
                    if value is not None:
                        revisions[ident] = new_revision
                revisions["debate"] = new_revision
                return Change(slug, new_revision, new_state, revisions, changed=True)

        result: Change = self._retrying(work)
        return result

    def _create(self, doc: DebateDoc, *, actor: str, kind: str, summary: str,
                grant_user_id: int | None = None) -> Change:
        """Create debate `doc.slug` with its whole content as revision 1."""
        validate_doc(doc)
        state = doc_to_state(doc)

        def work() -> Change:
            with self.writing() as session:
                exists = session.exec(
                    select(func.count()).select_from(Debate).where(col(Debate.slug) == doc.slug)
                ).one()
                if exists:
                    raise ConflictError(
                        f"debate '{doc.slug}' already exists; choose another slug or replace it"
                    )
                debate = Debate(slug=doc.slug, revision=1, **state["debate"])
                session.add(debate)
                session.flush()
                before = {ident: None for ident in state}
                rows.write(session, debate, before, dict(state), 1)
                session.add(Revision(debate_id=row_id(debate), number=1, author=actor, kind=kind,
                                     summary=summary, before=before, after=state,
                                     message=noted_message()))
                if grant_user_id is not None:
                    session.add(DebateRole(debate_id=row_id(debate), user_id=grant_user_id))
                revisions = {ident: 1 for ident in state}
                return Change(doc.slug, 1, state, revisions, changed=True)

        result: Change = self._retrying(work)
        return result

    def _state_at(self, slug: str, revision: int) -> State:
        """Rebuild the state of debate `slug` at `revision` from the Revision records."""
        with self.reading() as session:
            debate = self._debate_row(session, slug)
            if not 1 <= revision <= debate.revision:
                raise InvalidInputError(
                    f"debate '{slug}' has revisions 1 to {debate.revision}, not {revision}"
                )
            state, _ = rows.load(session, debate)
            later = session.exec(
                select(Revision).where(col(Revision.debate_id) == debate.id,
                                       col(Revision.number) > revision)
                .order_by(col(Revision.number).desc())
            )
            for record in later:
                state = apply_changes(state, record.before)
            if "debate" not in state:
                raise NotFoundError(f"debate '{slug}' did not exist at revision {revision}")
            return state
