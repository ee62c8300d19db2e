"""Over HTTP: deleting sources and parties (If-Match, 409 while in use, cascade, revert),
taking editor grants back, global and per-debate editors, nulls in PATCH, and the debate
list beyond a thousand debates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, insert
from sqlmodel import Session, col

from kb.db import make_engine
from kb.models import Debate
from tests.api.conftest import SEED_DEBATE
from tests.api.helpers import AppUnderTest, Snapshot, assert_problem, make_debate, unique_slug


def _cite(admin: httpx.Client, slug: str) -> None:
    """Add source `src`, cite it from c1, and name party p in c1's asserted_by."""
    made = admin.post(f"/api/debates/{slug}/sources", json={"key": "src", "title": "A source"})
    assert made.status_code == 201, made.text
    changed = admin.patch(f"/api/debates/{slug}/nodes/c1", headers={"If-Match": "*"},
                          json={"citations": [{"source": "src", "locator": "p. 2"}],
                                "asserted_by": ["p"]})
    assert changed.status_code == 200, changed.text


@pytest.fixture
def backend_admin(any_server: AppUnderTest) -> Iterator[httpx.Client]:
    """An admin's client of the SQLite server, then of the PostgreSQL one."""
    with any_server.client("admin") as client:
        yield client


def _state(admin: httpx.Client, slug: str) -> str:
    exported = admin.get(f"/api/debates/{slug}/export", params={"format": "json"})
    return admin.get(f"/api/debates/{slug}").headers["etag"] + exported.text


def test_source_delete_needs_if_match_and_cascade(backend_admin: httpx.Client) -> None:
    admin = backend_admin
    slug = make_debate(admin)["slug"]
    _cite(admin, slug)
    url = f"/api/debates/{slug}/sources/src"
    etag = admin.get(url).headers["etag"]
    before = _state(admin, slug)
    assert_problem(admin.delete(url), 428, "precondition-required")
    assert_problem(admin.delete(url, headers={"If-Match": '"1"'}), 412, "stale")
    in_use = assert_problem(admin.delete(url, headers={"If-Match": etag}), 409, "conflict")
    assert "node c1" in in_use["detail"]
    assert _state(admin, slug) == before
    gone = admin.delete(url, params={"cascade": "true"}, headers={"If-Match": etag})
    assert gone.status_code == 204, gone.text
    assert_problem(admin.get(url), 404, "not-found")
    assert admin.get(f"/api/debates/{slug}/nodes/c1").json()["citations"] == []
    latest = admin.get(f"/api/debates/{slug}/revisions", params={"limit": 1}).json()["items"][0]
    assert latest["kind"] == "delete_source" and latest["after"]["source:src"] is None
    reverted = admin.post(f"/api/debates/{slug}/revert", json={"revision": latest["number"] - 1})
    assert reverted.status_code == 200, reverted.text
    assert admin.get(url).status_code == 200
    assert admin.get(f"/api/debates/{slug}/nodes/c1").json()["citations"] == [
        {"source": "src", "locator": "p. 2"}]


def test_party_delete_cascade_takes_assertions_and_acceptance(
    backend_admin: httpx.Client,
) -> None:
    admin = backend_admin
    slug = make_debate(admin)["slug"]
    _cite(admin, slug)
    acceptance = f"/api/debates/{slug}/parties/p/acceptance"
    put = admin.put(acceptance, json={"e1": "accepted"}, headers={"If-Match": "*"})
    assert put.status_code == 200, put.text
    url = f"/api/debates/{slug}/parties/p"
    etag = admin.get(url).headers["etag"]
    before = _state(admin, slug)
    assert_problem(admin.delete(url), 428, "precondition-required")
    assert_problem(admin.delete(url, headers={"If-Match": etag}), 409, "conflict")
    assert _state(admin, slug) == before
    gone = admin.delete(url, params={"cascade": "true"}, headers={"If-Match": etag})
    assert gone.status_code == 204, gone.text
    assert_problem(admin.get(url), 404, "not-found")
    assert_problem(admin.get(acceptance), 404, "not-found")
    assert admin.get(f"/api/debates/{slug}/nodes/c1").json()["asserted_by"] == []
    number = int(admin.get(f"/api/debates/{slug}").headers["etag"].strip('"'))
    assert admin.post(f"/api/debates/{slug}/revert",
                      json={"revision": number - 1}).status_code == 200
    assert admin.get(acceptance).json() == {"e1": "accepted"}
    assert admin.get(f"/api/debates/{slug}/nodes/c1").json()["asserted_by"] == ["p"]


