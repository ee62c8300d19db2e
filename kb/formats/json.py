"""Argmap's own debate format (JSON), also the seed format (the same shape in YAML).

The file shape is defined once, by the pydantic models below; ``schema()`` gives its JSON
Schema (committed as ``docs/seed-format.schema.json``). Citations may be written in full,
``{"source": "asan-2024", "locator": "¶31"}``, or as the string ``"asan-2024 ¶31"``.

Examples
--------
>>> doc = load('{"slug": "d", "title": "D", "parties": [{"key": "p", "name": "P"}],'
...            ' "nodes": [{"key": "e", "kind": "evidence", "text": "E.",'
...            ' "citations": ["src ¶2"]}], "acceptance": {"p": {"e": "accepted"}}}')
>>> doc.nodes[0].citations[0]
Citation(source='src', locator='¶2')
>>> load(dump(doc)) == doc
True
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.doc import (
    KEY_PATTERN,
    MAX_TEXT,
    Citation,
    DebateDoc,
    EdgeDoc,
    Mode,
    NodeDoc,
    NodeKind,
    PartyDoc,
    Relation,
    SourceDoc,
    Stance,
)
from kb.errors import InvalidInputError

MEDIA_TYPE = "application/json"
EXTENSION = ".json"
FORMAT_TAG = "argmap/1"

Key = Field(pattern=KEY_PATTERN)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationFile(_Strict):
    source: str = Field(pattern=KEY_PATTERN)
    locator: str = Field(default="", max_length=200)


def _citation(value: Any) -> Any:
    if isinstance(value, str):
        source, _, locator = value.strip().partition(" ")
        return {"source": source, "locator": locator.strip()}
    return value


class SourceFile(_Strict):
    key: str = Key
    title: str = Field(min_length=1, max_length=500)
    authors: list[str] = []
    venue: str = ""
    year: int | None = None
    url: str = ""
    kind: str = ""
    note: str = ""


class PartyFile(_Strict):
    key: str = Key
    name: str = Field(min_length=1, max_length=200)
    description: str = ""


class NodeFile(_Strict):
    key: str = Key
    kind: NodeKind
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    citations: list[CitationFile] = []
    tags: list[str] = []
    asserted_by: list[str] = []

    @field_validator("citations", mode="before")
    @classmethod
    def _short_citations(cls, value: Any) -> Any:
        return [_citation(v) for v in value] if isinstance(value, list) else value


class EdgeFile(_Strict):
    key: str = Key
    source: str = Key
    relation: Relation
    target: str | None = Field(default=None, pattern=KEY_PATTERN)
    target_edge: str | None = Field(default=None, pattern=KEY_PATTERN)
    text: str = Field(default="", max_length=MAX_TEXT)
    citations: list[CitationFile] = []
    asserted_by: list[str] = []

    _short_citations = field_validator("citations", mode="before")(
        NodeFile._short_citations.__func__  # type: ignore[attr-defined]
    )


class LinkEndFile(_Strict):
    debate: str = Key
    node: str = Key


class LinkFile(_Strict):
    """A link of one of the debate's nodes to another node (see docs/knowledge.md)."""

    source: LinkEndFile
    target: LinkEndFile
    relation: Literal["same-as", "related"]
    note: str = Field(default="", max_length=MAX_TEXT)
    citations: list[CitationFile] = []

    _short_citations = field_validator("citations", mode="before")(
        NodeFile._short_citations.__func__  # type: ignore[attr-defined]
    )


