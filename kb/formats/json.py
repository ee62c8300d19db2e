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
from typing import Any

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
from kb.hints import reword
from kb.suggest import did_you_mean

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


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the file format."""
    return DebateFile.model_json_schema()


def _cites(items: list[CitationFile]) -> tuple[Citation, ...]:
    return tuple(Citation(c.source, c.locator) for c in items)


FIELDS = sorted({name for model in (SourceFile, PartyFile, NodeFile, EdgeFile, DebateFile,
                                   CitationFile) for name in model.model_fields})
"""Every field name of the format, for "did you mean" on an unknown one."""


def _plain(error: Any) -> dict[str, str]:
    """Return a pydantic error as ``{"loc", "msg"}`` in words (keys, citations, typos)."""
    loc = [str(p) for p in error["loc"]]
    worded = reword({"loc": loc, "msg": error["msg"], "type": error["type"],
                     "input": error.get("input")})
    msg = str(worded["msg"])
    if error["type"] == "extra_forbidden" and loc:
        msg = f"unknown field '{loc[-1]}'" + did_you_mean(loc[-1], FIELDS)
    return {"loc": ".".join(loc), "msg": msg}


def from_dict(data: Any) -> DebateDoc:
    """Build a DebateDoc from parsed JSON/YAML; InvalidInputError names each bad field.

    Only the shape is checked here; references between items are checked by
    ``kb.validation`` (the store runs it before every write).
    """
    try:
        f = DebateFile.model_validate(data)
    except ValidationError as exc:
        errors = [_plain(e) for e in exc.errors()]
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


def load(text: str) -> DebateDoc:
    """Parse a JSON document into a DebateDoc."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    return from_dict(data)


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Serialize `doc` as indented JSON (`party` is ignored: the file holds every party)."""
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2) + "\n"
