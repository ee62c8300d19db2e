"""The full-text index of nodes, in each database's own engine.

SQLite: an FTS5 table ``node_fts`` over ``node`` (external content: the text lives once, in
``node``), tokenized with ``porter unicode61`` and kept current by three triggers on
``node``, so every writer (the Store, a migration, a revert) keeps it current.
PostgreSQL: a stored generated column ``node.search`` (a ``tsvector`` of the text, weight
A, the tags, B, and the key, C, in the ``english`` configuration) with a GIN index.

Neither is declared in :mod:`kb.models` (SQLModel knows no FTS5 table nor a column of one
backend only): migration ``0006`` calls :func:`install`, :func:`kb.db.upgrade` calls it
again after every upgrade (so a later migration that rebuilds ``node`` on SQLite, dropping
its triggers, is healed), and ``metadata.create_all`` calls it through an event.
:func:`include_name` hides these objects from the comparison of models and migrations.

Examples
--------
>>> from sqlalchemy import create_engine, text
>>> engine = create_engine("sqlite://")
>>> with engine.begin() as conn:
...     _ = conn.execute(text("CREATE TABLE node (id INTEGER PRIMARY KEY, text TEXT, "
...                           "key TEXT, tags TEXT)"))
...     install(conn)
...     _ = conn.execute(text("INSERT INTO node VALUES (1, 'Russia turns east', 'c1', '[]')"))
...     conn.execute(text("SELECT rowid FROM node_fts WHERE node_fts MATCH 'turning'")).all()
[(1,)]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, text
from sqlmodel import SQLModel

import kb.models  # noqa: F401  (the tables whose creation installs the index)

FTS_TABLE = "node_fts"
PG_COLUMN = "search"
PG_INDEX = "ix_node_search"
PG_CONFIG = "english"
_ADD = "INSERT INTO node_fts(rowid, text, tags, key) VALUES (new.id, new.text, new.tags, new.key);"
_DROP = ("INSERT INTO node_fts(node_fts, rowid, text, tags, key) "
         "VALUES ('delete', old.id, old.text, old.tags, old.key);")
_SQLITE_TRIGGERS = {
    "node_fts_insert": f"AFTER INSERT ON node BEGIN {_ADD} END",
    "node_fts_delete": f"AFTER DELETE ON node BEGIN {_DROP} END",
    "node_fts_update": f"AFTER UPDATE OF text, tags, key ON node BEGIN {_DROP} {_ADD} END",
}
_PG_EXPRESSION = (
    f"setweight(to_tsvector('{PG_CONFIG}', text), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}', CAST(tags AS text)), 'B') || "
    f"setweight(to_tsvector('{PG_CONFIG}', key), 'C')"
)


def install(conn: Connection) -> None:
    """Create the full-text index of `conn`'s database if any part is missing (idempotent).

    On SQLite, when the table or a trigger had to be made, the index is rebuilt from
    ``node``, so it holds every node whatever happened before.
    """
    if conn.dialect.name == "sqlite":
        _install_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        have = conn.execute(text(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'node' AND indexname = :name"),
            {"name": PG_INDEX}).scalar()
        if have:  # checked first: ALTER TABLE would lock the table even when it does nothing
            return
        conn.execute(text(
            f"ALTER TABLE node ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_PG_EXPRESSION}) STORED"))
        conn.execute(text(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON node USING GIN ({PG_COLUMN})"))


def _install_sqlite(conn: Connection) -> None:
    have = {name for (name,) in conn.execute(text(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))}
    missing = FTS_TABLE not in have or any(t not in have for t in _SQLITE_TRIGGERS)
    if not missing:
        return
    conn.execute(text(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "text, tags, key, content='node', content_rowid='id', tokenize='porter unicode61')"))
    for name, body in _SQLITE_TRIGGERS.items():
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def uninstall(conn: Connection) -> None:
    """Drop the full-text index (the downgrade of migration 0006)."""
    if conn.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP INDEX IF EXISTS {PG_INDEX}"))
        conn.execute(text(f"ALTER TABLE node DROP COLUMN IF EXISTS {PG_COLUMN}"))


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name``: leave the full-text objects out of comparisons.

    >>> include_name("node_fts_data", "table", {}), include_name("node", "table", {})
    (False, True)
    >>> include_name("search", "column", {"table_name": "node"})
    False
    """
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_COLUMN and parent_names.get("table_name") == "node":
        return False
    return not (type_ == "index" and name == PG_INDEX)


@event.listens_for(SQLModel.metadata, "after_create")
def _after_create(_target: Any, connection: Connection, **_kw: Any) -> None:
    if "node" in SQLModel.metadata.tables:
        install(connection)
