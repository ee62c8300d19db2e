"""Suggestions for mistyped names: "did you mean ...?" in error messages.

Examples
--------
>>> did_you_mean("revenue-recyling", ["revenue-recycling", "carbon-tax"])
" (did you mean 'revenue-recycling'?)"
>>> did_you_mean("zzz", ["a", "b"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.5
"""How alike a known name must be (difflib's ratio) to be suggested."""


def close_matches(word: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """Return up to `n` of `choices` that look like `word`, best first.

    >>> close_matches("c1", ["c1x", "c2", "e1"])
    ['c1x', 'e1', 'c2']
    """
    return difflib.get_close_matches(word, sorted(set(choices)), n=n, cutoff=CUTOFF)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest of `choices`, or ``''``.

    >>> did_you_mean("wong2", ["wong", "asan-editors"])
    " (did you mean 'wong'?)"
    """
    found = close_matches(word, choices, n=2)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{f}'" for f in found) + "?)"
