"""Full-text search on a large knowledge base: p50 and p95 of ``Store.search``.

Usage: python -m bench.search --db URL [--debates 1500] [--nodes 100000] [--queries 300]

Fills an empty database with `debates` generated debates holding `nodes` nodes in all
(through ``Store.import_doc``, one transaction a debate; texts of 8 to 24 words from a
vocabulary of about 4,000 words with Zipf frequencies), then times `queries` searches
(one to three words drawn from the vocabulary by the same Zipf frequencies as the texts:
common words come up often, as they do in what people type; some with a debate or kind
filter, a page of 20 with its total), and prints the percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from kb.db import make_engine, upgrade
from kb.doc import DebateDoc, NodeDoc, NodeKind, PartyDoc
from kb.store import Store

_SYLLABLE_TEXT = "ka ro mi su te na lo vi da pe gu zo ri an el or us ti mo ba ne sa lu fi ko"
SYLLABLES = tuple(_SYLLABLE_TEXT.split(" "))
VOCABULARY = sorted({"".join(random.Random(n).sample(SYLLABLES, 3)) for n in range(4000)})
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
"""Word frequencies follow Zipf's law, as in natural text."""


def words(rng: random.Random, count: int) -> list[str]:
    """`count` words drawn by their Zipf frequency."""
    return rng.choices(VOCABULARY, weights=WEIGHTS, k=count)


def fill(store: Store, debates: int, nodes: int, seed: int = 1) -> None:
    """Write `debates` debates with `nodes` nodes in all."""
    rng = random.Random(seed)
    per = nodes // debates
    for d in range(debates):
        items = tuple(NodeDoc(key=f"n{i}", kind=NodeKind.CLAIM if i % 3 else NodeKind.EVIDENCE,
                              text=" ".join(words(rng, rng.randint(8, 24))),
                              tags=tuple(words(rng, 1)))
                      for i in range(per))
        store.import_doc(DebateDoc(slug=f"bench-{d}", title=f"Debate {d}",
                                   parties=(PartyDoc(key="p", name="P"),), nodes=items),
                         actor="bench")


def analyze(store: Store) -> None:
    """Refresh the planner's statistics, as autovacuum soon would after a bulk fill."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.add_argument("--db", required=True)
    parser.add_argument("--debates", type=int, default=1500)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    upgrade(args.db)
    store = Store(make_engine(args.db))
    if not store.list_debates(limit=1):
        started = time.perf_counter()
        fill(store, args.debates, args.nodes)
        print(f"filled {args.debates} debates, {args.nodes} nodes in "
              f"{time.perf_counter() - started:.0f} s")
        analyze(store)
    rng = random.Random(7)
    times = []
    for n in range(args.queries):
        query = " ".join(words(rng, rng.randint(1, 3)))
        debate = f"bench-{rng.randrange(args.debates)}" if n % 5 == 0 else None
        kind = "claim" if n % 4 == 0 else None
        started = time.perf_counter()
        store.search(query, debate=debate, kind=kind, limit=20)
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100)
    print(f"{args.queries} searches: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
          f"max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
