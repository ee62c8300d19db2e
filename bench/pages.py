"""How fast the students' pages render a large debate, against a plain ``dot`` run.

``python -m bench.pages [--nodes 1000] [--repeat 5]`` builds a synthetic debate (claims in
a tree of supports and rebuttals, evidence under them, a few undercutters, two parties),
stores it in a fresh SQLite file, and times through the real application, in process:

* the debate page cold (snapshot, evaluation, Graphviz layout, painting, template),
* the same page warm (everything cached per revision, party and view),
* the other party's page (layout reused, only painted anew),
* ``map.svg`` warm,

and, as the peer, ``dot -Tsvg`` as a subprocess on the very DOT text the page lays out
(Debian's ``graphviz`` package; skipped with a note when ``dot`` is missing). The target
is a warm 1,000-node page under 1 s.

``python -m bench.pages --generated --nodes 10000`` times instead every page of a debate
of :func:`bench.generate.large_debate` (three edges per node, long-range links, four
parties; read in parts, see docs/pages.md), each first request after the import, against
``dot -Tsvg`` on the part its map shows. The target is every page under 1 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.formats import svg

SLUG = "bench-pages"


def synthetic_debate(nodes: int, *, seed: int = 7) -> DebateDoc:
    """A debate of `nodes` nodes: a third claims (a tree), the rest evidence beneath them."""
    rng = random.Random(seed)
    claims = max(1, nodes // 3)
    docs: list[NodeDoc] = []
    edges: list[EdgeDoc] = []
    for index in range(claims):
        docs.append(NodeDoc(key=f"c{index}", kind=NodeKind.CLAIM,
                            text=f"Claim {index}: " + _words(rng, 9)))
        if index:
            relation = Relation.SUPPORTS if rng.random() < 0.7 else Relation.REBUTS
            target = f"c{rng.randrange(max(0, index - 40), index)}"
            edges.append(EdgeDoc(key=f"k{index}", source=f"c{index}", relation=relation,
                                 target=target))
    for index in range(nodes - claims):
        key = f"e{index}"
        docs.append(NodeDoc(key=key, kind=NodeKind.EVIDENCE,
                            text=f"Evidence {index}: " + _words(rng, 12)))
        relation = Relation.SUPPORTS if rng.random() < 0.75 else Relation.REBUTS
        edges.append(EdgeDoc(key=f"x{index}", source=key, relation=relation,
                             target=f"c{rng.randrange(claims)}"))
    supports = [edge.key for edge in edges if edge.relation is Relation.SUPPORTS]
    for index, attacked in enumerate(rng.sample(supports, min(len(supports), nodes // 50))):
        source = f"e{rng.randrange(nodes - claims)}"
        edges.append(EdgeDoc(key=f"u{index}", source=source, relation=Relation.REBUTS,
                             target_edge=attacked))
    evidence = [node.key for node in docs if node.kind is NodeKind.EVIDENCE]
    acceptance = {
        party: {key: Stance.ACCEPTED for key in evidence if rng.random() < share}
        for party, share in (("a", 0.6), ("b", 0.4))
    }
    return DebateDoc(
        slug=SLUG,
        title=f"Synthetic debate of {nodes} nodes",
        parties=(PartyDoc(key="a", name="Party A"), PartyDoc(key="b", name="Party B")),
        nodes=tuple(docs),
        edges=tuple(edges),
        acceptance=acceptance,
    )


def _words(rng: random.Random, count: int) -> str:
    vocabulary = [
        "trade",
        "power",
        "policy",
        "border",
        "energy",
        "arms",
        "alliance",
        "market",
        "summit",
        "treaty",
    ]
    return " ".join(rng.choice(vocabulary) for _ in range(count)) + "."


def _app(db_url: str) -> Any:
    """The real application when it can be built, else the pages alone over the store."""
    try:
        from api.app import create_app

        return create_app(db_url)
    except ImportError:
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles

        from api.pages.routes import router
        from kb.db import make_engine
        from kb.store import Store

        app = FastAPI()
        app.state.store = Store(make_engine(db_url))
        static = Path(__file__).resolve().parents[1] / "api" / "pages" / "static"
        app.mount("/static", StaticFiles(directory=str(static)), name="static")
        app.include_router(router)
        return app


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


@contextmanager
def _served(doc: DebateDoc) -> Iterator[tuple[Any, Callable[[str], None]]]:
    """The application over a fresh SQLite file holding `doc`: (its client, a GET that
    stops the benchmark on any answer but 200)."""
    from fastapi.testclient import TestClient

    from kb.db import make_engine, upgrade
    from kb.store import Store

    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(db_url)
        engine = make_engine(db_url)
        Store(engine).import_doc(doc, actor="bench")
        engine.dispose()
        client = TestClient(_app(db_url))

        def get(path: str) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")

        yield client, get


def run(nodes: int, repeat: int) -> list[tuple[str, float]]:
    """Time each step; return (what, seconds) rows."""
    doc = synthetic_debate(nodes)
    rows: list[tuple[str, float]] = []
    with _served(doc) as (_, get):
        page = f"/debates/{SLUG}?party=a"
        rows.append(("page, cold (layout + paint + evaluate)", _timed(lambda: get(page))))
        rows.append(("page, warm (median)", _median(repeat, lambda: get(page))))
        other = f"/debates/{SLUG}?party=b"
        rows.append(("other party, first view (paint only)", _timed(lambda: get(other))))
        image = f"/debates/{SLUG}/map.svg?party=a"
        get(image)
        rows.append(("map.svg, warm (median)", _median(repeat, lambda: get(image))))
    graph = svg.build_graph(doc)
    rows.append(("Graphviz layout in process (pygraphviz)", _timed(lambda: svg.layout(doc))))
    dot = shutil.which("dot")
    if dot is not None:
        text = graph.to_string()
        rows.append(("peer: dot -Tsvg subprocess, same graph", _timed(lambda: _dot(dot, text))))
    return rows


def _dot(dot: str, text: str) -> None:
    subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True, check=True)


def _median(repeat: int, call: Callable[[], Any]) -> float:
    return statistics.median(_timed(call) for _ in range(repeat))


def run_generated(nodes: int) -> list[tuple[str, float]]:
    """Time the pages of a generated debate of `nodes` nodes; return (what, seconds) rows."""
    from bench.generate import large_debate

    doc = large_debate(nodes, 3 * nodes)
    rows: list[tuple[str, float]] = []
    with _served(doc) as (client, get):
        base = "/debates/large"
        rows.append(("debate page, first (read, evaluate, central claim, map)",
                     _timed(lambda: get(base))))
        rows.append(("debate page, again (median)", _median(5, lambda: get(base))))
        rows.append(("another party's page, first", _timed(lambda: get(f"{base}?party=p1"))))
        rows.append(("two parties compared, first", _timed(lambda: get(f"{base}?compare=p0,p2"))))
        keys = [node.key for node in doc.nodes[nodes // 2::max(1, nodes // 10)]][:5]
        claim = [_timed(partial(get, f"{base}/nodes/{key}")) for key in keys]
        rows.append(("claim page, first (median of 5 claims)", statistics.median(claim)))
        rows.append(("claim page, first (slowest of 5)", max(claim)))
        rows.append(("claim detail panel, first", _timed(lambda: get(
            f"{base}/nodes/{keys[0]}/detail?party=p3"))))
        rows.append(("outline, first", _timed(lambda: get(f"{base}/outline?at={keys[1]}"))))
        rows.append(("search in the debate", _timed(lambda: get(
            "/search?q=generated+claim&debate=large"))))
        rows.append(("map focused on a claim, depth 3", _timed(lambda: get(
            f"{base}?focus={keys[2]}&depth=3"))))
        pages = client.app.state.pages
        revision = pages.debate("large")[1]
        part, hidden = pages.part(doc, revision, keys[2], 3)
    text = svg.build_graph(part, focus=keys[2], hidden=hidden).to_string()
    dot = shutil.which("dot")
    if dot is not None:
        rows.append(("peer: dot -Tsvg subprocess, that map's graph",
                     _timed(lambda: _dot(dot, text))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generated", action="store_true",
                        help="time every page of bench.generate's large debate")
    options = parser.parse_args()
    if options.generated:
        _report(f"Pages of a generated debate of {options.nodes:,} nodes",
                run_generated(options.nodes), "peer: dot -Tsvg subprocess, that map's graph")
        return
    rows = run(options.nodes, options.repeat)
    peer = dict(rows).get("peer: dot -Tsvg subprocess, same graph")
    print(f"Pages of a {options.nodes}-node debate")
    print(f"{'step':<44} {'seconds':>8} {'÷ dot':>7}")
    for what, seconds in rows:
        ratio = f"{seconds / peer:7.2f}" if peer else "      -"
        print(f"{what:<44} {seconds:8.3f} {ratio}")
    if peer is None:
        print("(no `dot` on PATH: `apt-get install graphviz` adds the peer)")
    warm = dict(rows)["page, warm (median)"]
    print(f"warm page under 1 s: {'yes' if warm < 1 else 'NO'}")


def _report(title: str, rows: list[tuple[str, float]], peer_row: str) -> None:
    peer = dict(rows).get(peer_row)
    print(title)
    print(f"{'step':<58} {'seconds':>8} {'÷ dot':>7}")
    for what, seconds in rows:
        ratio = f"{seconds / peer:7.1f}" if peer else "      -"
        print(f"{what:<58} {seconds:8.3f} {ratio}")
    slowest = max(seconds for what, seconds in rows if not what.startswith("peer"))
    print(f"every page under 1 s: {'yes' if slowest < 1 else 'NO'} (slowest {slowest:.2f} s)")


if __name__ == "__main__":
    main()
