"""What the pages show, computed from the store and the engine (no HTML here).

The map of a debate is drawn for a *view*: one party, two parties compared, or the reader's
own position (a what-if acceptance), optionally focused on one node's neighbourhood. The
Graphviz layout is cached per (debate, revision, view shape) and the painted map per (debate,
revision, view), both in the store's caches, so switching party re-runs no layout and a
repeated request renders nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request

from api.budget import run_bounded, run_sized
from kb import engine
from kb import position as position_code
from kb.cache import LRU, Caches, DebateKey
from kb.doc import DebateDoc, NodeKind, Stance
from kb.engine.decisive import SILENT, statuses
from kb.engine.graph import ArgGraph
from kb.engine.structure import central_claims, claim_alone, sub_debate
from kb.errors import DebateNotFoundError, InvalidInputError
from kb.evaluations import GRAPH, grounded_strings
from kb.formats import svg

T = TypeVar("T")
MAX_DEPTH = 8
LARGE = 400
"""A debate of more nodes is never laid out whole: its map opens on the central claim."""
MAP_NODES = 150
"""A focused map shows at most this many nodes, the nearest to its focus."""
LARGE_BUDGET = 5.0
"""Seconds the crux search of one pair of parties may take on a large debate."""
GLYPHS = svg.GLYPHS


@dataclass(frozen=True)
class MapView:
    """Which labels the map shows, and which part of the graph."""

    party: str | None = None
    compare: tuple[str, str] | None = None
    position: tuple[tuple[str, str], ...] | None = None
    """The reader's own acceptance (what-if): sorted (item, accepted|rejected) pairs; None
    when not trying a position."""
    semantics: str = "grounded"
    focus: str | None = None
    depth: int = 2
    code: str = ""
    """The short code of `position` (``pos=`` in the address)."""
    start: str | None = None
    """The party the reader's position started from (``from=``), for "what changed"."""

    @property
    def mode(self) -> str:
        if self.position is not None:
            return "position"
        if self.compare is not None:
            return "compare"
        return "party" if self.party else "plain"

    @property
    def acceptance(self) -> dict[str, Stance]:
        """The reader's position as an acceptance (empty when not trying one)."""
        return {item: Stance(stance) for item, stance in self.position or ()}

    def query(self, **changes: Any) -> dict[str, Any]:
        """The query parameters of this view, with `changes` applied (None drops one)."""
        params: dict[str, Any] = {}
        if self.party:
            params["party"] = self.party
        if self.compare:
            params["compare"] = ",".join(self.compare)
        if self.position is not None:
            params["pos"] = self.code
            if self.start:
                params["from"] = self.start
        if self.semantics != "grounded":
            params["semantics"] = self.semantics
        if self.focus:
            params["focus"] = self.focus
            params["depth"] = str(self.depth)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params

    def url(self, path: str, **changes: Any) -> str:
        query = urlencode(self.query(**changes), doseq=True)
        return f"{path}?{query}" if query else path


def parse_position(
    doc: DebateDoc,
    *,
    code: str | None,
    accept: Sequence[str],
    reject: Sequence[str],
    stances: Mapping[str, str],
    start: str | None = None,
) -> dict[str, Stance]:
    """The reader's position from a code, ``accept``/``reject`` lists and per-item choices.

    `stances` maps items to ``accepted``, ``rejected`` or ``unstated`` (the form's choices);
    later sources override earlier ones in the order code, lists, choices. A code of
    differences is read against the acceptance of party `start` (``from=``).
    """
    base = doc.acceptance_of(start) if start else None
    chosen: dict[str, Stance] = dict(position_code.decode(doc, code, base)) if code else {}
    known = set(position_code.items(doc))
    for items, stance in ((accept, Stance.ACCEPTED), (reject, Stance.REJECTED)):
        for item in items:
            chosen[item] = stance
    for item, value in stances.items():
        try:
            chosen[item] = Stance(value)
        except ValueError as exc:
            raise InvalidInputError(f"choose accepted, rejected or unstated for {item}") from exc
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise InvalidInputError(f"not an item of this debate: {', '.join(unknown[:5])}")
    return {item: stance for item, stance in chosen.items() if stance is not Stance.UNSTATED}


