"""``argmap import DIR``: every file its own debate, a bad file reported and skipped,
a second run changes nothing; links travel in JSON and AIF exports and come back."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from bench.corpus import nodeset
from kb.db import make_engine
from kb.store import Store
from tests.knowledge.conftest import World
from tests.knowledge.test_links_api import _link


def _corpus(folder: Path) -> None:
    rng = random.Random(3)
    for number in (1, 2, 3):
        (folder / f"NodeSet {number}.json").write_text(json.dumps(nodeset(number, rng)))
    (folder / "broken.json").write_text('{"nodes": [{"nodeID": "1", "type": "I"')
    (folder / "not-aif.json").write_text('{"hello": "world"}')


def test_corpus_import_folder_idempotent_with_a_broken_file(db_url: str,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _corpus(folder)
    runner = CliRunner()
    first = runner.invoke(app, ["import", str(folder), "--format", "aif", "--db", db_url])
    assert first.exit_code == 1, first.output
    lines = first.stdout.splitlines()
    assert lines[0].startswith("imported NodeSet 1.json -> nodeset-1: 18 nodes")
    assert "dropped 17 TA node(s)" in lines[0]
    assert any(line.startswith("failed broken.json -> broken: not valid JSON") for line in lines)
    assert any(line.startswith("failed not-aif.json -> not-aif: not an AIF graph")
               for line in lines)
    assert lines[-1].startswith("5 files in") and lines[-1].endswith(
        "3 imported, 0 replaced, 0 unchanged, 0 differ, 2 failed")
    assert "2 file(s) could not be imported" in first.stderr
    engine = make_engine(db_url)
    store = Store(engine)
    assert [d.slug for d in store.list_debates()] == ["nodeset-1", "nodeset-2", "nodeset-3"]
    assert store.find_debate("broken") is None
    revisions = [store.get_debate(s).revision for s in ("nodeset-1", "nodeset-2")]
    links = store.list_links()[1]
    assert links > 0  # the nodesets' MA rephrases became same-as links
    second = runner.invoke(app, ["import", str(folder), "--format", "aif", "--db", db_url])
    assert second.stdout.splitlines()[-1].endswith(
        "0 imported, 0 replaced, 3 unchanged, 0 differ, 2 failed")
    assert [store.get_debate(s).revision for s in ("nodeset-1", "nodeset-2")] == revisions
    assert store.list_links()[1] == links
    (folder / "NodeSet 2.json").write_text(json.dumps(nodeset(9, random.Random(9))))
    third = runner.invoke(app, ["import", str(folder), "--format", "aif", "--db", db_url])
    assert "differs NodeSet 2.json -> nodeset-2" in third.stdout
    replaced = runner.invoke(app, ["import", str(folder), "--format", "aif", "--db", db_url,
                                   "--replace"])
    assert "replaced NodeSet 2.json -> nodeset-2" in replaced.stdout
    assert runner.invoke(app, ["import", str(folder), "--format", "aif", "--slug", "x",
                               "--db", db_url]).exit_code == 1
    engine.dispose()


def test_links_travel_in_json_and_aif_exports(world: World) -> None:
    c, admin = world.client, world.auth("admin")
    c.post("/api/links", json=_link(("old", "c1"), ("new", "c1"), note="Across."),
           headers=admin)
    c.post("/api/links", json=_link(("old", "c1"), ("old", "c2"), "related", note="Inside."),
           headers=admin)
    exported = c.get("/api/debates/old/export", params={"format": "json"}).json()
    assert {(x["target"]["debate"], x["relation"]) for x in exported["links"]} == {
        ("new", "same-as"), ("old", "related")}
    copy = c.post("/api/import", params={"format": "json", "slug": "old-copy"},
                  json=exported, headers=admin)
    assert copy.status_code == 201, copy.text
    mine = c.get("/api/links", params={"debate": "old-copy"}).json()["items"]
    assert {(x["source"]["node"], x["target"]["debate"], x["target"]["node"], x["note"])
            for x in mine} == {("c1", "new", "c1", "Across."), ("c1", "old-copy", "c2",
                                                                 "Inside.")}
    aif = c.get("/api/debates/old/export", params={"format": "aif"}).json()
    ma = [n for n in aif["nodes"] if n["type"] == "MA"]
    assert [n["text"] for n in ma] == ["Related"]  # only the link inside the file
    back = c.post("/api/import", params={"format": "aif", "slug": "old-aif"}, json=aif,
                  headers=admin)
    assert back.status_code == 201, back.text
    inside = c.get("/api/links", params={"debate": "old-aif"}).json()["items"]
    assert [(x["relation"], x["note"], x["source"]["debate"], x["target"]["debate"])
            for x in inside] == [("related", "Inside.", "old-aif", "old-aif")]
