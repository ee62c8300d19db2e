"""docs/editing.md stays true: its worked file passes a dry run and its Python client maps
a debate against a live server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from tests.api.server import add_user, live_server

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")


def block(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", DOC, re.S)
    assert found is not None, f"no {language} block in docs/editing.md"
    return found.group(1)


@pytest.mark.slow
def test_editing_doc_file_and_client_work_against_a_live_server(tmp_path: Path) -> None:
    lines = block("python").strip().splitlines()
    assert len(lines) <= 45, "the client should stay short"
    db_url = f"sqlite:///{tmp_path / 'argmap.db'}"
    (tmp_path / "seeds").mkdir()
    with live_server(db_url, tmp_path, seeds=tmp_path / "seeds") as server:
        token = add_user("script", "editor", db_url=db_url, cwd=tmp_path)
        checked = httpx.post(f"{server.base_url}/api/import",
                             params={"format": "seed", "dry_run": "true"},
                             content=block("yaml").encode(),
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert checked.status_code == 200, checked.text
        assert checked.json()["valid"] is True, checked.json()["problems"]
        imported = httpx.post(f"{server.base_url}/api/import", params={"format": "seed"},
                              content=block("yaml").encode(),
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert imported.status_code == 201, imported.text
        for party, label in (("coalition", "IN"), ("opposition", "OUT")):
            answer = httpx.get(f"{server.base_url}/api/debates/carbon-tax/evaluation",
                               params={"party": party}, timeout=30)
            assert answer.json()["labels"]["tax-fair"] == label, party
        script = tmp_path / "client.py"
        script.write_text(block("python"), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=120,
            env={**os.environ, "ARGMAP_URL": server.base_url, "ARGMAP_TOKEN": token},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "tax-fair: IN"
        history = httpx.get(f"{server.base_url}/api/debates/carbon-tax-script/revisions").json()
        assert [r["message"] for r in history["items"]][:2] == ["mapped by script", "first map"]
