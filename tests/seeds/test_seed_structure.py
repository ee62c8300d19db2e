"""Structural promises of the seed maps: citations, parties, sources, sizes, own words, coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.db import make_engine
from kb.doc import Citation, DebateDoc, NodeKind, Stance
from kb.seeds import load_seeds
from kb.store import Store
from kb.validation import validate_doc
from tests.seeds.texts import SEEDS, SourceText, normalize, shingles

LOCATOR_RE = re.compile(r"^(?:¶(\d+)|fn(\d+))$")
SECTIONS = {
    "asan-2024": {"overview": (3, 10), "q1-history": (11, 16), "q2-china-not-japan": (17, 21),
                  "q3-asymmetry": (22, 32), "rebuttal": (33, 47), "conclusion": (48, 49)},
    "rozman-2016": {"observers": (2, 2), "reply": (2, 3), "balancers": (4, 7),
                    "conclusion": (8, 8)},
}
HEADINGS = {"asan-2024": {1, 2, 11, 17, 22, 33, 48}, "rozman-2016": {1, 4}}
"""Title, byline and section headings: nothing to argue about there."""


def _citations(doc: DebateDoc) -> list[tuple[str, str, str]]:
    """(owner, source, locator) of every citation of every node and edge."""
    items = [(n.key, c.source, c.locator) for n in doc.nodes for c in n.citations]
    return items + [(f"edge:{e.key}", c.source, c.locator) for e in doc.edges for c in e.citations]


def _paragraphs(doc: DebateDoc, node_key: str) -> set[int]:
    return {int(m.group(1)) for c in doc.node(node_key).citations
            if c.source == doc.slug and (m := LOCATOR_RE.match(c.locator)) and m.group(1)}


def test_seed_docs_pass_validation(seed: DebateDoc) -> None:
    validate_doc(seed)
    assert seed.mode.value == "unsupported" and seed.public


def test_seed_sizes_follow_the_brief(asan: DebateDoc, rozman: DebateDoc) -> None:
    assert 120 <= len(asan.nodes) <= 220
    assert 25 <= len(rozman.nodes) <= 40
    assert {p.key for p in asan.parties} == {"wong", "asan-editors"}
    assert "rozman" in {p.key for p in rozman.parties}


def test_seed_every_node_and_edge_is_cited_to_its_text(seed: DebateDoc) -> None:
    uncited = [n.key for n in seed.nodes if not any(c.source == seed.slug for c in n.citations)]
    uncited += [e.key for e in seed.edges if not any(c.source == seed.slug for c in e.citations)]
    assert uncited == []


def test_seed_citations_resolve_to_paragraphs_footnotes_or_sources(
    seed: DebateDoc, texts: dict[str, SourceText]
) -> None:
    text = texts[seed.slug]
    known = {s.key for s in seed.sources}
    bad = []
    for owner, source, locator in _citations(seed):
        if source not in known:
            bad.append((owner, source, "unknown source"))
        elif source == seed.slug:
            match = LOCATOR_RE.match(locator)
            if not match:
                bad.append((owner, locator, "locator is not ¶N or fnN"))
            elif match.group(1) and not 1 <= int(match.group(1)) <= len(text.paragraphs):
                bad.append((owner, locator, f"beyond ¶{len(text.paragraphs)}"))
            elif match.group(2) and int(match.group(2)) not in text.footnotes:
                bad.append((owner, locator, "no such footnote"))
            elif match.group(1) and int(match.group(1)) in HEADINGS[seed.slug]:
                bad.append((owner, locator, "a heading, not an argument"))
    assert bad == []


def test_seed_footnoted_works_are_sources_cited_with_their_footnote(
    asan: DebateDoc, texts: dict[str, SourceText]
) -> None:
    cited = {(o, s, loc) for o, s, loc in _citations(asan)}
    footnotes_cited = {int(loc[2:]) for _, s, loc in cited if s == asan.slug and loc[:2] == "fn"}
    assert footnotes_cited == set(texts["asan-2024"].footnotes)
    works = {s.key for s in asan.sources} - {asan.slug}
    # every work is cited somewhere, and a node citing a work also cites the text itself
    assert works <= {s for _, s, _ in cited}
    for node in asan.nodes:
        if {c.source for c in node.citations} & works:
            assert any(c.source == asan.slug for c in node.citations), node.key
    for source in asan.sources:
        assert source.title and (source.authors or source.kind in {"event", "text"}), source.key


def test_seed_party_and_item_references_exist(seed: DebateDoc) -> None:
    parties = {p.key for p in seed.parties}
    nodes = {n.key for n in seed.nodes}
    edges = {f"edge:{e.key}" for e in seed.edges}
    for node in seed.nodes:
        assert set(node.asserted_by) <= parties, node.key
    for edge in seed.edges:
        assert set(edge.asserted_by) <= parties, edge.key
    assert set(seed.acceptance) <= parties
    for stances in seed.acceptance.values():
        assert set(stances) <= nodes | edges


def test_seed_texts_are_short(seed: DebateDoc) -> None:
    for node in seed.nodes:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", node.text.strip()) if s]
        assert len(node.text) <= 400 and len(sentences) <= 3, node.key
    for edge in seed.edges:
        assert len(edge.text) <= 300, edge.key


def test_seed_shares_no_eight_word_run_with_the_texts(
    seed: DebateDoc, texts: dict[str, SourceText]
) -> None:
    source = shingles(" ".join(texts[seed.slug].paragraphs))
    written = [(n.key, n.text) for n in seed.nodes] + [(e.key, e.text) for e in seed.edges]
    written += [("title", seed.title), ("summary", seed.summary)]
    written += [(p.key, p.description) for p in seed.parties]
    written += [(s.key, s.note) for s in seed.sources]
    copied = [(key, " ".join(run)) for key, text in written for run in shingles(text) & source]
    assert copied == []


def test_shingles_catch_a_copied_sentence(texts: dict[str, SourceText]) -> None:
    sentence = texts["asan-2024"].paragraphs[46].split(". ")[1]
    assert shingles(sentence.upper() + "!") & shingles(" ".join(texts["asan-2024"].paragraphs))
    assert normalize("Wong’s “Turn,” East") == "wongs turn east"


def test_seed_sections_are_covered(seed: DebateDoc, texts: dict[str, SourceText]) -> None:
    for tag, (first, last) in SECTIONS[seed.slug].items():
        tagged = [n.key for n in seed.nodes if tag in n.tags
                  and any(first <= p <= last for p in _paragraphs(seed, n.key))]
        assert len(tagged) >= 2, tag
    cited = {p for n in seed.nodes for p in _paragraphs(seed, n.key)}
    body = range(1, len(texts[seed.slug].paragraphs) + 1)
    first_note = min((i for i, line in enumerate(texts[seed.slug].paragraphs, 1)
                      if line in texts[seed.slug].footnotes.values()), default=len(body) + 1)
    last_argued = 49 if seed.slug == "asan-2024" else 8
    missing = [p for p in body if p < first_note and p <= last_argued
               and p not in HEADINGS[seed.slug] and p not in cited]
    assert missing == []


def test_seed_nodes_sit_in_the_section_they_cite_first(seed: DebateDoc) -> None:
    """The first tag names the node's section, and its first citation lies in that section."""
    sections = SECTIONS[seed.slug]
    for node in seed.nodes:
        assert node.tags and node.tags[0] in sections, node.key
        first = next(c for c in node.citations if c.source == seed.slug)
        match = LOCATOR_RE.match(first.locator)
        assert match and match.group(1), (node.key, "cite a paragraph before a footnote")
        low, high = sections[node.tags[0]]
        assert low <= int(match.group(1)) <= high, node.key


