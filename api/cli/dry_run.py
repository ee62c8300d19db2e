"""``argmap import FILE --dry-run``: every problem of the file, with its line; nothing written.

It runs the checker of ``POST /api/import?dry_run=true`` (:func:`api.import_check.check_import`)
and prints one line per problem, ``FILE:LINE: WHERE: WHAT`` (the line when the format knows
it: seed and yaml), then a summary. The exit code is 1 when there is any problem.

Example::

    $ argmap import carbon.yaml --format yaml --dry-run
    carbon.yaml:6: nodes.0.txet: unknown field 'txet' (did you mean 'text' or 'target'?)
    carbon.yaml: 1 problem; nothing written
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from kb.errors import InvalidInputError


def read_bytes(path: Path) -> bytes:
    """The file's bytes as they are (``-``: standard input); the checker judges the encoding."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read '{path}': {exc.strerror}") from exc


def problem_line(name: str, problem: dict[str, Any]) -> str:
    """One problem as ``FILE:LINE: WHERE: WHAT``.

    >>> problem_line("a.yaml", {"line": 6, "loc": "nodes.0.txet", "msg": "unknown field"})
    'a.yaml:6: nodes.0.txet: unknown field'
    >>> problem_line("a.json", {"loc": "", "msg": "not valid JSON"})
    'a.json: not valid JSON'
    """
    where = f"{name}:{problem['line']}" if "line" in problem else name
    loc = f"{problem['loc']}: " if problem.get("loc") else ""
    return f"{where}: {loc}{problem['msg']}"


def summary_line(name: str, report: dict[str, Any]) -> str:
    """The last line: how many problems, or what the import would do.

    >>> report = {"slug": "demo", "exists": False, "problems": [],
    ...           "counts": {"sources": 1, "parties": 2, "nodes": 4, "edges": 3}}
    >>> summary_line("d.json", report)
    'd.json: no problems; would import demo (new): 4 nodes, 3 edges, 2 parties, 1 sources'
    """
    problems = report["problems"]
    if problems:
        plural = "" if len(problems) == 1 else "s"
        return f"{name}: {len(problems)} problem{plural}; nothing written"
    counts = report["counts"]
    how = "replacing the stored debate" if report["exists"] else "new"
    return (f"{name}: no problems; would import {report['slug']} ({how}): {counts['nodes']} "
            f"nodes, {counts['edges']} edges, {counts['parties']} parties, "
            f"{counts['sources']} sources")


def dry_run(name: str, raw: bytes, fmt: str, *, slug: str | None, replace: bool,
            db: str | None) -> None:
    """Check `raw` as the API's dry run does, print the report, exit 1 on any problem."""
    from api.cli.common import open_store
    from api.import_check import check_import

    report = check_import(raw, open_store(db), fmt, slug)
    if report["exists"] and not replace:
        report["problems"].append({"loc": "slug", "msg": f"debate '{report['slug']}' exists "
                                   "already; add --replace to replace it"})
    for problem in report["problems"]:
        typer.echo(problem_line(name, problem))
    typer.echo(summary_line(name, report))
    if report["problems"]:
        raise typer.Exit(1)
