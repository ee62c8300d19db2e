"""Debates over HTTP: create, list, read, change, delete; history, revert, export, import."""

from __future__ import annotations

import json
from typing import Any

import httpx

from api.routes.transfer import MEDIA_TYPES
from kb.engine import evaluate_party
from kb.formats import json as json_format
from tests.api.helpers import Snapshot, assert_problem, make_debate, unique_slug


def test_debate_create_read_update_delete(admin: httpx.Client, anon: httpx.Client) -> None:
    slug = unique_slug()
    made = admin.post("/api/debates", json={"slug": slug, "title": "T", "mode": "presumptive"})
    assert made.status_code == 201
    assert made.headers["etag"] == '"1"' and made.headers["location"] == f"/api/debates/{slug}"
    assert made.json()["mode"] == "presumptive" and made.json()["revision"] == 1
    assert_problem(admin.post("/api/debates", json={"slug": slug, "title": "Again"}), 409)
    read = anon.get(f"/api/debates/{slug}")
    assert read.headers["etag"] == '"1"'
    assert_problem(admin.patch(f"/api/debates/{slug}", json={"title": "U"}), 428)
    changed = admin.patch(f"/api/debates/{slug}", json={"title": "U", "summary": "S."},
                          headers={"If-Match": '"1"'})
    assert changed.json()["title"] == "U" and changed.headers["etag"] == '"2"'
    assert_problem(admin.patch(f"/api/debates/{slug}", json={"title": "V"},
                               headers={"If-Match": '"1"'}), 412, "stale")
    assert_problem(admin.patch(f"/api/debates/{slug}", json={"title": None},
                               headers={"If-Match": '"2"'}), 422)
    assert_problem(admin.delete(f"/api/debates/{slug}", headers={"If-Match": '"1"'}), 412)
    assert admin.delete(f"/api/debates/{slug}", headers={"If-Match": '"2"'}).status_code == 204
    assert_problem(anon.get(f"/api/debates/{slug}"), 404)


