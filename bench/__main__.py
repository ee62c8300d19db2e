"""ICCMA tasks, whole process, ``argmap solve`` side by side with the peers.

Usage: python -m bench [--full] [--timeout SECONDS] [--only SOLVER,...] [--dir DIR]

Ours: ``argmap solve`` (the ratio ``argmap/best``) and ``engine``, the same solver run by
``bench/peers/argmap_task.py`` without importing the rest of the CLI (``engine/best``).
Peers (all installed in .venv): pygarg (SAT through python-sat), python-argumentation
(PyArg, pure Python), and clingo with the ASP encodings in ``bench/encodings`` (driven by
``bench/peers/clingo_task.py``). afsolver has no release for Python 3.11, so it is not run.
Each run is one process timed by ``/usr/bin/time``: CPU time (user + system; the ratios use
it, since the machine is shared), wall time in brackets, and peak resident memory. A run
is killed after the timeout (wall time); a solver that times out on an instance is not run
on the larger instances of the same family and task. Answers of DC/DS tasks (and SE-GR)
are compared: a disagreement is marked with ``!``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import Instance, cycle_heavy, erdos_renyi, mostly_acyclic, write

BIN = Path(sys.executable).parent
OURS = ("argmap", "engine")
Command = Callable[[Instance, str], list[str]]
WARM_UP = """
import numpy as np
from kb.engine import kernels
from kb.engine.graph import ArgGraph
text = np.frombuffer(b"p af 2\\n1 2\\n", dtype=np.uint8)
count, src, dst, _ = kernels.parse_i23(text)
kernels.grounded_labels(count, src, dst)
graph = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
kernels.well_founded_arrays(graph.size, graph.table, graph.disabled_rules({}))
"""


def _query(task: str, instance: Instance, prefix: str, flag: str | None) -> list[str]:
    if task.startswith("SE"):
        return []
    value = f"{prefix}{instance.query}"
    return [flag, value] if flag else [value]


SOLVERS: dict[str, Command] = {
    "argmap": lambda i, t: [str(BIN / "argmap"), "solve", "-p", t, "-f", str(i.i23),
                            *_query(t, i, "", "-a")],
    "engine": lambda i, t: [sys.executable, "-m", "bench.peers.argmap_task", t, str(i.i23),
                            *_query(t, i, "", None)],
    "pygarg": lambda i, t: [sys.executable, "-m", "pygarg", "-p", t, "-fo", "apx", "-f",
                            str(i.apx), *_query(t, i, "a", "-a")],
    "pyarg": lambda i, t: [sys.executable, "-m", "bench.peers.pyarg_task", t, str(i.apx),
                           *_query(t, i, "a", None)],
    "clingo": lambda i, t: [sys.executable, "-m", "bench.peers.clingo_task", t, str(i.apx),
                            *_query(t, i, "a", None)],
}


@dataclass
class Run:
    seconds: float | None
    """Wall time; None when the run timed out or failed."""
    megabytes: float | None
    answer: str
    note: str = ""
    cpu: float | None = None
    """User plus system CPU seconds of the process."""


def run(command: list[str], timeout: float) -> Run:
    """One whole-process run under /usr/bin/time, killed (its process group) on timeout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        timed = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", report.name, *command]
        started = time.perf_counter()
        process = subprocess.Popen(timed, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Run(None, None, "", "timeout")
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        wall = time.perf_counter() - started
        fields = report.read().split()
    if process.returncode != 0:
        return Run(None, None, "", "error: " + (err.strip().splitlines() or ["?"])[-1][:60])
    megabytes = int(fields[-3]) / 1024 if fields else None
    cpu = float(fields[-2]) + float(fields[-1]) if fields else None
    lines = out.strip().splitlines()
    return Run(wall, megabytes, lines[0].strip() if lines else "", cpu=cpu)


def normal(answer: str) -> str:
    """Answers comparable across solvers: names without the APX prefix, sorted."""
    if not answer.startswith("w"):
        return answer
    return " ".join(["w", *sorted((a.lstrip("a") for a in answer.split()[1:]), key=int)])


def plan(full: bool, folder: Path, families: set[str] | None = None
         ) -> list[tuple[Instance, list[str]]]:
    hard = ["SE-PR", "DC-CO", "DS-PR", "SE-ST", "DS-ST"]
    jobs: list[tuple[Instance, list[str]]] = []
    grounded_sizes = [1_000_000] if full else [10_000, 100_000]
    random_sizes = [5_000, 20_000, 50_000] if full else [200, 1_000, 2_000]
    cycle_sizes = [50_000] if full else [1_000, 5_000]
    grounded_tasks = ["SE-GR", "DS-GR"] if full else ["SE-GR", "DS-GR", "DC-CO", "DS-PR"]
    for n in grounded_sizes:
        pairs = mostly_acyclic(n, 3 * n, seed=n)
        jobs.append((write(folder, f"acyclic-{n}", "mostly-acyclic", n, pairs),
                     grounded_tasks))
    for n in random_sizes:
        pairs = erdos_renyi(n, 4.0, seed=n)
        jobs.append((write(folder, f"random-{n}", "erdos-renyi", n, pairs), ["SE-GR", *hard]))
    for n in cycle_sizes:
        pairs = cycle_heavy(n, seed=n)
        jobs.append((write(folder, f"cycles-{n}", "cycle-heavy", n, pairs), hard))
    for n in [20_000, 50_000] if full else [2_000]:
        pairs = erdos_renyi(n, 3.0, seed=n + 1)
        jobs.append((write(folder, f"random3-{n}", "erdos-renyi-3", n, pairs), hard))
    return [job for job in jobs if families is None or job[0].family in families]


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="1,000,000-argument grounded and 20,000-50,000-argument runs")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per process (default 10, or 60 with --full)")
    parser.add_argument("--only", default=",".join(SOLVERS), help="solvers to run")
    parser.add_argument("--dir", type=Path, default=None, help="where instances are written")
    parser.add_argument("--families", default=None,
                        help="only these families, e.g. erdos-renyi-3,cycle-heavy")
    options = parser.parse_args()
    timeout = options.timeout or (60.0 if options.full else 10.0)
    solvers = [s for s in options.only.split(",") if s in SOLVERS]
    folder = options.dir or Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    print(f"instances in {folder}; timeout {timeout:.0f} s; cores: {os.cpu_count()}")
    # One warm-up so the compiled loops are built and cached before anything is timed
    # (after a fresh checkout numba compiles them once, a few seconds; see docs/benchmarks.md).
    run([sys.executable, "-c", WARM_UP], timeout=600)
    gave_up: set[tuple[str, str, str]] = set()
    header = ["family", "args", "attacks", "task", *solvers, "best peer", "argmap/best",
              "engine/best"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    families = set(options.families.split(",")) if options.families else None
    for instance, tasks in plan(options.full, folder, families):
        for task in tasks:
            cells: dict[str, Run] = {}
            for solver in solvers:
                if (solver, instance.family, task) in gave_up:
                    cells[solver] = Run(None, None, "", "skipped")
                    continue
                result = run(SOLVERS[solver](instance, task), timeout)
                if result.seconds is None:
                    gave_up.add((solver, instance.family, task))
                cells[solver] = result
            exact = not task.startswith("SE") or task == "SE-GR"
            answers = {normal(r.answer) for r in cells.values() if r.seconds is not None}
            flag = " !" if exact and len(answers) > 1 else ""
            shown = []
            for solver in solvers:
                r = cells[solver]
                shown.append(f"{r.cpu:.2f} s ({r.seconds:.1f}), {r.megabytes:.0f} MB"
                             if r.cpu is not None and r.seconds is not None
                             and r.megabytes is not None else r.note)
            peers = [(r.cpu, s) for s, r in cells.items()
                     if s not in OURS and r.cpu is not None]
            ours = cells.get("argmap")
            engine = cells.get("engine")
            best_cell, ratio, engine_ratio = "none finished" if not peers else "-", "-", "-"
            if peers:
                best_time, best = min(peers)
                best_cell = f"{best} {best_time:.2f} s"
                if ours is not None and ours.cpu is not None:
                    ratio = f"{ours.cpu / max(best_time, 0.01):.2f}"
                if engine is not None and engine.cpu is not None:
                    engine_ratio = f"{engine.cpu / max(best_time, 0.01):.2f}"
            row = [instance.family, f"{instance.count:,}", f"{instance.attacks:,}", task,
                   *shown, best_cell, ratio + flag, engine_ratio]
            print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main()
