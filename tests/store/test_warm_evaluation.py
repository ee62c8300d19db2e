"""After writes, the grounded evaluation derived from kept labels equals a fresh evaluation
of the debate read from the database; automatic edge keys and single stances stay cheap."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from bench.generate import large_debate
from kb.doc import Stance
from kb.engine import evaluate_party
from kb.evaluations import grounded_json
from kb.schemas import EdgeCreate, EdgeUpdate, NodeCreate, NodeUpdate
from kb.store import Store


@pytest.fixture
def large(store: Store) -> Store:
    store.import_doc(large_debate(300, 900, seed=7), actor="t")
    return store


def _writes(rng: random.Random, step: int) -> list[Callable[[Store], Any]]:
    node, other = f"n{rng.randrange(300)}", f"n{rng.randrange(300)}"
    return [
        lambda s: s.put_stance("large", f"p{step % 4}", node,
                               rng.choice(["accepted", "rejected", "unstated"]), actor="t"),
        lambda s: s.add_node("large", NodeCreate(key=f"w{step}", kind="evidence",
                                                 text="Added."), actor="t"),
        lambda s: s.add_edge("large", EdgeCreate(source=node, target=other,
                                                 relation=rng.choice(["supports", "rebuts"])),
                             actor="t"),
        lambda s: s.add_edge("large", EdgeCreate(source=node, target_edge=f"e{step + 1}",
                                                 relation="rebuts"), actor="t"),
        lambda s: s.update_node("large", node, NodeUpdate(text=f"Reworded {step}."), actor="t"),
    ]


def _fresh(store: Store, party: str) -> dict[str, Any]:
    store.caches.clear()
    _, _, doc = store.read_doc("large")
    return evaluate_party(doc, party).to_json(debate="large", party=party)


def test_warm_grounded_labels_equal_a_fresh_evaluation_after_writes(large: Store) -> None:
    rng = random.Random(5)
    _, key, doc = large.read_doc("large")
    for party in ("p0", "p1"):
        grounded_json(large.caches, key, doc, party)
    for step in range(40):
        rng.choice(_writes(rng, step))(large)
        if step % 5 == 0:  # accept the node added last, an added node or a generated one
            large.put_stance("large", "p0", large.snapshot("large").nodes[-1].key,
                             "accepted", actor="t")
        if step == 30:  # a change the kept labels cannot follow: evaluated whole
            large.update_edge("large", "e3", EdgeUpdate(relation="rebuts"), actor="t")
        if step % 8 == 3:  # one party's labels kept at more revisions than the other's
            _, key, doc = large.read_doc("large")
            grounded_json(large.caches, key, doc, "p0")
        if step % 8 == 7:
            _, key, doc = large.read_doc("large")
            warm = {p: grounded_json(large.caches, key, doc, p) for p in ("p0", "p1")}
            assert warm == {p: _fresh(large, p) for p in ("p0", "p1")}, step
            _, key, doc = large.read_doc("large")
            for party in ("p0", "p1"):
                grounded_json(large.caches, key, doc, party)


def test_the_evaluation_route_answers_the_warm_labels(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    app = create_app(db_url)
    store: Store = app.state.store
    store.import_doc(large_debate(300, 900, seed=8), actor="t")
    with TestClient(app) as client:
        first = client.get("/api/debates/large/evaluation?party=p0")
        store.put_stance("large", "p0", "n5", "rejected", actor="t")
        after = client.get("/api/debates/large/evaluation?party=p0")
        again = client.get("/api/debates/large/evaluation?party=p0")
    assert first.status_code == after.status_code == 200
    assert after.json()["labels"]["n5"] == "OUT"
    assert after.content == again.content
    assert after.json() == _fresh(store, "p0")


def test_automatic_edge_keys_continue_after_the_highest(large: Store) -> None:
    assert large.add_edge("large", EdgeCreate(source="n1", target="n2", relation="supports"),
                          actor="t").id == "e900"
    large.add_edge("large", EdgeCreate(key="e5000", source="n1", target="n3",
                                       relation="supports"), actor="t")
    large.add_edge("large", EdgeCreate(key="e09999", source="n1", target="n4",
                                       relation="supports"), actor="t")
    large.add_edge("large", EdgeCreate(key="e7x", source="n1", target="n5",
                                       relation="supports"), actor="t")
    assert large.add_edge("large", EdgeCreate(source="n2", target="n6", relation="rebuts"),
                          actor="t").id == "e5001"


def test_put_stance_answers_the_one_stance_and_the_acceptance_etag(large: Store) -> None:
    answer = large.put_stance("large", "p2", "n7", Stance.ACCEPTED, actor="t")
    whole = large.get_acceptance("large", "p2")
    assert (answer.item, answer.stance, answer.revision) == ("n7", "accepted", whole.revision)
    assert whole.items["n7"] == Stance.ACCEPTED
    again = large.put_stance("large", "p2", "n7", "accepted", actor="t")  # no change
    assert again.revision == whole.revision
