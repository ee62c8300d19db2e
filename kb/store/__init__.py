"""The store: the only code that reads and writes the knowledge base's tables.

:class:`Store` (in :mod:`kb.store.store`) is the one entry point; each of its methods is
documented where it is defined. See ``docs/store.md`` for how a change flows through it.
"""

from __future__ import annotations

from kb.auth import Actor
from kb.store.reads import MAX_LIMIT
from kb.store.store import Store

__all__ = ["MAX_LIMIT", "Actor", "Store"]
