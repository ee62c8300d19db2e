"""Fixtures for the seed maps: the parsed debates and the source texts they cite.

Tests that need the texts (``../shared/seeds/`` next to the checkout) skip with a visible
reason when that folder is absent.
"""

from __future__ import annotations

import pytest

from kb.doc import DebateDoc
from tests.seeds.texts import TEXT_FILES, TEXTS, SourceText, load_seed, read_text


@pytest.fixture(scope="session")
def asan() -> DebateDoc:
    return load_seed("asan-2024")


@pytest.fixture(scope="session")
def rozman() -> DebateDoc:
    return load_seed("rozman-2016")


@pytest.fixture(scope="session", params=sorted(TEXT_FILES))
def seed(request: pytest.FixtureRequest) -> DebateDoc:
    """Each seed debate in turn."""
    return load_seed(request.param)


@pytest.fixture(scope="session")
def texts() -> dict[str, SourceText]:
    """The source texts by citation key (skips when ../shared/seeds/ is absent)."""
    if not all((TEXTS / name).is_file() for name in TEXT_FILES.values()):
        pytest.skip(f"source texts not found in {TEXTS} (they sit next to the checkout in CI)")
    return {key: read_text(key) for key in TEXT_FILES}
