"""The students' pages: server-rendered HTML over the store and the engine.

Every page works without JavaScript (links and GET forms); ``static/argmap.js`` adds pan
and zoom, claim details without a reload and a live "your position" form. Errors of the
domain become an HTML error page with the status the API would give.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.budget import run_bounded
from api.pages import reading
from api.pages.choosing import central_reasons, position_context
from api.pages.detail import node_detail, position_reason
from api.pages.documents import cited_passages
from api.pages.flips import node_flips, prepare_claim
from api.pages.knowledge import also_argued, proposition_context, search_context
from api.pages.render import (
    Q,
    ViewQuery,
    central_href,
    choices_of,
    error_page,
    node_href,
    render,
)
from api.pages.views import LARGE, MAP_NODES, MapView, Pages, node_rows, tally
from api.pages.whole import whole_page
from api.problems import status_of
from kb import engine
from kb.doc import DebateDoc, NodeKind
from kb.engine.decisive import Reason, Sentence, full_reasoning
from kb.errors import ArgmapError, InvalidInputError
from kb.formats import quoted_passages

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
router.include_router(reading.router)
_render, _error_page, _status = render, error_page, status_of
MAX_LISTED = 200
"""At most this many divergent nodes are listed on a debate page (the count says the rest)."""


@router.get("/")
def index_page(request: Request) -> Response:
    """The debates, with a search box over all claims."""

    def build() -> tuple[str, dict[str, Any]]:
        debates: list[dict[str, Any]] = []
        pages = Pages.of(request)
        for doc, revision in pages.debates():
            claims = sum(1 for node in doc.nodes if node.kind is NodeKind.CLAIM)
            central = pages.central(doc, revision)
            debates.append(
                {
                    "doc": doc,
                    "revision": revision,
                    "claims": claims,
                    "evidence": len(doc.nodes) - claims,
                    "edges": len(doc.edges),
                    "central": doc.node(central) if central else None,
                    "central_labels": [
                        (party, pages.labels(doc, revision, party.key, "grounded").get(central))
                        for party in doc.parties
                    ]
                    if central
                    else [],
                }
            )
        return "index.html", {
            "debates": debates,
            "central_href": next((f"/debates/{item['doc'].slug}/outline" for item in debates
                                  if item["central"]), ""),
        }

    return _render(request, build)


@router.get("/search")
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    debate: Annotated[str, Query(max_length=80)] = "",
    kind: Annotated[str, Query(max_length=10)] = "any",
    offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
) -> Response:
    """Claims and evidence of every debate that hold all the words searched for, ranked."""
    return _render(request, lambda: ("search.html", search_context(
        Pages.of(request), q=q, debate=debate, kind=kind, offset=offset)))


@router.get("/propositions/{ident}")
def proposition_page(request: Request, ident: Annotated[int, PathParam(ge=1, le=2**31 - 1)]
                     ) -> Response:
    """One proposition across debates, as a timeline of how each debate's parties judge it."""
    return _render(request, lambda: ("proposition.html",
                                     proposition_context(Pages.of(request), ident)))


@router.get("/debates/{slug}")
def debate_page(request: Request, slug: str, query: Q) -> Response:
    """The claim graph of one debate, for a party, two parties compared, or a position
    (whole, cached per revision and view for readers not signed in)."""
    try:
        pages, doc, revision, view = query.open(request, slug)
    except ArgmapError as exc:
        return _error_page(request, exc)

    def build() -> tuple[str, dict[str, Any]]:
        views = pages.party_views(doc, revision, view)
        large = len(doc.nodes) > LARGE and view.focus is not None
        shown = pages.part(doc, revision, view.focus, view.depth)[0] if view.focus and large \
            else doc
        rows = node_rows(shown, views)
        divergent = [row for row in (node_rows(doc, views) if large else rows)
                     if row.diverges] if len(views) == 2 else []
        central = pages.central(doc, revision)
        return "debate.html", {
            "doc": doc, "revision": revision, "view": view, "views": views, "rows": rows,
            "path": f"/debates/{slug}", "svg": pages.map_svg(doc, revision, view),
            "tallies": [tally(one.labels, doc) for one in views],
            "large": large, "map_nodes": MAP_NODES, "listed": MAX_LISTED,
            "divergent": divergent[:MAX_LISTED],
            "divergent_claims": sum(1 for row in divergent if row.kind == NodeKind.CLAIM.value),
            "divergent_count": len(divergent),
            "center": view.focus or central,
            "central": doc.node(central) if central else None,
            "reasons": central_reasons(pages, doc, revision, view, central),
            **position_context(pages, doc, revision, view, central,
                               {node.key for node in shown.nodes} if large else None),
            "href": node_href(view, slug), "central_href": "#central-claim" if central else "",
        }

    return whole_page(request, pages, ("debate", slug, revision, view.url("")), build)