def test_debate_list_is_paginated_and_sorted(admin: httpx.Client) -> None:
    for _ in range(3):
        make_debate(admin)
    first = admin.get("/api/debates", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["total"] >= 5 and first["offset"] == 0
    second = admin.get(first["next"]).json()
    assert second["offset"] == 2
    slugs = [d["slug"] for d in first["items"] + second["items"]]
    assert slugs == sorted(slugs)
    assert {"asan-2024", "rozman-2016"} <= {
        d["slug"] for d in admin.get("/api/debates", params={"limit": 500}).json()["items"]
    }


def test_debate_revisions_record_every_change(admin: httpx.Client,
                                              debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    history = admin.get(f"/api/debates/{slug}/revisions").json()
    assert history["total"] == debate["revision"] == len(history["items"])
    numbers = [r["number"] for r in history["items"]]
    assert numbers == sorted(numbers, reverse=True) and numbers[-1] == 1
    newest = history["items"][0]
    assert newest["author"] == admin.get("/api/me").json()["name"]
    assert newest["after"]["party:p"]["name"] == "P" and newest["before"]["party:p"] is None
    one = admin.get(f"/api/debates/{slug}/revisions/2").json()
    assert one["number"] == 2 and "node:e1" in one["after"]
    assert_problem(admin.get(f"/api/debates/{slug}/revisions/999"), 404)
    page = admin.get(f"/api/debates/{slug}/revisions", params={"limit": 2, "offset": 1}).json()
    assert [r["number"] for r in page["items"]] == numbers[1:3]


def test_debate_revert_restores_an_earlier_state(
    admin: httpx.Client, debate: dict[str, Any], snapshot: Snapshot
) -> None:
    slug = debate["slug"]
    at = debate["revision"]
    before = snapshot(slug).split("\n", 1)[1]
    url = f"/api/debates/{slug}/nodes/c1"
    admin.patch(url, json={"text": "Changed."}, headers={"If-Match": "*"})
    admin.delete(f"/api/debates/{slug}/nodes/e2", headers={"If-Match": "*"})
    assert_problem(admin.post(f"/api/debates/{slug}/revert", json={"revision": 999}), 422)
    assert_problem(admin.post(f"/api/debates/{slug}/revert", json={"revision": at},
                              headers={"If-Match": '"1"'}), 412)
    reverted = admin.post(f"/api/debates/{slug}/revert", json={"revision": at})
    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["revision"] == at + 3
    assert snapshot(slug).split("\n", 1)[1] == before
    kinds = [r["kind"] for r in admin.get(f"/api/debates/{slug}/revisions").json()["items"]]
    assert kinds[0] == "revert"


def test_debate_export_every_format(anon: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    exported = anon.get(f"/api/debates/{slug}/export", params={"format": "json"})
    assert exported.headers["content-type"].startswith("application/json")
    assert exported.headers["etag"] == f'"{debate["revision"]}"'
    doc = json_format.load(exported.text)
    assert [n.key for n in doc.nodes] == ["e1", "e2", "c1"]
    for name in ("markdown", "html", "aif", "argdown", "dot", "graphml", "iccma", "brief",
                 "brief-html"):
        answer = anon.get(f"/api/debates/{slug}/export", params={"format": name, "party": "p"})
        assert answer.status_code == 200, (name, answer.text)
        assert answer.text
        assert answer.headers["content-type"].split(";")[0] == MEDIA_TYPES[name]
    brief = anon.get(f"/api/debates/{slug}/export", params={"format": "brief"}).text
    assert brief.startswith("# Seminar brief: ") and "## The central claim" in brief
    assert_problem(anon.get(f"/api/debates/{slug}/export", params={"format": "pdf"}), 422)
    assert_problem(anon.get(f"/api/debates/{slug}/export",
                            params={"format": "json", "party": "nobody"}), 404)


def test_debate_import_round_trip(admin: httpx.Client, debate: dict[str, Any]) -> None:
    text = admin.get(f"/api/debates/{debate['slug']}/export", params={"format": "json"}).text
    slug = unique_slug("copy")
    made = admin.post("/api/import", params={"format": "json", "slug": slug}, content=text,
                      headers={"content-type": "application/json"})
    assert made.status_code == 201, made.text
    assert made.headers["location"] == f"/api/debates/{slug}"
    copy = admin.get(f"/api/debates/{slug}/export", params={"format": "json"}).text
    assert json.loads(copy) == dict(json.loads(text), slug=slug)
    again = admin.post("/api/import", params={"format": "json", "slug": slug}, content=text)
    assert_problem(again, 409, "conflict")
    replaced = admin.post("/api/import", params={"format": "json", "slug": slug,
                                                 "replace": "true"},
                          content=text.replace("A claim.", "A replaced claim."))
    assert replaced.status_code == 200, replaced.text
    assert admin.get(f"/api/debates/{slug}/nodes/c1").json()["text"] == "A replaced claim."


def test_debate_import_aif(admin: httpx.Client, debate: dict[str, Any]) -> None:
    aif = admin.get(f"/api/debates/{debate['slug']}/export", params={"format": "aif"}).text
    slug = unique_slug("aif")
    made = admin.post("/api/import", params={"format": "aif", "slug": slug}, content=aif)
    assert made.status_code == 201, made.text
    texts = {n["text"] for n in admin.get(f"/api/debates/{slug}/nodes").json()["items"]}
    assert {"A first fact.", "A claim."} <= texts


def test_debate_bad_import_changes_nothing(admin: httpx.Client, editor: httpx.Client,
                                           reader: httpx.Client,
                                           debate: dict[str, Any]) -> None:
    slug = unique_slug("bad")
    good = admin.get(f"/api/debates/{debate['slug']}/export", params={"format": "json"}).text
    broken = json.loads(good)
    broken["edges"][0]["target"] = "missing-node"
    for body in (json.dumps(broken), "{not json", "\xff\xfe".encode("latin-1"), "[]"):
        answer = admin.post("/api/import", params={"format": "json", "slug": slug},
                            content=body)
        assert_problem(answer, 422, "invalid-input")
        assert_problem(admin.get(f"/api/debates/{slug}"), 404)
    assert_problem(reader.post("/api/import", params={"format": "json", "slug": slug},
                               content=good), 403)
    assert_problem(editor.post("/api/import", params={"format": "json",
                                                      "slug": debate["slug"],
                                                      "replace": "true"}, content=good), 403)
    assert_problem(admin.post("/api/import", params={"format": "pdf"}, content=good), 422)
    big = b'{"slug": "x", "title": "' + b"a" * 21_000_000 + b'"}'
    assert_problem(admin.post("/api/import", params={"format": "json"}, content=big), 413)


def test_debate_import_large_file_under_its_own_cap(admin: httpx.Client) -> None:
    slug = unique_slug("big")
    nodes = [{"key": f"n{i}", "kind": "evidence", "text": "x" * 1500} for i in range(900)]
    text = json.dumps({"slug": slug, "title": "Big", "nodes": nodes})
    assert len(text) > 1_000_000
    made = admin.post("/api/import", params={"format": "json"}, content=text)
    assert made.status_code == 201, made.text[:500]
    assert admin.get(f"/api/debates/{slug}/nodes").json()["total"] == 900


def test_evaluation_matches_the_engine(admin: httpx.Client, anon: httpx.Client,
                                       debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "accepted"},
              headers={"If-Match": "*"})
    doc = json_format.load(anon.get(f"/api/debates/{slug}/export",
                                    params={"format": "json"}).text)
    for semantics in ("grounded", "complete", "preferred", "stable"):
        answer = anon.get(f"/api/debates/{slug}/evaluation",
                          params={"party": "p", "semantics": semantics})
        assert answer.status_code == 200, answer.text
        expected = evaluate_party(doc, "p", semantics=semantics).to_json(debate=slug, party="p")
        assert answer.json() == expected
    assert answer.json()["labels"]["c1"] == "IN"
    assert_problem(anon.get(f"/api/debates/{slug}/evaluation", params={"party": "nobody"}), 404)
    assert_problem(anon.get(f"/api/debates/{slug}/evaluation",
                            params={"party": "p", "semantics": "ideal"}), 422)
    assert_problem(anon.get(f"/api/debates/{slug}/evaluation"), 422)


def test_evaluation_follows_each_change(admin: httpx.Client, debate: dict[str, Any]) -> None:
    slug = debate["slug"]
    url = f"/api/debates/{slug}/parties/p/acceptance"
    admin.put(url, json={"e1": "accepted"}, headers={"If-Match": "*"})

    def label() -> str:
        answer = admin.get(f"/api/debates/{slug}/evaluation", params={"party": "p"})
        return str(answer.json()["labels"]["c1"])

    assert label() == "IN"
    admin.post(f"/api/debates/{slug}/edges",
               json={"source": "e2", "target": "c1", "relation": "rebuts"})
    assert label() == "IN"
    admin.put(url, json={"e1": "accepted", "e2": "accepted"}, headers={"If-Match": "*"})
    assert label() == "OUT"


def test_evaluation_explanation_comparison_cruxes_what_if_strength(
    admin: httpx.Client, anon: httpx.Client, debate: dict[str, Any]
) -> None:
    slug = debate["slug"]
    admin.post(f"/api/debates/{slug}/parties", json={"key": "q", "name": "Q"})
    admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "accepted"},
              headers={"If-Match": "*"})
    why = anon.get(f"/api/debates/{slug}/nodes/c1/explanation", params={"party": "p"}).json()
    assert why["key"] == "c1" and why["label"] == "IN" and why["sentences"]
    assert_problem(anon.get(f"/api/debates/{slug}/nodes/zz/explanation",
                            params={"party": "p"}), 404)
    compared = anon.get(f"/api/debates/{slug}/comparison", params={"parties": "p,q"}).json()
    assert {"key": "c1", "a": "IN", "b": "OUT"} in compared["diverge"]
    assert_problem(anon.get(f"/api/debates/{slug}/comparison", params={"parties": "p"}), 422)
    assert_problem(anon.get(f"/api/debates/{slug}/comparison", params={"parties": "p,p"}), 422)
    assert_problem(anon.get(f"/api/debates/{slug}/comparison", params={"parties": "p,zz"}), 404)
    cruxes = anon.get(f"/api/debates/{slug}/cruxes", params={"parties": "p,q"}).json()
    assert cruxes["cruxes"][0]["claim"] == "c1" and cruxes["cruxes"][0]["items"] == ["e1"]
    what_if = anon.post(f"/api/debates/{slug}/what-if",
                        json={"acceptance": {"e1": "rejected"}, "semantics": "grounded"})
    assert what_if.json()["labels"]["c1"] == "OUT" and what_if.json()["party"] is None
    based = anon.post(f"/api/debates/{slug}/what-if", json={"party": "p", "acceptance": {}})
    assert based.json()["labels"]["c1"] == "IN"
    assert_problem(anon.post(f"/api/debates/{slug}/what-if",
                             json={"acceptance": {"zz": "accepted"}}), 422)
    assert_problem(anon.post(f"/api/debates/{slug}/what-if",
                             json={"acceptance": {}, "extra": 1}), 422)
    strength = anon.get(f"/api/debates/{slug}/strength", params={"party": "p"}).json()
    assert 0.0 <= strength["strength"]["c1"] <= 1.0 and strength["strength"]["e1"] == 1.0


