"""The part of a debate one change reads and writes, inside its write transaction.

A :class:`Draft` starts empty and reads items from the database only when the change asks
for them (``get``, ``load``), so a single write reads a few rows, not the whole debate.
Changes are kept apart (``put``); ``changes()`` gives what a Revision records: each touched
item's state before and after. A change that needs everything (a revert, an import over
an existing debate) calls ``load_all()`` and ``replace_all()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from kb.models import Debate, row_id
from kb.store import rows
from kb.store.state import Changes, State, diff, split_id

MISSING = object()


class Draft:
    """The items of debate `debate` that one change reads and writes."""

    def __init__(self, session: Session, debate: Debate, revision: int) -> None:
        self.session = session
        self.debate = debate
        self.old: dict[str, Any] = {"debate": rows.debate_state(debate)}
        """Item id -> its stored state (None: absent), for every item read so far."""
        self.revisions: dict[str, int] = {"debate": revision}
        self.new: dict[str, Any] = {}
        self.full = False
        """True once the whole debate was read (a change that replaces everything)."""
        self._positions: dict[str, int] = {}

    def load(self, idents: Iterable[str]) -> None:
        """Read the items `idents` not read yet (a few statements for any number)."""
        wanted = [i for i in idents if i not in self.old and not self.full]
        if not wanted:
            return
        state, revisions = rows.load_items(self.session, self.debate, wanted)
        for ident in wanted:
            self.old[ident] = state.get(ident)
        self.revisions.update(revisions)

    def get(self, ident: str) -> Any:
        """Return the state of item `ident` as the change has it (None: absent)."""
        if ident in self.new:
            return self.new[ident]
        self.load([ident])
        return self.old.get(ident)

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and self.get(ident) is not None

    def put(self, ident: str, value: Any) -> None:
        """Set the state of item `ident` (None removes it)."""
        self.load([ident])
        self.new[ident] = value

    def load_all(self) -> State:
        """Read the whole debate; return its state as the change has it."""
        if not self.full:
            state, revisions = rows.load(self.session, self.debate)
            for ident, value in self.old.items():
                state.setdefault(ident, value)
            self.old = {k: v for k, v in state.items() if v is not None}
            self.revisions = {**revisions, "debate": self.revisions["debate"]}
            self.full = True
        current = {**self.old, **self.new}
        return {k: v for k, v in current.items() if v is not None}

    def replace_all(self, state: State) -> None:
        """Make `state` the whole new state of the debate."""
        current = self.load_all()
        before, after = diff(current, state)
        for ident, value in after.items():
            self.new[ident] = value
        del before

    def changes(self) -> tuple[Changes, Changes]:
        """Return ``(before, after)`` of every item whose state the change altered."""
        before: Changes = {}
        after: Changes = {}
        for ident in sorted(self.new):
            old, new = self.old.get(ident), self.new[ident]
            if old != new:
                before[ident], after[ident] = old, new
        return before, after

    def appends(self, kind: str) -> bool:
        """Say whether this change placed new items of `kind` after every existing one."""
        return kind in self._positions

    def next_position(self, kind: str) -> int:
        """Return the position after the last item of `kind` (one query per kind)."""
        if kind not in self._positions:
            table = rows.TABLES[kind]
            highest = self.session.execute(
                select(func.max(table.position)).where(table.debate_id == row_id(self.debate))
            ).scalar()
            self._positions[kind] = -1 if highest is None else int(highest)
        self._positions[kind] += 1
        return self._positions[kind]

    def next_edge_key(self) -> str:
        """Return an unused edge key ``eN``: one past the highest ``eN`` in use."""
        taken = [int(split_id(i)[1][1:]) for i, v in self.new.items()
                 if v is not None and i.startswith("edge:e") and i[6:].isdigit()]
        return f"e{max([rows.highest_edge_number(self.session, self.debate), *taken]) + 1}"