@router.get("/debates/{slug}/map.svg")
def map_svg(request: Request, slug: str, query: Q) -> Response:
    """The map alone, as a standalone SVG image."""
    try:
        pages, doc, revision, view = query.open(request, slug)
    except ArgmapError as exc:
        return Response(str(exc) + "\n", status_code=status_of(exc), media_type="text/plain")
    body = pages.map_svg(doc, revision, view)
    return Response(
        body, media_type="image/svg+xml",
        headers={"ETag": f'"{revision}"', "Cache-Control": "no-cache"},
    )


def _detail_context(
    request: Request, slug: str, key: str, query: ViewQuery, *, cruxes: bool | None
) -> dict[str, Any]:
    """The context of a node's detail; `cruxes`: search them in place (None: unless the
    debate is large, when they follow through their fragment)."""
    query.focus = None
    pages, doc, revision, view = query.open(request, slug)
    semantics = view.semantics
    large = len(doc.nodes) > LARGE
    cruxes = not large if cruxes is None else cruxes
    labels_of = {p.key: pages.labels(doc, revision, p.key, semantics) for p in doc.parties}
    if large and cruxes:
        prepare_claim(pages, doc, revision, key, semantics)
    views = pages.party_views(doc, revision, view)
    who = view.acceptance if view.position is not None else view.party
    detail = node_detail(
        doc, key, labels_of, semantics=semantics,
        shown=views[0].labels if views else None,
        shown_statuses=pages.statuses(doc, revision, who, semantics) if who is not None else None,
        # DF-QuAD strength is a whole-debate fixpoint: shown on debates a page can afford
        strengths_of={} if large else {p.key: pages.strengths(doc, revision, p.key)
                                       for p in doc.parties},
        cruxes_of=pages.claim_cruxes(doc, revision, key, semantics) if cruxes else None,
        graph=pages.graph(doc, revision),
        # the full reasoning walks the whole debate: on a large one it has a page of its own
        reasoning_for=set() if large else None,
    )
    # on a large debate what would change a verdict follows the page, with the cruxes
    deferred = large and not cruxes
    mine: str | None = None
    reason: Reason | None = None
    reasons: list[Sentence] = []
    if view.position is not None:
        labels = pages.labels(doc, revision, view.acceptance, semantics)
        mine = labels.get(key)
        reason, reasons = position_reason(doc, key, view.acceptance, labels, semantics=semantics)
    return {
        "doc": doc, "view": view, "detail": detail, "position_label": mine,
        "position_reason": reason, "position_reasons": reasons, "path": f"/debates/{slug}",
        "current": view.party, "href": node_href(view, slug),
        "central_href": central_href(pages, doc, revision),
        "passages": cited_passages(pages.store, slug, detail.node),
        "also_argued": also_argued(pages, slug, key),
        "flips": [] if deferred else node_flips(pages, doc, revision, key, semantics),
        "deferred": deferred, "flips_follow": large and cruxes, "deferred_reasoning": large,
    }


@router.get("/debates/{slug}/nodes/{key}/detail")
def node_detail_fragment(request: Request, slug: str, key: str, query: Q) -> Response:
    """A node's detail as an HTML fragment for the panel beside the map (cruxes follow)."""
    return _render(
        request,
        lambda: ("_detail.html", _detail_context(request, slug, key, query, cruxes=False)),
    )


@router.get("/debates/{slug}/nodes/{key}/cruxes")
def node_cruxes_fragment(request: Request, slug: str, key: str, query: Q) -> Response:
    """The cruxes on one claim as an HTML fragment (they can take a moment to compute)."""
    return _render(
        request,
        lambda: ("_cruxes.html", _detail_context(request, slug, key, query, cruxes=True)),
    )


