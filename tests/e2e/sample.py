"""A small debate shaped like asan-2024, used when the seed maps are not loadable.

The central claim `russia-independent-of-china` stands for `wong` and falls for
`asan-editors` because of what each accepts; an undercutter, a rebuttal and a reinstating
counter-rebuttal are all present so every drawing rule shows up in the browser.
"""

from __future__ import annotations

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

CLAIM, EVIDENCE = NodeKind.CLAIM, NodeKind.EVIDENCE
SUPPORTS, REBUTS = Relation.SUPPORTS, Relation.REBUTS
A, R = Stance.ACCEPTED, Stance.REJECTED


def sample_debate(slug: str = "asan-2024", *, observer: bool = False) -> DebateDoc:
    """Return the sample debate under `slug` (with a third party, `observer`, if asked)."""
    cite = Citation
    nodes = (
        NodeDoc(
            "russia-independent-of-china",
            CLAIM,
            "Russia's foreign policy stays independent of China.",
            (cite("asan-2024", "¶33"),),
            asserted_by=("wong",),
        ),
        NodeDoc(
            "asymmetry-means-dependence",
            CLAIM,
            "Economic asymmetry makes Russia the junior partner.",
            (cite("asan-2024", "¶22"),),
            asserted_by=("asan-editors",),
        ),
        NodeDoc(
            "trade-share",
            EVIDENCE,
            "China takes a large and growing share of Russian trade.",
            (cite("asan-2024", "¶24"),),
        ),
        NodeDoc(
            "arms-autonomy",
            EVIDENCE,
            "Russia keeps selling arms to India and Vietnam against Chinese wishes.",
            (cite("asan-2024", "¶40"),),
        ),
        NodeDoc(
            "trade-not-policy",
            EVIDENCE,
            "Trade dependence has not changed Russia's voting or alliance choices.",
            (cite("asan-2024", "¶41"),),
        ),
        NodeDoc(
            "sanctions-push",
            EVIDENCE,
            "Western sanctions leave Russia few other buyers.",
            (cite("asan-2024", "¶27"), cite("book", "ch. 3")),
        ),
        NodeDoc(
            "autonomy-claim",
            CLAIM,
            "Russia resists Chinese pressure where it matters.",
            (cite("asan-2024", "¶44"),),
        ),
    )
    edges = (
        EdgeDoc("s-arms", "arms-autonomy", SUPPORTS, target="autonomy-claim"),
        EdgeDoc("s-autonomy", "autonomy-claim", SUPPORTS, target="russia-independent-of-china"),
        EdgeDoc("s-trade", "trade-share", SUPPORTS, target="asymmetry-means-dependence"),
        EdgeDoc("s-sanctions", "sanctions-push", SUPPORTS, target="asymmetry-means-dependence"),
        EdgeDoc(
            "r-dependence",
            "asymmetry-means-dependence",
            REBUTS,
            target="russia-independent-of-china",
        ),
        EdgeDoc("u-trade", "trade-not-policy", REBUTS, target_edge="s-trade"),
    )
    return DebateDoc(
        slug=slug,
        title="Russia's Turn to the East (sample)",
        summary="Is Russia's foreign policy independent of China?",
        sources=(
            SourceDoc(
                "asan-2024",
                "Delving deeper into the Turn to the East",
                ("The Asan Forum",),
                "The Asan Forum",
                2024,
                "https://example.org/asan",
                "text",
            ),
            SourceDoc(
                "book",
                "Russia's Turn to the East",
                ("G. Rozman", "G. Christofferson"),
                "Routledge",
                2024,
                kind="book",
            ),
        ),
        parties=(PartyDoc("wong", "Ka Ho Wong"), PartyDoc("asan-editors", "Asan Forum editors"))
        + ((PartyDoc("observer", "An observer"),) if observer else ()),
        nodes=nodes,
        edges=edges,
        acceptance={
            "wong": {"arms-autonomy": A, "trade-not-policy": A, "trade-share": A},
            "asan-editors": {
                "trade-share": A,
                "sanctions-push": A,
                "arms-autonomy": A,
                "trade-not-policy": R,
            },
        },
    )
