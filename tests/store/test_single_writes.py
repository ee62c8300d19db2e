"""A single write on a large debate reads and writes only what it touches, refuses what it
must (changing nothing), and leaves the next revision's document warm and right."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from bench.generate import large_debate
from kb.errors import ArgmapError, ConflictError, InvalidInputError, NotFoundError
from kb.schemas import EdgeCreate, EdgeUpdate, NodeCreate, NodeUpdate
from kb.store import Store, rows
from kb.store.state import state_to_doc

Write = Callable[[Store], Any]
WRITES: dict[str, Write] = {
    "add_node": lambda s: s.add_node("large", NodeCreate(key="new", kind="claim", text="New."),
                                     actor="t"),
    "add_edge": lambda s: s.add_edge("large", EdgeCreate(source="n1", target="n2",
                                                         relation="supports"), actor="t"),
    "update_node": lambda s: s.update_node("large", "n3", NodeUpdate(text="Reworded."),
                                           actor="t"),
    "update_edge": lambda s: s.update_edge("large", "e5", EdgeUpdate(relation="rebuts"),
                                           actor="t"),
    "set_stance": lambda s: s.set_stance("large", "p0", "edge:e5", "rejected", actor="t"),
}


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Collect the SQL statements `store` runs meanwhile."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def _whole_read_forbidden(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a single write read the whole debate")


@pytest.fixture
def large(store: Store) -> Store:
    store.import_doc(large_debate(2000, 6000, seed=3), actor="t")
    return store


def test_single_writes_read_only_what_they_touch_and_keep_the_document_warm(
        large: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    large.read_doc("large")
    for revision, name in enumerate(sorted(WRITES), start=2):
        with monkeypatch.context() as patched:
            patched.setattr(rows, "load", _whole_read_forbidden)
            with statements(large) as seen:
                WRITES[name](large)
        # A handful of statements, whatever the size of the debate (6,000 edges here).
        assert 3 <= len(seen) <= 16, (name, seen)
        with statements(large) as seen:
            _, key, warm = large.read_doc("large")
        assert key.revision == revision
        # Only the debate row is read: the next document was derived and cached.
        assert not [s for s in seen if "FROM node" in s or "FROM edge" in s], (name, seen)
    with large.database.reading() as session:
        state, _ = rows.load(session, large.database.debate_row(session, "large"))
    assert warm == state_to_doc("large", state)


REFUSED: list[tuple[Write, type[ArgmapError]]] = [
    (lambda s: s.add_edge("large", EdgeCreate(source="n1", target="nowhere",
                                              relation="supports"), actor="t"),
     InvalidInputError),
    (lambda s: s.add_node("large", NodeCreate(key="n1", kind="claim", text="Taken."),
                          actor="t"), ConflictError),
    (lambda s: s.add_node("large", NodeCreate(key="x", kind="claim", text="X.",
                                              citations=["nosource p. 1"]), actor="t"),
     InvalidInputError),
    (lambda s: s.set_stance("large", "p0", "ghost", "accepted", actor="t"), NotFoundError),
    (lambda s: s.update_edge("large", "e4", EdgeUpdate(target_edge="e4", relation="rebuts"),
                             actor="t"), InvalidInputError),
]


def test_single_write_refusals_change_nothing(large: Store) -> None:
    before = large.snapshot("large")
    for write, error in REFUSED:
        with pytest.raises(error):
            write(large)
        assert large.get_debate("large").revision == 1
    large.caches.clear()
    assert large.snapshot("large") == before


def test_undercutter_cycle_refused_by_a_single_write(large: Store) -> None:
    large.add_edge("large", EdgeCreate(key="u1", source="n1", target_edge="e1",
                                       relation="rebuts"), actor="t")
    large.add_edge("large", EdgeCreate(key="u2", source="n2", target_edge="u1",
                                       relation="rebuts"), actor="t")
    with pytest.raises(InvalidInputError, match="cycle"):
        large.update_edge("large", "u1", EdgeUpdate(target_edge="u2"), actor="t")
    assert large.get_edge("large", "u1").target_edge == "e1"
