"""Flips and cruxes timed on the seed debates and on a 10,000-node debate.

Run: ``.venv/bin/python -m bench.engine_flips [--semantics S ...] [--claims N]``. Prints,
per debate and semantics, the time of one flips question (every claim of a seed for every
party; ``--claims`` claims drawn with a fixed seed from the generated debate of
``bench.engine``, for every party), as median, p95 and max of CPU time (which other work
on the machine barely changes) and p95 of wall time, then the time of all cruxes between
the two parties of each seed. The graph of each debate is built once and passed in, as the
API does.

``--large`` times instead the dense debate of ``bench.generate.large_debate(10_000,
30_000)``: ``n5711`` and ``--large-claims`` other claims drawn with a fixed seed among
those reached by at least ``LARGE`` items (in that debate, by 37,194), for every party,
each question on its own line (``--answers FILE`` also writes the answers as JSON lines,
to compare two versions; ``--to``, ``--max-size`` and ``--time-limit`` set the question:
``--large --to UNDEC --time-limit 2`` asks what the API asks, with a shorter limit).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from itertools import islice
from pathlib import Path
from typing import Any

from bench.engine import big_debate
from bench.generate import large_debate
from kb.doc import DebateDoc, NodeKind
from kb.engine import cruxes
from kb.engine.evaluation import graph_of
from kb.engine.flips import flips
from kb.engine.labels import Semantics
from kb.seeds import read_seed

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {"asan-2024": ("wong", "asan-editors"), "rozman-2016": ("rozman", "some-observers")}
"""Each seed debate and the two parties whose cruxes are timed."""
LARGE = 2_000
"""With ``--large``: the claims asked about are reached by at least this many items."""


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


def time_large(semantics: list[Semantics], count: int, answers: str | None,
               **question: Any) -> None:
    """One line per flips question on the dense generated debate (see the module notes);
    `question`: ``to``, ``max_size`` and ``time_limit`` of every question, when given."""
    asked = {name: value for name, value in question.items() if value is not None}
    doc = large_debate(10_000, 30_000)
    graph = graph_of(doc)
    claims = _claims(doc)
    index = graph.index()
    shuffled = random.Random(15).sample(claims, len(claims))
    large = (key for key in shuffled if key != "n5711"
             and len(graph.ancestors(index[key])) >= LARGE)
    picked = ["n5711", *islice(large, count)]
    out = open(answers, "w") if answers else None  # noqa: SIM115
    print("| claim | party | semantics | label | to | size | at least | sets | CPU s | wall s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for chosen in semantics:
        for key in picked:
            for party in doc.parties:
                started, ticks = time.perf_counter(), time.process_time()
                found = flips(doc, doc.acceptance_of(party.key), key, semantics=chosen,
                              graph=graph, **asked)
                cpu, wall = time.process_time() - ticks, time.perf_counter() - started
                print(f"| {key} | {party.key} | {chosen.value} | {found.label.value} | "
                      f"{found.to.value} | {found.size} | "
                      f"{getattr(found, 'at_least', None)} | {len(found.flips)} | "
                      f"{cpu:.2f} | {wall:.2f} |", flush=True)
                if out is not None:
                    out.write(json.dumps(found.to_json(debate="large", party=party.key)) + "\n")
    if out is not None:
        out.close()
    print(f"\nload average at the end {_load()}")


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
    parser.add_argument("--large", action="store_true",
                        help="time the dense 10,000-node, 30,000-edge debate instead")
    parser.add_argument("--large-claims", type=int, default=5,
                        help="claims besides n5711 asked about with --large")
    parser.add_argument("--answers", help="with --large: write the answers to this file")
    parser.add_argument("--to", help="with --large: the label asked for (default: the "
                        "other one, OUT for a claim that is IN, else IN)")
    parser.add_argument("--max-size", type=int, help="with --large: the largest set tried")
    parser.add_argument("--time-limit", type=float,
                        help="with --large: stop each question after this many seconds")
    options = parser.parse_args()
    chosen = [Semantics(name) for name in options.semantics]
    if options.large:
        print(f"{os.cpu_count()} cores; load average at start {_load()}\n")
        time_large(chosen, options.large_claims, options.answers, to=options.to,
                   max_size=options.max_size, time_limit=options.time_limit)
        return
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
