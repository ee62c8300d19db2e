"""Fixtures of the workbench's API tests: the app in process over each backend, users."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from api.app import create_app
from kb.store import Store

with warnings.catch_warnings():
    # this Starlette asks for httpx2 on import; the plain httpx it still works with is installed
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@dataclass
class App:
    """The app over one test database, its store, and a bearer token per user name."""

    client: TestClient
    store: Store
    tokens: dict[str, str] = field(default_factory=dict)

    def as_(self, name: str | None) -> dict[str, str]:
        """Headers of a request made with `name`'s bearer token (None: anonymous)."""
        return {} if name is None else {"Authorization": f"Bearer {self.tokens[name]}"}

    def call(self, method: str, path: str, who: str | None = "admin", **kwargs: Any) -> Any:
        headers = {**self.as_(who), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)


@pytest.fixture
def app(db_url: str) -> Iterator[App]:
    """The app on a fresh database with users admin, ed (editor of 'demo'), rita (reader)."""
    application = create_app(db_url)
    store: Store = application.state.store
    with TestClient(application) as client:
        found = App(client=client, store=store)
        found.tokens["admin"] = store.add_user("admin", "admin")[1]
        found.tokens["rita"] = store.add_user("rita", "reader")[1]
        made = found.call("POST", "/api/debates", json={"slug": "demo", "title": "Demo"})
        assert made.status_code == 201, made.text
        found.tokens["ed"] = store.add_user("ed", "editor", debates=["demo"])[1]
        yield found
