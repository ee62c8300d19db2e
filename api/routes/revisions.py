"""History: every change of a debate (who, when, what before and after), and revert."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import DebateDep, EditorDep, OptionalIfMatchDep, StoreDep, set_etag
from api.pagination import Page, PageDep
from api.problems import problem_responses
from kb.schemas import DebatePublic, RevisionPublic
from kb.store.notes import noting

router = APIRouter(tags=["history"])


class RevertRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    revision: int = Field(ge=1, le=2**31 - 1, description="The revision whose state to restore.")
    message: str = Field(default="", max_length=500, description="Why: kept in the history.")


@router.get(
    "/api/debates/{slug}/revisions",
    operation_id="list_revisions",
    summary="A debate's history, newest first",
    response_model=Page[RevisionPublic],
    responses=problem_responses(401, 404, 422),
)
def list_revisions(debate: DebateDep, store: StoreDep, page: PageDep) -> Page[RevisionPublic]:
    """Each revision: its number, author, time, kind of change, and each touched item
    (`node:KEY`, `edge:KEY`, `party:KEY`, `source:KEY`, `acceptance:PARTY`, `debate`)
    before and after (`null` when absent)."""
    items = store.list_revisions(debate.slug, limit=page.limit, offset=page.offset)
    return page.page(items, debate.revision)


@router.get(
    "/api/debates/{slug}/revisions/{number}",
    operation_id="read_revision",
    summary="One revision of a debate",
    response_model=RevisionPublic,
    responses=problem_responses(401, 404, 422),
)
def read_revision(
    debate: DebateDep,
    number: Annotated[int, Path(ge=1, le=2**31 - 1, description="The revision number.")],
    store: StoreDep,
) -> RevisionPublic:
    """Who changed what, and when, at revision `number`."""
    return store.get_revision(debate.slug, number)


@router.post(
    "/api/debates/{slug}/revert",
    operation_id="revert_debate",
    summary="Restore the state of an earlier revision, as a new revision",
    response_model=DebatePublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422),
)
def revert_debate(
    editing: EditorDep,
    expected: OptionalIfMatchDep,
    data: Annotated[RevertRequest, Body(examples=[{"revision": 3}])],
    store: StoreDep,
    response: Response,
) -> DebatePublic:
    """The debate becomes exactly what it was at `revision`; the history keeps every
    revision in between. An optional `If-Match` names the debate's ETag."""
    with noting(data.message or None):
        debate = store.revert(editing.slug, data.revision, actor=editing.actor.name,
                              expected=expected)
    set_etag(response, debate.revision)
    return debate
