"""Two writers racing on the same ETag: exactly one wins, the other gets StaleError."""

from __future__ import annotations

import threading

import pytest

from kb.db import make_engine
from kb.errors import StaleError
from kb.schemas import NodeCreate, NodeUpdate
from kb.store import Store
from tests.store.helpers import sample_doc

WRITERS = 4


def _race(db_url: str, work: list[object]) -> list[object]:
    """Run each callable of `work` on its own Store and thread, all released at once."""
    barrier = threading.Barrier(len(work))
    outcomes: list[object] = [None] * len(work)

    def run(i: int) -> None:
        engine = make_engine(db_url)
        try:
            barrier.wait()
            outcomes[i] = work[i](Store(engine))  # type: ignore[operator]
        except Exception as exc:
            outcomes[i] = exc
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_store_racing_updates_on_one_etag_one_wins(store: Store, db_url: str) -> None:
    store.import_doc(sample_doc(), actor="t")
    etag = store.get_node("demo", "c1").revision
    work = [
        (lambda s, i=i: s.update_node("demo", "c1", NodeUpdate(text=f"Writer {i}."),
                                      actor=f"w{i}", expected=etag))
        for i in range(WRITERS)
    ]
    outcomes = _race(db_url, work)  # type: ignore[arg-type]
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, StaleError) for o in losers), losers
    assert store.get_node("demo", "c1").text == winners[0].text  # type: ignore[attr-defined]
    assert store.get_debate("demo").revision == 2


def test_store_concurrent_additions_all_land_in_order(store: Store, db_url: str) -> None:
    store.import_doc(sample_doc(), actor="t")
    work = [
        (lambda s, i=i: s.add_node("demo", NodeCreate(key=f"n{i}", kind="claim",
                                                       text=f"Claim {i}."), actor=f"w{i}"))
        for i in range(WRITERS)
    ]
    outcomes = _race(db_url, work)  # type: ignore[arg-type]
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    revisions = sorted(o.revision for o in outcomes)  # type: ignore[attr-defined]
    assert revisions == list(range(2, 2 + WRITERS))
    assert store.get_debate("demo").revision == 1 + WRITERS
    assert [r.number for r in store.list_revisions("demo")] == list(range(1 + WRITERS, 0, -1))


@pytest.mark.parametrize("expected", [1, None])
def test_store_debate_level_cas(store: Store, expected: int | None) -> None:
    store.import_doc(sample_doc(), actor="t")
    store.add_node("demo", NodeCreate(key="n1", kind="claim", text="x"), actor="t",
                   expected=expected)
    with pytest.raises(StaleError):
        store.add_node("demo", NodeCreate(key="n2", kind="claim", text="y"), actor="t",
                       expected=1)
