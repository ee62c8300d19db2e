"""Error messages in words: what a key or a citation must look like, not a regular expression.

Examples
--------
>>> reword({"loc": ["body", "citations", 0, "source"], "type": "string_pattern_mismatch",
...         "msg": "String should match pattern '^[a-z0-9]...'"})["msg"][:40]
'a citation names a source by its key (lo'
>>> reword({"loc": ["body", "key"], "type": "string_pattern_mismatch", "msg": "x"})["msg"][:30]
'a key is 1 to 80 characters: l'
"""

from __future__ import annotations

from typing import Any

KEY_WORDS = ("a key is 1 to 80 characters: lower-case letters a-z, digits, '_', '.' and '-', "
             "starting with a letter or digit (e.g. 'carbon-tax' or 'e1')")
CITATION_WORDS = ("a citation names a source by its key (lower-case letters, digits, '_', "
                  "'.', '-'), then a locator: {\"source\": \"okafor-2024\", \"locator\": "
                  "\"¶3\"}, or the string \"okafor-2024 ¶3\" (a space, no comma, between them)")


def reword(error: dict[str, Any]) -> dict[str, Any]:
    """Return `error` (a pydantic-style ``{"loc", "msg", "type"}``) with its message in words.

    A key or citation that does not match the key pattern is explained in words; other
    errors pass unchanged.
    """
    if error.get("type") != "string_pattern_mismatch":
        return error
    loc = [str(part) for part in error.get("loc") or []]
    words = CITATION_WORDS if "citations" in loc else KEY_WORDS
    shown = error.get("input")
    if isinstance(shown, str):
        words = f"{shown!r} is not valid: {words}"
    out = {k: v for k, v in error.items() if k != "ctx"}
    out["msg"] = words
    return out
