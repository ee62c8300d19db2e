"""Complete, preferred and stable ICCMA answers on tiny frameworks, in plain Python.

When the grounded labelling does not decide (:mod:`kb.quick_iccma`), ``argmap solve`` tries
this search before loading clingo, on the arguments grounded leaves UNDEC and the attacks
among them (every complete labelling extends the grounded one, and the attacks from the
rest are answered by the grounded IN set). Two searches, both exhaustive:

- *Labellings* (stable questions, and the counter-examples of skeptical preferred): each
  argument has a domain of labels (IN, OUT, UNDEC; no UNDEC for stable) narrowed by the two
  rules of a complete labelling (IN exactly when every attacker is OUT, OUT exactly when
  some attacker is IN), searched depth first, IN first, the most connected arguments
  first. Every labelling found is checked against the rules.
- *Admissible sets* (credulous complete and preferred, preferred extensions): the attacker
  left unanswered with the fewest possible answers is answered by each of its own
  attackers in turn. A preferred extension is grown argument by argument (kept when an
  admissible set has it with the ones kept), so it is a maximal admissible set.

The work is bounded (:data:`BUDGET` steps, and residual frameworks of at most
:data:`MAX_ATTACKS` attacks): beyond it the answer is None and the clingo solver of
:mod:`kb.engine.dung` answers instead. Skeptical preferred looks for a preferred extension
without the argument, excluding the ones found with it (as the clingo solver does). YES and
NO answers equal the clingo solver's; a witness may be another extension of the kind asked
(the DC-CO witness a complete extension, the DC-PR one a preferred extension;
``tests/cli/test_solve_search.py``).

Examples
--------
>>> answer([0, 0, 0], [0, 1, 1], [1, 0, 2], "SE-PR", None)
['w 2']
>>> answer([0, 0, 0], [0, 1, 2], [1, 2, 0], "SE-ST", None)
['NO']
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported on the start-up path
if TYPE_CHECKING:
    from collections.abc import Callable

    Witness = Callable[[list[int]], str]
    """The ``w ...`` line of residual arguments IN (with the grounded IN ones)."""

IN, OUT, UNDEC = 1, 2, 4
"""Label bits of a domain."""
ANY = IN | OUT | UNDEC
BUDGET = 5_000
"""Most steps one answer may take before it is left to clingo (a step is one argument's
rules applied, or one attacker answered, weighted by the work it does: at most about 10 ms
of CPU lost on this machine when the search gives up, over 2,800 random questions)."""
MAX_ATTACKS = 400
"""Residual frameworks with more attacks go to clingo at once (the search, without
clause learning, gives up on most random ones of that size)."""
IN_CODE, OUT_CODE, UNDEC_CODE = 1, 2, 0


class TooHard(Exception):
    """The search needs more than its budget (or found a labelling it cannot check)."""


class Search:
    """Complete or stable labellings of one framework under IN / not-IN constraints.

    >>> search = Search([[1], [0]], stable=True)
    >>> search.find(must_in=[1])
    [1]
    >>> search.find(must_in=[0], not_in=[0]) is None
    True
    """

    def __init__(self, attackers_of: list[list[int]], *, stable: bool,
                 budget: int = BUDGET) -> None:
        self.attackers_of = attackers_of
        self.targets_of: list[list[int]] = [[] for _ in attackers_of]
        for target, attackers in enumerate(attackers_of):
            for attacker in attackers:
                self.targets_of[attacker].append(target)
        self.stable = stable
        self.budget = budget
        self.order = sorted(range(len(attackers_of)), key=lambda a: -len(attackers_of[a]) -
                            len(self.targets_of[a]))
        """Branching order: the most attacking and attacked arguments first."""

    def find(self, *, must_in: list[int] | tuple[int, ...] = (),
             not_in: list[int] | tuple[int, ...] = (),
             clauses: list[list[int]] | tuple[list[int], ...] = ()) -> list[int] | None:
        """The IN arguments of a labelling with `must_in` IN, `not_in` not IN and some
        argument of each of `clauses` IN; None when there is none."""
        domains = [IN | OUT if self.stable else ANY] * len(self.attackers_of)
        for a in must_in:
            domains[a] &= IN
        for a in not_in:
            domains[a] &= ~IN
        if 0 in domains:
            return None
        found = self._search(domains, list(range(len(domains))), clauses)
        if found is None:
            return None
        self._check(found, must_in, not_in, clauses)
        return [a for a, d in enumerate(found) if d == IN]

    def admissible(self, inside: list[int] | set[int]) -> set[int] | None:
        """An admissible set containing `inside`, or None: the attacker with the fewest
        possible answers is answered first, by each of its own attackers in turn.

        >>> sorted(Search([[1], [0], [1]], stable=False).admissible([2]))
        [0, 2]
        """
        chosen = set(inside)
        if any(b in chosen for a in chosen for b in self.attackers_of[a]):
            return None
        beaten = {b for a in chosen for b in self.targets_of[a]}
        return self._defend(chosen, beaten, {b for a in chosen for b in self.attackers_of[a]
                                             if b not in beaten})

    def _defend(self, chosen: set[int], beaten: set[int], open_: set[int]) -> set[int] | None:
        """An admissible set containing `chosen` (conflict-free; `beaten` the arguments it
        attacks, `open_` its attackers not among them), or None."""
        self._spend(1 + len(open_))
        if not open_:
            return chosen
        fewest: list[int] | None = None
        for b in open_:
            answers = [c for c in self.attackers_of[b] if c not in beaten and
                       c not in self.targets_of[c] and
                       not any(t in chosen for t in self.targets_of[c])]
            if not answers:
                return None
            if fewest is None or len(answers) < len(fewest):
                fewest = answers
        for c in fewest or ():
            hit = beaten.union(self.targets_of[c])
            found = self._defend(chosen | {c}, hit, {
                b for b in open_.union(self.attackers_of[c]) if b not in hit})
            if found is not None:
                return found
        return None

    def complete(self, chosen: set[int]) -> set[int]:
        """The least complete extension containing the admissible set `chosen` (what it
        defends, added until nothing more is; counter propagation)."""
        self._spend(1 + len(self.attackers_of) // 4)
        chosen = set(chosen)
        beaten = {b for a in chosen for b in self.targets_of[a]}
        unanswered = [sum(b not in beaten for b in attackers) for attackers in self.attackers_of]
        queue = [a for a, count in enumerate(unanswered) if count == 0 and a not in chosen]
        while queue:
            a = queue.pop()
            chosen.add(a)
            for b in self.targets_of[a]:
                if b not in beaten:
                    beaten.add(b)
                    for c in self.targets_of[b]:
                        unanswered[c] -= 1
                        if unanswered[c] == 0 and c not in chosen:
                            queue.append(c)
        if beaten & chosen:
            raise TooHard  # `chosen` was not admissible
        return chosen

    def grow(self, inside: list[int]) -> list[int]:
        """A preferred extension containing the admissible set `inside`: each argument left
        out is added (with the least complete extension around it) when some admissible
        set has it with the ones kept."""
        kept = self.complete(set(inside))
        for a in self.order:
            if a not in kept:
                found = self.admissible(kept | {a})
                if found is not None:
                    kept = self.complete(found)
        return sorted(kept)

    def _spend(self, steps: int) -> None:
        self.budget -= steps
        if self.budget < 0:
            raise TooHard

    def _search(self, domains: list[int], changed: list[int],
                clauses: list[list[int]] | tuple[list[int], ...]) -> list[int] | None:
        if not self._narrow(domains, changed, clauses):
            return None
        for a in self.order:
            d = domains[a]
            if d not in (IN, OUT, UNDEC):
                for label in (IN, OUT, UNDEC):
                    if d & label:
                        child = domains.copy()
                        child[a] = label
                        found = self._search(child, [a, *self.targets_of[a]], clauses)
                        if found is not None:
                            return found
                return None
        return domains

    def _narrow(self, domains: list[int], changed: list[int],
                clauses: list[list[int]] | tuple[list[int], ...]) -> bool:
        """Narrow `domains` to a fixpoint from the `changed` arguments; False on a conflict."""
        queue = list(changed)
        waiting = set(queue)
        while True:
            while queue:
                a = queue.pop()
                waiting.discard(a)
                touched = self._narrow_one(domains, a)
                if touched is None:
                    return False
                for b in touched:
                    for c in (b, *self.targets_of[b]):
                        if c not in waiting:
                            waiting.add(c)
                            queue.append(c)
            forced = _clause_units(domains, clauses)
            if forced is None:
                return False
            if not forced:
                return True
            for b in forced:
                domains[b] = IN
                for c in (b, *self.targets_of[b]):
                    if c not in waiting:
                        waiting.add(c)
                        queue.append(c)

    def _narrow_one(self, domains: list[int], a: int) -> list[int] | None:
        """Apply the rules of argument `a` (its label against its attackers'); the
        arguments whose domain changed, or None on a conflict."""
        self._spend(1 + len(self.attackers_of[a]) // 2)
        attackers = self.attackers_of[a]
        can_in = [b for b in attackers if domains[b] & IN]
        not_out = [b for b in attackers if domains[b] != OUT]
        d = domains[a]
        if any(domains[b] & OUT == 0 for b in attackers):
            d &= ~IN  # an attacker cannot be OUT
        if not can_in:
            d &= ~OUT  # no attacker can be IN
        if not not_out:
            d &= IN  # every attacker is OUT
        if any(domains[b] == IN for b in attackers):
            d &= OUT  # an attacker is IN
        if d == 0:
            return None
        touched = [a] if d != domains[a] else []
        domains[a] = d
        narrowed: list[tuple[int, int]] = []
        if d == IN:
            narrowed = [(b, OUT) for b in attackers]
        elif not d & OUT:
            narrowed = [(b, ~IN) for b in attackers]  # IN or UNDEC: no attacker IN
        if not d & IN and len(not_out) == 1:
            narrowed.append((not_out[0], ~OUT))  # OUT or UNDEC: some attacker not OUT
        if d == OUT and len(can_in) == 1:
            narrowed.append((can_in[0], IN))
        for b, mask in narrowed:
            if domains[b] & mask != domains[b]:
                domains[b] &= mask
                if domains[b] == 0:
                    return None
                touched.append(b)
        return touched

    def _check(self, labels: list[int], must_in: list[int] | tuple[int, ...],
               not_in: list[int] | tuple[int, ...],
               clauses: list[list[int]] | tuple[list[int], ...]) -> None:
        """Raise TooHard unless `labels` is a labelling meeting every constraint."""
        for a, attackers in enumerate(self.attackers_of):
            expected = (OUT if any(labels[b] == IN for b in attackers) else
                        IN if all(labels[b] == OUT for b in attackers) else UNDEC)
            if labels[a] != expected or (self.stable and expected == UNDEC):
                raise TooHard
        if any(labels[a] != IN for a in must_in) or any(labels[a] == IN for a in not_in) \
                or any(all(labels[a] != IN for a in clause) for clause in clauses):
            raise TooHard


def _clause_units(domains: list[int], clauses: list[list[int]] | tuple[list[int], ...]
                  ) -> list[int] | None:
    """Arguments that must be IN for a clause to hold (None when a clause cannot hold)."""
    forced = []
    for clause in clauses:
        open_ = [a for a in clause if domains[a] & IN]
        if not open_:
            return None
        if len(open_) == 1 and domains[open_[0]] != IN:
            forced.append(open_[0])
    return forced


def answer(codes: list[int], attackers: list[int], targets: list[int], task: str,
           target: int | None) -> list[str] | None:
    """The answer lines of `task` (on argument `target`, 0-based) for the framework with
    grounded `codes` and these attacks; None when it is left to clingo."""
    undecided = [a for a, c in enumerate(codes) if c == UNDEC_CODE]
    problem, semantics = task.split("-")
    if semantics not in ("CO", "PR", "ST") or task in ("SE-CO", "DS-CO") or \
            (problem != "SE" and target is None) or len(undecided) > MAX_ATTACKS:
        return None  # (an argument grounded leaves UNDEC has an UNDEC attacker)
    local = [-1] * len(codes)
    for number, a in enumerate(undecided):
        local[a] = number
    attackers_of: list[list[int]] = [[] for _ in undecided]
    for a, b in zip(attackers, targets, strict=True):
        if local[a] >= 0 and local[b] >= 0:
            attackers_of[local[b]].append(local[a])
    if sum(map(len, attackers_of)) > MAX_ATTACKS:
        return None
    grounded_in = [a for a, c in enumerate(codes) if c == IN_CODE]

    def witness(inside: list[int]) -> str:
        chosen = sorted(grounded_in + [undecided[a] for a in inside])
        return " ".join(["w", *(str(a + 1) for a in chosen)])

    search = Search(attackers_of, stable=semantics == "ST")
    code = codes[target] if target is not None else UNDEC_CODE
    there = local[target] if target is not None else -1
    try:
        return _decide(search, problem, semantics, code, there, witness)
    except TooHard:
        return None
    except RecursionError:
        return None


def _decide(search: Search, problem: str, semantics: str, code: int, target: int,
            witness: Witness) -> list[str]:
    """:func:`answer` on the residual framework of `search`; `code` is the grounded code of
    the argument, `target` its residual number (-1 when grounded decides it)."""
    if problem == "SE" and semantics == "PR":
        return [witness(search.grow([]))]
    if problem == "SE":
        found = search.find()
        return ["NO"] if found is None else [witness(found)]
    if semantics == "ST":
        return _stable(search, problem, code, target, witness)
    if code != UNDEC_CODE:
        return ["YES" if code == IN_CODE else "NO"]
    credulous = search.admissible([target])
    if credulous is None:
        return ["NO"]
    if problem == "DC":  # the witness: a preferred (DC-PR) or complete extension
        return ["YES", witness(search.grow(sorted(credulous)) if semantics == "PR" else
                               sorted(search.complete(credulous)))]
    return _skeptical_preferred(search, target, witness)


def _stable(search: Search, problem: str, code: int, target: int,
            witness: Witness) -> list[str]:
    """DC-ST and DS-ST, as :func:`kb.engine.dung._stable_decision` answers them."""
    if problem == "DC":
        if code == OUT_CODE:
            return ["NO"]
        found = search.find(must_in=[target] if code == UNDEC_CODE else [])
        return ["NO"] if found is None else ["YES", witness(found)]
    if code == IN_CODE:
        return ["YES"]
    found = search.find(not_in=[target] if code == UNDEC_CODE else [])
    return ["YES"] if found is None else ["NO", witness(found)]


def _skeptical_preferred(search: Search, target: int, witness: Witness) -> list[str]:
    """DS-PR on a credulously accepted argument: complete extensions without it, grown to
    preferred ones; one without it answers NO, the ones with it are excluded."""
    everything = range(len(search.attackers_of))
    excluded: list[list[int]] = []
    while True:
        found = search.find(not_in=[target], clauses=excluded)
        if found is None:
            return ["YES"]
        preferred = search.grow(found)
        if target not in preferred:
            return ["NO", witness(preferred)]
        inside = set(preferred)
        excluded.append([a for a in everything if a not in inside])
