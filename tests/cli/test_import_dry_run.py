"""argmap import FILE --dry-run: every problem with its line, nothing written, exit 1."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from kb.db import make_engine
from kb.store import Store
from tests.workbench.test_import_api import BAD
from tests.workbench.test_import_api import SEED as GOOD

runner = CliRunner()

def _stored(url: str) -> bool:
    engine = make_engine(url)
    try:
        return Store(engine).find_debate("carbon") is not None
    finally:
        engine.dispose()


def test_cli_dry_run_reports_every_problem_with_its_line(sqlite_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "carbon.yaml"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--format", "yaml", "--dry-run",
                                 "--db", sqlite_url])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert "carbon.yaml:6: nodes.0.txet: unknown field 'txet' (did you mean 'text' or " \
        "'target'?)" in lines
    assert any(line.startswith("carbon.yaml:4: nodes.0.text:") for line in lines)
    assert lines[-1] == "carbon.yaml: 2 problems; nothing written"
    unknown = tmp_path / "edge.yaml"
    unknown.write_text(GOOD + "edges:\n  - {key: s1, source: fair, target: nowhere, "
                       "relation: supports}\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(unknown), "--format", "seed", "--dry-run",
                                 "--db", sqlite_url])
    assert result.exit_code == 1 and "unknown node 'nowhere'" in result.stdout
    assert not _stored(sqlite_url)


def test_cli_dry_run_of_a_good_file_writes_nothing_and_names_a_taken_slug(
    sqlite_url: str, tmp_path: Path
) -> None:
    good = tmp_path / "carbon.yaml"
    good.write_text(GOOD, encoding="utf-8")
    args = ["import", str(good), "--format", "yaml", "--db", sqlite_url]
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("carbon.yaml: no problems; would import carbon (new): 1 nodes, "
                             "0 edges, 1 parties, 0 sources\n")
    assert not _stored(sqlite_url)
    assert runner.invoke(app, args).exit_code == 0
    taken = runner.invoke(app, [*args, "--dry-run"])
    assert taken.exit_code == 1
    assert "carbon.yaml: slug: debate 'carbon' exists already; add --replace" in taken.stdout
    replacing = runner.invoke(app, [*args, "--dry-run", "--replace"])
    assert replacing.exit_code == 0 and "(replacing the stored debate)" in replacing.stdout
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("fair.", "juste \xe9.").encode("latin-1"))
    refused = runner.invoke(app, ["import", str(latin), "--format", "yaml", "--dry-run",
                                  "--db", sqlite_url])
    assert refused.exit_code == 1 and "not UTF-8 text" in refused.stdout
