"""The detail of one node: text, citations, label and strength per party, why, cruxes.

Explanations, strengths and cruxes are the engine's; this module puts them into the words
and links of the detail panel.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb import engine
from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation, SourceDoc, Stance, edge_item
from kb.engine.decisive import Reason, Sentence, decisive_reason, full_reasoning
from kb.engine.graph import ArgGraph
from kb.errors import NotFoundError


@dataclass
class CitationView:
    source_key: str
    locator: str
    source: SourceDoc | None

    @property
    def reference(self) -> str:
        """Authors (year). Title. Venue."""
        if self.source is None:
            return self.source_key
        parts = []
        if self.source.authors:
            parts.append(", ".join(self.source.authors))
        if self.source.year:
            parts.append(f"({self.source.year})")
        head = " ".join(parts)
        title = self.source.title + ("." if not self.source.title.endswith((".", "?", "!")) else "")
        parts = [head + "." if head else "", title, self.source.venue]
        return " ".join(part for part in parts if part)


@dataclass
class PartyDetail:
    key: str
    name: str
    label: str | None
    stance: str
    strength: float | None = None
    sentences: list[Sentence] = field(default_factory=list)
    """The engine's full reasoning, whole quotes linked, each sentence once."""
    reason: Reason | None = None
    """What decides it for this party (shown first)."""
    status: str = ""
    """stands, defeated, rejected, unaddressed, unsupported or undecided."""


@dataclass
class Link:
    key: str
    text: str
    relation: str
    via_edge: str
    label: str | None = None
    status: str = ""


@dataclass
class NodeDetail:
    node: NodeDoc
    citations: list[CitationView]
    parties: list[PartyDetail]
    supporters: list[Link]
    attackers: list[Link]
    targets: list[Link]
    cruxes: list[dict[str, Any]] | None
    """None until computed (the panel then loads them separately)."""
    diverges: bool
    asserted_by: list[str]


def node_detail(
    doc: DebateDoc,
    key: str,
    labels_of: Mapping[str, Mapping[str, str]],
    *,
    strengths_of: Mapping[str, Mapping[str, float]],
    cruxes_of: Mapping[tuple[str, str], Sequence[engine.Crux]] | None,
    semantics: str = "grounded",
    shown: Mapping[str, str] | None = None,
    shown_statuses: Mapping[str, str] | None = None,
    graph: ArgGraph | None = None,
    reasoning_for: Collection[str] | None = None,
) -> NodeDetail:
    """Everything the detail panel says about node `key`.

    `shown` are the labels the neighbours' badges show (the current party's or position's).

    `labels_of` and `strengths_of` map each party key to its labels and strengths;
    `cruxes_of` maps each pair of party keys to the engine's cruxes for that pair (None:
    not computed yet); `graph` is the debate's :class:`ArgGraph` when the caller keeps it.
    The engine's full reasoning is worked out for the parties in `reasoning_for` (default:
    every party); each party's decisive reason always.
    """
    node = doc.node(key)
    sources = {source.key: source for source in doc.sources}
    citations: list[CitationView] = []
    for citation in node.citations:  # one entry per source, its locators in order
        same = next((c for c in citations if c.source_key == citation.source), None)
        if same is None:
            citations.append(
                CitationView(citation.source, citation.locator, sources.get(citation.source))
            )
        elif citation.locator:
            same.locator = (
                f"{same.locator}, {citation.locator}" if same.locator else citation.locator
            )
    parties = []
    for party in doc.parties:
        stance = doc.acceptance.get(party.key, {}).get(key, Stance.UNSTATED)
        detail = PartyDetail(
            party.key, party.name, labels_of.get(party.key, {}).get(key), str(stance)
        )
        detail.reason = decisive_reason(doc, party.key, key, labels=labels_of.get(party.key))
        detail.status = detail.reason.status
        if reasoning_for is None or party.key in reasoning_for:
            explained = engine.explain_party(doc, party.key, key, semantics=semantics,
                                             graph=graph).sentences()
            detail.sentences = full_reasoning(doc, explained)
        detail.strength = strengths_of.get(party.key, {}).get(key)
        parties.append(detail)
    supporters, attackers, targets = _links(doc, node, shown or {})
    for link in (*supporters, *attackers, *targets):
        link.status = (shown_statuses or {}).get(link.key, "")
    names = {party.key: party.name for party in doc.parties}
    return NodeDetail(
        node=node,
        citations=citations,
        parties=parties,
        supporters=supporters,
        attackers=attackers,
        targets=targets,
        cruxes=None if cruxes_of is None else node_cruxes(doc, key, cruxes_of),
        diverges=node.kind is NodeKind.CLAIM and len({p.label for p in parties}) > 1,
        asserted_by=[names.get(party, party) for party in node.asserted_by],
    )


