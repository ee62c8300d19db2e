"""The students' pages: server-rendered HTML over the store and the engine.

Every page works without JavaScript (links and GET forms); ``static/argmap.js`` adds pan
and zoom, claim details without a reload and a live "your position" form. Errors of the
domain become an HTML error page with the status the API would give.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.pages.detail import node_detail, position_sentences
from api.pages.views import GLYPHS, MAX_DEPTH, MapView, Pages, node_rows, parse_view, search, tally
from kb.doc import DebateDoc, NodeKind
from kb.errors import ArgmapError, ConflictError, InvalidInputError, NotFoundError, StaleError

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(glyphs=GLYPHS, max_depth=MAX_DEPTH)
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

STATUS = {NotFoundError: 404, ConflictError: 409, InvalidInputError: 422, StaleError: 412}

PartyQ = Annotated[str | None, Query(max_length=80)]
CompareQ = Annotated[str | None, Query(max_length=170)]
PositionQ = Annotated[str | None, Query(max_length=4)]
AcceptQ = Annotated[list[str], Query(max_length=2000)]
SemanticsQ = Annotated[str, Query(max_length=20)]
FocusQ = Annotated[str | None, Query(max_length=80)]
DepthQ = Annotated[int, Query(ge=-100, le=100)]


def _render(request: Request, build: Callable[[], tuple[str, dict[str, Any]]]) -> Response:
    """Render the template `build` names, or the error page for a domain error."""
    try:
        name, context = build()
    except ArgmapError as exc:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "detail": str(exc)}, status_code=status
        )
    return templates.TemplateResponse(request, name, context)


@router.get("/")
def index_page(request: Request) -> Response:
    """The debates, with a search box over all claims."""

    def build() -> tuple[str, dict[str, Any]]:
        debates = []
        for doc, revision in Pages.of(request).debates():
            claims = sum(1 for node in doc.nodes if node.kind is NodeKind.CLAIM)
            debates.append(
                {
                    "doc": doc,
                    "revision": revision,
                    "claims": claims,
                    "evidence": len(doc.nodes) - claims,
                    "edges": len(doc.edges),
                }
            )
        return "index.html", {"debates": debates}

    return _render(request, build)


@router.get("/search")
def search_page(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """Claims and evidence of every debate that contain all the words searched for."""

    def build() -> tuple[str, dict[str, Any]]:
        docs = [doc for doc, _ in Pages.of(request).debates()]
        return "search.html", {"q": q, "hits": search(docs, q)}

    return _render(request, build)


def _view(
    request: Request,
    slug: str,
    party: str | None,
    compare: str | None,
    position: str | None,
    accept: list[str],
    semantics: str,
    focus: str | None,
    depth: int,
) -> tuple[Pages, DebateDoc, int, MapView]:
    pages = Pages.of(request)
    doc, revision = pages.debate(slug)
    view = parse_view(
        doc,
        party=party,
        compare=compare,
        position=position,
        accept=accept,
        semantics=semantics,
        focus=focus,
        depth=depth,
    )
    return pages, doc, revision, view


@router.get("/debates/{slug}")
def debate_page(
    request: Request,
    slug: str,
    party: PartyQ = None,
    compare: CompareQ = None,
    position: PositionQ = None,
    accept: AcceptQ = [],  # noqa: B006 (FastAPI copies it)
    semantics: SemanticsQ = "grounded",
    focus: FocusQ = None,
    depth: DepthQ = 2,
) -> Response:
    """The claim graph of one debate, for a party, two parties compared, or a position."""

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = _view(
            request, slug, party, compare, position, accept, semantics, focus, depth
        )
        views = pages.party_views(doc, revision, view)
        rows = node_rows(doc, views)
        path = f"/debates/{slug}"
        return "debate.html", {
            "doc": doc,
            "revision": revision,
            "view": view,
            "views": views,
            "rows": rows,
            "path": path,
            "svg": pages.map_svg(doc, revision, view),
            "tallies": [tally(one.labels, doc) for one in views],
            "divergent": [row for row in rows if row.diverges],
            "evidence": [node for node in doc.nodes if node.kind is NodeKind.EVIDENCE],
            "party_accepts": _party_accepts(doc, view),
        }

    return _render(request, build)


@router.get("/debates/{slug}/map.svg")
def map_svg(
    request: Request,
    slug: str,
    party: PartyQ = None,
    compare: CompareQ = None,
    position: PositionQ = None,
    accept: AcceptQ = [],  # noqa: B006
    semantics: SemanticsQ = "grounded",
    focus: FocusQ = None,
    depth: DepthQ = 2,
) -> Response:
    """The map alone, as a standalone SVG image."""
    try:
        pages, doc, revision, view = _view(
            request, slug, party, compare, position, accept, semantics, focus, depth
        )
    except ArgmapError as exc:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        return Response(str(exc) + "\n", status_code=status, media_type="text/plain")
    body = pages.map_svg(doc, revision, view, inline=False)
    return Response(
        body,
        media_type="image/svg+xml",
        headers={"ETag": f'"{revision}"', "Cache-Control": "no-cache"},
    )


def _detail_context(
    request: Request,
    slug: str,
    key: str,
    party: str | None,
    compare: str | None,
    position: str | None,
    accept: list[str],
    semantics: str,
) -> dict[str, Any]:
    pages, doc, revision, view = _view(
        request, slug, party, compare, position, accept, semantics, None, 2
    )
    labels_of = {p.key: pages.labels(doc, revision, p.key, view.semantics) for p in doc.parties}
    detail = node_detail(
        doc,
        key,
        labels_of,
        semantics=view.semantics,
        strengths_of={p.key: pages.strengths(doc, revision, p.key) for p in doc.parties},
        cruxes_of=pages.cruxes(doc, revision, view.semantics),
    )
    mine, reasons = None, []
    if view.position is not None:
        mine = pages.labels(doc, revision, view.position, view.semantics).get(key)
        reasons = position_sentences(doc, key, view.position, semantics=view.semantics)
    return {
        "doc": doc,
        "view": view,
        "detail": detail,
        "position_label": mine,
        "position_reasons": reasons,
        "path": f"/debates/{slug}",
        "current": view.party,
    }


@router.get("/debates/{slug}/nodes/{key}/detail")
def node_detail_fragment(
    request: Request,
    slug: str,
    key: str,
    party: PartyQ = None,
    compare: CompareQ = None,
    position: PositionQ = None,
    accept: AcceptQ = [],  # noqa: B006
    semantics: SemanticsQ = "grounded",
) -> Response:
    """A node's detail as an HTML fragment, for the panel beside the map."""
    return _render(
        request,
        lambda: (
            "_detail.html",
            _detail_context(request, slug, key, party, compare, position, accept, semantics),
        ),
    )


