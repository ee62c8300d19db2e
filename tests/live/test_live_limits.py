"""Body caps on the wire, against a live ``argmap serve``: a chunked body without a length
and a Content-Length that lies are refused with 413 before the route reads them."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from tests.api.helpers import Snapshot, assert_problem
from tests.live.server import LiveServer

# both tests use the process's one live server: on one worker it is started once
pytestmark = pytest.mark.xdist_group("limits")


def test_live_oversized_chunked_body_is_413(
    server: LiveServer, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])

    def chunks() -> Any:
        yield b'{"key": "x", "kind": "claim", "text": "'
        for _ in range(40):
            yield b"a" * 50_000
        yield b'"}'

    with server.client("admin") as client:
        answer = client.post(
            f"/api/debates/{debate['slug']}/nodes",
            content=chunks(),
            headers={"content-type": "application/json"},
        )
    assert "content-length" not in answer.request.headers
    assert_problem(answer, 413, "payload-too-large")
    assert snapshot(debate["slug"]) == before


def test_live_lying_content_length_is_refused(server: LiveServer) -> None:
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /api/debates HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 99999999\r\n\r\n{}"
        )
        head = sock.recv(4096).decode()
    assert head.startswith("HTTP/1.1 413")
