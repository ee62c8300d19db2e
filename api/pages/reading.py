"""Pages for reading a debate rather than its map: the outline, the key disagreements, the brief.

- ``/debates/{slug}/outline``: from the central claim, its supports and rebuttals in two
  columns with their verdicts for one party, one level at a time, with a breadcrumb;
- ``/debates/{slug}/disagreements``: the divergences among the central claim's ancestors,
  ranked by how many of its cruxes involve them, grouped by the debate's sections;
- ``/debates/{slug}/brief``: the one- or two-page seminar brief of :mod:`kb.formats.brief`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.budget import run_bounded
from api.pages.render import Q, error_page, render
from api.pages.views import Pages
from kb.doc import DebateDoc, EdgeDoc, Relation, Stance, edge_item
from kb.engine.decisive import decisive_reason
from kb.engine.structure import ancestors, distances
from kb.errors import ArgmapError, InvalidInputError
from kb.formats import brief
from kb.formats.summary import section_title

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
MAX_TRAIL = 30
MAX_DISAGREEMENTS = 100
"""The most decisive divergences a page lists (each with why; the count gives the rest)."""


@router.get("/debates/{slug}/outline")
def outline_page(
    request: Request,
    slug: str,
    query: Q,
    at: Annotated[str | None, Query(max_length=80)] = None,
    trail: Annotated[str | None, Query(max_length=2500)] = None,
) -> Response:
    """One claim with its supports and rebuttals in two columns, for one party."""

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = query.open(request, slug)
        central = pages.central(doc, revision)
        key = at or central
        if key is None:
            raise InvalidInputError("this debate has no claims to outline")
        node = doc.node(key)
        steps = [k for k in (trail or "").split(",") if k][:MAX_TRAIL]
        for step in steps:
            doc.node(step)
        party = view.party or (doc.parties[0].key if doc.parties else "")
        labels = pages.labels(doc, revision, party, view.semantics) if party else {}
        statuses = pages.statuses(doc, revision, party, view.semantics) if party else {}
        path = f"/debates/{slug}/outline"
        deeper = ",".join([*steps, key])

        def link(target: str) -> str:
            return view.url(path, at=target, trail=deeper, focus=None, depth=None)

        crumbs = [(step, doc.node(step).text,
                   view.url(path, at=step, trail=",".join(steps[:i]) or None))
                  for i, step in enumerate(steps)]
        into = [edge for edge in doc.edges if edge.target == key]
        return "outline.html", {
            "doc": doc, "view": view, "node": node, "party": party, "labels": labels,
            "statuses": statuses, "crumbs": crumbs, "central": central,
            "supports": [_arm(doc, e, labels, statuses, link) for e in into
                         if e.relation is Relation.SUPPORTS],
            "rebuttals": [_arm(doc, e, labels, statuses, link) for e in into
                          if e.relation is Relation.REBUTS],
            "reason": decisive_reason(doc, party, key, labels=labels) if party else None,
            "up": crumbs[-1][2] if crumbs else None,
            "path": f"/debates/{slug}", "outline_path": path, "trail": deeper,
        }

    return render(request, build)


def _arm(
    doc: DebateDoc, edge: EdgeDoc, labels: dict[str, str], statuses: dict[str, str], link: Any
) -> dict[str, Any]:
    """One support or rebuttal of the outlined claim, with the undercutters of its link."""
    under = [
        {"key": u.source, "text": doc.node(u.source).text, "label": labels.get(u.source),
         "status": statuses.get(u.source, ""), "href": link(u.source),
         "holds": labels.get(edge_item(u.key))}
        for u in doc.edges if u.target_edge == edge.key
    ]
    return {
        "key": edge.source, "text": doc.node(edge.source).text, "kind": doc.node(edge.source).kind,
        "label": labels.get(edge.source), "status": statuses.get(edge.source, ""),
        "holds": labels.get(edge_item(edge.key)), "href": link(edge.source),
        "undercutters": under,
    }


@router.get("/debates/{slug}/disagreements")
def disagreements_page(request: Request, slug: str, query: Q) -> Response:
    """The divergences that matter for the central claim, ranked and grouped by section."""

    def build() -> tuple[str, dict[str, Any]]:
        pages, doc, revision, view = query.open(request, slug)
        if len(doc.parties) < 2:
            raise InvalidInputError("a debate needs two parties to disagree")
        pair = view.compare or (doc.parties[0].key, doc.parties[1].key)
        central = pages.central(doc, revision)
        ranked = key_disagreements(pages, doc, revision, pair, central, view.semantics)
        groups: dict[str, list[dict[str, Any]]] = {}
        for entry in ranked[:MAX_DISAGREEMENTS]:
            entry["why"] = _why(doc, entry["node"].key, pair, *entry["reading"])
            groups.setdefault(entry["section"], []).append(entry)
        return "disagreements.html", {
            "doc": doc, "view": view, "pair": [doc.party(k) for k in pair],
            "central": doc.node(central) if central else None, "groups": list(groups.items()),
            "count": len(ranked), "shown": min(len(ranked), MAX_DISAGREEMENTS),
            "path": f"/debates/{slug}",
            "central_href": f"/debates/{slug}/outline" if central else "",
        }

    return render(request, build)


def key_disagreements(
    pages: Pages, doc: DebateDoc, revision: int, pair: tuple[str, str], central: str | None,
    semantics: str,
) -> list[dict[str, Any]]:
    """Divergent nodes among the central claim's ancestors, most decisive first.

    Rank: how many of the central claim's cruxes (smallest sets of acceptance differences
    that settle it) involve the node, then how close it is to the central claim. Each entry
    keeps the labels and statuses it was read from (``reading``), for :func:`_why`.
    """
    if central is None:
        return []
    a, b = pair
    one, two = pages.labels(doc, revision, a, semantics), pages.labels(doc, revision, b, semantics)
    st_a, st_b = (pages.statuses(doc, revision, a, semantics),
                  pages.statuses(doc, revision, b, semantics))
    reach = ancestors(doc, central)
    distance = distances(doc, central)
    counts: dict[str, int] = {}
    for crux in pages.claim_cruxes(doc, revision, central, semantics).get(pair, []):
        for item in crux.items:
            counts[item] = counts.get(item, 0) + 1
    entries: list[dict[str, Any]] = []
    for node in doc.nodes:
        if node.key not in reach or one.get(node.key) == two.get(node.key):
            continue
        entries.append({
            "node": node, "section": section_title(node.tags[0] if node.tags else ""),
            "labels": (one.get(node.key), two.get(node.key)),
            "statuses": (st_a.get(node.key, ""), st_b.get(node.key, "")),
            "cruxes": counts.get(node.key, 0), "distance": distance.get(node.key, 99),
            "reading": ((one, two), (st_a, st_b)),
        })
    entries.sort(key=lambda e: (-e["cruxes"], e["distance"], e["node"].key))
    for rank, entry in enumerate(entries, 1):
        entry["rank"] = rank
    return entries


def _why(
    doc: DebateDoc, key: str, pair: tuple[str, str], labels: tuple[dict[str, str], ...],
    statuses: tuple[dict[str, str], ...],
) -> str:
    """One line on why two parties' verdicts on `key` differ."""
    names = [doc.party(p).name for p in pair]
    stances = [Stance(doc.acceptance.get(p, {}).get(key, Stance.UNSTATED)) for p in pair]
    if stances[0] != stances[1]:
        said = {Stance.ACCEPTED: "accepts it", Stance.REJECTED: "rejects it",
                Stance.UNSTATED: "leaves it unaddressed"}
        return f"{names[0]} {said[stances[0]]}; {names[1]} {said[stances[1]]}."
    parts = []
    for i, party in enumerate(pair):
        reason = decisive_reason(doc, party, key, labels=labels[i])
        decider = next((doc.node(k).text for k in reason.deciders), "")
        verb = {"stands": "stands, carried or cleared by", "defeated": "defeated by",
                "unsupported": "has no standing support; it needed",
                "undecided": "held open by"}.get(statuses[i].get(key, ""), "turns on")
        parts.append(f"for {names[i]} it {verb} «{decider}»" if decider
                     else f"for {names[i]} it is {statuses[i].get(key, '')}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


@router.get("/debates/{slug}/brief")
def brief_page(request: Request, slug: str) -> Response:
    """The seminar brief: question, each side's verdict and strongest reasons, cruxes, sources."""
    try:
        pages = Pages.of(request)
        doc, revision = pages.debate(slug)
        # the brief searches cruxes: never without a time budget
        content = pages.cached(("brief", slug, revision),
                               lambda: run_bounded(brief.build, doc, what="the brief"))
    except ArgmapError as exc:
        return error_page(request, exc)
    href = lambda key: f"/debates/{slug}/nodes/{key}"  # noqa: E731
    return render(request, lambda: ("brief.html", {"doc": doc, "b": content, "href": href,
                                                   "path": f"/debates/{slug}"}))
