"""Kialo discussion export import."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.doc import Mode, NodeKind, Relation
from kb.errors import InvalidInputError
from kb.formats import kialo
from tests.unit.formats.format_samples import FIXTURES


def test_kialo_import_fixture_counts_and_links():
    doc = kialo.load((FIXTURES / "kialo-car-free-centres.txt").read_text())
    assert doc.title == "Should cities ban private cars from their centres?"
    assert doc.slug == "should-cities-ban-private-cars-from-their-centres"
    assert doc.mode is Mode.PRESUMPTIVE
    assert len(doc.nodes) == 8 and all(n.kind is NodeKind.CLAIM for n in doc.nodes)
    assert sum(e.relation is Relation.SUPPORTS for e in doc.edges) == 4
    assert sum(e.relation is Relation.REBUTS for e in doc.edges) == 4
    linked = doc.edge("1.2.2-pro")
    assert (linked.source, linked.target) == ("1.1.1", "1.2")


def test_kialo_import_joins_multi_line_claims():
    doc = kialo.load((FIXTURES / "kialo-car-free-centres.txt").read_text())
    assert doc.node("1.1.1.1").text == (
        "Tyres and brakes still shed particles, whatever drives the car.")


def test_kialo_import_without_title_uses_the_thesis():
    doc = kialo.load("1. Tea beats coffee.\n1.1. Con: Coffee wakes you up.\n")
    assert doc.title == "Tea beats coffee." and doc.slug == "tea-beats-coffee"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello there\n1. A.\n", "line 1: expected 'Discussion Title"),
        ("Discussion Title: T\n", "no numbered claims"),
        ("1. A.\n1.2.1. Pro: B.\n", "line 2: claim 1.2.1 answers 1.2"),
        ("1. A.\n1.1. Pro: B.\n1.1. Con: C.\n", "line 3: claim 1.1 appears twice"),
        ("1. A.\n1.1. Pro: -> See 1.9.\n", "line 2: '-> See 1.9'"),
        ("1. Pro: A.\n", "line 1: the thesis 1 cannot be Pro or Con"),
    ],
)
def test_kialo_import_rejects_bad_exports_with_line(text, message):
    with pytest.raises(InvalidInputError, match=message.replace(".", r"\.")):
        kialo.load(text)


def test_kialo_example_of_the_docs_imports_as_documented():
    docs = Path(__file__).resolve().parents[3] / "docs" / "formats.md"
    example = docs.read_text(encoding="utf-8").split("```text\n")[1].split("```")[0]
    doc = kialo.load(example)
    assert [n.key for n in doc.nodes] == ["1", "1.1", "1.1.1", "1.2"]
    assert doc.edge("1.2.2-pro").source == "1.1.1"
    assert doc.edge("1.1.1-con").relation is Relation.REBUTS


def test_kialo_import_keeps_numbered_lists_inside_a_claim():
    doc = kialo.load("1. Three reasons:\n1.1. Pro: First,\n2. cost;\n3. time.\n")
    assert [n.key for n in doc.nodes] == ["1", "1.1"]
    assert doc.node("1.1").text == "First, 2. cost; 3. time."


def test_kialo_import_agrees_with_arguebuf_kialo_reader():
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is not installed")
    import io

    text = (FIXTURES / "kialo-car-free-centres.txt").read_text()
    graph = arguebuf.load.kialo(io.StringIO(text))
    doc = kialo.load(text)
    assert sorted(graph.atom_nodes) == sorted(f"{n.key}." for n in doc.nodes)
    assert len(graph.scheme_nodes) == len(doc.edges)
    for key, atom in graph.atom_nodes.items():
        assert " ".join(atom.plain_text.split()) == doc.node(key.rstrip(".")).text
    supports = {(e.source, e.target) for e in doc.edges if e.relation is Relation.SUPPORTS}
    theirs = set()
    for scheme in graph.scheme_nodes.values():
        if type(scheme.scheme).__name__ == "Support":
            (source,) = graph.incoming_atom_nodes(scheme)
            (target,) = graph.outgoing_atom_nodes(scheme)
            theirs.add((source.id.rstrip("."), target.id.rstrip(".")))
    assert theirs == supports


def test_kialo_fixture_import_passes_validation():
    from kb.validation import validate_doc

    validate_doc(kialo.load((FIXTURES / "kialo-car-free-centres.txt").read_text()))
