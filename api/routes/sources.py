"""Sources: the documents a debate cites (title, authors, venue, year, URL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response, status

from api.deps import (
    DebateDep,
    EditorDep,
    IfMatchDep,
    ItemKey,
    OptionalIfMatchDep,
    StoreDep,
    set_etag,
)
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.common import created
from kb.errors import InvalidInputError
from kb.schemas import SourceCreate, SourcePublic, SourceUpdate

router = APIRouter(tags=["sources"])
YEARS = range(-9999, 10000)


def check_year(year: int | None) -> None:
    """Refuse a year no database column of every backend can hold alike (422)."""
    if year is not None and year not in YEARS:
        raise InvalidInputError(f"year {year} is out of range; give a year from -9999 to 9999")

SOURCE_EXAMPLE = {
    "key": "wong-2023",
    "title": "A review article",
    "authors": ["Ka Ho Wong"],
    "venue": "The China Review",
    "year": 2023,
}


@router.get(
    "/api/debates/{slug}/sources",
    operation_id="list_sources",
    summary="List a debate's sources",
    response_model=Page[SourcePublic],
    responses=problem_responses(401, 404, 422),
)
def list_sources(debate: DebateDep, store: StoreDep, page: PageDep) -> Page[SourcePublic]:
    """The sources in the order they were added."""
    items = store.list_sources(debate.slug, limit=page.limit, offset=page.offset)
    return page.page(items, store.count(debate.slug, "source"))


@router.post(
    "/api/debates/{slug}/sources",
    operation_id="create_source",
    summary="Add a source",
    status_code=status.HTTP_201_CREATED,
    response_model=SourcePublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422),
)
def create_source(
    editing: EditorDep,
    expected: OptionalIfMatchDep,
    data: Annotated[SourceCreate, Body(examples=[SOURCE_EXAMPLE])],
    store: StoreDep,
    response: Response,
) -> SourcePublic:
    """Add a source; 409 when the key is taken. An optional `If-Match` names the debate's
    ETag the addition is based on."""
    check_year(data.year)
    source = store.add_source(editing.slug, data, actor=editing.actor.name, expected=expected)
    created(response, f"/api/debates/{editing.slug}/sources/{source.key}", source.revision)
    return source


@router.get(
    "/api/debates/{slug}/sources/{key}",
    operation_id="read_source",
    summary="Read one source",
    response_model=SourcePublic,
    responses=problem_responses(401, 404, 422),
)
def read_source(debate: DebateDep, key: ItemKey, store: StoreDep,
                response: Response) -> SourcePublic:
    """One source; its ETag is the revision that last changed it."""
    source = store.get_source(debate.slug, key)
    set_etag(response, source.revision)
    return source


@router.patch(
    "/api/debates/{slug}/sources/{key}",
    operation_id="update_source",
    summary="Change a source",
    response_model=SourcePublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422, 428),
)
def update_source(
    editing: EditorDep,
    key: ItemKey,
    expected: IfMatchDep,
    data: Annotated[SourceUpdate, Body(examples=[{"year": 2024}])],
    store: StoreDep,
    response: Response,
) -> SourcePublic:
    """Change only the fields given; needs `If-Match` with the source's ETag."""
    check_year(data.year)
    source = store.update_source(editing.slug, key, data, actor=editing.actor.name,
                                 expected=expected)
    set_etag(response, source.revision)
    return source


@router.delete(
    "/api/debates/{slug}/sources/{key}",
    operation_id="delete_source",
    summary="Delete a source",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def delete_source(
    editing: EditorDep,
    key: ItemKey,
    expected: IfMatchDep,
    store: StoreDep,
    cascade: Annotated[
        bool, Query(description="Also remove the citations that name the source (else 409).")
    ] = False,
) -> Response:
    """Delete the source (needs `If-Match` with its ETag); while nodes or edges cite it,
    409 unless `cascade=true`, which removes those citations in the same revision."""
    store.delete_source(editing.slug, key, actor=editing.actor.name, expected=expected,
                        cascade=cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
