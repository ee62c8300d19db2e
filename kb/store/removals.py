"""Removing sources and parties, with or without a cascade.

A source cited by nodes or edges, or a party named in their ``asserted_by``, is refused
(ConflictError) unless the caller asks for a cascade, which removes those references in
the same revision. A party's acceptance always goes with the party. Each removal is one
revision, so :meth:`~kb.store.Store.revert` brings everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kb.errors import ConflictError, NotFoundError
from kb.store.changes import change, whole
from kb.store.database import Database
from kb.store.state import State, item_id, stance_id


@dataclass(frozen=True)
class _Referenced:
    """A kind of item that nodes and edges name: where they name it and how the refusal
    reads (``{key}`` and ``{users}`` are filled in)."""

    kind: str
    field: str
    refusal: str
    also_drops: Callable[[str, str], bool] = lambda ident, key: False
    """Whether the state item `ident` goes with item `key` (a party's stances)."""


_SOURCE = _Referenced("source", "citations",
                      "source '{key}' is cited by {users}; remove those citations first "
                      "or ask for a cascade")
_PARTY = _Referenced("party", "asserted_by",
                     "party '{key}' is named in asserted_by of {users}; remove it there "
                     "first or ask for a cascade",
                     also_drops=lambda ident, key: ident.startswith(stance_id(key, "")))


def delete_source(database: Database, slug: str, key: str, *, actor: str,
                  expected: int | None, cascade: bool) -> int:
    """Remove source `key` (its citations too with `cascade`); return the new revision."""
    return _delete(database, _SOURCE, slug, key, actor=actor, expected=expected,
                   cascade=cascade)


def delete_party(database: Database, slug: str, key: str, *, actor: str,
                 expected: int | None, cascade: bool) -> int:
    """Remove party `key` and its acceptance (its ``asserted_by`` mentions too with
    `cascade`); return the new revision."""
    return _delete(database, _PARTY, slug, key, actor=actor, expected=expected,
                   cascade=cascade)


def _delete(database: Database, what: _Referenced, slug: str, key: str, *, actor: str,
            expected: int | None, cascade: bool) -> int:
    ident = item_id(what.kind, key)

    def mutate(state: State) -> State:
        if ident not in state:
            raise NotFoundError(f"debate '{slug}' has no {what.kind} '{key}'")
        users = _items_naming(state, what.field, key)
        if users and not cascade:
            raise ConflictError(what.refusal.format(key=key, users=", ".join(users)))
        new = {k: v for k, v in state.items() if k != ident and not what.also_drops(k, key)}
        for user in _ids_naming(state, what.field, key):
            kept = [v for v in state[user][what.field] if not _is(v, what.field, key)]
            new[user] = dict(state[user], **{what.field: kept})
        return new

    done = change(database, slug, whole(mutate), actor=actor, kind=f"delete_{what.kind}",
                  summary=f"delete {what.kind} {key}" + (" (cascade)" if cascade else ""),
                  expected=expected, target=ident)
    return done.revision


def _is(value: Any, field: str, key: str) -> bool:
    """Say whether one entry of `field` (a citation or a party key) names `key`."""
    return bool(value.get("source") == key) if field == "citations" else value == key


def _names(item: dict[str, Any], field: str, key: str) -> bool:
    """Say whether `item` names `key` in its citations or asserted_by."""
    return any(_is(value, field, key) for value in item.get(field) or [])


def _ids_naming(state: State, field: str, key: str) -> list[str]:
    """Return the ids of the nodes and edges that name `key` in `field`."""
    return sorted(ident for ident, item in state.items()
                  if ident.startswith(("node:", "edge:")) and _names(item, field, key))


def _items_naming(state: State, field: str, key: str) -> list[str]:
    """Name the nodes and edges that name `key` in `field`: ``node c1, edge s1``."""
    return [ident.replace(":", " ", 1) for ident in _ids_naming(state, field, key)]
