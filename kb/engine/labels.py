"""Labels and semantics names of the engine (Caminada's three-valued labellings).

A labelling gives every node and edge of a debate one of IN, OUT or UNDEC; the
semantics says which labellings count (see ``docs/semantics.md``).

Examples
--------
>>> Label.IN.value
'IN'
>>> parse_semantics("preferred")
<Semantics.PREFERRED: 'preferred'>
"""

from __future__ import annotations

from enum import StrEnum

from kb.errors import InvalidInputError


class Semantics(StrEnum):
    """Which labellings of the logic-program reading count."""

    GROUNDED = "grounded"
    COMPLETE = "complete"
    PREFERRED = "preferred"
    STABLE = "stable"


class Label(StrEnum):
    """True (IN), false (OUT) or undefined (UNDEC) in a three-valued model."""

    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


Labelling = dict[str, Label]
"""Item (node key or ``edge:KEY``) -> label."""


def parse_semantics(name: str | Semantics) -> Semantics:
    """Return the :class:`Semantics` called `name`; InvalidInputError for an unknown one.

    >>> parse_semantics("stable").value
    'stable'
    >>> parse_semantics("ideal")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: unknown semantics 'ideal'; choose one of: grounded, complete, ...
    """
    if isinstance(name, Semantics):
        return name
    try:
        return Semantics(str(name).lower())
    except ValueError:
        valid = ", ".join(s.value for s in Semantics)
        raise InvalidInputError(f"unknown semantics '{name}'; choose one of: {valid}") from None
