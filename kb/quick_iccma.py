"""ICCMA answers that the grounded labelling decides, on small i23 files, in plain Python.

``argmap solve`` starts here (no numpy, clingo or Typer loaded): the file is read, the
grounded labelling propagated, and when it settles the task (every grounded task; SE-CO and
DS-CO; DC-CO and DC-PR, DS-PR, DC-ST and DS-ST on an argument grounded labels IN or OUT where
that decides; every task when grounded leaves nothing undecided, as the grounded extension
is then the one complete, preferred and stable extension) the answer is printed at once.
When it does not, a small residual framework is searched in plain Python
(:mod:`kb.quick_search`, bounded). Anything else (a larger file, another format, an option,
a malformed line, a search over its budget) returns None and the full solver
(:mod:`kb.engine.dung`) runs, with its own messages. The answers grounded settles are the
full solver's, line for line (``tests/cli/test_solve_quick.py``); the searched ones have
its YES and NO lines (``tests/cli/test_solve_search.py``).

Examples
--------
>>> grounded_codes(3, [0, 1], [1, 2])
[1, 2, 1]
>>> decide([1, 2, 1], "SE-ST", None)
['w 1 3']
>>> decide([0, 0, 1], "DC-PR", 0) is None
True
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # neither typing nor pathlib is imported on the start-up path
if TYPE_CHECKING:
    from collections.abc import Sequence

    from kb.engine.dung import Framework

IN_CODE, OUT_CODE, UNDEC_CODE = 1, 2, 0
MAX_BYTES = 1 << 20
"""Largest i23 file read here (larger ones go to the full solver's scanner)."""
TASK_NAMES = {f"{problem}-{code}" for problem in ("SE", "DC", "DS")
              for code in ("GR", "CO", "PR", "ST")}


def grounded_codes(count: int, attackers: Sequence[int], targets: Sequence[int]) -> list[int]:
    """The grounded labelling by counter propagation: 1 IN, 2 OUT, 0 UNDEC per argument."""
    out_edges: list[list[int]] = [[] for _ in range(count)]
    undefeated = [0] * count
    for a, b in zip(attackers, targets, strict=True):
        out_edges[a].append(b)
        undefeated[b] += 1
    label = [UNDEC_CODE] * count
    queue = [a for a in range(count) if undefeated[a] == 0]
    for a in queue:
        label[a] = IN_CODE
    for a in queue:
        for b in out_edges[a]:
            if label[b] == UNDEC_CODE:
                label[b] = OUT_CODE
                for c in out_edges[b]:
                    undefeated[c] -= 1
                    if undefeated[c] == 0 and label[c] == UNDEC_CODE:
                        label[c] = IN_CODE
                        queue.append(c)
    return label


def decide(codes: list[int], task: str, target: int | None) -> list[str] | None:
    """The answer lines when the grounded `codes` settle `task` (on argument `target`, a
    0-based number, for DC and DS), else None."""
    problem, semantics = task.split("-")
    witness = "w " + " ".join(str(a + 1) for a, c in enumerate(codes) if c == IN_CODE)
    witness = witness.rstrip()
    if problem == "SE":
        return [witness] if semantics in ("GR", "CO") or UNDEC_CODE not in codes else None
    assert target is not None
    label = codes[target]
    yes_no = ["YES" if label == IN_CODE else "NO"]
    if semantics == "GR" or (semantics == "CO" and problem == "DS"):
        return yes_no
    if semantics != "ST":
        return yes_no if label != UNDEC_CODE else None
    total = UNDEC_CODE not in codes
    if problem == "DC":
        return ["NO"] if label == OUT_CODE else ["YES", witness] if total and \
            label == IN_CODE else None
    return ["YES"] if label == IN_CODE else ["NO", witness] if total else None


Parsed = tuple[int, list[int], list[int]]
_LAST: dict[tuple[str, int, int], Parsed | None] = {}
"""The last file read (path, size, modification time), as the solver reads it again
when grounded does not decide (the lists are not changed by either)."""


def _read_i23(path: str) -> Parsed | None:
    """Arguments and 0-based attacks of a small, well-formed i23 file (None otherwise)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_size >= MAX_BYTES:
        return None
    key = (path, status.st_size, status.st_mtime_ns)
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = _parse_i23(path)
    return _LAST[key]


def _parse_i23(path: str) -> Parsed | None:
    """:func:`_read_i23` without the size check and the cache."""
    try:
        with open(path, "rb") as file:
            lines = file.read().split(b"\n")
    except OSError:
        return None
    count = -1
    attackers: list[int] = []
    targets: list[int] = []
    for raw in lines:
        fields = raw.split()
        if not fields or fields[0].startswith(b"#"):
            continue
        if count < 0:
            if len(fields) != 3 or fields[:2] != [b"p", b"af"] or not fields[2].isdigit():
                return None
            count = int(fields[2])
        elif len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit() and \
                0 < int(fields[0]) <= count and 0 < int(fields[1]) <= count:
            attackers.append(int(fields[0]) - 1)
            targets.append(int(fields[1]) - 1)
        else:
            return None
    return (count, attackers, targets) if count >= 0 else None


def framework_of(path: str, fmt: str = "i23") -> Framework:
    r"""The framework in file `path`: a small, well-formed i23 file as lists (numpy is not
    loaded), anything else through :func:`kb.formats.iccma.read_framework` (its messages).

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "af.i23")
    ...     _ = open(path, "w").write("p af 2\n1 2\n")
    ...     framework_of(path).attackers
    [0]
    """
    from kb.engine.dung import Framework

    found = _read_i23(path) if fmt == "i23" else None
    if found is not None:
        return Framework(*found)
    from kb.formats.iccma import read_framework

    return read_framework(path, fmt)


def solve_options(arguments: Sequence[str]) -> dict[str, str] | None:
    """``-p``, ``-f``, ``-a`` and ``--fo`` with their values (None for anything else)."""
    found: dict[str, str] = {}
    words = list(arguments)
    while words:
        name = words.pop(0)
        if name not in ("-p", "-f", "-a", "--fo") or not words or name in found:
            return None
        found[name] = words.pop(0)
    return found


def quick_answer(arguments: Sequence[str]) -> list[str] | None:
    """The answer of ``argmap solve ARGUMENTS`` when it is decided here, else None.

    >>> quick_answer(["--problems"]) is None
    True
    """
    options = solve_options(arguments)
    if options is None or options.get("--fo", "i23") != "i23":
        return None
    task, path = options.get("-p"), options.get("-f")
    if task not in TASK_NAMES or path is None:
        return None
    framework = _read_i23(path)
    if framework is None:
        return None
    count, attackers, targets = framework
    target = None
    if not task.startswith("SE"):
        name = options.get("-a", "")
        if not name.isdigit() or not 1 <= int(name) <= count:
            return None
        target = int(name) - 1
    codes = grounded_codes(count, attackers, targets)
    found = decide(codes, task, target)
    if found is None:
        from kb.quick_search import answer

        found = answer(codes, attackers, targets, task, target)
    return found