def test_unused_party_and_unknown_items(admin: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    url = f"/api/debates/{slug}/parties/p"
    assert admin.delete(url, headers={"If-Match": "*"}).status_code == 204
    assert_problem(admin.delete(url, headers={"If-Match": "*"}), 404, "not-found")
    assert_problem(admin.delete(f"/api/debates/{slug}/sources/nope",
                                headers={"If-Match": "*"}), 404, "not-found")


def test_editor_grant_revoked_over_http(admin: httpx.Client, editor: httpx.Client,
                                        reader: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    name = editor.get("/api/me").json()["name"]
    url = f"/api/debates/{slug}/editors/{name}"
    assert admin.put(url).status_code == 200
    node = f"/api/debates/{slug}/nodes/c1"
    assert editor.patch(node, json={"text": "Mine."}, headers={"If-Match": "*"}).status_code \
        == 200
    assert_problem(reader.delete(url), 403, "forbidden")
    assert_problem(editor.delete(url), 403, "forbidden")
    revoked = admin.delete(url)
    assert revoked.status_code == 200, revoked.text
    assert slug not in revoked.json()["editor_of"]
    assert_problem(editor.patch(node, json={"text": "Again."}, headers={"If-Match": "*"}),
                   403, "forbidden")
    assert_problem(admin.delete(url), 404, "not-found")
    assert_problem(admin.delete(f"/api/debates/{slug}/editors/nobody-here"), 404, "not-found")


def test_global_editor_edits_every_debate_but_not_users(
    admin: httpx.Client, global_editor: httpx.Client, editor: httpx.Client
) -> None:
    me = global_editor.get("/api/me").json()
    assert me["global_editor"] is True and me["role"] == "editor"
    for public in (True, False):
        made = make_debate(admin, public=public)
        node = f"/api/debates/{made['slug']}/nodes/c1"
        assert global_editor.get(node).status_code == 200
        changed = global_editor.patch(node, json={"text": "Global."}, headers={"If-Match": "*"})
        assert changed.status_code == 200, changed.text
        assert_problem(editor.patch(node, json={"text": "Foreign."}, headers={"If-Match": "*"}),
                       403 if public else 404)
    assert_problem(global_editor.get("/api/users"), 403, "forbidden")
    assert_problem(global_editor.post("/api/users", json={"name": unique_slug("u"),
                                                          "role": "admin"}), 403, "forbidden")


def test_per_debate_editor_edits_only_their_debate(
    admin: httpx.Client, editor: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    me = editor.get("/api/me").json()
    assert me["global_editor"] is False and SEED_DEBATE in me["editor_of"]
    seed = editor.get(f"/api/debates/{SEED_DEBATE}")
    same = editor.patch(f"/api/debates/{SEED_DEBATE}", json={"title": seed.json()["title"]},
                        headers={"If-Match": seed.headers["etag"]})
    assert same.status_code == 200, same.text  # allowed (and changes nothing)
    before = snapshot(debate["slug"])
    assert_problem(editor.patch(f"/api/debates/{debate['slug']}", json={"title": "Mine"},
                                headers={"If-Match": "*"}), 403, "forbidden")
    assert snapshot(debate["slug"]) == before


def test_users_created_over_http_are_global_or_scoped(
    server: AppUnderTest, admin: httpx.Client, debate: dict[str, Any]
) -> None:
    scoped = admin.post("/api/users", json={"name": unique_slug("u"), "role": "editor",
                                            "debates": [debate["slug"]]})
    wide = admin.post("/api/users", json={"name": unique_slug("u"), "role": "editor"})
    assert scoped.status_code == wide.status_code == 201
    assert scoped.json()["global_editor"] is False and wide.json()["global_editor"] is True
    other = make_debate(admin)
    node = f"/api/debates/{other['slug']}/nodes/c1"
    for made, status in ((scoped, 403), (wide, 200)):
        answer = server.client().patch(node, json={"text": "Who?"},
                                       headers={"If-Match": "*",
                                                "Authorization": f"Bearer {made.json()['token']}"})
        assert answer.status_code == status, answer.text


@pytest.mark.parametrize(
    ("path", "body"),
    [("", {"title": None}), ("", {"public": None}), ("/nodes/c1", {"kind": None}),
     ("/edges/s1", {"relation": None}), ("/edges/s1", {"source": None}),
     ("/parties/p", {"name": None})],
)
def test_patch_null_is_422_naming_the_field(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot, path: str,
    body: dict[str, Any]
) -> None:
    before = snapshot(debate["slug"])
    answer = admin.patch(f"/api/debates/{debate['slug']}{path}", json=body,
                         headers={"If-Match": "*"})
    problem = assert_problem(answer, 422, "invalid-input")
    assert f"'{next(iter(body))}' may not be null" in problem["detail"]
    assert snapshot(debate["slug"]) == before


def test_patch_null_year_clears_it(admin: httpx.Client, debate: dict[str, Any]) -> None:
    url = f"/api/debates/{debate['slug']}/sources"
    assert admin.post(url, json={"key": "s", "title": "S", "year": 2020}).status_code == 201
    cleared = admin.patch(url + "/s", json={"year": None}, headers={"If-Match": "*"})
    assert cleared.status_code == 200 and cleared.json()["year"] is None


def test_debate_list_counts_and_pages_beyond_a_thousand(any_server: AppUnderTest) -> None:
    prefix = unique_slug("many")
    now = datetime.now(UTC)
    engine = make_engine(any_server.db_url)
    try:
        with Session(engine) as session:
            session.execute(insert(Debate.__table__), [  # type: ignore[attr-defined]
                {"slug": f"{prefix}-{i:04d}", "title": "T", "summary": "", "public": True,
                 "mode": "unsupported", "revision": 1, "created_at": now, "updated_at": now}
                for i in range(1100)
            ])
            session.commit()
        with any_server.client() as anon:
            first = anon.get("/api/debates", params={"limit": 500}).json()
            assert first["total"] >= 1100
            seen = [d["slug"] for d in first["items"]]
            following = first["next"]
            while following:
                page = anon.get(following).json()
                assert page["total"] == first["total"]
                seen += [d["slug"] for d in page["items"]]
                following = page["next"]
            assert len(seen) == len(set(seen)) == first["total"]
            assert sum(slug.startswith(prefix) for slug in seen) == 1100
    finally:
        with Session(engine) as session:
            session.execute(delete(Debate).where(col(Debate.slug).startswith(prefix)))
            session.commit()
        engine.dispose()
