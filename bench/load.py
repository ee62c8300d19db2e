"""Load: 50 concurrent clients against ``argmap serve`` on loopback, bounded in requests
and time, mixing evaluation reads, page reads and conditional writes.

Usage: python -m bench.load [--config sqlite-1|sqlite-4|pg-4|pg-2hosts|all]
                            [--clients 50] [--requests 3000] [--seconds 60] [--rate R]

Each configuration starts its own servers (127.0.0.1 only) over a fresh database seeded
with ``seeds/``: SQLite with 1 or 4 workers, PostgreSQL with 4 workers, or two hosts of 2
workers each on one PostgreSQL database (clients alternate between them). Of the requests,
60 % read an evaluation of a seed debate (a random party and semantics grounded), 25 % read
a debate page, and 15 % change a node with ``If-Match`` (each client its own node of one
shared debate, re-reading the ETag first). An error is a transport failure or any answer
other than the one expected (200, or 200 for a write). Before the timing starts, every
evaluation and page of the mix is read once per worker (Graphviz layouts and first
evaluations take seconds; the figures are of the steady state), and each client opens its
connection (setting up 50 HTTP clients takes the load process about a second).

Two modes:

- *closed loop* (the default): each client sends its next request as soon as the previous
  one is answered, until `requests` requests or `seconds` have passed. It measures the
  throughput at saturation; the latency then follows from Little's law (clients in flight
  = throughput x latency), so 50 clients at 500 req/s wait 100 ms on average whatever the
  server does per request.
- *open loop* (``--rate R``): ``min(requests, R * seconds)`` requests arrive on a fixed
  schedule, R per second in all, dealt to the clients in turn; each is timed from its
  scheduled start, so a request that waits for a busy client or server counts its wait
  (no coordinated omission). It measures the latency a steady traffic of R req/s sees;
  the achieved rate is printed beside the target, and a run that overruns twice its time
  (plus 30 s) counts every request not yet sent as an error.

Prints one Markdown table row per configuration (throughput, p50/p95/p99 latency).

>>> Result(latencies={"evaluation": [0.004, 0.006]}, seconds=1.0, target=2,
...        server=[0.001, 0.002]).row("x")
'| x | open | 2 | 0 | 2 | 2 | 6 | 6 | 6 | 6 | 6 | 6 | - | - | 2 | 2 | - | - |'
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARGMAP = str(Path(sys.executable).with_name("argmap"))
PG_ADMIN = os.environ.get("ARGMAP_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
CONFIGS = {"sqlite-1": ("sqlite", 1, 1), "sqlite-4": ("sqlite", 4, 1),
           "pg-4": ("postgresql", 4, 1), "pg-2hosts": ("postgresql", 2, 2)}
"""Name -> (database, workers per host, hosts)."""
DEBATES = ("asan-2024", "rozman-2016")
PAGE_DEBATES = DEBATES
LOAD_DEBATE = "load"
LARGE_DEBATE = "large"
"""With ``--large N``: a generated debate of N nodes, a third of the evaluation reads."""
WARM_ROUNDS = 20
WARM_ENOUGH = 0.1
"""Seconds under which every read of a warm-up round counts as fast."""
WARM_FAST = 3
"""Fast rounds in a row after which the workers count as warm (one fast round may have
missed a cold worker)."""


@dataclass
class Result:
    """Latencies (seconds) per kind of request, errors, and the wall time of the run."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    target: float | None = None
    """The open loop's rate (requests per second), None for the closed loop."""
    server: list[float] = field(default_factory=list)
    """Seconds each timed evaluation read spent in the application (from its access log):
    the rest of a client's latency is queueing, the network stack and the client itself."""

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def row(self, name: str) -> str:
        """One Markdown table row: config, loop, requests, errors, achieved and target
        req/s, p50/p95/p99 (ms) of all requests and of evaluation reads, p95 of page reads
        and of writes."""
        every = sorted(value for values in self.latencies.values() for value in values)
        kinds = {kind: sorted(self.latencies.get(kind, []))
                 for kind in ("evaluation", "page", "write")}
        cells = [name, "closed" if self.target is None else "open",
                 str(self.requests), str(len(self.errors)),
                 f"{self.requests / self.seconds:.0f}" if self.seconds else "-",
                 "-" if self.target is None else f"{self.target:g}",
                 *(_ms(every, q) for q in (50, 95, 99)),
                 *(_ms(kinds["evaluation"], q) for q in (50, 95, 99)),
                 _ms(kinds["page"], 95), _ms(kinds["write"], 95),
                 *(_ms(sorted(self.server), q) for q in (95, 99)),
                 *(_ms(sorted(self.latencies.get("large", [])), q) for q in (95, 99))]
        return "| " + " | ".join(cells) + " |"


