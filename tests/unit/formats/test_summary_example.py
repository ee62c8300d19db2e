"""The committed example summary of the asan-2024 seed map is regenerated and must be current.

After a change to the seed map or to the summary, refresh it with
``ARGMAP_UPDATE_EXAMPLES=1 .venv/bin/pytest tests/unit/formats/test_summary_example.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from kb.formats import markdown
from kb.formats.json import from_dict

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "asan-2024.yaml"
EXAMPLE = ROOT / "docs" / "examples" / "asan-2024-summary.md"


pytestmark = pytest.mark.slow  # the cruxes of a 200-node map take seconds


@pytest.fixture(scope="module")
def regenerated() -> str:
    doc = from_dict(yaml.safe_load(SEED.read_text(encoding="utf-8")))
    text = markdown.dump(doc)
    if os.environ.get("ARGMAP_UPDATE_EXAMPLES"):
        EXAMPLE.write_text(text, encoding="utf-8")
    return text


def test_summary_example_asan_2024_is_current(regenerated):
    assert EXAMPLE.exists(), f"{EXAMPLE} is missing"
    assert EXAMPLE.read_text(encoding="utf-8") == regenerated, (
        "docs/examples/asan-2024-summary.md is stale: refresh it with "
        "ARGMAP_UPDATE_EXAMPLES=1 .venv/bin/pytest tests/unit/formats/test_summary_example.py"
    )


def test_summary_example_asan_2024_puts_the_central_claim_first(regenerated):
    lines = regenerated.splitlines()
    question = lines.index("## The question")
    central = lines[question + 4]
    assert lines[question + 2].startswith("> Russia's foreign policy is independent of China")
    assert "Ka Ho Wong: **IN** (stands" in central
    assert "The Asan Forum editors: **OUT** (does not stand" in central
    assert "### Cruxes" in lines and "## Bibliography" in lines
