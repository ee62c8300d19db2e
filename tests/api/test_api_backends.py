"""The same API story on SQLite and on PostgreSQL: same answers, same refusals."""

from __future__ import annotations

import json

from kb.formats import WRITERS, format_module
from tests.api.helpers import AppUnderTest, assert_problem, make_debate, unique_slug


def test_backend_story_is_identical(any_server: AppUnderTest) -> None:
    with any_server.client("admin") as admin, any_server.client("reader") as reader:
        made = make_debate(admin)
        slug = made["slug"]
        nodes = f"/api/debates/{slug}/nodes"
        assert_problem(admin.post(nodes, json={"key": "c1", "kind": "claim", "text": "X."}),
                       409, "conflict")
        assert_problem(admin.post(f"/api/debates/{slug}/edges",
                                  json={"source": "e1", "target": "zz",
                                        "relation": "supports"}), 422)
        etag = admin.get(f"{nodes}/c1").headers["etag"]
        assert admin.patch(f"{nodes}/c1", json={"text": "Y."},
                           headers={"If-Match": etag}).status_code == 200
        assert_problem(admin.patch(f"{nodes}/c1", json={"text": "Z."},
                                   headers={"If-Match": etag}), 412, "stale")
        assert_problem(admin.delete(f"{nodes}/e1", headers={"If-Match": "*"}), 409)
        assert_problem(reader.patch(f"{nodes}/c1", json={"text": "R."},
                                    headers={"If-Match": "*"}), 403)
        admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "accepted"},
                  headers={"If-Match": "*"})
        labels = admin.get(f"/api/debates/{slug}/evaluation", params={"party": "p"}).json()
        assert labels["labels"] == {"e1": "IN", "e2": "OUT", "c1": "IN"}
        reverted = admin.post(f"/api/debates/{slug}/revert", json={"revision": 1})
        assert reverted.status_code == 200
        assert admin.get(nodes).json()["total"] == 0
        history = admin.get(f"/api/debates/{slug}/revisions").json()
        assert history["total"] == reverted.json()["revision"] == 9
        text = json.dumps({"slug": unique_slug(), "title": "T",
                           "edges": [{"key": "s", "source": "a", "target": "b",
                                      "relation": "supports"}]})
        assert_problem(admin.post("/api/import", params={"format": "json"}, content=text), 422)


def test_backend_unstorable_values_are_422_on_both(any_server: AppUnderTest) -> None:
    with any_server.client("admin") as admin:
        made = make_debate(admin)
        slug = made["slug"]
        before = admin.get(f"/api/debates/{slug}/export", params={"format": "json"}).text
        nul = admin.post(f"/api/debates/{slug}/nodes",
                         json={"key": "z", "kind": "claim", "text": "a\u0000b"})
        assert_problem(nul, 422, "invalid-input")
        raw = admin.post(f"/api/debates/{slug}/nodes",
                         content=b'{"key": "z", "kind": "claim", "text": "a\x00b"}',
                         headers={"content-type": "application/json"})
        assert_problem(raw, 422, "invalid-input")
        for year in (10**30, 2**40, -10**6):
            answer = admin.post(f"/api/debates/{slug}/sources",
                                json={"key": "s", "title": "S", "year": year})
            assert_problem(answer, 422, "invalid-input")
        assert_problem(admin.get(f"/api/debates/{slug}/revisions/{2**40}"), 422)
        assert admin.get(f"/api/debates/{slug}/export", params={"format": "json"}).text == before
        escaped = admin.post(f"/api/debates/{slug}/nodes",
                             json={"key": "z", "kind": "claim", "text": "a\\u0000b"})
        assert escaped.status_code == 201 and escaped.json()["text"] == "a\\u0000b"


def test_backend_export_media_types_match_the_formats() -> None:
    from api.routes.transfer import MEDIA_TYPES

    assert {name: format_module(name).MEDIA_TYPE for name in WRITERS} == {
        name: MEDIA_TYPES[name] for name in WRITERS
    }


def test_backend_health_names_the_database(any_server: AppUnderTest) -> None:
    answer = any_server.client().get("/api/health")
    expected = "sqlite" if any_server.db_url.startswith("sqlite") else "postgresql"
    assert answer.json() == {"status": "ok", "database": expected}