HEADER = ("| config | loop | requests | errors | req/s | target req/s | p50 ms | p95 ms "
          "| p99 ms | eval p50 ms | eval p95 ms | eval p99 ms | page p95 ms | write p95 ms "
          "| eval in app p95 ms | eval in app p99 ms | large eval p95 ms | large eval p99 ms |"
          "\n|" + "---|" * 18)


def _ms(values: list[float], q: int) -> str:
    if not values:
        return "-"
    return f"{values[min(len(values) - 1, int(len(values) * q / 100))] * 1000:.0f}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'load.db'}"
        return
    import psycopg

    name = f"argmap_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + (
            "/" + name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _import_large(url: str, nodes: int) -> None:
    """Put :func:`bench.generate.large_debate` of `nodes` nodes (slug ``large``) into the
    database at `url`."""
    from bench.generate import large_debate
    from kb.db import make_engine
    from kb.store import Store

    engine = make_engine(url)
    try:
        Store(engine).import_doc(large_debate(nodes, 3 * nodes), actor="load")
    finally:
        engine.dispose()


@contextmanager
def _servers(url: str, workers: int, hosts: int, folder: Path) -> Iterator[list[str]]:
    """Start `hosts` servers of `workers` workers over `url`; yield their base URLs."""
    processes = []
    bases = []
    try:
        for _ in range(hosts):
            port = _free_port()
            log = (folder / f"server-{port}.log").open("w")
            processes.append(subprocess.Popen(
                [ARGMAP, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url,
                 "--workers", str(workers), "--seeds", str(ROOT / "seeds")],
                cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "ARGMAP_DB": url}))
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            _wait(base, process, folder / f"server-{base.rsplit(':', 1)[1]}.log")
        yield bases
    finally:
        for process in processes:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"argmap serve exited with {process.returncode}:\n"
                               + log.read_text()[-3000:])
        with suppress(httpx.TransportError):
            if httpx.get(base + "/api/ready", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{base} was not ready within 180 s")


def _ok(answer: httpx.Response) -> Any:
    """The JSON of a 200 answer (SystemExit with the answer otherwise)."""
    if answer.status_code != 200:
        raise SystemExit(f"{answer.request.url}: {answer.status_code} {answer.text[:300]}")
    return answer.json()


def _prepare(url: str, base: str, clients: int,
             large: bool = False) -> tuple[str, dict[str, list[str]]]:
    """An admin token, the shared debate of the writers, and the parties of each debate."""
    from kb.db import make_engine
    from kb.store import Store

    engine = make_engine(url)
    try:
        _, token = Store(engine).add_user(f"load-{uuid.uuid4().hex[:6]}", "admin")
    finally:
        engine.dispose()
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=auth, timeout=60) as admin:
        made = admin.post("/api/debates", json={"slug": LOAD_DEBATE, "title": "Load"})
        assert made.status_code == 201, made.text
        for number in range(clients):
            node = {"key": f"n{number}", "kind": "claim", "text": "Start."}
            answer = admin.post(f"/api/debates/{LOAD_DEBATE}/nodes", json=node)
            assert answer.status_code == 201, answer.text
        slugs = [*DEBATES, *([LARGE_DEBATE] if large else [])]
        parties = {slug: [p["key"] for p in _ok(admin.get(f"/api/debates/{slug}/parties"))
                          ["items"]] for slug in slugs}
    return token, parties


