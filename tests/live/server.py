"""A live ``argmap serve`` on a free port, for tests over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.databases import create_pg_database, drop_pg_database, postgres_reachable

ROOT = Path(__file__).resolve().parents[2]
ARGMAP = str(Path(sys.executable).with_name("argmap"))


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(*args: str, db_url: str, cwd: Path) -> str:
    """Run the installed ``argmap`` and return its stdout (raises on a non-zero exit)."""
    env = {**os.environ, "ARGMAP_DB": db_url}
    done = subprocess.run(
        [ARGMAP, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"argmap {' '.join(args)} failed: {done.stderr}{done.stdout}")
    return done.stdout


def add_user(name: str, role: str, *, db_url: str, cwd: Path,
             debates: tuple[str, ...] = ()) -> str:
    """Create a user with ``argmap user add`` and return their bearer token (an editor
    without `debates` is a global editor)."""
    scope = [arg for slug in debates for arg in ("--debate", slug)]
    out = run_cli("user", "add", name, "--role", role, *scope, db_url=db_url, cwd=cwd)
    return out.strip().splitlines()[-1].strip()


@dataclass
class LiveServer:
    base_url: str
    db_url: str
    cwd: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30, **kwargs)

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@dataclass
class Serving:
    """A started ``argmap serve`` process (its own process group) and where it listens."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def wait_ready(self, seconds: float = 90) -> None:
        """Wait until /api/health answers 200 (RuntimeError if the process ends first)."""
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"argmap serve exited with {self.process.returncode}:\n"
                                   + self.log_path.read_text()[-4000:])
            try:
                if httpx.get(self.base_url + "/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"argmap serve did not answer /api/health in {seconds} s")
            time.sleep(0.2)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Send `sig` to the whole process group and wait (SIGKILL after 20 s)."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_serve(db_url: str, cwd: Path, *, workers: int = 1, seeds: Path | None = None,
                env: dict[str, str] | None = None) -> Serving:
    """Start ``argmap serve`` over `db_url` on a free port, without waiting for it."""
    port = free_port()
    log_path = cwd / f"server-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [ARGMAP, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db_url,
             "--workers", str(workers), *(["--seeds", str(seeds)] if seeds else [])],
            cwd=cwd, env={**os.environ, "ARGMAP_DB": db_url, "PYTHONUNBUFFERED": "1",
                          **(env or {})},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return Serving(process, f"http://127.0.0.1:{port}", log_path)


@contextmanager
def live_server(db_url: str, cwd: Path, *, workers: int = 1,
                seeds: Path | None = None) -> Iterator[LiveServer]:
    """Start ``argmap serve`` over `db_url` (seeded from `seeds`, default the project's
    seeds) and stop it afterwards."""
    serving = start_serve(db_url, cwd, workers=workers, seeds=seeds)
    try:
        serving.wait_ready()
        yield LiveServer(base_url=serving.base_url, db_url=db_url, cwd=cwd)
    finally:
        serving.stop()


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a fresh PostgreSQL database and drop it afterwards; yields its URL."""
    url = create_pg_database(migrate=False)
    try:
        yield url
    finally:
        drop_pg_database(url)


def postgres_available() -> bool:
    """Say whether the test PostgreSQL answers."""
    return postgres_reachable()
