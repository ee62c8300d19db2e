"""Run the docstring examples of every module of ``kb`` (they are part of the docs)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kb


def _kb_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(kb.__path__, prefix="kb."))


@pytest.mark.parametrize("name", _kb_modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
