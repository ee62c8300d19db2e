"""Fixtures of the live-server tests: one ``argmap serve`` over SQLite per test process,
with an admin, for what only a real server shows (the wire, workers, processes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.helpers import Snapshot, make_debate
from tests.live.server import LiveServer, add_user, live_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server over a fresh SQLite file (no seeds), with an admin."""
    cwd = tmp_path_factory.mktemp("live-sqlite")
    url = f"sqlite:///{cwd / 'argmap.db'}"
    no_seeds = cwd / "no-seeds"
    no_seeds.mkdir()
    with live_server(url, cwd, seeds=no_seeds) as live:
        live.tokens["admin"] = add_user("admin", "admin", db_url=url, cwd=cwd)
        yield live


@pytest.fixture
def debate(server: LiveServer) -> dict[str, Any]:
    """A fresh small public debate, created by the admin."""
    with server.client("admin") as admin:
        return make_debate(admin)


@pytest.fixture
def snapshot(server: LiveServer) -> Snapshot:
    """The whole stored state of a debate (ETag and JSON export)."""

    def take(slug: str) -> str:
        with server.client("admin") as admin:
            exported = admin.get(f"/api/debates/{slug}/export", params={"format": "json"})
            assert exported.status_code == 200, exported.text
            return admin.get(f"/api/debates/{slug}").headers["etag"] + "\n" + exported.text

    return take
