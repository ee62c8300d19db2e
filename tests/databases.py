"""PostgreSQL databases for tests: reachability, and creating and dropping databases.

The server is ``ARGMAP_TEST_PG`` (default ``postgres@127.0.0.1:5432``, trust auth); each
test process makes its own databases (``argmap_test_<random>``) and drops them.
"""

from __future__ import annotations

import os
import uuid

from kb.db import upgrade

PG_ADMIN_URL = os.environ.get(
    "ARGMAP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_pg_state: dict[str, object] = {}


def postgres_reachable() -> bool:
    """Say whether the test PostgreSQL answers (checked once per process)."""
    if "reachable" not in _pg_state:
        try:
            import psycopg

            with psycopg.connect(plain(PG_ADMIN_URL), connect_timeout=3):
                _pg_state["reachable"] = True
        except Exception:
            _pg_state["reachable"] = False
    return bool(_pg_state["reachable"])


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(plain(PG_ADMIN_URL), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def create_pg_database(*, migrate: bool = True) -> str:
    """Create a fresh PostgreSQL database ``argmap_test_<random>`` and return its URL."""
    name = f"argmap_test_{uuid.uuid4().hex[:12]}"
    if migrate:
        template = _pg_template()
        pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        pg_execute(f'CREATE DATABASE "{name}"')
    return pg_url(name)


def drop_pg_database(url: str) -> None:
    """Drop a database made by :func:`create_pg_database` (closing its connections)."""
    name = url.rsplit("/", 1)[1]
    pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_template() -> str:
    if "template" not in _pg_state:
        name = f"argmap_tpl_{uuid.uuid4().hex[:12]}"
        pg_execute(f'CREATE DATABASE "{name}"')
        upgrade(pg_url(name))
        _pg_state["template"] = name
    return str(_pg_state["template"])


def drop_pg_template() -> None:
    """Drop this process's migrated template database, if one was made."""
    template = _pg_state.pop("template", None)
    if template:
        pg_execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
