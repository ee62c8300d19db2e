"""The ``argmap`` command line: one Typer app, one module per group of commands.

Each module under ``api/cli/`` defines ``register(app)``; errors of the domain
(:class:`kb.errors.ArgmapError`) become one line on stderr and exit code 1.
"""

from __future__ import annotations

import sys

import typer

from api.cli import engine, flips, server, transfer
from kb.errors import ArgmapError

app = typer.Typer(
    name="argmap",
    help="Argmap: debates as claim graphs, evaluated per party.\n\n"
    "Example: argmap serve --port 8000",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (server, engine, flips, transfer):
    module.register(app)


def main() -> None:
    """Run the CLI; domain errors print ``Error: ...`` and exit 1."""
    try:
        app(standalone_mode=True)
    except ArgmapError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
