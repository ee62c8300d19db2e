"""Evaluation of a large debate per party: the engine against a plain networkx reference.

Usage: python -m bench.engine [--nodes 10000] [--repeat 5] [--seed 7]

The debate: 40% evidence, every claim supported by one or two earlier nodes, a third of the
claims rebutted, 2% of supports pointing back (support cycles), some undercutters; three
parties accepting and rejecting evidence at random. The reference computes the well-founded
model by the alternating fixpoint (Van Gelder 1989), each step a reachability in a networkx
graph of the reduced program; both must give the same labels.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import networkx as nx

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.engine import Label, evaluate
from kb.engine.evaluation import graph_of
from kb.engine.program import NO_ATOM, Program

ROOT = -1


def big_debate(nodes: int, seed: int) -> DebateDoc:
    rng = random.Random(seed)
    evidence = int(nodes * 0.4)
    node_docs = [
        NodeDoc(key=f"n{i}", kind=NodeKind.EVIDENCE if i < evidence else NodeKind.CLAIM,
                text=f"node {i}")
        for i in range(nodes)
    ]
    edges: list[EdgeDoc] = []
    for i in range(evidence, nodes):
        for _ in range(rng.choice((1, 2))):
            source = rng.randrange(0, nodes) if rng.random() < 0.02 else rng.randrange(0, i)
            if source != i:
                edges.append(EdgeDoc(key=f"e{len(edges)}", source=f"n{source}",
                                     relation=Relation.SUPPORTS, target=f"n{i}"))
        if rng.random() < 0.33:
            edges.append(EdgeDoc(key=f"e{len(edges)}", source=f"n{rng.randrange(0, nodes)}",
                                 relation=Relation.REBUTS, target=f"n{i}"))
    for _ in range(nodes // 20):
        aimed = edges[rng.randrange(0, len(edges))].key
        edges.append(EdgeDoc(key=f"e{len(edges)}", source=f"n{rng.randrange(0, nodes)}",
                             relation=Relation.REBUTS, target_edge=aimed))
    stances = [Stance.ACCEPTED, Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]
    acceptance = {
        party: {f"n{i}": rng.choice(stances) for i in range(evidence)} for party in "abc"
    }
    return DebateDoc(slug="bench", title="Bench",
                     parties=tuple(PartyDoc(key=p, name=p) for p in "abc"),
                     nodes=tuple(node_docs), edges=tuple(edges), acceptance=acceptance)


def _gamma(program: Program, assumed: set[int]) -> set[int]:
    """Least model of the program reduced by `assumed`: reachability in a networkx graph."""
    graph = nx.DiGraph()
    graph.add_node(ROOT)
    for rule, head in enumerate(program.heads):
        if any(n in assumed for n in program.negatives[rule]):
            continue
        positive = program.positives[rule]
        graph.add_edge(ROOT if positive == NO_ATOM else positive, head)
    return set(nx.descendants(graph, ROOT))


def reference_labels(doc: DebateDoc, party: str) -> dict[str, Label]:
    """The well-founded model by the alternating fixpoint, with networkx."""
    graph = graph_of(doc)
    program = graph.program(doc.acceptance_of(party))
    true: set[int] = set()
    while True:
        possible = _gamma(program, true)
        following = _gamma(program, possible)
        if following == true:
            break
        true = following
    return {
        item: Label.IN if i in true else Label.UNDEC if i in possible else Label.OUT
        for i, item in enumerate(graph.items)
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine", description=__doc__)
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    doc = big_debate(options.nodes, options.seed)
    print(f"debate: {len(doc.nodes):,} nodes, {len(doc.edges):,} edges, 3 parties")
    started = time.perf_counter()
    graph = graph_of(doc)
    graph.table  # noqa: B018 (built once per debate, then shared by every party)
    print(f"graph and rule table, once per debate: {1000 * (time.perf_counter() - started):.1f} ms")
    started = time.perf_counter()
    evaluate(doc, doc.acceptance_of("a"), graph=graph)
    print(f"first evaluation in this process (loads compiled code): "
          f"{1000 * (time.perf_counter() - started):.1f} ms")
    print("party | engine (median ms) | networkx reference (ms) | reference/engine | same labels")
    print("--- | --- | --- | --- | ---")
    for party in "abc":
        times = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            ours = evaluate(doc, doc.acceptance_of(party), graph=graph).labels
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        reference = reference_labels(doc, party)
        reference_time = time.perf_counter() - started
        median = statistics.median(times)
        print(f"{party} | {1000 * median:.1f} | {1000 * reference_time:.0f} | "
              f"{reference_time / median:.0f}x | {'yes' if ours == reference else 'NO'}")


if __name__ == "__main__":
    main()
