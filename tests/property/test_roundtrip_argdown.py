"""Argdown export -> import on small random debates gives the same nodes and edges."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from kb.doc import DebateDoc
from kb.formats import argdown
from kb.validation import validate_doc
from tests.property.test_roundtrip_formats import ROUNDS, debates


def _nodes(doc: DebateDoc) -> set[tuple[str, str, str]]:
    return {(n.key, n.kind.value, " ".join(n.text.split())) for n in doc.nodes}


def _edges(doc: DebateDoc) -> Counter:
    """Edges as shapes: an undercutter names the shape of the edge it aims at (edge keys of
    plain relations are not part of Argdown)."""
    by_key = {e.key: e for e in doc.edges}

    def shape(key: str) -> tuple[object, ...]:
        edge = by_key[key]
        aimed = shape(edge.target_edge) if edge.target_edge else None
        return (edge.source, edge.relation.value, edge.target, aimed)

    return Counter(shape(e.key) for e in doc.edges)


@ROUNDS
@given(debates())
def test_roundtrip_argdown_export_import_keeps_nodes_and_edges(doc):
    validate_doc(doc)
    back, report = argdown.load_report(argdown.dump(doc))
    validate_doc(back)
    assert _nodes(back) == _nodes(doc)
    assert _edges(back) == _edges(doc)
    assert all(line.startswith("front matter") for line in report), report
