"""``argmap flips``: what would change one party's label of a node (real SQLite file)."""

from __future__ import annotations

import json
from unittest.mock import patch

from typer.testing import CliRunner

from api.cli import app
from tests.cli.test_evaluate import stored_debate

runner = CliRunner()


def flips(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["flips", "duel", "c1", "--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_flips_json_has_the_interface_shape(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    code, out, _ = flips(sqlite_url, "--party", "ann", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert {k: body[k] for k in ("debate", "party", "node", "semantics", "label", "to",
                                 "size", "complete")} == {
        "debate": "duel", "party": "ann", "node": "c1", "semantics": "grounded",
        "label": "IN", "to": "OUT", "size": 1, "complete": True}
    assert [{"item": "e2", "stance": "accepted"}] in body["flips"]
    assert [{"item": "e1", "stance": "rejected"}] in body["flips"]


def test_flips_table_lists_each_set(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    code, out, _ = flips(sqlite_url, "--party", "bob", "--semantics", "preferred",
                         "--to", "in", "--limit", "1")
    assert code == 0
    assert "c1 is UNDEC for Bob (preferred)." in out
    assert "1. " in out and "(more sets exist" not in out.splitlines()[1]


def test_flips_bad_input_is_one_line_and_exit_1(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    for args in (["--party", "zz"], ["--party", "ann", "--to", "maybe"],
                 ["--party", "ann", "--semantics", "ideal"], ["--party", "ann", "--limit", "0"]):
        code, out, err = flips(sqlite_url, *args)
        assert code == 1, (args, out)
        assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_flips_stopped_at_the_time_limit_say_what_they_proved(sqlite_url: str) -> None:
    stored_debate(sqlite_url)
    spent = [patch(f"kb.engine.{module}.past", lambda _deadline: True)
             for module in ("enforce", "nearby")]
    for each in spent:
        each.start()
    try:
        code, out, _ = flips(sqlite_url, "--party", "ann", "--time-limit", "0.5")
        _, answer, _ = flips(sqlite_url, "--party", "ann", "--time-limit", "0.5",
                             "--format", "json")
    finally:
        for each in spent:
            each.stop()
    assert code == 0
    assert "The search stopped after 0.5 s: no set of 1 or more was tried to the end." in out
    body = json.loads(answer)
    assert (body["size"], body["flips"], body["complete"], body["at_least"]) == (
        None, [], False, 1)
