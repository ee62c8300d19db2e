"""The DB-free picture of a debate: frozen dataclasses shared by store, engine and formats.

A :class:`DebateDoc` is what the store snapshots, what the seed and JSON formats read and
write, what every export takes and every import returns, and what the engine evaluates.
Acceptance items are node keys, or ``"edge:" + edge key`` for edges.

Examples
--------
>>> doc = DebateDoc(
...     slug="demo", title="Demo",
...     parties=(PartyDoc(key="p", name="P"),),
...     nodes=(NodeDoc(key="e1", kind=NodeKind.EVIDENCE, text="A fact."),
...            NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A claim.")),
...     edges=(EdgeDoc(key="s1", source="e1", target="c1", relation=Relation.SUPPORTS),),
...     acceptance={"p": {"e1": Stance.ACCEPTED}},
... )
>>> doc.node("c1").text
'A claim.'
>>> doc.acceptance_of("p")
{'e1': <Stance.ACCEPTED: 'accepted'>}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from kb.errors import NotFoundError

T = TypeVar("T")

KEY_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,79}$"
"""Keys of debates (slugs), nodes, edges, parties and sources: lower case, 1-80 chars."""
KEY_RE = re.compile(KEY_PATTERN)
EDGE_ITEM_PREFIX = "edge:"
MAX_TEXT = 2000
"""Longest node or edge text, in characters."""


class NodeKind(StrEnum):
    CLAIM = "claim"
    EVIDENCE = "evidence"


class Relation(StrEnum):
    SUPPORTS = "supports"
    REBUTS = "rebuts"


class Stance(StrEnum):
    """A party's acceptance of one item."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNSTATED = "unstated"


class Mode(StrEnum):
    """How the engine treats a claim nobody supports (see docs/semantics.md)."""

    UNSUPPORTED = "unsupported"
    PRESUMPTIVE = "presumptive"


Acceptance = Mapping[str, Stance]
"""One party's acceptance: node key or ``edge:KEY`` -> stance (absent means unstated)."""


def edge_item(edge_key: str) -> str:
    """Return the acceptance item of an edge.

    >>> edge_item("s1")
    'edge:s1'
    """
    return EDGE_ITEM_PREFIX + edge_key


@dataclass(frozen=True)
class Citation:
    """Where a node or edge stands in a source: ``Citation(source="asan-2024", locator="¶31")``."""

    source: str
    locator: str = ""

    def __str__(self) -> str:
        return f"{self.source} {self.locator}".strip()


@dataclass(frozen=True)
class SourceDoc:
    key: str
    title: str
    authors: tuple[str, ...] = ()
    venue: str = ""
    year: int | None = None
    url: str = ""
    kind: str = ""
    """book, article, chapter, news, review, text (a debate's own text), ..."""
    note: str = ""


@dataclass(frozen=True)
class PartyDoc:
    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class NodeDoc:
    """A claim or an evidence item: the fields the engine and the formats read, by name;
    any other field of the model (:class:`kb.models.NodeBase`) rides along in `extra`."""

    key: str
    kind: NodeKind
    text: str
    citations: tuple[Citation, ...] = ()
    tags: tuple[str, ...] = ()
    asserted_by: tuple[str, ...] = ()
    """Party keys of the parties that put this node forward."""
    extra: tuple[tuple[str, Any], ...] = field(default=(), repr=False)
    """The model's other fields that differ from their defaults, as ``(name, JSON-ready
    value)`` pairs: nothing here reads them, every conversion carries them (see
    :func:`plain`)."""


@dataclass(frozen=True)
class EdgeDoc:
    """A supports or rebuts relation from a node to a node, or (undercutter) to an edge."""

    key: str
    source: str
    relation: Relation
    target: str | None = None
    target_edge: str | None = None
    text: str = ""
    """Optional gloss: the warrant of a support, the point of a rebuttal."""
    citations: tuple[Citation, ...] = ()
    asserted_by: tuple[str, ...] = ()

    @property
    def is_undercutter(self) -> bool:
        return self.target_edge is not None


