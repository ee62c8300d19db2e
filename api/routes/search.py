"""``GET /api/search``: claims (and evidence) whose words match, across the debates you
can see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.auth import ActorDep
from api.deps import StoreDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from kb.doc import KEY_PATTERN, NodeKind

router = APIRouter(tags=["nodes"])


class SearchHit(BaseModel):
    debate: str
    debate_title: str
    key: str
    kind: NodeKind
    text: str
    tags: list[str]


def matches(words: list[str], *fields: str) -> bool:
    """Say whether every word occurs (case-insensitively) in one of `fields`.

    >>> matches(["russia", "china"], "Russia leans on China", "")
    True
    >>> matches(["japan"], "Russia leans on China")
    False
    """
    haystack = " ".join(fields).casefold()
    return all(word in haystack for word in words)


@router.get(
    "/api/search",
    operation_id="search_nodes",
    summary="Search claims and evidence",
    response_model=Page[SearchHit],
    responses=problem_responses(401, 422),
)
def search_nodes(
    store: StoreDep,
    actor: ActorDep,
    page: PageDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=200, description="Words that must all occur.",
              examples=["independent china"]),
    ],
    kind: Annotated[
        str,
        Query(pattern="^(claim|evidence|any)$",
              description="claim (default), evidence, or any for both."),
    ] = "claim",
    debate: Annotated[
        str | None, Query(pattern=KEY_PATTERN, description="Search this debate only.")
    ] = None,
) -> Page[SearchHit]:
    """Nodes whose text, key or tags hold every word of `q`, by debate then position."""
    words = [word.casefold() for word in q.split()]
    hits: list[SearchHit] = []
    for found in store.list_debates(actor=actor):
        if debate is not None and found.slug != debate:
            continue
        found, _, doc = store.read_doc(found.slug)
        for node in doc.nodes:
            if kind != "any" and node.kind != kind:
                continue
            if words and matches(words, node.text, node.key, " ".join(node.tags)):
                hits.append(SearchHit(debate=found.slug, debate_title=found.title, key=node.key,
                                      kind=node.kind, text=node.text, tags=list(node.tags)))
    return page.slice(hits)
