"""docs/api.md's walk-through, run against a live server: every ``sh`` block is run with
``$API`` and ``$TOKEN`` set, and its answer must match the ``http``/``text`` block after it
(status lines, the headers shown, and the JSON shown as a subset of the JSON received)."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live.server import ROOT, LiveServer, add_user, live_server

DOC = ROOT / "docs" / "api.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def walkthrough() -> list[tuple[str, str, str]]:
    """(command, expected kind, expected answer) for each sh block followed by an answer."""
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    steps = []
    for (kind, body), (next_kind, answer) in itertools.pairwise(blocks):
        if kind == "sh":
            assert next_kind in ("http", "text"), f"no answer shown after:\n{body}"
            steps.append((body, next_kind, answer))
    return steps


def parse(text: str) -> dict[str, list[Any]]:
    """Status lines, headers, JSON values and other lines of curl output."""
    found: dict[str, list[Any]] = {"status": [], "header": [], "json": [], "text": []}
    decoder = json.JSONDecoder()
    text = text.replace("\r\n", "\n")
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        if text.startswith("HTTP/", position):
            head, _, _ = text[position:].partition("\n\n")
            lines = head.split("\n")
            found["status"].append(lines[0].strip())
            for line in lines[1:]:
                name, _, value = line.partition(":")
                found["header"].append((name.strip().lower(), value.strip()))
            position += len(head) + 2
        elif text[position] in "{[":
            value, end = decoder.raw_decode(text, position)
            found["json"].append(value)
            position = end
        else:
            line, _, _ = text[position:].partition("\n")
            found["text"].append(line.strip())
            position += len(line) + 1
    return found


def is_subset(shown: Any, got: Any) -> bool:
    """Whether everything `shown` in the docs is in `got` (dicts may hold more keys)."""
    if isinstance(shown, dict):
        return isinstance(got, dict) and all(
            key in got and is_subset(value, got[key]) for key, value in shown.items()
        )
    if isinstance(shown, list):
        return (isinstance(got, list) and len(shown) == len(got)
                and all(is_subset(a, b) for a, b in zip(shown, got, strict=True)))
    return bool(shown == got)


@pytest.fixture
def docs_server(tmp_path: Path) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp_path / 'argmap.db'}"
    no_seeds = tmp_path / "no-seeds"
    no_seeds.mkdir()
    with live_server(url, tmp_path, seeds=no_seeds) as server:
        server.tokens["admin"] = add_user("ann", "admin", db_url=url, cwd=tmp_path)
        yield server


def test_live_docs_walkthrough_runs(docs_server: LiveServer) -> None:
    steps = walkthrough()
    assert len(steps) >= 10
    env = {**os.environ, "API": docs_server.base_url, "TOKEN": docs_server.tokens["admin"]}
    for command, _kind, answer in steps:
        run = subprocess.run(["bash", "-c", command], env=env, capture_output=True,
                             text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        expected, got = parse(answer), parse(run.stdout)
        where = f"\n$ {command}\n--- got:\n{run.stdout}"
        assert got["status"] == expected["status"], where
        for header in expected["header"]:
            assert header in got["header"], f"{header} missing{where}"
        assert len(got["json"]) == len(expected["json"]), where
        for shown, received in zip(expected["json"], got["json"], strict=True):
            assert is_subset(shown, received), f"{shown} not in {received}{where}"
        assert got["text"] == expected["text"], where
