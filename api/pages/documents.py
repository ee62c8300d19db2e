"""Pages of documents: a text with its paragraphs numbered, the cited one highlighted and,
beside each paragraph, the nodes that cite it; the coverage of a document; and the cited
passages shown in a claim's detail (``_passages.html``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.pages.render import render
from api.pages.views import Pages
from kb.doc import DebateDoc, NodeDoc
from kb.documents import (
    Passage,
    citing_items,
    normalize_locator,
    paragraph_number,
    paragraph_of,
    quotation,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@dataclass
class CitedPassage:
    """A citation of a node, with its passage when the debate holds the document."""

    source: str
    locator: str
    text: str
    href: str


@dataclass
class ParagraphView:
    locator: str
    anchor: str
    text: str
    footnote: str | None = None
    highlighted: bool = False
    citing: list[NodeDoc] = field(default_factory=list)
    cited: bool = False
    """Whether any node or edge cites it."""


def document_href(slug: str, key: str, locator: str) -> str:
    """Link to the document page with the cited paragraph highlighted.

    >>> document_href("d", "minutes", "¶3")
    '/debates/d/documents/minutes?highlight=%C2%B63#p3'
    """
    number = paragraph_number(locator)
    anchor = f"#p{number}" if number is not None else f"#{normalize_locator(locator)}"
    return f"/debates/{slug}/documents/{key}?highlight={quote(normalize_locator(locator))}{anchor}"


def cited_passages(store: Any, slug: str, node: NodeDoc) -> list[CitedPassage]:
    """The passages `node` cites, as far as the debate holds their documents."""
    sources = {c.source for c in node.citations if c.locator}
    if not sources:
        return []
    documents = store.source_documents(slug, sources)
    found: list[CitedPassage] = []
    for citation in node.citations:
        if citation.source not in documents or not citation.locator:
            continue
        key, passages = documents[citation.source]
        text = passages.get(normalize_locator(citation.locator))
        if text:
            found.append(CitedPassage(citation.source, citation.locator, quotation(text),
                                      document_href(slug, key, citation.locator)))
    return found


def _paragraphs(doc: DebateDoc, source: str, passages: list[Passage],
                highlight: str | None) -> list[ParagraphView]:
    owner = paragraph_of(passages)
    citing = citing_items(doc, source, passages)
    nodes = {n.key: n for n in doc.nodes}
    views: dict[str, ParagraphView] = {}
    for passage in passages:
        number = paragraph_number(passage.locator)
        if number is not None:
            views[passage.locator] = ParagraphView(
                passage.locator, f"p{number}", passage.text,
                citing=[nodes[i.split(":", 1)[1]] for i in citing[passage.locator]
                        if i.startswith("node:")],
                cited=bool(citing[passage.locator]))
        elif passage.locator in owner and owner[passage.locator] in views:
            views[owner[passage.locator]].footnote = passage.locator
    wanted = owner.get(normalize_locator(highlight)) if highlight else None
    if wanted in views:
        views[wanted].highlighted = True
    return list(views.values())


@router.get("/debates/{slug}/documents/{key}")
def document_page(request: Request, slug: str, key: str,
                  highlight: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """A document beside the map: every paragraph, the cited one highlighted, and the nodes
    citing each paragraph."""
    def build() -> tuple[str, dict[str, Any]]:
        pages = Pages.of(request)
        doc, _ = pages.debate(slug)
        document = pages.store.get_document(slug, key)
        passages = [Passage(p.locator, p.text) for p in document.passages]
        return "document.html", {
            "doc": doc, "document": document, "path": f"/debates/{slug}",
            "paragraphs": _paragraphs(doc, document.source, passages, highlight),
        }

    return render(request, build)


@router.get("/debates/{slug}/documents/{key}/coverage")
def coverage_page(request: Request, slug: str, key: str) -> Response:
    """The paragraphs of a document that no node cites (what the map still misses)."""
    def build() -> tuple[str, dict[str, Any]]:
        pages = Pages.of(request)
        doc, _ = pages.debate(slug)
        document = pages.store.get_document(slug, key)
        passages = [Passage(p.locator, p.text) for p in document.passages]
        paragraphs = _paragraphs(doc, document.source, passages, None)
        return "coverage.html", {
            "doc": doc, "document": document, "path": f"/debates/{slug}",
            "paragraphs": paragraphs, "uncited": [p for p in paragraphs if not p.cited],
        }

    return render(request, build)
