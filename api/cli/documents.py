"""``argmap document``: attach a copy of a source's text to a debate, list, remove."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import ArgmapGroup, DbOption, open_store
from kb.documents import DocumentFormat, citation_warnings
from kb.errors import InvalidInputError

document_app = typer.Typer(cls=ArgmapGroup, help="Documents: the texts a debate cites, "
                           "numbered in passages.\n\nExample: argmap document list asan-2024",
                           no_args_is_help=True)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read '{path}': {exc.strerror}") from exc


def document_add(
    slug: Annotated[str, typer.Argument(help="Debate slug.")],
    file: Annotated[Path, typer.Argument(help="The text (UTF-8), kept byte for byte.")],
    key: Annotated[str, typer.Option("--key", help="The document's key in the debate.")],
    source: Annotated[str, typer.Option("--source", help="The debate's source it copies.")],
    format: Annotated[DocumentFormat, typer.Option(
        "--format", help="text: one paragraph per line; markdown: blocks.")
    ] = DocumentFormat.TEXT,
    title: Annotated[str | None, typer.Option(
        help="Title (default: the source's title).")] = None,
    replace: Annotated[bool, typer.Option(
        help="Replace a document of that key (else an error).")] = False,
    db: DbOption = None,
) -> None:
    """Attach FILE to debate SLUG as document KEY, a copy of source SOURCE_KEY.

    Prints the number of paragraphs and footnotes, then a warning for each citation of
    the debate that names a passage the document does not have.

    Example: argmap document add asan-2024 asan.txt --key asan-2024 --source asan-2024
    """
    store = open_store(db)
    data = _read(file)
    name = title or store.get_source(slug, source).title
    try:
        document, made = store.put_document(
            slug, key, title=name, source=source, data=data, format=format,
            actor=f"cli:{getpass.getuser()}", replace=replace)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{file.name}: {exc}", errors=exc.errors) from exc
    warnings = citation_warnings(store.snapshot(slug), store.source_passages(slug, [source]))
    for warning in warnings:
        typer.echo(f"warning: {warning['msg']}", err=True)
    verb = "added" if made else "replaced"
    typer.echo(f"{verb} document {key} of {slug} (version {document.revision}): "
               f"{document.paragraphs} paragraphs, {document.footnotes} footnotes, "
               f"{document.size} bytes")


def document_list(
    slug: Annotated[str, typer.Argument(help="Debate slug.")],
    db: DbOption = None,
) -> None:
    """List the documents of debate SLUG: key, source, paragraphs, footnotes, title.

    Example: argmap document list asan-2024
    """
    for d in open_store(db).list_documents(slug):
        typer.echo(f"{d.key}\t{d.source}\t¶{d.paragraphs}\tfn{d.footnotes}\t{d.title}")


def document_remove(
    slug: Annotated[str, typer.Argument(help="Debate slug.")],
    key: Annotated[str, typer.Argument(help="The document's key.")],
    db: DbOption = None,
) -> None:
    """Remove document KEY from debate SLUG (its citations stay).

    Example: argmap document remove asan-2024 asan-2024
    """
    open_store(db).delete_document(slug, key)
    typer.echo(f"removed document {key} of {slug}")


def register(app: typer.Typer) -> None:
    """Add the document commands to `app`."""
    document_app.command("add")(document_add)
    document_app.command("list")(document_list)
    document_app.command("remove")(document_remove)
    app.add_typer(document_app, name="document")
