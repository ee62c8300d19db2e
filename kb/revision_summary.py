"""What a revision changed, in words: one readable line per change.

A revision records each touched item before and after (``None`` when absent); these
functions turn that into lines an editor reads in the history, such as
``revenue-recycling: accepted -> rejected for coalition``. Pure: no database.

Examples
--------
>>> describe({"stance:coalition:revenue-recycling": "accepted"},
...          {"stance:coalition:revenue-recycling": "rejected"})
['revenue-recycling: accepted -> rejected for coalition']
>>> describe({"node:c1": None}, {"node:c1": {"key": "c1", "kind": "claim", "text": "A."}})
["added claim c1: 'A.'"]
"""

from __future__ import annotations

from typing import Any

SHOWN = 60
"""Characters of a text shown in a summary line before it is cut."""
SKIPPED = {"key", "position"}
NAMES = {"node": "node", "edge": "edge", "party": "party", "source": "source"}


def _short(value: Any) -> str:
    """Quote a value briefly for a summary line.

    >>> _short("x" * 70)[-4:]
    "...'"
    """
    if isinstance(value, str):
        text = value if len(value) <= SHOWN else value[:SHOWN - 3] + "..."
        return repr(text)
    if isinstance(value, list):
        return "[" + ", ".join(_item(v) for v in value) + "]"
    return "none" if value is None else str(value)


def _item(value: Any) -> str:
    if isinstance(value, dict) and "source" in value:
        return f"{value['source']} {value.get('locator', '')}".strip()
    return str(value)


def _what(kind: str, state: dict[str, Any]) -> str:
    """Name an item: ``claim c1``, ``edge s1 (e1 supports c1)``, ``party wong``."""
    key = state.get("key", "")
    if kind == "node":
        return f"{state.get('kind', 'node')} {key}"
    if kind == "edge":
        target = state.get("target") or f"edge {state.get('target_edge')}"
        return f"edge {key} ({state.get('source')} {state.get('relation')} {target})"
    return f"{NAMES.get(kind, kind)} {key}"


def _acceptance(party: str, old: dict[str, str] | None, new: dict[str, str] | None) -> list[str]:
    old, new = old or {}, new or {}
    return [
        f"{item}: {old.get(item, 'unstated')} -> {new.get(item, 'unstated')} for {party}"
        for item in sorted(set(old) | set(new)) if old.get(item) != new.get(item)
    ]


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [
        f"{name} {_short(old.get(name))} -> {_short(new.get(name))}"
        for name in sorted(set(old) | set(new))
        if name not in SKIPPED and old.get(name) != new.get(name)
    ]


def describe_item(ident: str, old: Any, new: Any) -> list[str]:
    """Return the lines that say how item `ident` went from `old` to `new`.

    Examples
    --------
    >>> describe_item("debate", {"title": "A", "mode": "unsupported"},
    ...               {"title": "B", "mode": "unsupported"})
    ["debate: title 'A' -> 'B'"]
    >>> describe_item("edge:s1", {"key": "s1", "source": "e1", "relation": "supports",
    ...                           "target": "c1"}, None)
    ['deleted edge s1 (e1 supports c1)']
    """
    kind, _, key = ident.partition(":")
    if kind == "stance":
        party, _, item = key.partition(":")
        return [f"{item}: {old or 'unstated'} -> {new or 'unstated'} for {party}"]
    if kind == "acceptance":
        return _acceptance(key, old, new)
    if kind == "debate":
        if old is None or new is None:
            return ["created the debate" if old is None else "deleted the debate"]
        return ["debate: " + "; ".join(_fields(old, new))]
    if old is None:
        text = new.get("text") or new.get("name") or new.get("title") or ""
        return [f"added {_what(kind, new)}" + (f": {_short(text)}" if text else "")]
    if new is None:
        return [f"deleted {_what(kind, old)}"]
    changed = _fields(old, new)
    return [f"{_what(kind, new)}: " + "; ".join(changed)] if changed else []


def describe(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Return one line per change of a revision (items in a stable order).

    Parameters
    ----------
    before, after : dict
        Item id -> state before and after (``None`` when absent), as a Revision records.

    Returns
    -------
    list of str
        Debate first, then sources, parties, nodes, edges and acceptance, by key.

    Examples
    --------
    >>> describe({"party:p": None}, {"party:p": {"key": "p", "name": "P"}})
    ["added party p: 'P'"]
    """
    order = {"debate": 0, "source": 1, "party": 2, "node": 3, "edge": 4, "acceptance": 5,
             "stance": 5}
    lines: list[str] = []
    for ident in sorted(set(before) | set(after),
                        key=lambda i: (order.get(i.partition(":")[0], 9), i)):
        lines.extend(describe_item(ident, before.get(ident), after.get(ident)))
    return lines
