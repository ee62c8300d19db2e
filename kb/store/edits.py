"""Batches of edits to one debate: their shape, and how they apply to a debate's state.

An operation is ``{"op": "create"|"update"|"delete", "kind": "node"|"edge"|"party"|
"source"|"acceptance"|"debate", "key"?, "data"?, "cascade"?}``: ``data`` is the body the
single-item route takes (``NodeCreate`` for a node created, ``NodeUpdate`` for a node
changed...); ``key`` names the item changed or deleted (for ``acceptance``, the party).
An acceptance ``create`` or ``update`` sets the stances given and keeps the others
(``unstated`` removes one); ``delete`` clears the party's acceptance. The ``debate``
takes ``update`` only. Every operation is tried, and every refusal is reported with the
index of its operation, so one answer lists all that is wrong. Pure: no database.

Examples
--------
>>> from kb.store.examples import demo_doc
>>> from kb.store.state import doc_to_state
>>> ops = parse_operations([
...     {"op": "create", "kind": "node", "data": {"key": "c2", "kind": "claim", "text": "B."}},
...     {"op": "create", "kind": "edge", "data": {"source": "c2", "target": "c1",
...                                               "relation": "rebuts"}},
...     {"op": "update", "kind": "acceptance", "key": "ann", "data": {"c2": "accepted"}}])
>>> state = apply_operations("demo", doc_to_state(demo_doc()), ops)
>>> state["edge:e1"]["source"], state["stance:ann:c2"], state["stance:ann:e1"]
('c2', 'accepted', 'accepted')
>>> apply_operations("demo", state, parse_operations([  # doctest: +ELLIPSIS
...     {"op": "delete", "kind": "node", "key": "c9"},
...     {"op": "update", "kind": "party", "key": "ann", "data": {"name": ""}}]))
Traceback (most recent call last):
...
kb.errors.InvalidInputError: operation 0: debate 'demo' has no node 'c9' (did you mean ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.doc import KEY_PATTERN, Stance
from kb.errors import ArgmapError, ConflictError, InvalidInputError, NotFoundError
from kb.hints import reword
from kb.schemas import (
    DebateUpdate,
    EdgeCreate,
    EdgeUpdate,
    NodeCreate,
    NodeUpdate,
    PartyCreate,
    PartyUpdate,
    SourceCreate,
    SourceUpdate,
)
from kb.store.removals import _ids_naming, _items_naming
from kb.store.state import (
    State,
    item_id,
    next_edge_key,
    next_position,
    stance_id,
    state_to_doc,
)
from kb.store.writes import _edges_using, _remove
from kb.store.writes import all_fields as _full
from kb.store.writes import fields_set as _dump
from kb.suggest import did_you_mean
from kb.validation import problems

MAX_OPERATIONS = 1000
"""Most operations one batch may hold."""

Kind = Literal["node", "edge", "party", "source", "acceptance", "debate"]


class Operation(BaseModel):
    """One edit of a batch (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["create", "update", "delete"]
    kind: Kind
    key: str | None = Field(default=None, pattern=KEY_PATTERN,
                            description="The item changed or deleted (acceptance: the party).")
    data: dict[str, Any] = Field(default_factory=dict,
                                 description="The body the single-item route takes.")
    cascade: bool = Field(default=False, description="Delete: also what rests on the item.")


class BatchRequest(BaseModel):
    """A message and the operations to apply as one revision."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(default="", max_length=500,
                         description="Why: recorded on the revision.")
    operations: list[Operation] = Field(min_length=1, max_length=MAX_OPERATIONS)


CREATE: dict[str, type[BaseModel]] = {"node": NodeCreate, "edge": EdgeCreate, "party": PartyCreate,
          "source": SourceCreate}
UPDATE: dict[str, type[BaseModel]] = {"node": NodeUpdate, "edge": EdgeUpdate, "party": PartyUpdate,
          "source": SourceUpdate, "debate": DebateUpdate}


def parse_operations(raw: list[dict[str, Any]]) -> list[Operation]:
    """Return the operations of `raw` (InvalidInputError naming each bad one)."""
    found, errors = [], []
    for index, item in enumerate(raw):
        try:
            found.append(Operation.model_validate(item))
        except ValidationError as exc:
            errors.extend(_pydantic_errors(index, exc))
    if errors:
        raise _refusal(errors)
    return found


def _pydantic_errors(index: int, exc: ValidationError) -> list[dict[str, Any]]:
    return [reword({"index": index, "loc": [str(p) for p in e["loc"]], "msg": e["msg"],
                    "type": e["type"], **({"input": e["input"]} if isinstance(
                        e.get("input"), str | int | float | bool) else {})})
            for e in exc.errors()]


def _refusal(errors: list[dict[str, Any]]) -> ArgmapError:
    first = errors[0]
    where = ".".join(first.get("loc") or [])
    detail = f"operation {first['index']}: " + (f"{where}: " if where else "") + first["msg"]
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    conflict = all(e.get("type") in ("conflict", "duplicate") for e in errors)
    return (ConflictError if conflict else InvalidInputError)(detail, errors=errors)


def _require(slug: str, state: State, kind: str, key: str | None) -> str:
    if key is None:
        raise InvalidInputError(f"a {kind} operation needs 'key'")
    ident = item_id(kind, key)
    if ident not in state:
        known = [k.partition(":")[2] for k in state if k.startswith(kind + ":")]
        raise NotFoundError(f"debate '{slug}' has no {kind} '{key}'" + did_you_mean(key, known))
    return ident


def _create(slug: str, state: State, op: Operation) -> tuple[State, str]:
    data = _full(CREATE[op.kind].model_validate(op.data))
    key = data["key"] if data["key"] is not None else next_edge_key(state)
    ident = item_id(op.kind, key)
    if ident in state:
        raise ConflictError(f"debate '{slug}' already has a {op.kind} '{key}'")
    item = dict(data, key=key, position=next_position(state, op.kind))
    return dict(state, **{ident: item}), ident


def _update(slug: str, state: State, op: Operation) -> tuple[State, str]:
    fields = _dump(UPDATE[op.kind].model_validate(op.data))
    if op.kind == "debate":
        return dict(state, debate=dict(state["debate"], **fields)), "debate"
    ident = _require(slug, state, op.kind, op.key)
    if op.kind == "edge":
        if fields.get("target") is not None:
            fields.setdefault("target_edge", None)
        if fields.get("target_edge") is not None:
            fields.setdefault("target", None)
    return dict(state, **{ident: dict(state[ident], **fields)}), ident


def _stances(slug: str, state: State, op: Operation) -> tuple[State, str]:
    _require(slug, state, "party", op.key)
    party = str(op.key)
    new = dict(state)
    if op.op == "delete":
        new = {k: v for k, v in new.items() if not k.startswith(stance_id(party, ""))}
    for item, stance in op.data.items():
        if stance not in {s.value for s in Stance}:
            raise InvalidInputError(f"unknown stance '{stance}' for '{item}'; use accepted, "
                                    "rejected or unstated")
        new.pop(stance_id(party, item), None)
        if stance != Stance.UNSTATED.value:
            new[stance_id(party, item)] = stance
    return new, item_id("acceptance", party)


def _delete(slug: str, state: State, op: Operation) -> tuple[State, str]:
    ident = _require(slug, state, op.kind, op.key)
    key = str(op.key)
    if op.kind in ("node", "edge"):
        nodes, edges = ({key}, set()) if op.kind == "node" else (set(), {key})
        using = _edges_using(state, nodes, edges)
        if using and not op.cascade:
            raise ConflictError(f"{op.kind} '{key}' is used by edge(s) "
                                f"{', '.join(sorted(using))}; delete those first or set "
                                "\"cascade\": true")
        return _remove(state, nodes, edges | using), ident
    field = "citations" if op.kind == "source" else "asserted_by"
    users = _items_naming(state, field, key)
    if users and not op.cascade:
        verb = "is cited by" if op.kind == "source" else "is named in asserted_by of"
        raise ConflictError(f"{op.kind} '{key}' {verb} {', '.join(users)}; remove that "
                            "first or set \"cascade\": true")
    new = {k: v for k, v in state.items() if k != ident
           and not (op.kind == "party" and k.startswith(stance_id(key, "")))}
    for user in _ids_naming(state, field, key):
        values = state[user][field]
        kept = ([c for c in values if c["source"] != key] if field == "citations"
                else [p for p in values if p != key])
        new[user] = dict(state[user], **{field: kept})
    return new, ident


Apply = Callable[[str, State, Operation], tuple[State, str]]


def _apply_one(slug: str, state: State, op: Operation) -> tuple[State, str]:
    if op.kind == "acceptance":
        return _stances(slug, state, op)
    if op.kind == "debate" and op.op != "update":
        raise InvalidInputError("the debate itself takes 'update' only; delete a debate "
                                "with DELETE /api/debates/{slug}")
    action: dict[str, Apply] = {"create": _create, "update": _update, "delete": _delete}
    return action[op.op](slug, state, op)


def _blame(problem: dict[str, str], touched: dict[str, int]) -> int | None:
    """Return the index of the operation a validation problem most likely concerns."""
    group, _, rest = problem["loc"].partition(".")
    key = rest.split(".")[0]
    kind = {"nodes": "node", "edges": "edge", "parties": "party", "sources": "source",
            "acceptance": "acceptance"}.get(group, "debate")
    if item_id(kind, key) in touched:
        return touched[item_id(kind, key)]
    for ident, index in sorted(touched.items(), key=lambda t: -t[1]):
        name = ident.partition(":")[2]
        if name and f"'{name}'" in problem["msg"]:
            return index
    return max(touched.values(), default=None)


def apply_operations(slug: str, state: State, operations: list[Operation]) -> State:
    """Return `state` after every operation, or raise with every refusal (with its index).

    The result is checked whole (:func:`kb.validation.problems`); each problem is blamed
    on the last operation that touched the item it concerns.
    """
    errors: list[dict[str, Any]] = []
    touched: dict[str, int] = {}
    for index, op in enumerate(operations):
        try:
            state, ident = _apply_one(slug, state, op)
            touched[ident] = index
        except ValidationError as exc:
            errors.extend(_pydantic_errors(index, exc))
        except ArgmapError as exc:
            kind = "conflict" if isinstance(exc, ConflictError) else exc.code
            errors.append({"index": index, "loc": [], "msg": exc.detail, "type": kind})
    if not errors:
        for problem in problems(state_to_doc(slug, state)):
            errors.append({"index": _blame(problem, touched), "loc": problem["loc"].split("."),
                           "msg": problem["msg"], "type": problem.get("type", "invalid")})
    if errors:
        raise _refusal(errors)
    return state

