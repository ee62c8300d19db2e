"""Documents: the texts a debate cites, their numbered passages, and the citation checks."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import (
    DebateDep,
    DebateDocDep,
    EditorDep,
    IfMatchDep,
    ItemKey,
    StoreDep,
    parse_if_match,
    set_etag,
)
from api.pagination import Page, PageDep
from api.problems import PayloadTooLargeError, PreconditionRequiredError, problem_responses
from kb.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentFormat,
    Passage,
    citation_warnings,
    citing_items,
)
from kb.documents_schemas import DocumentPublic, DocumentPut, DocumentSummary, PassagePublic
from kb.errors import InvalidInputError
from kb.store import Store

router = APIRouter(tags=["documents"])

Locator = Annotated[str, Path(max_length=40, description="`¶31` (URL-encoded) or `fn14`.",
                              examples=["¶31", "fn14"])]
TEXT_MEDIA = {DocumentFormat.TEXT: "text/plain; charset=utf-8",
              DocumentFormat.MARKDOWN: "text/markdown; charset=utf-8"}


class Warning_(BaseModel):
    item: str = Field(description="`node:KEY` or `edge:KEY`.")
    source: str
    locator: str
    msg: str


class DebateProblems(BaseModel):
    debate: str
    warnings: list[Warning_] = Field(description="Citations that open no passage.")


@router.get(
    "/api/debates/{slug}/documents",
    operation_id="list_documents",
    summary="List a debate's documents",
    response_model=Page[DocumentSummary],
    responses=problem_responses(401, 404, 422),
)
def list_documents(debate: DebateDep, store: StoreDep, page: PageDep) -> Page[DocumentSummary]:
    """The documents by key, without their passages."""
    return page.slice(store.list_documents(debate.slug))


def _payload(raw: bytes, content_type: str, params: dict[str, str]) -> tuple[DocumentPut, bytes]:
    """The document of a PUT body: JSON (`DocumentPut`) or the text itself."""
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/plain", "text/markdown"):
        fields = {k: v for k, v in params.items() if k in ("title", "source", "format")}
        fields.setdefault("format", "markdown" if media == "text/markdown" else "text")
        try:
            return DocumentPut(text="", **fields), raw
        except ValidationError as exc:
            raise InvalidInputError(
                "send title and source as query parameters with a text body",
                errors=[{"loc": ["query", *map(str, e["loc"])], "msg": e["msg"],
                         "type": e["type"]} for e in exc.errors()]) from None
    try:
        body = json.loads(raw.decode("utf-8"))
        payload = DocumentPut.model_validate(body)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"the body is not UTF-8 (byte {exc.start} cannot be read); "
                                "send UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"the body is not JSON: {exc.msg} at line {exc.lineno}, "
                                f"column {exc.colno}") from None
    except ValidationError as exc:
        raise InvalidInputError(
            "the document needs title, text, source and optionally format",
            errors=[{"loc": ["body", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
                    for e in exc.errors()]) from None
    try:
        data = payload.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInputError(f"the text is not valid Unicode (character {exc.start}); "
                                "send UTF-8 text") from None
    return payload, data


def _put(store: Store, editing: Any, key: str, raw: bytes, content_type: str,
         params: dict[str, str], if_match: str | None, response: Response) -> DocumentPublic:
    payload, data = _payload(raw, content_type, params)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise PayloadTooLargeError(f"the document is {len(data):,} bytes; a document holds at "
                                   f"most {MAX_DOCUMENT_BYTES:,} bytes: split it into parts")
    expected = None if if_match is None or not if_match.strip() else parse_if_match(if_match)
    if expected is None and store.find_document(editing.slug, key) is not None:
        raise PreconditionRequiredError(
            f"document '{key}' exists; replacing it needs If-Match with its ETag (GET it, "
            'then send e.g. If-Match: "1"), so no one else\'s version is lost')
    document, made = store.put_document(
        editing.slug, key, title=payload.title, source=payload.source, data=data,
        format=payload.format, actor=editing.actor.name, expected=expected)
    if made:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/api/debates/{editing.slug}/documents/{key}"
    set_etag(response, document.revision)
    return document


@router.put(
    "/api/debates/{slug}/documents/{key}",
    operation_id="put_document",
    summary="Create or replace a document",
    response_model=DocumentPublic,
    status_code=status.HTTP_200_OK,
    responses={201: {"model": DocumentPublic, "description": "The document was created."},
               **problem_responses(401, 403, 404, 409, 412, 413, 422, 428)},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": DocumentPut.model_json_schema()},
        "text/plain": {"schema": {"type": "string"}},
        "text/markdown": {"schema": {"type": "string"}},
    }}},
)
async def put_document(request: Request, editing: EditorDep, key: ItemKey, store: StoreDep,
                       response: Response) -> DocumentPublic:
    """JSON `{"title", "text", "format", "source"}`, or the text itself (`text/plain`,
    `text/markdown`) with `?title=...&source=...`. 201 when created, 200 when replaced;
    replacing needs `If-Match` (428 without, 412 when stale). The text is kept byte for
    byte; it must be UTF-8 (422) and at most 2,000,000 bytes (413)."""
    raw = await request.body()
    return await run_in_threadpool(
        _put, store, editing, key, raw, request.headers.get("content-type", ""),
        dict(request.query_params), request.headers.get("if-match"), response)


@router.get(
    "/api/debates/{slug}/documents/{key}",
    operation_id="read_document",
    summary="Read a document and its passages",
    response_model=DocumentPublic,
    responses=problem_responses(401, 404, 422),
)
def read_document(debate: DebateDep, key: ItemKey, store: StoreDep,
                  response: Response) -> DocumentPublic:
    """The document's metadata and every passage (`¶1` ..., then `fn1` ... in text order)."""
    document = store.get_document(debate.slug, key)
    set_etag(response, document.revision)
    return document


