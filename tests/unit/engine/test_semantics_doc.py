"""Every worked example of docs/semantics.md is evaluated and checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.doc import DebateDoc, EdgeDoc, Mode, NodeDoc, NodeKind, PartyDoc, Relation, Stance
from kb.engine import Label, evaluate_party, parse_semantics

DOC = Path(__file__).resolve().parents[3] / "docs" / "semantics.md"
BLOCKS = re.findall(r"```example\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def fields(block: str) -> dict[str, str]:
    found = {}
    for line in block.strip().splitlines():
        name, _, value = line.partition(":")
        found[name.strip()] = value.strip()
    return found


def names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def debate_of(spec: dict[str, str]) -> DebateDoc:
    nodes = [NodeDoc(k, NodeKind.EVIDENCE, k) for k in names(spec.get("evidence", ""))]
    nodes += [NodeDoc(k, NodeKind.CLAIM, k) for k in names(spec.get("claims", ""))]
    edges = []
    for phrase in filter(None, (p.strip() for p in spec.get("edges", "").split(";"))):
        source, verb, target = phrase.split()
        if verb == "undercuts":
            edges.append(EdgeDoc(f"{source}-undercuts-{target}", source, Relation.REBUTS,
                                 target_edge=target))
        else:
            edges.append(EdgeDoc(f"{source}-{verb}-{target}", source, Relation(verb),
                                 target=target))
    acceptance = {k: Stance.ACCEPTED for k in names(spec.get("accepts", ""))}
    acceptance |= {k: Stance.REJECTED for k in names(spec.get("rejects", ""))}
    return DebateDoc(slug="example", title="Example", mode=Mode(spec.get("mode", "unsupported")),
                     parties=(PartyDoc("p", "P"),), nodes=tuple(nodes), edges=tuple(edges),
                     acceptance={"p": acceptance})


def expected_labels(value: str) -> dict[str, Label]:
    pairs = (part.split() for part in names(value))
    return {item: Label(label) for item, label in pairs}


def test_semantics_doc_has_the_promised_examples() -> None:
    assert len(BLOCKS) >= 18


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{n}" for n in range(len(BLOCKS))])
def test_semantics_doc_example_holds(block: str) -> None:
    spec = fields(block)
    doc = debate_of(spec)
    evaluation = evaluate_party(doc, "p", semantics=parse_semantics(spec.get("semantics",
                                                                             "grounded")))
    if "expect" in spec:
        for item, label in expected_labels(spec["expect"]).items():
            assert evaluation.labels[item] == label, item
    if "labellings" in spec:
        wanted = [] if spec["labellings"] == "none" else [
            expected_labels(part) for part in spec["labellings"].split("|")
        ]
        got = [{item: lab[item] for item in wanted[0]} for lab in evaluation.labellings] \
            if wanted else evaluation.labellings
        assert sorted(map(sorted, (w.items() for w in wanted))) == sorted(
            map(sorted, (g.items() for g in got))
        )
