"""Flips against the plain search: every set of changes by increasing size, the whole
debate evaluated for each (minimality and completeness), under every semantics."""

from __future__ import annotations

from itertools import combinations, count, product
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import DebateDoc, Mode, PartyDoc, Stance
from kb.engine import Label, Semantics, evaluate
from kb.engine.evaluation import graph_of
from kb.engine.flips import DIRECTIONAL, flips
from kb.engine.grounded import COMPILED_FROM
from kb.engine.nearby import SEMANTICS as NEARBY
from kb.engine.nearby import SPARE, Nearby
from tests.property.shapes import graph_parts

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STANCES = [Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]
MAX_SIZE = 2


@st.composite
def one_party_debates(draw: st.DrawFn) -> tuple[DebateDoc, str]:
    nodes, edges = graph_parts(draw, 4, 5)
    items = [n.key for n in nodes] + [f"edge:{e.key}" for e in edges]
    acceptance = {}
    for item in items:
        stance = draw(st.sampled_from(STANCES))
        if stance != Stance.UNSTATED:
            acceptance[item] = stance
    mode = draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    doc = DebateDoc(slug="r", title="R", mode=mode, parties=(PartyDoc("p", "P"),),
                    nodes=nodes, edges=edges, acceptance={"p": acceptance})
    return doc, draw(st.sampled_from([n.key for n in nodes]))


def plain_flips(doc: DebateDoc, key: str, semantics: Semantics,
                target: Label) -> tuple[int | None, set[frozenset[tuple[str, Stance]]]]:
    """Smallest sets of changes (up to MAX_SIZE) after which `key` is `target`.

    Under grounded, complete and preferred every item is tried; under stable only those
    that reach the node (the documented bound)."""
    graph = graph_of(doc)
    own = doc.acceptance_of("p")
    items = list(graph.items)
    if semantics not in DIRECTIONAL:
        reach = graph.ancestors(graph.index()[key])
        items = [graph.items[v] for v in sorted(reach)]

    def stance(item: str) -> Stance:
        return Stance(own.get(item, Stance.UNSTATED))

    for size in range(MAX_SIZE + 1):
        found = set()
        for chosen in combinations(items, size):
            others = [[s for s in STANCES if s != stance(i)] for i in chosen]
            for picked in product(*others):
                moved = dict(own)
                moved.update(zip(chosen, picked, strict=True))
                if evaluate(doc, moved, semantics=semantics).labels[key] == target:
                    found.add(frozenset(zip(chosen, picked, strict=True)))
        if found:
            return size, found
    return None, set()


@SETTINGS
@given(one_party_debates(), st.sampled_from(list(Semantics)),
       st.sampled_from(list(Label)))
def test_engine_flips_equal_plain_search(case: tuple[DebateDoc, str], semantics: Semantics,
                                         target: Label) -> None:
    doc, key = case
    size, expected = plain_flips(doc, key, semantics, target)
    found = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, to=target,
                  limit=500, max_size=MAX_SIZE)
    assert found.label == evaluate(doc, doc.acceptance_of("p"), semantics=semantics).labels[key]
    assert found.complete
    assert found.size == size
    listed = {frozenset((c.item, c.stance) for c in one) for one in found.flips}
    assert len(listed) == len(found.flips)
    # A change that leaves the program as it was never belongs to a smallest set.
    assert listed == expected


@SETTINGS
@given(one_party_debates(), st.sampled_from(list(Semantics)))
def test_engine_flips_limit_cuts_the_list_and_says_so(case: tuple[DebateDoc, str],
                                                      semantics: Semantics) -> None:
    doc, key = case
    every = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, limit=500)
    one = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, limit=1)
    assert one.size == every.size
    assert one.complete == (len(every.flips) <= 1)
    assert set(one.flips) <= set(every.flips)
    assert len(one.flips) == min(1, len(every.flips))


@st.composite
def larger_debates(draw: st.DrawFn) -> tuple[DebateDoc, str]:
    nodes, edges = graph_parts(draw, 6, 8)
    items = [n.key for n in nodes] + [f"edge:{e.key}" for e in edges]
    acceptance = {item: stance for item in items
                  if (stance := draw(st.sampled_from(STANCES))) != Stance.UNSTATED}
    mode = draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    doc = DebateDoc(slug="r", title="R", mode=mode, parties=(PartyDoc("p", "P"),),
                    nodes=nodes, edges=edges, acceptance={"p": acceptance})
    graph = graph_of(doc)
    # Mostly the node the most items reach, so that a small distance leaves many out.
    deepest = max(nodes, key=lambda n: len(graph.ancestors(graph.index()[n.key]))).key
    return doc, draw(st.sampled_from([deepest, deepest, nodes[-1].key]))


@settings(SETTINGS, max_examples=200)
@given(st.one_of(one_party_debates(), larger_debates(), larger_debates()),
       st.sampled_from(sorted(NEARBY)), st.sampled_from([Label.IN, Label.OUT, Label.IN,
                                                         Label.OUT, Label.UNDEC]),
       st.integers(1, 2), st.sampled_from([0, SPARE]), st.booleans(), st.booleans())
