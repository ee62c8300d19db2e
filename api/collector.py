"""The garbage collector's pace in a server process.

A worker keeps large debates in memory (documents, graphs, labels: millions of objects on
a debate of 100,000 nodes). With CPython's default thresholds a collection of the young
generation runs every 700 allocations and an older one every ten of those, and each older
collection walks much of that heap: on a generated debate of 10,000 nodes a claim page
spent three quarters of its time collecting. Raising the first threshold makes the young
collections rarer and the old ones follow in proportion; memory that is garbage waits a
little longer (at most about the threshold's number of objects).

``ARGMAP_GC_THRESHOLD`` sets the first threshold (default 100,000; 0 keeps CPython's).

>>> import gc
>>> before = gc.get_threshold()
>>> pace_collector({"ARGMAP_GC_THRESHOLD": "50000"})
(50000, 50, 100)
>>> gc.set_threshold(*before)
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping

THRESHOLD_VAR = "ARGMAP_GC_THRESHOLD"
DEFAULT_THRESHOLD = 100_000


def pace_collector(environ: Mapping[str, str] = os.environ) -> tuple[int, int, int]:
    """Set the collector's thresholds for a server process; return them."""
    first = int(environ.get(THRESHOLD_VAR, DEFAULT_THRESHOLD))
    if first > 0:
        gc.set_threshold(first, 50, 100)
    threshold: tuple[int, int, int] = gc.get_threshold()
    return threshold
