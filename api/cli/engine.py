"""``argmap evaluate`` (labels of a debate for one party) and ``argmap solve`` (ICCMA)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import DbOption, fail, open_store
from kb.errors import ArgmapError


def evaluate(
    slug: Annotated[str, typer.Argument(help="The debate's slug.")],
    party: Annotated[str, typer.Option("--party", "-p", help="The party's key.")],
    semantics: Annotated[
        str, typer.Option("--semantics", "-s", help="grounded, complete, preferred or stable.")
    ] = "grounded",
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Print the label of every node of a debate for one party.

    Example: argmap evaluate asan-2024 --party wong --semantics preferred --format json
    """
    from kb.engine import evaluate_party, parse_semantics, strength

    if output not in ("table", "json"):
        fail(f"unknown format '{output}'; choose table or json", code=2)
    chosen = parse_semantics(semantics)
    store = open_store(db)
    try:
        doc = store.snapshot(slug)
    finally:
        store.engine.dispose()
    evaluation = evaluate_party(doc, party, semantics=chosen)
    scores = strength(doc, doc.acceptance_of(party))
    if output == "json":
        typer.echo(json.dumps(evaluation.to_json(debate=slug, party=party), indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    colours = {"IN": "green", "OUT": "red", "UNDEC": "yellow"}
    table = Table(title=f"{doc.title}: {doc.party(party).name} ({chosen.value})")
    table.add_column("node")
    table.add_column("kind")
    table.add_column("label")
    table.add_column("strength", justify="right")
    several = chosen.value != "grounded"
    if several:
        table.add_column("credulous")
        table.add_column("skeptical")
    for node in doc.nodes:
        label = evaluation.labels[node.key].value
        row = [node.key, node.kind.value, f"[{colours[label]}]{label}[/]",
               f"{scores[node.key]:.2f}"]
        if several:
            row += ["yes" if evaluation.credulous[node.key] else "no",
                    "yes" if evaluation.skeptical[node.key] else "no"]
        table.add_row(*row)
    Console().print(table)
    if several:
        typer.echo(f"{len(evaluation.labellings)} {chosen.value} labelling(s)")


def _print_list(values: tuple[str, ...]) -> None:
    typer.echo("[" + ",".join(values) + "]")


def solve(
    task: Annotated[str | None, typer.Option("-p", help="ICCMA task, e.g. DC-PR.")] = None,
    file: Annotated[Path | None, typer.Option("-f", help="The framework file.")] = None,
    argument: Annotated[str | None, typer.Option("-a", help="The query argument (DC, DS).")] = None,
    fmt: Annotated[str, typer.Option("--fo", help="i23, apx or tgf.")] = "i23",
    problems: Annotated[bool, typer.Option("--problems", help="List the tasks.")] = False,
    formats: Annotated[bool, typer.Option("--formats", help="List the file formats.")] = False,
) -> None:
    """Answer an ICCMA 2023 task on a Dung framework file.

    Example: argmap solve -p DC-PR -f af.i23 -a 3
    """
    from kb.engine.dung import FORMATS, TASKS

    if problems:
        _print_list(TASKS)
        return
    if formats:
        _print_list(FORMATS)
        return
    if task is None or file is None:
        fail("give -p TASK and -f FILE (or --problems / --formats)", code=2)
    from kb.engine.dung import solve as answer
    from kb.formats.iccma import read_framework

    if task not in TASKS:
        raise ArgmapError(f"unknown task '{task}'; choose one of: {', '.join(TASKS)}")
    lines = answer(read_framework(file, fmt), task, argument)
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    """Add ``evaluate`` and ``solve`` to `app`."""
    app.command("evaluate")(evaluate)
    app.command("solve")(solve)
