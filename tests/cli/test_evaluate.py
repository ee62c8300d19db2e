"""``argmap evaluate``: labels of a stored debate for one party (real SQLite file)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from kb.db import make_engine
from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.store import Store

runner = CliRunner()


def stored_debate(url: str) -> None:
    doc = DebateDoc(
        slug="duel",
        title="Duel",
        parties=(PartyDoc("ann", "Ann"), PartyDoc("bob", "Bob")),
        nodes=(
            NodeDoc("e1", NodeKind.EVIDENCE, "A measured fact."),
            NodeDoc("e2", NodeKind.EVIDENCE, "A contrary report."),
            NodeDoc("e3", NodeKind.EVIDENCE, "A second contrary report."),
            NodeDoc("c1", NodeKind.CLAIM, "The thesis."),
        ),
        edges=(
            EdgeDoc("s1", "e1", Relation.SUPPORTS, target="c1"),
            EdgeDoc("r1", "e2", Relation.REBUTS, target="e3"),
            EdgeDoc("r2", "e3", Relation.REBUTS, target="e2"),
            EdgeDoc("r3", "e2", Relation.REBUTS, target="c1"),
        ),
        acceptance={
            "ann": {"e1": Stance.ACCEPTED},
            "bob": {"e1": Stance.ACCEPTED, "e2": Stance.ACCEPTED, "e3": Stance.ACCEPTED},
        },
    )
    engine = make_engine(url)
    Store(engine).import_doc(doc, actor="test")
    engine.dispose()


def evaluate(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["evaluate", "duel", "--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_json_has_the_interface_shape(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    code, out, _ = evaluate(sqlite_url, "--party", "ann", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["debate"] == "duel" and body["party"] == "ann"
    assert body["semantics"] == "grounded"
    assert body["labels"] == {"e1": "IN", "e2": "OUT", "e3": "OUT", "c1": "IN"}
    assert body["edges"]["s1"] == "IN"
    assert "labellings" not in body


def test_evaluate_preferred_lists_labellings_and_skeptical_view(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    code, out, _ = evaluate(sqlite_url, "--party", "bob", "--semantics", "preferred",
                            "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert sorted(lab["c1"] for lab in body["labellings"]) == ["IN", "OUT"]
    assert body["labels"]["c1"] == "UNDEC"
    assert body["credulous"]["c1"] is True and body["skeptical"]["c1"] is False
    assert body["skeptical"]["e1"] is True


def test_evaluate_table_shows_label_and_strength(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    code, out, _ = evaluate(sqlite_url, "--party", "bob")
    assert code == 0
    row = next(line for line in out.splitlines() if " c1 " in line)
    assert "UNDEC" in row and "claim" in row


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--party", "zed"], "no party 'zed'"),
        (["--party", "ann", "--semantics", "ideal"], "unknown semantics 'ideal'"),
    ],
)
def test_evaluate_bad_input_is_an_error(sqlite_url: str, args: list[str], message: str) -> None:
    stored_debate(sqlite_url)
    code, _, err = evaluate(sqlite_url, *args)
    assert code == 1
    assert err.startswith("Error:") and message in err


def test_evaluate_unknown_debate_is_an_error(sqlite_url: str) -> None:
    result = runner.invoke(app, ["evaluate", "nope", "--party", "a", "--db", sqlite_url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
