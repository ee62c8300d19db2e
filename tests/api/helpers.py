"""Helpers of the API tests: the app under test, fresh debates, unique slugs, the
problem+json check."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import attach_database

Snapshot = Callable[[str], str]
"""Slug -> the debate's whole stored state (ETag and JSON export)."""

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


@dataclass
class AppUnderTest:
    """The application over one test's database, and the bearer tokens of its users."""

    db_url: str
    tokens: dict[str, str]
    app: Any
    base_url: str = "http://testserver"
    clients: list[TestClient] = field(default_factory=list)

    def __post_init__(self) -> None:
        # One app per test process (building it is most of a test's set-up), pointed at
        # this test's database with empty caches.
        attach_database(self.app, self.db_url)

    def client(self, role: str | None = None, **kwargs: Any) -> TestClient:
        """A client of the app, with `role`'s bearer token (anonymous for None)."""
        headers = self.auth(role) if role else {}
        headers.update(kwargs.pop("headers", {}))
        made = TestClient(self.app, base_url=self.base_url, headers=headers, **kwargs)
        self.clients.append(made)
        return made

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def close(self) -> None:
        for made in self.clients:
            made.close()
        self.app.state.engine.dispose()


def assert_problem(answer: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["instance"] == answer.request.url.path
    assert body["detail"] and "Traceback" not in body["detail"]
    if code is not None:
        assert body["type"] == f"urn:argmap:problem:{code}"
    return body

def unique_slug(prefix: str = "t") -> str:
    """A debate slug no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make_debate(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    """Create a small debate (evidence e1, e2, claim c1, e1 supports c1, party p) and return it."""
    slug = fields.pop("slug", None) or unique_slug()
    body = {"slug": slug, "title": f"Debate {slug}", **fields}
    made = client.post("/api/debates", json=body)
    assert made.status_code == 201, made.text
    for node in (
        {"key": "e1", "kind": "evidence", "text": "A first fact."},
        {"key": "e2", "kind": "evidence", "text": "A second fact."},
        {"key": "c1", "kind": "claim", "text": "A claim."},
    ):
        answer = client.post(f"/api/debates/{slug}/nodes", json=node)
        assert answer.status_code == 201, answer.text
    edge = client.post(
        f"/api/debates/{slug}/edges",
        json={"key": "s1", "source": "e1", "target": "c1", "relation": "supports"},
    )
    assert edge.status_code == 201, edge.text
    party = client.post(f"/api/debates/{slug}/parties", json={"key": "p", "name": "P"})
    assert party.status_code == 201, party.text
    return client.get(f"/api/debates/{slug}").json()  # type: ignore[no-any-return]


