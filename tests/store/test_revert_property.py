"""Property: after any sequence of edits, snapshot(n) and revert(n) give the state of revision n."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.db import make_engine
from kb.doc import DebateDoc
from kb.errors import ArgmapError
from kb.models import SQLModel
from kb.schemas import (
    DebateCreate,
    DebateUpdate,
    EdgeCreate,
    NodeCreate,
    NodeUpdate,
    PartyCreate,
)
from kb.store import Store
from tests.store.helpers import fresh_snapshot

KEYS = ["a", "b", "c", "d"]
key = st.sampled_from(KEYS)
operation = st.one_of(
    st.tuples(st.just("add_node"), key, st.sampled_from(["claim", "evidence"])),
    st.tuples(st.just("update_node"), key, st.sampled_from(["One.", "Two."])),
    st.tuples(st.just("delete_node"), key, st.booleans()),
    st.tuples(st.just("add_edge"), key, key, st.sampled_from(["supports", "rebuts"])),
    st.tuples(st.just("undercut"), key, st.integers(1, 4)),
    st.tuples(st.just("accept"), key, st.sampled_from(["accepted", "rejected", "unstated"])),
    st.tuples(st.just("title"), st.sampled_from(["T1", "T2"])),
)


@contextmanager
def fresh_store() -> Iterator[Store]:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    try:
        yield Store(engine)
    finally:
        engine.dispose()


def apply(store: Store, op: tuple[object, ...]) -> None:
    name, *args = op
    if name == "add_node":
        store.add_node("d", NodeCreate(key=str(args[0]), kind=str(args[1]),  # type: ignore[arg-type]
                                       text="Text."), actor="p")
    elif name == "update_node":
        store.update_node("d", str(args[0]), NodeUpdate(text=str(args[1])), actor="p")
    elif name == "delete_node":
        store.delete_node("d", str(args[0]), actor="p", cascade=bool(args[1]))
    elif name == "add_edge":
        store.add_edge("d", EdgeCreate(source=str(args[0]), target=str(args[1]),
                                       relation=str(args[2])), actor="p")  # type: ignore[arg-type]
    elif name == "undercut":
        store.add_edge("d", EdgeCreate(source=str(args[0]), target_edge=f"e{args[1]}",
                                       relation="rebuts"), actor="p")  # type: ignore[arg-type]
    elif name == "accept":
        store.set_acceptance("d", "p", {str(args[0]): str(args[1])}, actor="p")
    elif name == "title":
        store.update_debate("d", DebateUpdate(title=str(args[0])), actor="p")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=12), data=st.data())
def test_store_any_edits_then_revert_gives_that_snapshot(
    ops: list[tuple[object, ...]], data: st.DataObject
) -> None:
    with fresh_store() as store:
        store.create_debate(DebateCreate(slug="d", title="T0"), actor="p")
        store.add_party("d", PartyCreate(key="p", name="P"), actor="p")
        seen: dict[int, DebateDoc] = {2: store.snapshot("d")}
        for op in ops:
            # A refused edit must change nothing: the snapshots below check it.
            with suppress(ArgmapError):
                apply(store, op)
            seen[store.get_debate("d").revision] = store.snapshot("d")
        for number, doc in seen.items():
            assert fresh_snapshot(store, "d", revision=number) == doc
        target = data.draw(st.sampled_from(sorted(seen)))
        store.revert("d", target, actor="p")
        assert fresh_snapshot(store, "d") == seen[target]
