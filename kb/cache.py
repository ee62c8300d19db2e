"""Every cache of computed results, in one place, keyed by debate identity and revision.

A debate's content at a revision never changes, so anything computed from it (its
document, an evaluation, an explanation, a rendered map) can be kept under a
:class:`DebateKey`: the debate's id and creation time (which tell apart a debate deleted
and created again under the same slug, even where the database reuses the id) and its
revision. A result cached under a key is never stale; a new revision simply misses.

:class:`Caches` holds one bounded LRU per kind of result. The :class:`~kb.store.Store` owns
one; the API, the pages and the CLI all reach it as ``store.caches``.

Examples
--------
>>> from datetime import datetime, UTC
>>> key = DebateKey(id=1, born=datetime(2026, 1, 1, tzinfo=UTC), revision=3)
>>> caches = Caches()
>>> caches.results.get((key, "answer"), lambda: 42), caches.results.get((key, "answer"), dict)
(42, 42)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from kb.doc import DebateDoc

V = TypeVar("V")


@dataclass(frozen=True)
class DebateKey:
    """A debate at one revision: what every cached result of it is keyed by."""

    id: int
    born: datetime
    revision: int


class LRU(Generic[V]):
    """A bounded, thread-safe LRU that builds each missing value once.

    At most `maxsize` entries, and at most `max_weight` in all when `weight` measures an
    entry (large maps take megabytes). Requests for the same missing key wait for the one
    that builds it; requests for other keys are not held up.

    >>> maps = LRU(maxsize=4, max_weight=6, weight=len)
    >>> maps.get("a", lambda: "abc"), maps.get("b", lambda: "defg"), len(maps)
    ('abc', 'defg', 1)
    >>> maps.peek("a") is None, maps.peek("b")
    (True, 'defg')
    """

    def __init__(self, maxsize: int, *, max_weight: int | None = None,
                 weight: Callable[[V], int] | None = None, newest: int | None = None) -> None:
        self.maxsize = maxsize
        self.max_weight = max_weight
        self._weight = weight
        self.newest = newest
        """Keep the entries of at most this many revisions per debate (the newest), for
        keys that are a :class:`DebateKey` or start with one: a debate written many times
        a second must not push every other debate out."""
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}
        self._revisions: dict[Hashable, dict[int, set[Hashable]]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def peek(self, key: Hashable) -> V | None:
        """Return the value of `key` if cached, else None."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """Return the value of `key`, building it (once) when missing."""
        found = self.peek(key)
        if found is not None:
            return found
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            found = self.peek(key)
            if found is not None:
                return found
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            self.put(key, value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        """Store `value` under `key`, dropping the least recently used past the bounds,
        and the entries of a debate's older revisions past `newest`."""
        with self._lock:
            if key in self._items:
                self._total -= self._measure(self._items.pop(key))
            self._items[key] = value
            self._total += self._measure(value)
            self._keep_newest(key)
            while len(self._items) > 1 and (
                len(self._items) > self.maxsize
                or (self.max_weight is not None and self._total > self.max_weight)
            ):
                dropped_key, dropped = self._items.popitem(last=False)
                self._total -= self._measure(dropped)
                self._forget(dropped_key)

    def _keep_newest(self, key: Hashable) -> None:
        found = _debate_revision(key) if self.newest is not None else None
        if found is None or self.newest is None:
            return
        debate, revision = found
        revisions = self._revisions.setdefault(debate, {})
        revisions.setdefault(revision, set()).add(key)
        while len(revisions) > self.newest:
            for old in revisions.pop(min(revisions)):
                if old in self._items:
                    self._total -= self._measure(self._items.pop(old))

    def _forget(self, key: Hashable) -> None:
        found = _debate_revision(key) if self.newest is not None else None
        if found is not None:
            keys = self._revisions.get(found[0], {}).get(found[1])
            if keys is not None:
                keys.discard(key)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()
            self._revisions.clear()
            self._total = 0

    def _measure(self, value: V) -> int:
        return self._weight(value) if self._weight is not None else 0


class Caches:
    """One cache per kind of result, each keyed by a :class:`DebateKey` first.

    ``docs``: the debate's :class:`~kb.doc.DebateDoc`; ``results``: evaluations,
    explanations, comparisons, cruxes, strengths and page parts (keyed by
    ``(DebateKey, what, ...)``); ``layouts`` and ``maps``: Graphviz layouts and painted maps
    (bounded in characters too); ``pages``: whole rendered pages (bounded in bytes; any
    value with a ``size``); ``answers``: whole JSON answers, as bytes with their gzipped form
    (bounded in bytes). ``steps``: per revision a write made, the revision before and what the write
    changed (``(DebateKey, before, after)``); ``grounded``: per (revision, party) the graph
    and grounded labels a later revision's are derived from, and per revision the graph
    the parties share (:mod:`kb.evaluations`).
    """

    def __init__(self, *, docs: int = 32, results: int = 512) -> None:
        self.docs: LRU[DebateDoc] = LRU(docs, newest=2)
        self.results: LRU[Any] = LRU(results, newest=2)
        self.layouts: LRU[str] = LRU(48, max_weight=48_000_000, weight=len)
        self.maps: LRU[str] = LRU(192, max_weight=96_000_000, weight=len)
        self.pages: LRU[Any] = LRU(128, max_weight=64_000_000, weight=_size)
        self.answers: LRU[Any] = LRU(256, max_weight=160_000_000, weight=_size, newest=2)
        self.steps: LRU[Any] = LRU(2048)
        self.grounded: LRU[Any] = LRU(12)

    def clear(self) -> None:
        """Forget every cached result (they are never stale; this only frees memory)."""
        for cache in (self.docs, self.results, self.layouts, self.maps, self.pages,
                      self.answers, self.steps, self.grounded):
            cache.clear()


def _debate_revision(key: Hashable) -> tuple[Hashable, int] | None:
    """(the debate's identity, the revision) of a key that is or starts with a DebateKey.

    >>> from datetime import datetime, UTC
    >>> key = DebateKey(1, datetime(2026, 1, 1, tzinfo=UTC), 7)
    >>> _debate_revision((key, "evaluation"))[1], _debate_revision("other")
    (7, None)
    """
    first = key[0] if isinstance(key, tuple) and key else key
    if isinstance(first, DebateKey):
        return (first.id, first.born), first.revision
    return None


def _size(value: Any) -> int:
    """Bytes of a kept answer or page: its ``size``, or its length."""
    size = getattr(value, "size", None)
    return int(size) if size is not None else len(value)