def parse_view(
    doc: DebateDoc,
    *,
    party: str | None,
    compare: str | None,
    position: Mapping[str, Stance] | None,
    semantics: str,
    focus: str | None,
    depth: int,
    start: str | None = None,
) -> MapView:
    """Check the query of a map page against the debate and return its view."""
    engine.parse_semantics(semantics)
    if party:
        doc.party(party)
    elif doc.parties:
        party = doc.parties[0].key
    if start:
        doc.party(start)
    pair = None
    if compare:
        keys = [key.strip() for key in compare.split(",") if key.strip()]
        if len(keys) != 2 or keys[0] == keys[1]:
            raise InvalidInputError("compare takes two different party keys, e.g. compare=a,b")
        for key in keys:
            doc.party(key)
        pair = (keys[0], keys[1])
    chosen, code = None, ""
    if position is not None:
        chosen = tuple(sorted((item, str(stance)) for item, stance in position.items()))
        code = position_code.encode(doc, position, doc.acceptance_of(start) if start else None)
    if focus:
        doc.node(focus)
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidInputError(f"depth must be between 0 and {MAX_DEPTH}")
    return MapView(party, pair, chosen, semantics, focus or None, depth, code,
                   start if chosen is not None else None)


class Pages:
    """The store and its caches (one owner: ``store.caches``), reached through
    ``request.app.state``."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.caches: Caches = store.caches
        self.layouts: LRU[str] = self.caches.layouts
        self.maps: LRU[str] = self.caches.maps
        self.identity: dict[str, Hashable] = {}
        """Slug -> identity (id, creation time) of the debate last read under that slug."""
        self.keys: dict[str, DebateKey] = {}
        """Slug -> the key (identity and revision) of the debate last read under it."""

    @classmethod
    def of(cls, request: Request) -> Pages:
        state = request.app.state
        pages = getattr(state, "pages", None)
        if pages is None:
            pages = cls(state.store)
            state.pages = pages
        return pages

    def cached(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """A page part keyed ``(what, slug, revision, ...)``, cached with the identity of
        the slug's debate, so a debate deleted and created again never hits."""
        value: T = self.caches.results.get(self._full(key), compute)
        return value

    def known(self, key: tuple[Hashable, ...]) -> bool:
        """Whether the page part `key` (as :meth:`cached` has it) is cached."""
        return self.caches.results.peek(self._full(key)) is not None

    def keep(self, key: tuple[Hashable, ...], value: object) -> None:
        """Cache `value` as the page part `key` (computed elsewhere)."""
        self.caches.results.put(self._full(key), value)

    def _full(self, key: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
        return ("pages", self.identity.get(str(key[1])), *key)

    def debates(self) -> list[tuple[DebateDoc, int]]:
        """Every public debate with its revision, in the store's order."""
        found = []
        for debate in _items(self.store.list_debates()):
            if getattr(debate, "public", True):
                found.append(self.debate(debate.slug))
        return found

    def debate(self, slug: str) -> tuple[DebateDoc, int]:
        """The public debate `slug` at its current revision (NotFoundError otherwise),
        read with its document in one transaction."""

        def check(debate: Any) -> None:
            if not getattr(debate, "public", True):
                raise DebateNotFoundError(slug)

        _, key, doc = self.store.read_doc(slug, check=check)
        self.identity[slug] = (key.id, key.born)
        self.keys[slug] = key
        return doc, key.revision

    def labels(
        self, doc: DebateDoc, revision: int, who: str | Mapping[str, Stance], semantics: str
    ) -> dict[str, str]:
        """Item -> IN/OUT/UNDEC for a party key, or for a position (an acceptance)."""
        if isinstance(who, str):
            key: Hashable = who
            acceptance: Mapping[str, Stance] = doc.acceptance_of(who)
        else:
            key = ("position", _digest(who))
            acceptance = dict(who)
        kept = self._key(doc, revision)

        def compute() -> dict[str, str]:
            if kept is not None and isinstance(who, str) and semantics == "grounded":
                return grounded_strings(self.caches, kept, doc, who)
            return run_sized(label_strings, doc, acceptance, semantics, size=len(doc.nodes),
                             what="the evaluation")

        return self.cached(("labels", doc.slug, revision, key, semantics), compute)

    def statuses(
        self, doc: DebateDoc, revision: int, who: str | Mapping[str, Stance], semantics: str
    ) -> dict[str, str]:
        """Node -> stands, defeated, rejected, unaddressed, unsupported or undecided."""
        labels = self.labels(doc, revision, who, semantics)
        key: Hashable = who if isinstance(who, str) else ("position", _digest(who))
        party, acceptance = (who, None) if isinstance(who, str) else ("", dict(who))
        return self.cached(
            ("statuses", doc.slug, revision, key, semantics),
            lambda: statuses(doc, party, labels, acceptance=acceptance),
        )

    def strengths(self, doc: DebateDoc, revision: int, party: str) -> dict[str, float]:
        """DF-QuAD strength of every node for `party`."""
        return self.cached(
            ("strength", doc.slug, revision, party),
            lambda: engine.strength(doc, doc.acceptance_of(party)),
        )

    def diverging(self, doc: DebateDoc, revision: int, key: str,
                  semantics: str) -> list[tuple[str, str]]:
        """The pairs of parties (in the debate's order) that label node `key` differently."""
        keys = [party.key for party in doc.parties]
        return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
                if self.labels(doc, revision, a, semantics).get(key)
                != self.labels(doc, revision, b, semantics).get(key)]

    def claim_cruxes(
        self, doc: DebateDoc, revision: int, key: str, semantics: str
    ) -> dict[tuple[str, str], list[engine.Crux]]:
        """The engine's cruxes on claim `key` for each pair of parties that diverge on it.

        Only the part of the debate that `key` depends on is searched, within the time
        budget of the API's crux search (TooExpensiveError past it), and the result is
        cached per revision, so a claim's cruxes are computed once.
        """
        found: dict[tuple[str, str], list[engine.Crux]] = {}
        for first, second in self.diverging(doc, revision, key, semantics):

            def compute(first: str = first, second: str = second) -> list[engine.Crux]:
                return run_bounded(claim_cruxes, doc, key, first, second, semantics,
                                   seconds=LARGE_BUDGET if len(doc.nodes) > LARGE else None,
                                   what="the crux search")

            found[(first, second)] = self.cached(
                cruxes_key(doc, revision, (first, second), key, semantics), compute)
        return found

    def _key(self, doc: DebateDoc, revision: int) -> DebateKey | None:
        """The store's key of `doc` at `revision`, when that is the revision last read."""
        key = self.keys.get(doc.slug)
        return key if key is not None and key.revision == revision else None

    def graph(self, doc: DebateDoc, revision: int) -> ArgGraph | None:
        """The graph of `doc` the evaluations at `revision` share (built for them if none
        is kept yet); None for a revision other than the one last read."""
        kept = self._key(doc, revision)
        if kept is None:
            return None
        found: ArgGraph = self.caches.grounded.get((kept, GRAPH),
                                                   lambda: ArgGraph.from_doc(doc))
        return found

    def central(self, doc: DebateDoc, revision: int) -> str | None:
        """The claim tagged ``central``, else the one most of the debate leads to."""
        graph = self.graph(doc, revision)

        def compute() -> str | None:
            return next(iter(central_claims(doc, graph=graph)), None)

        return self.cached(("central", doc.slug, revision), compute)

    def party_views(self, doc: DebateDoc, revision: int, view: MapView) -> list[svg.PartyView]:
        """The one or two label sets the map of `view` shows."""
        whos: list[tuple[str, str | Mapping[str, Stance]]]
        if view.mode == "position":
            whos = [("Your position", view.acceptance)]
        else:
            keys = list(view.compare) if view.compare else [view.party] if view.party else []
            whos = [(doc.party(key).name, key) for key in keys]
        return [
            svg.PartyView(
                name,
                self.labels(doc, revision, who, view.semantics),
                frozenset(
                    key for key, status in self.statuses(doc, revision, who, view.semantics).items()
                    if status in SILENT
                ),
            )
            for name, who in whos
        ]

    def part(self, doc: DebateDoc, revision: int, focus: str,
             depth: int) -> tuple[DebateDoc, dict[str, int]]:
        """What a map focused on `focus` shows: at most :data:`MAP_NODES` nodes within
        `depth` links (nearest first), and per node how many neighbours are left out."""
        around = self.cached(("adjacency", doc.slug, revision), lambda: svg.adjacency(doc))
        return self.cached(("part", doc.slug, revision, focus, depth), lambda: svg.focus_part(
            doc, focus, depth, limit=MAP_NODES, around=around))

    def map_svg(self, doc: DebateDoc, revision: int, view: MapView) -> str:
        """The painted map of `view`, cached per revision and view."""
        views = self.party_views(doc, revision, view)
        shape = (self.identity.get(doc.slug), doc.slug, revision, len(views), view.focus,
                 view.depth if view.focus else 0)
        href = _node_href(doc.slug, view)
        shown = doc if view.focus is None else self.part(doc, revision, view.focus, view.depth)[0]

        def lay_out() -> str:
            if view.focus is None:
                return run_sized(svg.layout, doc, columns=len(views), size=len(doc.nodes),
                                 what="the map layout")
            part, hidden = self.part(doc, revision, view.focus, view.depth)
            return svg.layout(part, columns=len(views), focus=view.focus, hidden=hidden)

        def draw() -> str:
            return svg.paint(self.layouts.get(shape, lay_out), shown, views, href=href)

        return self.maps.get((*shape, view), draw)


