"""The editing API: batches as one revision, one stance, messages, summaries, undo."""

from __future__ import annotations

from typing import Any

from tests.workbench.conftest import App

NODES = [
    {"op": "create", "kind": "party", "data": {"key": "coalition", "name": "Coalition"}},
    {"op": "create", "kind": "source", "data": {"key": "okafor-2024", "title": "A paper"}},
    {"op": "create", "kind": "node", "data": {"key": "revenue-recycling", "kind": "evidence",
                                               "text": "Revenue is paid back.",
                                               "citations": ["okafor-2024 ¶3"]}},
    {"op": "create", "kind": "node", "data": {"key": "tax-fair", "kind": "claim",
                                               "text": "The tax is fair."}},
    {"op": "create", "kind": "edge", "data": {"key": "s1", "source": "revenue-recycling",
                                               "target": "tax-fair", "relation": "supports"}},
    {"op": "update", "kind": "acceptance", "key": "coalition",
     "data": {"revenue-recycling": "accepted"}},
]


def batch(app: App, operations: list[dict[str, Any]], etag: str, who: str = "ed",
          message: str = "") -> Any:
    return app.call("POST", "/api/debates/demo/batch", who,
                    json={"message": message, "operations": operations},
                    headers={"If-Match": etag})


def etag(app: App) -> str:
    return str(app.call("GET", "/api/debates/demo").headers["etag"])


def test_batch_applies_every_operation_as_one_revision(app: App) -> None:
    before = etag(app)
    answer = batch(app, NODES, before, message="Map the first argument")
    assert answer.status_code == 200, answer.text
    assert answer.json()["revision"] == int(before.strip('"')) + 1
    history = app.call("GET", "/api/debates/demo/revisions").json()["items"]
    newest = history[0]
    assert newest["author"] == "ed" and newest["message"] == "Map the first argument"
    assert "added claim tax-fair: 'The tax is fair.'" in newest["changes"]
    assert "revenue-recycling: unstated -> accepted for coalition" in newest["changes"]
    labels = app.call("GET", "/api/debates/demo/evaluation", params={"party": "coalition"})
    assert labels.json()["labels"]["tax-fair"] == "IN"


def test_batch_refusal_lists_every_problem_by_index_and_changes_nothing(app: App) -> None:
    batch(app, NODES, etag(app))
    before = app.call("GET", "/api/debates/demo/export", params={"format": "json"}).text
    current = etag(app)
    answer = batch(app, [
        {"op": "update", "kind": "node", "key": "tax-fair", "data": {"text": "Changed."}},
        {"op": "delete", "kind": "node", "key": "tax-fiar"},
        {"op": "create", "kind": "node", "data": {"key": "tax-fair", "kind": "claim",
                                                   "text": "Again."}},
        {"op": "delete", "kind": "node", "key": "revenue-recycling"},
    ], current)
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [e["index"] for e in errors] == [1, 2, 3]
    assert "did you mean 'tax-fair'" in errors[0]["msg"]
    assert "already has a node 'tax-fair'" in errors[1]["msg"]
    assert "cascade" in errors[2]["msg"]
    assert etag(app) == current
    assert app.call("GET", "/api/debates/demo/export", params={"format": "json"}).text == before


def test_batch_blames_a_dangling_reference_on_its_operation(app: App) -> None:
    answer = batch(app, [
        {"op": "create", "kind": "node", "data": {"key": "c1", "kind": "claim", "text": "A."}},
        {"op": "create", "kind": "edge", "data": {"source": "c1", "target": "c2",
                                                   "relation": "rebuts"}},
    ], etag(app))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["index"] == 1
    assert "unknown node 'c2'" in answer.json()["errors"][0]["msg"]


def test_batch_needs_if_match_and_refuses_a_stale_one(app: App) -> None:
    ops = [{"op": "update", "kind": "debate", "data": {"title": "New"}}]
    missing = app.call("POST", "/api/debates/demo/batch", "ed", json={"operations": ops})
    assert missing.status_code == 428
    assert batch(app, ops, '"999"').status_code == 412
    assert batch(app, ops, etag(app), who="rita").status_code == 403


