"""Flips: the smallest changes to one party's acceptance that would change a claim's label.

For a node, a party and a semantics, the flips toward a label L are every set of K changes
to the party's acceptance (accepting, rejecting or withdrawing to unstated any node or
edge: evidence, conceded claims and edges alike), K the smallest that works, after which
the node's label (the skeptical view of the semantics, as :func:`kb.engine.evaluate` gives
it) is L. They say how robust a verdict is and what it rests on. The search is exact
(:mod:`kb.engine.enforce`); it ranges over the items that reach the node (no other item
can change its label under grounded, complete and preferred; under stable, whose labels
also depend on whether the debate has any stable labelling at all, this is the documented
bound, as for cruxes, and the question is asked on the part of the debate that can
decide it, :func:`scope`). A change that leaves the party's program as it was (accepting an
edge it left unstated, or, in ``presumptive`` mode, conceding a claim it presumes) never
belongs to a smallest set and is not tried.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation, PartyDoc
>>> doc = DebateDoc(slug="d", title="D", parties=(PartyDoc("p", "P"),),
...     nodes=(NodeDoc("e", NodeKind.EVIDENCE, "E"), NodeDoc("f", NodeKind.EVIDENCE, "F"),
...            NodeDoc("c", NodeKind.CLAIM, "C")),
...     edges=(EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),
...            EdgeDoc("r", "f", Relation.REBUTS, target="c")),
...     acceptance={"p": {"e": "accepted"}})
>>> found = flips_party(doc, "p", "c")
>>> found.label, found.to, found.size
(<Label.IN: 'IN'>, <Label.OUT: 'OUT'>, 1)
>>> [" ".join(f"{c.item}={c.stance.value}" for c in one) for one in found.flips]
['e=rejected', 'e=unstated', 'f=accepted', 'c=rejected', 'edge:s=rejected']
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from kb.doc import DebateDoc, Mode, Stance
from kb.engine.enforce import Enforcement, Found
from kb.engine.evaluation import graph_of
from kb.engine.graph import RULE_KINDS, STANCES, ArgGraph, keeps_rule
from kb.engine.labels import Label, Semantics, parse_semantics
from kb.engine.nearby import NEARBY_FROM, START, UNDECIDED, Nearby
from kb.engine.nearby import SEMANTICS as NEARBY
from kb.errors import InvalidInputError, NotFoundError

DEFAULT_LIMIT = 20
"""How many smallest sets one answer lists by default."""
MAX_LIMIT = 500
DIRECTIONAL = frozenset({Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED})
"""Semantics under which a node's label depends only on the items that reach it."""


@dataclass(frozen=True)
class Change:
    """One item and the stance the party would take on it."""

    item: str
    stance: Stance

    def to_json(self) -> dict[str, str]:
        return {"item": self.item, "stance": self.stance.value}


@dataclass(frozen=True)
class Flips:
    """The smallest sets of changes after which `node` has the label `to`."""

    node: str
    semantics: Semantics
    label: Label
    """The node's label now."""
    to: Label
    size: int | None
    """Changes per set (0 when the label is `to` already; None when no set works)."""
    flips: tuple[tuple[Change, ...], ...]
    complete: bool
    """False when more sets of that size exist than are listed (or may exist: the search
    stopped at its time limit)."""
    at_least: int | None = None
    """When the search stopped at its `time_limit` before finding a set: no set of fewer
    changes works (`size` is then None and `complete` false)."""

    def to_json(self, *, debate: str, party: str) -> dict[str, Any]:
        """The JSON of ``GET .../nodes/{key}/flips`` and ``argmap flips`` (INTERFACES.md),
        with ``at_least``."""
        return {"debate": debate, "party": party, "node": self.node,
                "semantics": self.semantics.value, "label": self.label.value,
                "to": self.to.value, "size": self.size,
                "flips": [[change.to_json() for change in one] for one in self.flips],
                "complete": self.complete, "at_least": self.at_least}


