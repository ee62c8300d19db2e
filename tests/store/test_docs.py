"""The examples of docs/store.md run as written."""

from __future__ import annotations

from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "store.md"


def test_docs_store_session_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code = DOC.read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("node c1 of debate 'demo' is at revision 7, not 4")
    assert printed[1] == "[(8, 'revert', 'ann'), (7, 'update_node', 'bob'), " \
                         "(6, 'set_acceptance', 'ann')]"


def test_docs_store_names_every_public_store_method() -> None:
    from kb.store import Store

    text = DOC.read_text(encoding="utf-8") + (Path(DOC).parents[1] / "kb" / "store" /
                                               "__init__.py").read_text(encoding="utf-8")
    public = [name for name in dir(Store) if not name.startswith("_")
              and callable(getattr(Store, name)) and name not in ("reading", "writing")]
    missing = [name for name in public if name not in text]
    assert missing == []