async def _warm(bases: list[str], token: str, parties: dict[str, list[str]],
                workers: int) -> None:
    """Read every evaluation and page of the mix twice per worker at once on each host, in
    rounds until :data:`WARM_FAST` rounds in a row are answered fast (at most
    :data:`WARM_ROUNDS`), so that each
    worker has computed them (layouts, evaluations) before the timing starts: the kernel
    deals connections to workers as it likes, so one round does not reach them all."""
    headers = {"Authorization": f"Bearer {token}"}
    for base in bases:
        # a new connection per request: a kept-alive one stays with the worker that took it
        fresh = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=300,
                                     limits=fresh) as client:
            fast = 0
            for _ in range(WARM_ROUNDS):
                slowest = 0.0
                for slug in parties:
                    for party in parties[slug]:
                        paths = [f"/api/debates/{slug}/evaluation"]
                        paths += [f"/debates/{slug}"] if slug in PAGE_DEBATES else []
                        for path in paths:
                            started = time.perf_counter()
                            await asyncio.gather(*(client.get(path, params={"party": party})
                                                   for _ in range(2 * workers)))
                            slowest = max(slowest, time.perf_counter() - started)
                fast = fast + 1 if slowest < WARM_ENOUGH else 0
                if fast == WARM_FAST:
                    break


async def _request(client: httpx.AsyncClient, number: int, rng: random.Random,
                   parties: dict[str, list[str]]) -> tuple[str, httpx.Response]:
    """One request of the mix: its kind and its answer."""
    roll = rng.random()
    if roll < 0.60:
        slug = rng.choice(list(parties))
        kind = "large" if slug == LARGE_DEBATE else "evaluation"
        return kind, await client.get(f"/api/debates/{slug}/evaluation",
                                      params={"party": rng.choice(parties[slug])})
    if roll < 0.85:
        slug = rng.choice(PAGE_DEBATES)
        return "page", await client.get(f"/debates/{slug}",
                                        params={"party": rng.choice(parties[slug])})
    return "write", await _write(client, number, rng)


async def _timed(client: httpx.AsyncClient, number: int, rng: random.Random,
                 parties: dict[str, list[str]], started: float, result: Result) -> None:
    """Send one request of the mix and record its latency from `started` (perf_counter)."""
    try:
        kind, answer = await _request(client, number, rng, parties)
    except httpx.TransportError as exc:
        result.errors.append(f"{type(exc).__name__}")
        return
    result.latencies.setdefault(kind, []).append(time.perf_counter() - started)
    if answer.status_code != 200:
        result.errors.append(f"{kind}: {answer.status_code} {answer.text[:200]}")


async def _client(client: httpx.AsyncClient, number: int, parties: dict[str, list[str]],
                  budget: dict[str, float], result: Result) -> None:
    """Closed loop: send the next request as soon as the previous one is answered."""
    rng = random.Random(number)
    while budget["left"] > 0 and time.monotonic() < budget["until"]:
        budget["left"] -= 1
        await _timed(client, number, rng, parties, time.perf_counter(), result)


async def _scheduled(client: httpx.AsyncClient, number: int, parties: dict[str, list[str]],
                     slots: list[float], give_up: float, result: Result) -> None:
    """Open loop: send a request at each of `slots` (perf_counter times), or as soon as the
    previous one is answered when it is late, timing it from its slot; past `give_up`
    every slot left counts as an error."""
    rng = random.Random(number)
    for done, slot in enumerate(slots):
        if time.perf_counter() > give_up:
            result.errors.extend(["not sent: the run overran its time"] * (len(slots) - done))
            return
        await asyncio.sleep(max(0.0, slot - time.perf_counter()))
        await _timed(client, number, rng, parties, slot, result)


async def _connected(bases: list[str], token: str, clients: int) -> list[httpx.AsyncClient]:
    """One HTTP client per simulated user, each with its connection open (made before the
    timing starts: setting up 50 clients takes the load process a second of CPU)."""
    headers = {"Authorization": f"Bearer {token}"}
    made = [httpx.AsyncClient(base_url=bases[n % len(bases)], headers=headers, timeout=60)
            for n in range(clients)]
    await asyncio.gather(*(client.get("/api/health") for client in made))
    return made


def schedule(rate: float, count: int, clients: int, start: float) -> list[list[float]]:
    """The open loop's arrival times: `count` requests `1/rate` seconds apart from `start`,
    dealt to the clients in turn.

    >>> schedule(4, 5, 2, 10.0)
    [[10.0, 10.5, 11.0], [10.25, 10.75]]
    """
    slots: list[list[float]] = [[] for _ in range(clients)]
    for index in range(count):
        slots[index % clients].append(start + index / rate)
    return slots