@dataclass(frozen=True)
class DebateDoc:
    slug: str
    title: str
    summary: str = ""
    mode: Mode = Mode.UNSUPPORTED
    public: bool = True
    sources: tuple[SourceDoc, ...] = ()
    parties: tuple[PartyDoc, ...] = ()
    nodes: tuple[NodeDoc, ...] = ()
    edges: tuple[EdgeDoc, ...] = ()
    acceptance: Mapping[str, Mapping[str, Stance]] = field(default_factory=dict)
    """Party key -> item (node key or ``edge:KEY``) -> stance; unstated items may be absent."""

    def node(self, key: str) -> NodeDoc:
        found = self.nodes_by_key.get(key)
        if found is None:
            raise NotFoundError(f"debate '{self.slug}' has no node '{key}'")
        return found

    def edge(self, key: str) -> EdgeDoc:
        found = self.kept("_edges_by_key", lambda: _by_key(self.edges)).get(key)
        if found is None:
            raise NotFoundError(f"debate '{self.slug}' has no edge '{key}'")
        return found

    @property
    def nodes_by_key(self) -> dict[str, NodeDoc]:
        """Node key -> node (built once per document)."""
        return self.kept("_nodes_by_key", lambda: _by_key(self.nodes))

    def kept(self, name: str, build: Callable[[], T]) -> T:
        """A value derived from this document, built once and kept beside it (a document
        never changes); `name` starts with ``_``, so it is not pickled with the fields.

        >>> doc = DebateDoc(slug="d", title="D")
        >>> doc.kept("_size", lambda: len(doc.nodes)), doc.kept("_size", lambda: 99)
        (0, 0)
        """
        found: T | None = self.__dict__.get(name)
        if found is None:
            found = build()
            self.__dict__[name] = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The fields alone: what :meth:`kept` keeps is built again where needed."""
        return {name: value for name, value in self.__dict__.items()
                if not name.startswith("_")}

    def party(self, key: str) -> PartyDoc:
        for party in self.parties:
            if party.key == key:
                return party
        raise NotFoundError(f"debate '{self.slug}' has no party '{key}'")

    def source(self, key: str) -> SourceDoc:
        for source in self.sources:
            if source.key == key:
                return source
        raise NotFoundError(f"debate '{self.slug}' has no source '{key}'")

    def acceptance_of(self, party: str) -> dict[str, Stance]:
        """Return one party's acceptance (raises NotFoundError for an unknown party)."""
        self.party(party)
        return dict(self.acceptance.get(party, {}))


Keyed = TypeVar("Keyed", NodeDoc, EdgeDoc)


def _by_key(items: tuple[Keyed, ...]) -> dict[str, Keyed]:
    """Key -> item, the first of any repeated key (as a scan in order would find)."""
    found: dict[str, Keyed] = {}
    for item in items:
        found.setdefault(item.key, item)
    return found


# One conversion between doc items and JSON-ready fields --------------------------------

Item = TypeVar("Item", SourceDoc, PartyDoc, NodeDoc, EdgeDoc)
ITEM_CLASSES: dict[str, type[Any]] = {
    "source": SourceDoc, "party": PartyDoc, "node": NodeDoc, "edge": EdgeDoc,
}
"""Kind -> doc class; their fields are those of the entity bases in :mod:`kb.models`."""


def _citation(value: Any) -> Citation:
    if isinstance(value, Citation):
        return value
    if isinstance(value, Mapping):
        return Citation(source=value["source"], locator=value.get("locator", ""))
    return Citation(source=value.source, locator=value.locator)


def _citations_in(value: Any) -> tuple[Citation, ...]:
    return tuple(_citation(c) for c in value)


