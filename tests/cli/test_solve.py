"""``argmap solve``: the ICCMA 2023 interface on real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

FIXTURES = Path(__file__).parent.parent / "fixtures" / "iccma"
runner = CliRunner()


def solve(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["solve", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("task", "argument", "first_line"),
    [
        ("SE-GR", None, "w 1 3"),
        ("SE-CO", None, "w 1 3"),
        ("DC-GR", "3", "YES"),
        ("DC-GR", "4", "NO"),
        ("DS-CO", "2", "NO"),
        ("DC-CO", "4", "YES"),
        ("DC-PR", "2", "NO"),
        ("DS-PR", "4", "NO"),
        ("DS-PR", "3", "YES"),
        ("DC-ST", "5", "YES"),
        ("DS-ST", "1", "YES"),
        ("DS-ST", "5", "NO"),
    ],
)
def test_solve_i23_answers(task: str, argument: str | None, first_line: str) -> None:
    args = ["-p", task, "-f", str(FIXTURES / "chain-and-cycle.i23")]
    if argument:
        args += ["-a", argument]
    code, out, _ = solve(*args)
    assert code == 0
    assert out.splitlines()[0] == first_line


def test_solve_preferred_extension_is_one_of_the_two() -> None:
    code, out, _ = solve("-p", "SE-PR", "-f", str(FIXTURES / "chain-and-cycle.i23"))
    assert code == 0
    assert out.strip() in {"w 1 3 4", "w 1 3 5"}


def test_solve_apx_odd_cycle_has_no_stable_extension() -> None:
    path = str(FIXTURES / "odd-cycle.apx")
    assert solve("-p", "SE-ST", "-f", path, "--fo", "apx")[1].strip() == "NO"
    # ICCMA convention: with no stable extension every argument is skeptically accepted.
    assert solve("-p", "DS-ST", "-f", path, "--fo", "apx", "-a", "a")[1].strip() == "YES"
    assert solve("-p", "SE-PR", "-f", path, "--fo", "apx")[1].strip() == "w"


def test_solve_tgf_names_in_output() -> None:
    code, out, _ = solve("-p", "SE-ST", "-f", str(FIXTURES / "even-cycle.tgf"), "--fo", "tgf")
    assert code == 0
    assert out.strip() in {"w a c", "w b"}


def test_solve_lists_problems_and_formats() -> None:
    assert solve("--problems")[1].strip() == (
        "[SE-GR,SE-CO,SE-PR,SE-ST,DC-GR,DC-CO,DC-PR,DC-ST,DS-GR,DS-CO,DS-PR,DS-ST]"
    )
    assert solve("--formats")[1].strip() == "[i23,apx,tgf]"


def test_solve_out_of_range_attack_is_a_clear_error() -> None:
    code, out, err = solve("-p", "SE-GR", "-f", str(FIXTURES / "out-of-range.i23"))
    assert code == 1
    assert out == ""
    assert err.startswith("Error: i23 line 2")


def test_solve_unknown_argument_and_task_are_errors() -> None:
    path = str(FIXTURES / "chain-and-cycle.i23")
    code, _, err = solve("-p", "DC-PR", "-f", path, "-a", "9")
    assert (code, err.startswith("Error: argument '9'")) == (1, True)
    code, _, err = solve("-p", "XX-PR", "-f", path)
    assert (code, "unknown task" in err) == (1, True)
    code, _, err = solve("-p", "DC-PR", "-f", path)
    assert (code, "-a ARG" in err) == (1, True)


def test_solve_missing_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = solve("-p", "SE-GR", "-f", str(tmp_path / "none.i23"))
    assert code == 1
    assert "cannot read" in err


def test_solve_installed_command_runs() -> None:
    argmap = Path(sys.executable).parent / "argmap"
    done = subprocess.run(
        [str(argmap), "solve", "-p", "DC-GR", "-a", "1", "-f",
         str(FIXTURES / "chain-and-cycle.i23")],
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "YES\n")
