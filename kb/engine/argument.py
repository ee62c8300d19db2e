"""The argument behind one label of a labelling: the few rules that keep it in other programs.

A complete labelling W of a program (a partial stable model) in which an atom ``v`` is IN
or OUT rests on a small part of the program: the rules that derive ``v`` (or the atoms
that block every rule of ``v``), the rules that derive those blockers, and so on. Written
as a pair of atom sets, ``T`` (IN atoms) and ``F`` (OUT atoms), with ``v`` in one of them,
the part is an argument when

1. every atom of ``T`` has a rule whose negated atoms lie in ``F`` and whose positive atom
   lies in ``T`` and comes earlier (the rules form a well-founded derivation), and
2. every rule of an atom of ``F`` has a negated atom in ``T`` or its positive atom in
   ``F`` (``F`` is unfounded once ``T`` holds).

Any program that keeps the rules of 1 and has no rule of an ``F`` atom breaking 2 has a
partial stable model with ``T`` IN and ``F`` OUT. Proof: with ``P`` the atoms outside
``F`` and ``G(X)`` the least model of the rules with no negated atom in ``X``, the two
conditions say ``T ⊆ G(P)`` and ``G(T) ⊆ P``; ``G`` is antitone, so ``X ↦ G(G(X))``
climbs from ``T`` to a fixpoint ``T* ⊇ T`` with ``G(T*) ⊆ P``, a partial stable model
(Van Gelder's alternating fixpoint) with ``T`` IN and ``F`` OUT. Every preferred labelling
above it keeps both, and the well-founded model lies below it. So the argument refutes, in
every such program, the skeptical label opposite to ``v``'s (IN for an OUT ``v`` and the
reverse) under grounded, complete and preferred semantics: that is how the status
enforcement (:mod:`kb.engine.enforce`) rules out many positions with one labelling.

Examples
--------
>>> from kb.engine.labels import Label
>>> # a <- not b.  b <- not c.  c.  (W: a IN, b OUT, c IN)
>>> rules = ([0, 1, 2], [-1, -1, -1], [(1,), (2,), ()])
>>> found = argument(rules, [True, True, True], [Label.IN, Label.OUT, Label.IN], 0)
>>> found.present, found.absent, sorted(found.inside), sorted(found.outside)
((0, 2), (), [0, 2], [1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kb.engine.labels import Label
from kb.engine.program import NO_ATOM

Rules = tuple[Sequence[int], Sequence[int], Sequence[Sequence[int]]]
"""Heads, positive atoms (``NO_ATOM``: none) and negated atoms, one entry per rule."""


@dataclass(frozen=True)
class Argument:
    """What a program must have for the argument to hold in it: rules it keeps and rules
    it lacks (numbers into the rule lists given to :func:`argument`)."""

    present: tuple[int, ...]
    absent: tuple[int, ...]
    inside: frozenset[int]
    """``T``: the atoms the argument makes IN."""
    outside: frozenset[int]
    """``F``: the atoms it makes OUT."""


def _witnesses(rules: Rules, present: Sequence[bool], labels: Sequence[Label]) -> list[int]:
    """For every IN atom of `labels`, a rule that derives it first in the least model of
    the present rules whose negated atoms are all OUT (-1 for the other atoms)."""
    heads, positives, negatives = rules
    witness = [-1] * len(labels)
    waiting: dict[int, list[int]] = {}
    ready: list[int] = []
    for rule, head in enumerate(heads):
        if not present[rule] or labels[head] != Label.IN:
            continue
        if any(labels[n] != Label.OUT for n in negatives[rule]):
            continue
        if positives[rule] == NO_ATOM:
            ready.append(rule)
        else:
            waiting.setdefault(positives[rule], []).append(rule)
    while ready:
        following = []
        for rule in ready:
            head = heads[rule]
            if witness[head] < 0:
                witness[head] = rule
                following += waiting.pop(head, [])
        ready = following
    return witness


def argument(rules: Rules, present: Sequence[bool], labels: Sequence[Label],
             vertex: int, *, witness: Sequence[int] | None = None,
             by_head: Sequence[Sequence[int]] | None = None,
             when: Sequence[int] | None = None) -> Argument:
    """The argument for the label of `vertex` (IN or OUT) in `labels`, a partial stable
    model of the program made of the rules marked `present`.

    The argument is small: blockers already in it are preferred, then IN blockers (an
    attack that stands), then OUT positive atoms (a support that fails). A caller that
    has them may pass, for every IN atom, a present rule that derives it with its negated
    atoms OUT and its positive atom derived earlier (`witness`, as the well-founded loops
    record it), and the rules of each atom (`by_head`): then only the atoms of the
    argument are visited. With `when` (`labels` the well-founded model), the argument is
    read in the order its atoms were decided (:func:`grounded_argument`).
    """
    heads, positives, negatives = rules
    if by_head is None:
        lists: list[list[int]] = [[] for _ in labels]
        for rule, head in enumerate(heads):
            lists[head].append(rule)
        by_head = lists
    if witness is None:
        witness = _witnesses(rules, present, labels)
    inside: set[int] = set()
    outside: set[int] = set()
    needed: list[int] = []
    stack = [(vertex, labels[vertex] == Label.IN)]
    while stack:
        atom, is_in = stack.pop()
        if is_in:
            if atom not in inside:
                inside.add(atom)
                rule = witness[atom]
                if rule < 0:
                    raise ValueError("the labelling is not a partial stable model")
                needed.append(rule)
                stack += [(n, False) for n in negatives[rule]]
                if positives[rule] != NO_ATOM:
                    stack.append((positives[rule], True))
        elif atom not in outside:
            outside.add(atom)
            stack += [_blocker(rules, rule, labels, inside, outside) if when is None else
                      _timed_blocker(rules, int(rule), labels, when, inside, outside)
                      for rule in by_head[atom] if present[rule]]
    absent = [rule for atom in sorted(outside) for rule in by_head[atom]
              if not present[rule] and not (
                  _blocked(rules, rule, inside, outside) if when is None else
                  _timed_blocked(rules, int(rule), when, inside, outside))]
    return Argument(tuple(sorted(needed)), tuple(absent), frozenset(inside),
                    frozenset(outside))


def _blocked(rules: Rules, rule: int, inside: set[int], outside: set[int]) -> bool:
    _, positives, negatives = rules
    return positives[rule] in outside or any(n in inside for n in negatives[rule])


def _blocker(rules: Rules, rule: int, labels: Sequence[Label], inside: set[int],
             outside: set[int]) -> tuple[int, bool]:
    """The atom that blocks `rule` in the argument: ``(atom, True)`` for a negated atom
    made IN, ``(atom, False)`` for the positive atom made OUT."""
    _, positives, negatives = rules
    positive = positives[rule]
    standing = [n for n in negatives[rule] if labels[n] == Label.IN]
    chosen = next((n for n in standing if n in inside), None)
    if chosen is not None:
        return chosen, True
    if positive != NO_ATOM and labels[positive] == Label.OUT and positive in outside:
        return positive, False
    if standing:
        return standing[0], True
    if positive == NO_ATOM or labels[positive] != Label.OUT:
        raise ValueError("the labelling is not a partial stable model")
    return positive, False


def grounded_argument(rules: Rules, present: Sequence[bool], labels: Sequence[Label],
                      vertex: int, *, witness: Sequence[int], when: Sequence[int],
                      by_head: Sequence[Sequence[int]]) -> Argument:
    """The argument for the label of `vertex` (IN or OUT) in `labels`, the well-founded
    model of the present rules, read in the order its atoms were decided (`when`, as the
    compiled loop records it; `witness`: the rule that derived each IN atom): each rule of
    an OUT atom is blocked by an IN atom decided earlier or by an OUT positive atom decided
    no later. Wherever such an argument holds, the well-founded model gives its atoms its
    labels (by induction on `when`: an IN atom's rule has its body true there, and the OUT
    atoms decided at one step form an unfounded set), so the node keeps its label under
    every semantics, stable included (every stable model extends the well-founded one).

    >>> rules = ([0, 1, 2], [-1, -1, -1], [(1,), (2,), ()])
    >>> found = grounded_argument(rules, [True] * 3, [Label.IN, Label.OUT, Label.IN], 0,
    ...                           witness=[0, -1, 2], when=[2, 1, 0], by_head=[[0], [1], [2]])
    >>> sorted(found.inside), sorted(found.outside), found.absent
    ([0, 2], [1], ())
    """
    return argument(rules, present, labels, vertex, witness=witness, by_head=by_head,
                    when=when)


def _timed_blocked(rules: Rules, rule: int, when: Sequence[int], inside: set[int],
                   outside: set[int]) -> bool:
    """Whether the argument blocks `rule` in the order of `when`."""
    heads, positives, negatives = rules
    step = when[heads[rule]]
    positive = positives[rule]
    return (positive in outside and when[positive] <= step) or any(
        n in inside and when[n] < step for n in negatives[rule])


def _timed_blocker(rules: Rules, rule: int, labels: Sequence[Label], when: Sequence[int],
                   inside: set[int], outside: set[int]) -> tuple[int, bool]:
    """The atom that blocks `rule` of an OUT atom in the order of `when`: a negated atom
    IN decided earlier, or the positive atom OUT decided no later (those already in the
    argument first)."""
    heads, positives, negatives = rules
    step = when[heads[rule]]
    standing = [int(n) for n in negatives[rule]
                if labels[n] == Label.IN and when[n] < step]
    positive = int(positives[rule])
    failing = positive != NO_ATOM and labels[positive] == Label.OUT and \
        when[positive] <= step
    chosen = next((n for n in standing if n in inside), None)
    if chosen is not None:
        return chosen, True
    if failing and positive in outside:
        return positive, False
    if standing:
        return standing[0], True
    if not failing:
        raise ValueError("the labelling is not the well-founded model")
    return positive, False
