"""Argdown import: our reading of Argdown files checked against the Argdown CLI's own JSON,
then the mapping onto a debate and the report of what it leaves out."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from kb.errors import InvalidInputError
from kb.formats import argdown, argdown_import
from kb.formats.argdown_syntax import ArgdownModel, parse
from kb.validation import validate_doc
from tests.unit.formats.format_samples import ARGDOWN, FIXTURES, sample_debate

FILES = sorted((FIXTURES / "argdown").glob("*.argdown"))
TAGS = re.compile(r"(\s+#(\w[\w-]*|\([^)]*\)))+\s*$")


def _cli_view(data: dict) -> dict[str, object]:
    """The Argdown CLI's JSON as titles, texts, tags, sections, structures (with the
    arguments' tags) and relations."""
    sections: dict[str, str] = {}
    todo = list(data.get("sections") or [])
    while todo:
        section = todo.pop()
        sections[section["id"]] = section["title"]
        todo += section.get("children") or []
    statements = {}
    for title, st in data["statements"].items():
        texts = [m["text"] for m in st["members"] if (m.get("text") or "").strip()]
        statements[title] = (" ".join(TAGS.sub("", texts[0]).split()) if texts else "",
                             sorted(st.get("tags") or []), sections.get(st.get("section")))
    arguments = {title: ([(m["title"], m["role"]) for m in arg["pcs"]],
                         sorted(arg.get("tags") or []))
                 for title, arg in data["arguments"].items()}
    relations = Counter((r["from"], r["relationType"], r["to"]) for r in data["relations"])
    return {"statements": statements, "arguments": arguments, "relations": relations}


def _our_view(model: ArgdownModel) -> dict[str, object]:
    """Our model the same way. The CLI writes a relation from a reconstructed argument as
    one from its main conclusion, and so does our import."""
    statements = {title: (st.texts[0] if st.texts else "", sorted(st.tags), st.section)
                  for title, st in model.statements.items()}
    arguments = {title: ([(m.title, m.role) for m in arg.pcs], sorted(arg.tags))
                 for title, arg in model.arguments.items()}
    conclusion = {title: arg.pcs[-1].title for title, arg in model.arguments.items() if arg.pcs}
    relations: Counter = Counter()
    for rel in model.relations:
        source = rel.source.title
        if rel.source.kind == "argument" and source in conclusion:
            source = conclusion[source]
        relations[(source, rel.kind, rel.target.title)] += 1
    return {"statements": statements, "arguments": arguments, "relations": relations}


