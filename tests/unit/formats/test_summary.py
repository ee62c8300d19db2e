"""Debate summaries (Markdown and HTML): content, order, escaping, accessibility basics."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from kb.doc import Citation, NodeDoc, NodeKind, SourceDoc
from kb.engine.structure import sub_debate
from kb.errors import NotFoundError
from kb.formats import html, markdown, summary
from tests.unit.formats.format_samples import sample_debate


def test_summary_leads_with_the_central_claim_and_its_status_per_party():
    built = summary.build(sample_debate())
    (question,) = built.question
    assert question.key == "rebuild"
    assert {(s.party, s.label) for s in question.statuses} == {
        ("council", "IN"), ("residents", "OUT")}
    assert all(0.0 <= s.strength <= 1.0 for s in question.statuses)


def test_summary_divergence_and_cruxes_name_the_evidence():
    built = summary.build(sample_debate())
    assert [e.key for e in built.divergent] == ["rebuild", "unsafe"]
    crux = next(c for c in built.cruxes if c.claim.key == "rebuild")
    items = {item.key for way in crux.ways for item in way.items}
    assert {"grant", "method-fine"} <= items
    grant = next(i for way in crux.ways for i in way.items if i.key == "grant")
    assert grant.stances == (("Town council", "accepted"),
                             ("Residents' association", "rejected"))


def test_summary_sections_follow_the_paragraphs_of_the_text():
    doc = sample_debate()
    text = SourceDoc("debate-text", "The debate itself", kind="text")
    late = replace(doc.node("rebuild"), citations=(Citation("debate-text", "¶40"),))
    # a node stands at its first citation of the text; a later one (¶40) is a cross-reference
    early = replace(doc.node("cost"), kind=NodeKind.CLAIM, tags=("q2-money",),
                    citations=(Citation("debate-text", "¶3"), Citation("debate-text", "¶40")))
    next_to = replace(doc.node("grant"), tags=("q2-money",),
                      citations=(Citation("debate-text", "¶9"), Citation("debate-text", "¶41")))
    changed = {"rebuild": late, "cost": early, "grant": next_to}
    nodes = tuple(changed.get(n.key, n) for n in doc.nodes)
    built = summary.build(replace(doc, sources=(*doc.sources, text), nodes=nodes))
    assert [s.title for s in built.sections] == ["Q2 Money", "Q1"]
    assert built.sections[0].span == "debate-text ¶3–¶9"
    assert built.sections[1].span == "debate-text ¶40"


def test_markdown_summary_reads_as_a_handout():
    text = markdown.dump(sample_debate())
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:6] == [
        "# Should the town rebuild the old bridge?", "## The question", "## The parties",
        "## Where they agree", "## Where they diverge, and on what evidence", "### Cruxes"]
    assert "## The claims, section by section" in headings
    assert "## Bibliography" in headings
    assert "Why: For Town council it stands: the rebuttal «Rebuilding costs twice the yearly " \
        "budget.» fails, as it is itself defeated for Town council." in text
    assert "- Supported by: «The 2023 survey rated the deck 'poor'.» (survey-2023 p. 4)" in text
    assert "R. Engineer (2023). Bridge condition survey. Council. " in text
    assert "A state grant covers \\*half\\* the cost." in text


def test_markdown_summary_is_deterministic_and_party_first():
    assert markdown.dump(sample_debate()) == markdown.dump(sample_debate())
    residents_first = markdown.dump(sample_debate(), party="residents")
    status = next(line for line in residents_first.splitlines() if line.startswith("- Status"))
    assert status.index("Residents") < status.index("Town council")
    with pytest.raises(NotFoundError):
        markdown.dump(sample_debate(), party="nobody")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "br", "img", "link", "input", "hr"}:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    return parser


def test_html_summary_is_standalone_well_formed_and_accessible():
    page = html.dump(sample_debate())
    parsed = _parse(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("h1") == 1 and "main" in tags
    assert dict(parsed.tags)["html"]["lang"] == "en"
    assert not [a for t, a in parsed.tags if t in {"script", "link", "img", "iframe"}]
    assert tags.count("caption") == tags.count("table") > 0
    assert all(a.get("scope") in {"col", "row"} for t, a in parsed.tags if t == "th")
    assert "does not stand" in page and "stands" in page  # labels in words, not colour only
    ids = {a["id"] for _, a in parsed.tags if a.get("id")}
    links = [a["href"] for t, a in parsed.tags if t == "a" and a["href"].startswith("#")]
    assert links and all(link[1:] in ids for link in links)  # the contents lead somewhere


def test_html_summary_escapes_every_text():
    doc = sample_debate()
    evil = NodeDoc("rebuild", NodeKind.CLAIM, '<script>alert("x")</script> & more',
                   tags=("Q1",))
    bad_url = replace(doc.sources[0], url="javascript:alert(1)")
    doc = replace(doc, title="<img src=x onerror=alert(1)>", sources=(bad_url, doc.sources[1]),
                  nodes=(evil, *doc.nodes[1:]))
    page = html.dump(doc)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in page
    assert 'href="javascript:' not in page
    _parse(page)


def test_summary_of_a_debate_without_parties_or_claims():
    doc = replace(sample_debate(), parties=(), acceptance={},
                  nodes=tuple(replace(n, kind=NodeKind.EVIDENCE) for n in sample_debate().nodes))
    assert "No parties are recorded" in markdown.dump(doc)
    _parse(html.dump(doc))


def test_summary_ancestry_keeps_the_cruxes_of_the_claims_it_reaches():
    from kb import engine

    doc = sample_debate()
    full = engine.cruxes(doc, "council", "residents", max_size=2)
    for claim in {c.claim for c in full}:
        part = sub_debate(doc, [claim])
        assert "grant" in {n.key for n in part.nodes} or claim != "rebuild"
        assert [c for c in engine.cruxes(part, "council", "residents", max_size=2)
                if c.claim == claim] == [c for c in full if c.claim == claim]
    assert [n.key for n in sub_debate(doc, ["unsafe"]).nodes] == [
        "unsafe", "survey", "old-method", "method-fine"]


def test_summary_with_three_parties_compares_every_pair():
    from kb.doc import PartyDoc, Stance

    doc = sample_debate()
    doc = replace(doc, parties=(*doc.parties, PartyDoc("mayor", "The mayor")),
                  acceptance={**doc.acceptance, "mayor": {"cost": Stance.ACCEPTED}})
    built = summary.build(doc)
    assert {c.parties for c in built.cruxes} >= {("Town council", "Residents' association"),
                                                 ("Town council", "The mayor")}
    assert all(len(e.statuses) == 3 for e in built.divergent)
    assert "The mayor: **OUT**" in markdown.dump(doc)
