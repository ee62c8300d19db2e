"""AIF export and import: structure, commitments, real nodesets, errors, arguebuf agreement."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kb.doc import NodeKind, Relation, Stance
from kb.errors import InvalidInputError
from kb.formats import aif
from kb.formats.json import from_dict
from tests.unit.formats.format_samples import FIXTURES, sample_debate


def _edge_shape(doc):  # relation, source, target / target edge of every edge
    return Counter((e.relation, e.source, e.target, e.target_edge) for e in doc.edges)


def test_aif_export_has_i_ra_ca_nodes_and_undercutters_on_s_nodes():
    graph = aif.to_dict(sample_debate())
    types = Counter(n["type"] for n in graph["nodes"])
    assert types["I"] == 7 and types["RA"] == 2 and types["CA"] == 4
    into = {e["toID"]: e["fromID"] for e in graph["edges"] if e["edgeID"].endswith("/conclusion")}
    assert {"edge:u-method": "edge:s-survey", "edge:u-fine": "edge:u-method"}.items() <= {
        e["fromID"]: e["toID"] for e in graph["edges"] if e["edgeID"].endswith("/conclusion")
    }.items()
    assert into["rebuild"] in {"edge:s-unsafe", "edge:r-cost"}


def test_aif_export_ids_are_stable_and_output_deterministic():
    assert aif.dump(sample_debate()) == aif.dump(sample_debate())
    ids = {n["nodeID"] for n in aif.to_dict(sample_debate())["nodes"]}
    assert {"rebuild", "edge:s-unsafe", "l:residents:grant", "ya:residents:grant"} <= ids


def test_aif_export_commitments_are_locutions_of_participants():
    graph = aif.to_dict(sample_debate())
    people = {p["participantID"]: p["firstname"] for p in graph["participants"]}
    assert people == {"council": "Town council", "residents": "Residents' association"}
    spoken = {loc["nodeID"]: loc["personID"] for loc in graph["locutions"]}
    assert spoken["l:residents:grant"] == "residents"
    verbs = {n["nodeID"]: n["text"] for n in graph["nodes"] if n["type"] == "YA"}
    assert verbs["ya:residents:grant"] == "Disagreeing"
    assert verbs["ya:council:grant"] == "Asserting"


def test_aif_export_for_one_party_keeps_only_its_commitments():
    graph = aif.to_dict(sample_debate(), party="council")
    assert {loc["personID"] for loc in graph["locutions"]} == {"council"}


def test_aif_roundtrip_with_extension_is_identity():
    doc = sample_debate()
    back, warnings = aif.load_report(aif.dump(doc))
    assert back == doc
    assert all("L node" in w for w in warnings)


def test_aif_roundtrip_without_extension_keeps_graph_and_acceptance():
    doc = sample_debate()
    graph = aif.to_dict(doc)
    del graph[aif.EXTENSION_KEY]
    back = aif.load(json.dumps(graph))
    assert [(n.key, n.text) for n in back.nodes] == [(n.key, n.text) for n in doc.nodes]
    assert [e.key for e in back.edges] == [e.key for e in doc.edges]
    assert _edge_shape(back) == _edge_shape(doc)
    assert {p: dict(a) for p, a in back.acceptance.items()} == {
        p: dict(a) for p, a in doc.acceptance.items()
    }
    assert back.node("survey").kind is NodeKind.EVIDENCE
    assert back.node("rebuild").kind is NodeKind.CLAIM


def test_aif_import_aifdb_nodeset_maps_multi_premise_ra_to_one_edge_per_premise():
    doc, warnings = aif.load_report((FIXTURES / "aifdb-bike-lane.json").read_text())
    assert len(doc.nodes) == 8
    assert Counter(e.relation for e in doc.edges) == {Relation.SUPPORTS: 3, Relation.REBUTS: 3}
    assert {(e.key, e.source) for e in doc.edges if e.target == "101"} >= {
        ("202-102", "102"), ("202-109", "109"), ("301", "104")}
    (undercutter,) = [e for e in doc.edges if e.is_undercutter]
    assert (undercutter.source, undercutter.target_edge) == ("106", "201")
    assert sorted(n.key for n in doc.nodes if n.kind is NodeKind.EVIDENCE) == [
        "103", "105", "106", "109"]
    assert doc.parties == () and not doc.acceptance
    assert warnings == ["dropped 1 PA node(s): preferences"]
    _, _, links = aif.load_full((FIXTURES / "aifdb-bike-lane.json").read_text())
    assert [(x["source"]["node"], x["target"]["node"], x["relation"]) for x in links] == [
        ("107", "102", "same-as")]  # the MA rephrase becomes a same-as link


def test_aif_import_ova_xaif_keeps_speakers_commitments_and_undercutter():
    doc, warnings = aif.load_report((FIXTURES / "ova-xaif-school-uniforms.json").read_text())
    assert (len(doc.nodes), len(doc.edges)) == (5, 4)
    assert [p.name for p in doc.parties] == ["Alice Moreno", "Ben Okafor"]
    assert doc.acceptance_of("alice-moreno") == {
        "1": Stance.ACCEPTED, "3": Stance.ACCEPTED, "4": Stance.ACCEPTED}
    assert doc.acceptance_of("ben-okafor") == {
        "2": Stance.ACCEPTED, "5": Stance.ACCEPTED, "4": Stance.REJECTED}
    assert doc.node("5").asserted_by == ("ben-okafor",)
    (undercutter,) = [e for e in doc.edges if e.is_undercutter]
    assert (undercutter.source, undercutter.target_edge) == ("5", "51")
    assert any("5 TA node(s)" in w for w in warnings)
    assert any("5 YA node(s)" in w for w in warnings)


def test_aif_import_corpus_dialogue_names_speakers_from_locution_text():
    doc, warnings = aif.load_report(
        (FIXTURES / "corpus-dialogue-four-day-week.json").read_text())
    assert (len(doc.nodes), len(doc.edges)) == (6, 4)
    assert [(p.key, p.name) for p in doc.parties] == [
        ("fiona", "Fiona"), ("raj", "Raj"), ("tom", "Tom")]
    assert sorted(doc.acceptance_of("raj")) == ["2002", "2003", "2005"]
    assert "2006" not in doc.acceptance_of("tom")  # an assertive question commits to nothing
    assert not any("MA node" in w for w in warnings)  # its rephrase is kept as a link


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("{", "line 1, column 2"),
        ('{"nodes": [{"nodeID": "1", "text": "x"}], "edges": []}', "nodes[0]"),
        ('{"AIF": {"nodes": [{"text": "x", "type": "I"}]}}', "AIF.nodes[0]"),
        ('{"nodes": [], "edges": [{"fromID": "1"}]}', "edges[0]"),
        ('{"nodes": {}}', "nodes"),
        ("[1, 2]", "not an AIF graph"),
    ],
)
def test_aif_import_rejects_bad_files_with_location(text, where):
    with pytest.raises(InvalidInputError, match=where.replace("[", r"\[").replace(".", r"\.")):
        aif.load(text)


def test_aif_import_reports_dangling_edges_and_conclusionless_schemes():
    graph = {"nodes": [{"nodeID": "a", "text": "A", "type": "I"},
                       {"nodeID": "r", "text": "Default Inference", "type": "RA"}],
             "edges": [{"edgeID": "1", "fromID": "a", "toID": "r"},
                       {"edgeID": "2", "fromID": "r", "toID": "ghost"}]}
    doc, warnings = aif.load_report(json.dumps(graph))
    assert doc.edges == ()
    assert any("edges[1]" in w and "ghost" in w for w in warnings)
    assert any("RA node 'r' has no conclusion" in w for w in warnings)


def test_aif_import_slugifies_foreign_ids_into_unique_keys():
    graph = {"nodes": [{"nodeID": "Node A", "text": "A", "type": "I"},
                       {"nodeID": "node-a", "text": "B", "type": "I"},
                       {"nodeID": "c", "text": "", "type": "I"}], "edges": []}
    doc, warnings = aif.load_report(json.dumps(graph))
    assert [n.key for n in doc.nodes] == ["node-a", "node-a-2", "c"]
    assert doc.node("c").text == "(no text)" and any("no text" in w for w in warnings)


def test_aif_export_loads_in_arguebuf_with_same_atoms_and_relations():
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is not installed")
    doc = sample_debate()
    graph = arguebuf.load.dict(aif.to_dict(doc))
    assert len(graph.atom_nodes) == len(doc.nodes)
    assert len(graph.scheme_nodes) == len(doc.edges)
    supports = [n for n in graph.scheme_nodes.values()
                if type(n.scheme).__name__ == "Support"]
    assert len(supports) == sum(e.relation is Relation.SUPPORTS for e in doc.edges)
    # premise and conclusion edges of every relation survive: 2 per edge
    assert len(graph.edges) == 2 * len(doc.edges)


def test_aif_fixtures_load_in_arguebuf_with_the_counts_we_import():
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is not installed")
    for name in ("aifdb-bike-lane.json", "ova-xaif-school-uniforms.json",
                 "corpus-dialogue-four-day-week.json"):
        data = json.loads((FIXTURES / name).read_text())
        graph = (arguebuf.load.xaif(data) if "AIF" in data else arguebuf.load.aif(data))
        doc = aif.load(json.dumps(data))
        assert len(graph.atom_nodes) == len(doc.nodes), name


def test_aif_export_of_the_asan_seed_loads_in_arguebuf_and_back():
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is not installed")
    seed = Path(__file__).resolve().parents[3] / "seeds" / "asan-2024.yaml"
    if not seed.exists():
        pytest.skip(f"{seed} is missing")
    doc = from_dict(yaml.safe_load(seed.read_text(encoding="utf-8")))
    graph = arguebuf.load.dict(aif.to_dict(doc))
    assert (len(graph.atom_nodes), len(graph.scheme_nodes)) == (len(doc.nodes), len(doc.edges))
    assert aif.load(aif.dump(doc)) == doc


def test_aif_import_rejects_a_bad_extension_with_its_location():
    graph = aif.to_dict(sample_debate())
    graph[aif.EXTENSION_KEY]["nodes"]["survey"]["kind"] = "rumour"
    with pytest.raises(InvalidInputError, match=r"nodes\.2\.kind"):
        aif.load(json.dumps(graph))


def test_aif_import_commitment_to_a_multi_premise_ra_accepts_each_of_its_edges():
    graph = {"nodes": [{"nodeID": "a", "text": "A", "type": "I"},
                       {"nodeID": "b", "text": "B", "type": "I"},
                       {"nodeID": "c", "text": "C", "type": "I"},
                       {"nodeID": "r", "text": "Default Inference", "type": "RA"},
                       {"nodeID": "l", "text": "Kim : A and B, so C", "type": "L"},
                       {"nodeID": "y", "text": "Asserting", "type": "YA"}],
             "edges": [{"edgeID": "1", "fromID": "a", "toID": "r"},
                       {"edgeID": "2", "fromID": "b", "toID": "r"},
                       {"edgeID": "3", "fromID": "r", "toID": "c"},
                       {"edgeID": "4", "fromID": "l", "toID": "y"},
                       {"edgeID": "5", "fromID": "y", "toID": "r"}]}
    doc = aif.load(json.dumps(graph))
    assert [e.key for e in doc.edges] == ["r-a", "r-b"]
    assert doc.acceptance_of("kim") == {"edge:r-a": Stance.ACCEPTED, "edge:r-b": Stance.ACCEPTED}


@pytest.mark.parametrize("name", ["aifdb-bike-lane.json", "ova-xaif-school-uniforms.json",
                                  "corpus-dialogue-four-day-week.json"])
def test_aif_fixture_imports_pass_validation(name):
    from kb.validation import validate_doc

    validate_doc(aif.load((FIXTURES / name).read_text()))
