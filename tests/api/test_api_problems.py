"""Every 4xx answer is RFC 9457 problem+json, and a refused request changes nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import AppUnderTest, Snapshot, assert_problem


def test_problem_unknown_route_is_404(anon: httpx.Client) -> None:
    assert_problem(anon.get("/api/no-such-route"), 404, "not-found")


def test_problem_wrong_method_is_405_with_allow(anon: httpx.Client) -> None:
    answer = anon.put("/api/health")
    assert_problem(answer, 405, "method-not-allowed")
    assert answer.headers["allow"] == "GET"


def test_problem_unknown_debate_is_404(anon: httpx.Client) -> None:
    body = assert_problem(anon.get("/api/debates/no-such-debate"), 404, "not-found")
    assert "no-such-debate" in body["detail"]


def test_problem_validation_lists_field_errors(admin: httpx.Client) -> None:
    answer = admin.post("/api/debates", json={"slug": "Bad Slug!", "title": ""})
    body = assert_problem(answer, 422, "invalid-input")
    locations = {tuple(error["loc"]) for error in body["errors"]}
    assert ("body", "slug") in locations and ("body", "title") in locations


def test_problem_malformed_json_is_422_and_changes_nothing(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(
        f"/api/debates/{debate['slug']}/nodes",
        content=b'{"key": "x", "kind": "claim", "text": ',
        headers={"content-type": "application/json"},
    )
    assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_problem_unknown_field_is_rejected(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(
        f"/api/debates/{debate['slug']}/nodes",
        json={"key": "x", "kind": "claim", "text": "T.", "colour": "red"},
    )
    body = assert_problem(answer, 422, "invalid-input")
    assert any(error["loc"][-1] == "colour" for error in body["errors"])
    assert snapshot(debate["slug"]) == before


def test_problem_wrong_types_are_rejected(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    for body in (
        {"key": 5, "kind": "claim", "text": "T."},
        {"key": "x", "kind": "opinion", "text": "T."},
        {"key": "x", "kind": "claim", "text": ["T."]},
        ["not", "an", "object"],
    ):
        answer = admin.post(f"/api/debates/{debate['slug']}/nodes", json=body)
        assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_problem_oversized_body_is_413_before_parsing(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    huge = {"key": "x", "kind": "claim", "text": "a" * 1_200_000}
    answer = admin.post(f"/api/debates/{debate['slug']}/nodes", json=huge)
    assert_problem(answer, 413, "payload-too-large")
    assert snapshot(debate["slug"]) == before


def test_problem_overlong_text_is_422(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(
        f"/api/debates/{debate['slug']}/nodes",
        json={"key": "x", "kind": "claim", "text": "a" * 5000},
    )
    assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_problem_hostile_keys_are_422(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    for key in (
        "x'; DROP TABLE node; --",
        "c1 OR 1=1",
        "Ｃ1",  # full-width letters
        "c\u200b1",  # zero-width space
        "c1\u0301",  # combining accent
        "é",
        "",
        "a" * 81,
        "../etc",
        "-dash-first",
    ):
        answer = admin.post(
            f"/api/debates/{debate['slug']}/nodes", json={"key": key, "kind": "claim", "text": "T."}
        )
        assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_problem_sql_looking_path_is_refused(anon: httpx.Client) -> None:
    answer = anon.get("/api/debates/x' OR '1'='1/nodes")
    assert answer.status_code in (404, 422)
    assert answer.headers["content-type"] == "application/problem+json"


def test_problem_missing_token_is_401_with_challenge(anon: httpx.Client) -> None:
    answer = anon.post("/api/debates", json={"slug": "nope", "title": "Nope"})
    assert_problem(answer, 401, "auth-required")
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_problem_bad_token_is_401_even_on_reads(server: AppUnderTest) -> None:
    with server.client(headers={"Authorization": "Bearer not-a-token"}) as client:
        assert_problem(client.get("/api/debates"), 401, "auth-required")
    with server.client(headers={"Authorization": "Basic dXNlcjpwdw=="}) as client:
        assert_problem(client.get("/api/debates"), 401, "auth-required")