@router.get(
    "/api/debates/{slug}/documents/{key}/text",
    operation_id="download_document",
    summary="Download a document exactly as uploaded",
    response_class=Response,
    responses={200: {"description": "The bytes as uploaded.",
                     "content": {"text/plain": {}, "text/markdown": {}}},
               **problem_responses(401, 404, 422)},
)
def download_document(debate: DebateDep, key: ItemKey, store: StoreDep) -> Response:
    """The same bytes that were uploaded (`text/plain` or `text/markdown`, UTF-8)."""
    summary, data = store.document_bytes(debate.slug, key)
    response = Response(content=data, media_type=TEXT_MEDIA[summary.format])
    set_etag(response, summary.revision)
    return response


@router.delete(
    "/api/debates/{slug}/documents/{key}",
    operation_id="delete_document",
    summary="Delete a document",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
def delete_document(editing: EditorDep, key: ItemKey, expected: IfMatchDep,
                    store: StoreDep) -> Response:
    """Delete the document (needs `If-Match`); the debate's citations stay as they are."""
    store.delete_document(editing.slug, key, expected=expected)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/debates/{slug}/documents/{key}/passages/{locator}",
    operation_id="read_passage",
    summary="Read one passage of a document",
    response_model=PassagePublic,
    responses=problem_responses(401, 404, 422),
)
def read_passage(debate: DebateDep, key: ItemKey, locator: Locator,
                 store: StoreDep) -> PassagePublic:
    """One passage: `¶31` (sent URL-encoded, `%C2%B631`) or `fn14`."""
    passage = store.get_passage(debate.slug, key, locator)
    return PassagePublic(locator=passage.locator, text=passage.text)


class Coverage(BaseModel):
    debate: str
    document: str
    source: str
    paragraphs: int = Field(description="How many paragraphs the document has.")
    cited: int = Field(description="How many of them some node or edge cites.")
    uncited: list[PassagePublic] = Field(description="The paragraphs nothing cites, in order.")
    citing: dict[str, list[str]] = Field(
        description="Paragraph -> the items citing it (`node:KEY`, `edge:KEY`); a citation "
                    "of a footnote counts for its paragraph.")


@router.get(
    "/api/debates/{slug}/documents/{key}/coverage",
    operation_id="read_document_coverage",
    summary="Which paragraphs of a document no node cites",
    response_model=Coverage,
    responses=problem_responses(401, 404, 422),
)
def read_document_coverage(read: DebateDocDep, key: ItemKey, store: StoreDep) -> Coverage:
    """For editors: the paragraphs the map does not yet use, and who cites the others."""
    debate, doc = read.debate, read.doc
    document = store.get_document(debate.slug, key)
    found = [Passage(p.locator, p.text) for p in document.passages]
    citing = citing_items(doc, document.source, found)
    uncited = [PassagePublic(locator=p.locator, text=p.text) for p in found
               if p.locator in citing and not citing[p.locator]]
    return Coverage(debate=debate.slug, document=key, source=document.source,
                    paragraphs=len(citing), cited=len(citing) - len(uncited),
                    uncited=uncited, citing=citing)


@router.get(
    "/api/debates/{slug}/problems",
    operation_id="list_problems",
    summary="Warnings about a debate: citations that open no passage",
    response_model=DebateProblems,
    responses=problem_responses(401, 404, 422),
)
def list_problems(read: DebateDocDep, store: StoreDep,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 5000) -> DebateProblems:
    """Each citation whose source has a document but whose locator names no passage of
    it (a dead link a reader would meet)."""
    debate, doc = read.debate, read.doc
    warnings = citation_warnings(doc, store.source_passages(debate.slug))[:limit]
    return DebateProblems(debate=debate.slug, warnings=[Warning_(**w) for w in warnings])
