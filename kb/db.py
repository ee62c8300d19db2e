"""Engines and migrations.

SQLite runs in WAL mode with foreign keys on, a busy timeout, and write transactions that
take the database lock when they begin (``BEGIN IMMEDIATE``), so two writers never both read
a revision and then both write: the second waits for the first. Reads begin a deferred
transaction and never block writers. PostgreSQL goes through psycopg 3.

Examples
--------
>>> engine = make_engine("sqlite://")
>>> with engine.connect() as conn:
...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool, StaticPool

from kb.errors import ArgmapError, InvalidInputError

BUSY_TIMEOUT_MS = 15_000
READ_ONLY = "argmap_read_only"
"""Execution option: a transaction that only reads begins deferred on SQLite."""
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def normalize_url(url: str) -> str:
    """Return `url` with the psycopg 3 driver named for PostgreSQL.

    Examples
    --------
    >>> normalize_url("postgresql://postgres@127.0.0.1/argmap")
    'postgresql+psycopg://postgres@127.0.0.1/argmap'
    >>> normalize_url("sqlite:///argmap.db")
    'sqlite:///argmap.db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_sqlite(url: str) -> bool:
    """Say whether `url` names a SQLite database.

    >>> is_sqlite("sqlite:///x.db"), is_sqlite("postgresql+psycopg://h/db")
    (True, False)
    """
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Return an engine for `url` (SQLite file or memory, or PostgreSQL).

    Parameters
    ----------
    url : str
        ``sqlite:///path.db``, ``sqlite://`` (memory, one shared connection) or
        ``postgresql+psycopg://user@host:port/db`` (``postgresql://`` works too).
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.

    Raises
    ------
    InvalidInputError
        If the URL names neither SQLite nor PostgreSQL.

    Examples
    --------
    >>> make_engine("sqlite://").dialect.name
    'sqlite'
    """
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise InvalidInputError(f"bad database URL '{url}': {exc}") from exc
    kwargs.setdefault("json_deserializer", read_json)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, **{**postgres_settings(), **kwargs})
    raise InvalidInputError(
        f"unsupported database URL '{url}'; use sqlite:///FILE or postgresql+psycopg://..."
    )


def read_json(text: str) -> Any:
    """A JSON column's value: most are empty lists, read without the parser (a debate of
    100,000 nodes holds about 900,000 of them).

    >>> read_json("[]"), read_json('[{"source": "s"}]')
    ([], [{'source': 's'}])
    """
    return [] if text == "[]" else json.loads(text)


def postgres_settings() -> dict[str, Any]:
    """Pool and timeout settings of a PostgreSQL engine, from the environment.

    ``ARGMAP_DB_POOL_SIZE`` (default 5) connections kept per process, and
    ``ARGMAP_DB_MAX_OVERFLOW`` (default 10) more under load; a request waits at most
    ``ARGMAP_DB_POOL_TIMEOUT`` seconds (default 30) for one; every statement is cancelled
    by the server after ``ARGMAP_DB_STATEMENT_TIMEOUT_MS`` (default 60000; 0: no limit).

    >>> postgres_settings()["pool_size"] >= 1
    True
    """
    env = os.environ.get
    timeout = int(env("ARGMAP_DB_STATEMENT_TIMEOUT_MS", "60000"))
    return {
        "pool_pre_ping": True,
        "pool_size": int(env("ARGMAP_DB_POOL_SIZE", "5")),
        "max_overflow": int(env("ARGMAP_DB_MAX_OVERFLOW", "10")),
        "pool_timeout": float(env("ARGMAP_DB_POOL_TIMEOUT", "30")),
        "connect_args": {"options": f"-c statement_timeout={timeout}"},
    }


def _sqlite_engine(url: str, database: str | None, **kwargs: Any) -> Engine:
    in_memory = not database or database == ":memory:"
    if in_memory:
        kwargs.setdefault("poolclass", StaticPool)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite's own transaction handling would defer BEGIN; we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write takes the lock at its start, so its reads are the state it writes over.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(url: str) -> Any:
    """Return the Alembic configuration for `url` (built in code; no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Run the Alembic migrations of `url` up to `revision` (default: the newest).

    Raises
    ------
    ArgmapError
        If the database cannot be opened (no such server, no such folder).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "doc.db")
    >>> upgrade(f"sqlite:///{path}")
    >>> current_revision(f"sqlite:///{path}") is not None
    True
    """
    from alembic import command

    try:
        with _migration_lock(url):
            command.upgrade(alembic_config(url), revision)
            if revision == "head":
                _heal_search_index(url)
    except OperationalError as exc:
        raise ArgmapError(
            f"cannot open the database {_safe(url)}: {_first_line(exc.orig)}; "
            "check --db or ARGMAP_DB"
        ) from exc


def _heal_search_index(url: str) -> None:
    """Re-make the full-text index if a migration dropped part of it (see kb.store.fts)."""
    from kb.store.fts import install

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            install(conn)
    finally:
        engine.dispose()


MIGRATION_LOCK = 0x6172676D6170
"""The PostgreSQL advisory lock key ("argmap") held while migrating."""


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock, so that hosts starting together migrate in turn:
    the first runs the migrations, the others then find the schema at head."""
    if is_sqlite(url):
        yield
        return
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
    finally:
        engine.dispose()


@cache
def head_revision() -> str | None:
    """Return the newest Alembic revision this code knows (what ``upgrade`` reaches).

    >>> head_revision() is not None
    True
    """
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else (
        type(error).__name__)


def current_revision(url: str) -> str | None:
    """Return the Alembic revision the database of `url` is at (None before any)."""
    engine = make_engine(url)
    try:
        return schema_revision(engine)
    finally:
        engine.dispose()


def schema_revision(engine: Engine) -> str | None:
    """Return the Alembic revision of the database behind `engine` (None before any)."""
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
