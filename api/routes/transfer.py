"""Export a debate in any writer format; import a whole debate from a file."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from api.auth import ActorDep, CreatorDep, check_editor
from api.budget import run_sized
from api.deps import DebateDocDep, OptionalIfMatchDep, StoreDep, set_etag
from api.import_check import check_import
from api.limits import MAX_IMPORT_BODY
from api.problems import PreconditionRequiredError, problem_responses
from kb.auth import Actor, Role, can_edit
from kb.doc import KEY_PATTERN, DebateDoc
from kb.documents import citation_warnings
from kb.errors import ArgmapError, InvalidInputError
from kb.formats import READERS, WRITERS, format_module, quoted_passages
from kb.link_transfer import LINK_FORMATS, apply_links, links_for, read_links
from kb.schemas import DebatePublic
from kb.store import Store

router = APIRouter(tags=["transfer"])


class ImportedDebate(DebatePublic):
    """The imported debate, with what the file held that could not be represented."""

    report: list[str] = Field(default_factory=list)

log = logging.getLogger("argmap.api")

ExportFormat = StrEnum("ExportFormat", {name.upper(): name for name in WRITERS})  # type: ignore[misc]
ImportFormat = StrEnum("ImportFormat", {name.upper(): name for name in READERS})  # type: ignore[misc]

MEDIA_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown",
    "html": "text/html",
    "aif": "application/json",
    "argdown": "text/x-argdown",
    "iccma": "text/plain",
    "graphml": "application/graphml+xml",
    "dot": "text/vnd.graphviz",
    "brief": "text/markdown",
    "brief-html": "text/html",
}
"""Media type of each writer, for the OpenAPI document (a test checks it against each
format module's MEDIA_TYPE; reading it here would import every format at start-up)."""


def _export_content() -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name in WRITERS:
        media = MEDIA_TYPES.get(name, "text/plain")
        schema = {"type": "object"} if media == "application/json" else {"type": "string"}
        content.setdefault(media, {"schema": schema})
    return content


@router.get(
    "/api/debates/{slug}/export",
    operation_id="export_debate",
    summary="Export a debate (summary, brief, AIF, Argdown, ICCMA, GraphML, DOT, JSON)",
    response_class=Response,
    responses={
        200: {"description": "The debate in the format asked for.",
              "content": _export_content()},
        **problem_responses(401, 404, 422),
    },
)
def export_debate(
    read: DebateDocDep,
    store: StoreDep,
    actor: ActorDep,
    format: Annotated[ExportFormat, Query(description="The format to write.")],
    party: Annotated[
        str | None,
        Query(pattern=KEY_PATTERN, description="Write from this party's point of view."),
    ] = None,
) -> Response:
    """The same text as `argmap export SLUG --format F [--party P]`, with the format's
    media type. `format=json` is the project's own format, which `POST /api/import`
    reads back."""
    debate, doc = read.debate, read.doc
    if party is not None:
        doc.party(party)
    module = format_module(format.value)
    # the summaries quote the cited passages of the debate's documents (docs/documents.md)
    passages = quoted_passages(module, store, debate.slug)
    extra: dict[str, Any] = {"passages": passages} if passages else {}
    if format.value in LINK_FORMATS:  # links of the debate's nodes the caller may read
        extra["links"] = links_for(store, debate.slug, actor)
    text = run_sized(module.dump, doc, party=party, size=len(doc.nodes),
                     what=f"the {format.value} export", **extra)
    response = Response(content=text, media_type=module.MEDIA_TYPE)
    filename = f"{debate.slug}{module.EXTENSION}"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if not passages:  # documents change without a new revision: no revision ETag then
        set_etag(response, debate.revision)
    return response


@router.post(
    "/api/import",
    operation_id="import_debate",
    summary="Import a whole debate from a file",
    status_code=status.HTTP_201_CREATED,
    response_model=None,
    responses={
        201: {"model": ImportedDebate, "description": "The debate imported."},
        200: {"description": "An existing debate replaced (an ImportedDebate), or the report "
              "of a dry run.", "content": {"application/json": {"schema": {"type": "object"}}}},
        **problem_responses(401, 403, 404, 409, 412, 413, 415, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": f"The file itself (UTF-8), at most {MAX_IMPORT_BODY:,} bytes.",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_debate(
    request: Request,
    store: StoreDep,
    actor: CreatorDep,
    response: Response,
    expected: OptionalIfMatchDep,
    format: Annotated[ImportFormat, Query(description="The format of the file.")],
    slug: Annotated[
        str | None, Query(pattern=KEY_PATTERN, description="Store it under this slug.")
    ] = None,
    replace: Annotated[
        bool, Query(description="Replace the debate of that slug (as one new revision; "
                    "needs If-Match with the debate's ETag).")
    ] = False,
    dry_run: Annotated[
        bool, Query(description="Only check the file: report every problem (with its line "
                    "for seed/yaml) and change nothing.")
    ] = False,
) -> Any:
    """Read the file whole, check it whole, and write it in one transaction: a bad file
    changes nothing (422 with where the problem is). 409 when the slug is taken, unless
    `replace=true` (editors of that debate and admins; If-Match with the debate's ETag,
    428 without). `format=seed` (or `yaml`) reads the seed format of `seeds/`.
    `report` lists what the file held that the debate cannot represent (AIF dialogue nodes,
    Argdown data ...). `dry_run=true` answers 200 with
    `{"valid", "slug", "exists", "counts", "problems"}`."""
    raw = await request.body()
    if dry_run:
        report = await run_in_threadpool(check_import, raw, store, format.value, slug)
        return JSONResponse(report, status_code=status.HTTP_200_OK)
    return await run_in_threadpool(
        _import_text, raw, store, actor, format, slug, replace, expected, response
    )


def _import_text(raw: bytes, store: Store, actor: Actor, format: ImportFormat,
                 slug: str | None, replace: bool, expected: int | None,
                 response: Response) -> ImportedDebate:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"the file is not UTF-8 text (byte {exc.start})") from None
    module = format_module(format.value)
    report: list[str] = []
    try:
        if hasattr(module, "load_report"):
            doc, report = module.load_report(text)
        else:
            doc = module.load(text)
    except ArgmapError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        log.warning("import: %s reader failed: %r", format.value, exc)
        raise InvalidInputError(f"could not read the file as {format.value}: {exc}") from None
    debate = _store_import(store, actor, doc, slug, replace, expected, response)
    report += [w["msg"] for w in citation_warnings(doc, store.source_passages(debate.slug))]
    # links to other debates only where the caller may edit those debates too
    mine = [link for link in read_links(format.value, text)
            if all(link[end]["debate"] == doc.slug or can_edit(actor, link[end]["debate"])
                   for end in ("source", "target"))]
    report += apply_links(store, mine, file_slug=doc.slug, slug=debate.slug, actor=actor.name)
    return ImportedDebate(**debate.model_dump(), report=report)


def _store_import(store: Store, actor: Actor, doc: DebateDoc, slug: str | None, replace: bool,
                  expected: int | None, response: Response) -> DebatePublic:
    target = slug or doc.slug
    exists = store.find_debate(target) is not None
    if exists and replace:
        check_editor(actor, target)
        if expected is None:
            raise PreconditionRequiredError(
                f"replacing debate '{target}' needs If-Match with its ETag (GET "
                f"/api/debates/{target}, then send its ETag), so no one else's change is lost")
    debate: DebatePublic = store.import_doc(doc, slug, actor=actor.name, replace=replace,
                                            expected=expected)
    if exists and replace:
        response.status_code = status.HTTP_200_OK
    elif actor.role == Role.EDITOR:
        store.grant_editor(debate.slug, actor.name)
    response.headers["Location"] = f"/api/debates/{debate.slug}"
    set_etag(response, debate.revision)
    return debate
