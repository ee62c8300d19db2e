"""ArgGraph: the structure of a debate the engine reads, with edges as vertices.

Edges are vertices too, so an undercutter (a rebuttal aimed at an edge) attacks a vertex
like any other. :meth:`ArgGraph.program` turns the graph and one party's acceptance into
the normal logic program of DESIGN.md (rules 1-3):

1. an item the party rejects gets no rule;
2. an edge ``x`` from ``s`` undercut by ``u1..uk``: ``in(x) <- in(s), not in(u1..uk)``;
3. a node ``n`` rebutted by edges ``r1..rk``: one rule ``in(n) <- in(s), not in(r1..rk)``
   per supports-edge ``s`` into ``n``, and ``in(n) <- not in(r1..rk)`` when ``n`` is a
   premise (accepted by the party, or, in ``presumptive`` mode, a claim it does not reject).

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
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


def _csr(size: int, keys: Any, values: Any) -> tuple[Any, Any]:
    """Group `values` by `keys` in 0..size-1: (start offsets, grouped values)."""
    order = np.argsort(keys, kind="stable")
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=start[1:])
    return start, np.ascontiguousarray(values[order], dtype=np.int32)


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
        kinds: list[int] = []
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[int] = []
        lengths: list[int] = []
        for vertex in range(graph.size):
            attackers = graph.rebuts_in[vertex]
            if graph.kinds[vertex] == EDGE_KIND:
                rules = [(EDGE_RULE, graph.source[vertex])]
            else:
                rules = [(PREMISE_RULE, NO_ATOM)]
                rules += [(SUPPORT_RULE, s) for s in graph.supports_in[vertex]]
            for kind, positive in rules:
                kinds.append(kind)
                heads.append(vertex)
                positives.append(positive)
                negatives.extend(attackers)
                lengths.append(len(attackers))
        size = graph.size
        head_array = np.array(heads, dtype=np.int32)
        positive_array = np.array(positives, dtype=np.int32)
        neg_start = np.zeros(len(heads) + 1, dtype=np.int64)
        np.cumsum(np.array(lengths, dtype=np.int64), out=neg_start[1:])
        neg_atoms = np.array(negatives, dtype=np.int32)
        rule_numbers = np.arange(len(heads), dtype=np.int32)
        head_start, head_rules = _csr(size, head_array, rule_numbers)
        neg_rules = np.repeat(rule_numbers, np.array(lengths, dtype=np.int64))
        negin_start, negin_rules = _csr(size, neg_atoms, neg_rules)
        has_positive = positive_array >= 0
        posin_start, posin_rules = _csr(
            size, positive_array[has_positive], rule_numbers[has_positive]
        )
        return cls(np.array(kinds, dtype=np.int8), head_array, positive_array, neg_start,
                   neg_atoms, head_start, head_rules, negin_start, negin_rules,
                   posin_start, posin_rules)


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

    @cached_property
    def _claims(self) -> Any:
        return np.array([kind == NodeKind.CLAIM for kind in self.kinds], dtype=np.bool_)

    def disabled_rules(self, acceptance: Mapping[str, Stance | str]) -> Any:
        """Which rules of :attr:`table` the party's program lacks (a bool array)."""
        stances = self.check_acceptance(acceptance)
        accepted = np.zeros(self.size, dtype=np.bool_)
        rejected = np.zeros(self.size, dtype=np.bool_)
        for vertex, stance in stances.items():
            if stance == Stance.ACCEPTED:
                accepted[vertex] = True
            elif stance == Stance.REJECTED:
                rejected[vertex] = True
        premise = accepted | (self._claims & ~rejected) if self.mode == Mode.PRESUMPTIVE \
            else accepted
        table = self.table
        heads = table.heads
        return rejected[heads] | ((table.kinds == PREMISE_RULE) & ~premise[heads])

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
        presumptive = self.mode == Mode.PRESUMPTIVE
        heads: list[int] = []
        positives: list[int] = []
        negatives: list[tuple[int, ...]] = []
        for vertex in range(len(self.items)):
            stance = stances.get(vertex, Stance.UNSTATED)
            if stance == Stance.REJECTED:
                continue
            attackers = self.rebuts_in[vertex]
            kind = self.kinds[vertex]
            if kind == EDGE_KIND:
                heads.append(vertex)
                positives.append(self.source[vertex])
                negatives.append(attackers)
                continue
            if stance == Stance.ACCEPTED or (presumptive and kind == NodeKind.CLAIM):
                heads.append(vertex)
                positives.append(NO_ATOM)
                negatives.append(attackers)
            for support in self.supports_in[vertex]:
                heads.append(vertex)
                positives.append(support)
                negatives.append(attackers)
        return Program(self.items, heads, positives, negatives)