async def _write(client: httpx.AsyncClient, number: int, rng: random.Random) -> httpx.Response:
    url = f"/api/debates/{LOAD_DEBATE}/nodes/n{number}"
    etag = (await client.get(url)).headers["etag"]
    return await client.patch(url, json={"text": f"Edit {rng.random():.6f}."},
                              headers={"If-Match": etag})


def run(config: str, *, clients: int = 50, requests: int = 3000,
        seconds: float = 60, rate: float | None = None, logs: Path | None = None,
        large: int = 0) -> Result:
    """Run one configuration and return its result: closed loop, or open loop at `rate`
    requests per second in all (``min(requests, rate * seconds)`` of them); the servers'
    logs (one JSON line per request, with its time in the server) are copied to `logs`."""
    kind, workers, hosts = CONFIGS[config]
    with tempfile.TemporaryDirectory(prefix="argmap-load-") as tmp, \
            _database(kind, Path(tmp)) as url, \
            _servers(url, workers, hosts, Path(tmp)) as bases:
        if large:  # after the servers' start, which seeds an empty database only
            _import_large(url, large)
        return _measure(url, bases, Path(tmp), config, workers, clients=clients,
                        requests=requests, seconds=seconds, rate=rate, logs=logs,
                        large=bool(large))


def _measure(url: str, bases: list[str], tmp: Path, config: str, workers: int, *,
             clients: int, requests: int, seconds: float, rate: float | None,
             logs: Path | None, large: bool) -> Result:
    """Prepare, warm up, and run the timed mix against running servers."""
    token, parties = _prepare(url, bases[0], clients, large)
    asyncio.run(_warm(bases, token, parties, workers))
    result = Result(target=rate)

    timing: dict[str, Any] = {"started": 0.0, "stamp": ""}

    async def everyone() -> None:
        made = await _connected(bases, token, clients)
        timing.update(started=time.monotonic(),
                      stamp=time.strftime("%Y-%m-%dT%H:%M:%S"))
        try:
            if rate is None:
                budget = {"left": float(requests), "until": time.monotonic() + seconds}
                await asyncio.gather(*(_client(made[n], n, parties, budget, result)
                                       for n in range(clients)))
                return
            start = time.perf_counter() + 0.1
            slots = schedule(rate, min(requests, int(rate * seconds)), clients, start)
            give_up = start + 2 * seconds + 30
            await asyncio.gather(*(_scheduled(made[n], n, parties, slots[n], give_up,
                                              result) for n in range(clients)))
        finally:
            await asyncio.gather(*(client.aclose() for client in made))

    asyncio.run(everyone())
    result.seconds = time.monotonic() - timing["started"]
    stamp = str(timing["stamp"])
    result.server = _in_app(Path(tmp).glob("server-*.log"), since=stamp)
    if logs is not None:
        logs.mkdir(parents=True, exist_ok=True)
        for log in Path(tmp).glob("server-*.log"):
            shutil.copy(log, logs / f"{config}-{log.name}")
    return result


def _in_app(logs: Iterable[Path], *, since: str) -> list[float]:
    """Seconds in the application of the evaluation reads the servers logged from `since`
    (a local time, ``%Y-%m-%dT%H:%M:%S``) on."""
    found = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if (entry.get("logger") == "argmap.access" and entry.get("time", "") >= since
                    and str(entry.get("path", "")).endswith("/evaluation")):
                found.append(float(entry["ms"]) / 1000)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="all", choices=[*CONFIGS, "all"])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=None,
                        help="open loop: requests per second in all (default: closed loop)")
    parser.add_argument("--large", type=int, default=0, metavar="N",
                        help="add a generated debate of N nodes (3N edges) to the evaluation "
                             "reads (a third of them), timed apart")
    parser.add_argument("--logs", type=Path, default=None,
                        help="copy the servers' logs (a JSON line per request) to this folder")
    args = parser.parse_args(argv)
    if args.rate is not None and args.rate <= 0:
        parser.error("--rate must be above 0")
    names = list(CONFIGS) if args.config == "all" else [args.config]
    print(HEADER, flush=True)
    failed = False
    for name in names:
        result = run(name, clients=args.clients, requests=args.requests, seconds=args.seconds,
                     rate=args.rate, logs=args.logs, large=args.large)
        print(result.row(name), flush=True)
        for error in result.errors[:5]:
            print(f"  error: {error}", file=sys.stderr)
        failed = failed or bool(result.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
