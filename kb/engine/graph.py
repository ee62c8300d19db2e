"""ArgGraph: the structure of a debate the engine reads, with edges as vertices.

Edges are vertices too, so an undercutter (a rebuttal aimed at an edge) attacks a vertex
like any other. This module is the one definition of a party's logic program (DESIGN.md,
rules 1-3); everything that reads the program (the grounded loops, the clingo encodings,
the crux and flip searches, the explanations) derives it from here:

1. an item the party rejects gets no rule;
2. an edge ``x`` from ``s`` undercut by ``u1..uk``: ``in(x) <- in(s), not in(u1..uk)``;
3. a node ``n`` rebutted by edges ``r1..rk``: one rule ``in(n) <- in(s), not in(r1..rk)``
   per supports-edge ``s`` into ``n``, and ``in(n) <- not in(r1..rk)`` when ``n`` is a
   premise (accepted by the party, or, in ``presumptive`` mode, a claim it does not reject).

:meth:`ArgGraph.candidate_rules` lists the rules an item can have in any party's program
(the edge rule, the premise rule, one support rule per supports-edge), :func:`premise_basis`
says what makes a node a premise, and :func:`keeps_rule` which candidate rules one party's
program has. :meth:`ArgGraph.program`, :meth:`ArgGraph.kept_rules` (the arrays of the
compiled loop) and :meth:`ArgGraph.rules_for` (one item under one stance) all follow them.
A ``supports`` edge aimed at an edge has no effect on its target (only rebuttals undercut).

Examples
--------
>>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
>>> g.items
('e', 'c', 'edge:e-supports-c')
>>> p = g.program({"e": Stance.ACCEPTED})
>>> [p.describe_rule(r) for r in range(len(p.heads))]
['in(e).', 'in(c) <- in(edge:e-supports-c)', 'in(edge:e-supports-c) <- in(e)']
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np

from kb.doc import (
    EDGE_ITEM_PREFIX,
    DebateDoc,
    EdgeDoc,
    Mode,
    NodeDoc,
    NodeKind,
    Relation,
    Stance,
    edge_item,
)
from kb.engine.program import NO_ATOM, Program
from kb.errors import InvalidInputError

EDGE_KIND = "edge"
EDGE_RULE, PREMISE_RULE, SUPPORT_RULE = 0, 1, 2
"""Kinds of candidate rule: ``in(x) <- in(s), ...`` for an edge, ``in(n) <- ...`` for a
premise, ``in(n) <- in(edge), ...`` for a support."""


RULE_KINDS = (EDGE_RULE, PREMISE_RULE, SUPPORT_RULE)
ITEM_KINDS = (NodeKind.CLAIM.value, NodeKind.EVIDENCE.value, EDGE_KIND)
STANCES = (Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED)
KEPT_PARTS = 2
"""Parts (:meth:`ArgGraph.part`) each graph keeps, the newest first."""
_PARTS_LOCK = threading.Lock()


class Premise(StrEnum):
    """Why a node is a premise of a party (rule 3)."""

    ACCEPTED = "accepted"
    """The party accepts it (its evidence, or a claim it concedes)."""
    PRESUMED = "presumed"
    """A claim the party does not reject, in ``presumptive`` mode."""


def premise_basis(kind: str, stance: Stance, mode: Mode) -> Premise | None:
    """What makes a node of `kind` a premise for a party taking `stance`, or None.

    >>> premise_basis("evidence", Stance.ACCEPTED, Mode.UNSUPPORTED)
    <Premise.ACCEPTED: 'accepted'>
    >>> premise_basis("claim", Stance.UNSTATED, Mode.PRESUMPTIVE)
    <Premise.PRESUMED: 'presumed'>
    >>> premise_basis("claim", Stance.UNSTATED, Mode.UNSUPPORTED) is None
    True
    """
    if kind == EDGE_KIND:
        return None
    if stance == Stance.ACCEPTED:
        return Premise.ACCEPTED
    if mode == Mode.PRESUMPTIVE and kind == NodeKind.CLAIM and stance != Stance.REJECTED:
        return Premise.PRESUMED
    return None


def keeps_rule(rule_kind: int, kind: str, stance: Stance, mode: Mode) -> bool:
    """Whether a party taking `stance` on an item of `kind` has a candidate rule of
    `rule_kind` for it: an item it rejects has none (rule 1), a premise rule needs a
    premise (rule 3), every other rule stays.

    >>> keeps_rule(SUPPORT_RULE, "claim", Stance.UNSTATED, Mode.UNSUPPORTED)
    True
    >>> keeps_rule(PREMISE_RULE, "claim", Stance.UNSTATED, Mode.UNSUPPORTED)
    False
    """
    if stance == Stance.REJECTED:
        return False
    return rule_kind != PREMISE_RULE or premise_basis(kind, stance, mode) is not None


def _csr(size: int, keys: Any, values: Any) -> tuple[Any, Any]:
    """Group `values` by `keys` in 0..size-1: (start offsets, grouped values)."""
    order = np.argsort(keys, kind="stable")
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=start[1:])
    return start, np.ascontiguousarray(values[order], dtype=np.int32)


def _components(size: int, into: list[list[int]]) -> list[int]:
    """The strongly connected component of each vertex (Tarjan's algorithm, iterative),
    `into` giving each vertex's predecessors."""
    order = [-1] * size
    low = [0] * size
    part = [-1] * size
    stack: list[int] = []
    counter = 0
    for root in range(size):
        if order[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            vertex, position = work.pop()
            if position == 0:
                order[vertex] = low[vertex] = counter
                counter += 1
                stack.append(vertex)
            if position < len(into[vertex]):
                work.append((vertex, position + 1))
                before = into[vertex][position]
                if order[before] < 0:
                    work.append((before, 0))
                elif part[before] < 0:
                    low[vertex] = min(low[vertex], order[before])
                continue
            if low[vertex] == order[vertex]:
                while True:
                    member = stack.pop()
                    part[member] = vertex
                    if member == vertex:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[vertex])
    return part


@dataclass(frozen=True)
class RuleTable:
    """Every rule any party's program can have, as arrays (for the compiled grounded loop).

    A party's program is this table with some rules disabled: those of items it rejects,
    and the premise rules of nodes that are not its premises.
    """

    kinds: Any
    heads: Any
    positives: Any
    neg_start: Any
    neg_atoms: Any
    head_start: Any
    head_rules: Any
    negin_start: Any
    negin_rules: Any
    posin_start: Any
    posin_rules: Any

    @classmethod
    def of(cls, graph: ArgGraph) -> RuleTable:
        """The table of `graph`, rules in :meth:`ArgGraph.candidate_rules` order per vertex
        (built with array operations: a debate of 100,000 nodes takes a fraction of a
        second).

        >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
        >>> t = RuleTable.of(g)
        >>> t.kinds.tolist(), t.heads.tolist(), t.positives.tolist()
        ([1, 1, 2, 0], [0, 1, 1, 2], [-1, -1, 2, 0])
        """
        size = graph.size
        is_edge = graph._kind_codes == ITEM_KINDS.index(EDGE_KIND)
        supports = _lengths(graph.supports_in)
        per_vertex = np.where(is_edge, 1, 1 + supports)
        first = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(per_vertex, out=first[1:])
        head_array = np.repeat(np.arange(size, dtype=np.int32), per_vertex)
        kinds = np.full(len(head_array), SUPPORT_RULE, dtype=np.int8)
        kinds[first[:-1]] = np.where(is_edge, EDGE_RULE, PREMISE_RULE)
        positive_array = np.full(len(head_array), NO_ATOM, dtype=np.int32)
        positive_array[first[:-1][is_edge]] = np.asarray(graph.source, dtype=np.int32)[is_edge]
        positive_array[kinds == SUPPORT_RULE] = _flat(graph.supports_in)
        attackers = _lengths(graph.rebuts_in)
        attack_start = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(attackers, out=attack_start[1:])
        lengths = attackers[head_array]
        neg_start = np.zeros(len(head_array) + 1, dtype=np.int64)
        np.cumsum(lengths, out=neg_start[1:])
        picks = (np.repeat(attack_start[head_array] - neg_start[:-1], lengths)
                 + np.arange(neg_start[-1], dtype=np.int64))
        neg_atoms = _flat(graph.rebuts_in)[picks]
        rule_numbers = np.arange(len(head_array), dtype=np.int32)
        head_start, head_rules = _csr(size, head_array, rule_numbers)
        negin_start, negin_rules = _csr(size, neg_atoms, np.repeat(rule_numbers, lengths))
        has_positive = positive_array >= 0
        posin_start, posin_rules = _csr(
            size, positive_array[has_positive], rule_numbers[has_positive]
        )
        return cls(kinds, head_array, positive_array, neg_start, neg_atoms, head_start,
                   head_rules, negin_start, negin_rules, posin_start, posin_rules)


def _lengths(groups: tuple[tuple[int, ...], ...]) -> Any:
    return np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))


