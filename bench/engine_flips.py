"""Flips and cruxes timed on the seed debates and on a 10,000-node debate.

Run: ``.venv/bin/python -m bench.engine_flips [--semantics S ...] [--claims N]``. Prints,
per seed and semantics, the time of the flips of every claim for every party (median, p95,
max), the time of all cruxes of asan-2024 between its two parties, and the flips of a few
claims of the generated debate of ``bench.engine``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.engine import big_debate
from kb.doc import DebateDoc, NodeKind
from kb.engine import cruxes
from kb.engine.evaluation import graph_of
from kb.engine.flips import flips
from kb.engine.labels import Semantics
from kb.seeds import read_seed

ROOT = Path(__file__).resolve().parent.parent


def _claims(doc: DebateDoc) -> list[str]:
    return [node.key for node in doc.nodes if node.kind is NodeKind.CLAIM]


def time_flips(doc: DebateDoc, semantics: Semantics, claims: list[str]) -> list[float]:
    """Seconds per flips question (every claim of `claims`, every party)."""
    graph = graph_of(doc)
    times = []
    for party in doc.parties:
        acceptance = doc.acceptance_of(party.key)
        for key in claims:
            started = time.perf_counter()
            flips(doc, acceptance, key, semantics=semantics, graph=graph)
            times.append(time.perf_counter() - started)
    return times


def _row(name: str, semantics: Semantics, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return (f"{name} | {semantics.value} | {len(times)} | {1000 * statistics.median(times):.1f} "
            f"| {1000 * p95:.1f} | {1000 * times[-1]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_flips", description=__doc__)
    parser.add_argument("--semantics", nargs="*", default=[s.value for s in Semantics])
    parser.add_argument("--claims", type=int, default=5,
                        help="claims of the 10,000-node debate to ask about")
    options = parser.parse_args()
    chosen = [Semantics(name) for name in options.semantics]
    seeds = {slug: read_seed(ROOT / "seeds" / f"{slug}.yaml")
             for slug in ("asan-2024", "rozman-2016")}
    print("debate | semantics | questions | median ms | p95 ms | max ms")
    print("--- | --- | --- | --- | --- | ---")
    for semantics in chosen:
        for slug, doc in seeds.items():
            print(_row(slug, semantics, time_flips(doc, semantics, _claims(doc))), flush=True)
    big = big_debate(10_000, 7)
    picked = _claims(big)[-options.claims:]
    for semantics in chosen:
        print(_row("generated 10,000 nodes", semantics, time_flips(big, semantics, picked)),
              flush=True)
    print()
    print("asan-2024 cruxes, wong vs asan-editors | semantics | cruxes | seconds")
    print("--- | --- | --- | ---")
    asan = seeds["asan-2024"]
    for semantics in chosen:
        started = time.perf_counter()
        found = cruxes(asan, "wong", "asan-editors", semantics=semantics)
        print(f"asan-2024 | {semantics.value} | {len(found)} | "
              f"{time.perf_counter() - started:.2f}", flush=True)


if __name__ == "__main__":
    main()
