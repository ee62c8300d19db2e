"""Roles over HTTP: anonymous and readers read public debates only, editors change the
debates they edit, admins everything; private debates are invisible (404) to others."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import AppUnderTest, Snapshot, assert_problem, make_debate, unique_slug

# Every kind of change, as (method, path under the debate, json body); If-Match "*" so
# that only the role decides.
WRITES: list[tuple[str, str, Any]] = [
    ("PATCH", "", {"title": "Taken over"}),
    ("DELETE", "", None),
    ("POST", "/nodes", {"key": "x1", "kind": "claim", "text": "Mine."}),
    ("PATCH", "/nodes/c1", {"text": "Mine."}),
    ("DELETE", "/nodes/c1?cascade=true", None),
    ("POST", "/edges", {"source": "e2", "target": "c1", "relation": "rebuts"}),
    ("PATCH", "/edges/s1", {"relation": "rebuts"}),
    ("DELETE", "/edges/s1", None),
    ("POST", "/parties", {"key": "q", "name": "Q"}),
    ("PATCH", "/parties/p", {"name": "Q"}),
    ("PUT", "/parties/p/acceptance", {"e1": "rejected"}),
    ("POST", "/sources", {"key": "s", "title": "S"}),
    ("DELETE", "/sources/s?cascade=true", None),
    ("DELETE", "/parties/p?cascade=true", None),
    ("POST", "/revert", {"revision": 1}),
]


def _send(client: httpx.Client, slug: str, method: str, path: str,
          body: Any) -> httpx.Response:
    return client.request(method, f"/api/debates/{slug}{path}", json=body,
                          headers={"If-Match": "*"})


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_auth_anonymous_write_is_401(
    anon: httpx.Client, debate: dict[str, Any], snapshot: Snapshot,
    method: str, path: str, body: Any,
) -> None:
    before = snapshot(debate["slug"])
    assert_problem(_send(anon, debate["slug"], method, path, body), 401, "auth-required")
    assert snapshot(debate["slug"]) == before


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_auth_reader_and_foreign_editor_write_is_403(
    reader: httpx.Client, editor: httpx.Client, debate: dict[str, Any], snapshot: Snapshot,
    method: str, path: str, body: Any,
) -> None:
    before = snapshot(debate["slug"])
    assert_problem(_send(reader, debate["slug"], method, path, body), 403, "forbidden")
    assert_problem(_send(editor, debate["slug"], method, path, body), 403, "forbidden")
    assert snapshot(debate["slug"]) == before


def test_auth_anyone_reads_public_debates(anon: httpx.Client, reader: httpx.Client,
                                          debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    for client in (anon, reader):
        assert client.get(f"/api/debates/{slug}").status_code == 200
        assert client.get(f"/api/debates/{slug}/nodes").json()["total"] == 3
        assert client.get(f"/api/debates/{slug}/evaluation", params={"party": "p"}) \
            .status_code == 200
        what_if = client.post(f"/api/debates/{slug}/what-if",
                              json={"acceptance": {"e1": "accepted"}})
        assert what_if.status_code == 200


def test_auth_editor_edits_what_they_create(editor: httpx.Client) -> None:
    created = make_debate(editor)
    url = f"/api/debates/{created['slug']}/nodes/c1"
    answer = editor.patch(url, json={"text": "Editor's."},
                          headers={"If-Match": editor.get(url).headers["etag"]})
    assert answer.status_code == 200
    assert created["slug"] in editor.get("/api/me").json()["editor_of"]


def test_auth_grant_makes_an_editor(admin: httpx.Client, editor: httpx.Client,
                                    reader: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    name = editor.get("/api/me").json()["name"]
    assert_problem(reader.put(f"/api/debates/{slug}/editors/{name}"), 403, "forbidden")
    granted = admin.put(f"/api/debates/{slug}/editors/{name}")
    assert granted.status_code == 200 and slug in granted.json()["editor_of"]
    url = f"/api/debates/{slug}/nodes/c1"
    answer = editor.patch(url, json={"text": "Granted."}, headers={"If-Match": "*"})
    assert answer.status_code == 200, answer.text
    assert_problem(admin.put(f"/api/debates/{slug}/editors/nobody-here"), 404, "not-found")


def test_auth_only_admins_and_editors_create_debates(
    anon: httpx.Client, reader: httpx.Client
) -> None:
    body = {"slug": unique_slug(), "title": "T"}
    assert_problem(anon.post("/api/debates", json=body), 401)
    assert_problem(reader.post("/api/debates", json=body), 403)
    assert_problem(anon.get(f"/api/debates/{body['slug']}"), 404)


def test_auth_private_debate_is_invisible(
    admin: httpx.Client, editor: httpx.Client, reader: httpx.Client, anon: httpx.Client
) -> None:
    private = make_debate(admin, public=False)
    slug = private["slug"]
    for client in (anon, reader, editor):
        assert_problem(client.get(f"/api/debates/{slug}"), 404, "not-found")
        assert_problem(client.get(f"/api/debates/{slug}/nodes/c1"), 404, "not-found")
        assert_problem(client.get(f"/api/debates/{slug}/export", params={"format": "json"}),
                       404)
        listed = client.get("/api/debates", params={"limit": 500}).json()["items"]
        assert slug not in {d["slug"] for d in listed}
        hits = client.get("/api/search", params={"q": "claim", "debate": slug}).json()
        assert hits["total"] == 0
    assert_problem(editor.patch(f"/api/debates/{slug}/nodes/c1", json={"text": "X."},
                                headers={"If-Match": "*"}), 404)
    name = editor.get("/api/me").json()["name"]
    admin.put(f"/api/debates/{slug}/editors/{name}")
    assert editor.get(f"/api/debates/{slug}").status_code == 200
    listed = editor.get("/api/debates", params={"limit": 500}).json()["items"]
    assert slug in {d["slug"] for d in listed}
    assert admin.get(f"/api/debates/{slug}").json()["public"] is False


def test_auth_users_and_tokens(server: AppUnderTest, admin: httpx.Client,
                               reader: httpx.Client, anon: httpx.Client) -> None:
    name = unique_slug("user")
    assert_problem(anon.post("/api/users", json={"name": name, "role": "editor"}), 401)
    assert_problem(reader.post("/api/users", json={"name": name, "role": "editor"}), 403)
    assert_problem(reader.get("/api/users"), 403)
    made = admin.post("/api/users", json={"name": name, "role": "editor"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    assert_problem(admin.post("/api/users", json={"name": name, "role": "reader"}), 409)
    assert_problem(admin.post("/api/users", json={"name": unique_slug(), "role": "god"}), 422)
    assert name in {u["name"] for u in admin.get("/api/users",
                                                 params={"limit": 500}).json()["items"]}
    assert admin.get(f"/api/users/{name}").json()["role"] == "editor"

    def me(raw: str) -> httpx.Response:
        return server.client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    assert me(token).json() == {"name": name, "role": "editor", "global_editor": True,
                                "editor_of": []}
    second = admin.post(f"/api/users/{name}/tokens")
    assert second.status_code == 201
    token2 = second.json()["token"]
    assert me(token2).status_code == 200
    revoked = server.client().post("/api/tokens/revoke", json={"token": token},
                                   headers={"Authorization": f"Bearer {token2}"})
    assert revoked.json() == {"revoked": 1}
    assert_problem(me(token), 401, "auth-required")
    assert me(token2).status_code == 200
    assert_problem(reader.post("/api/tokens/revoke", json={"token": token2}), 403)
    assert admin.delete(f"/api/users/{name}/tokens").json() == {"revoked": 1}
    assert_problem(me(token2), 401, "auth-required")
    assert_problem(admin.delete("/api/users/nobody-at-all/tokens"), 404)


def test_auth_editor_import_makes_them_its_editor(admin: httpx.Client, editor: httpx.Client,
                                                  debate: dict[str, Any]) -> None:
    text = admin.get(f"/api/debates/{debate['slug']}/export", params={"format": "json"}).text
    slug = unique_slug("imported")
    made = editor.post("/api/import", params={"format": "json", "slug": slug}, content=text)
    assert made.status_code == 201, made.text
    answer = editor.patch(f"/api/debates/{slug}/nodes/c1", json={"text": "Mine now."},
                          headers={"If-Match": made.headers["etag"]})
    assert answer.status_code == 200, answer.text