def test_rozman_map_covers_each_candidate_balancer(rozman: DebateDoc) -> None:
    for country in ("india", "vietnam", "japan", "north-korea"):
        node = rozman.node(f"{country}-fails-as-balancer")
        assert node.kind == NodeKind.CLAIM and node.asserted_by == ("rozman",)


def test_seed_parties_accept_the_evidence_they_offer(seed: DebateDoc) -> None:
    for node in seed.nodes:
        if node.kind == NodeKind.EVIDENCE:
            for party in node.asserted_by:
                assert seed.acceptance_of(party).get(node.key) == Stance.ACCEPTED, (party, node.key)


def test_seed_accepted_claims_are_marked_concessions_or_agreement(seed: DebateDoc) -> None:
    for party in seed.acceptance:
        for key, stance in seed.acceptance_of(party).items():
            node = seed.node(key)
            if stance == Stance.ACCEPTED and node.kind == NodeKind.CLAIM:
                assert {"concession", "agreement"} & set(node.tags), (party, key)


def test_asan_central_claim_is_nobody_s_premise(asan: DebateDoc) -> None:
    central = asan.node("russia-independent-of-china")
    assert central.asserted_by == ("wong",)
    assert all("russia-independent-of-china" not in asan.acceptance_of(p) for p in ("wong",
               "asan-editors"))


