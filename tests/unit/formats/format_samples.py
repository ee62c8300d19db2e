"""Small debates the format tests share (imported by the test modules of this folder)."""

from __future__ import annotations

from pathlib import Path

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

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
ARGDOWN = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / ".bin" / "argdown"


def sample_debate() -> DebateDoc:
    """A debate with every feature the formats must carry: both kinds, both relations, an
    undercutter, an undercutter of an undercutter, citations, tags, sources, two parties."""
    return DebateDoc(
        slug="bridge",
        title="Should the town rebuild the old bridge?",
        summary="A council debate on the river crossing.",
        sources=(
            SourceDoc("survey-2023", "Bridge condition survey", ("R. Engineer",), "Council",
                      2023, "https://example.org/survey", "report"),
            SourceDoc("minutes", "Council minutes, March", kind="text"),
        ),
        parties=(PartyDoc("council", "Town council", "The majority group."),
                 PartyDoc("residents", "Residents' association")),
        nodes=(
            NodeDoc("rebuild", NodeKind.CLAIM, "The town should rebuild the old bridge.",
                    tags=("Q1",), asserted_by=("council",)),
            NodeDoc("unsafe", NodeKind.CLAIM, "The bridge is unsafe for heavy traffic.",
                    tags=("Q1",)),
            NodeDoc("survey", NodeKind.EVIDENCE, "The 2023 survey rated the deck 'poor'.",
                    citations=(Citation("survey-2023", "p. 4"),), tags=("Q1",)),
            NodeDoc("cost", NodeKind.EVIDENCE, "Rebuilding costs twice the yearly budget.",
                    citations=(Citation("minutes", "¶12"),), tags=("Q2",)),
            NodeDoc("old-method", NodeKind.EVIDENCE,
                    "The survey used a method retired in 2019 [see annex].", tags=("Q2",)),
            NodeDoc("method-fine", NodeKind.EVIDENCE,
                    "The retired method still gives the same ratings on decks like this.",
                    tags=("Q2",)),
            NodeDoc("grant", NodeKind.EVIDENCE, "A state grant covers *half* the cost.",
                    tags=("Q2",)),
        ),
        edges=(
            EdgeDoc("s-unsafe", "unsafe", Relation.SUPPORTS, target="rebuild",
                    text="Safety comes first."),
            EdgeDoc("s-survey", "survey", Relation.SUPPORTS, target="unsafe",
                    citations=(Citation("survey-2023", "p. 5"),)),
            EdgeDoc("r-cost", "cost", Relation.REBUTS, target="rebuild"),
            EdgeDoc("u-method", "old-method", Relation.REBUTS, target_edge="s-survey",
                    asserted_by=("residents",)),
            EdgeDoc("u-fine", "method-fine", Relation.REBUTS, target_edge="u-method"),
            EdgeDoc("r-grant", "grant", Relation.REBUTS, target="cost"),
        ),
        acceptance={
            "council": {"survey": Stance.ACCEPTED, "cost": Stance.ACCEPTED,
                        "grant": Stance.ACCEPTED, "method-fine": Stance.ACCEPTED,
                        "old-method": Stance.ACCEPTED},
            "residents": {"survey": Stance.ACCEPTED, "cost": Stance.ACCEPTED,
                          "old-method": Stance.ACCEPTED, "grant": Stance.REJECTED,
                          "edge:s-unsafe": Stance.ACCEPTED},
        },
    )
