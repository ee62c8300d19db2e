"""The students' pages: server-rendered HTML over the store and the engine.

Every page works without JavaScript (links and GET forms); ``static/argmap.js`` adds pan
and zoom, claim details without a reload and a live "your position" form. Errors of the
domain become an HTML error page with the status the API would give.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from api.pages.detail import node_detail, position_sentences
from api.pages.knowledge import also_argued, proposition_context, search_context
from api.pages.templating import templates
from api.pages.views import MapView, Pages, node_rows, parse_view, tally
from api.problems import status_of
from kb.doc import DebateDoc, NodeKind, Stance
from kb.errors import ArgmapError

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@dataclass
class ViewQuery:
    """The query of a map view, as the page's links and forms write it."""

    party: Annotated[str | None, Query(max_length=80)] = None
    compare: Annotated[str | None, Query(max_length=170)] = None
    position: Annotated[str | None, Query(max_length=4)] = None
    accept: Annotated[list[str] | None, Query(max_length=2000)] = None
    semantics: Annotated[str, Query(max_length=20)] = "grounded"
    focus: Annotated[str | None, Query(max_length=80)] = None
    depth: Annotated[int, Query(ge=-100, le=100)] = 2
    first: Annotated[str | None, Query(max_length=80)] = None
    second: Annotated[str | None, Query(max_length=80)] = None
    """The two parties of the compare form (``first=A&second=B`` means ``compare=A,B``)."""

    def open(self, request: Request, slug: str) -> tuple[Pages, DebateDoc, int, MapView]:
        """The debate at its revision and the checked view (domain errors if invalid)."""
        pages = Pages.of(request)
        doc, revision = pages.debate(slug)
        if self.first and self.second and not self.compare:
            self.compare = f"{self.first},{self.second}"
        view = parse_view(
            doc, party=self.party, compare=self.compare, position=self.position,
            accept=self.accept or [], semantics=self.semantics, focus=self.focus,
            depth=self.depth,
        )
        return pages, doc, revision, view


Q = Annotated[ViewQuery, Depends()]


@router.get("/")
def index_page(request: Request) -> Response:
    """The debates, with a search box over all claims."""

    def build() -> tuple[str, dict[str, Any]]:
        debates = []
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
        return "index.html", {"debates": debates}

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
    """The claim graph of one debate, for a party, two parties compared, or a position."""

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = query.open(request, slug)
        views = pages.party_views(doc, revision, view)
        rows = node_rows(doc, views)
        return "debate.html", {
            "doc": doc, "revision": revision, "view": view, "views": views, "rows": rows,
            "path": f"/debates/{slug}", "svg": pages.map_svg(doc, revision, view),
            "tallies": [tally(one.labels, doc) for one in views],
            "divergent": [row for row in rows if row.diverges],
            "evidence": [node for node in doc.nodes if node.kind is NodeKind.EVIDENCE],
            "party_accepts": _party_accepts(doc, view),
            "center": view.focus or pages.central(doc, revision),
        }

    return _render(request, build)


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
    request: Request, slug: str, key: str, query: ViewQuery, *, cruxes: bool
) -> dict[str, Any]:
    query.focus = None
    pages, doc, revision, view = query.open(request, slug)
    semantics = view.semantics
    labels_of = {p.key: pages.labels(doc, revision, p.key, semantics) for p in doc.parties}
    views = pages.party_views(doc, revision, view)
    detail = node_detail(
        doc, key, labels_of, semantics=semantics,
        shown=views[0].labels if views else None,
        strengths_of={p.key: pages.strengths(doc, revision, p.key) for p in doc.parties},
        cruxes_of=pages.claim_cruxes(doc, revision, key, semantics) if cruxes else None,
    )
    mine, reasons = None, []
    if view.position is not None:
        mine = pages.labels(doc, revision, view.position, semantics).get(key)
        reasons = position_sentences(doc, key, view.position, semantics=semantics)
    return {
        "doc": doc, "view": view, "detail": detail, "position_label": mine,
        "position_reasons": reasons, "path": f"/debates/{slug}", "current": view.party,
        "also_argued": also_argued(pages, slug, key),
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


@router.get("/debates/{slug}/nodes/{key}")
def node_page(request: Request, slug: str, key: str, query: Q) -> Response:
    """A node's detail as a page of its own (where the map's links lead without JavaScript)."""
    return _render(
        request,
        lambda: ("node.html", _detail_context(request, slug, key, query, cruxes=True)),
    )


@router.get("/debates/{slug}/summary")
def summary_page(request: Request, slug: str) -> Response:
    """A printable summary of the debate: the question, the parties, each claim's status.

    The handout of ``kb.formats.html`` when that format is installed (cached per revision),
    else a simpler table of every claim and its label per party.
    """
    try:
        handout = importlib.import_module("kb.formats.html")
    except ModuleNotFoundError:
        handout = None
    if handout is not None:
        try:
            pages = Pages.of(request)
            doc, revision = pages.debate(slug)
            body = pages.cached(("summary", slug, revision), lambda: str(handout.dump(doc)))
        except ArgmapError as exc:
            return _error_page(request, exc)
        return HTMLResponse(body)

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


def _first_pair(doc: DebateDoc) -> tuple[str, str] | None:
    return (doc.parties[0].key, doc.parties[1].key) if len(doc.parties) >= 2 else None


def _party_accepts(doc: DebateDoc, view: MapView) -> set[str]:
    """Evidence ticked in the position form: the reader's, or the shown party's to start."""
    if view.position is not None:
        return set(view.position)
    if view.party is None:
        return set()
    evidence = {node.key for node in doc.nodes if node.kind is NodeKind.EVIDENCE}
    accepted = doc.acceptance.get(view.party, {})
    return {key for key, stance in accepted.items() if stance == Stance.ACCEPTED} & evidence


def _render(request: Request, build: Callable[[], tuple[str, dict[str, Any]]]) -> Response:
    """Render the template `build` names, or the error page for a domain error."""
    try:
        name, context = build()
    except ArgmapError as exc:
        return _error_page(request, exc)
    return templates.TemplateResponse(request, name, context)


def _error_page(request: Request, exc: ArgmapError) -> Response:
    status = status_of(exc)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": str(exc)}, status_code=status
    )