def test_asan_undercutters_stand_for_accepted_facts(asan: DebateDoc) -> None:
    """Where a side grants a fact but denies what it shows, the map undercuts the edge."""
    undercut = {e.target_edge for e in asan.edges if e.is_undercutter}
    for edge_key, party in (("s-redlines-defers", "wong"), ("s-ownwar-maneuver", "asan-editors"),
                            ("s-growing-dependent", "wong"), ("s-heldback-misjudgment", "wong")):
        source = asan.edge(edge_key).source
        assert edge_key in undercut
        assert asan.acceptance_of(party).get(source) == Stance.ACCEPTED
        assert asan.acceptance_of(party).get(source) != Stance.REJECTED


def test_seeds_load_through_the_store(db_url: str) -> None:
    """Both maps load on SQLite and PostgreSQL, a second run changes nothing."""
    engine = make_engine(db_url)
    try:
        store = Store(engine)
        report = load_seeds(store, SEEDS)
        assert report.errors == []
        assert sorted(report.loaded) == ["asan-2024", "rozman-2016"]
        assert load_seeds(store, SEEDS).unchanged == sorted(report.loaded)
        snapshot = store.snapshot("asan-2024")
        assert snapshot.node("russia-independent-of-china").asserted_by == ("wong",)
    finally:
        engine.dispose()


@pytest.mark.parametrize("path", sorted(p for p in SEEDS.glob("*.yaml") if p.name != "links.yaml"),
                         ids=lambda p: p.name)
def test_seed_files_name_their_slug(path: Path) -> None:
    assert path.read_text(encoding="utf-8").count(f"slug: {path.stem}\n") == 1


def test_seed_every_node_takes_part_in_the_argument(seed: DebateDoc) -> None:
    """No node stands alone: each is the source or the target of some edge."""
    linked = {e.source for e in seed.edges} | {e.target for e in seed.edges if e.target}
    assert [n.key for n in seed.nodes if n.key not in linked] == []


REBUTTAL = range(33, 48)
"""Wong's rebuttal (asan-2024 ¶33-¶47), written after the editors' ¶3-¶32."""


def _first_paragraph(citations: tuple[Citation, ...], slug: str) -> int | None:
    for c in citations:
        if c.source == slug and (m := LOCATOR_RE.match(c.locator)) and m.group(1):
            return int(m.group(1))
    return None