def test_search_finds_claims_across_debates(anon: httpx.Client, admin: httpx.Client) -> None:
    made = make_debate(admin)
    marker = unique_slug("word").replace("-", "")
    admin.post(f"/api/debates/{made['slug']}/nodes",
               json={"key": "z1", "kind": "claim", "text": f"Something {marker} here."})
    hits = anon.get("/api/search", params={"q": marker.upper()}).json()
    assert [(h["debate"], h["key"]) for h in hits["items"]] == [(made["slug"], "z1")]
    assert anon.get("/api/search", params={"q": marker, "kind": "evidence"}).json()["total"] == 0
    assert anon.get("/api/search", params={"q": marker, "kind": "any"}).json()["total"] == 1
    found = anon.get("/api/search", params={"q": "first fact", "kind": "any",
                                            "debate": made["slug"]}).json()
    assert [h["key"] for h in found["items"]] == ["e1"]
    assert_problem(anon.get("/api/search", params={"q": ""}), 422)


def test_evaluation_cache_survives_delete_and_recreate(admin: httpx.Client) -> None:
    made = make_debate(admin)
    slug = made["slug"]
    admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "accepted"},
              headers={"If-Match": "*"})
    first = admin.get(f"/api/debates/{slug}/evaluation", params={"party": "p"}).json()
    assert first["labels"]["c1"] == "IN"
    revision = admin.get(f"/api/debates/{slug}").json()["revision"]
    admin.delete(f"/api/debates/{slug}", headers={"If-Match": f'"{revision}"'})
    again = make_debate(admin, slug=slug)
    assert again["revision"] == revision - 1  # the same revision number as before the PUT
    admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "rejected"},
              headers={"If-Match": "*"})
    second = admin.get(f"/api/debates/{slug}/evaluation", params={"party": "p"}).json()
    assert second["labels"]["c1"] == "OUT"
