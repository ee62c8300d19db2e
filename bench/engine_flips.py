"""Flips and cruxes timed on the seed debates and on a 10,000-node debate.

Run: ``.venv/bin/python -m bench.engine_flips [--semantics S ...] [--claims N]``. Prints,
per debate and semantics, the time of one flips question (every claim of a seed for every
party; ``--claims`` claims drawn with a fixed seed from the generated debate of
``bench.engine``, for every party), as median, p95 and max of CPU time (which other work
on the machine barely changes) and p95 of wall time, then the time of all cruxes between
the two parties of each seed. The graph of each debate is built once and passed in, as the
API does.
"""

from __future__ import annotations

import argparse
import os
import random
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
SEEDS = {"asan-2024": ("wong", "asan-editors"), "rozman-2016": ("rozman", "some-observers")}
"""Each seed debate and the two parties whose cruxes are timed."""


def _claims(doc: DebateDoc) -> list[str]:
    return [node.key for node in doc.nodes if node.kind is NodeKind.CLAIM]


def time_flips(doc: DebateDoc, semantics: Semantics,
               claims: list[str]) -> tuple[list[float], list[float]]:
    """CPU and wall seconds per flips question (every claim of `claims`, every party)."""
    graph = graph_of(doc)
    cpu, wall = [], []
    for party in doc.parties:
        acceptance = doc.acceptance_of(party.key)
        for key in claims:
            started, ticks = time.perf_counter(), time.process_time()
            flips(doc, acceptance, key, semantics=semantics, graph=graph)
            cpu.append(time.process_time() - ticks)
            wall.append(time.perf_counter() - started)
    return cpu, wall


def _p95(times: list[float]) -> float:
    return sorted(times)[min(len(times) - 1, int(0.95 * len(times)))]


def _row(name: str, semantics: Semantics, times: tuple[list[float], list[float]]) -> str:
    cpu, wall = times
    return (f"| {name} | {semantics.value} | {len(cpu)} | "
            f"{1000 * statistics.median(cpu):.1f} | {1000 * _p95(cpu):.1f} | "
            f"{1000 * max(cpu):.1f} | {1000 * _p95(wall):.1f} |")


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_flips", description=__doc__)
    parser.add_argument("--semantics", nargs="*", default=[s.value for s in Semantics])
    parser.add_argument("--claims", type=int, default=40,
                        help="claims of the 10,000-node debate to ask about")
    parser.add_argument("--no-big", action="store_true", help="skip the 10,000-node debate")
    options = parser.parse_args()
    chosen = [Semantics(name) for name in options.semantics]
    seeds = {slug: read_seed(ROOT / "seeds" / f"{slug}.yaml") for slug in SEEDS}
    print(f"{os.cpu_count()} cores; load average at start {_load()}\n")
    print("| debate | semantics | questions | CPU median ms | CPU p95 ms | CPU max ms "
          "| wall p95 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for semantics in chosen:
        for slug, doc in seeds.items():
            print(_row(slug, semantics, time_flips(doc, semantics, _claims(doc))), flush=True)
    if not options.no_big:
        big = big_debate(10_000, 7)
        every = _claims(big)
        picked = random.Random(15).sample(every, min(options.claims, len(every)))
        for semantics in chosen:
            print(_row("generated 10,000 nodes", semantics, time_flips(big, semantics, picked)),
                  flush=True)
    print("\n| cruxes | semantics | cruxes | CPU seconds | wall seconds |")
    print("| --- | --- | --- | --- | --- |")
    for slug, (first, second) in SEEDS.items():
        for semantics in chosen:
            started, ticks = time.perf_counter(), time.process_time()
            found = cruxes(seeds[slug], first, second, semantics=semantics)
            print(f"| {slug}, {first} and {second} | {semantics.value} | {len(found)} | "
                  f"{time.process_time() - ticks:.2f} | {time.perf_counter() - started:.2f} |",
                  flush=True)
    print(f"\nload average at the end {_load()}")


if __name__ == "__main__":
    main()