def test_asan_editors_answering_the_rebuttal_is_marked_as_reconstruction(
    asan: DebateDoc,
) -> None:
    """The editors wrote ¶3-¶32 before Wong's rebuttal: an edge of theirs aimed at what Wong
    argues there is the map's reconstruction (its text says so) unless it cites their
    conclusion (¶48-¶49); and the same for Wong's answers to the conclusion."""
    unmarked = []
    for edge in asan.edges:
        target = asan.node(edge.target) if edge.target else asan.edge(edge.target_edge or "")
        aimed = _first_paragraph(target.citations, asan.slug)
        source = _first_paragraph(asan.node(edge.source).citations, asan.slug)
        late = {48, 49} & {int(m.group(1)) for c in edge.citations
                           if (m := LOCATOR_RE.match(c.locator)) and m.group(1)}
        only_wong = set(target.asserted_by) == {"wong"}
        answers_rebuttal = "asan-editors" in edge.asserted_by and aimed in REBUTTAL and only_wong
        answers_conclusion = "wong" in edge.asserted_by and aimed in (48, 49) and (
            source in REBUTTAL)
        if answers_rebuttal and not late and not edge.text.startswith("Reconstruction"):
            unmarked.append(edge.key)
        if answers_conclusion and not edge.text.startswith("Reconstruction"):
            unmarked.append(edge.key)
    assert unmarked == []
    marked = [e.key for e in asan.edges if e.text.startswith("Reconstruction")]
    assert len(marked) >= 8


BOOK_FINDINGS_WONG_REPORTS = ("turn-worsened-five-problems", "moscow-joined-china-camp-2020",
                              "russian-moves-reactive", "three-red-lines",
                              "shared-antagonism-to-us", "beijing-relies-on-moscow",
                              "india-asean-lost-to-china-priority", "book-ukraine-reset-thesis")
"""What the editors relay of Wong's review about the book's findings (¶5-¶9)."""


def test_asan_reports_of_the_book_s_findings_are_credited_to_wong(asan: DebateDoc) -> None:
    for key in BOOK_FINDINGS_WONG_REPORTS:
        node = asan.node(key)
        assert node.kind == NodeKind.EVIDENCE and node.asserted_by == ("wong",), key
        assert "wong-2023" in {c.source for c in node.citations}, key
        for party in ("wong", "asan-editors"):
            assert asan.acceptance_of(party).get(key) == Stance.ACCEPTED, (party, key)


def test_asan_contested_generalisations_are_claims(asan: DebateDoc) -> None:
    """Deference, concessions and Central Asia are argued about, so they are claims; where the
    text gives them support (¶24, ¶26, ¶31) the map has it."""
    for key in ("russian-narratives-defer", "no-concessions-to-china",
                "china-defers-in-central-asia", "china-impunity-in-central-asia"):
        assert asan.node(key).kind == NodeKind.CLAIM, key
        assert all(key not in asan.acceptance_of(p) for p in ("wong", "asan-editors")), key
    supported = {e.target for e in asan.edges if e.relation.value == "supports"}
    assert {"russian-narratives-defer", "no-concessions-to-china"} <= supported


def test_asan_the_yardstick_is_the_warrant_of_both_verdicts(asan: DebateDoc) -> None:
    edges = {e.key: e for e in asan.edges}
    assert edges["s-standards-bar"].source == "independence-standards"
    assert edges["r-reactive-bar"].source == edges["u-bar-too-high"].source
    assert edges["r-reactive-bar"].target == "tests-set-the-bar"
    for key in ("s-standards-independent", "r-fails-independent"):
        assert edges[key].text.startswith("Warrant"), key
    assert edges["s-derisk-fails"].source == "russia-not-de-risking"
    assert edges["s-derisk-fails"].target == "russia-fails-independence-standards"
    assert edges["r-capacity-derisk"].source == "russia-has-independent-capacity"
    assert edges["s-vuln-derisk"].source == "war-raises-vulnerability"
    undercut = {e.target_edge: e.source for e in asan.edges if e.is_undercutter}
    assert undercut["s-nomil-nodep"] == undercut["s-softpower-nodep"] == (
        "wong-dismisses-economic-asymmetry")
