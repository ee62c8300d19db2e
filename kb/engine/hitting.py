"""Flips toward UNDEC as implicit hitting sets of the arguments that decide the node.

Under grounded, complete and preferred a node whose well-founded label is IN or OUT has
that label in every labelling, so a flip toward UNDEC leaves the node UNDEC in the
well-founded model of its position. Every position in which an argument read in the order
of the well-founded model holds (:func:`kb.engine.argument.grounded_argument`) gives the
node that argument's label there (``docs/semantics.md``, "Flips"), so every flip *breaks*
every such argument: it changes the stance of one of the argument's items to one under
which that item lacks a rule the argument keeps, or has one it lacks. The search is the
implicit hitting set loop of MaxHS (Davies and Bacchus 2011) with the argument as the core:

- a solver (clingo, core-guided ``#minimize``) proposes a smallest set of changes that
  breaks every argument met so far: a lower bound on the size of every flip;
- the proposal is checked on the whole part (the well-founded model by the compiled loop,
  milliseconds for 40,000 items; under preferred the skeptical label,
  :mod:`kb.engine.residual`); if the node is UNDEC it is a flip of the smallest size,
- else the argument for the label the node has there is added (it holds in the proposal,
  so the proposal is ruled out). Under preferred a position whose well-founded model
  leaves the node UNDEC while every preferred labelling decides it has no such argument:
  the question is then handed to the search near the node (:mod:`kb.engine.nearby`).

At the smallest size every other proposal of that size is checked the same way, each
flip found then ruled out (with the larger positions that contain it), until none is
left or ``limit`` + 1 are found. With no proposal left (an argument no change breaks, or
arguments no set of changes breaks all of), no position leaves the node UNDEC. Only the
items of the arguments met enter the solver. Each round costs a well-founded model and a
small solver call, so answers of one or two changes come in well under a second on a
37,000-item part; proving that no set of three or more changes works can take thousands
of rounds there, which a `deadline` bounds (the size of the last proposal is then a
proven lower bound).

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> from kb.engine.labels import Semantics
>>> g = ArgGraph.from_lists(evidence=["e"], claims=["a", "b"],
...                         supports=[("e", "a")], rebuts=[("a", "b"), ("b", "a")])
>>> base = [Stance.ACCEPTED] + [Stance.UNSTATED] * (g.size - 1)
>>> b = g.index()["b"]
>>> options = {v: [s for s in (Stance.ACCEPTED, Stance.REJECTED) if s != base[v]]
...            for v in range(g.size)}
>>> search = Hitting(Nearby(g, b, Semantics.GROUNDED, base, options, Label.UNDEC))
>>> search.current
<Label.OUT: 'OUT'>
>>> found = search.run(limit=10)
>>> found.size, [sorted((g.items[v], s.value) for v, s in one.items()) for one in found.sets]
(1, [[('b', 'accepted')]])
"""

from __future__ import annotations

from typing import Any

import clingo

from kb.doc import Stance
from kb.engine.argument import Argument
from kb.engine.enforce import Found, Position, add_choice, past, stopped
from kb.engine.graph import STANCES
from kb.engine.labels import Label
from kb.engine.nearby import UNDECIDED, Nearby


class _Undecided(Exception):
    """A position whose well-founded model leaves the node UNDEC and whose preferred
    labellings all decide it: no argument rules it out."""


