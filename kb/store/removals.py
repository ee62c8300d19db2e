"""Removing sources and parties, with or without a cascade.

A source cited by nodes or edges, or a party named in their ``asserted_by``, is refused
(ConflictError) unless the caller asks for a cascade, which removes those references in
the same revision. A party's acceptance always goes with the party. Each removal is one
revision, so :meth:`~kb.store.Store.revert` brings everything back.
"""

from __future__ import annotations

from typing import Any

from kb.errors import ConflictError, NotFoundError
from kb.store.changes import change, whole
from kb.store.database import Database
from kb.store.state import State, item_id, stance_id


def delete_source(database: Database, slug: str, key: str, *, actor: str,
                  expected: int | None, cascade: bool) -> int:
    ident = item_id("source", key)

    def mutate(state: State) -> State:
        if ident not in state:
            raise NotFoundError(f"debate '{slug}' has no source '{key}'")
        users = _items_naming(state, "citations", key)
        if users and not cascade:
            raise ConflictError(
                f"source '{key}' is cited by {', '.join(users)}; remove those citations "
                "first or ask for a cascade"
            )
        new = {k: v for k, v in state.items() if k != ident}
        for user in _ids_naming(state, "citations", key):
            kept = [c for c in state[user]["citations"] if c["source"] != key]
            new[user] = dict(state[user], citations=kept)
        return new

    done = change(database, slug, whole(mutate), actor=actor, kind="delete_source",
                  summary=f"delete source {key}" + (" (cascade)" if cascade else ""),
                  expected=expected, target=ident)
    return done.revision


def delete_party(database: Database, slug: str, key: str, *, actor: str,
                 expected: int | None, cascade: bool) -> int:
    ident = item_id("party", key)

    def mutate(state: State) -> State:
        if ident not in state:
            raise NotFoundError(f"debate '{slug}' has no party '{key}'")
        users = _items_naming(state, "asserted_by", key)
        if users and not cascade:
            raise ConflictError(
                f"party '{key}' is named in asserted_by of {', '.join(users)}; remove it "
                "there first or ask for a cascade"
            )
        new = {k: v for k, v in state.items() if k != ident
               and not k.startswith(stance_id(key, ""))}
        for user in _ids_naming(state, "asserted_by", key):
            kept = [p for p in state[user]["asserted_by"] if p != key]
            new[user] = dict(state[user], asserted_by=kept)
        return new

    done = change(database, slug, whole(mutate), actor=actor, kind="delete_party",
                  summary=f"delete party {key}" + (" (cascade)" if cascade else ""),
                  expected=expected, target=ident)
    return done.revision


def _names(item: dict[str, Any], field: str, key: str) -> bool:
    """Say whether `item` names `key` in its citations or asserted_by."""
    values = item.get(field) or []
    if field == "citations":
        return any(c.get("source") == key for c in values)
    return key in values


def _ids_naming(state: State, field: str, key: str) -> list[str]:
    """Return the ids of the nodes and edges that name `key` in `field`."""
    return sorted(ident for ident, item in state.items()
                  if ident.startswith(("node:", "edge:")) and _names(item, field, key))


def _items_naming(state: State, field: str, key: str) -> list[str]:
    """Name the nodes and edges that name `key` in `field`: ``node c1, edge s1``."""
    return [ident.replace(":", " ", 1) for ident in _ids_naming(state, field, key)]
