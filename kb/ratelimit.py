"""Failed-attempt limiting, pure: no HTTP, no database.

A caller (a client address, a user name) that fails too often in a short time is held
off for a while: after `limit` failures within `window` seconds, every further attempt is
refused until the oldest of those failures is `window` seconds old. A success clears the
caller's record. A key ``KIND:NAME`` may have a limit of its own (``limits={KIND: N}``),
so one limiter counts, say, accounts and addresses side by side. The memory is bounded:
at most `max_keys` callers are remembered (None: no bound), the least recently seen
forgotten first. Used for bearer tokens (:mod:`api.auth`) and for sign-ins
(:mod:`api.signin_limits`).

Examples
--------
>>> now = [0.0]
>>> limiter = FailureLimiter(limit=2, window=10, clock=lambda: now[0])
>>> limiter.failed("1.2.3.4"), limiter.failed("1.2.3.4")
(1, 2)
>>> limiter.retry_after("1.2.3.4") > 0, limiter.retry_after("5.6.7.8")
(True, 0.0)
>>> now[0] = 10.5
>>> limiter.retry_after("1.2.3.4")
0.0
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping


class FailureLimiter:
    """Count failures per key in a sliding window; thread-safe."""

    def __init__(self, *, limit: int = 10, window: float = 60.0, max_keys: int | None = 10_000,
                 limits: Mapping[str, int] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.limits = dict(limits or {})
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def limit_of(self, key: str) -> int:
        """The limit of `key`: its kind's (the part before ``:``), else the default.

        >>> FailureLimiter(limit=5, limits={"address": 20}).limit_of("address:10.0.0.1")
        20
        """
        kind, colon, _ = key.partition(":")
        return self.limits.get(kind, self.limit) if colon else self.limit

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again (0.0: it may now).

        >>> FailureLimiter().retry_after("anyone")
        0.0
        """
        with self._lock:
            times = self._recent(key)
            if times is None or len(times) < self.limit_of(key):
                return 0.0
            return max(0.0, times[0] + self.window - self._clock())

    def failed(self, key: str) -> int:
        """Record a failure of `key`; return its failures in the window (at most its limit)."""
        with self._lock:
            times = self._recent(key)
            if times is None:
                times = self._failures[key] = deque(maxlen=self.limit_of(key))
            times.append(self._clock())
            self._failures.move_to_end(key)
            while self.max_keys is not None and len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)
            return len(times)

    def succeeded(self, key: str) -> None:
        """Forget the failures of `key`."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        horizon = self._clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times
