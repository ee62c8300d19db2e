"""A small LRU of rendered maps for the pages, bounded in entries and in characters."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class SvgCache:
    """A small thread-safe LRU of rendered maps, keyed by e.g. (slug, revision, party, view).

    At most `maxsize` maps and `max_chars` characters in all: large maps take megabytes.

    >>> cache = SvgCache(maxsize=1)
    >>> cache.get(("d", 1), lambda: "one"), cache.get(("d", 1), lambda: "two")
    ('one', 'one')
    >>> cache.get(("d", 2), lambda: "three"), len(cache)
    ('three', 1)
    >>> small = SvgCache(max_chars=6)
    >>> small.get("a", lambda: "abc"), small.get("b", lambda: "defg"), len(small)
    ('abc', 'defg', 1)
    """

    def __init__(self, maxsize: int = 64, *, max_chars: int = 64_000_000) -> None:
        self.maxsize = maxsize
        self.max_chars = max_chars
        self._items: OrderedDict[Hashable, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, build: Callable[[], str]) -> str:
        """Return the cached value of `key`, building it once when missing.

        Requests for the same missing map wait for the one that builds it (a layout can
        take a second); requests for other maps are not held up.
        """
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            self._store(key, value)
        return value

    def _store(self, key: Hashable, value: str) -> None:
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._chars += len(value)
            while len(self._items) > 1 and (
                len(self._items) > self.maxsize or self._chars > self.max_chars
            ):
                _, dropped = self._items.popitem(last=False)
                self._chars -= len(dropped)
