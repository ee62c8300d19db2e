"""What the debate page says about the central claim and the reader's own position.

The central claim's verdict per party comes with its decisive reason
(:mod:`kb.engine.decisive`). "Your position" starts from nothing or from a party's whole
acceptance (evidence, conceded claims and links), so starting from a party reproduces its
verdicts exactly; each item can then be accepted, rejected or left, grouped by the debate's
sections, and the page says what changed against the starting point.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from typing import Any

from api.pages.views import MapView, Pages
from kb import position as position_code
from kb.doc import DebateDoc, NodeKind, Stance, edge_item
from kb.engine.decisive import Reason, decisive_reason
from kb.formats.summary import section_title

MAX_CHANGED = 25


@dataclass(frozen=True)
class Verdict:
    """One side's verdict on a claim, with what decides it."""

    who: str
    key: str
    label: str | None
    reason: Reason


@dataclass(frozen=True)
class Choice:
    """One item of the position form."""

    item: str
    text: str
    kind: str
    stance: str
    label: str | None
    silent: bool


def central_reasons(
    pages: Pages, doc: DebateDoc, revision: int, view: MapView, central: str | None
) -> list[Verdict]:
    """Each party's verdict on the central claim (and the reader's, when trying a position)."""
    if central is None:
        return []
    found = []
    for party in doc.parties:
        labels = pages.labels(doc, revision, party.key, view.semantics)
        reason: Reason = pages.cached(
            ("decisive", doc.slug, revision, party.key, central, view.semantics),
            partial(decisive_reason, doc, party.key, central, labels=labels),
        )
        found.append(Verdict(party.name, party.key, labels.get(central), reason))
    if view.position is not None:
        labels = pages.labels(doc, revision, view.acceptance, view.semantics)
        reason = decisive_reason(doc, "", central, labels=labels, acceptance=view.acceptance,
                                 name="your position")
        found.append(Verdict("Your position", "", labels.get(central), reason))
    return found


def position_context(
    pages: Pages, doc: DebateDoc, revision: int, view: MapView, central: str | None,
    shown: Collection[str] | None = None,
) -> dict[str, Any]:
    """The position section: where to start, the choices by section, what changed.

    With `shown` (the nodes of a large debate's map), only those nodes, the links among
    them and the items already changed are offered as choices."""
    path = f"/debates/{doc.slug}"
    keep = {"compare": None, "party": None, "position": None, "accept": None, "reject": None}
    starts = [("nothing", "Start from nothing",
               view.url(path, pos=position_code.encode(doc, {}), **keep, **{"from": None}))]
    for party in doc.parties:
        acceptance = doc.acceptance_of(party.key)
        code = position_code.encode(doc, acceptance, acceptance)
        starts.append((party.key, f"Start from {party.name}",
                       view.url(path, pos=code, **keep, **{"from": party.key})))
    context: dict[str, Any] = {"starts": starts, "choices": [], "changed": []}
    if view.position is None:
        return context
    mine = pages.labels(doc, revision, view.acceptance, view.semantics)
    quiet = pages.statuses(doc, revision, view.acceptance, view.semantics)
    base = (pages.labels(doc, revision, view.start, view.semantics) if view.start
            else pages.labels(doc, revision, {}, view.semantics))
    stances = view.acceptance
    started = ({item: str(stance) for item, stance in doc.acceptance_of(view.start).items()
                if stance is not Stance.UNSTATED} if view.start else {})
    mine_stances = {item: str(stance) for item, stance in stances.items()}
    moved = {item for item in set(started) | set(mine_stances)
             if started.get(item) != mine_stances.get(item)}
    offered = None if shown is None else set(shown) | moved
    groups: dict[str, list[Choice]] = {}
    for node in doc.nodes:
        if offered is not None and node.key not in offered:
            continue
        tag = node.tags[0] if node.tags else ""
        groups.setdefault(section_title(tag), []).append(Choice(
            node.key, node.text, node.kind.value, str(stances.get(node.key, Stance.UNSTATED)),
            mine.get(node.key), quiet.get(node.key) in ("unaddressed", "unsupported")))
    links = [Choice(edge_item(edge.key), _edge_text(doc, edge.key), "link",
                    str(stances.get(edge_item(edge.key), Stance.UNSTATED)),
                    mine.get(edge_item(edge.key)), False) for edge in doc.edges
             if offered is None or edge_item(edge.key) in moved
             or (edge.source in offered and (edge.target or "") in offered)]
    changed = [node for node in sorted(doc.nodes, key=lambda n: n.kind is not NodeKind.CLAIM)
               if mine.get(node.key) != base.get(node.key)]
    context.update(
        moved=len(moved),
        choices=list(groups.items()), links=links, changed=changed[:MAX_CHANGED],
        changed_count=len(changed),
        start_name=doc.party(view.start).name if view.start else "nothing",
        base_labels=base, share=view.url(path), partial=shown is not None,
    )
    return context


def _edge_text(doc: DebateDoc, key: str) -> str:
    edge = doc.edge(key)
    source = textwrap.shorten(doc.node(edge.source).text, 70, placeholder=" …")
    if edge.target is not None:
        target = textwrap.shorten(doc.node(edge.target).text, 70, placeholder=" …")
        return f"«{source}» {edge.relation.value} «{target}»"
    attacked = doc.edge(str(edge.target_edge))
    target = textwrap.shorten(doc.node(attacked.source).text, 50, placeholder=" …")
    return f"«{source}» undercuts the link from «{target}»"
