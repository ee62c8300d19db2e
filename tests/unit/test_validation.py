"""validate_doc: every problem found at once, each with its location and typed error."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.doc import Citation, DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.errors import ConflictError, InvalidInputError
from kb.validation import problems, validate_doc

BASE = DebateDoc(
    slug="d",
    title="D",
    parties=(PartyDoc("p", "P"),),
    nodes=(NodeDoc("e1", NodeKind.EVIDENCE, "E."), NodeDoc("c1", NodeKind.CLAIM, "C.")),
    edges=(EdgeDoc("s1", "e1", Relation.SUPPORTS, target="c1"),),
)


def _locs(doc: DebateDoc) -> list[str]:
    return [p["loc"] for p in problems(doc)]


def test_validation_accepts_a_sound_debate() -> None:
    validate_doc(BASE)
    assert problems(BASE) == []


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"title": " "}, "title"),
        ({"nodes": (*BASE.nodes, NodeDoc("x", NodeKind.CLAIM, ""))}, "nodes.x.text"),
        ({"nodes": (*BASE.nodes, NodeDoc("x", NodeKind.CLAIM, "y" * 2001))}, "nodes.x.text"),
        ({"nodes": (*BASE.nodes, NodeDoc("X!", NodeKind.CLAIM, "y"))}, "nodes.X!"),
        ({"nodes": (*BASE.nodes, NodeDoc("x", NodeKind.CLAIM, "y", (Citation("nope"),)))},
         "nodes.x.citations.0"),
        ({"nodes": (*BASE.nodes, NodeDoc("x", NodeKind.CLAIM, "y", asserted_by=("q",)))},
         "nodes.x.asserted_by"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "zz", Relation.SUPPORTS, target="c1"))},
         "edges.e2.source"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "c1", Relation.SUPPORTS, target="c1"))},
         "edges.e2.target"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "e1", Relation.SUPPORTS))}, "edges.e2"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "e1", Relation.REBUTS, target="c1",
                                         target_edge="s1"))}, "edges.e2"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "e1", Relation.SUPPORTS, target_edge="s1"))},
         "edges.e2.relation"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "e1", Relation.REBUTS, target_edge="e2"))},
         "edges.e2.target_edge"),
        ({"edges": (*BASE.edges, EdgeDoc("e2", "e1", Relation.REBUTS, target_edge="zz"))},
         "edges.e2.target_edge"),
        ({"acceptance": {"q": {"e1": Stance.ACCEPTED}}}, "acceptance.q"),
        ({"acceptance": {"p": {"zz": Stance.ACCEPTED}}}, "acceptance.p.zz"),
        ({"acceptance": {"p": {"edge:zz": Stance.ACCEPTED}}}, "acceptance.p.edge:zz"),
    ],
)
def test_validation_reports_problem_at_its_location(change: dict[str, object], loc: str) -> None:
    doc = replace(BASE, **change)  # type: ignore[arg-type]
    assert loc in _locs(doc)
    with pytest.raises(InvalidInputError):
        validate_doc(doc)


def test_validation_duplicate_keys_are_conflicts() -> None:
    doc = replace(BASE, nodes=(*BASE.nodes, BASE.nodes[0]), parties=BASE.parties * 2)
    with pytest.raises(ConflictError) as caught:
        validate_doc(doc)
    assert {e["loc"] for e in caught.value.errors} == {"nodes.e1", "parties.p"}


def test_validation_undercutter_cycle_is_refused() -> None:
    doc = replace(BASE, edges=(
        *BASE.edges,
        EdgeDoc("u1", "e1", Relation.REBUTS, target_edge="u2"),
        EdgeDoc("u2", "c1", Relation.REBUTS, target_edge="u1"),
    ))
    assert {"edges.u1.target_edge", "edges.u2.target_edge"} <= set(_locs(doc))


def test_validation_reports_every_problem_in_one_error() -> None:
    doc = replace(BASE, title="", edges=(EdgeDoc("s1", "zz", Relation.SUPPORTS, target="yy"),))
    with pytest.raises(InvalidInputError) as caught:
        validate_doc(doc)
    assert len(caught.value.errors) == 3
    assert "(and 2 more)" in str(caught.value)
