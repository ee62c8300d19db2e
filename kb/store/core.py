"""What every group of Store methods stands on: the database, the caches, the write path.

:class:`StoreBase` gives the feature classes that make up :class:`~kb.store.Store`
(accounts, batches, history, sessions, links, search) their shared collaborators: the
:class:`~kb.store.database.Database` and the :class:`~kb.cache.Caches`, read and write
transactions, and ``_change``, a change of a debate's whole state through the one write
path of :mod:`kb.store.changes`.

Examples
--------
>>> from kb.store import Store
>>> Store.memory().database.engine.dialect.name
'sqlite'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from kb.cache import Caches, DebateKey
from kb.models import Debate
from kb.store.changes import Change, Mutation, change, whole
from kb.store.database import Database
from kb.store.state import advance_doc, split_id

T = TypeVar("T")


class StoreBase:
    """The database and caches of a store, and its sessions and write path."""

    def __init__(self, engine: Engine, *, caches: Caches | None = None) -> None:
        self.engine = engine
        self.database = Database(engine)
        self.caches = caches if caches is not None else Caches()
        """Results computed from debates, keyed by debate identity and revision."""
        self.database.committed.append(self._advance_doc)

    def _advance_doc(self, done: Change) -> None:
        """Keep the next revision's document warm: derive it from the cached one."""
        if done.born is None:
            return
        key = DebateKey(id=done.debate_id, born=done.born, revision=done.revision - 1)
        following = DebateKey(id=done.debate_id, born=done.born, revision=done.revision)
        self.caches.steps.put(following, (key, done.before, done.after))
        doc = self.caches.docs.peek(key)
        moved = any(done.before.get(i) and done.after.get(i)
                    and done.before[i].get("position") != done.after[i].get("position")
                    for i in done.after if isinstance(done.after[i], dict))
        # an added item may come back at an old position (revert, undo), which the
        # document (items in order, without positions) cannot place: read it afresh
        draft = done.draft
        restored = any(done.before.get(i) is None and isinstance(done.after[i], dict)
                       and (draft is None or not draft.appends(split_id(i)[0]))
                       for i in done.after)
        if doc is not None and not moved and not restored:
            # a cached document that lacks an item the change names is not advanced: the
            # next read builds the document from the rows
            with suppress(KeyError):
                self.caches.docs.put(following, advance_doc(doc, done.before, done.after))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (deferred transaction; rolled back at the end)."""
        with self.database.reading() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: commits at the end, rolls back on any exception."""
        with self.database.writing() as session:
            yield session

    def _retrying(self, work: Callable[[], T]) -> T:
        return self.database.retrying(work)

    @staticmethod
    def _debate_row(session: Session, slug: str) -> Debate:
        return Database.debate_row(session, slug)

    def _change(self, slug: str, mutate: Mutation, *, actor: str, kind: str,
                summary: str | Callable[[], str], expected: int | None = None,
                target: str = "debate") -> Change:
        """Change the whole state of debate `slug` with `mutate` (see changes.change)."""
        return change(self.database, slug, whole(mutate), actor=actor, kind=kind,
                      summary=summary, expected=expected, target=target)
