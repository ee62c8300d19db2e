"""What the server that forks bounded children loads once, before it forks them.

:func:`api.budget.run_bounded` starts each child from a ``forkserver`` process that imports
this module first: the engine, and the compiled well-founded loop read from numba's cache.
Without it every child on a large debate (a flips or crux search, an export) spends about
0.6 s loading that loop again.

>>> import api.preload
>>> api.preload.LOADED
True
"""

from __future__ import annotations

import numpy as np

from kb.engine.graph import ArgGraph
from kb.engine.kernels import well_founded_timed


def _load_kernels() -> bool:
    """Run the compiled loop once on a two-item debate (loading it from numba's cache)."""
    graph = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
    disabled = np.zeros(len(graph.table.heads), dtype=np.bool_)
    well_founded_timed(graph.size, graph.table, disabled)
    return True


LOADED = _load_kernels()
"""Whether the compiled loop is loaded (always, once this module is imported)."""
