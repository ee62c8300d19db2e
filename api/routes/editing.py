"""Editing in one step: a batch of operations as one revision, one party's stance on one
item, and undo of one revision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import EditorDep, IfMatchDep, OptionalIfMatchDep, StoreDep, set_etag
from api.problems import problem_responses
from api.routes.parties import ACCEPTANCE_WRITE, AcceptanceEditDep, acceptance_answer
from kb.doc import Stance
from kb.schemas import DebatePublic
from kb.store.edits import BatchRequest
from kb.store.notes import noting

router = APIRouter(tags=["editing"])

BATCH_EXAMPLE = {
    "message": "Map the opening of the debate",
    "operations": [
        {"op": "create", "kind": "node",
         "data": {"key": "e1", "kind": "evidence", "text": "Trade with China doubled."}},
        {"op": "create", "kind": "node",
         "data": {"key": "c1", "kind": "claim", "text": "Russia depends on China."}},
        {"op": "create", "kind": "edge",
         "data": {"key": "s1", "source": "e1", "target": "c1", "relation": "supports"}},
        {"op": "update", "kind": "acceptance", "key": "wong", "data": {"e1": "accepted"}},
        {"op": "delete", "kind": "node", "key": "old-claim", "cascade": True},
    ],
}
Item = Annotated[str, Path(pattern=r"^(edge:)?[a-z0-9][a-z0-9_.-]{0,79}$",
                           description="A node key, or `edge:ID` for an edge.",
                           examples=["e1", "edge:s1"])]


class StanceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stance: Stance
    message: str = Field(default="", max_length=500, description="Why: kept in the history.")


class UndoRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(default="", max_length=500, description="Why: kept in the history.")


@router.post(
    "/api/debates/{slug}/batch",
    operation_id="apply_batch",
    summary="Apply many changes as one revision",
    response_model=DebatePublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422, 428),
)
def apply_batch(
    editing: EditorDep,
    expected: IfMatchDep,
    data: Annotated[BatchRequest, Body(examples=[BATCH_EXAMPLE])],
    store: StoreDep,
    response: Response,
) -> DebatePublic:
    """Every operation (`create`, `update`, `delete` of a `node`, `edge`, `party`,
    `source`, `acceptance`; `update` of the `debate`) in one transaction, as ONE revision
    with `message`: all or nothing. Needs `If-Match` with the debate's ETag. A refusal
    (409 or 422) lists every problem in `errors`, each with the `index` of its operation."""
    with noting(data.message or None):
        debate = store.apply_batch(editing.slug, data.operations, actor=editing.actor.name,
                                   expected=expected)
    set_etag(response, debate.revision)
    return debate


@router.put("/api/debates/{slug}/parties/{party}/acceptance/{item}",
            operation_id="set_stance", summary="Set a party's stance on one item",
            **ACCEPTANCE_WRITE)
def set_stance(
    edit: AcceptanceEditDep,
    item: Item,
    data: Annotated[StanceRequest, Body(examples=[{"stance": "rejected"}])],
    store: StoreDep,
    response: Response,
) -> dict[str, Stance]:
    """Change one item of the party's acceptance and keep the others (`unstated` removes
    it). Needs `If-Match` with the acceptance's ETag; answers the whole acceptance."""
    with noting(data.message or None):
        acceptance = store.set_stance(edit.slug, edit.party, item, data.stance,
                                      actor=edit.actor, expected=edit.expected)
    return acceptance_answer(response, acceptance)


@router.post(
    "/api/debates/{slug}/revisions/{number}/undo",
    operation_id="undo_revision",
    summary="Take back one revision, keeping later changes",
    response_model=DebatePublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422),
)
def undo_revision(
    editing: EditorDep,
    number: Annotated[int, Path(ge=1, le=2**31 - 1, description="The revision to undo.")],
    expected: OptionalIfMatchDep,
    store: StoreDep,
    response: Response,
    data: Annotated[UndoRequest | None, Body()] = None,
) -> DebatePublic:
    """Apply the inverse of revision `number` as a new revision. 409 when a later revision
    changed an item it touched (`errors` lists each item, then and now): undo those first,
    or revert to a whole earlier state with `POST /api/debates/{slug}/revert`."""
    with noting(data.message if data and data.message else None):
        debate = store.undo(editing.slug, number, actor=editing.actor.name, expected=expected)
    set_etag(response, debate.revision)
    return debate
