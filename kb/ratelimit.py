"""Failed-attempt limiting, pure: no HTTP, no database.

A caller (a client address, a user name) that fails too often in a short time is held
off for a while: after `limit` failures within `window` seconds, every further attempt is
refused until the oldest of those failures is `window` seconds old. A success clears the
caller's record. The memory is bounded: at most `max_keys` callers are remembered, the
least recently seen forgotten first. Used for bearer tokens (the API) and passwords.

Examples
--------
>>> now = [0.0]
>>> limiter = FailureLimiter(limit=2, window=10, clock=lambda: now[0])
>>> limiter.failed("1.2.3.4"); limiter.failed("1.2.3.4")
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
from collections.abc import Callable


class FailureLimiter:
    """Count failures per key in a sliding window; thread-safe."""

    def __init__(self, *, limit: int = 10, window: float = 60.0, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again (0.0: it may now).

        >>> FailureLimiter().retry_after("anyone")
        0.0
        """
        with self._lock:
            times = self._recent(key)
            if times is None or len(times) < self.limit:
                return 0.0
            return max(0.0, times[0] + self.window - self._clock())

    def failed(self, key: str) -> None:
        """Record a failure of `key`."""
        with self._lock:
            times = self._recent(key)
            if times is None:
                times = self._failures[key] = deque(maxlen=self.limit)
            times.append(self._clock())
            self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

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