def position_reason(
    doc: DebateDoc,
    key: str,
    acceptance: Mapping[str, Stance],
    labels: Mapping[str, str],
    *,
    semantics: str,
) -> tuple[Reason, list[Sentence]]:
    """What decides `key` for the reader's own position, and the full reasoning."""
    explained = engine.explain(doc, acceptance, key, semantics=semantics, party="your position")
    reason = decisive_reason(doc, "", key, labels=labels, acceptance=acceptance,
                             name="your position")
    return reason, full_reasoning(doc, explained.sentences())


def node_cruxes(
    doc: DebateDoc, key: str, cruxes_of: Mapping[tuple[str, str], Sequence[engine.Crux]]
) -> list[dict[str, Any]]:
    """The cruxes on claim `key`, for each pair of parties that diverge on it, in words."""
    names = {party.key: party.name for party in doc.parties}
    found: list[dict[str, Any]] = []
    for (first, second), cruxes in cruxes_of.items():
        for crux in cruxes:
            if crux.claim != key:
                continue
            ways = []
            for settlement in crux.settlements:
                moves = [
                    f"{_item_text(doc, change.item)} ({change.before.value} → {change.after.value})"
                    for change in settlement.changes
                ]
                ways.append(
                    f"{names.get(settlement.party, settlement.party)} takes the other side's "
                    f"stance on {' and '.join(moves)}; both then label it "
                    f"{settlement.agreed.value}."
                )
            found.append(
                {
                    "parties": (names[first], names[second]),
                    "labels": (str(crux.label_a), str(crux.label_b)),
                    "differ": [_item_text(doc, item) for item in crux.items],
                    "ways": ways,
                }
            )
    return found


def _links(
    doc: DebateDoc, node: NodeDoc, first: Mapping[str, str]
) -> tuple[list[Link], list[Link], list[Link]]:
    supporters: list[Link] = []
    attackers: list[Link] = []
    targets: list[Link] = []
    undercutters: dict[str, list[EdgeDoc]] = {}
    for edge in doc.edges:
        if edge.target_edge is not None:
            undercutters.setdefault(edge.target_edge, []).append(edge)
    for edge in doc.edges:
        if edge.target == node.key:
            other = doc.node(edge.source)
            link = Link(other.key, other.text, edge.relation.value, edge.key, first.get(other.key))
            (supporters if edge.relation is Relation.SUPPORTS else attackers).append(link)
            attackers += [_undercut(doc, edge, under, first)
                          for under in undercutters.get(edge.key, ())]
        elif edge.source == node.key:
            if edge.target is not None:
                other = doc.node(edge.target)
                targets.append(
                    Link(other.key, other.text, edge.relation.value, edge.key, first.get(other.key))
                )
            elif edge.target_edge is not None:
                attacked = doc.edge(edge.target_edge)
                targets.append(
                    Link(
                        attacked.source,
                        f"the link from ‘{_short(doc, attacked.source)}’ to "
                        f"‘{_edge_target_text(doc, attacked)}’",
                        "undercuts",
                        edge.key,
                        first.get(edge_item(attacked.key)),
                    )
                )
    return supporters, attackers, targets


def _undercut(doc: DebateDoc, edge: EdgeDoc, undercutter: EdgeDoc,
              first: Mapping[str, str]) -> Link:
    source = doc.node(undercutter.source)
    return Link(source.key, f"{source.text} (against the link from ‘{_short(doc, edge.source)}’)",
                "undercuts", undercutter.key, first.get(source.key))


def _item_text(doc: DebateDoc, item: str) -> str:
    if item.startswith("edge:"):
        try:
            edge = doc.edge(item.removeprefix("edge:"))
        except NotFoundError:
            return item
        return f"the link from ‘{_short(doc, edge.source)}’ to ‘{_edge_target_text(doc, edge)}’"
    return f"‘{_short(doc, item)}’"


def _edge_target_text(doc: DebateDoc, edge: EdgeDoc) -> str:
    if edge.target is not None:
        return _short(doc, edge.target)
    return f"link {edge.target_edge}"


def _short(doc: DebateDoc, key: str, width: int = 80) -> str:
    try:
        text = doc.node(key).text
    except NotFoundError:
        return key
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