def _flat(groups: tuple[tuple[int, ...], ...]) -> Any:
    return np.fromiter(chain.from_iterable(groups), dtype=np.int32)


@dataclass(frozen=True)
class _Dependents:
    """Per vertex, the vertices whose rules name it: grouped lists for the vertices of a
    built graph, and what :meth:`ArgGraph.extended` added since (``later``)."""

    start: list[int]
    grouped: list[int]
    later: dict[int, tuple[int, ...]]

    def of(self, vertex: int) -> list[int]:
        built = (self.grouped[self.start[vertex]:self.start[vertex + 1]]
                 if vertex + 1 < len(self.start) else [])
        return [*built, *self.later.get(vertex, ())]


@dataclass(frozen=True)
class ArgGraph:
    """Nodes and edges of one debate as numbered vertices, with their in-relations."""

    items: tuple[str, ...]
    kinds: tuple[str, ...]
    """``claim``, ``evidence`` or ``edge`` per item."""
    texts: tuple[str, ...]
    supports_in: tuple[tuple[int, ...], ...]
    """Per node: the supports-edges into it (empty for edges)."""
    rebuts_in: tuple[tuple[int, ...], ...]
    """Per node: the rebuts-edges into it; per edge: its undercutters."""
    source: tuple[int, ...]
    """Per edge: its source node (NO_ATOM for nodes)."""
    target: tuple[int, ...]
    """Per edge: its target node or edge (NO_ATOM for nodes)."""
    relation: tuple[str, ...]
    """Per edge: ``supports`` or ``rebuts`` (empty for nodes)."""
    mode: Mode = Mode.UNSUPPORTED

    @classmethod
    def from_doc(cls, doc: DebateDoc) -> ArgGraph:
        """Build the graph of `doc`; InvalidInputError for an edge with a dangling end.

        >>> from kb.doc import DebateDoc
        >>> ArgGraph.from_doc(DebateDoc(slug="d", title="D")).items
        ()
        """
        return cls.build(doc.nodes, doc.edges, doc.mode)

    @classmethod
    def build(cls, nodes: Iterable[NodeDoc], edges: Iterable[EdgeDoc], mode: Mode) -> ArgGraph:
        """Build the graph from node and edge records."""
        node_list = list(nodes)
        edge_list = list(edges)
        items = [n.key for n in node_list] + [edge_item(e.key) for e in edge_list]
        index = {item: number for number, item in enumerate(items)}
        if len(index) != len(items):
            raise InvalidInputError("duplicate node or edge key; every key must be unique")
        count = len(items)
        supports_in: list[list[int]] = [[] for _ in range(count)]
        rebuts_in: list[list[int]] = [[] for _ in range(count)]
        source = [NO_ATOM] * count
        target = [NO_ATOM] * count
        relation = [""] * count
        node_count = len(node_list)
        for offset, edge in enumerate(edge_list):
            number = node_count + offset
            src = index.get(edge.source, NO_ATOM)
            if src == NO_ATOM or src >= node_count:
                raise InvalidInputError(f"edge '{edge.key}' starts at unknown node '{edge.source}'")
            if edge.target_edge is not None:
                tgt = index.get(edge_item(edge.target_edge), NO_ATOM)
                if tgt == NO_ATOM:
                    raise InvalidInputError(
                        f"edge '{edge.key}' aims at unknown edge '{edge.target_edge}'"
                    )
            else:
                tgt = index.get(edge.target or "", NO_ATOM)
                if tgt == NO_ATOM or tgt >= node_count:
                    raise InvalidInputError(
                        f"edge '{edge.key}' aims at unknown node '{edge.target}'"
                    )
            source[number], target[number] = src, tgt
            relation[number] = Relation(edge.relation).value
            if relation[number] == Relation.REBUTS:
                rebuts_in[tgt].append(number)
            elif tgt < node_count:
                supports_in[tgt].append(number)
        kinds = [NodeKind(n.kind).value for n in node_list] + [EDGE_KIND] * len(edge_list)
        texts = [n.text for n in node_list] + [e.text for e in edge_list]
        return cls(
            items=tuple(items),
            kinds=tuple(kinds),
            texts=tuple(texts),
            supports_in=tuple(tuple(s) for s in supports_in),
            rebuts_in=tuple(tuple(r) for r in rebuts_in),
            source=tuple(source),
            target=tuple(target),
            relation=tuple(relation),
            mode=Mode(mode),
        )

    @classmethod
    def from_lists(
        cls,
        *,
        evidence: Iterable[str] = (),
        claims: Iterable[str] = (),
        supports: Iterable[tuple[str, str]] = (),
        rebuts: Iterable[tuple[str, str]] = (),
        mode: Mode = Mode.UNSUPPORTED,
    ) -> ArgGraph:
        """A small graph for examples: edges get keys like ``e-supports-c``.

        A rebuttal whose target starts with ``edge:`` is an undercutter.

        >>> ArgGraph.from_lists(claims=["a", "b"], rebuts=[("a", "b")]).items[-1]
        'edge:a-rebuts-b'
        """
        nodes = [NodeDoc(key=k, kind=NodeKind.EVIDENCE, text=k) for k in evidence]
        nodes += [NodeDoc(key=k, kind=NodeKind.CLAIM, text=k) for k in claims]
        edges = [
            EdgeDoc(key=f"{s}-supports-{t}", source=s, target=t, relation=Relation.SUPPORTS)
            for s, t in supports
        ]
        for s, t in rebuts:
            if t.startswith(EDGE_ITEM_PREFIX):
                inner = t.removeprefix(EDGE_ITEM_PREFIX)
                edges.append(
                    EdgeDoc(key=f"{s}-undercuts-{inner}", source=s, target_edge=inner,
                            relation=Relation.REBUTS)
                )
            else:
                edges.append(
                    EdgeDoc(key=f"{s}-rebuts-{t}", source=s, target=t, relation=Relation.REBUTS)
                )
        return cls.build(nodes, edges, mode)

    def extended(self, nodes: Iterable[NodeDoc] = (), edges: Iterable[EdgeDoc] = ()) -> ArgGraph:
        """This graph with `nodes`, then `edges`, added as the last vertices: every vertex
        keeps its number, so labels computed on this graph stay valid for its vertices
        (new nodes come after the edges, unlike :meth:`build`). InvalidInputError for a
        duplicate key or a dangling end.

        >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"])
        >>> g2 = g.extended(edges=[EdgeDoc("s", "e", Relation.SUPPORTS, target="c")])
        >>> g2.items, g2.supports_in[1], g2.dependents(0)
        (('e', 'c', 'edge:s'), (2,), [2])
        """
        node_list, edge_list = list(nodes), list(edges)
        added = [n.key for n in node_list] + [edge_item(e.key) for e in edge_list]
        index = dict(self.index())
        for number, item in enumerate(added, start=self.size):
            if index.setdefault(item, number) != number:
                raise InvalidInputError(f"duplicate node or edge key '{item}'")
        kinds = (*self.kinds, *(NodeKind(n.kind).value for n in node_list),
                 *([EDGE_KIND] * len(edge_list)))
        supports_in, rebuts_in = [*self.supports_in, *[()] * len(added)], [*self.rebuts_in,
                                                                          *[()] * len(added)]
        source = [*self.source, *[NO_ATOM] * len(added)]
        target = [*self.target, *[NO_ATOM] * len(added)]
        relation = [*self.relation, *[""] * len(added)]
        later = dict(self._out.later)
        for edge in edge_list:
            number = index[edge_item(edge.key)]
            src, tgt = index.get(edge.source, NO_ATOM), index.get(
                edge_item(edge.target_edge) if edge.target_edge else edge.target or "", NO_ATOM)
            if NO_ATOM in (src, tgt) or kinds[src] == EDGE_KIND or (
                    edge.target_edge is None and kinds[tgt] == EDGE_KIND):
                raise InvalidInputError(f"edge '{edge.key}' has an unknown end")
            source[number], target[number] = src, tgt
            relation[number] = Relation(edge.relation).value
            later[src], later[number] = (*later.get(src, ()), number), (tgt,)
            if relation[number] == Relation.REBUTS:
                rebuts_in[tgt] = (*rebuts_in[tgt], number)
            elif edge.target_edge is None:
                supports_in[tgt] = (*supports_in[tgt], number)
        grown = ArgGraph(items=(*self.items, *added), kinds=kinds,
                         texts=(*self.texts, *(n.text for n in node_list),
                                *(e.text for e in edge_list)),
                         supports_in=tuple(supports_in), rebuts_in=tuple(rebuts_in),
                         source=tuple(source), target=tuple(target),
                         relation=tuple(relation), mode=self.mode)
        grown.__dict__.update(_index=index, _out=_Dependents(self._out.start, self._out.grouped,
                                                             later))
        return grown

    def dependents(self, vertex: int) -> list[int]:
        """The vertices whose rules name `vertex`: the edges leaving it and, for an edge,
        its target."""
        return self._out.of(vertex)

    @cached_property
    def _out(self) -> _Dependents:
        edges = np.flatnonzero(self._kind_codes == ITEM_KINDS.index(EDGE_KIND))
        keys = np.concatenate([np.asarray(self.source, dtype=np.int64)[edges], edges])
        values = np.concatenate([edges, np.asarray(self.target, dtype=np.int64)[edges]])
        start, grouped = _csr(self.size, keys, values)
        return _Dependents(start.tolist(), grouped.tolist(), {})

    def descendants(self, vertices: Iterable[int], *, limit: int | None = None) -> set[int]:
        """Every vertex a change of `vertices` can reach (they included): a label under
        grounded semantics depends only on its :meth:`ancestors`, so no other changes.
        The search stops once more than `limit` vertices are found.

        >>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"], supports=[("e", "c")])
        >>> sorted(g.items[v] for v in g.descendants([g.index()["e"]]))
        ['c', 'e', 'edge:e-supports-c']
        """
        out = self._out
        seen = set(vertices)
        stack = list(seen)
        while stack and (limit is None or len(seen) <= limit):
            for after in out.of(stack.pop()):
                if after not in seen:
                    seen.add(after)
                    stack.append(after)
        return seen

    def part(self, vertices: Iterable[int]) -> ArgGraph:
        """The graph of `vertices` alone (an ancestor-closed set, such as
        :meth:`ancestors` gives), numbered in the order of this graph. The last
        ``KEPT_PARTS`` parts are kept (with what they computed): on a large debate the
        claims of one cycle share their sub-debate.

        >>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"], supports=[("e", "c")])
        >>> g.part(g.ancestors(g.index()["c"])).items
        ('e', 'c', 'edge:e-supports-c')
        >>> g.part({0, 1, 2}) is g.part([2, 1, 0])
        True
        """
        key = frozenset(vertices)
        parts = self._kept_parts
        with _PARTS_LOCK:
            found = parts.get(key)
            if found is not None:
                parts.move_to_end(key)
                return found
        built = self._build_part(key)
        with _PARTS_LOCK:
            parts[key] = built
            while len(parts) > KEPT_PARTS:
                parts.popitem(last=False)
        return built

    @cached_property
    def _kept_parts(self) -> OrderedDict[frozenset[int], ArgGraph]:
        return OrderedDict()

    def __getstate__(self) -> dict[str, Any]:
        """What pickles: everything but the kept parts."""
        return {name: value for name, value in self.__dict__.items()
                if name != "_kept_parts"}

    def _build_part(self, vertices: frozenset[int]) -> ArgGraph:
        order = sorted(vertices)
        local = {vertex: number for number, vertex in enumerate(order)}

        def inside(numbers: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(local[n] for n in numbers if n in local)

        return ArgGraph(
            items=tuple(self.items[v] for v in order),
            kinds=tuple(self.kinds[v] for v in order),
            texts=tuple(self.texts[v] for v in order),
            supports_in=tuple(inside(self.supports_in[v]) for v in order),
            rebuts_in=tuple(inside(self.rebuts_in[v]) for v in order),
            source=tuple(local.get(self.source[v], NO_ATOM) for v in order),
            target=tuple(local.get(self.target[v], NO_ATOM) for v in order),
            relation=tuple(self.relation[v] for v in order),
            mode=self.mode,
        )

    @property
    def size(self) -> int:
        return len(self.items)

    @cached_property
    def _index(self) -> dict[str, int]:
        return {item: number for number, item in enumerate(self.items)}

    def index(self) -> dict[str, int]:
        """Item -> vertex number (shared: do not modify)."""
        return self._index

    @cached_property
    def table(self) -> RuleTable:
        """The rule table of every party's program (built once per graph)."""
        return RuleTable.of(self)

    def candidate_rules(self, vertex: int) -> list[tuple[int, int]]:
        """Every rule `vertex` can have in some party's program, as ``(kind, positive)``.

        Each rule's negated atoms are ``rebuts_in[vertex]``: the rebuttals of a node, the
        undercutters of an edge. An edge has its edge rule (rule 2); a node its premise
        rule and one support rule per supports-edge into it (rule 3).

        >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
        >>> g.candidate_rules(1), g.candidate_rules(2)
        ([(1, -1), (2, 2)], [(0, 0)])
        """
        if self.kinds[vertex] == EDGE_KIND:
            return [(EDGE_RULE, self.source[vertex])]
        return [(PREMISE_RULE, NO_ATOM), *((SUPPORT_RULE, s) for s in self.supports_in[vertex])]

    def rules_for(self, vertex: int, stance: Stance) -> list[tuple[int, tuple[int, ...]]]:
        """The rules of `vertex` for a party taking `stance` on it: ``(positive, negated)``.

        >>> g = ArgGraph.from_lists(evidence=["e"], claims=["c"], supports=[("e", "c")])
        >>> g.rules_for(0, Stance.ACCEPTED), g.rules_for(0, Stance.REJECTED)
        ([(-1, ())], [])
        """
        kind, attackers = self.kinds[vertex], self.rebuts_in[vertex]
        return [(positive, attackers) for rule_kind, positive in self.candidate_rules(vertex)
                if keeps_rule(rule_kind, kind, stance, self.mode)]

    def premise(self, vertex: int, stance: Stance) -> Premise | None:
        """Why `vertex` is a premise for a party taking `stance` on it (None: it is not)."""
        return premise_basis(self.kinds[vertex], stance, self.mode)

    @cached_property
    def _kind_codes(self) -> Any:
        codes = {kind: code for code, kind in enumerate(ITEM_KINDS)}
        return np.fromiter(map(codes.__getitem__, self.kinds), dtype=np.int8,
                           count=self.size)

    @cached_property
    def _keeps(self) -> Any:
        """:func:`keeps_rule` for every (rule kind, item kind, stance), as an array."""
        keeps = np.zeros((3, len(ITEM_KINDS), len(STANCES)), dtype=np.bool_)
        for rule_kind in RULE_KINDS:
            for k, kind in enumerate(ITEM_KINDS):
                for t, stance in enumerate(STANCES):
                    keeps[rule_kind, k, t] = keeps_rule(rule_kind, kind, stance, self.mode)
        return keeps

    def kept_rules(self, acceptance: Mapping[str, Stance | str]) -> Any:
        """Which rules of :attr:`table` the party's program has (a bool array)."""
        stance_codes = np.full(self.size, STANCES.index(Stance.UNSTATED), dtype=np.int8)
        for vertex, stance in self.check_acceptance(acceptance).items():
            stance_codes[vertex] = STANCES.index(stance)
        return self.kept_by_codes(stance_codes)

    def kept_by_codes(self, stance_codes: Any) -> Any:
        """:meth:`kept_rules` for the stance of each vertex given as its number in
        ``STANCES`` (an int8 array, one entry per vertex)."""
        table = self.table
        return self._keeps[table.kinds, self._kind_codes[table.heads], stance_codes[table.heads]]

    def disabled_rules(self, acceptance: Mapping[str, Stance | str]) -> Any:
        """Which rules of :attr:`table` the party's program lacks (a bool array)."""
        return ~self.kept_rules(acceptance)

    @cached_property
    def _into(self) -> list[list[int]]:
        into: list[list[int]] = [[] for _ in range(self.size)]
        for vertex in range(self.size):
            if self.kinds[vertex] == EDGE_KIND:
                into[self.target[vertex]].append(vertex)
                into[vertex].append(self.source[vertex])
        return into

    def predecessors(self, vertex: int) -> list[int]:
        """The vertices right before `vertex`: an edge's source, the edges into a node or
        an edge (in the order of the debate)."""
        return self._into[vertex]

    def ancestors(self, *vertices: int) -> set[int]:
        """The sub-debate that reaches `vertices`: every vertex with a path to one of them
        (source -> edge -> target, undercutter -> edge), the vertices included. A label
        under grounded, complete and preferred depends on nothing else.

        >>> g = ArgGraph.from_lists(evidence=["e", "f"], claims=["c"], supports=[("e", "c")])
        >>> sorted(g.items[v] for v in g.ancestors(g.index()["c"]))
        ['c', 'e', 'edge:e-supports-c']
        """
        into = self._into
        seen = set(vertices)
        stack = list(vertices)
        while stack:
            for before in into[stack.pop()]:
                if before not in seen:
                    seen.add(before)
                    stack.append(before)
        return seen

    @cached_property
    def _parts(self) -> tuple[list[int], frozenset[int], frozenset[int]]:
        """Each vertex's strongly connected part (of the arrows source -> edge -> target),
        the vertices of the parts that hold an attack between two of their own vertices,
        and those of the parts that hold a cycle through an odd number of attacks."""
        part = _components(self.size, self._into)
        members: dict[int, list[int]] = {}
        for vertex, root in enumerate(part):
            members.setdefault(root, []).append(vertex)
        attacked: set[int] = set()
        odd: set[int] = set()
        for root, inside in members.items():
            if any(part[r] == root for v in inside for r in self.rebuts_in[v]):
                attacked.update(inside)
                if self._odd(root, part):
                    odd.update(inside)
        return part, frozenset(attacked), frozenset(odd)

    def _odd(self, root: int, part: list[int]) -> bool:
        """Whether the part of `root` has a cycle through an odd number of attacks: the
        parity of attacks on the way from `root` cannot be given to its vertices."""
        parity = {root: 0}
        stack = [root]
        while stack:
            vertex = stack.pop()
            for before in self._into[vertex]:
                if part[before] != root:
                    continue
                wanted = parity[vertex] ^ (before in self.rebuts_in[vertex])
                if before not in parity:
                    parity[before] = wanted
                    stack.append(before)
                elif parity[before] != wanted:
                    return True
        return False

    @property
    def unstratified(self) -> frozenset[int]:
        """The vertices on a cycle through a rebuttal or an undercutter (those of every
        strongly connected part that holds an attack between two of its own vertices).
        Outside them and what reaches them the program is stratified, so each stable model
        of the rest extends in one way.

        >>> g = ArgGraph.from_lists(claims=["a", "b", "c"],
        ...                         rebuts=[("a", "b"), ("b", "a"), ("b", "c")])
        >>> sorted(g.items[v] for v in g.unstratified)
        ['a', 'b', 'edge:a-rebuts-b', 'edge:b-rebuts-a']
        """
        return self._parts[1]

    @property
    def odd_cycles(self) -> frozenset[int]:
        """The vertices of the strongly connected parts that hold a cycle through an odd
        number of attacks (a claim that, through supports, rebuts itself; three claims
        rebutting in a ring). A program without them has a stable model above each of its
        complete labellings (see :func:`kb.engine.flips.scope`).

        >>> g = ArgGraph.from_lists(claims=["a", "b"], rebuts=[("a", "b"), ("b", "a")])
        >>> sorted(g.odd_cycles)
        []
        >>> g = ArgGraph.from_lists(claims=["a", "b"], supports=[("a", "b")],
        ...                         rebuts=[("b", "a")])
        >>> sorted(g.items[v] for v in g.odd_cycles)
        ['a', 'b', 'edge:a-supports-b', 'edge:b-rebuts-a']
        """
        return self._parts[2]

    def is_edge(self, vertex: int) -> bool:
        return self.kinds[vertex] == EDGE_KIND

    def check_acceptance(self, acceptance: Mapping[str, Stance | str]) -> dict[int, Stance]:
        """Vertex -> stance; InvalidInputError for an unknown item or stance.

        >>> g = ArgGraph.from_lists(evidence=["e"])
        >>> g.check_acceptance({"x": "accepted"})
        Traceback (most recent call last):
        ...
        kb.errors.InvalidInputError: acceptance names unknown item 'x'; use node keys or 'edge:KEY'
        """
        index = self.index()
        stances: dict[int, Stance] = {}
        for item, stance in acceptance.items():
            vertex = index.get(item)
            if vertex is None:
                raise InvalidInputError(
                    f"acceptance names unknown item '{item}'; use node keys or 'edge:KEY'"
                )
            try:
                stances[vertex] = Stance(stance)
            except ValueError:
                raise InvalidInputError(
                    f"unknown stance '{stance}' for '{item}'; use accepted, rejected or unstated"
                ) from None
        return stances

    def program(self, acceptance: Mapping[str, Stance | str]) -> Program:
        """The party's normal logic program (DESIGN.md rules 1-3)."""
        stances = self.check_acceptance(acceptance)
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[tuple[int, ...]] = []
        for vertex in range(len(self.items)):
            for positive, attackers in self.rules_for(vertex,
                                                      stances.get(vertex, Stance.UNSTATED)):
                heads.append(vertex)
                positives.append(positive)
                negatives.append(attackers)
        return Program(self.items, heads, positives, negatives)
