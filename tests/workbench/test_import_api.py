"""POST /api/import: the seed format, dry runs with lines, and replace under If-Match."""

from __future__ import annotations

from tests.workbench.conftest import App

SEED = """\
slug: carbon
title: A carbon tax
parties:
  - key: coalition
    name: Coalition
nodes:
  - key: fair
    kind: claim
    text: The tax is fair.
"""
BAD = """\
slug: carbon
title: A carbon tax
nodes:
  - key: fair
    kind: claim
    txet: The tax is fair.
edges:
  - key: s1
    source: fair
    target: nowhere
    relation: supports
"""


def test_import_reads_the_seed_format(app: App) -> None:
    answer = app.call("POST", "/api/import", params={"format": "seed"}, content=SEED)
    assert answer.status_code == 201, answer.text
    assert app.call("GET", "/api/debates/carbon/nodes/fair").json()["text"] == "The tax is fair."


def test_import_dry_run_reports_every_problem_with_its_line(app: App) -> None:
    answer = app.call("POST", "/api/import", params={"format": "yaml", "dry_run": "true"},
                      content=BAD)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["valid"] is False
    lines = {(p["line"], p["msg"]) for p in report["problems"]}
    assert (6, "unknown field 'txet' (did you mean 'text' or 'target'?)") in lines
    assert any(line == 4 and "required" in msg for line, msg in lines)
    assert app.call("GET", "/api/debates/carbon").status_code == 404
    good = app.call("POST", "/api/import", params={"format": "seed", "dry_run": "true"},
                    content=SEED.replace("fair.", "fair.\nedges:\n  - {key: s1, source: fair, "
                                         "target: nowhere, relation: supports}"))
    assert good.json()["problems"][0]["msg"].startswith("unknown node 'nowhere'")


def test_import_replace_needs_if_match(app: App) -> None:
    app.call("POST", "/api/import", params={"format": "seed"}, content=SEED)
    params = {"format": "seed", "replace": "true"}
    changed = SEED.replace("A carbon tax", "A carbon levy")
    missing = app.call("POST", "/api/import", params=params, content=changed)
    assert missing.status_code == 428
    tag = app.call("GET", "/api/debates/carbon").headers["etag"]
    done = app.call("POST", "/api/import", params=params, content=changed,
                    headers={"If-Match": tag})
    assert done.status_code == 200, done.text
    assert done.json()["title"] == "A carbon levy"
