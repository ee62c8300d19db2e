"""A small debate to build on, and ways to compare the whole database before and after."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from kb.doc import (
    Citation,
    DebateDoc,
    EdgeDoc,
    NodeDoc,
    NodeKind,
    PartyDoc,
    Relation,
    SourceDoc,
    Stance,
)
from kb.models import Acceptance, Debate, Edge, Node, Party, Revision, Source
from kb.store import Store

TABLES = (Debate, Source, Party, Node, Edge, Acceptance, Revision)


def sample_doc(slug: str = "demo") -> DebateDoc:
    """Evidence e1 supports claim c1, f1 rebuts c1, u1 undercuts the support."""
    return DebateDoc(
        slug=slug,
        title="Demo debate",
        summary="A small debate for the tests.",
        sources=(SourceDoc("src", "A source", ("A. Author",), year=2024),),
        parties=(PartyDoc("ann", "Ann"), PartyDoc("bob", "Bob")),
        nodes=(
            NodeDoc("e1", NodeKind.EVIDENCE, "A measured fact.", (Citation("src", "¶3"),),
                    ("data",), ("ann",)),
            NodeDoc("f1", NodeKind.EVIDENCE, "A contrary fact.", asserted_by=("bob",)),
            NodeDoc("c1", NodeKind.CLAIM, "The claim.", asserted_by=("ann",)),
            NodeDoc("u1", NodeKind.EVIDENCE, "The fact does not bear on the claim."),
        ),
        edges=(
            EdgeDoc("s1", "e1", Relation.SUPPORTS, target="c1", citations=(Citation("src"),)),
            EdgeDoc("r1", "f1", Relation.REBUTS, target="c1"),
            EdgeDoc("x1", "u1", Relation.REBUTS, target_edge="s1"),
        ),
        acceptance={
            "ann": {"e1": Stance.ACCEPTED, "f1": Stance.REJECTED, "edge:s1": Stance.ACCEPTED},
            "bob": {"f1": Stance.ACCEPTED, "u1": Stance.ACCEPTED},
        },
    )


def row_counts(store: Store) -> dict[str, int]:
    """Return the number of rows of every debate table."""
    with Session(store.engine) as session:
        return {
            table.__tablename__: session.exec(  # type: ignore[misc]
                select(func.count()).select_from(table)
            ).one()
            for table in TABLES
        }


def fresh_snapshot(store: Store, slug: str, revision: int | None = None) -> DebateDoc:
    """The snapshot read from the database now, bypassing the Store's snapshot cache."""
    return Store(store.engine).snapshot(slug, revision=revision)


def picture(store: Store, slug: str) -> tuple[object, ...]:
    """Everything a failed write must leave untouched: snapshot, revision, row counts."""
    return (fresh_snapshot(store, slug), store.get_debate(slug).revision, row_counts(store),
            [r.number for r in store.list_revisions(slug)])
