"""Links across debates and propositions over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from kb.schemas import NodeUpdate
from tests.knowledge.conftest import World


def _link(source: tuple[str, str], target: tuple[str, str], relation: str = "same-as",
          **extra: Any) -> dict[str, Any]:
    return {"source": {"debate": source[0], "node": source[1]},
            "target": {"debate": target[0], "node": target[1]}, "relation": relation, **extra}


def test_links_create_read_list_and_proposition(world: World) -> None:
    c = world.client
    made = c.post("/api/links", json=_link(("old", "c1"), ("new", "c1"), note="Same point.",
                                           citations=["src p. 3"]),
                  headers=world.auth("admin"))
    assert made.status_code == 201, made.text
    link = made.json()
    assert link["proposition"] == link["id"]
    assert made.headers["location"] == f"/api/links/{link['id']}"
    assert link["citations"] == [{"source": "src", "locator": "p. 3"}]
    related = c.post("/api/links", json=_link(("new", "c9"), ("old", "c2"), "related"),
                     headers=world.auth("admin")).json()
    assert related["proposition"] is None
    one = c.get(f"/api/links/{link['id']}")
    assert one.status_code == 200 and one.headers["etag"] == '"1"'
    listed = c.get("/api/links", params={"debate": "old", "limit": 1}).json()
    assert listed["total"] == 2 and [x["id"] for x in listed["items"]] == [link["id"]]
    assert listed["next"] is not None
    assert c.get("/api/links", params={"debate": "nope"}).status_code == 404
    found = c.get(f"/api/propositions/{link['proposition']}").json()
    assert [(n["debate"], n["node"], n["year"]) for n in found["nodes"]] == [
        ("old", "c1", 2016), ("new", "c1", 2024)]
    assert found["nodes"][0]["labels"] == {"p": "IN", "q": "OUT"}
    assert found["nodes"][0]["text"].startswith("Russia has no real alternative")


def test_links_groups_join_and_split(world: World) -> None:
    c, admin = world.client, world.auth("admin")
    first = c.post("/api/links", json=_link(("old", "c1"), ("new", "c1")), headers=admin).json()
    second = c.post("/api/links", json=_link(("new", "c9"), ("new", "c1")),
                    headers=admin).json()
    assert second["proposition"] == first["id"]
    nodes = c.get(f"/api/propositions/{first['id']}").json()["nodes"]
    assert {(n["debate"], n["node"]) for n in nodes} == {("old", "c1"), ("new", "c1"),
                                                         ("new", "c9")}
    gone = c.delete(f"/api/links/{first['id']}", headers={**admin, "If-Match": '"1"'})
    assert gone.status_code == 204
    assert c.get(f"/api/links/{first['id']}").status_code == 404
    assert c.get(f"/api/propositions/{first['id']}").status_code == 404
    assert c.get(f"/api/links/{second['id']}").json()["proposition"] == second["id"]
    history = c.get(f"/api/links/{first['id']}/revisions").json()
    assert [r["kind"] for r in history] == ["create", "delete"]
    assert history[1]["before"]["target"] == {"debate": "new", "node": "c1"}


def test_links_refusals(world: World) -> None:
    c, admin = world.client, world.auth("admin")
    body = _link(("old", "c1"), ("new", "c1"))
    assert c.post("/api/links", json=body).status_code == 401
    refused = c.post("/api/links", json=body, headers=world.auth("editor"))
    assert refused.status_code == 403, refused.text  # an editor of `old` only
    assert c.post("/api/links", json=body, headers=world.auth("global")).status_code == 201
    again = c.post("/api/links", json=_link(("new", "c1"), ("old", "c1")), headers=admin)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    missing = c.post("/api/links", json=_link(("old", "zz"), ("new", "c1")), headers=admin)
    assert missing.status_code == 404
    self_link = c.post("/api/links", json=_link(("old", "c1"), ("old", "c1")), headers=admin)
    assert self_link.status_code == 422
    bad_relation = c.post("/api/links", json=_link(("old", "c2"), ("new", "c9"), "equals"),
                          headers=admin)
    assert bad_relation.status_code == 422
    bad_cite = c.post("/api/links", json=_link(("old", "c2"), ("new", "c9"),
                                               citations=["nosuch ¶1"]), headers=admin)
    assert bad_cite.status_code == 422
    assert c.get("/api/links", params={"debate": "old"}).json()["total"] == 1
    ident = c.get("/api/links").json()["items"][0]["id"]
    assert c.delete(f"/api/links/{ident}", headers=admin).status_code == 428
    assert c.delete(f"/api/links/{ident}",
                    headers={**admin, "If-Match": '"7"'}).status_code == 412
    assert c.delete(f"/api/links/{ident}", headers={**world.auth("editor"),
                                                    "If-Match": '"1"'}).status_code == 403
    assert c.get(f"/api/links/{ident}").status_code == 200


def test_links_hidden_while_a_node_is_gone_and_back_after_revert(world: World) -> None:
    c, admin = world.client, world.auth("admin")
    link = c.post("/api/links", json=_link(("old", "c2"), ("new", "c9")), headers=admin).json()
    revision = world.store.delete_node("new", "c9", actor="t", cascade=True)
    assert c.get(f"/api/links/{link['id']}").status_code == 404
    assert c.get("/api/links", params={"debate": "new"}).json()["total"] == 0
    world.store.revert("new", revision - 1, actor="t")
    assert c.get(f"/api/links/{link['id']}").status_code == 200
    world.store.update_node("new", "c9", NodeUpdate(text="Changed."), actor="t")
    assert c.get(f"/api/propositions/{link['id']}").json()["nodes"][1]["text"] == "Changed."
    c.delete("/api/debates/new", headers={**admin, "If-Match": "*"})
    assert c.get("/api/links").json()["total"] == 0
