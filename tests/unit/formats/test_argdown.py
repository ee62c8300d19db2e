"""Argdown export, checked by the Argdown CLI itself (its JSON export of our text)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from kb.doc import DebateDoc, NodeDoc, NodeKind, Relation
from kb.formats import argdown, kialo
from kb.formats.json import from_dict
from tests.unit.formats.format_samples import ARGDOWN, FIXTURES, sample_debate

SEED = Path(__file__).resolve().parents[3] / "seeds" / "asan-2024.yaml"
TAGS = re.compile(r"(\s+#(\w+|\([^)]*\)))+\s*$")


def odd_text_debate() -> DebateDoc:
    doc = sample_debate()
    odd = NodeDoc("odd_1.x", NodeKind.CLAIM,
                  "Markup *bold* _it_ [t] <a> #h @m {d} `c` ~s = | $ \\ (1) +> -> _> end.")
    return replace(doc, nodes=(*doc.nodes, odd))


def graph_from_argdown_json(data: dict) -> tuple[dict[str, str], Counter]:
    """Read the Argdown CLI's JSON back into (node key -> text, edge shapes).

    The reading of docs/formats.md: statements are nodes (auxiliary ``edge KEY`` statements
    are the rebuttals of edges written as arguments); relations and arguments are edges.
    """
    premises = {title: [m["title"] for m in arg["pcs"] if m["role"] == "premise"]
                for title, arg in data["arguments"].items()}
    conclusions = {title: [m["title"] for m in arg["pcs"] if m["role"] == "main-conclusion"]
                   for title, arg in data["arguments"].items()}
    nodes = {}
    for title, statement in data["statements"].items():
        if not title.startswith("edge "):
            text = next(m["text"] for m in statement["members"] if m.get("text"))
            nodes[title] = TAGS.sub("", text)
    edges: Counter = Counter()
    for title in data["arguments"]:
        (conclusion,) = conclusions[title]
        if not conclusion.startswith("edge "):
            (premise,) = premises[title]
            edges[(Relation.SUPPORTS, premise, conclusion, None)] += 1
    for rel in data["relations"]:
        source = rel["from"]
        if source.startswith("edge "):  # the rebuttal of an edge written as an argument
            (source,) = premises[source.removeprefix("edge ")]
        if rel["relationType"] == "undercut":
            edges[(Relation.REBUTS, source, None, rel["to"])] += 1
        else:
            relation = {"support": Relation.SUPPORTS, "attack": Relation.REBUTS}[
                rel["relationType"]]
            edges[(relation, source, rel["to"], None)] += 1
    return nodes, edges


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    if not ARGDOWN.exists():
        pytest.skip("the Argdown CLI is not installed: run `bash tests/tools/argdown.sh`")
    folder = tmp_path_factory.mktemp("argdown")
    kialo_text = (FIXTURES / "kialo-car-free-centres.txt").read_text(encoding="utf-8")
    docs = {"sample": sample_debate(), "odd": odd_text_debate(), "kialo": kialo.load(kialo_text)}
    if SEED.exists():  # the real map: 200+ statements, undercutters
        docs["asan"] = from_dict(yaml.safe_load(SEED.read_text(encoding="utf-8")))
    for name, doc in docs.items():
        (folder / f"{name}.argdown").write_text(argdown.dump(doc))
    result = subprocess.run([str(ARGDOWN), "json", str(folder / "*.argdown"), str(folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "syntax error" not in (result.stdout + result.stderr).lower()
    return {name: (doc, json.loads((folder / f"{name}.json").read_text()))
            for name, doc in docs.items()}


@pytest.mark.parametrize("name", ["sample", "odd", "kialo", "asan"])
def test_argdown_cli_parses_export_into_same_statements_and_relations(parsed, name):
    if name not in parsed:
        pytest.skip(f"{SEED} is missing")
    doc, data = parsed[name]
    nodes, edges = graph_from_argdown_json(data)
    assert nodes == {n.key: " ".join(n.text.split()) for n in doc.nodes}
    assert edges == Counter((e.relation, e.source, e.target, e.target_edge) for e in doc.edges)


def test_argdown_cli_sees_kinds_and_tags(parsed):
    _, data = parsed["sample"]
    assert "evidence" in data["statements"]["survey"]["tags"]
    assert "Q2" in data["statements"]["cost"]["tags"]
    assert set(data["arguments"]) == {"s-survey", "u-method"}
    assert [section["title"] for section in data["sections"]] == ["Q1", "Q2"]
    assert data["statements"]["cost"]["section"] == data["statements"]["grant"]["section"]


def test_argdown_export_writes_undercut_edges_as_arguments():
    text = argdown.dump(sample_debate())
    assert "<s-survey>: s-survey\n" not in text
    assert "(1) [survey]\n----\n(2) [unsafe]" in text
    assert "[old-method]" in text and "(2) [edge u-method]" in text
    assert "  _> <u-method>" in text and "  _> <s-survey>" in text


def test_argdown_export_with_party_tags_labels():
    text = argdown.dump(sample_debate(), party="council")
    assert "[rebuild]: The town should rebuild the old bridge. #claim #(Q1) #(council IN)" in text


def test_argdown_example_of_the_docs_is_what_the_export_writes():
    docs = Path(__file__).resolve().parents[3] / "docs" / "formats.md"
    example = docs.read_text(encoding="utf-8").split("```argdown\n")[1].split("```")[0]
    text = argdown.dump(sample_debate())
    for block in example.strip().split("\n\n")[1:]:  # all but the front matter
        assert f"\n{block}\n" in text, block
