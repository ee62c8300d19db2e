"""One failure limiter for bearer tokens and sign-ins: limits per kind of key, the window,
and memory bounded for tokens but not for accounts."""

from __future__ import annotations

from api.signin_limits import PER_ACCOUNT, PER_ADDRESS, WINDOW, SignInLimiter
from kb.ratelimit import FailureLimiter


def test_sign_in_limits_lock_an_account_then_an_address_until_the_window_ends() -> None:
    now = [0.0]
    limiter = SignInLimiter(clock=lambda: now[0])
    assert isinstance(limiter, FailureLimiter)
    counts = [limiter.failed_at("ann", "10.0.0.1") for _ in range(PER_ACCOUNT)]
    assert counts == [1, 2, 3, 4, 5]
    assert limiter.wait("ann", "10.0.0.2") == WINDOW
    assert limiter.wait("bob", "10.0.0.1") == 0.0
    for number in range(PER_ADDRESS - PER_ACCOUNT):
        now[0] = 1.0 + number
        limiter.failed_at(f"user{number}", "10.0.0.1")
    assert limiter.wait("bob", "10.0.0.1") == WINDOW - now[0]
    limiter.signed_in("ann")
    assert limiter.wait("ann", "10.0.0.2") == 0.0
    now[0] = WINDOW + 1.0
    assert limiter.wait("bob", "10.0.0.1") == 0.0


def test_token_limiter_forgets_the_least_recent_key_and_sign_ins_never_do() -> None:
    tokens = FailureLimiter(limit=1, window=60, max_keys=2, clock=lambda: 0.0)
    for client in ("a", "b", "c"):
        tokens.failed(client)
    assert [tokens.retry_after(c) for c in ("a", "b", "c")] == [0.0, 60.0, 60.0]
    signins = SignInLimiter(per_account=1, clock=lambda: 0.0)
    for number in range(20_000):
        signins.failed(f"account:user{number}")
    assert signins.wait("user0", "10.0.0.9") == WINDOW