@dataclass
class NodeRow:
    """One node with its label(s) under a view, for the list beside the map."""

    key: str
    kind: str
    text: str
    labels: list[str | None] = field(default_factory=list)
    silent: list[bool] = field(default_factory=list)
    """Per shown party: OUT only because that party left it aside (not defeated)."""

    @property
    def diverges(self) -> bool:
        """Two parties label this claim or piece of evidence differently."""
        return len(self.labels) == 2 and self.labels[0] != self.labels[1]

    @property
    def shown(self) -> list[tuple[str | None, bool]]:
        return list(zip(self.labels, self.silent or [False] * len(self.labels), strict=True))


def node_rows(doc: DebateDoc, views: Sequence[svg.PartyView]) -> list[NodeRow]:
    """Claims first, then evidence, each with its label per shown party."""
    rows = [
        NodeRow(node.key, node.kind.value, node.text, [view.labels.get(node.key) for view in views],
                [node.key in view.silent and view.labels.get(node.key) == "OUT"
                 for view in views])
        for node in doc.nodes
    ]
    return sorted(rows, key=lambda row: row.kind != NodeKind.CLAIM.value)


def tally(labels: Mapping[str, str], doc: DebateDoc) -> dict[str, int]:
    """How many claims are IN, OUT and UNDEC."""
    counts = dict.fromkeys(GLYPHS, 0)
    for node in doc.nodes:
        if node.kind is NodeKind.CLAIM and labels.get(node.key) in counts:
            counts[labels[node.key]] += 1
    return counts


