"""docs/seeds.md stays true: its example runs and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from kb.doc import DebateDoc
from tests.seeds.texts import ROOT

DOC = ROOT / "docs" / "seeds.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_seed_docs_example_prints_the_promised_outcomes(monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = _python_blocks()
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, str(DOC), "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "IN" and lines[1] == "OUT"
    assert lines[3] == "True"
    assert lines[4] == "OUT"


def test_seed_docs_counts_match_the_maps(asan: DebateDoc, rozman: DebateDoc) -> None:
    text = DOC.read_text(encoding="utf-8")
    for slug, doc in (("asan-2024", asan), ("rozman-2016", rozman)):
        evidence = sum(n.kind.value == "evidence" for n in doc.nodes)
        undercutters = sum(e.is_undercutter for e in doc.edges)
        row = f"{len(doc.nodes)} nodes ({evidence} evidence, {len(doc.nodes) - evidence} claims), "
        row += f"{len(doc.edges)} edges ({undercutters} undercutters)"
        assert row in text, slug


def test_seed_docs_name_only_real_keys(asan: DebateDoc, rozman: DebateDoc) -> None:
    docs = (asan, rozman)
    keys = {n.key for doc in docs for n in doc.nodes} | {e.key for doc in docs for e in doc.edges}
    keys |= {tag for doc in docs for n in doc.nodes for tag in n.tags}
    keys |= {s.key for doc in docs for s in doc.sources} | {"same-as"}  # links.yaml's relation
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", DOC.read_text(encoding="utf-8")))
    named -= {"asan-2024", "rozman-2016", "asan-editors", "some-observers"}
    assert named - keys == set()
