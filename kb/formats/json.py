"""Argmap's own debate format (JSON), also the seed format (the same shape in YAML).

The file shape reuses the API's create shapes of :mod:`kb.schemas` (a file's edges must
name their keys); ``schema()`` gives its JSON
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

from pydantic import ValidationError
from sqlmodel import Field

from kb.doc import (
    DebateDoc,
    EdgeDoc,
    Item,
    NodeDoc,
    PartyDoc,
    SourceDoc,
    Stance,
    from_plain,
    plain,
)
from kb.errors import InvalidInputError
from kb.hints import reword
from kb.models import KEY_CONSTRAINT
from kb.schemas import (
    CitationIn,
    DebateCreate,
    EdgeCreate,
    NodeCreate,
    PartyCreate,
    SourceCreate,
)
from kb.suggest import did_you_mean

MEDIA_TYPE = "application/json"
EXTENSION = ".json"
FORMAT_TAG = "argmap/1"


class EdgeFile(EdgeCreate):
    """An edge as the API creates it, with its key required (a file names every edge)."""

    key: str = Field(schema_extra=KEY_CONSTRAINT)


class DebateFile(DebateCreate):
    """A whole debate: the debate as the API creates it, then each item as created."""

    format: str = FORMAT_TAG
    sources: list[SourceCreate] = Field(default_factory=list)
    parties: list[PartyCreate] = Field(default_factory=list)
    nodes: list[NodeCreate] = Field(default_factory=list)
    edges: list[EdgeFile] = Field(default_factory=list)
    acceptance: dict[str, dict[str, Stance]] = Field(default_factory=dict)


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the file format."""
    return DebateFile.model_json_schema()


FIELDS = sorted({name for model in (SourceCreate, PartyCreate, NodeCreate, EdgeFile,
                                   DebateFile, CitationIn) for name in model.model_fields})
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

    def items(cls: type[Item], entries: list[Any]) -> tuple[Item, ...]:
        return tuple(from_plain(cls, e.model_dump(mode="json")) for e in entries)

    return DebateDoc(
        slug=f.slug, title=f.title, summary=f.summary, mode=f.mode, public=f.public,
        sources=items(SourceDoc, f.sources), parties=items(PartyDoc, f.parties),
        nodes=items(NodeDoc, f.nodes), edges=items(EdgeDoc, f.edges),
        acceptance={p: dict(stances) for p, stances in f.acceptance.items()},
    )


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, [], ())}


def to_dict(doc: DebateDoc) -> dict[str, Any]:
    """Return the file shape of `doc` (deterministic: the order of the doc is kept)."""
    return {
        "format": FORMAT_TAG,
        "slug": doc.slug,
        "title": doc.title,
        "summary": doc.summary,
        "mode": doc.mode.value,
        "public": doc.public,
        "sources": [_drop_empty(plain(s)) for s in doc.sources],
        "parties": [_drop_empty(plain(p)) for p in doc.parties],
        "nodes": [_drop_empty(plain(n)) for n in doc.nodes],
        "edges": [_drop_empty(plain(e)) for e in doc.edges],
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
