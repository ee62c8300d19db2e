"""argmap export / import: JSON end to end, errors with location, nothing written on error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli.transfer import read_text
from kb.db import make_engine
from kb.formats import json as json_format
from kb.store import Store
from tests.store.helpers import row_counts, sample_doc

runner = CliRunner()


@pytest.fixture
def seeded(sqlite_url: str) -> Iterator[tuple[str, Store]]:
    engine = make_engine(sqlite_url)
    store = Store(engine)
    store.import_doc(sample_doc(), actor="t")
    yield sqlite_url, store
    engine.dispose()


def test_cli_export_then_import_under_new_slug_is_identical(
    seeded: tuple[str, Store], tmp_path: Path
) -> None:
    url, _ = seeded
    out = tmp_path / "demo.json"
    exported = runner.invoke(app, ["export", "demo", "--format", "json", "-o", str(out),
                                   "--db", url])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(app, ["import", str(out), "--format", "json", "--slug", "copy",
                                   "--db", url])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("imported copy (revision 1): 4 nodes, 3 edges")
    again = runner.invoke(app, ["export", "copy", "--format", "json", "--db", url])
    assert json.loads(again.stdout) == {**json.loads(out.read_text()), "slug": "copy"}


def test_cli_export_to_stdout_and_earlier_revision(seeded: tuple[str, Store]) -> None:
    url, store = seeded
    store.delete_node("demo", "u1", actor="t", cascade=True)
    now = runner.invoke(app, ["export", "demo", "--format", "json", "--db", url])
    then = runner.invoke(app, ["export", "demo", "--format", "json", "--revision", "1",
                               "--db", url])
    assert len(json_format.load(now.stdout).nodes) == 3
    assert json_format.load(then.stdout) == sample_doc()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"slug": "x", "title": "X",\n "nodes": [}', "bad.json: not valid JSON at line 2"),
        ('{"slug": "x", "title": "X", "nodes": [{"key": "a", "kind": "idea", "text": "t"}]}',
         "bad.json: nodes.0.kind"),
        ('{"slug": "x", "title": "X", "edges": [{"key": "e", "source": "a", "target": "b",'
         ' "relation": "supports"}]}', "edges.e.source: unknown node 'a'"),
        ('{"slug": "demo", "title": "X"}', "debate 'demo' already exists"),
    ],
)
def test_cli_import_error_has_location_and_writes_nothing(
    seeded: tuple[str, Store], tmp_path: Path, text: str, message: str
) -> None:
    url, store = seeded
    before = row_counts(store)
    path = tmp_path / "bad.json"
    path.write_text(text)
    result = runner.invoke(app, ["import", str(path), "--format", "json", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr, result.stderr
    assert row_counts(store) == before


def test_cli_transfer_unknown_things_are_clear_errors(seeded: tuple[str, Store]) -> None:
    url, _ = seeded
    fmt = runner.invoke(app, ["export", "demo", "--format", "pdf", "--db", url])
    assert fmt.exit_code == 1 and "cannot export to 'pdf'" in fmt.stderr
    slug = runner.invoke(app, ["export", "nope", "--format", "json", "--db", url])
    assert slug.exit_code == 1 and "no debate 'nope'" in slug.stderr
    party = runner.invoke(app, ["export", "demo", "--format", "json", "--party", "zed",
                                "--db", url])
    assert party.exit_code == 1 and "no party 'zed'" in party.stderr
    missing = runner.invoke(app, ["import", "/nonexistent.json", "--format", "json",
                                  "--db", url])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


def test_cli_read_text_in_chunks_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    payload = json_format.dump(sample_doc()) * 3
    path.write_text(payload)
    assert read_text(path, show_progress=True) == payload


def test_cli_import_aif_says_what_it_dropped(sqlite_url: str) -> None:
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
    imported = runner.invoke(
        app,
        ["import", str(corpus / "corpus-dialogue-four-day-week.json"), "--format", "aif",
         "--slug", "four-day-week", "--db", sqlite_url],
    )
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("imported four-day-week (revision 1)")
    assert "warning: dropped" in imported.stderr
