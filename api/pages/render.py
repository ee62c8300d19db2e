"""What every page route shares: the templates, the query of a map view, error pages.

Errors of the domain become an HTML error page with the status the API would give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from api.pages.templating import templates
from api.pages.views import LARGE, MapView, Pages, parse_position, parse_view
from api.problems import status_of
from kb.doc import DebateDoc
from kb.errors import ArgmapError

CHOICE_PREFIX = "i."
"""Form fields ``i.ITEM=accepted|rejected|unstated``: the reader's stance on one item."""


@dataclass
class ViewQuery:
    """The query of a map view, as the page's links and forms write it."""

    party: Annotated[str | None, Query(max_length=80)] = None
    compare: Annotated[str | None, Query(max_length=170)] = None
    position: Annotated[str | None, Query(max_length=4)] = None
    pos: Annotated[str | None, Query(max_length=4000)] = None
    """The short code of the reader's position (:mod:`kb.position`)."""
    accept: Annotated[list[str] | None, Query(max_length=2000)] = None
    reject: Annotated[list[str] | None, Query(max_length=2000)] = None
    start: Annotated[str | None, Query(alias="from", max_length=80)] = None
    semantics: Annotated[str, Query(max_length=20)] = "grounded"
    focus: Annotated[str | None, Query(max_length=80)] = None
    depth: Annotated[int, Query(ge=-100, le=100)] = 2
    first: Annotated[str | None, Query(max_length=80)] = None
    second: Annotated[str | None, Query(max_length=80)] = None
    """The two parties of the compare form (``first=A&second=B`` means ``compare=A,B``)."""

    def open(
        self, request: Request, slug: str, choices: dict[str, str] | None = None
    ) -> tuple[Pages, DebateDoc, int, MapView]:
        """The debate at its revision and the checked view (domain errors if invalid)."""
        pages = Pages.of(request)
        doc, revision = pages.debate(slug)
        if self.first and self.second and not self.compare:
            self.compare = f"{self.first},{self.second}"
        if choices is None:
            choices = choices_of(request.query_params.multi_items())
        position = None
        if self.position is not None or self.pos is not None or self.accept or self.reject \
                or choices:
            position = parse_position(
                doc, code=self.pos, accept=self.accept or [], reject=self.reject or [],
                stances=choices, start=self.start,
            )
        view = parse_view(
            doc, party=self.party, compare=self.compare, position=position,
            semantics=self.semantics, focus=self.focus, depth=self.depth, start=self.start,
        )
        if view.focus is None and len(doc.nodes) > LARGE:
            # never a layout of the whole of a large debate: open on its central claim
            view = replace(view, focus=pages.central(doc, revision) or doc.nodes[0].key)
        return pages, doc, revision, view


Q = Annotated[ViewQuery, Depends()]


def choices_of(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The per-item stances of a position form (fields ``i.ITEM``)."""
    return {
        name.removeprefix(CHOICE_PREFIX): value
        for name, value in pairs
        if name.startswith(CHOICE_PREFIX)
    }


def render(request: Request, build: Callable[[], tuple[str, dict[str, Any]]]) -> Response:
    """Render the template `build` names, or the error page for a domain error."""
    try:
        name, context = build()
    except ArgmapError as exc:
        return error_page(request, exc)
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, exc: ArgmapError) -> Response:
    status = status_of(exc)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": str(exc)}, status_code=status
    )


def node_href(view: MapView, slug: str) -> Callable[[str], str]:
    """Where a link to node `key` leads under `view` (its detail, the view kept)."""
    path = f"/debates/{slug}/nodes/"
    return lambda key: view.url(path + key, focus=None, depth=None)


def central_href(pages: Pages, doc: DebateDoc, revision: int) -> str:
    """The "Jump to the central claim" link of a debate's pages (empty without one)."""
    central = pages.central(doc, revision)
    return f"/debates/{doc.slug}/outline" if central else ""