@router.get("/debates/{slug}/nodes/{key}")
def node_page(
    request: Request,
    slug: str,
    key: str,
    party: PartyQ = None,
    compare: CompareQ = None,
    position: PositionQ = None,
    accept: AcceptQ = [],  # noqa: B006
    semantics: SemanticsQ = "grounded",
) -> Response:
    """A node's detail as a page of its own (where the map's links lead without JavaScript)."""
    return _render(
        request,
        lambda: (
            "node.html",
            _detail_context(request, slug, key, party, compare, position, accept, semantics),
        ),
    )


@router.get("/debates/{slug}/summary")
def summary_page(request: Request, slug: str, party: PartyQ = None) -> Response:
    """A printable summary of the debate: the question, the parties, each claim's status."""

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = _view(
            request, slug, party, None, None, [], "grounded", None, 2
        )
        labels_of = [pages.labels(doc, revision, p.key, "grounded") for p in doc.parties]
        rows = [(node, [labels.get(node.key) for labels in labels_of]) for node in doc.nodes]
        claim_rows = [row for row in rows if row[0].kind is NodeKind.CLAIM]
        pair = _first_pair(doc)
        shown = MapView(compare=pair) if pair else view
        return "summary.html", {
            "doc": doc,
            "revision": revision,
            "claim_rows": claim_rows,
            "evidence_rows": [row for row in rows if row[0].kind is NodeKind.EVIDENCE],
            "standing": {
                p.key: sum(1 for _, r in claim_rows if r[i] == "IN")
                for i, p in enumerate(doc.parties)
            },
            "svg": pages.map_svg(doc, revision, shown),
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
    accepted = doc.acceptance.get(view.party, {})
    return {key for key, stance in accepted.items() if str(stance) == "accepted"}
