"""Debates: list, create, read, change, delete; per-debate editor grants."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response, status

from api.auth import ActorDep, AdminDep, CreatorDep
from api.deps import (
    DebateDep,
    EditorDep,
    IfMatchDep,
    StoreDep,
    set_etag,
)
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.common import route_options
from api.routes.users import UserName
from kb.errors import NotFoundError
from kb.schemas import DebateCreate, DebatePublic, DebateUpdate, UserPublic

router = APIRouter(tags=["debates"])

DEBATE_EXAMPLE = {
    "slug": "demo",
    "title": "Is the moon made of cheese?",
    "summary": "A worked example.",
    "mode": "unsupported",
}


@router.get(
    "/api/debates",
    operation_id="list_debates",
    summary="List the debates you can see",
    response_model=Page[DebatePublic],
    responses=problem_responses(401, 422),
)
def list_debates(store: StoreDep, actor: ActorDep, page: PageDep) -> Page[DebatePublic]:
    """Public debates, plus the private ones you edit (all of them for admins), by slug."""
    items = store.list_debates(actor=actor, limit=page.limit, offset=page.offset)
    return page.page(items, store.count_debates(actor=actor))


@router.post(
    "/api/debates",
    operation_id="create_debate",
    summary="Create a debate",
    status_code=status.HTTP_201_CREATED,
    response_model=DebatePublic,
    responses=problem_responses(401, 403, 409, 413, 422),
)
def create_debate(
    data: Annotated[DebateCreate, Body(examples=[DEBATE_EXAMPLE])],
    store: StoreDep,
    actor: CreatorDep,
    response: Response,
) -> DebatePublic:
    """Create an empty debate at revision 1 (editors and admins); an editor who creates
    a debate becomes its editor. 409 when the slug is taken."""
    debate = store.create_debate(data, actor=actor.name)
    set_etag(response, debate.revision)
    response.headers["Location"] = f"/api/debates/{debate.slug}"
    return debate


@router.get(
    "/api/debates/{slug}",
    operation_id="read_debate",
    summary="Read one debate",
    response_model=DebatePublic,
    responses=problem_responses(401, 404, 422),
)
def read_debate(debate: DebateDep, response: Response) -> DebatePublic:
    """The debate's settings; its ETag is the debate's revision, bumped by every change."""
    set_etag(response, debate.revision)
    return debate


@router.patch(
    "/api/debates/{slug}",
    operation_id="update_debate",
    summary="Change a debate's title, summary, mode or visibility",
    response_model=DebatePublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422, 428),
)
def update_debate(
    editing: EditorDep,
    expected: IfMatchDep,
    data: Annotated[DebateUpdate, Body(examples=[{"title": "A better title"}])],
    store: StoreDep,
    response: Response,
) -> DebatePublic:
    """Change only the fields given; needs `If-Match` with the debate's ETag."""
    debate = store.update_debate(editing.slug, data, actor=editing.actor.name, expected=expected)
    set_etag(response, debate.revision)
    return debate


@router.delete(
    "/api/debates/{slug}",
    operation_id="delete_debate",
    summary="Delete a debate and its history",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
def delete_debate(editing: EditorDep, expected: IfMatchDep, store: StoreDep) -> Response:
    """Delete the debate with all its items and revisions; needs `If-Match`."""
    store.delete_debate(editing.slug, actor=editing.actor.name, expected=expected)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class EditorGrant:
    """The debate and the user of an editor-grant route, asked for by an admin."""

    def __init__(self, debate: DebateDep, name: UserName, admin: AdminDep) -> None:
        self.slug, self.name = debate.slug, name


GRANT_ROUTE = route_options(UserPublic, 401, 403, 404, 422)
"""What both editor-grant routes answer: the user, with their grants."""


@router.put("/api/debates/{slug}/editors/{name}", operation_id="grant_editor",
            summary="Make a user an editor of this debate (admins)", **GRANT_ROUTE)
def grant_editor(grant: Annotated[EditorGrant, Depends()], store: StoreDep) -> UserPublic:
    """Grant the user the right to change (and, if private, read) this debate; idempotent."""
    store.grant_editor(grant.slug, grant.name)
    return store.get_user(grant.name)


@router.delete("/api/debates/{slug}/editors/{name}", operation_id="revoke_editor",
               summary="Take back a user's editor grant on this debate (admins)", **GRANT_ROUTE)
def revoke_editor(grant: Annotated[EditorGrant, Depends()], store: StoreDep) -> UserPublic:
    """The user may no longer change this debate (nor read it, if private), unless they
    are an admin or a global editor; 404 when they hold no grant on it."""
    if not store.revoke_editor(grant.slug, grant.name):
        raise NotFoundError(f"user '{grant.name}' holds no editor grant on debate "
                            f"'{grant.slug}'")
    return store.get_user(grant.name)