def _citations_out(value: Any) -> list[Any]:
    return [{"source": c.source, "locator": c.locator} if isinstance(c, Citation) else c
            for c in value]


def _enum_out(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


Convert = Callable[[Any], Any] | None


def _converters(hint: Any) -> tuple[Convert, Convert]:
    """How a JSON-ready value becomes the value of a field typed `hint`, and back (None:
    as it is)."""
    if get_origin(hint) is tuple:
        if get_args(hint)[:1] == (Citation,):
            return _citations_in, _citations_out
        return tuple, list
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint, _enum_out
    return None, None


EXTRA = "extra"
"""The field of a doc class that carries the model's fields it does not name."""


@dataclass(frozen=True)
class _Fields:
    """The fields of one doc class (`extra` aside), and how each converts in and out."""

    names: tuple[str, ...]
    into: tuple[Convert, ...]
    out: tuple[Convert, ...]

    @classmethod
    def of(cls, item_class: type[Any]) -> _Fields:
        hints = get_type_hints(item_class)
        names = tuple(f.name for f in fields(item_class) if f.name != EXTRA)
        pairs = [_converters(hints[name]) for name in names]
        return cls(names, tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


FIELDS = {cls: _Fields.of(cls) for cls in ITEM_CLASSES.values()}
"""Doc class -> its fields, in order, with their conversions (computed once, here)."""
MODEL_EXTRAS: dict[type[Any], dict[str, Any]] = {}
"""Doc class -> the model's fields it does not name, with their defaults; filled by
:func:`model_fields` when :mod:`kb.models` loads (the engine alone never needs them)."""


def model_fields(kind: str, defaults: Mapping[str, Any]) -> None:
    """Tell the doc class of `kind` every field of its model (name -> default): those it
    does not name travel in its ``extra``.

    >>> model_fields("party", {"key": None, "name": None, "description": ""})
    >>> MODEL_EXTRAS[PartyDoc]
    {}
    """
    cls = ITEM_CLASSES[kind]
    extras = {name: default for name, default in defaults.items()
              if name not in FIELDS[cls].names}
    if extras and EXTRA not in {f.name for f in fields(cls)}:
        raise TypeError(f"{cls.__name__} lacks the fields {sorted(extras)} of its model")
    MODEL_EXTRAS[cls] = extras


def plain(item: Any) -> dict[str, Any]:
    """Return the fields of a doc item as JSON-ready values, in field order.

    Enums become their values, tuples lists, citations ``{"source", "locator"}`` dicts.

    >>> plain(NodeDoc(key="c1", kind=NodeKind.CLAIM, text="A.",
    ...               citations=(Citation(source="s", locator="p. 2"),)))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'key': 'c1', 'kind': 'claim', 'text': 'A.',
     'citations': [{'source': 's', 'locator': 'p. 2'}], 'tags': [], 'asserted_by': []}
    """
    spec = FIELDS[type(item)]
    values = vars(item)
    found = {name: values[name] if out is None else out(values[name])
             for name, out in zip(spec.names, spec.out, strict=True)}
    return {**found, **dict(values.get(EXTRA, ()))}


def from_plain(cls: type[Item], data: Mapping[str, Any]) -> Item:
    """Build a doc item of class `cls` from JSON-ready fields (other keys are ignored).

    >>> from_plain(EdgeDoc, {"key": "s1", "source": "e1", "target": "c1",
    ...                      "relation": "supports", "position": 3}).relation
    <Relation.SUPPORTS: 'supports'>
    """
    spec = FIELDS[cls]
    values: dict[str, Any] = {}
    for name, convert in zip(spec.names, spec.into, strict=True):
        if name in data:
            value = data[name]
            values[name] = value if convert is None or value is None else convert(value)
    extra = tuple((name, data[name]) for name, default in MODEL_EXTRAS.get(cls, {}).items()
                  if name in data and data[name] != default)
    if extra:
        values[EXTRA] = extra
    return cls(**values)