def test_engine_flips_near_the_node_equal_plain_search(
        case: tuple[DebateDoc, str], semantics: Semantics, target: Label, radius: int,
        spare: int, single: bool, compiled: bool) -> None:
    """The search near the node first (tiny first distances, so that the boundary is free
    and the distance grows; with no spare failure too; with and without the step that
    tries single changes; with the plain or the compiled grounded loop and its record of
    the rule that derived each atom) gives the plain search's answer."""
    doc, key = case
    size, expected = plain_flips(doc, key, semantics, target)
    with patch("kb.engine.nearby.SPARE", spare), \
            patch("kb.engine.nearby.WHOLE_SHARE", 1.0), \
            patch("kb.engine.nearby.COMPILED_FROM", 0 if compiled else COMPILED_FROM), \
            patch.object(Nearby, "single", Nearby.single if single else lambda *_: None):
        found = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, to=target,
                      limit=500, max_size=MAX_SIZE, radius=radius)
    assert found.complete
    assert found.size == size
    assert {frozenset((c.item, c.stance) for c in one) for one in found.flips} == expected
    assert len(found.flips) == len(expected)


@SETTINGS
@given(st.one_of(one_party_debates(), larger_debates()), st.sampled_from(sorted(NEARBY)),
       st.integers(1, 3))
def test_engine_flips_near_the_node_limit(case: tuple[DebateDoc, str], semantics: Semantics,
                                          radius: int) -> None:
    doc, key = case
    every = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, limit=500)
    one = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, limit=1, radius=radius)
    assert one.size == every.size
    assert one.complete == (len(every.flips) <= 1)
    assert set(one.flips) <= set(every.flips)


@settings(SETTINGS, max_examples=400)
@given(st.one_of(larger_debates(), one_party_debates()),
       st.sampled_from([Semantics.PREFERRED, Semantics.STABLE]),
       st.sampled_from([Label.IN, Label.OUT]), st.integers(1, 2),
       st.sampled_from([0, SPARE]), st.booleans())
def test_engine_flips_skeptical_near_the_node_equal_plain_search(
        case: tuple[DebateDoc, str], semantics: Semantics, target: Label, radius: int,
        spare: int, single: bool) -> None:
    """Under preferred and stable the search near the node (a credulous relaxed question,
    refined by arguments read in the order of the well-founded model; the exact label on
    the rest of the well-founded model) gives the plain search's answer."""
    doc, key = case
    size, expected = plain_flips(doc, key, semantics, target)
    with patch("kb.engine.nearby.SPARE", spare), \
            patch("kb.engine.nearby.WHOLE_SHARE", 1.0), \
            patch.object(Nearby, "single", Nearby.single if single else lambda *_: None):
        found = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, to=target,
                      limit=500, max_size=MAX_SIZE, radius=radius)
    assert found.label == evaluate(doc, doc.acceptance_of("p"), semantics=semantics).labels[key]
    assert found.complete
    assert found.size == size
    assert {frozenset((c.item, c.stance) for c in one) for one in found.flips} == expected


@settings(SETTINGS, max_examples=400)
@given(st.one_of(larger_debates(), one_party_debates()),
       st.sampled_from([Semantics.GROUNDED, Semantics.COMPLETE, Semantics.PREFERRED]),
       st.integers(1, 2), st.sampled_from([0, SPARE]), st.booleans())
def test_engine_flips_undec_near_the_node_equal_plain_search(
        case: tuple[DebateDoc, str], semantics: Semantics, radius: int, spare: int,
        single: bool) -> None:
    """Toward UNDEC (grounded, complete, preferred) the search near the node (the rounds
    of the alternating fixpoint in the relaxed question, arguments read in the order of
    the well-founded model) gives the plain search's answer."""
    doc, key = case
    size, expected = plain_flips(doc, key, semantics, Label.UNDEC)
    with patch("kb.engine.nearby.SPARE", spare), \
            patch("kb.engine.nearby.WHOLE_SHARE", 1.0), \
            patch.object(Nearby, "single", Nearby.single if single else lambda *_: None):
        found = flips(doc, doc.acceptance_of("p"), key, semantics=semantics,
                      to=Label.UNDEC, limit=500, max_size=MAX_SIZE, radius=radius)
    assert found.complete
    assert found.size == size
    assert {frozenset((c.item, c.stance) for c in one) for one in found.flips} == expected


@settings(SETTINGS, max_examples=300)
@given(st.one_of(larger_debates(), one_party_debates()), st.sampled_from(list(Semantics)),
       st.sampled_from([None, Label.UNDEC]), st.sampled_from([None, 1]), st.integers(0, 4))
def test_engine_flips_stopped_at_the_time_limit_answer_a_lower_bound(
        case: tuple[DebateDoc, str], semantics: Semantics, target: Label | None,
        radius: int | None, checks: int) -> None:
    """A search stopped at its time limit (after `checks` looks at the clock, in the
    plain search and the one near the node) answers either flips of the smallest size
    or `at_least`, a size no flip is below."""
    doc, key = case
    clock = count()

    def spent(_deadline: float | None) -> bool:
        return next(clock) >= checks

    with patch("kb.engine.nearby.past", spent), patch("kb.engine.enforce.past", spent):
        found = flips(doc, doc.acceptance_of("p"), key, semantics=semantics, to=target,
                      limit=500, max_size=MAX_SIZE, radius=radius, time_limit=60)
    size, expected = plain_flips(doc, key, semantics, found.to)
    if found.at_least is None:
        assert found.size == size
        assert {frozenset((c.item, c.stance) for c in one) for one in found.flips} <= expected
    else:
        assert found.size is None and found.flips == () and not found.complete
        assert size is None or found.at_least <= size
