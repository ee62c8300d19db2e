"""Crash safety: ``argmap serve`` is killed (SIGKILL, the whole process group) at a random
moment of a stream of conditional writes, then started again over the same database.

After every round: each write the server acknowledged (201) is there, a write in flight
when the server died is there whole or not at all (a node with its edge, or neither), the
debate's revision counts its revision records, no edge dangles, and on SQLite
``PRAGMA integrity_check`` and ``foreign_key_check`` are clean; on SQLite and PostgreSQL.

``ARGMAP_CRASH_ROUNDS`` sets the number of rounds (3 in the suite; the full run is 10).
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from kb.db import make_engine
from tests.api.helpers import make_debate
from tests.live.server import add_user, postgres_available, postgres_database, start_serve

ROUNDS = int(os.environ.get("ARGMAP_CRASH_ROUNDS", "3"))
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash")]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def crash_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'crash.db'}"
        return
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    with postgres_database() as url:
        yield url


class Writer(threading.Thread):
    """Adds node ``wN`` and then edge ``wN`` (wN supports c1), each with If-Match, until
    the server stops answering; remembers what was acknowledged."""

    def __init__(self, base_url: str, token: str, slug: str, start: int) -> None:
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=base_url, timeout=10,
                                   headers={"Authorization": f"Bearer {token}"})
        self.slug = slug
        self.number = start
        self.acknowledged: list[str] = []
        """Keys of nodes and edges answered 201 (``node:wN``, ``edge:wN``)."""
        self.first_write = threading.Event()
        """Set once the server has acknowledged a write: the stream is under way."""

    def run(self) -> None:
        base = f"/api/debates/{self.slug}"
        try:
            etag = self.client.get(base).headers["etag"]
            while True:
                key = f"w{self.number}"
                for kind, body in (
                    ("nodes", {"key": key, "kind": "evidence", "text": f"Fact {key}."}),
                    ("edges", {"key": key, "source": key, "target": "c1",
                               "relation": "supports"}),
                ):
                    answer = self.client.post(f"{base}/{kind}", json=body,
                                              headers={"If-Match": etag})
                    assert answer.status_code == 201, answer.text
                    self.acknowledged.append(f"{kind[:-1]}:{key}")
                    self.first_write.set()
                    etag = answer.headers["etag"]
                self.number += 1
        except httpx.TransportError:
            pass  # the server was killed
        finally:
            self.client.close()


def _check_database(url: str, slug: str, acknowledged: list[str]) -> int:
    """Check the stored state; return the number of the next write."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if url.startswith("sqlite"):
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            debate_id, revision = conn.execute(
                text("SELECT id, revision FROM debate WHERE slug = :s"), {"s": slug}).one()
            nodes = set(conn.execute(
                text("SELECT key FROM node WHERE debate_id = :d"), {"d": debate_id}).scalars())
            edges = set(conn.execute(
                text("SELECT key FROM edge WHERE debate_id = :d"), {"d": debate_id}).scalars())
            records = conn.execute(text("SELECT count(*) FROM revision WHERE debate_id = :d"),
                                   {"d": debate_id}).scalar()
            dangling = conn.execute(text(
                "SELECT count(*) FROM edge e WHERE NOT EXISTS (SELECT 1 FROM node n "
                "WHERE n.debate_id = e.debate_id AND n.key = e.source)"
            )).scalar()
    finally:
        engine.dispose()
    assert dangling == 0
    assert records == revision, f"revision {revision} but {records} revision records"
    for item in acknowledged:
        kind, key = item.split(":")
        assert key in (nodes if kind == "node" else edges), f"acknowledged {item} is lost"
    written = [key for key in nodes if key.startswith("w")]
    assert all(key in nodes for key in edges if key.startswith("w"))
    return max((int(key[1:]) for key in written), default=-1) + 1


def test_live_crash_loses_no_acknowledged_write(crash_db: str, tmp_path: Path) -> None:
    no_seeds = tmp_path / "no-seeds"
    no_seeds.mkdir()
    rng = random.Random(14)
    serving = start_serve(crash_db, tmp_path, seeds=no_seeds)
    serving.wait_ready()
    token = add_user("crash", "admin", db_url=crash_db, cwd=tmp_path)
    with httpx.Client(base_url=serving.base_url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as admin:
        slug = make_debate(admin)["slug"]
    acknowledged: list[str] = []
    following = 0
    for round_ in range(ROUNDS):
        if round_:  # the first round writes to the server that made the debate
            serving = start_serve(crash_db, tmp_path, seeds=no_seeds)
            serving.wait_ready()
        writer = Writer(serving.base_url, token, slug, following)
        writer.start()
        # kill at a random moment of the stream: once it is under way (however slow the
        # machine), then after a random part of a second
        writer.first_write.wait(timeout=60)
        time.sleep(rng.uniform(0.0, 0.6))
        serving.stop(signal.SIGKILL)
        writer.join(timeout=30)
        acknowledged += writer.acknowledged
        following = _check_database(crash_db, slug, acknowledged)
    assert len(acknowledged) >= ROUNDS, "too few writes were acknowledged to test anything"
    # the database still serves and takes writes after the last crash
    serving = start_serve(crash_db, tmp_path, seeds=no_seeds)
    try:
        serving.wait_ready()
        keys: set[str] = set()
        with httpx.Client(base_url=serving.base_url, timeout=30) as anon:
            following_page: str | None = f"/api/debates/{slug}/nodes?limit=500"
            while following_page:
                page = anon.get(following_page).json()
                keys |= {node["key"] for node in page["items"]}
                following_page = page["next"]
        assert {a.split(":")[1] for a in acknowledged if a.startswith("node:")} <= keys
    finally:
        serving.stop()