@router.get("/debates/{slug}/nodes/{key}/reasoning")
def reasoning_page(request: Request, slug: str, key: str, query: Q) -> Response:
    """The engine's full reasoning on one node for one party (the view's), step by step."""

    def build() -> tuple[str, dict[str, Any]]:
        query.focus = None
        pages, doc, revision, view = query.open(request, slug)
        node = doc.node(key)
        party = view.party or (doc.parties[0].key if doc.parties else None)
        if party is None:
            raise InvalidInputError("this debate has no parties to reason for")
        labels = pages.labels(doc, revision, party, view.semantics)
        explained = engine.explain_party(doc, party, key, semantics=view.semantics,
                                         graph=pages.graph(doc, revision)).sentences()
        return "reasoning.html", {
            "doc": doc, "node": node, "party": doc.party(party), "view": view,
            "label": labels.get(key), "sentences": full_reasoning(doc, explained),
            "path": f"/debates/{slug}", "href": node_href(view, slug),
        }

    return _render(request, build)


@router.get("/debates/{slug}/nodes/{key}")
def node_page(request: Request, slug: str, key: str, query: Q) -> Response:
    """A node's detail as a page of its own (where the map's links lead without JavaScript)."""
    return _render(
        request,
        lambda: ("node.html", _detail_context(request, slug, key, query, cruxes=None)),
    )


@router.get("/debates/{slug}/summary")
def summary_page(request: Request, slug: str) -> Response:
    """A printable summary of the debate: the question, the parties, each claim's status.

    The handout of ``kb.formats.html`` when that format is installed, quoting the cited
    passages of the debate's documents as the HTML export does (cached per revision and
    passages), else a simpler table of every claim and its label per party.
    """
    try:
        handout = importlib.import_module("kb.formats.html")
    except ModuleNotFoundError:
        handout = None
    if handout is not None:
        try:
            pages = Pages.of(request)
            doc, revision = pages.debate(slug)
            passages = quoted_passages(handout, pages.store, slug)
            # documents change without a new revision: their passages are part of the key
            key = ("summary", slug, revision, _fingerprint(passages))
            # the handout searches cruxes: never without a time budget
            page = pages.cached(key, lambda: str(run_bounded(
                handout.dump, doc, passages=passages, what="the summary")))
        except ArgmapError as exc:
            return _error_page(request, exc)
        # the handout's own styles are inline; the page shows its content in the site's layout
        body = page.split("<main>", 1)[-1].rsplit("</main>", 1)[0]
        return render(request, lambda: ("summary_page.html", {
            "doc": doc, "body": body, "central_href": central_href(pages, doc, revision)}))

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = ViewQuery().open(request, slug)
        labels_of = [pages.labels(doc, revision, p.key, "grounded") for p in doc.parties]
        rows = [(node, [labels.get(node.key) for labels in labels_of]) for node in doc.nodes]
        claim_rows = [row for row in rows if row[0].kind is NodeKind.CLAIM]
        pair = _first_pair(doc)
        return "summary.html", {
            "doc": doc, "revision": revision, "claim_rows": claim_rows,
            "evidence_rows": [row for row in rows if row[0].kind is NodeKind.EVIDENCE],
            "standing": {
                p.key: sum(1 for _, r in claim_rows if r[i] == "IN")
                for i, p in enumerate(doc.parties)
            },
            "svg": pages.map_svg(doc, revision, MapView(compare=pair) if pair else view),
            "sources": doc.sources,
        }

    return _render(request, build)


def _fingerprint(passages: dict[str, dict[str, str]]) -> str:
    """A short digest of `passages`, for cache keys.

    >>> _fingerprint({}) == _fingerprint({}) != _fingerprint({"s": {"¶1": "A."}})
    True
    """
    text = json.dumps(passages, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_pair(doc: DebateDoc) -> tuple[str, str] | None:
    return (doc.parties[0].key, doc.parties[1].key) if len(doc.parties) >= 2 else None


@router.post("/debates/{slug}/position")
async def position_form(request: Request, slug: str) -> Response:
    """The position form, posted: back to the map with the position's short code (303)."""
    body = await request.body()
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    fields = {name: value for name, value in pairs if not name.startswith("i.")}
    query = ViewQuery(
        party=fields.get("party") or None, start=fields.get("from") or None,
        pos=fields.get("pos") or None, position="1",
        semantics=fields.get("semantics", "grounded"), focus=fields.get("focus") or None,
        depth=int(fields.get("depth", "2")) if fields.get("depth", "2").isdigit() else 2,
    )
    try:
        _, _, _, view = await run_in_threadpool(query.open, request, slug, choices_of(pairs))
    except ArgmapError as exc:
        return _error_page(request, exc)
    return RedirectResponse(view.url(f"/debates/{slug}") + "#position", status_code=303)


