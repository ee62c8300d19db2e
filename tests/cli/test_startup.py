"""``argmap solve`` starts without loading the database, store, seed or web modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "iccma" / "chain-and-cycle.i23"
HEAVY = ("kb.db", "kb.store", "kb.seeds", "kb.schemas", "sqlalchemy", "rich.progress", "uvicorn")


def test_solve_startup_leaves_database_modules_unloaded() -> None:
    script = (
        "import sys\n"
        f"sys.argv = ['argmap', 'solve', '-p', 'SE-GR', '-f', {str(FIXTURE)!r}]\n"
        "from api.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.splitlines()[0].startswith("w")
    assert "LOADED []" in result.stdout


def test_cli_help_lists_every_command_after_lazy_imports() -> None:
    result = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "--help"],
                            capture_output=True, text=True, timeout=60)
    for command in ("serve", "seed", "db", "user", "export", "import", "evaluate", "solve"):
        assert command in result.stdout
