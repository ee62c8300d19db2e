"""argmap serve, db upgrade, seed and user: CliRunner for output and exit codes, and one
run of the installed ``argmap serve`` answering over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from kb.db import current_revision, make_engine
from kb.store import Store
from tests.store.test_migrations import HEAD

ROOT = Path(__file__).resolve().parents[2]
ARGMAP = Path(sys.executable).parent / "argmap"
runner = CliRunner()

SEED = "slug: demo\ntitle: Demo\nnodes:\n  - {key: c1, kind: claim, text: A claim.}\n"


def _seeds(tmp_path: Path, text: str = SEED, name: str = "demo.yaml") -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_cli_db_upgrade_migrates_a_fresh_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 0, result.output
    assert current_revision(url) == HEAD


def test_cli_db_url_comes_from_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    result = runner.invoke(app, ["db", "upgrade"], env={"ARGMAP_DB": url})
    assert result.exit_code == 0, result.output
    assert current_revision(url) == HEAD


def test_cli_seed_twice_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    folder = _seeds(tmp_path)
    first = runner.invoke(app, ["seed", "--db", url, "--seeds", str(folder)])
    assert (first.exit_code, first.stdout) == (0, "loaded demo\n")
    second = runner.invoke(app, ["seed", "--db", url, "--seeds", str(folder)])
    assert (second.exit_code, second.stdout) == (0, "unchanged demo\n")


def test_cli_seed_bad_file_exits_1_with_file_and_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    folder = _seeds(tmp_path, SEED.replace("kind: claim", "kind: opinion"), "bad.yaml")
    result = runner.invoke(app, ["seed", "--db", url, "--seeds", str(folder)])
    assert result.exit_code == 1
    assert re.match(r"Error: bad\.yaml:4: nodes\.0\.kind: ", result.stderr), result.stderr


def test_cli_user_add_prints_token_last(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    runner.invoke(app, ["seed", "--db", url, "--seeds", str(_seeds(tmp_path))])
    result = runner.invoke(app, ["user", "add", "ann", "--role", "editor", "--debate", "demo",
                                 "--db", url])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    engine = make_engine(url)
    try:
        actor = Store(engine).actor_for_token(token)
    finally:
        engine.dispose()
    assert actor is not None and actor.name == "ann" and actor.editor_of == {"demo"}

    again = runner.invoke(app, ["user", "token", "ann", "--db", url])
    assert again.exit_code == 0 and again.stdout.strip() != token
    revoked = runner.invoke(app, ["user", "revoke", "ann", "--db", url])
    assert "revoked 2 token(s)" in revoked.stdout


def test_cli_user_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    bad_role = runner.invoke(app, ["user", "add", "ann", "--role", "boss", "--db", url])
    assert bad_role.exit_code == 2
    runner.invoke(app, ["user", "add", "ann", "--role", "reader", "--db", url])
    duplicate = runner.invoke(app, ["user", "add", "ann", "--role", "reader", "--db", url])
    assert duplicate.exit_code == 1
    assert duplicate.stderr.startswith("Error: user 'ann' already exists")
    assert len(duplicate.stderr.strip().splitlines()) == 1
    missing = runner.invoke(app, ["user", "token", "nobody", "--db", url])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no user 'nobody'")


def test_cli_user_add_editor_without_debate_is_global(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    runner.invoke(app, ["seed", "--db", url, "--seeds", str(_seeds(tmp_path))])
    made = runner.invoke(app, ["user", "add", "gil", "--role", "editor", "--db", url])
    assert made.exit_code == 0, made.output
    assert "(editor of every debate)" in made.stdout
    scoped = runner.invoke(app, ["user", "add", "ann", "--role", "editor", "--debate", "demo",
                                 "--db", url])
    engine = make_engine(url)
    try:
        store = Store(engine)
        gil = store.actor_for_token(made.stdout.strip().splitlines()[-1])
        ann = store.actor_for_token(scoped.stdout.strip().splitlines()[-1])
        assert gil is not None and gil.global_editor and store.can_edit(gil, "anything")
        assert ann is not None and not ann.global_editor and not store.can_edit(ann, "other")
        listed = runner.invoke(app, ["user", "list", "--db", url]).stdout
        assert "gil\teditor (editor of every debate)" in listed
        assert "ann\teditor (editor of demo)" in listed
        ungrant = runner.invoke(app, ["user", "ungrant", "ann", "--debate", "demo", "--db", url])
        assert ungrant.exit_code == 0, ungrant.output
        assert store.get_user("ann").editor_of == []
        again = runner.invoke(app, ["user", "ungrant", "ann", "--debate", "demo", "--db", url])
        assert again.exit_code == 1 and again.stderr.startswith("Error: 'ann' holds no")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("text", "year", "field"),
    [("A\x00claim.", None, "nodes.c1.text"), ("A claim.", 2**63, "sources.s.year"),
     ("A claim.", -(2**31) - 1, "sources.s.year")],
)
def test_cli_import_of_what_no_database_stores_is_one_line(
    db_url: str, tmp_path: Path, text: str, year: int | None, field: str
) -> None:
    from kb.doc import DebateDoc, NodeDoc, NodeKind, SourceDoc
    from kb.formats import json as json_format

    doc = DebateDoc(slug="bad", title="Bad", sources=(SourceDoc("s", "S", year=year),),
                    nodes=(NodeDoc("c1", NodeKind.CLAIM, text),))
    path = tmp_path / "bad.json"
    path.write_text(json_format.dump(doc), encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--format", "json", "--db", db_url])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {field}: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "\x00" not in result.stderr
    engine = make_engine(db_url)
    try:
        assert Store(engine).find_debate("bad") is None
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", [["serve"], ["seed"], ["db", "upgrade"], ["user", "add"],
                                     ["user", "token"], ["user", "revoke"], ["user", "ungrant"]])
def test_cli_help_has_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: argmap" in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_cli_installed_serve_migrates_seeds_and_answers(tmp_path: Path) -> None:
    if not (ROOT / "api" / "app.py").exists():
        pytest.skip("api/app.py is not there yet")
    port = _free_port()
    db = tmp_path / "served.db"
    server = subprocess.Popen(
        [str(ARGMAP), "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "ARGMAP_DB"},
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert status == 200, server.stderr.read().decode() if server.stderr else ""
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr is not None:
            server.stderr.close()
    engine = make_engine(f"sqlite:///{db}")
    try:
        slugs = {d.slug for d in Store(engine).list_debates()}
    finally:
        engine.dispose()
    project_seeds = {p.stem for p in (ROOT / "seeds").glob("*.y*ml")}
    assert project_seeds <= slugs


def test_cli_unreachable_database_is_one_line_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'a.db'}"
    result = runner.invoke(app, ["seed", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the database ")
    assert len(result.stderr.strip().splitlines()) == 1
