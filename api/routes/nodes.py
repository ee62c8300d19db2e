"""Nodes: claims and evidence."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Response, status
from fastapi.responses import JSONResponse

from api.deps import (
    DebateDep,
    EditorDep,
    IfMatchDep,
    ItemKey,
    OptionalIfMatchDep,
    StoreDep,
    etag,
    set_etag,
)
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.common import created
from kb.doc import NodeKind
from kb.documents_schemas import NodePassages, with_passages
from kb.schemas import NodeCreate, NodePublic, NodeUpdate
from kb.store import Store

router = APIRouter(tags=["nodes"])

Expand = Annotated[
    Literal["passages"] | None,
    Query(description="`passages`: each citation gains `passage`, the cited passage's "
                      "text (null when the debate holds no such passage)."),
]


def _expanded(store: Store, slug: str, nodes: list[NodePublic]) -> list[NodePassages]:
    """The nodes with their cited passages (documents/passages, see docs/documents.md)."""
    sources = {c.source for n in nodes for c in n.citations}
    by_source = store.source_passages(slug, sources) if sources else {}
    return [with_passages(n, by_source) for n in nodes]

NODE_EXAMPLE = {
    "key": "c1",
    "kind": "claim",
    "text": "Russia's foreign policy is independent of China.",
    "citations": [{"source": "asan-2024", "locator": "¶22"}],
    "tags": ["independence"],
}


@router.get(
    "/api/debates/{slug}/nodes",
    operation_id="list_nodes",
    summary="List a debate's claims and evidence",
    response_model=Page[NodePublic] | Page[NodePassages],
    responses=problem_responses(401, 404, 422),
)
def list_nodes(
    debate: DebateDep,
    store: StoreDep,
    page: PageDep,
    kind: Annotated[NodeKind | None, Query(description="Only claims or only evidence.")] = None,
    expand: Expand = None,
) -> Any:
    """The nodes in the order they were added; `expand=passages` adds the cited passages."""
    if kind is None:
        items = store.list_nodes(debate.slug, limit=page.limit, offset=page.offset)
        result = page.page(items, store.count(debate.slug, "node"))
    else:
        result = page.slice([n for n in store.list_nodes(debate.slug) if n.kind == kind])
    if expand is None:
        return result
    rows = [n.model_dump(mode="json") for n in _expanded(store, debate.slug, result.items)]
    return JSONResponse({**result.model_dump(mode="json", exclude={"items"}), "items": rows})


@router.post(
    "/api/debates/{slug}/nodes",
    operation_id="create_node",
    summary="Add a claim or an evidence item",
    status_code=status.HTTP_201_CREATED,
    response_model=NodePublic,
    responses=problem_responses(401, 403, 404, 409, 412, 413, 422),
)
def create_node(
    editing: EditorDep,
    expected: OptionalIfMatchDep,
    data: Annotated[NodeCreate, Body(examples=[NODE_EXAMPLE])],
    store: StoreDep,
    response: Response,
) -> NodePublic:
    """Add a node; 409 when the key is taken, 422 when a citation names an unknown
    source or the text is empty or too long."""
    node = store.add_node(editing.slug, data, actor=editing.actor.name, expected=expected)
    created(response, f"/api/debates/{editing.slug}/nodes/{node.key}", node.revision)
    return node


@router.get(
    "/api/debates/{slug}/nodes/{key}",
    operation_id="read_node",
    summary="Read one node",
    response_model=NodePublic | NodePassages,
    responses=problem_responses(401, 404, 422),
)
def read_node(debate: DebateDep, key: ItemKey, store: StoreDep,
              response: Response, expand: Expand = None) -> Any:
    """One node; its ETag is the revision that last changed it. `expand=passages` adds
    the text of each cited passage."""
    node = store.get_node(debate.slug, key)
    set_etag(response, node.revision)
    if expand is None:
        return node
    expanded = _expanded(store, debate.slug, [node])[0]
    return JSONResponse(expanded.model_dump(mode="json"), headers={"ETag": etag(node.revision)})


@router.patch(
    "/api/debates/{slug}/nodes/{key}",
    operation_id="update_node",
    summary="Change a node",
    response_model=NodePublic,
    responses=problem_responses(401, 403, 404, 412, 413, 422, 428),
)
def update_node(
    editing: EditorDep,
    key: ItemKey,
    expected: IfMatchDep,
    data: Annotated[NodeUpdate, Body(examples=[{"text": "A sharper wording."}])],
    store: StoreDep,
    response: Response,
) -> NodePublic:
    """Change only the fields given (the key never changes); needs `If-Match` with the
    node's ETag: 412 when someone changed the node since you read it."""
    node = store.update_node(editing.slug, key, data, actor=editing.actor.name,
                             expected=expected)
    set_etag(response, node.revision)
    return node


@router.delete(
    "/api/debates/{slug}/nodes/{key}",
    operation_id="delete_node",
    summary="Delete a node",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
def delete_node(
    editing: EditorDep,
    key: ItemKey,
    expected: IfMatchDep,
    store: StoreDep,
    cascade: Annotated[
        bool, Query(description="Also delete the edges that use the node (else 409).")
    ] = False,
) -> Response:
    """Delete the node; while edges use it, 409 unless `cascade=true`, which deletes
    those edges, their undercutters and their acceptance entries too."""
    store.delete_node(editing.slug, key, actor=editing.actor.name, expected=expected,
                      cascade=cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
