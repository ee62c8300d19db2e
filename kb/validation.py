"""Whole-debate validation: every problem of a :class:`~kb.doc.DebateDoc`, at once.

The store runs :func:`validate_doc` on the state a change would produce, before it writes;
so every import, seed and single edit passes the same checks.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, EdgeDoc, NodeKind, Relation
>>> doc = DebateDoc(slug="d", title="D",
...     nodes=(NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A claim."),),
...     edges=(EdgeDoc(key="s1", source="c1", relation=Relation.SUPPORTS, target="c9"),))
>>> validate_doc(doc)
Traceback (most recent call last):
...
kb.errors.InvalidInputError: edges.s1.target: unknown node 'c9' (did you mean 'c1'?)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass

from kb.doc import EDGE_ITEM_PREFIX, KEY_RE, MAX_TEXT, DebateDoc, Relation, Stance
from kb.errors import ConflictError, InvalidInputError
from kb.suggest import did_you_mean

MAX_TITLE = 300
MAX_LOCATOR = 200
YEAR_RANGE = range(-9999, 10000)
"""Years a source may carry: what every backend stores alike (PostgreSQL dates stop there)."""

Problem = dict[str, str]


def problems(doc: DebateDoc) -> list[Problem]:
    """Return every problem of `doc` as ``{"loc", "msg"}`` (and ``"type": "duplicate"``).

    Examples
    --------
    >>> from kb.doc import DebateDoc, PartyDoc
    >>> problems(DebateDoc(slug="d", title="D", parties=(PartyDoc(key="p", name="P"),) * 2))
    [{'loc': 'parties.p', 'type': 'duplicate', 'msg': "duplicate party key 'p'"}]
    """
    found: list[Problem] = []

    def bad(loc: str, msg: str) -> None:
        found.append({"loc": _printable(loc), "msg": _printable(msg)})

    for loc, text in _strings(doc, ""):
        if "\x00" in text:
            bad(loc, "NUL characters (\\x00) cannot be stored; remove them")

    if not KEY_RE.match(doc.slug or ""):
        bad("slug", f"'{doc.slug}' is not a valid key (lower case a-z, 0-9, '_', '.', '-')")
    if not doc.title.strip() or len(doc.title) > MAX_TITLE:
        bad("title", f"title must be 1-{MAX_TITLE} characters")

    groups: list[tuple[str, Iterable[str]]] = [
        ("sources", (s.key for s in doc.sources)),
        ("parties", (p.key for p in doc.parties)),
        ("nodes", (n.key for n in doc.nodes)),
        ("edges", (e.key for e in doc.edges)),
    ]
    for group, keys in groups:
        counts = Counter(keys)
        for key, count in counts.items():
            if not KEY_RE.match(key):
                bad(f"{group}.{key}", f"'{key}' is not a valid key")
            if count > 1:
                found.append({"loc": f"{group}.{key}", "type": "duplicate",
                              "msg": f"duplicate {_singular(group)} key '{key}'"})

    sources = {s.key for s in doc.sources}
    parties = {p.key for p in doc.parties}
    nodes = {n.key for n in doc.nodes}
    edges = {e.key: e for e in doc.edges}

    for s in doc.sources:
        if not s.title.strip():
            bad(f"sources.{s.key}.title", "a source needs a title")
        if s.year is not None and (not isinstance(s.year, int) or s.year not in YEAR_RANGE):
            bad(f"sources.{s.key}.year", f"year {s.year} is out of range; give a year "
                f"from {YEAR_RANGE.start} to {YEAR_RANGE.stop - 1}")
    for p in doc.parties:
        if not p.name.strip():
            bad(f"parties.{p.key}.name", "a party needs a name")

    def check_refs(loc: str, citations: Iterable[object], asserted: Iterable[str]) -> None:
        for i, c in enumerate(citations):
            source = getattr(c, "source", "")
            if source not in sources:
                bad(f"{loc}.citations.{i}", f"citation names unknown source '{source}'"
                    + did_you_mean(str(source), sources))
            if len(getattr(c, "locator", "")) > MAX_LOCATOR:
                bad(f"{loc}.citations.{i}", f"locator longer than {MAX_LOCATOR} characters")
        for party in asserted:
            if party not in parties:
                bad(f"{loc}.asserted_by",
                    f"unknown party '{party}'" + did_you_mean(party, parties))

    for n in doc.nodes:
        loc = f"nodes.{n.key}"
        if not n.text.strip():
            bad(f"{loc}.text", "text must not be empty")
        elif len(n.text) > MAX_TEXT:
            bad(f"{loc}.text", f"text longer than {MAX_TEXT} characters")
        check_refs(loc, n.citations, n.asserted_by)

    for e in doc.edges:
        loc = f"edges.{e.key}"
        if len(e.text) > MAX_TEXT:
            bad(f"{loc}.text", f"text longer than {MAX_TEXT} characters")
        if e.source not in nodes:
            bad(f"{loc}.source", f"unknown node '{e.source}'" + did_you_mean(e.source, nodes))
        if (e.target is None) == (e.target_edge is None):
            bad(loc, "an edge targets exactly one of a node (target) or an edge (target_edge)")
        elif e.target is not None:
            if e.target not in nodes:
                bad(f"{loc}.target", f"unknown node '{e.target}'" + did_you_mean(e.target, nodes))
            elif e.target == e.source:
                bad(f"{loc}.target", f"node '{e.source}' cannot support or rebut itself")
        else:
            if e.relation != Relation.REBUTS:
                bad(f"{loc}.relation", "an edge aimed at an edge (undercutter) must be 'rebuts'")
            if e.target_edge == e.key:
                bad(f"{loc}.target_edge", "an edge cannot target itself")
            elif e.target_edge not in edges:
                bad(f"{loc}.target_edge", f"unknown edge '{e.target_edge}'"
                    + did_you_mean(str(e.target_edge), edges))
        check_refs(loc, e.citations, e.asserted_by)
    for key in _undercutter_cycle(edges):
        bad(f"edges.{key}.target_edge", "undercutters form a cycle through this edge")

    stances = set(Stance)
    for party, items in doc.acceptance.items():
        if party not in parties:
            bad(f"acceptance.{party}", f"unknown party '{party}'")
            continue
        for item, stance in items.items():
            known = (item[len(EDGE_ITEM_PREFIX):] in edges
                     if item.startswith(EDGE_ITEM_PREFIX) else item in nodes)
            if not known:
                bad(f"acceptance.{party}.{item}", _unknown_item(item, nodes, set(edges)))
            if stance not in stances:
                bad(f"acceptance.{party}.{item}", f"unknown stance '{stance}'")
    return found


def _unknown_item(item: str, nodes: set[str], edges: set[str]) -> str:
    """Say what is wrong with an acceptance item that names nothing, and what was meant.

    >>> _unknown_item("s1", {"c1"}, {"s1"})
    "unknown node or edge 's1': 's1' is an edge; write it 'edge:s1' in an acceptance"
    """
    if not item.startswith(EDGE_ITEM_PREFIX) and item in edges:
        return (f"unknown node or edge '{item}': '{item}' is an edge; write it "
                f"'{EDGE_ITEM_PREFIX}{item}' in an acceptance")
    known = nodes | {EDGE_ITEM_PREFIX + e for e in edges}
    return f"unknown node or edge '{item}'" + did_you_mean(item, known)


def _printable(text: str) -> str:
    """Show NUL characters as ``\\x00`` so a message stays one printable line."""
    return text.replace("\x00", "\\x00")


def _strings(value: object, loc: str) -> Iterator[tuple[str, str]]:
    """Yield ``(location, text)`` for every string in `value` (a doc or part of one).

    >>> from kb.doc import PartyDoc
    >>> list(_strings(PartyDoc(key="p", name="P"), "parties.p"))
    [('parties.p.key', 'p'), ('parties.p.name', 'P'), ('parties.p.description', '')]
    """
    if isinstance(value, str):
        yield loc, value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _strings(getattr(value, f.name), f"{loc}.{f.name}".lstrip("."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield f"{loc}.{key}", str(key)
            yield from _strings(item, f"{loc}.{key}")
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            name = getattr(item, "key", None)
            yield from _strings(item, f"{loc}.{name if isinstance(name, str) else i}")


def _singular(group: str) -> str:
    return {"parties": "party"}.get(group, group[:-1])


def _undercutter_cycle(edges: Mapping[str, object]) -> list[str]:
    """Return the keys of edges on a cycle of ``target_edge`` links (self-loops excluded)."""
    on_cycle: set[str] = set()
    for start in edges:
        seen: list[str] = []
        key: str | None = start
        while key is not None and key in edges and key not in seen:
            seen.append(key)
            key = getattr(edges[key], "target_edge", None)
        if key is not None and key in seen:
            cycle = seen[seen.index(key):]
            if len(cycle) > 1:
                on_cycle.update(cycle)
    return sorted(on_cycle)


def _concerns(loc: str, only: Collection[str]) -> bool:
    """Say whether a problem at `loc` is about one of the items at locations `only`."""
    return any(loc == p or loc.startswith(p + ".") or p.startswith(loc + ".") for p in only)


def validate_doc(doc: DebateDoc, *, only: Collection[str] | None = None) -> None:
    """Raise if `doc` has any problem; the error lists every one.

    With `only` (item locations such as ``nodes.c1`` or ``acceptance.p.e1``), `doc` holds
    the items one change wrote plus every item they refer to, and only the problems of the
    written items count: validation of a single write in the time of its size.

    Raises
    ------
    ConflictError
        If keys are duplicated (each problem is in ``exc.errors``).
    InvalidInputError
        For every other problem: dangling references, bad keys, empty text...

    Examples
    --------
    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> validate_doc(DebateDoc(slug="ok", title="Fine"))
    >>> part = DebateDoc(slug="d", title="D", nodes=(
    ...     NodeDoc(key="c1", kind=NodeKind.CLAIM, text="Fine.", tags=("x",)),
    ...     NodeDoc(key="c2", kind=NodeKind.CLAIM, text="Cites.", asserted_by=("nobody",))))
    >>> validate_doc(part, only=["nodes.c1"])
    >>> validate_doc(part, only=["nodes.c2"])
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: nodes.c2.asserted_by: unknown party 'nobody'
    """
    found = problems(doc)
    if only is not None:
        found = [p for p in found if _concerns(p["loc"], only)]
    if not found:
        return
    first = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    detail = f"{first['loc']}: {first['msg']}{more}"
    if any(p.get("type") == "duplicate" for p in found):
        raise ConflictError(detail, errors=list(found))
    raise InvalidInputError(detail, errors=list(found))
