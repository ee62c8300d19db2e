"""The two facts the fast flips and cruxes rest on, checked against plain enumeration on
random debates: an argument read off a complete labelling keeps a complete labelling with
its label in every position where it holds, and without cycles through an odd number of
attacks the stable labellings are the preferred ones."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import Mode, Stance
from kb.engine import Label, Semantics
from kb.engine.argument import argument, grounded_argument
from kb.engine.extensions import labellings
from kb.engine.graph import ArgGraph, keeps_rule
from kb.engine.grounded import LABELS, grounded_labels
from kb.engine.kernels import well_founded_timed
from tests.property.shapes import graph_parts

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STANCES = [Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]


@st.composite
def graphs_and_positions(draw: st.DrawFn) -> tuple[ArgGraph, list[dict[str, Stance]]]:
    nodes, edges = graph_parts(draw, 5, 7)
    mode = draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    graph = ArgGraph.build(nodes, edges, mode)
    positions = [{item: draw(st.sampled_from(STANCES)) for item in graph.items}
                 for _ in range(4)]
    return graph, positions


def _rules(graph: ArgGraph) -> tuple[list[int], list[int], list[tuple[int, ...]], list[int]]:
    heads, positives, negatives, kinds = [], [], [], []
    for vertex in range(graph.size):
        for kind, positive in graph.candidate_rules(vertex):
            heads.append(vertex)
            positives.append(positive)
            negatives.append(graph.rebuts_in[vertex])
            kinds.append(kind)
    return heads, positives, negatives, kinds


def _present(graph: ArgGraph, heads: list[int], kinds: list[int],
             position: dict[str, Stance]) -> list[bool]:
    return [keeps_rule(kind, graph.kinds[head], position[graph.items[head]], graph.mode)
            for head, kind in zip(heads, kinds, strict=True)]


@SETTINGS
@given(graphs_and_positions())
def test_engine_argument_keeps_its_label_wherever_it_holds(
        case: tuple[ArgGraph, list[dict[str, Stance]]]) -> None:
    graph, (first, *others) = case
    heads, positives, negatives, kinds = _rules(graph)
    present = _present(graph, heads, kinds, first)
    for labels in labellings(graph.program(first), Semantics.COMPLETE):
        for vertex, label in enumerate(labels):
            if label == Label.UNDEC:
                continue
            found = argument((heads, positives, negatives), present, labels, vertex)
            assert found.inside <= {v for v, lab in enumerate(labels) if lab == Label.IN}
            assert found.outside <= {v for v, lab in enumerate(labels) if lab == Label.OUT}
            for position in [first, *others]:
                there = _present(graph, heads, kinds, position)
                if all(there[r] for r in found.present) and not any(
                        there[r] for r in found.absent):
                    complete = labellings(graph.program(position), Semantics.COMPLETE)
                    assert any(lab[vertex] == label for lab in complete)


@SETTINGS
@given(graphs_and_positions())
def test_engine_stable_is_preferred_without_odd_attack_cycles(
        case: tuple[ArgGraph, list[dict[str, Stance]]]) -> None:
    graph, positions = case
    for position in positions:
        program = graph.program(position)
        stable = sorted(map(tuple, labellings(program, Semantics.STABLE)))
        preferred = sorted(map(tuple, labellings(program, Semantics.PREFERRED)))
        if not graph.odd_cycles:
            assert stable == preferred
        else:
            assert set(stable) <= set(preferred)


@settings(SETTINGS, max_examples=600)
@given(graphs_and_positions())
def test_engine_grounded_argument_keeps_the_well_founded_label_wherever_it_holds(
        case: tuple[ArgGraph, list[dict[str, Stance]]]) -> None:
    """An argument read off the well-founded model in the order the compiled loop decided
    its atoms keeps the well-founded label (and so every stable model's) in every position
    where it holds."""
    graph, (first, *others) = case
    table = graph.table
    kept = graph.kept_rules(first)
    value, witness, _, when = well_founded_timed(graph.size, table, ~kept)
    labels = [LABELS[int(v)] for v in value]
    rules = (table.heads, table.positives,
             [table.neg_atoms[table.neg_start[r]:table.neg_start[r + 1]]
              for r in range(len(table.heads))])
    by_head = [table.head_rules[table.head_start[v]:table.head_start[v + 1]]
               for v in range(graph.size)]
    for vertex, label in enumerate(labels):
        if label == Label.UNDEC:
            continue
        found = grounded_argument(rules, kept, labels, vertex, witness=witness, when=when,
                                  by_head=by_head)
        assert vertex in (found.inside if label == Label.IN else found.outside)
        for position in [first, *others]:
            there = graph.kept_rules(position)
            if all(there[r] for r in found.present) and not any(
                    there[r] for r in found.absent):
                grounded = grounded_labels(graph, position, compiled=False)
                assert all(grounded[a] == Label.IN for a in found.inside)
                assert all(grounded[a] == Label.OUT for a in found.outside)
