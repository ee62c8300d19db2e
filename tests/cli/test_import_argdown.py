"""argmap import FILE.argdown --format argdown: the debate written, the report on stderr."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from kb.db import make_engine
from kb.store import Store

runner = CliRunner()
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "argdown"


def test_cli_import_argdown_writes_debate_and_reports_dropped_items(sqlite_url: str) -> None:
    result = runner.invoke(app, ["import", str(FIXTURE / "markup.argdown"), "--format",
                                 "argdown", "--slug", "markup", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported markup (revision 1): ")
    assert "warning: line 12: link target https://example.org/page of [plain]" in result.stderr
    assert "warning: front matter: author" in result.stderr
    engine = make_engine(sqlite_url)
    doc = Store(engine).snapshot("markup")
    engine.dispose()
    assert doc.title == "Markup and comments"
    assert ("data", "supports", "plain") in {(e.source, e.relation.value, e.target)
                                             for e in doc.edges}


def test_cli_import_argdown_without_statements_fails_and_writes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.argdown"
    empty.write_text("# Only a heading\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(empty), "--format", "argdown", "--db",
                                 sqlite_url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: empty.argdown: the file holds no Argdown statement")
    engine = make_engine(sqlite_url)
    assert Store(engine).list_debates() == []
    engine.dispose()
