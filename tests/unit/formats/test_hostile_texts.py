"""Hand-outs are safe to render: every export escapes user text for its own syntax.

One debate whose every text is hostile (HTML, Markdown links, DOT and Argdown syntax
breakers) goes through each writer; each output is read back by a real reader of that
format (CommonMark, an HTML parser, Graphviz, an XML parser, the Argdown CLI) and must hold
exactly the debate's nodes, with no live markup.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pygraphviz
import pytest
from markdown_it import MarkdownIt

from kb.doc import Citation, DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation, SourceDoc
from kb.formats import argdown, brief, brief_html, dot, graphml, html, markdown
from tests.unit.formats.format_samples import ARGDOWN
from tests.unit.formats.test_argdown import graph_from_argdown_json

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1)) and <script>alert(2)</script>",
    '"]; evil [label="owned" shape=box]; x -> y [',
    "<https://evil.example/> ![i](x) a trailing backslash \\",
    "[key]: <arg> +> -> #tag *b* @[title] {q: 1} `code`\n# heading",
    "&lt;img src=x onerror=alert(3)&gt; & </data><node id='evil'/>",
]


def hostile_debate() -> DebateDoc:
    nodes = [NodeDoc(f"n{i}", NodeKind.EVIDENCE if i % 2 else NodeKind.CLAIM, text,
                     citations=(Citation("src", "¶1"),), tags=("central",) if i == 0 else ())
             for i, text in enumerate(HOSTILE)]
    edges = [EdgeDoc(f"e{i}", f"n{i}", Relation.SUPPORTS if i % 2 else Relation.REBUTS,
                     target="n0", text=HOSTILE[i]) for i in range(1, len(HOSTILE))]
    edges.append(EdgeDoc("u", "n3", Relation.REBUTS, target_edge="e1"))
    return DebateDoc(
        slug="hostile", title="<b>Bold</b> [t](javascript:x)", summary=HOSTILE[0],
        parties=(PartyDoc("a", "<i>Ann</i>"), PartyDoc("b", "[Bo](javascript:y)")),
        sources=(SourceDoc("src", HOSTILE[1], (HOSTILE[0],), url="javascript:alert(9)"),),
        nodes=tuple(nodes), edges=tuple(edges),
        acceptance={"a": {"n1": "accepted", "n3": "accepted", "n5": "accepted"},
                    "b": {"n1": "accepted", "n5": "accepted"}},
    )


class Tags(HTMLParser):
    """Every start tag and every attribute of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


def live_markup(page: str) -> list[str]:
    found = Tags()
    found.feed(page)
    bad = [tag for tag in found.tags if tag in ("img", "script", "iframe", "object")]
    bad += [f"{name}={value}" for name, value in found.attributes
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")]
    return bad


@pytest.fixture(scope="module")
def doc() -> DebateDoc:
    return hostile_debate()


@pytest.mark.parametrize("module", [markdown, brief], ids=["summary", "brief"])
def test_hostile_markdown_renders_no_live_html_or_links(doc: DebateDoc, module: object) -> None:
    text = module.dump(doc)  # type: ignore[attr-defined]
    renderer = MarkdownIt("commonmark")
    renderer.validateLink = lambda url: True  # as permissive as the worst renderer
    rendered = renderer.render(text)
    assert live_markup(rendered) == []
    assert "onerror=alert(1)" in rendered  # the text is still there, as text


@pytest.mark.parametrize("module", [html, brief_html], ids=["summary", "brief"])
def test_hostile_html_exports_escape_every_text(doc: DebateDoc, module: object) -> None:
    page = module.dump(doc)  # type: ignore[attr-defined]
    assert live_markup(page) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_hostile_dot_reads_back_with_the_same_nodes_and_labels(doc: DebateDoc) -> None:
    graph = pygraphviz.AGraph(string=dot.dump(doc, party="a"))
    keys = {node.key for node in doc.nodes}
    assert {str(n) for n in graph.nodes()} - keys <= {n for n in map(str, graph.nodes())
                                                       if n.startswith("edge")}
    assert keys <= {str(n) for n in graph.nodes()}
    assert "evil" not in {str(n) for n in graph.nodes()}
    labels = " ".join(str(graph.get_node(key).attr["label"]) for key in keys)
    assert "onerror=alert(1)" in labels and 'label="owned"' in labels


def test_hostile_graphml_is_well_formed_with_texts_intact(doc: DebateDoc) -> None:
    root = ET.fromstring(graphml.dump(doc))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = {node.get("id") for node in root.iterfind(".//g:node", ns)}
    assert "evil" not in ids and {n.key for n in doc.nodes} <= ids
    texts = {data.text for data in root.iterfind(".//g:data", ns)}
    assert HOSTILE[5] in texts and HOSTILE[0] in texts


def test_hostile_argdown_reads_back_with_the_same_statements(doc: DebateDoc, tmp_path) -> None:
    text = argdown.dump(doc)
    statement_lines = [line for line in text.splitlines() if line.startswith("[n")]
    assert len(statement_lines) == len(doc.nodes)  # no text broke onto a line of its own
    if not ARGDOWN.exists():
        pytest.skip("the Argdown CLI is not installed: run `bash tests/tools/argdown.sh`")
    (tmp_path / "hostile.argdown").write_text(text)
    result = subprocess.run([str(ARGDOWN), "json", str(tmp_path / "hostile.argdown"),
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    nodes, edges = graph_from_argdown_json(json.loads((tmp_path / "hostile.json").read_text()))
    assert nodes == {n.key: " ".join(n.text.split()) for n in doc.nodes}
    assert sum(edges.values()) == len(doc.edges)
