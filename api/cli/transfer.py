"""``argmap export`` and ``argmap import``: any format of :mod:`kb.formats`, through the Store."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from api.cli.common import DbOption, fail, open_store
from kb.documents import citation_warnings
from kb.errors import InvalidInputError
from kb.formats import READERS, WRITERS, format_module, quoted_passages

# The progress-bar modules are imported inside the functions that use them, so that other
# commands (``argmap solve``) start without loading them.

CHUNK = 1 << 20
PROGRESS_FROM = 1 << 20
"""Files at least this large show a progress bar while they are read."""

def _format(name: str, known: tuple[str, ...], verb: str) -> ModuleType:
    if name not in known:
        raise InvalidInputError(f"cannot {verb} '{name}'; choose one of: {', '.join(known)}")
    try:
        return format_module(name)
    except ModuleNotFoundError as exc:
        raise InvalidInputError(f"the {name} format is not available in this build") from exc


def read_text(path: Path, *, show_progress: bool | None = None) -> str:
    """Read a UTF-8 file in chunks, with a progress bar on stderr for large files."""
    if str(path) == "-":
        return sys.stdin.read()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidInputError(f"cannot read '{path}': {exc.strerror}") from exc
    if show_progress is None:
        show_progress = size >= PROGRESS_FROM
    chunks: list[bytes] = []
    with handle, Progress(
        TextColumn("reading {task.description}"), BarColumn(), DownloadColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), transient=True,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task(path.name, total=size)
        while chunk := handle.read(CHUNK):
            chunks.append(chunk)
            progress.advance(task, len(chunk))
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"'{path}' is not UTF-8 text (byte {exc.start})") from exc


def export(
    slug: Annotated[str, typer.Argument(help="Debate slug.")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(WRITERS)}.")],
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="File to write (default: stdout).")] = None,
    party: Annotated[str | None, typer.Option(help="Party whose view to show.")] = None,
    revision: Annotated[int | None, typer.Option(help="Export an earlier revision.")] = None,
    db: DbOption = None,
) -> None:
    """Export a debate in one format.

    Example: argmap export asan-2024 --format json -o asan-2024.json
    """
    from kb.link_transfer import LINK_FORMATS, links_for

    module = _format(format, WRITERS, "export to")
    store = open_store(db)
    doc = store.snapshot(slug, revision=revision)
    if party is not None:
        doc.party(party)
    passages = quoted_passages(module, store, slug)
    text = (module.dump(doc, party=party, passages=passages) if passages
            else module.dump(doc, party=party, links=links_for(store, slug))
            if format in LINK_FORMATS else module.dump(doc, party=party))
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def import_(
    file: Annotated[Path, typer.Argument(help="File to read ('-' for stdin).")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(READERS)}.")],
    slug: Annotated[str | None, typer.Option(help="Store under this slug.")] = None,
    replace: Annotated[bool, typer.Option(
        help="Replace an existing debate of that slug (as one new revision).")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Only check the file: print every problem with its line, write "
        "nothing; exit 1 when there is any.")] = False,
    db: DbOption = None,
) -> None:
    """Import a debate from a file, or every file of a folder; on any error in a file
    nothing of it is written.

    Example: argmap import asan-2024.json --format json --slug asan-copy

    Example: argmap import corpus/ --format aif  (each file its own debate, slug from the
    file name; a second run changes nothing)

    Example: argmap import carbon.yaml --format yaml --dry-run
    """
    if dry_run:
        if file.is_dir():
            raise InvalidInputError("--dry-run checks one file, not a folder")
        _format(format, READERS, "import")
        from api.cli.dry_run import dry_run as check
        from api.cli.dry_run import read_bytes

        check(file.name, read_bytes(file), format, slug=slug, replace=replace, db=db)
        return
    if file.is_dir():
        import_folder(file, format, slug=slug, replace=replace, db=db)
        return
    module = _format(format, READERS, "import")
    text = read_text(file)
    warnings: list[str] = []
    try:
        if hasattr(module, "load_report"):
            # formats that drop what they cannot map (AIF's dialogue nodes) say so
            doc, warnings = module.load_report(text)
        else:
            doc = module.load(text)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{file.name}: {exc}", errors=exc.errors) from exc
    from kb.link_transfer import apply_links, read_links

    store = open_store(db)
    debate = store.import_doc(doc, slug, actor=f"cli:{getpass.getuser()}", replace=replace)
    # a replaced debate keeps its documents: say which citations name no passage of them
    warnings += [w["msg"] for w in citation_warnings(doc, store.source_passages(debate.slug))]
    warnings += apply_links(store, read_links(format, text), file_slug=doc.slug,
                            slug=debate.slug, actor=f"cli:{getpass.getuser()}")
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"imported {debate.slug} (revision {debate.revision}): {len(doc.nodes)} nodes, "
               f"{len(doc.edges)} edges, {len(doc.parties)} parties")


def import_folder(folder: Path, fmt: str, *, slug: str | None, replace: bool,
                  db: str | None) -> None:
    """``argmap import DIR``: a line per file on stdout, a progress bar on stderr, a summary.

    Exit code 1 when any file failed (the others are imported all the same).
    """
    import time

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from kb.corpus import FileResult, corpus_files, import_directory, summary

    started = time.perf_counter()
    if slug is not None:
        raise InvalidInputError("--slug names one debate; a folder's files take their slugs "
                                "from their names")
    _format(fmt, READERS, "import")
    total = len(corpus_files(folder))
    store = open_store(db)
    with Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=total)

        def done(result: FileResult) -> None:
            typer.echo(result.line())
            progress.advance(task)

        results = import_directory(store, folder, fmt, actor=f"cli:{getpass.getuser()}",
                                   replace=replace, done=done)
    typer.echo(summary(results, time.perf_counter() - started))
    failed = sum(r.status == "failed" for r in results)
    if failed:
        fail(f"{failed} file(s) could not be imported (see the lines above); the others were")


def register(app: typer.Typer) -> None:
    """Add export and import to `app`."""
    app.command("export")(export)
    app.command("import")(import_)
