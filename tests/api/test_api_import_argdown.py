"""POST /api/import?format=argdown: the debate written, the report returned, on both
backends; a file without statements changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.api.helpers import assert_problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "argdown"


def test_api_import_argdown_returns_debate_and_report(any_server) -> None:
    admin = any_server.client("admin")
    text = (FIXTURES / "reconstruction.argdown").read_text(encoding="utf-8")
    made = admin.post("/api/import", params={"format": "argdown", "slug": "fares"},
                      content=text.encode(), headers={"Content-Type": "text/plain"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["slug"] == "fares" and body["title"] == "Fares and service"
    assert any("modus ponens" in line for line in body["report"])
    edge = admin.get("/api/debates/fares/edges/counter").json()
    assert (edge["source"], edge["relation"], edge["target"]) == ("leave", "supports", "loss")
    empty = admin.post("/api/import", params={"format": "argdown", "slug": "empty"},
                       content=b"# Only a heading\n", headers={"Content-Type": "text/plain"})
    assert "no Argdown statement" in assert_problem(empty, 422)["detail"]
    assert_problem(admin.get("/api/debates/empty"), 404)
