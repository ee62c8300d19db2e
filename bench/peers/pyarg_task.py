"""Run one ICCMA task with python-argumentation (PyArg) on an APX file.

Usage: python -m bench.peers.pyarg_task TASK FILE.apx [ARG]
"""

from __future__ import annotations

import sys
from pathlib import Path

from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions
from py_arg.import_export.argumentation_framework_from_aspartix_format_reader import (
    ArgumentationFrameworkFromASPARTIXFormatReader,
)


def main(task: str, instance: str, argument: str | None) -> str:
    framework = ArgumentationFrameworkFromASPARTIXFormatReader.from_apx(
        Path(instance).read_text()
    )
    problem, semantics = task.split("-")
    if semantics == "GR":
        extensions = [get_grounded_extension(framework)]
    else:
        compute = {"CO": get_complete_extensions, "PR": get_preferred_extensions,
                   "ST": get_stable_extensions}[semantics]
        extensions = list(compute(framework))
    named = [sorted(a.name for a in e) for e in extensions]
    if problem == "SE":
        return "NO" if not named else " ".join(["w", *named[0]])
    if problem == "DC":
        return "YES" if any(argument in e for e in named) else "NO"
    return "YES" if all(argument in e for e in named) else "NO"


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
