"""Fixtures of the API tests: a live ``argmap serve`` per backend, tokens, fresh debates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.helpers import Snapshot, make_debate
from tests.api.server import (
    LiveServer,
    add_user,
    live_server,
    postgres_available,
    postgres_database,
)

ROLES = ("admin", "editor", "reader")
SEED_DEBATE = "asan-2024"


def _with_users(server: LiveServer) -> LiveServer:
    """An admin, a reader, an editor of the seed debate asan-2024 only (``editor``) and a
    global editor of every debate (``global``)."""
    for role in ROLES:
        server.tokens[role] = add_user(
            f"{role}-{os.getpid()}", role, db_url=server.db_url, cwd=server.cwd,
            debates=(SEED_DEBATE,) if role == "editor" else (),
        )
    server.tokens["global"] = add_user(
        f"global-{os.getpid()}", "editor", db_url=server.db_url, cwd=server.cwd
    )
    return server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One live server over a fresh SQLite file, with an admin, an editor and a reader."""
    cwd = tmp_path_factory.mktemp("api-sqlite")
    with live_server(f"sqlite:///{cwd / 'argmap.db'}", cwd) as live:
        yield _with_users(live)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The same over a fresh PostgreSQL database (skipped when PostgreSQL is not there)."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    cwd = tmp_path_factory.mktemp("api-pg")
    with postgres_database() as url, live_server(url, cwd) as live:
        yield _with_users(live)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def any_server(request: pytest.FixtureRequest) -> LiveServer:
    """Each backend in turn."""
    name = "server" if request.param == "sqlite" else "pg_server"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


def _client(server: LiveServer, role: str | None) -> Iterator[httpx.Client]:
    with server.client(role) as client:
        yield client


@pytest.fixture
def admin(server: LiveServer) -> Iterator[httpx.Client]:
    yield from _client(server, "admin")


@pytest.fixture
def editor(server: LiveServer) -> Iterator[httpx.Client]:
    yield from _client(server, "editor")


@pytest.fixture
def global_editor(server: LiveServer) -> Iterator[httpx.Client]:
    yield from _client(server, "global")


@pytest.fixture
def reader(server: LiveServer) -> Iterator[httpx.Client]:
    yield from _client(server, "reader")


@pytest.fixture
def anon(server: LiveServer) -> Iterator[httpx.Client]:
    yield from _client(server, None)


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
