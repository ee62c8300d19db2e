"""What every ``argmap`` command shares: the ``--db`` option, opening the store, and the
one place where a domain error becomes ``Error: ...`` on stderr with exit code 1.

A command raises :class:`kb.errors.ArgmapError` (or calls :func:`fail`) and never prints
errors itself; :class:`ArgmapGroup`, the class of the Typer app and of its sub-groups,
catches the error once for every command. Usage errors (a wrong option, a missing
argument) stay click's: exit code 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from kb.errors import ArgmapError
from kb.settings import resolve_db_url

if TYPE_CHECKING:
    from kb.store import Store

# The database and store modules are imported inside the functions that use them, so
# that other commands (``argmap solve``) start without loading them.

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $ARGMAP_DB, else sqlite:///argmap.db)."),
]


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Print ``Error: message`` on stderr and end the command with exit `code`."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


class ArgmapGroup(TyperGroup):
    """A Typer group that turns a domain error of any of its commands into one line."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (Typer may bundle its own click)
        try:
            return super().invoke(ctx)
        except ArgmapError as exc:
            fail(str(exc))


def migrated_url(db: str | None) -> str:
    """Resolve the database URL (``--db``, ``ARGMAP_DB``, ``argmap.db``) and migrate it."""
    from kb.db import upgrade

    url = resolve_db_url(db)
    upgrade(url)
    return url


def open_store(db: str | None) -> Store:
    """The Store over the migrated database that ``--db`` names."""
    from kb.db import make_engine
    from kb.store import Store

    return Store(make_engine(migrated_url(db)))
