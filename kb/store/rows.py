"""Between table rows and the flat state of one debate (used inside Store transactions).

``load`` reads a debate's rows into a state plus each item's revision (its ETag), and
``load_items`` only the items a change touches; ``write`` applies a change to the rows
(bulk inserts in batches of ``BATCH`` rows) in an order that keeps every foreign key valid
after each statement; ``public`` gives an item's API shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
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
from kb.store.state import (
    Changes,
    State,
    acceptance_id,
    item_id,
    split_id,
    split_stance,
    stance_id,
)

TABLES: dict[str, Any] = ITEM_TABLES
ACCEPTANCE: Table = Acceptance.__table__  # type: ignore[attr-defined]
BATCH = 5000
"""Rows per executemany of a bulk write (bounded memory, a progress step each)."""
CHUNK = 500
"""Keys per ``IN (...)`` of a read of chosen items (within every backend's limits)."""
Progress = Callable[[int], None]
"""Told how many more items were written."""
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


def _item_rows(session: Session, debate_id: int, kind: str,
               keys: list[str] | None) -> Iterator[Any]:
    """Yield the rows (mappings) of items of `kind`: every one, or those with `keys`."""
    table = TABLES[kind].__table__
    columns = [table.c[name] for name in (*FIELDS[kind], "revision")]
    if kind == "party":
        columns.append(table.c.acceptance_revision)
    query = select(*columns).where(table.c.debate_id == debate_id)
    if keys is None:
        yield from session.execute(query).mappings()
        return
    for start in range(0, len(keys), CHUNK):
        chosen = keys[start:start + CHUNK]
        yield from session.execute(query.where(table.c.key.in_(chosen))).mappings()


def _take(kind: str, row: Any, state: State, revisions: dict[str, int]) -> None:
    ident = item_id(kind, row["key"])
    values = dict(zip(FIELDS[kind], row.values(), strict=False))
    for name, value in values.items():
        if isinstance(value, list):  # a JSON column: its dicts copied, not shared
            values[name] = _plain(value)
    state[ident] = values
    revisions[ident] = row["revision"]
    if kind == "party":
        revisions[acceptance_id(row["key"])] = row["acceptance_revision"]


def load(session: Session, debate: Debate) -> tuple[State, dict[str, int]]:
    """Return the whole state of `debate` and the revision of each item id."""
    state: State = {"debate": debate_state(debate)}
    revisions: dict[str, int] = {"debate": debate.revision}
    debate_id = row_id(debate)
    for kind in TABLES:
        # Plain rows, not ORM objects: a snapshot reads the whole debate, so this is hot.
        for row in _item_rows(session, debate_id, kind, None):
            _take(kind, row, state, revisions)
    accepted = ACCEPTANCE.c
    found = session.execute(select(accepted.party, accepted.item, accepted.stance,
                                   accepted.revision)
                            .where(accepted.debate_id == debate_id))
    for party, item, stance, revision in found:
        state[stance_id(party, item)] = stance
        revisions[stance_id(party, item)] = revision
    return state, revisions


def load_items(session: Session, debate: Debate, idents: Iterable[str],
               ) -> tuple[State, dict[str, int]]:
    """Return the state and revision of the items `idents` that exist (few statements)."""
    state: State = {}
    revisions: dict[str, int] = {}
    keys: dict[str, list[str]] = {}
    for ident in idents:
        kind, key = split_id(ident)
        keys.setdefault(kind, []).append(key)
    debate_id = row_id(debate)
    for kind, chosen in keys.items():
        if kind in TABLES:
            for row in _item_rows(session, debate_id, kind, sorted(set(chosen))):
                _take(kind, row, state, revisions)
        elif kind == "stance":
            _load_stances(session, debate_id, chosen, state, revisions)
    return state, revisions


def _load_stances(session: Session, debate_id: int, keys: list[str], state: State,
                  revisions: dict[str, int]) -> None:
    accepted = ACCEPTANCE.c
    by_party: dict[str, list[str]] = {}
    for key in keys:
        party, _, item = key.partition(":")
        by_party.setdefault(party, []).append(item)
    for party, items in by_party.items():
        for start in range(0, len(items), CHUNK):
            found = session.execute(
                select(accepted.item, accepted.stance, accepted.revision)
                .where(accepted.debate_id == debate_id, accepted.party == party,
                       accepted.item.in_(items[start:start + CHUNK])))
            for item, stance, revision in found:
                state[stance_id(party, item)] = stance
                revisions[stance_id(party, item)] = revision


def load_acceptance(session: Session, debate: Debate, party: str) -> State:
    """Return the stance ids and stances of one party's whole acceptance."""
    accepted = ACCEPTANCE.c
    found = session.execute(select(accepted.item, accepted.stance).where(
        accepted.debate_id == row_id(debate), accepted.party == party))
    return {stance_id(party, item): stance for item, stance in found}


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
          revision: int, *, progress: Progress | None = None) -> None:
    """Apply a change (item id -> state before / after) to the rows of `debate`.

    The order keeps every foreign key valid after each statement: inserts and updates
    first (referenced items before the items that reference them), stances, deletions last.
    `progress` is told how many items were written, as they are.
    """
    debate_id = row_id(debate)
    if after.get("debate") is not None and before.get("debate") is not None:
        for name, value in after["debate"].items():
            setattr(debate, name, value)
        session.add(debate)
        session.flush()
    by_kind: dict[str, list[str]] = {}
    for ident in after:
        by_kind.setdefault(split_id(ident)[0], []).append(ident)
    for kind in ("source", "party", "node", "edge"):
        _write_items(session, debate_id, kind, by_kind.get(kind, []), before, after, revision,
                     progress)
    _write_stances(session, debate_id, by_kind.get("stance", []), before, after, revision,
                   progress)
    session.flush()
    for kind in ("edge", "node", "party", "source"):
        gone = [split_id(i)[1] for i in by_kind.get(kind, [])
                if after[i] is None and before.get(i) is not None]
        table = TABLES[kind]
        for start in range(0, len(gone), CHUNK):
            session.execute(delete(table).where(table.debate_id == debate_id,
                                                table.key.in_(gone[start:start + CHUNK])))
    session.flush()


