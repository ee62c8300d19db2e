"""``argmap serve``, ``argmap db upgrade``, ``argmap seed`` and ``argmap user ...``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.common import ArgmapGroup, DbOption, fail, migrated_url, open_store
from kb.auth import Role
from kb.settings import ENV_VAR

if TYPE_CHECKING:
    from kb.schemas import UserPublic

# The database, store and seed modules are imported inside the commands that use them, so
# that other commands (``argmap solve``) start without loading them.
SeedsOption = Annotated[
    Path | None,
    typer.Option("--seeds", help="Folder of seed files (default: ./seeds, else the project's)."),
]

db_app = typer.Typer(cls=ArgmapGroup, help="The database schema.\n\nExample: argmap db upgrade --db sqlite:///a.db",
                     no_args_is_help=True)
user_app = typer.Typer(cls=ArgmapGroup, help="Users and their bearer tokens.\n\n"
                       "Example: argmap user add ann --role editor --debate asan-2024",
                       no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    seeds: SeedsOption = None,
) -> None:
    """Migrate the database, load the seeds into an empty one, serve the API and pages.

    Example: argmap serve --port 8000 --db sqlite:///argmap.db
    """
    from kb.auth import Actor
    from kb.db import make_engine
    from kb.seeds import load_seeds
    from kb.store import Store

    url = migrated_url(db)
    store = Store(make_engine(url))
    # Seeds go only into an empty database: a served database is the editors' now.
    if not store.list_debates(actor=Actor("serve", Role.ADMIN), limit=1):
        report = load_seeds(store, seeds)
        for line in report.lines():
            typer.echo(line, err=True)
        for error in report.errors:
            typer.echo(f"Error: {error}", err=True)
    store.engine.dispose()
    import uvicorn

    # Every worker process reads the same database URL from the environment.
    os.environ[ENV_VAR] = url
    from api.observability import log_config

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_config=log_config(), access_log=False, server_header=False)


def db_upgrade(db: DbOption = None) -> None:
    """Run the Alembic migrations up to the newest schema.

    Example: argmap db upgrade --db postgresql+psycopg://postgres@127.0.0.1:5432/argmap
    """
    url = migrated_url(db)
    typer.echo(f"database at the newest schema: {url}")


def seed(db: DbOption = None, seeds: SeedsOption = None) -> None:
    """Load the seed debates (idempotent: a second run changes nothing).

    A changed seed file replaces its debate as one new revision; a bad file is reported
    as FILE:LINE: what, and nothing of it is loaded.

    Example: argmap seed --seeds seeds/
    """
    from kb.seeds import load_seeds

    report = load_seeds(open_store(db), seeds)
    for line in report.lines():
        typer.echo(line)
    for error in report.errors:
        typer.echo(f"Error: {error}", err=True)
    if not report.ok:
        raise typer.Exit(1)


def user_add(
    name: Annotated[str, typer.Argument(help="User name (lower case).")],
    role: Annotated[Role, typer.Option(help="admin, editor or reader.")],
    debate: Annotated[list[str] | None, typer.Option(
        "--debate", help="Make the user an editor of this debate (repeatable).")] = None,
    db: DbOption = None,
) -> None:
    """Create a user; prints a new bearer token as the last line.

    An editor with --debate edits those debates only; without, every debate (a global
    editor, who still may not manage users).

    Example: argmap user add ann --role editor --debate asan-2024
    """
    user, token = open_store(db).add_user(name, role, debates=debate or [])
    typer.echo(f"created {user.role} '{user.name}'{_scope(user)}; bearer token:")
    typer.echo(token)


def _scope(user: UserPublic) -> str:
    """What a user may edit beyond their role: `` (editor of every debate)``..."""
    if user.global_editor:
        return " (editor of every debate)"
    return f" (editor of {', '.join(user.editor_of)})" if user.editor_of else ""


def user_token(name: Annotated[str, typer.Argument(help="User name.")],
               db: DbOption = None) -> None:
    """Issue another bearer token for a user (printed as the last line).

    Example: argmap user token ann
    """
    token = open_store(db).issue_token(name)
    typer.echo(token)


def user_revoke(name: Annotated[str, typer.Argument(help="User name.")],
                token: Annotated[str | None, typer.Option(
                    help="Revoke only this token (default: all of the user's).")] = None,
                db: DbOption = None) -> None:
    """Revoke a user's bearer tokens.

    Example: argmap user revoke ann
    """
    count = open_store(db).revoke_token(name, token=token)
    typer.echo(f"revoked {count} token(s) of '{name}'")


def user_grant(name: Annotated[str, typer.Argument(help="User name.")],
               debate: Annotated[str, typer.Option(help="Debate slug.")],
               db: DbOption = None) -> None:
    """Make a user an editor of one debate.

    Example: argmap user grant ann --debate rozman-2016
    """
    open_store(db).grant_editor(debate, name)
    typer.echo(f"'{name}' is now an editor of '{debate}'")


def user_ungrant(name: Annotated[str, typer.Argument(help="User name.")],
                 debate: Annotated[str, typer.Option(help="Debate slug.")],
                 db: DbOption = None) -> None:
    """Take back a user's editor grant on one debate.

    Example: argmap user ungrant ann --debate rozman-2016
    """
    if not open_store(db).revoke_editor(debate, name):
        fail(f"'{name}' holds no editor grant on '{debate}'; see: argmap user list")
    typer.echo(f"'{name}' is no longer an editor of '{debate}'")


def user_password(name: Annotated[str, typer.Argument(help="User name.")],
                  db: DbOption = None) -> None:
    """Set a user's password for signing in to the pages (read from standard input: the
    first line, and a second line that must repeat it; or a prompt on a terminal).

    Example: printf 'a long password\\n' | argmap user password ann
    """
    from api.cli.passwords import read_password

    password = read_password()
    open_store(db).set_password(name, password)
    typer.echo(f"password of '{name}' set; sign in at /login")


def user_list(db: DbOption = None) -> None:
    """List the users with their roles.

    Example: argmap user list
    """
    for user in open_store(db).list_users():
        typer.echo(f"{user.name}\t{user.role}{_scope(user)}")


def register(app: typer.Typer) -> None:
    """Add serve, db, seed and user commands to `app`."""
    app.command("serve")(serve)
    app.command("seed")(seed)
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")
    user_app.command("add")(user_add)
    user_app.command("token")(user_token)
    user_app.command("revoke")(user_revoke)
    user_app.command("grant")(user_grant)
    user_app.command("ungrant")(user_ungrant)
    user_app.command("list")(user_list)
    user_app.command("password")(user_password)
    app.add_typer(user_app, name="user")


