"""A reader's own position in a debate, and its short code for share links.

A position is an acceptance like a party's: item (node key or ``edge:KEY``) -> accepted or
rejected (anything absent is left unstated). Its code packs one base-3 digit per item of the
debate (unstated 0, accepted 1, rejected 2), five digits a byte, in base64url, after a
four-character stamp of the debate's item list, so a code made before the debate's items
changed is refused rather than misread. The asan-2024 map (446 items) codes in at most
124 characters, a party's position in 60.

On a large debate a position is mostly a party's with a few changes, so a code may instead
list only the items where the position differs from a *base* (the party it started from,
or nothing): ``~``, the stamp, then per differing item its distance from the previous one
and its stance, as base-128 varints in base64url. :func:`encode` gives the shorter of the
two; :func:`decode` reads either, given the same base.

Examples
--------
>>> from kb.doc import DebateDoc, NodeDoc, NodeKind
>>> doc = DebateDoc(slug="d", title="D", nodes=(NodeDoc("a", NodeKind.EVIDENCE, "A"),
...                                               NodeDoc("b", NodeKind.CLAIM, "B")))
>>> code = encode(doc, {"a": "accepted", "b": "rejected"})
>>> decode(doc, code)
{'a': <Stance.ACCEPTED: 'accepted'>, 'b': <Stance.REJECTED: 'rejected'>}
>>> decode(doc, encode(doc, {}))
{}
>>> base = {"a": "accepted"}
>>> encode(doc, base, base=base)[0]
'~'
>>> decode(doc, encode(doc, base, base=base), base=base)
{'a': <Stance.ACCEPTED: 'accepted'>}
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from kb.doc import DebateDoc, Stance, edge_item
from kb.errors import InvalidInputError

DIGITS = {Stance.UNSTATED: 0, Stance.ACCEPTED: 1, Stance.REJECTED: 2}
STANCES = {digit: stance for stance, digit in DIGITS.items()}
STAMP = 4
PER_BYTE = 5
RELATIVE = "~"


def items(doc: DebateDoc) -> list[str]:
    """Every acceptance item of `doc` in code order: node keys, then edge items, sorted.

    >>> from kb.doc import DebateDoc, NodeDoc, NodeKind
    >>> items(DebateDoc(slug="d", title="D", nodes=(NodeDoc("b", NodeKind.CLAIM, "B"),
    ...                                              NodeDoc("a", NodeKind.CLAIM, "A"))))
    ['a', 'b']
    """
    return _indexed(doc).keys


@dataclass(frozen=True)
class _Items:
    keys: list[str]
    index: dict[str, int]
    stamp: str


def _indexed(doc: DebateDoc) -> _Items:
    """The items of `doc` in code order, each one's place, and their stamp (kept beside
    the document, which never changes)."""

    def build() -> _Items:
        keys = sorted(node.key for node in doc.nodes) + sorted(edge_item(e.key)
                                                                for e in doc.edges)
        return _Items(keys, {key: at for at, key in enumerate(keys)}, _stamp(keys))

    return doc.kept("_position_items", build)


def _stamp(keys: list[str]) -> str:
    digest = hashlib.sha1("\n".join(keys).encode(), usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(digest).decode()[:STAMP]


def encode(doc: DebateDoc, position: Mapping[str, Stance | str],
           base: Mapping[str, Stance | str] | None = None) -> str:
    """The short code of `position` (items of `doc` -> stance): the shorter of the dense
    code and the list of differences from `base` (default: nothing).

    Raises InvalidInputError for an item `doc` does not have.
    """
    indexed = _indexed(doc)
    unknown = sorted(item for item in position if item not in indexed.index)
    if unknown:
        raise InvalidInputError(f"not an item of this debate: {', '.join(unknown[:5])}")
    relative = RELATIVE + indexed.stamp + _relative(indexed, position, base or {})
    stated = [indexed.index[item] for item, stance in position.items() if _DIGIT[stance]]
    length = max(stated, default=-1) + 1  # the dense code's digits, trailing zeros cut
    if len(relative) < len(indexed.stamp) + _b64_length(-(-length // PER_BYTE)):
        return relative
    return indexed.stamp + _dense(indexed.keys, position)


_DIGIT: Mapping[str, int] = DIGITS  # type: ignore[assignment]  # a StrEnum is its value


def _b64_length(size: int) -> int:
    """Characters of `size` bytes in unpadded base64."""
    return -(-size * 4 // 3)


def _digit(stances: Mapping[str, Stance | str], key: str) -> int:
    return _DIGIT[stances.get(key, Stance.UNSTATED)]


def _relative(indexed: _Items, position: Mapping[str, Stance | str],
              base: Mapping[str, Stance | str]) -> str:
    changed = sorted(indexed.index[item] for item in {*position, *base}
                     if item in indexed.index and _digit(position, item) != _digit(base, item))
    packed = bytearray()
    last = -1
    for at in changed:
        value = (at - last) * 3 + _digit(position, indexed.keys[at])
        last = at
        while value >= 0x80:
            packed.append(value & 0x7F | 0x80)
            value >>= 7
        packed.append(value)
    return base64.urlsafe_b64encode(bytes(packed)).decode().rstrip("=")


def _dense(keys: list[str], position: Mapping[str, Stance | str]) -> str:
    digits = [_digit(position, key) for key in keys]
    while digits and digits[-1] == 0:
        digits.pop()
    packed = bytearray()
    for start in range(0, len(digits), PER_BYTE):
        value = 0
        for digit in reversed(digits[start:start + PER_BYTE]):
            value = value * 3 + digit
        packed.append(value)
    return base64.urlsafe_b64encode(bytes(packed)).decode().rstrip("=")


def decode(doc: DebateDoc, code: str,
           base: Mapping[str, Stance | str] | None = None) -> dict[str, Stance]:
    """The position a code stands for (InvalidInputError if it is not one of `doc`'s);
    a code of differences is read against `base` (default: nothing)."""
    indexed = _indexed(doc)
    keys = indexed.keys
    relative = code.startswith(RELATIVE)
    code = code.removeprefix(RELATIVE)
    if len(code) < STAMP or code[:STAMP] != indexed.stamp:
        raise InvalidInputError(
            "this position code was made for another version of the debate; start again "
            "from a party or from nothing"
        )
    body = code[STAMP:]
    try:
        packed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError("the position code is damaged") from exc
    if relative:
        return _differences(keys, packed, base or {})
    if len(packed) * PER_BYTE > len(keys) + PER_BYTE - 1 or any(b >= 3**PER_BYTE for b in packed):
        raise InvalidInputError("the position code is damaged")
    position: dict[str, Stance] = {}
    for index, value in enumerate(packed):
        for offset in range(PER_BYTE):
            value, digit = divmod(value, 3)
            at = index * PER_BYTE + offset
            if digit and at < len(keys):
                position[keys[at]] = STANCES[digit]
    return position


def _differences(keys: list[str], packed: bytes,
                 base: Mapping[str, Stance | str]) -> dict[str, Stance]:
    """`base` with the differences a relative code lists."""
    position = {key: Stance(stance) for key, stance in base.items()
                if Stance(stance) is not Stance.UNSTATED}
    at, value, shift = -1, 0, 0
    for byte in packed:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte & 0x80:
            if shift > 35:
                raise InvalidInputError("the position code is damaged")
            continue
        gap, digit = divmod(value, 3)
        at += gap
        if gap == 0 or at >= len(keys):
            raise InvalidInputError("the position code is damaged")
        position.pop(keys[at], None)
        if digit:
            position[keys[at]] = STANCES[digit]
        value, shift = 0, 0
    if shift:
        raise InvalidInputError("the position code is damaged")
    return position
