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

from kb.doc import (
    EDGE_ITEM_PREFIX,
    KEY_RE,
    MAX_TEXT,
    DebateDoc,
    EdgeDoc,
    NodeDoc,
    Relation,
    Stance,
)
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
    check = _Checks(doc)
    check.texts()
    check.keys()
    check.sources_and_parties()
    for n in doc.nodes:
        check.node(n)
    for e in doc.edges:
        check.edge(e)
    for key in _undercutter_cycle(check.edges):
        check.bad(f"edges.{key}.target_edge", "undercutters form a cycle through this edge")
    check.acceptance()
    return check.found


class _Checks:
    """The checks of :func:`problems` over one debate, each adding what it finds to
    ``found`` in the order the problems are reported."""

    def __init__(self, doc: DebateDoc) -> None:
        self.doc = doc
        self.found: list[Problem] = []
        self.sources = {s.key for s in doc.sources}
        self.parties = {p.key for p in doc.parties}
        self.nodes = {n.key for n in doc.nodes}
        self.edges = {e.key: e for e in doc.edges}

    def bad(self, loc: str, msg: str) -> None:
        self.found.append({"loc": _printable(loc), "msg": _printable(msg)})

    def texts(self) -> None:
        """NUL characters anywhere; the slug and the title."""
        doc = self.doc
        for loc, text in _strings(doc, "") if _any_nul(doc) else ():
            if "\x00" in text:
                self.bad(loc, "NUL characters (\\x00) cannot be stored; remove them")
        if not KEY_RE.match(doc.slug or ""):
            self.bad("slug",
                     f"'{doc.slug}' is not a valid key (lower case a-z, 0-9, '_', '.', '-')")
        if not doc.title.strip() or len(doc.title) > MAX_TITLE:
            self.bad("title", f"title must be 1-{MAX_TITLE} characters")

    def keys(self) -> None:
        """Every key valid, and none twice within its group."""
        groups: list[tuple[str, Iterable[str]]] = [
            ("sources", (s.key for s in self.doc.sources)),
            ("parties", (p.key for p in self.doc.parties)),
            ("nodes", (n.key for n in self.doc.nodes)),
            ("edges", (e.key for e in self.doc.edges)),
        ]
        for group, keys in groups:
            for key, count in Counter(keys).items():
                if not KEY_RE.match(key):
                    self.bad(f"{group}.{key}", f"'{key}' is not a valid key")
                if count > 1:
                    self.found.append({"loc": f"{group}.{key}", "type": "duplicate",
                                       "msg": f"duplicate {_singular(group)} key '{key}'"})

    def sources_and_parties(self) -> None:
        for s in self.doc.sources:
            if not s.title.strip():
                self.bad(f"sources.{s.key}.title", "a source needs a title")
            if s.year is not None and (not isinstance(s.year, int) or s.year not in YEAR_RANGE):
                self.bad(f"sources.{s.key}.year", f"year {s.year} is out of range; give a "
                         f"year from {YEAR_RANGE.start} to {YEAR_RANGE.stop - 1}")
        for p in self.doc.parties:
            if not p.name.strip():
                self.bad(f"parties.{p.key}.name", "a party needs a name")

    def refs(self, loc: str, citations: Iterable[object], asserted: Iterable[str]) -> None:
        """Citations name known sources (with short locators); assertions known parties."""
        for i, c in enumerate(citations):
            source = getattr(c, "source", "")
            if source not in self.sources:
                self.bad(f"{loc}.citations.{i}", f"citation names unknown source '{source}'"
                         + did_you_mean(str(source), self.sources))
            if len(getattr(c, "locator", "")) > MAX_LOCATOR:
                self.bad(f"{loc}.citations.{i}",
                         f"locator longer than {MAX_LOCATOR} characters")
        for party in asserted:
            if party not in self.parties:
                self.bad(f"{loc}.asserted_by",
                         f"unknown party '{party}'" + did_you_mean(party, self.parties))

    def node(self, n: NodeDoc) -> None:
        loc = f"nodes.{n.key}"
        if not n.text.strip():
            self.bad(f"{loc}.text", "text must not be empty")
        elif len(n.text) > MAX_TEXT:
            self.bad(f"{loc}.text", f"text longer than {MAX_TEXT} characters")
        self.refs(loc, n.citations, n.asserted_by)

    def edge(self, e: EdgeDoc) -> None:
        loc, nodes = f"edges.{e.key}", self.nodes
        if len(e.text) > MAX_TEXT:
            self.bad(f"{loc}.text", f"text longer than {MAX_TEXT} characters")
        if e.source not in nodes:
            self.bad(f"{loc}.source",
                     f"unknown node '{e.source}'" + did_you_mean(e.source, nodes))
        if (e.target is None) == (e.target_edge is None):
            self.bad(loc,
                     "an edge targets exactly one of a node (target) or an edge (target_edge)")
        elif e.target is not None:
            if e.target not in nodes:
                self.bad(f"{loc}.target",
                         f"unknown node '{e.target}'" + did_you_mean(e.target, nodes))
            elif e.target == e.source:
                self.bad(f"{loc}.target", f"node '{e.source}' cannot support or rebut itself")
        else:
            self.undercutter(loc, e)
        self.refs(loc, e.citations, e.asserted_by)

    def undercutter(self, loc: str, e: EdgeDoc) -> None:
        """An edge aimed at an edge: a rebuttal of another, existing edge."""
        if e.relation != Relation.REBUTS:
            self.bad(f"{loc}.relation",
                     "an edge aimed at an edge (undercutter) must be 'rebuts'")
        if e.target_edge == e.key:
            self.bad(f"{loc}.target_edge", "an edge cannot target itself")
        elif e.target_edge not in self.edges:
            self.bad(f"{loc}.target_edge", f"unknown edge '{e.target_edge}'"
                     + did_you_mean(str(e.target_edge), self.edges))

    def acceptance(self) -> None:
        """Known parties, items that exist (``edge:KEY`` for edges) and known stances."""
        stances = set(Stance)
        for party, items in self.doc.acceptance.items():
            if party not in self.parties:
                self.bad(f"acceptance.{party}", f"unknown party '{party}'")
                continue
            for item, stance in items.items():
                known = (item[len(EDGE_ITEM_PREFIX):] in self.edges
                         if item.startswith(EDGE_ITEM_PREFIX) else item in self.nodes)
                if not known:
                    self.bad(f"acceptance.{party}.{item}",
                             _unknown_item(item, self.nodes, set(self.edges)))
                if stance not in stances:
                    self.bad(f"acceptance.{party}.{item}", f"unknown stance '{stance}'")


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


def _any_nul(doc: DebateDoc) -> bool:
    """Say quickly whether any text of `doc` holds a NUL (then :func:`_strings` finds where).

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> _any_nul(DebateDoc(slug="d", title="D")), _any_nul(DebateDoc(slug="d", title=chr(0)))
    (False, True)
    """
    texts = [doc.slug, doc.title, doc.summary]
    for group in (doc.sources, doc.parties, doc.nodes, doc.edges):
        for item in group:
            for value in vars(item).values():
                if isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, tuple):
                    texts.extend(map(str, value))
    for party, items in doc.acceptance.items():
        texts.append(party)
        texts.extend(items)
        texts.extend(map(str, items.values()))
    return "\x00" in "".join(texts)


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
