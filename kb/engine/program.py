"""The normal logic program a debate becomes for one party (DESIGN.md, rules 1-3).

Every node and every edge is one atom ``in(x)``. Each rule has at most one positive body
atom and any number of negated ones, so derivations are chains. The program is stored as
flat lists (rule heads, positive atoms, negative atoms) indexed by atom number, which the
grounded, extension and explanation modules all read.

Examples
--------
>>> p = Program.from_rules(["a", "b"], [("a", None, ()), ("b", "a", ())])
>>> p.rules_of(1)
[1]
>>> p.describe_rule(1)
'in(b) <- in(a)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

NO_ATOM = -1
"""Marks a rule without a positive body atom."""


class Program:
    """A normal logic program whose rules have at most one positive body atom.

    A plain class (equal when its four lists are), not a dataclass: ``argmap solve`` loads
    this module, and the ``dataclasses`` module would cost it a few milliseconds.
    """

    __slots__ = ("_by_head", "atoms", "heads", "negatives", "positives")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, atoms: tuple[str, ...], heads: list[int], positives: list[int],
                 negatives: list[tuple[int, ...]]) -> None:
        self.atoms = atoms
        self.heads = heads
        self.positives = positives
        self.negatives = negatives
        by_head: list[list[int]] = [[] for _ in atoms]
        for rule, head in enumerate(heads):
            by_head[head].append(rule)
        self._by_head = by_head

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Program):
            return NotImplemented
        return (self.atoms, self.heads, self.positives, self.negatives) == (
            other.atoms, other.heads, other.positives, other.negatives)

    def __repr__(self) -> str:
        return (f"Program(atoms={self.atoms!r}, heads={self.heads!r}, "
                f"positives={self.positives!r}, negatives={self.negatives!r})")

    @classmethod
    def from_rules(
        cls,
        atoms: Sequence[str],
        rules: Iterable[tuple[str, str | None, Sequence[str]]],
    ) -> Program:
        """Build a program from named atoms and ``(head, positive or None, negatives)``.

        >>> Program.from_rules(["a", "b"], [("a", None, ["b"])]).negatives
        [(1,)]
        """
        index = {name: number for number, name in enumerate(atoms)}
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[tuple[int, ...]] = []
        for head, positive, negated in rules:
            heads.append(index[head])
            positives.append(NO_ATOM if positive is None else index[positive])
            negatives.append(tuple(index[name] for name in negated))
        return cls(tuple(atoms), heads, positives, negatives)

    @property
    def size(self) -> int:
        """Number of atoms."""
        return len(self.atoms)

    def rules_of(self, atom: int) -> list[int]:
        """Rule numbers whose head is `atom`."""
        return self._by_head[atom]

    def describe_rule(self, rule: int) -> str:
        """The rule as text, for messages and docs."""
        body = []
        if self.positives[rule] != NO_ATOM:
            body.append(f"in({self.atoms[self.positives[rule]]})")
        body += [f"not in({self.atoms[n]})" for n in self.negatives[rule]]
        head = f"in({self.atoms[self.heads[rule]]})"
        return f"{head} <- {', '.join(body)}" if body else f"{head}."
