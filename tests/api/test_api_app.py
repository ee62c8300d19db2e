"""The application factory in-process: unexpected errors become a 500 problem without a
traceback, and the OpenAPI document promises what the routes do."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.budget import run_bounded
from api.problems import TooExpensiveError
from kb.db import upgrade
from kb.doc import DebateDoc
from kb.engine import evaluate_party
from kb.errors import NotFoundError
from tests.api.helpers import assert_problem


def _get(app: FastAPI, path: str) -> httpx.Response:
    """GET `path` from `app` in process, on an event loop of its own (a browser test of the
    same worker may hold the main thread's loop), server errors answered, not raised."""
    with TestClient(app, raise_server_exceptions=False) as client:
        return client.get(path)


def test_app_unexpected_error_is_a_bare_500(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    app = create_app(url)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    answer = _get(app, "/api/boom")
    body = assert_problem(answer, 500, "internal")
    assert "secret" not in answer.text and "Traceback" not in answer.text
    assert body["title"] == "Internal Server Error"


def test_app_openapi_names_operations_and_problems() -> None:
    spec = create_app("sqlite://").openapi()
    operations = {
        operation["operationId"]: operation
        for path in spec["paths"].values() for operation in path.values()
    }
    for name in ("list_nodes", "create_node", "read_node", "update_node", "delete_node",
                 "list_edges", "create_edge", "read_edge", "update_edge", "delete_edge",
                 "read_evaluation", "evaluate_what_if", "list_revisions", "revert_debate",
                 "export_debate", "import_debate", "replace_acceptance"):
        assert name in operations
    for operation in operations.values():
        assert operation.get("summary") and operation.get("description")
        for status, answer in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert "application/problem+json" in answer["content"], status
    assert operations["update_node"]["security"] == [{"HTTPBearer": []}]
    assert operations["read_node"]["security"] == [{}, {"HTTPBearer": []}]


def test_app_bounded_computation_is_killed_after_its_budget() -> None:
    started = time.monotonic()
    with pytest.raises(TooExpensiveError, match=r"longer than 0\.5 s"):
        run_bounded(time.sleep, 60, seconds=0.5, what="sleeping")
    assert time.monotonic() - started < 30
    assert run_bounded(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(NotFoundError, match="no party 'nobody'"):
        run_bounded(evaluate_party, DebateDoc(slug="d", title="D"), "nobody")


def test_app_health_is_503_without_a_database(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'missing-dir' / 'none.db'}")

    body = assert_problem(_get(app, "/api/health"), 503, "database-unavailable")
    assert "ARGMAP_DB" in body["detail"]