def test_stance_changes_one_item_and_keeps_the_rest(app: App) -> None:
    batch(app, [*NODES, {"op": "update", "kind": "acceptance", "key": "coalition",
                         "data": {"edge:s1": "accepted"}}], etag(app))
    path = "/api/debates/demo/parties/coalition/acceptance"
    tag = app.call("GET", path).headers["etag"]
    answer = app.call("PUT", f"{path}/revenue-recycling", "ed", json={"stance": "rejected"},
                      headers={"If-Match": tag, "X-Argmap-Message": "Coalition%20changed"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"revenue-recycling": "rejected", "edge:s1": "accepted"}
    newest = app.call("GET", "/api/debates/demo/revisions").json()["items"][0]
    assert newest["changes"] == ["revenue-recycling: accepted -> rejected for coalition"]
    assert newest["message"] == "Coalition changed"
    stale = app.call("PUT", f"{path}/tax-fair", "ed", json={"stance": "accepted"},
                     headers={"If-Match": tag})
    assert stale.status_code == 412
    tag = answer.headers["etag"]
    bare = app.call("PUT", f"{path}/s1", "ed", json={"stance": "accepted"},
                    headers={"If-Match": tag})
    assert bare.status_code == 404
    assert "write it 'edge:s1'" in bare.json()["detail"]


def test_acceptance_with_a_bare_edge_key_names_the_prefix(app: App) -> None:
    batch(app, NODES, etag(app))
    path = "/api/debates/demo/parties/coalition/acceptance"
    tag = app.call("GET", path).headers["etag"]
    answer = app.call("PUT", path, "ed", json={"s1": "accepted"}, headers={"If-Match": tag})
    assert answer.status_code == 422
    assert "write it 'edge:s1'" in answer.json()["detail"]


def test_citation_and_key_errors_are_in_words(app: App) -> None:
    batch(app, NODES, etag(app))
    answer = app.call("POST", "/api/debates/demo/nodes", "ed", json={
        "key": "c9", "kind": "claim", "text": "A.", "citations": ["Okafor-2024, ¶3"]})
    assert answer.status_code == 422
    msg = answer.json()["errors"][0]["msg"]
    assert "okafor-2024 ¶3" in msg and "^[a-z" not in answer.text
    bad_key = app.call("POST", "/api/debates/demo/nodes", "ed",
                       json={"key": "Bad Key", "kind": "claim", "text": "A."})
    assert "lower-case letters" in bad_key.json()["errors"][0]["msg"]


def test_undo_takes_back_one_revision_and_keeps_later_ones(app: App) -> None:
    batch(app, NODES, etag(app))
    node = app.call("GET", "/api/debates/demo/nodes/tax-fair")
    changed = app.call("PATCH", "/api/debates/demo/nodes/tax-fair", "ed", json={"text": "B."},
                       headers={"If-Match": node.headers["etag"]})
    party = app.call("GET", "/api/debates/demo/parties/coalition")
    app.call("PATCH", "/api/debates/demo/parties/coalition", "ed", json={"name": "The C."},
             headers={"If-Match": party.headers["etag"]})
    number = changed.json()["revision"]
    undone = app.call("POST", f"/api/debates/demo/revisions/{number}/undo", "ed",
                      json={"message": "Back to the first wording"})
    assert undone.status_code == 200, undone.text
    assert app.call("GET", "/api/debates/demo/nodes/tax-fair").json()["text"] == "The tax is fair."
    assert app.call("GET", "/api/debates/demo/parties/coalition").json()["name"] == "The C."
    newest = app.call("GET", "/api/debates/demo/revisions").json()["items"][0]
    assert newest["kind"] == "undo" and newest["message"] == "Back to the first wording"
    again = app.call("POST", f"/api/debates/demo/revisions/{number}/undo", "ed")
    assert again.status_code == 409
    assert again.json()["errors"][0]["item"] == "node:tax-fair"


def test_undo_of_a_creation_later_edges_rest_on_is_a_conflict(app: App) -> None:
    made = app.call("POST", "/api/debates/demo/nodes", "ed",
                    json={"key": "c1", "kind": "claim", "text": "A."})
    app.call("POST", "/api/debates/demo/nodes", "ed",
             json={"key": "c2", "kind": "claim", "text": "B."})
    app.call("POST", "/api/debates/demo/edges", "ed",
             json={"source": "c2", "target": "c1", "relation": "rebuts"})
    answer = app.call("POST", f"/api/debates/demo/revisions/{made.json()['revision']}/undo",
                      "ed")
    assert answer.status_code == 409, answer.text


def test_openapi_marks_if_match_required_where_it_is(app: App) -> None:
    document = app.client.get("/openapi.json").json()

    def if_match(path: str, method: str) -> dict[str, Any]:
        params = document["paths"][path][method]["parameters"]
        return next(p for p in params if p["name"] == "If-Match")

    assert if_match("/api/debates/{slug}/nodes/{key}", "patch")["required"] is True
    assert if_match("/api/debates/{slug}/batch", "post")["required"] is True
    assert if_match("/api/debates/{slug}/parties/{party}/acceptance/{item}",
                    "put")["required"] is True
    assert if_match("/api/debates/{slug}/nodes", "post").get("required", False) is False
