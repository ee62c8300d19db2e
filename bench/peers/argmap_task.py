"""Run one ICCMA task with the engine directly, without the rest of the ``argmap`` CLI.

Usage: python -m bench.peers.argmap_task TASK FILE.i23 [ARG]

The same code as ``argmap solve``; the difference in time is what importing the CLI's other
commands (database, seeds, web server) costs at start-up.
"""

from __future__ import annotations

import sys

from kb.engine.dung import solve
from kb.formats.iccma import read_framework

if __name__ == "__main__":
    framework = read_framework(sys.argv[2])
    print("\n".join(solve(framework, sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)))