class Hitting:
    """The smallest sets of changes after which the node of `whole` is UNDEC: the question
    of `whole` (its part, node, semantics: grounded, complete or preferred, the party's
    stances and the candidates' other stances; target UNDEC), whose labels and arguments
    on the whole part are the check (read in the order of the well-founded model).

    Attributes: :attr:`current` (the node's label before any change), :attr:`target`.
    """

    def __init__(self, whole: Nearby) -> None:
        if whole.semantics not in UNDECIDED or whole.target != Label.UNDEC:
            raise ValueError("a hitting-set search asks toward UNDEC under grounded, "
                             "complete or preferred")
        self.whole, self.graph = whole, whole.graph
        self.base, self.options = whole.base, whole.options
        self.target, self.current = Label.UNDEC, whole.current
        self.control = clingo.Control(["--warn=none", "--opt-strategy=usc"])
        self.choose: dict[tuple[int, Stance], int] = {}
        self.changed: dict[int, int] = {}
        self.unbreakable = False
        """Whether some argument met holds in every position (then no flip exists)."""

    def run(self, *, limit: int, max_size: int | None = None,
            deadline: float | None = None) -> Found:
        """Every smallest set (at most `limit`; of at most `max_size` changes; stopping
        between proposals once `deadline` has passed, :func:`kb.engine.enforce.stopped`)."""
        if self.current == Label.UNDEC:
            return Found(0, [{}], True)
        if max_size is not None and max_size < 1:
            return Found(None, [], True)
        found: list[Position] = []
        try:
            self._refute({})
            while not self.unbreakable:
                proposal = self._propose()
                if proposal is None or (max_size is not None and len(proposal) > max_size):
                    break
                if found and len(proposal) > len(found[0]):
                    break
                if past(deadline):
                    return stopped(len(proposal), found, limit)
                if self._refute(proposal):
                    found.append(proposal)
                    if len(found) > limit:
                        break
                    self._rule_out(proposal)
        except _Undecided:
            return self.whole.run(limit=limit, max_size=max_size, deadline=deadline)
        if not found:
            return Found(None, [], True)
        return Found(len(found[0]), found[:limit], len(found) <= limit)

    def _refute(self, changes: Position) -> bool:
        """Check `changes` on the whole part: True when the node is UNDEC there; else rule
        the position out with the argument for the node's label and return False
        (:class:`_Undecided` when the well-founded model leaves the node UNDEC)."""
        label, found = self.whole.argument_at(changes, keep=False)
        if label == Label.UNDEC:
            return True
        if found is None:
            raise _Undecided
        self._break(found)
        return False

    def _break(self, found: Argument) -> None:
        """From now on, only positions that break the argument `found`: some item of it
        takes a stance under which its rules are not those the argument needs."""
        graph, table = self.graph, self.graph.table
        keeps, kinds = graph._keeps, graph._kind_codes
        holding: dict[int, set[int]] = {}
        for rules, kept in ((found.present, True), (found.absent, False)):
            for rule in rules:
                head = int(table.heads[rule])
                codes = holding.setdefault(head, set(range(len(STANCES))))
                codes &= {code for code in range(len(STANCES))
                          if bool(keeps[table.kinds[rule], kinds[head], code]) == kept}
        with self.control.backend() as backend:
            breaking = [self._choice(backend, head, stance)
                        for head, codes in sorted(holding.items()) if head in self.options
                        for stance in (self.base[head], *self.options[head])
                        if STANCES.index(stance) not in codes]
            if not breaking:
                self.unbreakable = True
                return
            backend.add_rule([], [-atom for atom in breaking])
        self.control.ground([])

    def _choice(self, backend: Any, vertex: int, stance: Stance) -> int:
        """The atom "`vertex` takes `stance`" (the vertex's choice added when first met)."""
        if vertex not in self.changed:
            stances = [self.base[vertex], *self.options[vertex]]
            atoms, changed = add_choice(backend, len(stances))
            self.choose.update(zip(((vertex, s) for s in stances), atoms, strict=True))
            self.changed[vertex] = changed
            backend.add_minimize(0, [(changed, 1)])
        return self.choose[(vertex, stance)]

    def _rule_out(self, changes: Position) -> None:
        """From now on, neither the flip `changes` nor a position that makes these changes
        and more (larger than the smallest size, which it has)."""
        with self.control.backend() as backend:
            backend.add_rule([], [self._choice(backend, v, stance)
                                  for v, stance in sorted(changes.items())])
        self.control.ground([])

    def _propose(self) -> Position | None:
        """A smallest position that breaks every argument met (None: there is none)."""
        best: Position | None = None
        with self.control.solve(yield_=True) as handle:
            for model in handle:
                best = {v: stance for (v, stance), atom in self.choose.items()
                        if stance != self.base[v] and model.is_true(atom)}
        return best
