"""Benchmark instances: random, mostly-acyclic and cycle-heavy Dung frameworks.

Each instance is written twice, as i23 (``p af N`` and ``i j`` lines) and as APX
(``arg(aI).``, ``att(aI,aJ).``), so every solver reads its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


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
    return pairs[pairs[:, 0] != pairs[:, 1]]


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
