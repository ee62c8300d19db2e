"""Browser tests: Debian's Chromium driven by Playwright against a live ``argmap serve``.

The server runs as a subprocess on a free port over a fresh SQLite file holding the seed
debates (or, while the seed maps cannot be loaded, a small debate shaped like asan-2024).
Each test saves a screenshot under ``tests/artifacts/``. ``ARGMAP_E2E_URL`` points the tests
at a server already running instead (it must hold asan-2024). Without ``/usr/bin/chromium``
every browser test skips and says why (``bash tests/tools/browser.sh`` installs it); the
plain HTTP tests still run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGMAP = str(Path(sys.executable).with_name("argmap"))
DEBATE = "asan-2024"
CENTRAL = "russia-independent-of-china"
SAMPLE = "pages-sample"
"""A small debate with three parties, always loaded next to the seeds."""



@dataclass
class Server:
    base_url: str
    db_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare_database(db_url: str) -> None:
    """Migrate and load the seeds; fall back to the sample debate when asan-2024 is absent."""
    from kb.db import make_engine, upgrade
    from kb.seeds import load_seeds
    from kb.store import Store

    upgrade(db_url)
    engine = make_engine(db_url)
    store = Store(engine)
    try:
        from .sample import sample_debate

        load_seeds(store, ROOT / "seeds")
        if store.find_debate(DEBATE) is None:
            store.import_doc(sample_debate(DEBATE), actor="tests")
        store.import_doc(sample_debate(SAMPLE, observer=True), actor="tests")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A live ``argmap serve`` over a fresh SQLite file with the asan-2024 debate."""
    if os.environ.get("ARGMAP_E2E_URL"):
        # an already running server with the asan-2024 debate (e.g. `make serve`)
        yield Server(os.environ["ARGMAP_E2E_URL"].rstrip("/"), "")
        return
    folder = tmp_path_factory.mktemp("e2e")
    db_url = f"sqlite:///{folder / 'argmap.db'}"
    _prepare_database(db_url)
    port = _free_port()
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [ARGMAP, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db_url],
            cwd=folder,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"argmap serve exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(base_url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"argmap serve did not answer:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(base_url, db_url)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group (uvicorn and any workers it started)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _csp_violation(message: Any, errors: list[str]) -> None:
    """Keep a console message that reports a Content-Security-Policy violation."""
    if "Content Security Policy" in message.text:
        errors.append(message.text)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page; fails the test on a JavaScript error, saves a screenshot at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("console", lambda message: _csp_violation(message, errors))
    yield opened
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert not errors, f"JavaScript errors or Content-Security-Policy violations: {errors}"


@pytest.fixture
def static_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page with JavaScript switched off, to check the plain-link fallbacks."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