def parse_label(value: str | Label) -> Label:
    """The label called `value` (IN, OUT or UNDEC, any case); InvalidInputError otherwise.

    >>> parse_label("out")
    <Label.OUT: 'OUT'>
    """
    try:
        return Label(str(value).upper())
    except ValueError:
        raise InvalidInputError(f"unknown label '{value}'; use IN, OUT or UNDEC") from None


def default_target(label: Label) -> Label:
    """What a flip aims at when no label is given: OUT for IN, IN for OUT and UNDEC.

    >>> default_target(Label.IN), default_target(Label.UNDEC)
    (<Label.OUT: 'OUT'>, <Label.IN: 'IN'>)
    """
    return Label.OUT if label == Label.IN else Label.IN


def alternatives(graph: ArgGraph, vertex: int, stance: Stance) -> list[Stance]:
    """The stances other than `stance` that change the rules of `vertex` in the program.

    >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
    >>> [s.value for s in alternatives(g, 2, Stance.UNSTATED)]
    ['rejected']
    """
    return list(_alternatives(graph.kinds[vertex], graph.mode, stance))


@cache
def _alternatives(kind: str, mode: Mode, stance: Stance) -> tuple[Stance, ...]:
    """:func:`alternatives` for a vertex of `kind` in a graph of `mode` (a few cases, each
    worked out once)."""

    def rules(chosen: Stance) -> tuple[bool, ...]:
        return tuple(keeps_rule(rule, kind, chosen, mode) for rule in RULE_KINDS)

    return tuple(other for other in STANCES
                 if other != stance and rules(other) != rules(stance))


def scope(graph: ArgGraph, vertex: int, semantics: Semantics) -> tuple[
        ArgGraph, int, set[int], Semantics]:
    """The graph a question about `vertex` is asked on, the vertex's number in it, the
    numbers (in it) of the items that reach the vertex, and the semantics the question is
    answered under there (the same labels as `semantics` in every position).

    Under grounded, complete and preferred that graph is the sub-debate that reaches the
    vertex. Under stable it also holds every cycle through an attack and what reaches
    them: the rest of the debate is stratified above that part, so each of the part's
    stable models extends to exactly one of the whole debate (the splitting theorem of
    Lifschitz and Turner 1994), and the vertex's stable labels are the same in both. When
    that part has no cycle through an odd number of attacks, neither has the program of
    any position, and such a finite program has a stable model above each of its complete
    labellings (Fages 1994: it has a stable model, and so has what is left of it once a
    complete labelling's IN and OUT atoms are fixed): its stable labellings are its
    preferred ones, and the question is asked under preferred on the sub-debate.
    """
    reach = graph.ancestors(vertex)
    chosen = semantics
    if semantics in DIRECTIONAL:
        kept = reach
    else:
        kept = graph.ancestors(*reach, *graph.unstratified)
        if kept.isdisjoint(graph.odd_cycles):
            kept, chosen = reach, Semantics.PREFERRED
    part = graph.part(kept)
    index = part.index()
    return part, index[graph.items[vertex]], {index[graph.items[v]] for v in reach}, chosen


