"""Failed sign-ins, counted per account and per address: each failure slows the next
answer, and too many in a window lock that account or address out until it ends.

In memory, per server process: with N workers an attacker gets at most N times the limit,
still a handful of guesses per quarter hour against argon2 hashes.

Examples
--------
>>> now = [0.0]
>>> limiter = SignInLimiter(per_account=2, per_address=10, window=60, clock=lambda: now[0])
>>> limiter.failed_at("ann", "10.0.0.1"), limiter.failed_at("ann", "10.0.0.1")
(1, 2)
>>> limiter.wait("ann", "10.0.0.9") > 0, limiter.wait("bob", "10.0.0.1")
(True, 0.0)
>>> now[0] = 61.0; limiter.wait("ann", "10.0.0.1")
0.0
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kb.ratelimit import FailureLimiter

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


class SignInLimiter(FailureLimiter):
    """Failures per account (``account:NAME``) and per address (``address:IP``) in one
    sliding window, with the limiter of :mod:`kb.ratelimit`; every account is remembered
    (no bound, so that no flood of other names can make one forget an account)."""

    def __init__(self, *, per_account: int = PER_ACCOUNT, per_address: int = PER_ADDRESS,
                 window: float = WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(limit=per_account, limits={"address": per_address}, window=window,
                         max_keys=None, clock=clock)

    def wait(self, account: str, address: str) -> float:
        """Seconds until `account` from `address` may try again (0.0: now)."""
        return max(self.retry_after(f"account:{account}"), self.retry_after(f"address:{address}"))

    def failed_at(self, account: str, address: str) -> int:
        """Count a failure; return the account's failures in the window."""
        self.failed(f"address:{address}")
        return self.failed(f"account:{account}")

    def signed_in(self, account: str) -> None:
        """Forget the account's failures (its address keeps counting)."""
        self.succeeded(f"account:{account}")
