"""The knowledge base's pages: search across debates, propositions across debates, and
the "also argued in" part of a claim's detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from api.pages.views import Pages
from api.routes.links import proposition
from api.routes.search import SearchHit, run_search
from kb.errors import InvalidInputError

PAGE_SIZE = 20


@dataclass
class AlsoArgued:
    """A node of another debate (or of this one) linked to the claim shown."""

    debate: str
    debate_title: str
    node: str
    text: str
    relation: str
    note: str
    proposition: int | None
    labels: list[tuple[str, str | None]]
    """(party name, label) for every party of that debate."""


def search_context(pages: Pages, *, q: str, debate: str, kind: str,
                   offset: int) -> dict[str, Any]:
    """What the search page shows: one page of hits with each party's verdict."""
    debates = [(d.slug, d.title) for d in pages.store.list_debates()]
    context: dict[str, Any] = {"q": q, "debate": debate, "kind": kind, "debates": debates,
                               "hits": [], "total": 0, "more": False, "names": {}, "next": None,
                               "previous": None, "offset": offset}
    if not q.strip():
        return context
    if kind not in ("any", "claim", "evidence"):
        raise InvalidInputError(f"kind must be any, claim or evidence, not '{kind}'")
    hits, total, more = run_search(pages.store, None, q,
                             kind=None if kind == "any" else kind, debate=debate or None,
                             tag=None, party=None, label=None, limit=PAGE_SIZE, offset=offset)
    context.update(hits=hits, total=total, more=more, names=_party_names(pages, hits))
    query = {"q": q, "debate": debate, "kind": kind}
    if offset + len(hits) < total:
        context["next"] = "/search?" + urlencode({**query, "offset": offset + PAGE_SIZE})
    if offset > 0:
        context["previous"] = "/search?" + urlencode(
            {**query, "offset": max(0, offset - PAGE_SIZE)})
    return context


def _party_names(pages: Pages, hits: list[SearchHit]) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for hit in hits:
        if hit.debate not in names:
            doc, _ = pages.debate(hit.debate)
            names[hit.debate] = {p.key: p.name for p in doc.parties}
    return names


def also_argued(pages: Pages, slug: str, key: str) -> list[AlsoArgued]:
    """The nodes linked to node `key` of debate `slug`, with their debates' verdicts."""
    found: list[AlsoArgued] = []
    for link in pages.store.links_of(slug, key):
        other = link.target if (link.source.debate, link.source.node) == (slug, key) \
            else link.source
        doc, revision = pages.debate(other.debate)  # links_of shows public debates only
        labels = [(p.name, pages.labels(doc, revision, p.key, "grounded").get(other.node))
                  for p in doc.parties]
        found.append(AlsoArgued(
            debate=other.debate, debate_title=doc.title, node=other.node,
            text=doc.node(other.node).text, relation=link.relation.value, note=link.note,
            proposition=link.proposition, labels=labels))
    return found


def proposition_context(pages: Pages, ident: int) -> dict[str, Any]:
    """The proposition page: its nodes as a timeline, oldest debate first."""
    found = proposition(pages.store, None, ident)
    return {"proposition": found}
