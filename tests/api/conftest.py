"""Fixtures of the API tests: the app in process (FastAPI's TestClient) over a database of
each test's own, seeded, with tokens; fresh debates; the stored state of a debate.

The seeded database is built once per test process (migrations, the seed debates, four
users) and copied for each test: a SQLite file copy, or on PostgreSQL a database created
from it as a template. Tests that need a real server (workers, body limits on the wire,
connection handling) live in ``tests/live``.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from kb.db import make_engine, upgrade
from kb.seeds import load_seeds
from kb.store import Store
from tests.api.helpers import AppUnderTest, Snapshot, make_debate
from tests.databases import drop_pg_database, pg_execute, pg_url, postgres_reachable

SEED_DEBATE = "asan-2024"
USERS = {"admin": ("admin", ()), "editor": ("editor", (SEED_DEBATE,)),
         "reader": ("reader", ()), "global": ("editor", ())}
"""Token name -> (role, debates): an admin, an editor of the seed debate asan-2024 only, a
reader, and a global editor of every debate."""


def _seed(url: str) -> dict[str, str]:
    """Migrate, load the seed debates and add the users; return their tokens."""
    upgrade(url)
    engine = make_engine(url)
    try:
        store = Store(engine)
        report = load_seeds(store, None)
        assert report.ok, report.errors
        return {name: store.add_user(name, role, debates=list(debates))[1]
                for name, (role, debates) in USERS.items()}
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def _app() -> Any:
    """The application, built once per test process; each test attaches its database."""
    return create_app("sqlite://")


@pytest.fixture(scope="session")
def _seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("api-template") / "seeded.db"
    return path, _seed(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def _seeded_pg() -> Iterator[tuple[str, dict[str, str]] | None]:
    if not postgres_reachable():
        yield None
        return
    name = f"argmap_seeded_{uuid.uuid4().hex[:12]}"
    pg_execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, _seed(pg_url(name))
    finally:
        pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server(tmp_path: Path, _app: Any,
           _seeded_sqlite: tuple[Path, dict[str, str]]) -> Iterator[AppUnderTest]:
    """The app over a seeded SQLite file of this test."""
    template, tokens = _seeded_sqlite
    path = tmp_path / "argmap.db"
    shutil.copyfile(template, path)
    made = AppUnderTest(f"sqlite:///{path}", tokens, _app)
    yield made
    made.close()


@pytest.fixture
def pg_server(_app: Any,
              _seeded_pg: tuple[str, dict[str, str]] | None) -> Iterator[AppUnderTest]:
    """The app over a seeded PostgreSQL database of this test (skipped without one)."""
    if _seeded_pg is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (set ARGMAP_TEST_PG)")
    template, tokens = _seeded_pg
    name = f"argmap_api_{uuid.uuid4().hex[:12]}"
    pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    made = AppUnderTest(pg_url(name), tokens, _app)
    yield made
    made.close()
    drop_pg_database(made.db_url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def any_server(request: pytest.FixtureRequest) -> AppUnderTest:
    """Each backend in turn."""
    name = "server" if request.param == "sqlite" else "pg_server"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture
def admin(server: AppUnderTest) -> httpx.Client:
    return server.client("admin")


@pytest.fixture
def editor(server: AppUnderTest) -> httpx.Client:
    return server.client("editor")


@pytest.fixture
def global_editor(server: AppUnderTest) -> httpx.Client:
    return server.client("global")


@pytest.fixture
def reader(server: AppUnderTest) -> httpx.Client:
    return server.client("reader")


@pytest.fixture
def anon(server: AppUnderTest) -> httpx.Client:
    return server.client(None)


@pytest.fixture
def debate(admin: httpx.Client) -> dict[str, Any]:
    """A fresh small public debate, created by the admin."""
    return make_debate(admin)


@pytest.fixture
def snapshot(admin: httpx.Client) -> Snapshot:
    """The whole stored state of a debate (its JSON export plus its revision), for
    checking that a refused request changed nothing."""

    def take(slug: str) -> str:
        exported = admin.get(f"/api/debates/{slug}/export", params={"format": "json"})
        assert exported.status_code == 200, exported.text
        revision = admin.get(f"/api/debates/{slug}").headers["etag"]
        return revision + "\n" + exported.text

    return take
