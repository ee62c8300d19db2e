"""A debate as a flat state: item id -> JSON-ready dict; pure conversions and diffs.

Item ids are ``debate``, ``source:KEY``, ``party:KEY``, ``node:KEY``, ``edge:KEY`` and
``stance:PARTY:ITEM`` (one party's stance on one node key or ``edge:KEY``, its state the
stance's value; unstated is absent). A change of a debate is the set of item ids whose
state differs, each with its state before and after (``None`` when absent): exactly what a
Revision records, so a record holds the change only. Applying the ``before`` of later
revisions to the current state, newest first, gives the state at any earlier revision.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, NodeKind
>>> doc = DebateDoc(slug="d", title="D",
...                 nodes=(NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A."),))
>>> state = doc_to_state(doc)
>>> sorted(state)
['debate', 'node:c1']
>>> state_to_doc("d", state) == doc
True
>>> changed = dict(state, **{"node:c1": dict(state["node:c1"], text="B.")})
>>> diff(state, changed)[0]["node:c1"]["text"]
'A.'
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kb.doc import ITEM_CLASSES, DebateDoc, Mode, Stance, from_plain, plain

State = dict[str, Any]
"""Item id -> state (a JSON-ready dict)."""
Changes = dict[str, Any]
"""Item id -> state, or ``None`` for an item that is absent."""

KINDS = ("source", "party", "node", "edge", "stance")


def item_id(kind: str, key: str) -> str:
    """Return the state id of an item.

    >>> item_id("node", "c1")
    'node:c1'
    """
    return f"{kind}:{key}"


STANCE_PREFIX = "stance:"


def stance_id(party: str, item: str) -> str:
    """Return the state id of one party's stance on one item.

    >>> stance_id("ann", "edge:s1")
    'stance:ann:edge:s1'
    """
    return f"{STANCE_PREFIX}{party}:{item}"


def split_stance(ident: str) -> tuple[str, str]:
    """Split a stance id into party and item.

    >>> split_stance("stance:ann:edge:s1")
    ('ann', 'edge:s1')
    """
    party, _, item = ident[len(STANCE_PREFIX):].partition(":")
    return party, item


def acceptance_id(party: str) -> str:
    """Return the id whose revision is the ETag of a party's acceptance.

    >>> acceptance_id("ann")
    'acceptance:ann'
    """
    return f"acceptance:{party}"


def split_id(ident: str) -> tuple[str, str]:
    """Split an item id into kind and key.

    >>> split_id("edge:e1")
    ('edge', 'e1')
    """
    kind, _, key = ident.partition(":")
    return kind, key


def doc_to_state(doc: DebateDoc) -> State:
    """Return the flat state of `doc` (positions follow the order of the doc)."""
    state: State = {
        "debate": {"title": doc.title, "summary": doc.summary, "mode": Mode(doc.mode).value,
                   "public": bool(doc.public)},
    }
    groups: tuple[tuple[str, tuple[Any, ...]], ...] = (
        ("source", doc.sources), ("party", doc.parties), ("node", doc.nodes), ("edge", doc.edges))
    for kind, items in groups:
        for i, item in enumerate(items):
            state[item_id(kind, item.key)] = {**plain(item), "position": i}
    for party, stances in doc.acceptance.items():
        for item, stance in sorted(stances.items()):
            if str(stance) != Stance.UNSTATED.value:
                state[stance_id(party, item)] = str(stance)
    return state


def _ordered(state: State, kind: str) -> list[dict[str, Any]]:
    items = [v for k, v in state.items() if k.startswith(kind + ":")]
    return sorted(items, key=lambda v: (v["position"], v["key"]))


def state_to_doc(slug: str, state: State) -> DebateDoc:
    """Return the DebateDoc of a flat state (items in position order, then by key)."""
    debate = state["debate"]
    acceptance: dict[str, dict[str, Stance]] = {}
    for ident in sorted(k for k in state if k.startswith(STANCE_PREFIX)):
        party, item = split_stance(ident)
        acceptance.setdefault(party, {})[item] = Stance(state[ident])
    items = {kind: tuple(from_plain(ITEM_CLASSES[kind], s) for s in _ordered(state, kind))
             for kind in ITEM_CLASSES}
    return DebateDoc(
        slug=slug, title=debate["title"], summary=debate["summary"],
        mode=Mode(debate["mode"]), public=debate["public"], sources=items["source"],
        parties=items["party"], nodes=items["node"], edges=items["edge"],
        acceptance=acceptance,
    )


def diff(old: State, new: State) -> tuple[Changes, Changes]:
    """Return ``(before, after)`` for every item id whose state differs."""
    before: Changes = {}
    after: Changes = {}
    for ident in sorted(set(old) | set(new)):
        if old.get(ident) != new.get(ident):
            before[ident] = old.get(ident)
            after[ident] = new.get(ident)
    return before, after


def apply_changes(state: State, changes: Changes) -> State:
    """Return `state` with `changes` applied (``None`` removes the item).

    >>> apply_changes({"node:a": {"key": "a"}}, {"node:a": None, "node:b": {"key": "b"}})
    {'node:b': {'key': 'b'}}
    """
    new = dict(state)
    for ident, value in changes.items():
        if value is None:
            new.pop(ident, None)
        else:
            new[ident] = value
    return new


def next_position(state: State, kind: str) -> int:
    """Return the position after the last item of `kind` in a whole state.

    >>> next_position({"node:a": {"position": 4}}, "node")
    5
    """
    positions = [v["position"] for k, v in state.items() if k.startswith(kind + ":")]
    return max(positions, default=-1) + 1


def next_edge_key(state: State) -> str:
    """Return an unused edge key ``eN`` (one past the highest ``eN`` in a whole state).

    >>> next_edge_key({"edge:e1": {}, "edge:e7": {}, "edge:s1": {}})
    'e8'
    """
    numbers = [int(k[6:]) for k in state if k.startswith("edge:e") and k[6:].isdigit()]
    return f"e{max(numbers, default=0) + 1}"


def advance_doc(doc: DebateDoc, before: Changes, after: Changes) -> DebateDoc:
    """Return `doc` with one change applied: the document of the next revision, without
    reading the debate again (new items come last: they take the next position).

    >>> from kb.doc import NodeDoc, NodeKind
    >>> doc = DebateDoc(slug="d", title="D",
    ...                 nodes=(NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A."),))
    >>> new = advance_doc(doc, {"node:c1": plain(doc.nodes[0]), "stance:p:c1": None},
    ...                   {"node:c1": {"key": "c1", "kind": "claim", "text": "B."},
    ...                    "stance:p:c1": "accepted"})
    >>> new.nodes[0].text, new.acceptance
    ('B.', {'p': {'c1': <Stance.ACCEPTED: 'accepted'>}})
    """
    groups: dict[str, tuple[Any, ...]] = {"source": doc.sources, "party": doc.parties,
                                          "node": doc.nodes, "edge": doc.edges}
    changed: dict[str, dict[str, Any]] = {}
    stances: dict[str, dict[str, Any]] = {}
    debate = after.get("debate") or {}
    for ident, value in after.items():
        kind, key = split_id(ident)
        if kind in groups:
            changed.setdefault(kind, {})[key] = value
        elif kind == "stance":
            party, item = split_stance(ident)
            stances.setdefault(party, {})[item] = value
    for kind, values in changed.items():
        groups[kind] = _advance_items(groups[kind], ITEM_CLASSES[kind], values,
                                      {k for k in values if before.get(item_id(kind, k))})
    return replace(
        doc, title=debate.get("title", doc.title), summary=debate.get("summary", doc.summary),
        mode=Mode(debate.get("mode", doc.mode)), public=debate.get("public", doc.public),
        sources=groups["source"], parties=groups["party"], nodes=groups["node"],
        edges=groups["edge"], acceptance=_advance_acceptance(doc.acceptance, stances))


def _advance_items(items: tuple[Any, ...], cls: type, values: dict[str, Any],
                   known: set[str]) -> tuple[Any, ...]:
    """`items` with `values` applied: the `known` keys changed in place (None: removed),
    the others appended in position order. Only a change of existing items walks them all.

    >>> from kb.doc import PartyDoc
    >>> [p.key for p in _advance_items((PartyDoc("a", "A"),), PartyDoc,
    ...                                {"b": {"key": "b", "name": "B", "position": 1}}, set())]
    ['a', 'b']
    """
    kept = items
    places = _places(items)
    if known:  # find the changed items by key in the kept index, then change only them
        listed = list(items)
        for place, key in sorted(((_place(items, places, k), k) for k in known), reverse=True):
            if values[key] is None:
                del listed[place]
            else:
                listed[place] = from_plain(cls, values[key])
        kept = tuple(listed)
    added = sorted((v for k, v in values.items() if v is not None and k not in known),
                   key=lambda v: (v["position"], v["key"]))
    grown = kept + tuple(from_plain(cls, v) for v in added)
    places.update((v["key"], place) for place, v in enumerate(added, start=len(kept)))
    _PLACES[id(grown)] = (grown, places)
    while len(_PLACES) > PLACES_KEPT:
        _PLACES.popitem(last=False)
    return grown


PLACES_KEPT = 16
_PLACES: OrderedDict[int, tuple[tuple[Any, ...], dict[str, int]]] = OrderedDict()
"""id(items) -> (items, key -> position): the index of recently advanced item tuples. A
tuple derived from another shares its index, which is only added to; a position is
checked on use, and the index rebuilt when it is wrong (after a removal)."""


def _places(items: tuple[Any, ...]) -> dict[str, int]:
    found = _PLACES.get(id(items))
    return found[1] if found is not None and found[0] is items else {}


def _place(items: tuple[Any, ...], places: dict[str, int], key: str) -> int:
    """The position of the item of `key` in `items`, by the index `places`."""
    at = places.get(key)
    if at is None or at >= len(items) or items[at].key != key:
        places.clear()
        places.update((item.key, n) for n, item in enumerate(items))
        at = places[key]
    return at


def _advance_acceptance(acceptance: Mapping[str, Mapping[str, Stance]],
                        stances: dict[str, dict[str, Any]]) -> dict[str, Mapping[str, Stance]]:
    """`acceptance` with changed `stances` (party -> item -> stance or None); the parties
    not changed are shared, not copied.

    >>> _advance_acceptance({"p": {"a": Stance.ACCEPTED}}, {"p": {"a": None}})
    {}
    """
    result = dict(acceptance)
    for party, items in stances.items():
        mine = dict(result.get(party, {}))
        for item, value in items.items():
            if value is None:
                mine.pop(item, None)
            else:
                mine[item] = Stance(value)
        result[party] = mine
    return {p: a for p, a in result.items() if a}
