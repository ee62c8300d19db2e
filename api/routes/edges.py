"""Edges: supports and rebuts, from a node to a node or (undercutters) to an edge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response, status

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
from api.routes.common import created
from kb.doc import KEY_PATTERN
from kb.schemas import EdgeCreate, EdgePublic, EdgeUpdate

router = APIRouter(tags=["edges"])

EdgeId = Annotated[str, Path(pattern=KEY_PATTERN, description="The edge's id.", examples=["s1"])]
EDGE_EXAMPLES = [
    {"key": "s1", "source": "e1", "target": "c1", "relation": "supports"},
    {"source": "e2", "target_edge": "s1", "relation": "rebuts", "text": "Not shown by e1."},
]


@router.get(
    "/api/debates/{slug}/edges",
    operation_id="list_edges",
    summary="List a debate's edges",
    response_model=Page[EdgePublic],
    responses=problem_responses(401, 404, 422),
)
def list_edges(debate: DebateDep, store: StoreDep, page: PageDep) -> Page[EdgePublic]:
    """The edges in the order they were added."""
    items = store.list_edges(debate.slug, limit=page.limit, offset=page.offset)
    return page.page(items, store.count(debate.slug, "edge"))


@router.post(
    "/api/debates/{slug}/edges",
    operation_id="create_edge",
    summary="Add a support, a rebuttal or an undercutter",
    status_code=status.HTTP_201_CREATED,
    response_model=EdgePublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422),
)
def create_edge(
    editing: EditorDep,
    expected: OptionalIfMatchDep,
    data: Annotated[EdgeCreate, Body(examples=EDGE_EXAMPLES)],
    store: StoreDep,
    response: Response,
) -> EdgePublic:
    """Add an edge from node `source` to node `target`, or (a rebuttal only) to edge
    `target_edge`. Without `key` the edge gets an id `e1`, `e2`, ... (in the answer's
    `id`). 422 when an endpoint is missing or the edge points at itself; 409 when the
    key is taken."""
    edge = store.add_edge(editing.slug, data, actor=editing.actor.name, expected=expected)
    created(response, f"/api/debates/{editing.slug}/edges/{edge.id}", edge.revision)
    return edge


@router.get(
    "/api/debates/{slug}/edges/{id}",
    operation_id="read_edge",
    summary="Read one edge",
    response_model=EdgePublic,
    responses=problem_responses(401, 404, 422),
)
def read_edge(debate: DebateDep, id: EdgeId, store: StoreDep,
              response: Response) -> EdgePublic:
    """One edge; its ETag is the revision that last changed it."""
    edge = store.get_edge(debate.slug, id)
    set_etag(response, edge.revision)
    return edge


@router.patch(
    "/api/debates/{slug}/edges/{id}",
    operation_id="update_edge",
    summary="Change an edge",
    response_model=EdgePublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422, 428),
)
def update_edge(
    editing: EditorDep,
    id: EdgeId,
    expected: IfMatchDep,
    data: Annotated[EdgeUpdate, Body(examples=[{"relation": "rebuts"}])],
    store: StoreDep,
    response: Response,
) -> EdgePublic:
    """Change only the fields given (to retarget an edge at an edge, send
    `"target": null, "target_edge": ID`); needs `If-Match` with the edge's ETag."""
    edge = store.update_edge(editing.slug, id, data, actor=editing.actor.name,
                             expected=expected)
    set_etag(response, edge.revision)
    return edge


@router.delete(
    "/api/debates/{slug}/edges/{id}",
    operation_id="delete_edge",
    summary="Delete an edge",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def delete_edge(
    editing: EditorDep,
    id: EdgeId,
    expected: IfMatchDep,
    store: StoreDep,
    cascade: Annotated[
        bool, Query(description="Also delete the undercutters aimed at it (else 409).")
    ] = False,
) -> Response:
    """Delete the edge; 409 while undercutters aim at it, unless `cascade=true`."""
    store.delete_edge(editing.slug, id, actor=editing.actor.name, expected=expected,
                      cascade=cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
