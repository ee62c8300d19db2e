"""With the source texts of the seed debates at hand (../shared/seeds/, never part of the
project), every citation of both seed maps opens a non-empty passage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.db import make_engine
from kb.documents import citation_warnings, normalize_locator
from kb.seeds import load_seeds
from kb.store import Store

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT.parent / "shared" / "seeds"
DEBATES = ("asan-2024", "rozman-2016")


def _texts() -> dict[str, Path]:
    """Debate key -> its source text, as ../shared/seeds/README.md names them."""
    readme = TEXTS / "README.md"
    if not readme.exists():
        pytest.skip(f"the seed source texts are not here ({TEXTS} is missing); the project "
                    "ships no copy of them")
    found = {m.group(2): TEXTS / m.group(1) for m in re.finditer(
        r"^## (\S+\.txt): key `([^`]+)`", readme.read_text(encoding="utf-8"), re.M)}
    missing = [key for key in DEBATES if key not in found or not found[key].exists()]
    if missing:
        pytest.skip(f"{readme} names no text for {', '.join(missing)}")
    return found


@pytest.fixture
def seeded(sqlite_url: str) -> Iterator[Store]:
    engine = make_engine(sqlite_url)
    store = Store(engine)
    load_seeds(store, ROOT / "seeds")
    yield store
    engine.dispose()


def test_seed_citations_all_resolve_to_passages(seeded: Store) -> None:
    texts = _texts()
    for key in DEBATES:
        if seeded.find_debate(key) is None:
            pytest.skip(f"the seed debate {key} did not load")
        document, _ = seeded.put_document(key, key, title=key, source=key, actor="t",
                                          data=texts[key].read_bytes())
        assert document.paragraphs > 0
        passages = seeded.source_passages(key)[key]
        doc = seeded.snapshot(key)
        assert citation_warnings(doc, {key: passages}) == []
        cited = [c for item in (*doc.nodes, *doc.edges) for c in item.citations
                 if c.source == key and c.locator]
        assert cited, f"{key}: no citation of its own text"
        for citation in cited:
            text = passages.get(normalize_locator(citation.locator))
            assert text and text.strip(), f"{key}: {citation} opens no passage"


def test_seed_asan_footnotes_are_the_numbered_lines_at_the_end(seeded: Store) -> None:
    texts = _texts()
    document, _ = seeded.put_document("asan-2024", "asan-2024", title="Asan", actor="t",
                                      source="asan-2024",
                                      data=texts["asan-2024"].read_bytes())
    by_locator = {p.locator: p.text for p in document.passages}
    assert document.footnotes == 17
    assert by_locator["fn1"] == by_locator["¶50"] and by_locator["fn1"].startswith("1. ")
    assert by_locator["fn17"] == by_locator["¶66"] and by_locator["fn17"].startswith("17. ")
    assert "fn18" not in by_locator and "¶67" in by_locator