class DebateFile(_Strict):
    format: str = FORMAT_TAG
    slug: str = Key
    title: str = Field(min_length=1, max_length=300)
    summary: str = ""
    mode: Mode = Mode.UNSUPPORTED
    public: bool = True
    sources: list[SourceFile] = []
    parties: list[PartyFile] = []
    nodes: list[NodeFile] = []
    edges: list[EdgeFile] = []
    acceptance: dict[str, dict[str, Stance]] = {}
    links: list[LinkFile] = []


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the file format."""
    return DebateFile.model_json_schema()


def _cites(items: list[CitationFile]) -> tuple[Citation, ...]:
    return tuple(Citation(c.source, c.locator) for c in items)


def from_dict(data: Any) -> DebateDoc:
    """Build a DebateDoc from parsed JSON/YAML; InvalidInputError names each bad field.

    Only the shape is checked here; references between items are checked by
    ``kb.validation`` (the store runs it before every write).
    """
    try:
        f = DebateFile.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]} for e in exc.errors()
        ]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInputError(f"{first['loc']}: {first['msg']}{more}", errors=errors) from exc
    return DebateDoc(
        slug=f.slug,
        title=f.title,
        summary=f.summary,
        mode=f.mode,
        public=f.public,
        sources=tuple(
            SourceDoc(s.key, s.title, tuple(s.authors), s.venue, s.year, s.url, s.kind, s.note)
            for s in f.sources
        ),
        parties=tuple(PartyDoc(p.key, p.name, p.description) for p in f.parties),
        nodes=tuple(
            NodeDoc(n.key, n.kind, n.text, _cites(n.citations), tuple(n.tags),
                    tuple(n.asserted_by))
            for n in f.nodes
        ),
        edges=tuple(
            EdgeDoc(e.key, e.source, e.relation, e.target, e.target_edge, e.text,
                    _cites(e.citations), tuple(e.asserted_by))
            for e in f.edges
        ),
        acceptance={p: dict(items) for p, items in f.acceptance.items()},
    )


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, [], ())}


def _cite_list(citations: tuple[Citation, ...]) -> list[dict[str, str]]:
    return [{"source": c.source, "locator": c.locator} for c in citations]


def to_dict(doc: DebateDoc) -> dict[str, Any]:
    """Return the file shape of `doc` (deterministic: the order of the doc is kept)."""
    return {
        "format": FORMAT_TAG,
        "slug": doc.slug,
        "title": doc.title,
        "summary": doc.summary,
        "mode": doc.mode.value,
        "public": doc.public,
        "sources": [
            _drop_empty({"key": s.key, "title": s.title, "authors": list(s.authors),
                         "venue": s.venue, "year": s.year, "url": s.url, "kind": s.kind,
                         "note": s.note})
            for s in doc.sources
        ],
        "parties": [_drop_empty({"key": p.key, "name": p.name, "description": p.description})
                    for p in doc.parties],
        "nodes": [
            _drop_empty({"key": n.key, "kind": n.kind.value, "text": n.text,
                         "citations": _cite_list(n.citations), "tags": list(n.tags),
                         "asserted_by": list(n.asserted_by)})
            for n in doc.nodes
        ],
        "edges": [
            _drop_empty({"key": e.key, "source": e.source, "relation": e.relation.value,
                         "target": e.target, "target_edge": e.target_edge, "text": e.text,
                         "citations": _cite_list(e.citations),
                         "asserted_by": list(e.asserted_by)})
            for e in doc.edges
        ],
        "acceptance": {
            party: {item: stance.value for item, stance in sorted(items.items())}
            for party, items in sorted(doc.acceptance.items())
        },
    }


def links_from_dict(data: Any) -> list[dict[str, Any]]:
    """Return the ``links`` of a parsed file, checked, as plain dicts (none: ``[]``).

    >>> links_from_dict({"links": [{"source": {"debate": "a", "node": "x"},
    ...     "target": {"debate": "b", "node": "y"}, "relation": "related",
    ...     "citations": ["src ¶2"]}]})[0]["citations"]
    [{'source': 'src', 'locator': '¶2'}]
    """
    raw = data.get("links", []) if isinstance(data, dict) else []
    try:
        found = [LinkFile.model_validate(item) for item in raw]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError(f"links: {where}: {first['msg']}") from exc
    return [item.model_dump() for item in found]


def load_links(text: str) -> list[dict[str, Any]]:
    """Return the links of a JSON document (see :func:`links_from_dict`)."""
    try:
        return links_from_dict(json.loads(text))
    except json.JSONDecodeError:
        return []


def load(text: str) -> DebateDoc:
    """Parse a JSON document into a DebateDoc."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    return from_dict(data)


def dump(doc: DebateDoc, *, party: str | None = None,
         links: list[dict[str, Any]] | None = None) -> str:
    """Serialize `doc` as indented JSON (`party` is ignored: the file holds every party).

    `links` (plain dicts: source, target, relation, note, citations) go in ``"links"``.
    """
    data = to_dict(doc)
    if links:
        data["links"] = [_drop_empty(dict(link)) for link in links]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
