"""Run the docstring examples of every module of ``kb`` and ``api`` (they are part of the
docs)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import api
import kb


def _modules() -> list[str]:
    return sorted(
        m.name
        for package in (kb, api)
        for m in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
    )


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
