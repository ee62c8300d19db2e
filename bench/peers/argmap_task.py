"""Run one ICCMA task with the engine directly, without the rest of the ``argmap`` CLI.

Usage: python -m bench.peers.argmap_task TASK FILE.i23 [ARG]

The same code as ``argmap solve``; the difference in time is what importing the CLI's other
commands (database, seeds, web server) costs at start-up. Small i23 files are read
without numpy, as ``argmap solve`` reads them.
"""

from __future__ import annotations

import sys

from kb.engine.dung import solve
from kb.quick_iccma import framework_of

if __name__ == "__main__":
    framework = framework_of(sys.argv[2])
    print("\n".join(solve(framework, sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)))
