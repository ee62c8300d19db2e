"""Sessions on one database: read transactions, write transactions, retries.

:class:`Database` is the one collaborator every part of the store shares. Reads run in a
deferred, read-only transaction (one consistent snapshot on PostgreSQL); writes run in one
transaction that commits at the end and rolls back on any exception; a write that loses a
serialization race on PostgreSQL is retried a few times.

Examples
--------
>>> from kb.db import make_engine
>>> database = Database(make_engine("sqlite://"))
>>> database.engine.dialect.name
'sqlite'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, col, select

from kb.db import READ_ONLY
from kb.doc import KEY_RE
from kb.errors import ConflictError, DebateNotFoundError, NotFoundError
from kb.models import Debate

RETRIES = 5
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock (PostgreSQL)
T = TypeVar("T")


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def no_debate(slug: str) -> NotFoundError:
    """The error for a slug that names no debate."""
    return DebateNotFoundError(slug)


class Database:
    """Read and write transactions on `engine` (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # A read spans several statements; one snapshot keeps them consistent.
            options["isolation_level"] = "REPEATABLE READ"
        self.read_engine = engine.execution_options(**options)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (deferred transaction; rolled back at the end)."""
        with Session(self.read_engine) as session:
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

    def retrying(self, work: Callable[[], T]) -> T:
        """Run `work`, again when PostgreSQL aborted it as a serialization failure."""
        for attempt in range(RETRIES):
            try:
                return work()
            except (OperationalError, DBAPIError) as exc:
                if _sqlstate(exc) not in RETRY_SQLSTATES or attempt == RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    @staticmethod
    def debate_row(session: Session, slug: str) -> Debate:
        """Return the row of debate `slug`; NotFoundError if there is none."""
        # A slug outside the key pattern names no debate (nor reaches the database: a NUL
        # character would be an error there).
        debate = (session.exec(select(Debate).where(col(Debate.slug) == slug)).first()
                  if KEY_RE.match(slug) else None)
        if debate is None:
            raise no_debate(slug)
        return debate