def label_strings(doc: DebateDoc, acceptance: Mapping[str, Stance],
                  semantics: str) -> dict[str, str]:
    """Item -> IN/OUT/UNDEC of `doc` under `acceptance` (run bounded on a large debate)."""
    evaluation = engine.evaluate(doc, acceptance, semantics=semantics)
    return {item: str(label) for item, label in evaluation.labels.items()}


def cruxes_key(doc: DebateDoc, revision: int, pair: tuple[str, str], key: str,
               semantics: str) -> tuple[Hashable, ...]:
    """The page cache's key of the cruxes of one pair of parties on claim `key`."""
    return ("cruxes", doc.slug, revision, *pair, key, semantics)


def claim_cruxes(doc: DebateDoc, key: str, first: str, second: str,
                 semantics: str) -> list[engine.Crux]:
    """The cruxes between two parties on claim `key` alone (run in a bounded child)."""
    part = claim_alone(sub_debate(doc, [key]), key)
    cruxes = engine.cruxes(part, first, second, semantics=semantics)
    return [crux for crux in cruxes if crux.claim == key]


def _node_href(slug: str, view: MapView) -> Callable[[str], str]:
    path = f"/debates/{slug}/nodes/"
    query = urlencode(view.query(focus=None, depth=None), doseq=True)
    return lambda key: f"{path}{key}?{query}" if query else f"{path}{key}"


def _digest(position: Mapping[str, Stance]) -> str:
    text = "\n".join(f"{item}={stance}" for item, stance in sorted(position.items()))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _items(listing: Any) -> list[Any]:
    """Rows of a store listing, whether a plain list or a page envelope."""
    if isinstance(listing, tuple) and listing and isinstance(listing[0], list):
        return list(listing[0])
    items = getattr(listing, "items", None)
    if items is not None and not callable(items):
        return list(items)
    return list(listing)