@pytest.fixture(scope="module")
def cli_json(tmp_path_factory):
    if not ARGDOWN.exists():
        pytest.skip("the Argdown CLI is not installed: run `bash tests/tools/argdown.sh`")
    folder = tmp_path_factory.mktemp("argdown-import")
    for path in FILES:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run([str(ARGDOWN), "json", str(folder / "*.argdown"), str(folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "syntax error" not in (result.stdout + result.stderr).lower()
    return {path.name: json.loads((folder / path.with_suffix(".json").name).read_text())
            for path in FILES}


def test_argdown_fixtures_exist():
    assert {p.name for p in FILES} >= {"relations.argdown", "reconstruction.argdown",
                                       "markup.argdown"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_argdown_parse_matches_argdown_cli(cli_json, path):
    ours = _our_view(parse(path.read_text(encoding="utf-8")))
    theirs = _cli_view(cli_json[path.name])
    assert ours["statements"] == theirs["statements"]
    assert ours["arguments"] == theirs["arguments"]
    assert ours["relations"] == theirs["relations"]


def _load(name: str):
    return argdown_import.load_report((FIXTURES / "argdown" / name).read_text(encoding="utf-8"))


def test_argdown_import_relations_become_supports_and_rebuttals():
    doc, report = _load("relations.argdown")
    validate_doc(doc)
    assert doc.slug == "should-the-city-build-trams"
    assert doc.summary == "A small map written for the import tests."
    edges = Counter((e.source, e.relation.value, e.target, e.target_edge) for e in doc.edges)
    assert edges == Counter({
        ("quiet", "supports", "trams", None): 1, ("night", "rebuts", "quiet", None): 1,
        ("dear", "rebuts", "trams", None): 1, ("tender", "supports", "dear", None): 1,
        ("grant", "rebuts", "dear", None): 1, ("trams", "rebuts", "buses", None): 1,
        ("trams", "rebuts", "no-trams", None): 1, ("no-trams", "rebuts", "trams", None): 1,
        ("disruption", "rebuts", "trams", None): 1, ("riders", "supports", "trams", None): 1,
        ("disruption", "supports", "buses", None): 1,
    } | {("riders", "rebuts", None, e.key): 1 for e in doc.edges
         if e.source == "disruption" and e.target_edge is None})
    assert sum(1 for e in doc.edges if e.target_edge) == 2
    assert doc.node("quiet").kind.value == "evidence"
    assert doc.node("trams").kind.value == "claim" and doc.node("trams").tags == ("Costs",)
    assert doc.node("riders").tags == ("ridership data", "Benefits", "long term")
    assert doc.node("disruption").text == "Building tracks closes streets for years."
    assert report == []


def test_argdown_import_reconstruction_supports_premises_to_conclusion():
    doc, report = _load("reconstruction.argdown")
    validate_doc(doc)
    by_key = {e.key: (e.source, e.relation.value, e.target, e.target_edge) for e in doc.edges}
    assert by_key["fare-argument-1"] == ("fares", "supports", "more", None)
    assert by_key["fare-argument-2"] == ("revenue", "supports", "more", None)
    assert by_key["fare-argument-3"] == ("more", "supports", "service", None)
    assert by_key["fare-argument-4"] == ("spend", "supports", "service", None)
    assert by_key["counter"] == ("leave", "supports", "loss", None)
    rest = Counter(v for k, v in by_key.items() if not k.startswith(("fare-", "counter")))
    assert rest == Counter({
        ("service", "rebuts", "cuts", None): 1, ("loss", "rebuts", "more", None): 1,
        ("audit", "rebuts", None, "fare-argument-3"): 1,
        ("audit", "rebuts", None, "fare-argument-4"): 1,
        ("union", "rebuts", "cuts", None): 1, ("loss", "supports", "cuts", None): 1,
    })
    assert all(e.text == "Higher fares pay for better service." for e in doc.edges
               if e.key.startswith("fare-"))
    assert any("modus ponens" in line for line in report)


def test_argdown_import_report_lists_what_it_leaves_out():
    doc, report = _load("markup.argdown")
    validate_doc(doc)
    assert doc.node("plain").text == ("A statement with italic, bold and underscore words, an "
                                      "escaped #hash, a link and a comment")
    assert doc.node("spaced-title").tags == ("mid", "two words", "last", "A heading with tags",
                                            "first")
    assert doc.node("untitled-2").text == "A second untitled statement, on two lines."
    assert any("link target https://example.org/page" in line for line in report)
    assert any("data {weight: 3}" in line for line in report)
    assert any("front matter: author" in line for line in report)


def test_argdown_import_drops_undercut_of_statement_and_self_support_with_report():
    doc, report = argdown_import.load_report(
        "[a]: A.\n  _ [b]: B.\n  + [a]\n\n[c]: C.\n  -> [a]\n")
    assert [(e.source, e.target) for e in doc.edges] == [("c", "a")]
    assert report == ["line 3: support of [a] to itself; dropped",
                      "line 2: undercut of [a], which has no inference to undercut; dropped"]


def test_argdown_import_refuses_a_file_without_statements():
    with pytest.raises(InvalidInputError, match="no Argdown statement"):
        argdown_import.load_report("===\ntitle: Empty\n===\n\n# Only a heading\n")


def test_argdown_export_then_import_gives_the_same_graph():
    doc = sample_debate()
    back, report = argdown_import.load_report(argdown.dump(doc))
    validate_doc(back)
    assert [(n.key, n.kind, n.text) for n in back.nodes] == \
        [(n.key, n.kind, n.text) for n in _by_section(doc)]
    assert _edges(back) == _edges(doc)
    assert report == []


def _by_section(doc):
    """Nodes in the order the export writes them (by first tag, claims first)."""
    order: dict[str, list] = {}
    for node in doc.nodes:
        order.setdefault(node.tags[0] if node.tags else "", []).append(node)
    return [n for nodes in order.values()
            for n in sorted(nodes, key=lambda n: n.kind.value != "claim")]


def _edges(doc) -> Counter:
    """Edges as shapes; an undercutter names the shape of the edge it aims at."""
    by_key = {e.key: e for e in doc.edges}

    def shape(edge):
        aimed = shape(by_key[edge.target_edge]) if edge.target_edge else None
        return (edge.source, edge.relation.value, edge.target, aimed)

    return Counter(shape(e) for e in doc.edges)


def test_argdown_fixture_paths_are_test_files():
    assert all(Path(p).read_text(encoding="utf-8").startswith("===") for p in FILES)
