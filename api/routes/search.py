"""``GET /api/search``: full-text search over the claims and evidence of every debate you
can read, ranked, with highlighted snippets and each party's verdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.auth import ActorDep
from api.deps import StoreDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routes.links import party_labels
from kb.auth import Actor
from kb.doc import KEY_PATTERN, NodeKind
from kb.errors import InvalidInputError
from kb.search import SearchHit as Hit
from kb.search import highlight_html, plain
from kb.store import Store
from kb.store.search import WINDOW

router = APIRouter(tags=["nodes"])


class SearchHit(BaseModel):
    debate: str
    debate_title: str
    key: str
    kind: NodeKind
    text: str
    tags: list[str]
    snippet: str = Field(description="The best passage of the text, without marks.")
    snippet_html: str = Field(description="The same, HTML-escaped, matched words in <mark>.")
    score: float = Field(description="Relevance (higher is better; bm25 or ts_rank).")
    labels: dict[str, str] = Field(description="Party key -> the node's grounded label.")


class Search:
    """Labels of the hits' debates, computed once per debate and revision."""

    def __init__(self, store: Store,
                 actor: Actor | None) -> None:
        self.store, self.actor = store, actor
        self._labels: dict[str, dict[str, dict[str, str]]] = {}

    def labels(self, slug: str) -> dict[str, dict[str, str]]:
        if slug not in self._labels:
            self._labels[slug] = party_labels(self.store,
                                              self.store.get_debate(slug))
        return self._labels[slug]

    def out(self, hit: Hit) -> SearchHit:
        labels = {party: found.get(hit.key, "OUT")
                  for party, found in self.labels(hit.debate).items()}
        return SearchHit(debate=hit.debate, debate_title=hit.debate_title, key=hit.key,
                         kind=NodeKind(hit.kind), text=hit.text, tags=hit.tags,
                         snippet=plain(hit.snippet), snippet_html=highlight_html(hit.snippet),
                         score=round(hit.score, 6), labels=labels)


class SearchPage(Page[SearchHit]):
    """One page of hits; `more` tells that the search considered only some matches."""

    more: bool = Field(description=f"True when more than {WINDOW:,} nodes match: only the "
                       f"{WINDOW:,} most recently written were ranked and counted in "
                       "`total` (add words or filters to narrow the search).")


def run_search(store: Store, actor: Actor | None, q: str, *,
               kind: str | None, debate: str | None, tag: str | None, party: str | None,
               label: str | None, limit: int, offset: int) -> tuple[list[SearchHit], int, bool]:
    """One page of hits for the API and the search page alike, the total and `more`."""
    if (party is None) != (label is None):
        raise InvalidInputError("give both 'party' and 'label' (e.g. party=wong&label=IN), "
                                "or neither")
    search = Search(store, actor)

    def keep(hit: Hit) -> bool:
        return search.labels(hit.debate).get(str(party), {}).get(hit.key, "") == label

    found = store.search(q, actor=actor, debate=debate, kind=kind, tag=tag, limit=limit,
                         offset=offset, keep=keep if party is not None else None)
    return [search.out(hit) for hit in found.hits], found.total, found.more


@router.get(
    "/api/search",
    operation_id="search_nodes",
    summary="Search claims and evidence",
    response_model=SearchPage,
    responses=problem_responses(401, 422),
)
def search_nodes(
    store: StoreDep,
    actor: ActorDep,
    page: PageDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=200,
              description="Words that must all occur (each also as a prefix; English stems).",
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
    tag: Annotated[str | None, Query(max_length=80, description="Only nodes with this tag.")]
    = None,
    party: Annotated[str | None, Query(pattern=KEY_PATTERN,
                                       description="With `label`: only nodes this party's "
                                       "grounded labelling gives that label.")] = None,
    label: Annotated[str | None, Query(pattern="^(IN|OUT|UNDEC)$")] = None,
) -> SearchPage:
    """Nodes whose text, tags or key hold every word of `q`, most relevant first (bm25 on
    SQLite, ts_rank on PostgreSQL), with a highlighted snippet and every party's label.
    Bounded: at most the 2,000 most recently written matches are ranked (see `more`)."""
    hits, total, more = run_search(store, actor, q, kind=None if kind == "any" else kind,
                             debate=debate, tag=tag, party=party, label=label,
                             limit=page.limit, offset=page.offset)
    return SearchPage(**dict(page.page(hits, total)), more=more)
