"""Parties (the sides of a debate) and each party's acceptance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Response, status

from api.deps import (
    DebateDep,
    EditorDep,
    IfMatchDep,
    OptionalIfMatchDep,
    StoreDep,
    set_etag,
)
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.common import created, route_options
from kb.doc import KEY_PATTERN, Stance
from kb.schemas import AcceptancePublic, PartyCreate, PartyPublic, PartyUpdate

router = APIRouter(tags=["parties"])

PartyKey = Annotated[
    str, Path(pattern=KEY_PATTERN, description="The party's key.", examples=["wong"])
]
ACCEPTANCE_EXAMPLE = {"e1": "accepted", "e2": "rejected", "edge:s1": "accepted"}


@router.get(
    "/api/debates/{slug}/parties",
    operation_id="list_parties",
    summary="List a debate's parties",
    response_model=Page[PartyPublic],
    responses=problem_responses(401, 404, 422),
)
def list_parties(debate: DebateDep, store: StoreDep, page: PageDep) -> Page[PartyPublic]:
    """The parties in the order they were added."""
    items = store.list_parties(debate.slug, limit=page.limit, offset=page.offset)
    return page.page(items, store.count(debate.slug, "party"))


@router.post(
    "/api/debates/{slug}/parties",
    operation_id="create_party",
    summary="Add a party",
    status_code=status.HTTP_201_CREATED,
    response_model=PartyPublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422),
)
def create_party(
    editing: EditorDep,
    expected: OptionalIfMatchDep,
    data: Annotated[PartyCreate, Body(examples=[{"key": "wong", "name": "Ka Ho Wong"}])],
    store: StoreDep,
    response: Response,
) -> PartyPublic:
    """Add a party (with no acceptance yet); 409 when the key is taken."""
    party = store.add_party(editing.slug, data, actor=editing.actor.name, expected=expected)
    created(response, f"/api/debates/{editing.slug}/parties/{party.key}", party.revision)
    return party


@router.get(
    "/api/debates/{slug}/parties/{party}",
    operation_id="read_party",
    summary="Read one party",
    response_model=PartyPublic,
    responses=problem_responses(401, 404, 422),
)
def read_party(debate: DebateDep, party: PartyKey, store: StoreDep,
               response: Response) -> PartyPublic:
    """One party; its ETag is the revision that last changed it."""
    found = store.get_party(debate.slug, party)
    set_etag(response, found.revision)
    return found


@router.patch(
    "/api/debates/{slug}/parties/{party}",
    operation_id="update_party",
    summary="Change a party's name or description",
    response_model=PartyPublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422, 428),
)
def update_party(
    editing: EditorDep,
    party: PartyKey,
    expected: IfMatchDep,
    data: Annotated[PartyUpdate, Body(examples=[{"name": "The editors"}])],
    store: StoreDep,
    response: Response,
) -> PartyPublic:
    """Change only the fields given; needs `If-Match` with the party's ETag."""
    found = store.update_party(editing.slug, party, data, actor=editing.actor.name,
                               expected=expected)
    set_etag(response, found.revision)
    return found


class AcceptanceEdit:
    """A change to one party's acceptance: who edits, which party, and the acceptance's
    ETag (``If-Match``, required)."""

    def __init__(self, editing: EditorDep, party: PartyKey, expected: IfMatchDep) -> None:
        self.slug, self.actor, self.party, self.expected = (
            editing.slug, editing.actor.name, party, expected)


AcceptanceEditDep = Annotated[AcceptanceEdit, Depends()]
ACCEPTANCE_WRITE = route_options(dict[str, Stance], 401, 403, 404, 412, 413, 422, 428)
"""What the routes that change an acceptance answer: the whole acceptance."""


def acceptance_answer(response: Response, acceptance: AcceptancePublic) -> dict[str, Stance]:
    """The acceptance's items, with its revision as the ETag."""
    set_etag(response, acceptance.revision)
    return acceptance.items


@router.get(
    "/api/debates/{slug}/parties/{party}/acceptance",
    operation_id="read_acceptance",
    summary="Read a party's acceptance",
    response_model=dict[str, Stance],
    responses={
        200: {"content": {"application/json": {"example": ACCEPTANCE_EXAMPLE}}},
        **problem_responses(401, 404, 422),
    },
)
def read_acceptance(debate: DebateDep, party: PartyKey, store: StoreDep,
                    response: Response) -> dict[str, Stance]:
    """`{item: stance}` for every item the party states (node keys and `edge:ID`);
    absent items are unstated. The ETag is the revision that last changed it."""
    return acceptance_answer(response, store.get_acceptance(debate.slug, party))


@router.put("/api/debates/{slug}/parties/{party}/acceptance",
            operation_id="replace_acceptance", summary="Replace a party's whole acceptance",
            **ACCEPTANCE_WRITE)
def replace_acceptance(
    edit: AcceptanceEditDep,
    data: Annotated[dict[str, Stance], Body(examples=[ACCEPTANCE_EXAMPLE])],
    store: StoreDep,
    response: Response,
) -> dict[str, Stance]:
    """The body becomes the party's acceptance (items left out become unstated); every
    item must be a node of the debate or `edge:ID` of one of its edges (422 otherwise).
    Needs `If-Match` with the acceptance's ETag."""
    return acceptance_answer(response, store.set_acceptance(
        edit.slug, edit.party, data, actor=edit.actor, expected=edit.expected))


@router.delete(
    "/api/debates/{slug}/parties/{party}",
    operation_id="delete_party",
    summary="Delete a party and its acceptance",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def delete_party(
    editing: EditorDep,
    party: PartyKey,
    expected: IfMatchDep,
    store: StoreDep,
    cascade: Annotated[
        bool, Query(description="Also remove the party from asserted_by (else 409).")
    ] = False,
) -> Response:
    """Delete the party with its acceptance (needs `If-Match` with the party's ETag);
    while nodes or edges name it in `asserted_by`, 409 unless `cascade=true`, which
    removes it there in the same revision."""
    store.delete_party(editing.slug, party, actor=editing.actor.name, expected=expected,
                       cascade=cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
