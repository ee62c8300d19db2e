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
from dataclasses import dataclass, field

NO_ATOM = -1
"""Marks a rule without a positive body atom."""


@dataclass(frozen=True)
class Program:
    """A normal logic program whose rules have at most one positive body atom."""

    atoms: tuple[str, ...]
    heads: list[int]
    positives: list[int]
    negatives: list[tuple[int, ...]]
    _by_head: list[list[int]] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_head:
            by_head: list[list[int]] = [[] for _ in self.atoms]
            for rule, head in enumerate(self.heads):
                by_head[head].append(rule)
            self._by_head.extend(by_head)

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
