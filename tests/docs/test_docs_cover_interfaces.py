"""Every CLI command and every API route is documented somewhere under docs/ or README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from api.cli import app as cli_app

ROOT = Path(__file__).resolve().parents[2]


def _documentation() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join([*texts, (ROOT / "README.md").read_text(encoding="utf-8")])


def _cli_commands() -> list[str]:
    group = typer.main.get_group(cli_app)
    names: list[str] = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names += [f"argmap {name} {s}" for s in sub] if sub else [f"argmap {name}"]
    return sorted(names)


def _api_routes() -> list[str]:
    from api.app import create_app

    paths = create_app("sqlite://").openapi()["paths"]
    return sorted(p for p in paths if p.startswith("/api/"))


@pytest.mark.parametrize("command", _cli_commands())
def test_docs_mention_every_cli_command(command: str) -> None:
    assert command in _documentation(), f"`{command}` appears nowhere in docs/ or README.md"


@pytest.mark.parametrize("route", _api_routes())
def test_docs_mention_every_api_route(route: str) -> None:
    # docs may write a path parameter with any name: /api/debates/{slug} or /api/debates/asan-2024
    pattern = re.escape(route)
    pattern = re.sub(r"\\\{[^}]+\\\}", r"[^\\s/?`]+", pattern)
    assert re.search(pattern + r"(?![\w/-])", _documentation()), (
        f"route {route} appears nowhere in docs/ or README.md"
    )
