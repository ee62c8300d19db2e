"""A process killed (SIGKILL) in the middle of an import leaves all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from kb.doc import DebateDoc, NodeDoc, NodeKind
from kb.store import Store
from tests.store.helpers import row_counts

NODES = 1000

CHILD = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from kb.db import make_engine
    from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, Relation
    from kb.store import Store

    url, n = sys.argv[1], int(sys.argv[2])
    engine = make_engine(url)

    @event.listens_for(engine, "after_cursor_execute")
    def _stall_mid_transaction(conn, cursor, statement, *args):
        # Once node rows are written (uncommitted), say so and wait to be killed.
        if statement.lstrip().upper().startswith("INSERT INTO NODE"):
            print("writing", flush=True)
            time.sleep(60)

    nodes = tuple(NodeDoc(f"n{i}", NodeKind.CLAIM, f"Claim {i}.") for i in range(n))
    edges = tuple(EdgeDoc(f"e{i}", f"n{i}", Relation.SUPPORTS, target=f"n{i + 1}")
                  for i in range(n - 1))
    Store(engine).import_doc(DebateDoc(slug="big", title="Big", nodes=nodes, edges=edges),
                             actor="doomed")
    print("committed", flush=True)
    """
)


def _kill_mid_import(db_url: str, cwd: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(NODES)],
        stdout=subprocess.PIPE, text=True, cwd=cwd, env=env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def test_store_killed_import_leaves_nothing(store: Store, db_url: str, tmp_path: Path) -> None:
    empty = row_counts(store)
    _kill_mid_import(db_url, tmp_path)
    assert store.find_debate("big") is None
    assert row_counts(store) == empty
    # The database is healthy afterwards: the same import now goes through whole.
    nodes = tuple(NodeDoc(f"n{i}", NodeKind.CLAIM, f"Claim {i}.") for i in range(NODES))
    store.import_doc(DebateDoc(slug="big", title="Big", nodes=nodes), actor="t")
    assert store.count("big", "node") == NODES
