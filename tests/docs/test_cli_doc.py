"""The command lines of docs/cli.md run, in order, against a fresh database.

The session runs in process (Typer's CliRunner, in a fresh working directory): one Python
start instead of one per line; the installed ``argmap`` is run as a program by the error
case below and by tests/cli/test_server.py.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[2]
ARGMAP = Path(sys.executable).with_name("argmap")


def _session_lines() -> list[str]:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = re.search(r"## A session.*?```sh\n(.*?)```", text, re.S)
    assert block, "docs/cli.md has no '## A session' sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_cli_doc_session_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _session_lines()
    assert len(lines) > 10
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARGMAP_DB", raising=False)
    runner = CliRunner()
    for line in lines:
        args = shlex.split(line)
        assert args[0] == "argmap"
        # fixtures are named relative to the checkout; outputs land in the fresh directory
        args = [str(ROOT / a) if a.startswith("tests/") else a for a in args]
        done = runner.invoke(app, args[1:], prog_name="argmap")
        assert done.exit_code == 0, f"`{line}` failed: {done.stderr.strip()} {done.exception!r}"
    assert (tmp_path / "asan-copy.md").read_text(encoding="utf-8").startswith("#")
    assert "russia-independent-of-china" in (tmp_path / "wong.i23").read_text(encoding="utf-8")


@pytest.mark.parametrize("line", ["argmap evaluate nope --party wong"])
def test_cli_doc_errors_are_one_line_with_exit_1(tmp_path: Path, line: str) -> None:
    done = subprocess.run(
        [str(ARGMAP), *shlex.split(line)[1:]], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1