def flips(
    doc: DebateDoc,
    acceptance: Mapping[str, Stance | str],
    key: str,
    *,
    semantics: Semantics | str = Semantics.GROUNDED,
    to: Label | str | None = None,
    limit: int = DEFAULT_LIMIT,
    max_size: int | None = None,
    graph: ArgGraph | None = None,
    radius: int | None = None,
    time_limit: float | None = None,
) -> Flips:
    """The smallest sets of changes to `acceptance` after which node `key` is labelled `to`.

    Parameters
    ----------
    doc : DebateDoc
    acceptance : Mapping
        The party's acceptance (node key or ``edge:KEY`` -> stance).
    key : str
        A node of `doc` (NotFoundError otherwise).
    semantics : Semantics
    to : Label, optional
        The label wanted; default OUT for a node that is IN, else IN.
    limit : int
        Most sets listed (1 to ``MAX_LIMIT``); ``complete`` says whether there are more.
    max_size : int, optional
        Largest set tried (default: no bound).
    graph : ArgGraph, optional
        ``ArgGraph.from_doc(doc)``, when the caller has it already.
    radius : int, optional
        Toward IN or OUT, under every semantics: ask first on the items within this
        distance of the node (:mod:`kb.engine.nearby`; the same answer). Default: from
        ``NEARBY_FROM`` items in the part asked about on, at distance ``START``.
    time_limit : float, optional
        Seconds after which the search stops (between two proposals): the sets of the
        smallest size found so far (``complete`` false), or none and ``at_least``, the
        size below which no set works.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    chosen = parse_semantics(semantics)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit must be between 1 and {MAX_LIMIT}")
    whole = graph_of(doc) if graph is None else graph
    stances = whole.check_acceptance(acceptance)
    vertex = whole.index().get(key)
    if vertex is None or whole.is_edge(vertex):
        raise NotFoundError(f"debate '{doc.slug}' has no node '{key}'")
    part, local, reach, deciding = scope(whole, vertex, chosen)
    where = whole.index()
    base = [stances.get(where[item], Stance.UNSTATED) for item in part.items]
    options = {v: alternatives(part, v, base[v]) for v in sorted(reach)}
    options = {v: stances_ for v, stances_ in options.items() if stances_}
    search = search_for(part, local, deciding, base, options,
                        None if to is None else parse_label(to), radius)
    target = search.target
    found = search.run(limit=limit, max_size=max_size, deadline=deadline)
    return Flips(key, chosen, search.current, target, found.size,
                 _ordered(part, found, where), found.complete, found.at_least)


def search_for(part: ArgGraph, vertex: int, semantics: Semantics, base: list[Stance],
               options: Mapping[int, list[Stance]], to: Label | None,
               radius: int | None) -> Enforcement | Nearby:
    """The search for a question on `part` (:func:`scope`; `to` None: the default
    target): near the node first for a large part (or when `radius` is given: the first
    distance), else on the whole part. Flips and cruxes both ask it.

    >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
    >>> base = [Stance.ACCEPTED, Stance.UNSTATED, Stance.UNSTATED]
    >>> search = search_for(g, 1, Semantics.GROUNDED, base, {0: [Stance.REJECTED]}, None, None)
    >>> type(search).__name__, search.current, search.target
    ('Enforcement', <Label.IN: 'IN'>, <Label.OUT: 'OUT'>)
    """
    if semantics in NEARBY and (radius is not None or part.size >= NEARBY_FROM):
        nearby = Nearby(part, vertex, semantics, base, options, Label.IN,
                        radius=START if radius is None else radius)
        nearby.target = default_target(nearby.current) if to is None else to
        if nearby.target != Label.UNDEC or semantics in UNDECIDED:
            return nearby
        to = Label.UNDEC
    search = Enforcement(part, vertex, semantics, base, options,
                         Label.IN if to is None else to)
    if to is None:
        search.target = default_target(search.current)
    return search


def _ordered(part: ArgGraph, found: Found, where: Mapping[str, int]) -> tuple[
        tuple[Change, ...], ...]:
    """The sets as changes, each in the order of the debate, the sets in that order too."""
    sets = [tuple(sorted((Change(part.items[v], stance) for v, stance in one.items()),
                         key=lambda c: (where[c.item], STANCES.index(c.stance))))
            for one in found.sets]
    return tuple(sorted(sets, key=lambda one: [(where[c.item], STANCES.index(c.stance))
                                               for c in one]))


def flips_party(doc: DebateDoc, party: str, key: str, **options: Any) -> Flips:
    """:func:`flips` for the acceptance of `party` (NotFoundError for an unknown party)."""
    return flips(doc, doc.acceptance_of(party), key, **options)
