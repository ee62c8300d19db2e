"""A short load run (bench/load.py): 50 concurrent clients on SQLite, at most 300 requests
or 20 seconds, and not one error."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("load")]


def test_live_load_short_run_has_no_errors() -> None:
    # a thread of its own: a browser test earlier in this process may hold the main
    # thread's event loop, and the load run starts one with asyncio.run
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(run, "sqlite-1", clients=50, requests=300, seconds=20).result()
    assert result.errors == []
    assert result.requests >= 50
    assert set(result.latencies) == {"evaluation", "page", "write"}
