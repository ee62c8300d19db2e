"""argmap document add / list / remove: bytes kept, numbering reported, citations checked."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from kb.db import make_engine
from kb.doc import Citation, DebateDoc, NodeDoc, NodeKind, SourceDoc
from kb.store import Store

runner = CliRunner()


def _debate(url: str) -> None:
    engine = make_engine(url)
    Store(engine).import_doc(DebateDoc(
        slug="bridge", title="Bridge", sources=(SourceDoc("minutes", "Council minutes"),),
        nodes=(NodeDoc("c1", NodeKind.CLAIM, "Rebuild.",
                       citations=(Citation("minutes", "¶2"), Citation("minutes", "¶9"))),)),
        actor="t")
    engine.dispose()


def test_cli_document_add_list_remove(sqlite_url: str, tmp_path: Path) -> None:
    _debate(sqlite_url)
    text = tmp_path / "minutes.txt"
    data = b"Title\r\n\r\nThe council voted.\r\n1. A note.\r\n"
    text.write_bytes(data)
    added = runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "minutes",
                                "--source", "minutes", "--db", sqlite_url])
    assert added.exit_code == 0, added.output
    assert added.stdout == ("added document minutes of bridge (version 1): 3 paragraphs, "
                            f"1 footnotes, {len(data)} bytes\n")
    assert added.stderr == ("warning: node c1 cites minutes ¶9, but the document of source "
                            "'minutes' has no passage ¶9 (¶1 to ¶3)\n")
    engine = make_engine(sqlite_url)
    store = Store(engine)
    assert store.document_bytes("bridge", "minutes")[1] == data
    assert store.get_document("bridge", "minutes").title == "Council minutes"
    again = runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "minutes",
                                "--source", "minutes", "--db", sqlite_url])
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: ") and "--replace" in again.stderr
    replaced = runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "minutes",
                                   "--source", "minutes", "--replace", "--db", sqlite_url])
    assert replaced.stdout.startswith("replaced document minutes of bridge (version 2)")
    listed = runner.invoke(app, ["document", "list", "bridge", "--db", sqlite_url])
    assert listed.stdout == "minutes\tminutes\t¶3\tfn1\tCouncil minutes\n"
    removed = runner.invoke(app, ["document", "remove", "bridge", "minutes", "--db", sqlite_url])
    assert removed.exit_code == 0
    assert store.list_documents("bridge") == []
    engine.dispose()


def test_cli_document_add_refuses_non_utf8_and_unknown_source(sqlite_url: str,
                                                               tmp_path: Path) -> None:
    _debate(sqlite_url)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café\n".encode("latin-1"))
    bad = runner.invoke(app, ["document", "add", "bridge", str(latin), "--key", "m",
                              "--source", "minutes", "--db", sqlite_url])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: latin.txt: the document is not UTF-8 text (byte 3")
    assert bad.stderr.count("\n") == 1
    text = tmp_path / "ok.txt"
    text.write_text("Fine.\n", encoding="utf-8")
    unknown = runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "m",
                                  "--source", "nowhere", "--db", sqlite_url])
    assert unknown.exit_code == 1
    assert "no source 'nowhere'" in unknown.stderr
    md = runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "m",
                             "--source", "minutes", "--format", "pdf", "--db", sqlite_url])
    assert md.exit_code == 2


def test_cli_import_replace_warns_about_citations_without_passage(sqlite_url: str,
                                                                  tmp_path: Path) -> None:
    _debate(sqlite_url)
    text = tmp_path / "minutes.txt"
    text.write_text("One.\nTwo.\n", encoding="utf-8")
    runner.invoke(app, ["document", "add", "bridge", str(text), "--key", "minutes",
                        "--source", "minutes", "--db", sqlite_url])
    out = tmp_path / "bridge.json"
    runner.invoke(app, ["export", "bridge", "--format", "json", "-o", str(out), "--db",
                        sqlite_url])
    again = runner.invoke(app, ["import", str(out), "--format", "json", "--replace",
                                "--db", sqlite_url])
    assert again.exit_code == 0, again.output
    assert "warning: node c1 cites minutes ¶9" in again.stderr
