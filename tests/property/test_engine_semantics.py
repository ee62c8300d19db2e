"""Semantics invariants on random small debates, against brute-force oracles.

The oracles enumerate: partial stable models of the party's program (every candidate
possibly-true set P, with T = Γ(P) and the check Γ(T) = P, T ⊆ P), and plain Dung
extensions (every set of arguments). They are the reference only; the engine uses
counter propagation and clingo.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.doc import DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.engine import Label, Semantics, evaluate
from kb.engine.dung import TASKS, Framework, solve
from kb.engine.dung import labellings as dung_labellings
from kb.engine.evaluation import graph_of
from kb.engine.program import NO_ATOM, Program
from kb.formats.iccma import translate
from tests.property.shapes import graph_parts

IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDEC
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- oracles
def gamma(program: Program, assumed: frozenset[int]) -> frozenset[int]:
    """Least model of the reduct: `not b` holds when b is not in `assumed`."""
    derived: set[int] = set()
    changed = True
    while changed:
        changed = False
        for rule, head in enumerate(program.heads):
            if head in derived or any(n in assumed for n in program.negatives[rule]):
                continue
            positive = program.positives[rule]
            if positive == NO_ATOM or positive in derived:
                derived.add(head)
                changed = True
    return frozenset(derived)


def partial_stable_models(program: Program) -> list[tuple[frozenset[int], frozenset[int]]]:
    atoms = range(program.size)
    models = []
    for size in range(program.size + 1):
        for chosen in combinations(atoms, size):
            possible = frozenset(chosen)
            true = gamma(program, possible)
            if true <= possible and gamma(program, true) == possible:
                models.append((true, possible))
    return models


def as_labels(items: tuple[str, ...], model: tuple[frozenset[int], frozenset[int]]) -> dict:
    true, possible = model
    return {
        item: IN if i in true else UNDEC if i in possible else OUT for i, item in enumerate(items)
    }


def oracle(doc: DebateDoc, semantics: Semantics) -> list[dict[str, Label]]:
    graph = graph_of(doc)
    program = graph.program(doc.acceptance_of("p"))
    models = partial_stable_models(program)
    if semantics == Semantics.GROUNDED:
        models = [min(models, key=lambda m: len(m[0]))]
    elif semantics == Semantics.PREFERRED:
        models = [m for m in models if not any(m[0] < other[0] for other in models)]
    elif semantics == Semantics.STABLE:
        models = [m for m in models if m[0] == m[1]]
    return [as_labels(graph.items, m) for m in models]


def dung_extensions(args: int, attacks: set[tuple[int, int]], semantics: Semantics) -> list:
    attackers = {a: {x for x, y in attacks if y == a} for a in range(args)}

    def defended(ext: frozenset[int], a: int) -> bool:
        return all(any((d, b) in attacks for d in ext) for b in attackers[a])

    complete = []
    for size in range(args + 1):
        for chosen in combinations(range(args), size):
            ext = frozenset(chosen)
            if any((x, y) in attacks for x in ext for y in ext):
                continue
            if all(defended(ext, a) for a in ext) and ext == {
                a for a in range(args) if defended(ext, a)
            }:
                complete.append(ext)
    if semantics == Semantics.GROUNDED:
        return [min(complete, key=len)]
    if semantics == Semantics.PREFERRED:
        return [e for e in complete if not any(e < o for o in complete)]
    if semantics == Semantics.STABLE:
        return [e for e in complete
                if all(a in e or any((d, a) in attacks for d in e) for a in range(args))]
    return complete


def dung_labelling(args: int, attacks: set[tuple[int, int]], ext: frozenset[int]) -> tuple:
    def label(a: int) -> Label:
        if a in ext:
            return IN
        if any((d, a) in attacks for d in ext):
            return OUT
        return UNDEC

    return tuple(label(a) for a in range(args))


# ---------------------------------------------------------------- strategies
STANCES = [Stance.ACCEPTED, Stance.REJECTED, Stance.UNSTATED]


@st.composite
def debates(draw: st.DrawFn, max_nodes: int = 5, max_edges: int = 6) -> DebateDoc:
    nodes, edges = graph_parts(draw, max_nodes, max_edges)
    items = [n.key for n in nodes] + [f"edge:{e.key}" for e in edges]
    acceptance = {}
    for item in items:
        stance = draw(st.sampled_from(STANCES if item.startswith("n") else [
            Stance.UNSTATED, Stance.UNSTATED, Stance.REJECTED]))
        if stance != Stance.UNSTATED:
            acceptance[item] = stance
    mode = draw(st.sampled_from([Mode.UNSUPPORTED, Mode.PRESUMPTIVE]))
    return DebateDoc(slug="r", title="R", mode=mode, parties=(PartyDoc("p", "P"),),
                     nodes=nodes, edges=edges, acceptance={"p": acceptance})


def frozen(labellings: list[dict[str, Label]]) -> set[tuple]:
    return {tuple(sorted(lab.items())) for lab in labellings}


# ---------------------------------------------------------------- properties
@FAST
@given(debates())
def test_engine_grounded_is_least_complete_labelling(doc: DebateDoc) -> None:
    grounded = evaluate(doc, doc.acceptance_of("p")).labels
    complete = oracle(doc, Semantics.COMPLETE)
    assert frozen([grounded]) <= frozen(complete)
    for labelling in complete:
        assert all(labelling[k] == IN for k, v in grounded.items() if v == IN)
        assert all(labelling[k] == OUT for k, v in grounded.items() if v == OUT)


@MANY
@given(debates(), st.sampled_from([Semantics.COMPLETE, Semantics.PREFERRED, Semantics.STABLE]))
def test_engine_labellings_match_oracle(doc: DebateDoc, semantics: Semantics) -> None:
    evaluation = evaluate(doc, doc.acceptance_of("p"), semantics=semantics)
    expected = oracle(doc, semantics)
    assert frozen(evaluation.labellings) == frozen(expected)
    for item, accepted in evaluation.credulous.items():
        assert accepted == any(lab[item] == IN for lab in expected)
    for item, accepted in evaluation.skeptical.items():
        assert accepted == (bool(expected) and all(lab[item] == IN for lab in expected))


@FAST
@given(debates())
def test_engine_stable_within_preferred_within_complete(doc: DebateDoc) -> None:
    acceptance = doc.acceptance_of("p")
    found = {s: frozen(evaluate(doc, acceptance, semantics=s).labellings) for s in Semantics}
    assert found[Semantics.STABLE] <= found[Semantics.PREFERRED] <= found[Semantics.COMPLETE]
    assert found[Semantics.GROUNDED] <= found[Semantics.COMPLETE]


@st.composite
def frameworks(draw: st.DrawFn) -> tuple[int, set[tuple[int, int]]]:
    args = draw(st.integers(1, 7))
    pairs = [(a, b) for a in range(args) for b in range(args)]
    return args, set(draw(st.lists(st.sampled_from(pairs), max_size=12)))


def framework_debate(args: int, attacks: set[tuple[int, int]]) -> DebateDoc:
    return DebateDoc(
        slug="af", title="AF", mode=Mode.PRESUMPTIVE, parties=(PartyDoc("p", "P"),),
        nodes=tuple(NodeDoc(f"a{i}", NodeKind.CLAIM, f"a{i}") for i in range(args)),
        edges=tuple(EdgeDoc(f"r{a}-{b}", f"a{a}", Relation.REBUTS, target=f"a{b}")
                    for a, b in sorted(attacks)),
    )


@FAST
@given(frameworks(), st.sampled_from(list(Semantics)))
def test_engine_presumptive_attacks_only_coincides_with_dung(
    framework: tuple[int, set[tuple[int, int]]], semantics: Semantics
) -> None:
    args, attacks = framework
    doc = framework_debate(args, attacks)
    evaluation = evaluate(doc, {}, semantics=semantics)
    ours = {tuple(lab[f"a{i}"] for i in range(args)) for lab in evaluation.labellings}
    expected = {dung_labelling(args, attacks, e)
                for e in dung_extensions(args, attacks, semantics)}
    assert ours == expected


# ---------------------------------------------------------------- ICCMA
def oracle_answer(args: int, attacks: set[tuple[int, int]], task: str, query: int) -> str:
    problem, code = task.split("-")
    semantics = {"GR": Semantics.GROUNDED, "CO": Semantics.COMPLETE,
                 "PR": Semantics.PREFERRED, "ST": Semantics.STABLE}[code]
    extensions = dung_extensions(args, attacks, semantics)
    if problem == "DC":
        return "YES" if any(query in e for e in extensions) else "NO"
    if problem == "DS":
        return "YES" if all(query in e for e in extensions) else "NO"
    return " ".join(["w", *(str(a + 1) for a in sorted(extensions[0]))]) if extensions else "NO"


@MANY
@given(frameworks(), st.sampled_from(TASKS), st.integers(0, 6))
def test_engine_iccma_answers_match_oracle(
    framework: tuple[int, set[tuple[int, int]]], task: str, query: int
) -> None:
    args, attacks = framework
    query %= args
    af = Framework.from_pairs(args, [(a + 1, b + 1) for a, b in attacks])
    lines = solve(af, task, str(query + 1))
    expected = oracle_answer(args, attacks, task, query)
    if task.startswith("SE") and expected != "NO":
        semantics = task.split("-")[1]
        extensions = {
            " ".join(["w", *(str(a + 1) for a in sorted(e))])
            for e in dung_extensions(args, attacks, {
                "GR": Semantics.GROUNDED, "CO": Semantics.COMPLETE,
                "PR": Semantics.PREFERRED, "ST": Semantics.STABLE}[semantics])
        }
        assert lines == [lines[0]] and lines[0] in extensions
    else:
        assert lines[0] == expected


def conclusion_labels(keys: list[str], labelling: tuple[Label, ...], items: tuple[str, ...]
                      ) -> tuple:
    best: dict[str, Label] = {}
    for key, label in zip(keys, labelling, strict=True):
        item = key.split(" <- ")[0]
        current = best.get(item, OUT)
        if label == IN or (label == UNDEC and current == OUT):
            best[item] = label
    return tuple(sorted((item, best.get(item, OUT)) for item in items))


@FAST
@given(debates(max_nodes=4, max_edges=5), st.sampled_from(list(Semantics)))
def test_engine_iccma_export_agrees_with_engine(doc: DebateDoc, semantics: Semantics) -> None:
    keys, attacks = translate(doc, "p")
    args = len(keys)
    pairs = {(a - 1, b - 1) for a, b in attacks}
    if args <= 10:
        af_labellings = [dung_labelling(args, pairs, e)
                         for e in dung_extensions(args, pairs, semantics)]
    else:
        af = Framework.from_pairs(args, attacks)
        af_labellings = [tuple(lab) for lab in dung_labellings(af, semantics)]
    items = graph_of(doc).items
    through_af = {conclusion_labels(keys, lab, items) for lab in af_labellings}
    engine = evaluate(doc, doc.acceptance_of("p"), semantics=semantics).labellings
    assert through_af == frozen(engine)


@FAST
@given(debates(max_nodes=7, max_edges=10))
def test_engine_compiled_grounded_equals_reference_loop(doc: DebateDoc) -> None:
    from kb.engine.grounded import grounded_labels, well_founded

    graph = graph_of(doc)
    acceptance = doc.acceptance_of("p")
    reference = well_founded(graph.program(acceptance)).labels
    assert grounded_labels(graph, acceptance, compiled=True) == reference


@FAST
@given(frameworks(), st.lists(st.sampled_from(["# note", "", "  "]), max_size=3))
def test_engine_compiled_and_plain_i23_readers_and_grounded_agree(
    framework: tuple[int, set[tuple[int, int]]], noise: list[str]
) -> None:
    import numpy as np

    from kb.engine.kernels import grounded_labels
    from kb.engine.kernels import parse_i23 as scan
    from kb.formats.iccma import parse_i23
    from kb.quick_iccma import grounded_codes

    args, attacks = framework
    lines = [f"p af {args}", *noise, *(f"{a + 1} {b + 1}" for a, b in sorted(attacks)), *noise]
    data = ("\n".join(lines) + "\n").encode()
    plain = parse_i23(data)
    count, src, dst, bad = scan(np.frombuffer(data, dtype=np.uint8))
    assert (count, bad) == (args, 0)
    assert src.tolist() == plain.attackers.tolist() and dst.tolist() == plain.targets.tolist()
    compiled = grounded_labels(count, src, dst)
    assert compiled.tolist() == grounded_codes(args, src.tolist(), dst.tolist())
