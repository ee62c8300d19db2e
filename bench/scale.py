"""Large debates: import, single writes, evaluation, a page and memory at 100,000 nodes.

Usage: python -m bench.scale [--nodes 100000] [--edges 300000] [--writes 200]
[--db sqlite|postgresql]

Generates the debate of :func:`bench.generate.large_debate` (fixed seed), imports it into a
fresh database (a temporary SQLite file, or a database ``argmap_scale`` created on the
PostgreSQL server at 127.0.0.1:5432) with a progress bar, then serves it in process through
the API (FastAPI's TestClient on :func:`api.app.create_app`) and prints: import time; p50
and p95 of single writes (add a node, add an edge, update a node, set one stance); the
first grounded evaluation of each party, the same evaluation served from the cache, and the
first evaluation after a write; a page of the node list; the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import Progress

from bench.generate import large_debate

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'scale.db'}"
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS argmap_scale"))
        conn.execute(text("CREATE DATABASE argmap_scale"))
    admin.dispose()
    return f"{PG_SERVER}/argmap_scale"


class Seconds(float):
    """Wall-clock seconds of one step, with the process's CPU seconds in ``cpu`` (every
    thread: a figure the other sessions sharing the machine hardly change)."""

    cpu: float


def _timed(work: Callable[[], Any]) -> Seconds:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    found = Seconds(time.perf_counter() - start)
    found.cpu = time.process_time() - cpu
    return found


def _ms(value: Seconds) -> str:
    return f"{value * 1000:.0f} ms (CPU {value.cpu * 1000:.0f} ms)"


def _spread(values: list[Seconds]) -> str:
    """p50 / p95 of wall-clock times, and the p95 of CPU times."""
    cpu = [v.cpu for v in values]
    return (f"{statistics.median(values) * 1000:.1f} / {_percentile(values, 0.95) * 1000:.1f}"
            f" ms (CPU p95 {_percentile(cpu, 0.95) * 1000:.1f} ms)")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import(store: Any, doc: Any) -> Seconds:
    total = len(doc.nodes) + len(doc.edges) + sum(len(a) for a in doc.acceptance.values())
    with Progress() as progress:
        task = progress.add_task("import", total=total)
        return _timed(lambda: store.import_doc(
            doc, actor="bench", progress=lambda n: progress.advance(task, n)))


def _writes(store: Any, count: int, nodes: int) -> dict[str, list[Seconds]]:
    from kb.doc import NodeKind, Relation
    from kb.schemas import EdgeCreate, NodeCreate, NodeUpdate

    times: dict[str, list[Seconds]] = {"add node": [], "add edge": [], "update node": [],
                                     "set stance": []}
    for i in range(count):
        work: dict[str, Callable[..., Any]] = {
            "add node": lambda i=i: store.add_node("large", NodeCreate(
                key=f"w{i}", kind=NodeKind.CLAIM, text=f"Written claim {i}."), actor="bench"),
            "add edge": lambda i=i: store.add_edge("large", EdgeCreate(
                source=f"w{i}", target=f"n{nodes // 2 + i}", relation=Relation.SUPPORTS),
                actor="bench"),
            "update node": lambda i=i: store.update_node(
                "large", f"n{nodes * 6 // 10 + i}",
                NodeUpdate.model_validate({"text": f"Reworded claim {i}."}), actor="bench"),
            "set stance": lambda i=i: store.put_stance("large", f"p{i % 4}", f"n{i * 7}",
                                                   "rejected" if i % 2 else "accepted",
                                                   actor="bench"),
        }
        for name, write in work.items():
            times[name].append(_timed(write))
    return times


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(nodes: int, edges: int, writes: int, kind: str) -> list[tuple[str, str]]:
    """Run every step; return (what, figure) rows."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from kb.db import upgrade

    rows: list[tuple[str, str]] = []
    doc = large_debate(nodes, edges)
    with tempfile.TemporaryDirectory() as folder:
        url = _database(kind, Path(folder))
        upgrade(url)
        app = create_app(url)
        store = app.state.store
        seconds = _import(store, doc)
        rows.append((f"import {nodes:,} nodes, {edges:,} edges",
                     f"{seconds:.1f} s (CPU {seconds.cpu:.1f} s)"))
        del doc
        gc.collect()
        with TestClient(app) as client:
            rows += _serve(client, store, writes, nodes)
        rows.append(("peak resident memory of the process", f"{_rss_mb():.0f} MB"))
        store.engine.dispose()
    return rows


def _evaluate(client: Any, party: str) -> Seconds:
    def get() -> None:
        answer = client.get(f"/api/debates/large/evaluation?party={party}")
        assert answer.status_code == 200, answer.text

    return _timed(get)


def _serve(client: Any, store: Any, writes: int, nodes: int) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    rows.append(("first read of the debate (document built)",
                 _ms(_timed(lambda: store.read_doc("large")))))
    cold = [_evaluate(client, f"p{i}") for i in range(4)]
    rows.append(("grounded evaluation, first party (graph built)", _ms(cold[0])))
    rows.append(("grounded evaluation, each other party (graph shared; slowest of 3)",
                 _ms(max(cold[1:]))))
    warm = sorted(_evaluate(client, f"p{i % 4}") for i in range(20))
    rows.append(("grounded evaluation per party, from the cache (p95)", _ms(warm[19])))
    times = _writes(store, writes, nodes)
    for name, values in times.items():
        rows.append((f"write: {name} (p50 / p95 of {len(values)})", _spread(values)))
    rows.append(("write: all kinds (p50 / p95)",
                 _spread([t for values in times.values() for t in values])))
    rows.append(("grounded evaluation, first after the writes (document kept warm)",
                 _ms(_evaluate(client, "p0"))))
    store.put_stance("large", "p0", f"n{nodes - 1}", "accepted", actor="bench")
    rows.append(("grounded evaluation after one more stance (labels kept warm)",
                 _ms(_evaluate(client, "p0"))))
    offset = nodes * 6 // 10
    page = _timed(lambda: client.get(f"/api/debates/large/nodes?limit=100&offset={offset}"))
    rows.append((f"API page: 100 nodes at offset {offset:,}", _ms(page)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    for what, figure in run(args.nodes, args.edges, args.writes, args.db):
        print(f"{what:<66} {figure}")


if __name__ == "__main__":
    main()
