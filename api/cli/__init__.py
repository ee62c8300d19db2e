"""The ``argmap`` command line: one Typer app (:mod:`api.cli.commands`), one module per
group of commands.

Each module under ``api/cli/`` defines ``register(app)``; what they share (the ``--db``
option, opening the store, and the one error path: a :class:`kb.errors.ArgmapError`
becomes ``Error: ...`` on stderr and exit code 1) lives in :mod:`api.cli.common`. The app is
built on first use: ``argmap solve`` on a small i23 file whose task the grounded labelling
decides, or a bounded plain-Python search on what it leaves open, answers before Typer,
numpy or clingo load (:mod:`kb.quick_iccma`, :mod:`kb.quick_search`); nothing heavier
than ``sys`` is imported here before the task is known.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is not imported before the task is known
if TYPE_CHECKING:
    from typing import Any

    import typer

    app: typer.Typer


def main() -> None:
    """Run the CLI (the ``argmap`` entry point)."""
    if sys.argv[1:2] == ["solve"]:
        from kb.quick_iccma import quick_answer

        lines = quick_answer(sys.argv[2:]) or _solve(sys.argv[2:])
        if lines is not None:
            sys.stdout.write("\n".join(lines) + "\n")
            return
    from api.cli.commands import app as typer_app

    typer_app()


def _solve(arguments: list[str]) -> list[str] | None:
    """``argmap solve`` with well-formed options, without Typer; None when the options or
    the file need the command's own messages (the Typer command then runs)."""
    from kb.errors import ArgmapError
    from kb.quick_iccma import framework_of, solve_options

    options = solve_options(arguments)
    if options is None or "-p" not in options or "-f" not in options:
        return None
    from kb.engine.dung import solve

    try:
        framework = framework_of(options["-f"], options.get("--fo", "i23"))
        return solve(framework, options["-p"], options.get("-a"))
    except ArgmapError:
        return None


def __getattr__(name: str) -> Any:
    """``api.cli.app``: the Typer app, imported on first use."""
    if name == "app":
        from api.cli.commands import app as typer_app

        return typer_app
    raise AttributeError(f"module 'api.cli' has no attribute '{name}'")
