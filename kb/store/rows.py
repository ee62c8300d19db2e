"""Between table rows and the flat state of one debate (used inside Store transactions).

``load`` reads a debate's rows into a state plus each item's revision (its ETag);
``write`` applies a change to the rows in an order that keeps every foreign key valid
after each statement: inserts and updates first (referenced items before the items that
reference them), deletions last, edges removed in one statement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, col

from kb.models import (
    DEBATE_FIELDS,
    ITEM_FIELDS,
    ITEM_TABLES,
    Acceptance,
    Debate,
    Party,
    row_id,
)
from kb.schemas import EdgePublic, NodePublic, PartyPublic, SourcePublic
from kb.store.state import Changes, State, item_id, split_id

TABLES: dict[str, Any] = ITEM_TABLES
FIELDS: dict[str, tuple[str, ...]] = {kind: (*names, "position")
                                      for kind, names in ITEM_FIELDS.items()}
"""Kind -> the columns that make up an item's state: its fields and its position."""
PUBLIC: dict[str, type[Any]] = {
    "source": SourcePublic, "party": PartyPublic, "node": NodePublic, "edge": EdgePublic,
}


def debate_state(debate: Debate) -> dict[str, Any]:
    """Return the ``debate`` item of a Debate row."""
    return {name: getattr(debate, name) for name in DEBATE_FIELDS}


def row_state(kind: str, row: Any) -> dict[str, Any]:
    """Return the state of one source, party, node or edge row."""
    return {name: _plain(getattr(row, name)) for name in FIELDS[kind]}


def public(kind: str, state: dict[str, Any], revision: int) -> Any:
    """Return the API shape (``NodePublic``...) of an item's state at `revision`."""
    data = {k: v for k, v in state.items() if k != "position"}
    if kind == "edge":
        data["id"] = data.pop("key")
    return PUBLIC[kind](revision=revision, **data)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    return value


def load(session: Session, debate: Debate) -> tuple[State, dict[str, int]]:
    """Return the state of `debate` and the revision of each item id."""
    state: State = {"debate": debate_state(debate)}
    revisions: dict[str, int] = {"debate": debate.revision}
    for kind, table in TABLES.items():
        # Plain rows, not ORM objects: a write reads the whole debate, so this is hot.
        columns = [table.__table__.c[name] for name in (*FIELDS[kind], "revision")]
        if kind == "party":
            columns.append(table.__table__.c.acceptance_revision)
        found = session.execute(select(*columns).where(table.__table__.c.debate_id
                                                          == debate.id))
        for row in found.mappings():
            ident = item_id(kind, row["key"])
            state[ident] = {name: _plain(row[name]) for name in FIELDS[kind]}
            revisions[ident] = row["revision"]
            if kind == "party":
                revisions[item_id("acceptance", row["key"])] = row["acceptance_revision"]
    accepted = Acceptance.__table__.c  # type: ignore[attr-defined]
    found = session.execute(select(accepted.party, accepted.item, accepted.stance)
                            .where(accepted.debate_id == debate.id))
    for party, item, stance in found:
        state.setdefault(item_id("acceptance", party), {})[item] = stance
    return state, revisions


def _edge_order(idents: list[str], after: Changes) -> list[str]:
    """Order new edges so that an undercutter comes after the edge it targets."""
    pending = {split_id(i)[1]: i for i in idents}
    ordered: list[str] = []
    done: set[str] = set()

    def visit(key: str) -> None:
        if key in done or key not in pending:
            return
        done.add(key)
        target = after[pending[key]].get("target_edge")
        if target:
            visit(target)
        ordered.append(pending[key])

    for key in sorted(pending):
        visit(key)
    return ordered


def write(session: Session, debate: Debate, before: Changes, after: Changes,
          revision: int) -> None:
    """Apply a change (item id -> state before / after) to the rows of `debate`."""
    debate_id = row_id(debate)
    if after.get("debate") is not None and before.get("debate") is not None:
        for name, value in after["debate"].items():
            setattr(debate, name, value)
        session.add(debate)
        session.flush()
    for kind in ("source", "party", "node", "edge"):
        table = TABLES[kind]
        added = [i for i in after if i.startswith(kind + ":") and before.get(i) is None
                 and after[i] is not None]
        if kind == "edge":
            added = _edge_order(added, after)
        extra = {"acceptance_revision": revision} if kind == "party" else {}
        if added:
            # One executemany per table, in order: an undercutter after the edge it targets.
            session.execute(insert(table.__table__), [
                {"debate_id": debate_id, "revision": revision, **after[ident], **extra}
                for ident in added
            ])
        for ident in after:
            if (ident.startswith(kind + ":") and before.get(ident) is not None
                    and after[ident] is not None):
                session.execute(
                    update(table)
                    .where(table.debate_id == debate_id, table.key == split_id(ident)[1])
                    .values(revision=revision, **after[ident])
                )
    for ident in after:
        if not ident.startswith("acceptance:"):
            continue
        party = split_id(ident)[1]
        session.execute(delete(Acceptance).where(
            col(Acceptance.debate_id) == debate_id, col(Acceptance.party) == party))
        stated = sorted((after[ident] or {}).items())
        if stated:
            session.execute(insert(Acceptance.__table__), [  # type: ignore[attr-defined]
                {"debate_id": debate_id, "party": party, "item": item, "stance": stance,
                 "revision": revision}
                for item, stance in stated
            ])
        session.execute(update(Party).where(
                col(Party.debate_id) == debate_id, col(Party.key) == party,
            ).values(acceptance_revision=revision))
    session.flush()
    for kind in ("edge", "node", "party", "source"):
        table = TABLES[kind]
        gone = [split_id(i)[1] for i in after
                if i.startswith(kind + ":") and after[i] is None and before.get(i) is not None]
        if gone:
            if kind == "party":
                session.execute(delete(Acceptance).where(
                    col(Acceptance.debate_id) == debate_id, col(Acceptance.party).in_(gone)))
            session.execute(delete(table).where(table.debate_id == debate_id,
                                                table.key.in_(gone)))
    session.flush()
