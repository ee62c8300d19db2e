"""Why an item has its label: steps, each with one readable sentence.

IN: the rule that derives it (the party's premise, or a standing support whose chain goes
down to premises) and, for every rebuttal or undercutter, what defeats it. OUT: the party's
rejection, the standing attacker, the missing support, or the circle of support with nothing
beneath it. UNDEC: the cycle of attacks that holds it open. The explanation follows the
derivation order of the labelling (true atoms are the least model of the program reduced by
the labelling), so chains always end at premises.

Examples
--------
>>> from kb.engine.graph import ArgGraph
>>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
>>> from kb.engine.grounded import well_founded
>>> labels = well_founded(g.program({"e": "accepted"})).labels
>>> explain_labelling(g, {"e": "accepted"}, labels, "c", party="wong").sentences()[0]
'«c» stands because «e» supports it.'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.doc import Mode, Stance
from kb.engine.graph import EDGE_KIND, ArgGraph, Premise
from kb.engine.labels import Label
from kb.engine.program import NO_ATOM, Program
from kb.errors import NotFoundError

MAX_STEPS = 40
"""Longest explanation, in steps (deeper reasons are left out)."""


@dataclass(frozen=True)
class Step:
    """One reason: what kind, about which item, its label, and a sentence."""

    kind: str
    item: str
    label: Label
    sentence: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "item": self.item, "label": self.label.value,
                "sentence": self.sentence}


@dataclass(frozen=True)
class Explanation:
    """Why `key` has `label`: the steps, most direct first."""

    key: str
    label: Label
    steps: list[Step] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """One sentence per step."""
        return [step.sentence for step in self.steps]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label.value,
                "steps": [step.to_json() for step in self.steps],
                "sentences": self.sentences()}


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Explainer:
    def __init__(self, graph: ArgGraph, program: Program, stances: dict[int, Stance],
                 labels: Sequence[Label], party: str | None) -> None:
        self.graph, self.program, self.stances, self.labels = graph, program, stances, labels
        self.party = party or "this position"
        self.steps: list[Step] = []
        self.done: set[int] = set()
        self.rank = self._ranks()

    def _ranks(self) -> list[int]:
        """Derivation order of IN atoms: least model of the program reduced by the labels."""
        program, labels = self.program, self.labels
        rank = [-1] * program.size
        waiting: dict[int, list[int]] = {}
        frontier: list[int] = []
        for rule, head in enumerate(program.heads):
            if labels[head] != Label.IN:
                continue
            if any(labels[n] != Label.OUT for n in program.negatives[rule]):
                continue
            positive = program.positives[rule]
            if positive == NO_ATOM:
                if rank[head] < 0:
                    rank[head] = 0
                    frontier.append(head)
            else:
                waiting.setdefault(positive, []).append(head)
        step = 0
        while frontier:
            step += 1
            following: list[int] = []
            for atom in frontier:
                for head in waiting.get(atom, ()):
                    if rank[head] < 0:
                        rank[head] = step
                        following.append(head)
            frontier = following
        return rank

    def name(self, vertex: int) -> str:
        g = self.graph
        if g.kinds[vertex] != EDGE_KIND:
            return f"«{_short(g.texts[vertex])}»"
        source, target = self.name(g.source[vertex]), self.name(g.target[vertex])
        if g.relation[vertex] == "supports":
            return f"the support of {target} by {source}"
        if g.kinds[g.target[vertex]] == EDGE_KIND:
            return f"the undercutter {source} of {target}"
        return f"the rebuttal of {target} by {source}"

    def add(self, kind: str, vertex: int, sentence: str) -> None:
        if len(self.steps) < MAX_STEPS:
            self.steps.append(Step(kind, self.graph.items[vertex], self.labels[vertex], sentence))

    def explain(self, vertex: int, stack: tuple[int, ...] = ()) -> None:
        if vertex in self.done or len(self.steps) >= MAX_STEPS:
            return
        self.done.add(vertex)
        label = self.labels[vertex]
        if label == Label.IN:
            self.explain_in(vertex, (*stack, vertex))
        elif label == Label.OUT:
            self.explain_out(vertex, (*stack, vertex))
        else:
            self.explain_undec(vertex)

    def explain_in(self, vertex: int, stack: tuple[int, ...]) -> None:
        program, g = self.program, self.graph
        rule = min(
            (r for r in program.rules_of(vertex)
             if all(self.labels[n] == Label.OUT for n in program.negatives[r])
             and (program.positives[r] == NO_ATOM
                  or 0 <= self.rank[program.positives[r]] < self.rank[vertex])),
            key=lambda r: program.positives[r] != NO_ATOM,
            default=-1,
        )
        me = self.name(vertex)
        if rule < 0:  # not a complete labelling of this program: nothing to trace
            self.add("label", vertex, f"{me} is IN in this labelling.")
            return
        positive = program.positives[rule]
        if g.kinds[vertex] == EDGE_KIND:
            self.add("edge", vertex, f"{me[0].upper()}{me[1:]} holds because its source "
                     f"{self.name(positive)} stands and no undercutter of it stands.")
        elif positive == NO_ATOM:
            basis = g.premise(vertex, self.stances.get(vertex, Stance.UNSTATED))
            if basis is Premise.ACCEPTED:
                what = "is evidence" if g.kinds[vertex] == "evidence" else "is a claim"
                self.add("premise", vertex, f"{me} stands because it {what} {self.party} "
                         "accepts and every rebuttal of it fails.")
            else:
                self.add("premise", vertex, f"{me} stands because the debate presumes claims "
                         f"{self.party} does not reject and every rebuttal of it fails.")
        else:
            source = g.source[positive]
            self.add("support", vertex, f"{me} stands because {self.name(source)} supports it.")
        for attacker in program.negatives[rule]:
            self.explain_failed_attack(attacker, stack)
        if positive != NO_ATOM:
            self.explain(positive, stack)

    def explain_failed_attack(self, attacker: int, stack: tuple[int, ...]) -> None:
        if attacker in self.done:
            return
        self.done.add(attacker)
        g = self.graph
        me = self.name(attacker)
        me = me[0].upper() + me[1:]
        if self.stances.get(attacker) == Stance.REJECTED:
            self.add("rejected", attacker, f"{me} fails because {self.party} rejects it.")
            return
        undercutter = next((u for u in g.rebuts_in[attacker] if self.labels[u] == Label.IN), None)
        if undercutter is not None:
            self.add("undercut", attacker, f"{me} fails because "
                     f"{self.name(g.source[undercutter])} undercuts it and stands.")
            self.explain(undercutter, stack)
            return
        source = g.source[attacker]
        self.add("attack-fails", attacker,
                 f"{me} fails because {self.name(source)} does not stand.")
        self.explain(source, stack)

    def explain_out(self, vertex: int, stack: tuple[int, ...]) -> None:
        program, g = self.program, self.graph
        me = self.name(vertex)
        cap = me[0].upper() + me[1:]
        if self.stances.get(vertex) == Stance.REJECTED:
            self.add("rejected", vertex, f"{cap} does not stand because {self.party} rejects it.")
            return
        if g.kinds[vertex] == EDGE_KIND:
            undercutter = next((u for u in g.rebuts_in[vertex] if self.labels[u] == Label.IN),
                               None)
            if undercutter is not None:
                self.add("undercut", vertex, f"{cap} does not hold because "
                         f"{self.name(g.source[undercutter])} undercuts it and stands.")
                self.explain(undercutter, stack)
            else:
                self.add("source-out", vertex, f"{cap} does not hold because its source "
                         f"{self.name(g.source[vertex])} does not stand.")
                self.explain(g.source[vertex], stack)
            return
        attacker = next((r for r in g.rebuts_in[vertex] if self.labels[r] == Label.IN), None)
        if attacker is not None and program.rules_of(vertex):
            self.add("attacked", vertex, f"{me} does not stand because "
                     f"{self.name(g.source[attacker])} rebuts it and stands.")
            self.explain(attacker, stack)
            return
        supports = [program.positives[r] for r in program.rules_of(vertex)
                    if program.positives[r] != NO_ATOM]
        if not supports:
            if g.kinds[vertex] == "evidence":
                why = f"is evidence {self.party} does not accept"
            elif g.mode == Mode.PRESUMPTIVE:
                why = "is a claim that is not presumed here"
            else:
                why = f"is a claim {self.party} does not concede"
            self.add("unsupported", vertex, f"{me} does not stand because it {why} "
                     "and nothing that stands supports it.")
            return
        circular = [s for s in supports if g.source[s] in stack]
        if circular:
            self.add("circular", vertex, f"{me} does not stand: its support comes round in a "
                     "circle with nothing accepted beneath it.")
        else:
            self.add("support-fails", vertex, f"{me} does not stand because none of its "
                     "supports holds.")
        for support in supports:
            if g.source[support] not in stack:
                self.explain(support, stack)

    def explain_undec(self, vertex: int) -> None:
        cycle = self.find_cycle(vertex)
        names = " → ".join(self.name(v) for v in cycle)
        self.add("cycle", vertex, f"{self.name(vertex)} is undecided: it is held open by a "
                 f"cycle of undecided items ({names}).")

    def find_cycle(self, start: int) -> list[int]:
        """Follow undecided dependencies from `start` until an item repeats."""
        program, labels = self.program, self.labels
        path: list[int] = []
        seen: dict[int, int] = {}
        vertex = start
        while vertex not in seen:
            seen[vertex] = len(path)
            path.append(vertex)
            following = None
            for rule in program.rules_of(vertex):
                if any(labels[n] == Label.IN for n in program.negatives[rule]):
                    continue
                positive = program.positives[rule]
                if positive != NO_ATOM and labels[positive] == Label.OUT:
                    continue
                candidates = [n for n in program.negatives[rule] if labels[n] == Label.UNDEC]
                if positive != NO_ATOM and labels[positive] == Label.UNDEC:
                    candidates.append(positive)
                if candidates:
                    following = candidates[0]
                    break
            if following is None:
                return path
            vertex = following
        return [*path[seen[vertex]:], vertex]


def explain_labelling(
    graph: ArgGraph,
    acceptance: Mapping[str, Stance | str],
    labels: Sequence[Label],
    key: str,
    *,
    party: str | None = None,
) -> Explanation:
    """Explain why `key` (a node key or ``edge:KEY``) has its label in `labels`.

    `labels` must be a complete labelling of the party's program (one label per vertex).
    """
    index = graph.index()
    if key not in index:
        raise NotFoundError(f"no node or edge '{key}' in this debate")
    stances = graph.check_acceptance(acceptance)
    explainer = _Explainer(graph, graph.program(acceptance), stances, labels, party)
    explainer.explain(index[key])
    return Explanation(key, labels[index[key]], explainer.steps)
