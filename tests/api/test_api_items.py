"""Nodes, edges, parties, sources and acceptance over HTTP: CRUD, ETags, If-Match, and
refusals that change nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import Snapshot, assert_problem, make_debate


def test_node_create_read_update_delete(admin: httpx.Client, debate: dict[str, Any]) -> None:
    base = f"/api/debates/{debate['slug']}/nodes"
    made = admin.post(base, json={"key": "c2", "kind": "claim", "text": "Another claim.",
                                  "tags": ["t"]})
    assert made.status_code == 201
    assert made.headers["location"] == f"{base}/c2"
    assert made.headers["etag"] == f'"{made.json()["revision"]}"'
    read = admin.get(f"{base}/c2")
    assert read.json()["text"] == "Another claim." and read.json()["tags"] == ["t"]
    assert read.headers["etag"] == made.headers["etag"]
    changed = admin.patch(f"{base}/c2", json={"text": "Sharper."},
                          headers={"If-Match": read.headers["etag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["text"] == "Sharper." and changed.json()["tags"] == ["t"]
    assert changed.headers["etag"] != read.headers["etag"]
    gone = admin.delete(f"{base}/c2", headers={"If-Match": changed.headers["etag"]})
    assert gone.status_code == 204
    assert_problem(admin.get(f"{base}/c2"), 404, "not-found")


def test_node_list_is_paginated(admin: httpx.Client, debate: dict[str, Any]) -> None:
    base = f"/api/debates/{debate['slug']}/nodes"
    first = admin.get(base, params={"limit": 2})
    body = first.json()
    assert [n["key"] for n in body["items"]] == ["e1", "e2"]
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 0)
    following = admin.get(body["next"]).json()
    assert [n["key"] for n in following["items"]] == ["c1"]
    assert following["next"] is None
    claims = admin.get(base, params={"kind": "claim"}).json()
    assert [n["key"] for n in claims["items"]] == ["c1"] and claims["total"] == 1
    assert_problem(admin.get(base, params={"limit": 501}), 422)
    assert_problem(admin.get(base, params={"limit": 0}), 422)
    assert_problem(admin.get(base, params={"offset": -1}), 422)
    assert admin.get(base, params={"cursor": "2"}).json()["items"][0]["key"] == "c1"


def test_node_update_needs_if_match(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    url = f"/api/debates/{debate['slug']}/nodes/c1"
    before = snapshot(debate["slug"])
    assert_problem(admin.patch(url, json={"text": "X."}), 428, "precondition-required")
    assert_problem(admin.delete(url), 428, "precondition-required")
    assert snapshot(debate["slug"]) == before


def test_node_update_with_stale_etag_is_412(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    url = f"/api/debates/{debate['slug']}/nodes/c1"
    etag = admin.get(url).headers["etag"]
    assert admin.patch(url, json={"text": "First."}, headers={"If-Match": etag}).is_success
    before = snapshot(debate["slug"])
    for stale in (etag, 'W/"99"', "garbage", '"999999"'):
        answer = admin.patch(url, json={"text": "Second."}, headers={"If-Match": stale})
        assert_problem(answer, 412, "stale")
    assert_problem(admin.delete(url, headers={"If-Match": etag}), 412, "stale")
    assert snapshot(debate["slug"]) == before
    assert admin.get(url).json()["text"] == "First."


def test_node_etag_ignores_changes_of_other_items(
    admin: httpx.Client, debate: dict[str, Any]
) -> None:
    url = f"/api/debates/{debate['slug']}/nodes/c1"
    etag = admin.get(url).headers["etag"]
    other = f"/api/debates/{debate['slug']}/nodes/e2"
    admin.patch(other, json={"text": "Changed."}, headers={"If-Match": admin.get(other)
                                                          .headers["etag"]})
    answer = admin.patch(url, json={"text": "Still mine."}, headers={"If-Match": etag})
    assert answer.status_code == 200


def test_node_duplicate_key_is_409(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(f"/api/debates/{debate['slug']}/nodes",
                        json={"key": "c1", "kind": "claim", "text": "Again."})
    assert_problem(answer, 409, "conflict")
    assert snapshot(debate["slug"]) == before


def test_node_null_field_is_422(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    url = f"/api/debates/{debate['slug']}/nodes/c1"
    before = snapshot(debate["slug"])
    answer = admin.patch(url, json={"text": None}, headers={"If-Match": "*"})
    assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_node_in_use_needs_cascade(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    slug = debate["slug"]
    url = f"/api/debates/{slug}/nodes/e1"
    etag = admin.get(url).headers["etag"]
    before = snapshot(slug)
    assert_problem(admin.delete(url, headers={"If-Match": etag}), 409, "conflict")
    assert snapshot(slug) == before
    assert admin.delete(url, params={"cascade": "true"}, headers={"If-Match": etag}) \
        .status_code == 204
    assert admin.get(f"/api/debates/{slug}/edges").json()["items"] == []


def test_edge_create_read_update_delete_and_undercutter(
    admin: httpx.Client, debate: dict[str, Any]
) -> None:
    base = f"/api/debates/{debate['slug']}/edges"
    under = admin.post(base, json={"source": "e2", "target_edge": "s1", "relation": "rebuts"})
    assert under.status_code == 201, under.text
    edge_id = under.json()["id"]
    assert under.headers["location"] == f"{base}/{edge_id}"
    assert under.json()["target_edge"] == "s1" and under.json()["target"] is None
    read = admin.get(f"{base}/{edge_id}")
    assert read.headers["etag"] == under.headers["etag"]
    changed = admin.patch(f"{base}/{edge_id}", json={"text": "Not shown."},
                          headers={"If-Match": read.headers["etag"]})
    assert changed.json()["text"] == "Not shown."
    s1 = admin.get(f"{base}/s1")
    answer = admin.delete(f"{base}/s1", headers={"If-Match": s1.headers["etag"]})
    assert_problem(answer, 409, "conflict")
    assert admin.delete(f"{base}/{edge_id}", headers={"If-Match": changed.headers["etag"]}) \
        .status_code == 204
    assert admin.delete(f"{base}/s1", headers={"If-Match": s1.headers["etag"]}).status_code == 204


@pytest.mark.parametrize(
    "body",
    [
        {"source": "e1", "target": "missing", "relation": "supports"},
        {"source": "missing", "target": "c1", "relation": "supports"},
        {"source": "c1", "target": "c1", "relation": "supports"},
        {"source": "e1", "target_edge": "s1", "relation": "supports"},
        {"source": "e1", "target_edge": "nope", "relation": "rebuts"},
        {"source": "e1", "relation": "rebuts"},
        {"source": "e1", "target": "c1", "target_edge": "s1", "relation": "rebuts"},
        {"source": "e1", "target": "c1", "relation": "attacks"},
    ],
)
def test_edge_bad_endpoints_are_refused(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot, body: dict[str, Any]
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(f"/api/debates/{debate['slug']}/edges", json=body)
    assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_edge_to_a_node_of_another_debate_is_refused(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    other = make_debate(admin)
    admin.post(f"/api/debates/{other['slug']}/nodes",
               json={"key": "only-there", "kind": "claim", "text": "Elsewhere."})
    before = snapshot(debate["slug"])
    answer = admin.post(f"/api/debates/{debate['slug']}/edges",
                        json={"source": "e1", "target": "only-there", "relation": "supports"})
    assert_problem(answer, 422, "invalid-input")
    assert snapshot(debate["slug"]) == before


def test_edge_duplicate_id_is_409(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(f"/api/debates/{debate['slug']}/edges",
                        json={"key": "s1", "source": "e2", "target": "c1",
                              "relation": "supports"})
    assert_problem(answer, 409, "conflict")
    assert snapshot(debate["slug"]) == before


def test_party_and_acceptance_round_trip(admin: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    party = admin.get(f"/api/debates/{slug}/parties/p")
    assert party.json()["name"] == "P" and party.headers["etag"]
    renamed = admin.patch(f"/api/debates/{slug}/parties/p", json={"name": "Party P"},
                          headers={"If-Match": party.headers["etag"]})
    assert renamed.json()["name"] == "Party P"
    url = f"/api/debates/{slug}/parties/p/acceptance"
    empty = admin.get(url)
    assert empty.json() == {}
    put = admin.put(url, json={"e1": "accepted", "e2": "rejected", "edge:s1": "accepted"},
                    headers={"If-Match": empty.headers["etag"]})
    assert put.status_code == 200, put.text
    assert put.json() == {"e1": "accepted", "e2": "rejected", "edge:s1": "accepted"}
    assert admin.get(url).headers["etag"] == put.headers["etag"]
    replaced = admin.put(url, json={"e2": "accepted", "e1": "unstated"},
                         headers={"If-Match": put.headers["etag"]})
    assert replaced.json() == {"e2": "accepted"}
    assert_problem(admin.put(url, json={"e1": "accepted"},
                             headers={"If-Match": put.headers["etag"]}), 412, "stale")


def test_acceptance_bad_items_change_nothing(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    slug = debate["slug"]
    url = f"/api/debates/{slug}/parties/p/acceptance"
    etag = admin.get(url).headers["etag"]
    before = snapshot(slug)
    assert_problem(admin.put(url, json={"nope": "accepted"}, headers={"If-Match": etag}), 422)
    assert_problem(admin.put(url, json={"e1": "maybe"}, headers={"If-Match": etag}), 422)
    assert_problem(admin.put(url, json={"edge:zz": "accepted"}, headers={"If-Match": etag}), 422)
    assert_problem(admin.put(url, json={"e1": "accepted"}), 428)
    assert_problem(admin.put(f"/api/debates/{slug}/parties/nobody/acceptance",
                             json={}, headers={"If-Match": etag}), 404)
    assert snapshot(slug) == before


def test_party_duplicate_is_409(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.post(f"/api/debates/{debate['slug']}/parties", json={"key": "p", "name": "Q"})
    assert_problem(answer, 409, "conflict")
    assert snapshot(debate["slug"]) == before


def test_source_create_read_update_and_cite(admin: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    base = f"/api/debates/{slug}/sources"
    made = admin.post(base, json={"key": "src", "title": "A book", "authors": ["A. Author"],
                                  "year": 2024})
    assert made.status_code == 201, made.text
    assert admin.get(base).json()["items"][0]["key"] == "src"
    changed = admin.patch(f"{base}/src", json={"year": None, "venue": "Press"},
                          headers={"If-Match": made.headers["etag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["year"] is None and changed.json()["venue"] == "Press"
    cited = admin.post(f"/api/debates/{slug}/nodes",
                       json={"key": "c9", "kind": "claim", "text": "Cited.",
                             "citations": [{"source": "src", "locator": "p. 3"}]})
    assert cited.status_code == 201, cited.text
    uncited = admin.post(f"/api/debates/{slug}/nodes",
                         json={"key": "c10", "kind": "claim", "text": "Cited.",
                               "citations": [{"source": "unknown-src", "locator": "p. 3"}]})
    assert_problem(uncited, 422, "invalid-input")


def test_post_with_stale_debate_if_match_is_412(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    slug = debate["slug"]
    current = admin.get(f"/api/debates/{slug}").headers["etag"]
    before = snapshot(slug)
    answer = admin.post(f"/api/debates/{slug}/nodes",
                        json={"key": "c5", "kind": "claim", "text": "Late."},
                        headers={"If-Match": '"1"'})
    assert_problem(answer, 412, "stale")
    assert snapshot(slug) == before
    fresh = admin.post(f"/api/debates/{slug}/nodes",
                       json={"key": "c5", "kind": "claim", "text": "In time."},
                       headers={"If-Match": current})
    assert fresh.status_code == 201


def test_node_conditional_get_is_304(anon: httpx.Client, admin: httpx.Client,
                                     debate: dict[str, Any]) -> None:
    url = f"/api/debates/{debate['slug']}/nodes/c1"
    etag = anon.get(url).headers["etag"]
    same = anon.get(url, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    admin.patch(url, json={"text": "Newer."}, headers={"If-Match": etag})
    newer = anon.get(url, headers={"If-None-Match": etag})
    assert newer.status_code == 200 and newer.json()["text"] == "Newer."
    debate_url = f"/api/debates/{debate['slug']}"
    current = anon.get(debate_url).headers["etag"]
    listed = anon.get(debate_url, headers={"If-None-Match": f'"1", {current}'})
    assert listed.status_code == 304
