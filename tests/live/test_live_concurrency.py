"""Sixteen editors racing on one node, against ``argmap serve --workers 4``, on SQLite and
on PostgreSQL: every successful write is in the history, the node ends as the last
successful write left it, every other attempt got 412, and nothing failed with a 5xx."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.live.server import (
    LiveServer,
    add_user,
    live_server,
    postgres_available,
    postgres_database,
)

CLIENTS = 16
ATTEMPTS = 200

# Both tests share one server per backend, so they run on one xdist worker.
pytestmark = pytest.mark.xdist_group("concurrency")


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def busy_server(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``argmap serve --workers 4`` over a fresh database of each backend."""
    tmp_path = tmp_path_factory.mktemp(f"busy-{request.param}")
    no_seeds = tmp_path / "no-seeds"
    no_seeds.mkdir()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.db'}"
        with live_server(url, tmp_path, workers=4, seeds=no_seeds) as server:
            server.tokens["admin"] = add_user("racer", "admin", db_url=url, cwd=tmp_path)
            yield server
        return
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    with (
        postgres_database() as url,
        live_server(url, tmp_path, workers=4, seeds=no_seeds) as server,
    ):
        server.tokens["admin"] = add_user("racer", "admin", db_url=url, cwd=tmp_path)
        yield server


def _race(server: LiveServer, url: str) -> list[dict[str, Any]]:
    tickets = iter(range(ATTEMPTS))
    lock = threading.Lock()
    outcomes: list[dict[str, Any]] = []
    start = threading.Barrier(CLIENTS)

    def editor(number: int) -> None:
        with server.client("admin") as client:
            start.wait()
            while True:
                with lock:
                    ticket = next(tickets, None)
                if ticket is None:
                    return
                read = client.get(url)
                text = f"Write {ticket} by client {number}."
                answer = client.patch(url, json={"text": text},
                                      headers={"If-Match": read.headers["etag"]})
                outcome = {"text": text, "status": answer.status_code,
                           "if_match": int(read.headers["etag"].strip('"'))}
                if answer.is_success:
                    outcome["revision"] = int(answer.headers["etag"].strip('"'))
                with lock:
                    outcomes.append(outcome)

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return outcomes


def _history(client: httpx.Client, slug: str) -> list[dict[str, Any]]:
    revisions: list[dict[str, Any]] = []
    following: str | None = f"/api/debates/{slug}/revisions?limit=500"
    while following:
        page = client.get(following).json()
        revisions += page["items"]
        following = page["next"]
    return revisions


@pytest.mark.slow
def test_concurrent_conditional_patches_lose_nothing(busy_server: LiveServer) -> None:
    with busy_server.client("admin") as admin:
        made = admin.post("/api/debates", json={"slug": "race", "title": "Race"})
        assert made.status_code == 201, made.text
        node = admin.post("/api/debates/race/nodes",
                          json={"key": "c1", "kind": "claim", "text": "Start."})
        assert node.status_code == 201
        url = "/api/debates/race/nodes/c1"
        outcomes = _race(busy_server, url)

        assert len(outcomes) == ATTEMPTS
        assert {o["status"] for o in outcomes} <= {200, 412}, [o["status"] for o in outcomes]
        wins = sorted((o for o in outcomes if o["status"] == 200), key=lambda o: o["revision"])
        assert wins, "no write succeeded"
        assert len(wins) < ATTEMPTS, "the editors never collided; the race proves nothing"
        assert len({o["revision"] for o in wins}) == len(wins)
        # Each successful write was based on the state the previous one left.
        based_on = [node.json()["revision"]] + [o["revision"] for o in wins[:-1]]
        assert [o["if_match"] for o in wins] == based_on

        history = _history(admin, "race")
        written = {r["number"]: r["after"]["node:c1"]["text"] for r in history
                   if r["kind"] == "update_node"}
        assert written == {o["revision"]: o["text"] for o in wins}
        final = admin.get(url)
        assert final.json()["text"] == wins[-1]["text"]
        assert final.headers["etag"] == f'"{wins[-1]["revision"]}"'
        assert admin.get("/api/debates/race").json()["revision"] == wins[-1]["revision"]


def _all_at_once(server: LiveServer, requests: list[tuple[str, str, Any]]) -> list[int]:
    """Send `requests` from as many threads at the same moment; return their statuses."""
    statuses: list[int] = [0] * len(requests)
    start = threading.Barrier(len(requests))

    def send(index: int) -> None:
        method, url, body = requests[index]
        with server.client("admin") as client:
            start.wait()
            statuses[index] = client.request(method, url, json=body).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return statuses


@pytest.mark.slow
def test_concurrent_additions_all_land_and_duplicates_conflict(
    busy_server: LiveServer,
) -> None:
    with busy_server.client("admin") as admin:
        assert admin.post("/api/debates", json={"slug": "crowd", "title": "Crowd"}) \
            .status_code == 201
        distinct = [("POST", "/api/debates/crowd/nodes",
                     {"key": f"n{i}", "kind": "claim", "text": f"Claim {i}."})
                    for i in range(CLIENTS)]
        assert _all_at_once(busy_server, distinct) == [201] * CLIENTS
        same = [("POST", "/api/debates/crowd/nodes",
                 {"key": "dup", "kind": "claim", "text": f"Version {i}."})
                for i in range(CLIENTS)]
        statuses = _all_at_once(busy_server, same)
        assert sorted(statuses) == [201] + [409] * (CLIENTS - 1)
        same_debate = [("POST", "/api/debates", {"slug": "twin", "title": f"Twin {i}"})
                       for i in range(8)]
        assert sorted(_all_at_once(busy_server, same_debate)) == [201] + [409] * 7
        nodes = admin.get("/api/debates/crowd/nodes", params={"limit": 500}).json()
        assert nodes["total"] == CLIENTS + 1
        history = _history(admin, "crowd")
        assert len(history) == CLIENTS + 2
        assert admin.get("/api/debates/crowd").json()["revision"] == CLIENTS + 2
