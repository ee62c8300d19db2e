"""GraphML and DOT exports: the same graph, undercutters on junctions, party labels."""

from __future__ import annotations

import io
import shutil
import subprocess

import networkx as nx
import pytest

from kb.errors import NotFoundError
from kb.formats import dot, graphml
from tests.unit.formats.format_samples import sample_debate


def _debate_edges(graph):  # (edge key, relation) of every debate edge, junctions folded away
    return sorted({(data["edge"], data["relation"]) for _, _, data in graph.edges(data=True)})


def test_graphml_export_reads_back_with_networkx():
    doc = sample_debate()
    graph = nx.read_graphml(io.StringIO(graphml.dump(doc)), force_multigraph=True)
    assert {n for n, d in graph.nodes(data=True) if d["kind"] != "edge"} == {
        n.key for n in doc.nodes}
    assert graph.nodes["survey"]["kind"] == "evidence"
    assert graph.nodes["survey"]["citations"] == "survey-2023 p. 4"
    assert _debate_edges(graph) == sorted((e.key, e.relation.value) for e in doc.edges)


def test_graphml_export_puts_undercutters_on_junction_nodes():
    graph = graphml.to_networkx(sample_debate())
    assert graph.nodes["edge:s-survey"]["kind"] == "edge"
    assert graph.has_edge("old-method", "edge:u-method", key="u-method/from")
    assert graph.has_edge("edge:u-method", "edge:s-survey", key="u-method/to")
    assert graph.has_edge("method-fine", "edge:u-method", key="u-fine")
    assert graph.has_edge("cost", "rebuild", key="r-cost")


def test_graphml_export_with_party_carries_labels_and_strength():
    graph = nx.read_graphml(io.StringIO(graphml.dump(sample_debate(), party="council")),
                            force_multigraph=True)
    assert graph.graph["party"] == "council"
    assert graph.nodes["rebuild"]["label"] == "IN"
    assert graph.nodes["cost"]["label"] == "OUT"
    assert 0.0 <= graph.nodes["rebuild"]["strength"] <= 1.0
    residents = graphml.to_networkx(sample_debate(), party="residents")
    assert residents.nodes["rebuild"]["label"] == "OUT"
    assert residents.nodes["edge:s-survey"]["label"] == "OUT"


def test_graph_exports_reject_unknown_party():
    with pytest.raises(NotFoundError, match="no party 'nobody'"):
        graphml.dump(sample_debate(), party="nobody")
    with pytest.raises(NotFoundError, match="no party 'nobody'"):
        dot.dump(sample_debate(), party="nobody")


def test_dot_export_parses_in_graphviz_with_same_nodes_and_edges():
    pygraphviz = pytest.importorskip("pygraphviz", reason="pygraphviz is not installed")
    doc = sample_debate()
    graph = pygraphviz.AGraph(string=dot.dump(doc, party="council"))
    assert len(graph.nodes()) == len(doc.nodes) + 2  # two undercut edges get a junction
    ids = {edge.attr["id"] for edge in graph.edges()}
    assert ids == {"s-unsafe", "s-survey/from", "s-survey/to", "r-cost", "u-method/from",
                   "u-method/to", "u-fine", "r-grant"}
    assert graph.get_node("rebuild").attr["argmap_label"] == "IN"
    assert graph.get_node("grant").attr["text"] == "A state grant covers *half* the cost."


def test_dot_export_escapes_quotes_and_renders():
    pygraphviz = pytest.importorskip("pygraphviz", reason="pygraphviz is not installed")
    from dataclasses import replace

    doc = sample_debate()
    odd = replace(doc.nodes[0], text='He said "no" \\ twice')
    doc = replace(doc, title='The "bridge"', nodes=(odd, *doc.nodes[1:]))
    graph = pygraphviz.AGraph(string=dot.dump(doc))
    assert graph.get_node("rebuild").attr["text"] == 'He said "no" \\ twice'
    if shutil.which("dot"):
        svg = subprocess.run(["dot", "-Tsvg"], input=dot.dump(doc), capture_output=True,
                             text=True, check=True).stdout
        assert "<svg" in svg


def test_dot_and_graphml_exports_are_deterministic():
    assert dot.dump(sample_debate(), party="council") == dot.dump(sample_debate(),
                                                                  party="council")
    assert graphml.dump(sample_debate()) == graphml.dump(sample_debate())
