"""The ``argmap`` Typer app: one module per group of commands.

Each module under ``api/cli/`` defines ``register(app)``; what they share (the ``--db``
option, opening the store, and the one error path: a :class:`kb.errors.ArgmapError`
becomes ``Error: ...`` on stderr and exit code 1) lives in :mod:`api.cli.common`.
"""

from __future__ import annotations

import typer

from api.cli import documents, engine, flips, server, transfer
from api.cli.common import ArgmapGroup

app = typer.Typer(
    name="argmap",
    cls=ArgmapGroup,
    help="Argmap: debates as claim graphs, evaluated per party.\n\n"
    "Example: argmap serve --port 8000",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (server, engine, flips, transfer, documents):
    module.register(app)
