"""schemathesis against the live server's ``/openapi.json``, on SQLite and PostgreSQL: no
5xx, and every answer (status, media type, headers, body) is one the OpenAPI document
promises.

The suite runs the schemathesis CLI with a bounded number of cases per operation
(``SCHEMATHESIS_EXAMPLES``, default 5) in the examples and fuzzing phases
(``SCHEMATHESIS_PHASES``); docs/api.md shows a longer run with every phase.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.live.server import (
    LiveServer,
    add_user,
    live_server,
    postgres_available,
    postgres_database,
)

EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "5")
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,fuzzing")
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))


def _small_debate(server: LiveServer) -> None:
    """A small debate under the names the OpenAPI examples use, so generated requests
    reach real data quickly (the seed debates make crux searches slow)."""
    with server.client("admin") as admin:
        admin.post("/api/debates", json={"slug": "asan-2024", "title": "Example"})
        base = "/api/debates/asan-2024"
        admin.post(f"{base}/sources", json={"key": "wong-2023", "title": "A review"})
        for key, kind in (("e1", "evidence"), ("e2", "evidence"), ("c1", "claim")):
            admin.post(f"{base}/nodes", json={"key": key, "kind": kind, "text": f"{key}."})
        admin.post(f"{base}/edges", json={"key": "s1", "source": "e1", "target": "c1",
                                          "relation": "supports"})
        admin.post(f"{base}/edges", json={"source": "e2", "target_edge": "s1",
                                          "relation": "rebuts"})
        for key in ("wong", "asan-editors"):
            admin.post(f"{base}/parties", json={"key": key, "name": key})
        admin.put(f"{base}/parties/wong/acceptance", json={"e1": "accepted"},
                  headers={"If-Match": "*"})


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def fuzzed_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own, since the fuzzer changes and deletes what it finds."""
    no_seeds = tmp_path / "no-seeds"
    no_seeds.mkdir()
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'argmap.db'}"
        else:
            if not postgres_available():
                pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
            url = stack.enter_context(postgres_database())
        server = stack.enter_context(live_server(url, tmp_path, seeds=no_seeds))
        server.tokens["admin"] = add_user("fuzzer", "admin", db_url=url, cwd=tmp_path)
        _small_debate(server)
        yield server


@pytest.mark.slow
@pytest.mark.xdist_group("schemathesis")
def test_api_conforms_to_its_openapi(fuzzed_server: LiveServer, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            SCHEMATHESIS, "run", fuzzed_server.base_url + "/openapi.json",
            "--checks", CHECKS,
            "--max-examples", EXAMPLES,
            "--seed", "20241",
            "--phases", PHASES,
            "--generation-database", "none",
            # Keep the admin token on every request rather than fuzzing it into a 401.
            "--generation-with-security-parameters", "false",
            # It would find its own user and revoke its token; tests/api covers revoking.
            "--exclude-operation-id", "revoke_tokens",
            "--exclude-operation-id", "revoke_token",
            "--workers", "1",
            "--no-color",
            "--header", f"Authorization: Bearer {fuzzed_server.tokens['admin']}",
            "--report-dir", str(tmp_path / "report"),
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    report = run.stdout + run.stderr
    failures = report[report.find("= FAILURES ="):] if "= FAILURES =" in report else report
    assert run.returncode == 0, failures[:8000]
