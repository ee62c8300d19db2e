"""Links across debates and the propositions they make: shapes and the grouping.

A link joins two nodes (of two debates, or of one) as ``same-as`` (the same proposition in
other words) or ``related`` (bears on it), with an optional note and citations of either
debate's sources. A **proposition** is a connected group of nodes joined by ``same-as``
links; its id is the smallest id among the links of the group (stable while that link
stays; see docs/knowledge.md).

Examples
--------
>>> groups = propositions([(1, ("a", "x"), ("b", "y")), (5, ("b", "y"), ("c", "z")),
...                        (3, ("d", "p"), ("e", "q"))])
>>> groups[5], groups[3]
(1, 3)
>>> sorted(members([(1, ("a", "x"), ("b", "y")), (5, ("b", "y"), ("c", "z"))], 1))
[('a', 'x'), ('b', 'y'), ('c', 'z')]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from kb.doc import KEY_PATTERN, MAX_TEXT
from kb.schemas import CitationIn, CitationPublic, UtcDateTime

End = tuple[Hashable, str]
"""One end of a link: (debate, node key); the debate as a slug or a row id."""


class LinkRelation(StrEnum):
    SAME_AS = "same-as"
    RELATED = "related"


class LinkEnd(BaseModel):
    """``{"debate": SLUG, "node": KEY}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    debate: str = Field(pattern=KEY_PATTERN, examples=["rozman-2016"])
    node: str = Field(pattern=KEY_PATTERN, examples=["no-alternative"])


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: LinkEnd
    target: LinkEnd
    relation: LinkRelation
    note: str = Field(default="", max_length=MAX_TEXT)
    citations: list[CitationIn] = []


class LinkPublic(BaseModel):
    id: int
    source: LinkEnd
    target: LinkEnd
    relation: LinkRelation
    note: str = ""
    citations: list[CitationPublic] = []
    proposition: int | None = Field(
        default=None, description="For same-as links: the id of the proposition (the group).")
    revision: int = Field(description="The link's ETag.")
    created_by: str
    created_at: UtcDateTime


class LinkRevisionPublic(BaseModel):
    """One change of a link: ``create`` (``before`` null) or ``delete`` (``after`` null)."""

    link: int
    author: str
    created_at: UtcDateTime
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class PropositionNode(BaseModel):
    debate: str
    debate_title: str
    node: str
    text: str
    year: int | None = Field(default=None, description="The latest year among the debate's "
                             "sources (null when none has a year).")
    labels: dict[str, str] = Field(description="Party key -> grounded label of the node.")
    parties: dict[str, str] = Field(default_factory=dict, description="Party key -> name.")


class PropositionPublic(BaseModel):
    id: int
    nodes: list[PropositionNode] = Field(description="Oldest debate first (by year, then "
                                         "slug).")


def _graph(links: Iterable[tuple[int, End, End]]) -> nx.Graph:
    graph = nx.Graph()
    for ident, source, target in links:
        graph.add_edge(source, target, id=ident)
    return graph


def propositions(links: Iterable[tuple[int, End, End]]) -> dict[int, int]:
    """Return, for each same-as link id, the id of its proposition (its group's smallest).

    Parameters
    ----------
    links : iterable of (link id, source end, target end)
        The same-as links; ends are (debate, node key).

    Returns
    -------
    dict
        Link id -> proposition id.
    """
    graph = _graph(links)
    found: dict[int, int] = {}
    for component in nx.connected_components(graph):
        ids = [d["id"] for _, _, d in graph.subgraph(component).edges(data=True)]
        smallest = min(ids)
        found.update(dict.fromkeys(ids, smallest))
    return found


def members(links: Sequence[tuple[int, End, End]], proposition: int) -> set[End]:
    """Return the nodes of proposition `proposition` (empty if no such group).

    >>> members([(2, ("a", "x"), ("b", "y"))], 9)
    set()
    """
    groups = propositions(links)
    graph = _graph(link for link in links if groups.get(link[0]) == proposition)
    return set(graph.nodes)


def year_of(years: Iterable[int | None]) -> int | None:
    """Return a debate's year: the latest year among its sources.

    >>> year_of([2016, None, 2014]), year_of([None])
    (2016, None)
    """
    return max((y for y in years if y is not None), default=None)
