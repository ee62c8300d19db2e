"""Benchmark instances: random, mostly-acyclic and cycle-heavy Dung frameworks, and large
generated debates.

Each framework is written twice, as i23 (``p af N`` and ``i j`` lines) and as APX
(``arg(aI).``, ``att(aI,aJ).``), so every solver reads its own format.
:func:`large_debate` builds a whole :class:`~kb.doc.DebateDoc` (100,000 nodes and 300,000
edges by default) for ``python -m bench.scale``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.doc import (
    Citation,
    DebateDoc,
    EdgeDoc,
    NodeDoc,
    NodeKind,
    PartyDoc,
    Relation,
    SourceDoc,
    Stance,
)


@dataclass(frozen=True)
class Instance:
    family: str
    count: int
    attacks: int
    i23: Path
    apx: Path
    query: int
    """A 1-based argument for the DC/DS tasks."""


def erdos_renyi(count: int, degree: float, seed: int) -> np.ndarray:
    """Each ordered pair is an attack with probability degree / count (self-attacks kept)."""
    rng = np.random.default_rng(seed)
    total = rng.binomial(count * count, min(1.0, degree / count))
    pairs = np.unique(rng.integers(0, count, size=(total, 2)), axis=0)
    return pairs


def mostly_acyclic(count: int, attacks: int, seed: int, backwards: float = 0.02) -> np.ndarray:
    """Attacks mostly from lower to higher numbers (grounded decides most of it)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, count, attacks)
    b = rng.integers(0, count, attacks)
    low, high = np.minimum(a, b), np.maximum(a, b)
    back = rng.random(attacks) < backwards
    pairs = np.stack([np.where(back, high, low), np.where(back, low, high)], axis=1)
    kept: np.ndarray = pairs[pairs[:, 0] != pairs[:, 1]]
    return kept


def cycle_heavy(count: int, seed: int, links: float = 0.5) -> np.ndarray:
    """Disjoint odd and even cycles of length 2 to 7, plus sparse random links between them."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(count)
    pairs: list[tuple[int, int]] = []
    start = 0
    while start < count:
        length = min(int(rng.integers(2, 8)), count - start)
        ring = order[start:start + length]
        if length >= 2:
            pairs += [(int(ring[i]), int(ring[(i + 1) % length])) for i in range(length)]
        start += length
    extra = rng.integers(0, count, size=(int(count * links), 2))
    cycles = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return np.unique(np.concatenate([cycles, extra]), axis=0)


def write(folder: Path, name: str, family: str, count: int, pairs: np.ndarray) -> Instance:
    """Write `pairs` (0-based) as i23 and APX under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    one = pairs + 1
    i23 = folder / f"{name}.i23"
    with i23.open("w") as out:
        out.write(f"p af {count}\n")
        np.savetxt(out, one, fmt="%d")
    apx = folder / f"{name}.apx"
    with apx.open("w") as out:
        out.write("".join(f"arg(a{i}).\n" for i in range(1, count + 1)))
        np.savetxt(out, one, fmt="att(a%d,a%d).")
    query = int(one[0, 1]) if len(one) else 1
    return Instance(family, count, len(pairs), i23, apx, query)


def large_debate(nodes: int = 100_000, edges: int = 300_000, *, parties: int = 4,
                 seed: int = 14) -> DebateDoc:
    """A generated debate of `nodes` nodes and `edges` edges, the same for the same seed.

    Two fifths of the nodes are evidence, the rest claims; edges support (about 70 %) or
    rebut a node of a higher number, except for about one in twenty, which undercuts an
    earlier edge. Each of `parties` parties accepts or rejects about half of the evidence
    and concedes a few claims; some nodes cite one of a handful of sources.

    >>> doc = large_debate(50, 150, seed=1)
    >>> len(doc.nodes), len(doc.edges), len(doc.parties)
    (50, 150, 4)
    >>> large_debate(50, 150, seed=1) == doc
    True
    """
    rng = random.Random(seed)
    evidence = int(nodes * 0.4)
    sources = tuple(SourceDoc(key=f"src{i}", title=f"Source {i}", year=2000 + i)
                    for i in range(8))
    party_docs = tuple(PartyDoc(key=f"p{i}", name=f"Party {i}") for i in range(parties))
    node_docs = tuple(
        NodeDoc(key=f"n{i}", kind=NodeKind.EVIDENCE if i < evidence else NodeKind.CLAIM,
                text=f"Generated {'evidence' if i < evidence else 'claim'} number {i}.",
                citations=((Citation(source=f"src{i % 8}", locator=f"p. {i % 300}"),)
                           if i % 10 == 0 else ()),
                asserted_by=(f"p{i % parties}",) if i % 7 == 0 else ())
        for i in range(nodes)
    )
    edge_docs = _large_edges(rng, nodes, edges)
    acceptance: dict[str, dict[str, Stance]] = {}
    for party in party_docs:
        stances = {f"n{i}": Stance.ACCEPTED if rng.random() < 0.7 else Stance.REJECTED
                   for i in range(evidence) if rng.random() < 0.5}
        stances.update({f"n{i}": Stance.ACCEPTED
                        for i in rng.sample(range(evidence, nodes), (nodes - evidence) // 50)})
        acceptance[party.key] = stances
    return DebateDoc(slug="large", title=f"A generated debate of {nodes} nodes",
                     summary="Generated by bench/generate.py for the scale benchmark.",
                     sources=sources, parties=party_docs, nodes=node_docs, edges=edge_docs,
                     acceptance=acceptance)


def _large_edges(rng: random.Random, nodes: int, count: int) -> tuple[EdgeDoc, ...]:
    """Edges from a node to a node of a higher number, and some undercutters."""
    found: list[EdgeDoc] = []
    for i in range(count):
        if found and rng.random() < 0.05:
            aimed = found[rng.randrange(len(found))].key
            found.append(EdgeDoc(key=f"e{i}", source=f"n{rng.randrange(nodes)}",
                                 relation=Relation.REBUTS, target_edge=aimed))
            continue
        low = rng.randrange(nodes - 1)
        high = rng.randrange(low + 1, min(nodes, low + 2000))
        relation = Relation.SUPPORTS if rng.random() < 0.7 else Relation.REBUTS
        found.append(EdgeDoc(key=f"e{i}", source=f"n{low}", relation=relation,
                             target=f"n{high}"))
    return tuple(found)
