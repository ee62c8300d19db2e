"""Compiled loops for large Dung frameworks: i23 parsing and grounded propagation.

Compiled by numba with ``cache=True``: the first run after a fresh checkout compiles them
(a few seconds, once) and stores the machine code under ``__pycache__``; later processes
load it. Plain Python fallbacks are not kept: numba is a dependency.

Examples
--------
>>> import numpy as np
>>> text = np.frombuffer(b"p af 3\\n# a comment\\n1 2\\n2 3\\n", dtype=np.uint8)
>>> count, src, dst, line = parse_i23(text)
>>> int(count), src.tolist(), dst.tolist(), int(line)
(3, [0, 1], [1, 2], 0)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numba
import numpy as np

njit = cast(Callable[..., Callable[[Callable[..., Any]], Any]], numba.njit)

NEWLINE, HASH, SPACE, TAB, CR = 10, 35, 32, 9, 13


@njit(cache=True, nogil=True)
def _count_lines(text: Any) -> int:
    lines = 1
    for byte in text:
        if byte == NEWLINE:
            lines += 1
    return lines


@njit(cache=True, nogil=True)
def _parse(text: Any, capacity: int) -> Any:
    """Return (N or -1, src, dst, attacks, bad line or 0)."""
    src = np.empty(capacity, dtype=np.int32)
    dst = np.empty(capacity, dtype=np.int32)
    size = len(text)
    position = 0
    line = 0
    count = -1
    attacks = 0
    while position < size:
        line += 1
        while position < size and (text[position] == SPACE or text[position] == TAB):
            position += 1
        if position >= size:
            break
        first = text[position]
        if first == NEWLINE or first == CR:  # noqa: SIM109 (plain compares compile best)
            position += 1
            if first == CR and position < size and text[position] == NEWLINE:
                position += 1
            continue
        if first == HASH or first == 112:  # '#' comment, or 'p af N'
            start = position
            while position < size and text[position] != NEWLINE:
                position += 1
            if first == 112:
                if count >= 0:
                    return -1, src, dst, 0, line
                # expect "p af N"
                cursor = start + 1
                while cursor < position and (text[cursor] == SPACE or text[cursor] == TAB):
                    cursor += 1
                if cursor + 1 >= position or text[cursor] != 97 or text[cursor + 1] != 102:
                    return -1, src, dst, 0, line
                cursor += 2
                if cursor >= position or not (text[cursor] == SPACE or text[cursor] == TAB):
                    return -1, src, dst, 0, line
                while cursor < position and (text[cursor] == SPACE or text[cursor] == TAB):
                    cursor += 1
                value = 0
                digits = 0
                while cursor < position and 48 <= text[cursor] <= 57:
                    value = value * 10 + (text[cursor] - 48)
                    digits += 1
                    cursor += 1
                while cursor < position and (
                    text[cursor] == SPACE or text[cursor] == TAB or text[cursor] == CR
                ):
                    cursor += 1
                if digits == 0 or cursor != position:
                    return -1, src, dst, 0, line
                count = value
            position += 1
            continue
        if count < 0:
            return -1, src, dst, 0, line
        numbers = np.zeros(2, dtype=np.int64)
        found = 0
        while position < size and text[position] != NEWLINE:
            byte = text[position]
            if 48 <= byte <= 57:
                if found == 2:
                    return -1, src, dst, 0, line
                value = 0
                while position < size and 48 <= text[position] <= 57:
                    value = value * 10 + (text[position] - 48)
                    position += 1
                numbers[found] = value
                found += 1
                continue
            if not (byte == SPACE or byte == TAB or byte == CR):  # noqa: SIM109
                return -1, src, dst, 0, line
            position += 1
        position += 1
        if found != 2:
            return -1, src, dst, 0, line
        if numbers[0] < 1 or numbers[0] > count or numbers[1] < 1 or numbers[1] > count:
            return -1, src, dst, 0, line
        src[attacks] = numbers[0] - 1
        dst[attacks] = numbers[1] - 1
        attacks += 1
    if count < 0:
        return -1, src, dst, 0, line + 1
    return count, src, dst, attacks, 0


def parse_i23(text: Any) -> tuple[int, Any, Any, int]:
    """Parse i23 bytes (a uint8 array): (N, attackers, targets, 0) or (-1, _, _, bad line).

    Arguments are numbered from 0 in the result.
    """
    capacity = int(_count_lines(text))
    count, src, dst, attacks, line = _parse(text, capacity)
    return int(count), src[:attacks], dst[:attacks], int(line)


@njit(cache=True, nogil=True)
def _csr(count: int, src: Any, dst: Any) -> Any:
    """Targets of each argument, grouped by attacker (counting sort)."""
    start = np.zeros(count + 1, dtype=np.int64)
    for a in src:
        start[a + 1] += 1
    for i in range(count):
        start[i + 1] += start[i]
    fill = start[:-1].copy()
    targets = np.empty(len(src), dtype=np.int32)
    for k in range(len(src)):
        a = src[k]
        targets[fill[a]] = dst[k]
        fill[a] += 1
    return start, targets


@njit(cache=True, nogil=True)
def _grounded(count: int, src: Any, dst: Any) -> Any:
    """Grounded labelling: 1 IN, 2 OUT, 0 UNDEC (Dung's characteristic function, linear)."""
    start, targets = _csr(count, src, dst)
    undefeated = np.zeros(count, dtype=np.int32)
    for b in dst:
        undefeated[b] += 1
    label = np.zeros(count, dtype=np.int8)
    queue = np.empty(count, dtype=np.int32)
    head = 0
    tail = 0
    for a in range(count):
        if undefeated[a] == 0:
            label[a] = 1
            queue[tail] = a
            tail += 1
    while head < tail:
        a = queue[head]
        head += 1
        for k in range(start[a], start[a + 1]):
            b = targets[k]
            if label[b] != 2:
                if label[b] == 1:
                    continue  # cannot happen: an IN argument has no IN attacker
                label[b] = 2
                for j in range(start[b], start[b + 1]):
                    c = targets[j]
                    undefeated[c] -= 1
                    if undefeated[c] == 0 and label[c] == 0:
                        label[c] = 1
                        queue[tail] = c
                        tail += 1
    return label


def grounded_labels(count: int, src: Any, dst: Any) -> Any:
    """Grounded labels (int8: 1 IN, 2 OUT, 0 UNDEC) of the framework with 0-based attacks.

    >>> import numpy as np
    >>> grounded_labels(3, np.array([0, 1], dtype=np.int32), np.array([1, 2], dtype=np.int32))
    array([1, 2, 1], dtype=int8)
    """
    return _grounded(count, src, dst)


@njit(cache=True, nogil=True)
def _well_founded(
    size: int, heads: Any, positives: Any, neg_start: Any, neg_atoms: Any,
    head_start: Any, head_rules: Any, negin_start: Any, negin_rules: Any,
    posin_start: Any, posin_rules: Any, disabled: Any,
) -> Any:
    """Well-founded model of a program given as CSR arrays (see grounded.py for the method).

    Returns (value, fired, unfounded, when): value 1 true, 2 false, 0 undefined; `when`
    the step at which each atom was decided (its place in the queue; the first place of its
    batch for an unfounded set; -1 for an undefined atom).
    """
    rules = len(heads)
    value = np.zeros(size, dtype=np.int8)
    fired = np.full(size, -1, dtype=np.int32)
    unfounded = np.zeros(size, dtype=np.bool_)
    when = np.full(size, -1, dtype=np.int32)
    alive = np.zeros(size, dtype=np.int32)
    pending = np.empty(rules, dtype=np.int32)
    positive_true = np.empty(rules, dtype=np.bool_)
    dead = disabled.copy()
    queue = np.empty(size, dtype=np.int32)
    tail = 0
    for r in range(rules):
        pending[r] = neg_start[r + 1] - neg_start[r]
        positive_true[r] = positives[r] < 0
        if not dead[r]:
            alive[heads[r]] += 1
    for a in range(size):
        if alive[a] == 0:
            value[a] = 2
            when[a] = tail
            queue[tail] = a
            tail += 1
    for r in range(rules):
        h = heads[r]
        if not dead[r] and positive_true[r] and pending[r] == 0 and value[h] == 0:
            value[h] = 1
            fired[h] = r
            when[h] = tail
            queue[tail] = h
            tail += 1
    head = 0
    reached = np.zeros(size, dtype=np.bool_)
    stack = np.empty(size, dtype=np.int32)
    while True:
        while head < tail:
            a = queue[head]
            head += 1
            if value[a] == 1:
                for k in range(negin_start[a], negin_start[a + 1]):
                    r = negin_rules[k]
                    if not dead[r]:
                        dead[r] = True
                        h = heads[r]
                        alive[h] -= 1
                        if alive[h] == 0 and value[h] == 0:
                            value[h] = 2
                            when[h] = tail
                            queue[tail] = h
                            tail += 1
                for k in range(posin_start[a], posin_start[a + 1]):
                    r = posin_rules[k]
                    positive_true[r] = True
                    h = heads[r]
                    if pending[r] == 0 and not dead[r] and value[h] == 0:
                        value[h] = 1
                        fired[h] = r
                        when[h] = tail
                        queue[tail] = h
                        tail += 1
            else:
                for k in range(negin_start[a], negin_start[a + 1]):
                    r = negin_rules[k]
                    pending[r] -= 1
                    h = heads[r]
                    if pending[r] == 0 and positive_true[r] and not dead[r] and value[h] == 0:
                        value[h] = 1
                        fired[h] = r
                        when[h] = tail
                        queue[tail] = h
                        tail += 1
                for k in range(posin_start[a], posin_start[a + 1]):
                    r = posin_rules[k]
                    if not dead[r]:
                        dead[r] = True
                        h = heads[r]
                        alive[h] -= 1
                        if alive[h] == 0 and value[h] == 0:
                            value[h] = 2
                            when[h] = tail
                            queue[tail] = h
                            tail += 1
        # Greatest unfounded set: undecided atoms not derivable optimistically.
        top = 0
        undecided = 0
        for a in range(size):
            reached[a] = False
        for a in range(size):
            if value[a] != 0:
                continue
            undecided += 1
            for k in range(head_start[a], head_start[a + 1]):
                r = head_rules[k]
                if not dead[r] and positive_true[r]:
                    reached[a] = True
                    stack[top] = a
                    top += 1
                    break
        if undecided == 0:
            break
        count = top
        while top > 0:
            top -= 1
            a = stack[top]
            for k in range(posin_start[a], posin_start[a + 1]):
                r = posin_rules[k]
                h = heads[r]
                if not dead[r] and value[h] == 0 and not reached[h]:
                    reached[h] = True
                    stack[top] = h
                    top += 1
                    count += 1
        if count == undecided:
            break
        batch = tail
        for a in range(size):
            if value[a] == 0 and not reached[a]:
                value[a] = 2
                unfounded[a] = True
                when[a] = batch
                queue[tail] = a
                tail += 1
    return value, fired, unfounded, when


def well_founded_arrays(size: int, table: Any, disabled: Any) -> Any:
    """Run the compiled well-founded model on a rule table (see ``graph.RuleTable``):
    (value, fired, unfounded)."""
    return well_founded_timed(size, table, disabled)[:3]


def well_founded_timed(size: int, table: Any, disabled: Any) -> Any:
    """:func:`well_founded_arrays` and the step at which each atom was decided."""
    return _well_founded(
        size, table.heads, table.positives, table.neg_start, table.neg_atoms,
        table.head_start, table.head_rules, table.negin_start, table.negin_rules,
        table.posin_start, table.posin_rules, disabled,
    )