def _write_items(session: Session, debate_id: int, kind: str, idents: list[str],
                 before: Changes, after: Changes, revision: int,
                 progress: Progress | None) -> None:
    table = TABLES[kind]
    added = [i for i in idents if before.get(i) is None and after[i] is not None]
    if kind == "edge":
        added = _edge_order(added, after)
    extra = {"acceptance_revision": revision} if kind == "party" else {}
    for start in range(0, len(added), BATCH):
        # One executemany per batch, in order: an undercutter after the edge it targets.
        session.execute(insert(table.__table__), [
            {"debate_id": debate_id, "revision": revision, **after[ident], **extra}
            for ident in added[start:start + BATCH]
        ])
        if progress is not None:
            progress(len(added[start:start + BATCH]))
    for ident in idents:
        if before.get(ident) is not None and after[ident] is not None:
            session.execute(update(table)
                            .where(table.debate_id == debate_id,
                                   table.key == split_id(ident)[1])
                            .values(revision=revision, **after[ident])
                            .execution_options(synchronize_session=False))


def _write_stances(session: Session, debate_id: int, idents: list[str], before: Changes,
                   after: Changes, revision: int, progress: Progress | None) -> None:
    """Write changed stances row by row, and bump each touched party's acceptance ETag."""
    rows: dict[str, list[dict[str, Any]]] = {"insert": [], "update": [], "delete": []}
    parties: set[str] = set()
    for ident in idents:
        party, item = split_stance(ident)
        parties.add(party)
        row = {"debate_id": debate_id, "party": party, "item": item,
               "stance": after[ident], "revision": revision}
        kind = ("delete" if after[ident] is None
                else "insert" if before.get(ident) is None else "update")
        rows[kind].append(row)
    accepted = ACCEPTANCE.c
    match = (accepted.debate_id == bindparam("b_debate"), accepted.party == bindparam("b_party"),
             accepted.item == bindparam("b_item"))

    def keyed(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"b_debate": r["debate_id"], "b_party": r["party"], "b_item": r["item"],
                 "b_stance": r["stance"], "b_revision": r["revision"]} for r in found]

    if rows["delete"]:
        session.execute(delete(ACCEPTANCE).where(*match), keyed(rows["delete"]))
    for start in range(0, len(rows["insert"]), BATCH):
        session.execute(insert(ACCEPTANCE), rows["insert"][start:start + BATCH])
        if progress is not None:
            progress(len(rows["insert"][start:start + BATCH]))
    if rows["update"]:
        session.execute(update(ACCEPTANCE).where(*match).values(
            stance=bindparam("b_stance"), revision=bindparam("b_revision")),
            keyed(rows["update"]))
    for party in sorted(parties):
        session.execute(update(Party).where(col(Party.debate_id) == debate_id,
                                            col(Party.key) == party)
                        .values(acceptance_revision=revision)
                        .execution_options(synchronize_session=False))


def highest_edge_number(session: Session, debate: Debate) -> int:
    """Return the highest N of the debate's edge keys ``eN`` (0 when there is none).

    Keys are read longest first on the index ``ix_edge_key_length``: the first ``eN``
    (digits without a leading zero) found is the highest, after a few rows at most.
    """
    table = TABLES["edge"].__table__
    size = func.length(table.c.key)
    query = (select(table.c.key)
             .where(table.c.debate_id == row_id(debate), size <= 19,
                    table.c.key >= "e1", table.c.key < "f")
             .order_by(size.desc(), table.c.key.desc()))
    offset = 0
    while True:
        keys = session.execute(query.offset(offset).limit(EDGE_KEY_BATCH)).scalars().all()
        for key in keys:
            if EDGE_NUMBER_RE.fullmatch(key):
                return int(key[1:])
        if len(keys) < EDGE_KEY_BATCH:
            return 0
        offset += EDGE_KEY_BATCH


EDGE_NUMBER_RE = re.compile(r"e[1-9][0-9]*")
EDGE_KEY_BATCH = 64
