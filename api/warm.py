"""Large debates read before their first reader: a server worker warms them at start.

The first request for a debate of 100,000 nodes in a worker reads it from the database and
builds its graph (several seconds); every later one is answered from what that left in the
caches. So a worker, once started, reads the public debates of more than
:data:`~api.pages.views.LARGE` nodes, largest first, up to ``ARGMAP_WARM_NODES`` nodes in
all (default 300,000; 0 switches it off), in a background thread: each debate's document,
every party's grounded labels, its central claim and the part of the map the debate page
opens on. Requests are answered meanwhile; one that needs a debate being warmed waits for
that work instead of doing it again (the caches build each value once).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from api.pages.views import LARGE, Pages
from kb.errors import ArgmapError

WARM_VAR = "ARGMAP_WARM_NODES"
DEFAULT_NODES = 300_000
log = logging.getLogger("argmap.warm")


def chosen(sizes: list[tuple[str, int]], budget: int) -> list[str]:
    """The large debates to warm: largest first, within `budget` nodes in all.

    >>> chosen([("big", 90_000), ("huge", 250_000), ("seed", 211)], 300_000)
    ['huge']
    >>> chosen([("big", 90_000), ("seed", 211)], 300_000)
    ['big']
    """
    found, total = [], 0
    for slug, nodes in sorted(sizes, key=lambda item: -item[1]):
        if nodes > LARGE and total + nodes <= budget:
            found.append(slug)
            total += nodes
    return found


def warm(state: Any, budget: int) -> list[str]:
    """Warm the chosen debates of the app whose ``app.state`` is `state`; return them."""
    pages = _pages(state)
    done = []
    for slug in chosen(state.store.public_sizes(), budget):
        try:
            doc, revision = pages.debate(slug)
            for party in doc.parties:
                pages.labels(doc, revision, party.key, "grounded")
            central = pages.central(doc, revision)
            if central is not None:
                pages.part(doc, revision, central, 2)
        except ArgmapError as exc:  # deleted or changed meanwhile: its readers will read it
            log.info("not warmed: %s (%s)", slug, exc)
            continue
        done.append(slug)
    return done


def _pages(state: Any) -> Pages:
    pages: Pages | None = getattr(state, "pages", None)
    if pages is None:
        pages = state.pages = Pages(state.store)
    return pages


def start_warming(state: Any) -> threading.Thread | None:
    """Warm in a background thread, unless ``ARGMAP_WARM_NODES`` is 0."""
    budget = int(os.environ.get(WARM_VAR, DEFAULT_NODES))
    if budget <= 0:
        return None
    _pages(state)  # made before any request can make its own

    def run() -> None:
        try:
            slugs = warm(state, budget)
        except Exception:  # a warm-up must never take the worker down
            log.exception("warming the large debates failed")
            return
        if slugs:
            log.info("warmed %s", ", ".join(slugs))

    thread = threading.Thread(target=run, name="argmap-warm", daemon=True)
    thread.start()
    return thread
