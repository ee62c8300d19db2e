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

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, build: Callable[[], str]) -> str:
        """Return the cached value of `key`, building (outside the lock) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._chars += len(value)
            while len(self._items) > 1 and (
                len(self._items) > self.maxsize or self._chars > self.max_chars
            ):
                _, dropped = self._items.popitem(last=False)
                self._chars -= len(dropped)
        return value
