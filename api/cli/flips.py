"""``argmap flips``: what would change one party's label of a node."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from api.cli.common import DbOption, fail, open_store


def flips(
    slug: Annotated[str, typer.Argument(help="The debate's slug.")],
    key: Annotated[str, typer.Argument(help="The node's key.")],
    party: Annotated[str, typer.Option("--party", "-p", help="The party's key.")],
    semantics: Annotated[
        str, typer.Option("--semantics", "-s", help="grounded, complete, preferred or stable.")
    ] = "grounded",
    to: Annotated[str | None, typer.Option(
        "--to", help="IN, OUT or UNDEC (default: OUT for a node that is IN, else IN).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most sets listed.")] = 20,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", min=0.1,
        help="Stop the search after this many seconds, with what it found.")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Print the smallest sets of changes to a party's acceptance that would give a node
    another label.

    Example: argmap flips asan-2024 russia-independent-of-china --party wong --to OUT
    (add --time-limit 5 on a large debate to stop after 5 s with what was found)
    """
    from kb.engine import flips_party

    if output not in ("table", "json"):
        fail(f"unknown format '{output}'; choose table or json", code=2)
    store = open_store(db)
    try:
        doc = store.snapshot(slug)
    finally:
        store.engine.dispose()
    found = flips_party(doc, party, key, semantics=semantics, to=to, limit=limit,
                        time_limit=time_limit)
    if output == "json":
        typer.echo(json.dumps(found.to_json(debate=slug, party=party), indent=2))
        return
    name = doc.party(party).name
    typer.echo(f"{key} is {found.label.value} for {name} ({found.semantics.value}).")
    if found.at_least is not None:
        proved = (f"no set of fewer than {found.at_least} changes to {name}'s acceptance "
                  f"makes it {found.to.value}, " if found.at_least > 1 else "")
        typer.echo(f"The search stopped after {time_limit:g} s: {proved}no set of "
                   f"{found.at_least} or more was tried to the end.")
        return
    if found.size is None:
        typer.echo(f"No change to {name}'s acceptance makes it {found.to.value}.")
        return
    if found.size == 0:
        typer.echo(f"It is {found.to.value} already.")
        return
    typer.echo(f"It would be {found.to.value} after any one of these sets of "
               f"{found.size} change(s):")
    for number, one in enumerate(found.flips, start=1):
        typer.echo(f"{number:>3}. " + "; ".join(f"{c.stance.value} {c.item}" for c in one))
    if not found.complete and len(found.flips) < limit:
        typer.echo(f"(more sets may exist; the search stopped after {time_limit:g} s)")
    elif not found.complete:
        typer.echo(f"(more sets exist; raise --limit to list more than {limit})")


def register(app: typer.Typer) -> None:
    """Add ``flips`` to `app`."""
    app.command("flips")(flips)
