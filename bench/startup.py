"""Start-up of ``argmap solve`` on tiny ICCMA instances, every task, against clingo.

Usage: python -m bench.startup [--runs N] [--only argmap,clingo,python] [--dir DIR]
                               [--argmap COMMAND --python PYTHON]

Each run is one whole process (``argmap solve -p TASK -f FILE.i23 [-a ARG]``, and
``bench/peers/clingo_task.py`` on the APX twin of the file), its CPU time (user + system,
from ``os.wait4``, microsecond resolution) and wall time measured. The runs of the two
solvers alternate, ``runs`` rounds over every instance and task, so load on the shared
machine falls on both alike. The ``kb`` and ``api`` modules are compiled to .pyc first.
Printed per task (pooled over the tiny instances): median and 95th percentile of CPU and
wall milliseconds, and the ratio of the CPU medians; then the same for a bare
``python -c pass`` (``python``), the floor of any Python process.

>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import SOLVERS as PEERS
from bench.__main__ import Command
from bench.generate import Instance, cycle_heavy, erdos_renyi, write

TASKS = [f"{p}-{s}" for p in ("SE", "DC", "DS") for s in ("GR", "CO", "PR", "ST")]
SOLVERS: dict[str, Command] = {
    "argmap": PEERS["argmap"], "clingo": PEERS["clingo"],
    "python": lambda i, t: [sys.executable, "-c", "pass"],
}


def installed(argmap: str | None, python: str | None) -> dict[str, Command]:
    """:data:`SOLVERS` with another ``argmap`` command, and another Python for clingo and
    the floor (say, those of an environment where the package is installed, not editable)."""
    def swap(command: Command, first: str | None) -> Command:
        return command if first is None else lambda i, t: [first, *command(i, t)[1:]]

    return {"argmap": swap(SOLVERS["argmap"], argmap),
            "clingo": swap(SOLVERS["clingo"], python), "python": swap(SOLVERS["python"], python)}


def instances(folder: Path) -> list[Instance]:
    """The tiny instances: random (Erdos-Renyi, mean degree 4) and cycle-heavy, 20 to 200
    arguments."""
    found = []
    for n in (20, 50, 200):
        found.append(write(folder, f"random-{n}", "erdos-renyi", n, erdos_renyi(n, 4.0, seed=n)))
        found.append(write(folder, f"cycles-{n}", "cycle-heavy", n, cycle_heavy(n, seed=n)))
    return found


def compile_project() -> bool:
    """Write the .pyc files of ``kb`` and ``api``: Python writes none itself when
    PYTHONDONTWRITEBYTECODE is set (as on the development machine), and each run would
    compile the modules it imports again."""
    root = Path(__file__).resolve().parent.parent
    return all(compileall.compile_dir(root / package, quiet=1) for package in ("kb", "api"))


def measure(command: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of one run of `command` (its output discarded)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"failed: {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime, wall


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile of `values`, linear between the closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _cell(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.0f} / {1000 * percentile(values, 95):.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="rounds over every instance")
    parser.add_argument("--only", default="argmap,clingo,python", help="solvers to run")
    parser.add_argument("--tasks", default=",".join(TASKS), help="tasks to run")
    parser.add_argument("--dir", type=Path, default=None, help="where instances are written")
    parser.add_argument("--argmap", default=None, help="the argmap command to time")
    parser.add_argument("--python", default=None, help="the Python for clingo and the floor")
    options = parser.parse_args()
    commands = installed(options.argmap, options.python)
    solvers = [s for s in options.only.split(",") if s in SOLVERS]
    tasks = [t for t in options.tasks.split(",") if t in TASKS]
    folder = options.dir or Path(tempfile.mkdtemp(prefix="argmap-startup-"))
    tiny = instances(folder)
    print(f"instances in {folder}: " + ", ".join(f"{i.i23.stem} ({i.attacks} attacks)"
                                                for i in tiny))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cpu: dict[tuple[str, str], list[float]] = {}
    wall: dict[tuple[str, str], list[float]] = {}
    each: dict[tuple[str, str, str], list[float]] = {}
    compiled = compile_project()
    print(f"compiled to .pyc: {compiled} (as `make install` does)")
    for solver in solvers:  # one untimed run each
        measure(commands[solver](tiny[0], tasks[0]))
    for _ in range(options.runs):
        for instance in tiny:
            for task in tasks:
                for solver in solvers:
                    key = (solver, "-" if solver == "python" else task)
                    used, took = measure(commands[solver](instance, task))
                    cpu.setdefault(key, []).append(used)
                    wall.setdefault(key, []).append(took)
                    each.setdefault((*key, instance.i23.stem), []).append(used)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    _table(solvers, tasks, cpu, wall)
    if {"argmap", "clingo"} <= set(solvers):
        _by_instance(tiny, tasks, each)


def _by_instance(tiny: list[Instance], tasks: list[str],
                 each: dict[tuple[str, str, str], list[float]]) -> None:
    """One row per instance: median CPU ms of argmap / clingo for each task."""
    print("\nMedian CPU ms, argmap / clingo, per instance:\n")
    print("| instance | " + " | ".join(tasks) + " |")
    print("|" + " --- |" * (len(tasks) + 1))
    for instance in tiny:
        stem = instance.i23.stem
        cells = [f"{1000 * statistics.median(each[('argmap', t, stem)]):.0f} / "
                 f"{1000 * statistics.median(each[('clingo', t, stem)]):.0f}" for t in tasks]
        print(f"| {stem} | " + " | ".join(cells) + " |")


def _table(solvers: list[str], tasks: list[str], cpu: dict[tuple[str, str], list[float]],
           wall: dict[tuple[str, str], list[float]]) -> None:
    """One row per task: CPU and wall median / p95 (ms) per solver, ratio of CPU medians."""
    shown = [s for s in solvers if s != "python"]
    header = ["task", *(f"{s} CPU ms" for s in shown), *(f"{s} wall ms" for s in shown)]
    if {"argmap", "clingo"} <= set(shown):
        header.append("argmap/clingo CPU")
    print("\n| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for task in tasks:
        row = [task, *(_cell(cpu[(s, task)]) for s in shown),
               *(_cell(wall[(s, task)]) for s in shown)]
        if {"argmap", "clingo"} <= set(shown):
            ratio = statistics.median(cpu[("argmap", task)]) / statistics.median(
                cpu[("clingo", task)])
            row.append(f"{ratio:.2f}")
        print("| " + " | ".join(row) + " |")
    if "python" in solvers:
        print(f"\n`python -c pass`: CPU {_cell(cpu[('python', '-')])} ms, "
              f"wall {_cell(wall[('python', '-')])} ms (median / p95)")


if __name__ == "__main__":
    main()
