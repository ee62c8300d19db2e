"""Failed sign-ins, counted per account and per address: each failure slows the next
answer, and too many in a window lock that account or address out until it ends.

In memory, per server process: with N workers an attacker gets at most N times the limit,
still a handful of guesses per quarter hour against argon2 hashes.

Examples
--------
>>> now = [0.0]
>>> limiter = FailureLimiter(per_account=2, per_address=10, window=60, clock=lambda: now[0])
>>> limiter.failed("ann", "10.0.0.1"), limiter.failed("ann", "10.0.0.1")
(1, 2)
>>> limiter.wait("ann", "10.0.0.9") > 0, limiter.wait("bob", "10.0.0.1")
(True, 0.0)
>>> now[0] = 61.0; limiter.wait("ann", "10.0.0.1")
0.0
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

PER_ACCOUNT = 5
PER_ADDRESS = 20
WINDOW = 15 * 60.0
"""Seconds over which failures are counted."""
MAX_DELAY = 3.0


def delay_after(failures: int) -> float:
    """Seconds to hold the answer to the `failures`-th failure in a row (doubling, capped).

    >>> [delay_after(n) for n in (1, 2, 3, 6)]
    [0.25, 0.5, 1.0, 3.0]
    """
    return float(min(0.25 * 2 ** (max(failures, 1) - 1), MAX_DELAY))


class FailureLimiter:
    """Failures per account and per address in a sliding window."""

    def __init__(self, *, per_account: int = PER_ACCOUNT, per_address: int = PER_ADDRESS,
                 window: float = WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_account = per_account
        self.per_address = per_address
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait(self, account: str, address: str) -> float:
        """Seconds until `account` from `address` may try again (0.0: now)."""
        now = self.clock()
        with self._lock:
            waits = [0.0]
            for key, limit in ((f"account:{account}", self.per_account),
                               (f"address:{address}", self.per_address)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[0] + self.window - now)
            return max(waits)

    def failed(self, account: str, address: str) -> int:
        """Count a failure; return the account's failures in the window."""
        now = self.clock()
        with self._lock:
            self._recent(f"address:{address}", now).append(now)
            times = self._recent(f"account:{account}", now)
            times.append(now)
            return len(times)

    def succeeded(self, account: str) -> None:
        """Forget the account's failures (its address keeps counting)."""
        with self._lock:
            self._failures.pop(f"account:{account}", None)
