"""Links across debates (``same-as`` / ``related``) and the propositions they make."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response, status

from api.auth import ActorDep, UserDep, check_editor
from api.deps import IfMatchDep, StoreDep, set_etag
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.common import created
from kb.auth import Actor, can_read
from kb.doc import KEY_PATTERN
from kb.errors import NotFoundError
from kb.evaluations import grounded_strings
from kb.links import (
    LinkCreate,
    LinkPublic,
    LinkRevisionPublic,
    PropositionNode,
    PropositionPublic,
    year_of,
)
from kb.schemas import DebatePublic
from kb.store import Store

router = APIRouter(tags=["links"])

LinkId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The link's id.")]
LINK_EXAMPLE = {
    "source": {"debate": "rozman-2016", "node": "no-alternative"},
    "target": {"debate": "asan-2024", "node": "russia-defers-to-china"},
    "relation": "same-as",
    "note": "Rozman's 2016 view, restated by the editors in 2024.",
}


def party_labels(store: Store, debate: DebatePublic) -> dict[str, dict[str, str]]:
    """Party key -> node key -> grounded label, cached by the debate's revision."""
    _, key, doc = store.read_doc(debate.slug)

    def compute() -> dict[str, dict[str, str]]:
        # the labels the evaluation route keeps warm across revisions, edges included
        return {p.key: grounded_strings(store.caches, key, doc, p.key) for p in doc.parties}

    found: dict[str, dict[str, str]] = store.caches.results.get((key, "party-labels"), compute)
    return found


def _check_both(actor: Actor | None, link: LinkCreate | LinkPublic) -> Actor:
    check_editor(actor, link.source.debate)
    return check_editor(actor, link.target.debate)


@router.get(
    "/api/links",
    operation_id="list_links",
    summary="Links with an end in a debate (or all)",
    response_model=Page[LinkPublic],
    responses=problem_responses(401, 404, 422),
)
def list_links(
    store: StoreDep, actor: ActorDep, page: PageDep,
    debate: Annotated[str | None, Query(pattern=KEY_PATTERN,
                                        description="Only links with an end in this debate.")]
    = None,
) -> Page[LinkPublic]:
    """Active links (both nodes exist) between debates you can read, by id."""
    items, total = store.list_links(debate=debate, actor=actor, limit=page.limit,
                                    offset=page.offset)
    return page.page(items, total)


@router.post(
    "/api/links",
    operation_id="create_link",
    summary="Link two nodes as the same proposition or a related one",
    status_code=status.HTTP_201_CREATED,
    response_model=LinkPublic,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def create_link(actor: UserDep, data: Annotated[LinkCreate, Body(examples=[LINK_EXAMPLE])],
                store: StoreDep, response: Response) -> LinkPublic:
    """Needs an editor of both debates (or an admin); 409 when the nodes are linked
    already; `same-as` links answer with their `proposition`."""
    _check_both(actor, data)
    link = store.add_link(data, actor=actor.name)
    created(response, f"/api/links/{link.id}", link.revision)
    return link


@router.get(
    "/api/links/{id}",
    operation_id="read_link",
    summary="One link",
    response_model=LinkPublic,
    responses=problem_responses(401, 404, 422),
)
def read_link(id: LinkId, store: StoreDep, actor: ActorDep, response: Response) -> LinkPublic:
    """One link; its ETag is its revision."""
    link = store.get_link(id, actor=actor)
    set_etag(response, link.revision)
    return link


@router.get(
    "/api/links/{id}/revisions",
    operation_id="list_link_revisions",
    summary="A link's history",
    response_model=list[LinkRevisionPublic],
    responses=problem_responses(401, 404, 422),
)
def list_link_revisions(id: LinkId, store: StoreDep, actor: ActorDep) -> list[LinkRevisionPublic]:
    """Its creation and, once deleted, its deletion (who, when, the link before/after)."""
    records = store.list_link_revisions(id)
    state = records[0].after or {}
    for end in ("source", "target"):
        found = store.find_debate(state[end]["debate"])
        if found is not None and not can_read(actor, found.slug, public=found.public):
            raise NotFoundError(f"no link {id}")
    return records


@router.delete(
    "/api/links/{id}",
    operation_id="delete_link",
    summary="Delete a link",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
def delete_link(id: LinkId, actor: UserDep, expected: IfMatchDep, store: StoreDep) -> Response:
    """Needs an editor of both debates (or an admin) and `If-Match` with the link's ETag."""
    _check_both(actor, store.get_link(id, actor=actor))
    store.delete_link(id, actor=actor.name, expected=expected)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/propositions/{id}",
    operation_id="read_proposition",
    summary="One proposition across debates: its nodes, years and labels",
    response_model=PropositionPublic,
    responses=problem_responses(401, 404, 422),
)
def read_proposition(id: LinkId, store: StoreDep, actor: ActorDep) -> PropositionPublic:
    """The nodes linked as one proposition, each with its debate's title and year (the
    latest year among the debate's sources) and every party's grounded label, oldest
    first."""
    return proposition(store, actor, id)


def proposition(store: Store, actor: Actor | None, ident: int) -> PropositionPublic:
    """The proposition `ident` as `actor` may see it (nodes of unreadable debates left out)."""
    nodes: list[PropositionNode] = []
    for slug, key in store.proposition_members(ident):
        debate = store.get_debate(slug)
        if not can_read(actor, slug, public=debate.public):
            continue
        debate, _, doc = store.read_doc(slug)
        labels = party_labels(store, debate)
        nodes.append(PropositionNode(
            debate=slug, debate_title=doc.title, node=key, text=doc.node(key).text,
            year=year_of(s.year for s in doc.sources),
            labels={party: found.get(key, "OUT") for party, found in labels.items()},
            parties={p.key: p.name for p in doc.parties}))
    if not nodes:
        raise NotFoundError(f"no proposition {ident}")
    nodes.sort(key=lambda n: (n.year is None, n.year or 0, n.debate, n.node))
    return PropositionPublic(id=ident, nodes=nodes)
