"""seeds/links.yaml: the links between rozman-2016 and asan-2024 (docs/seeds.md).

A link joins a node of one seed debate to a node of the other, as ``same-as`` (the same
proposition) or ``related`` (bears on it), with a note in the project's own words that cites
a paragraph of both texts, each one that its node cites.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from kb.doc import DebateDoc
from tests.seeds.texts import SEEDS, SourceText, load_seed, shingles

LINKS = SEEDS / "links.yaml"
FIELDS = {"source", "target", "relation", "note", "citations"}
CITED = re.compile(r"(rozman-2016|asan-2024) (¶\d+(?:, ¶\d+)*)")
CITATION = re.compile(r"^(rozman-2016|asan-2024) ¶(\d+)$")


@pytest.fixture(scope="module")
def links() -> list[dict[str, Any]]:
    data = yaml.safe_load(LINKS.read_text(encoding="utf-8"))
    assert set(data) == {"links"}
    return list(data["links"])


@pytest.fixture(scope="module")
def debates() -> dict[str, DebateDoc]:
    return {slug: load_seed(slug) for slug in ("rozman-2016", "asan-2024")}


def _paragraphs(doc: DebateDoc, node: str) -> set[int]:
    return {int(c.locator[1:]) for c in doc.node(node).citations
            if c.source == doc.slug and re.fullmatch(r"¶\d+", c.locator)}


def test_links_join_rozman_2016_to_asan_2024(links: list[dict[str, Any]],
                                             debates: dict[str, DebateDoc]) -> None:
    assert len(links) >= 8
    pairs = set()
    for link in links:
        assert set(link) <= FIELDS and {"source", "target", "relation", "note"} <= set(link)
        assert link["relation"] in {"same-as", "related"}
        ends = (link["source"], link["target"])
        assert [end["debate"] for end in ends] == ["rozman-2016", "asan-2024"], ends
        for end in ends:
            assert set(end) == {"debate", "node"}
            debates[end["debate"]].node(end["node"])  # NotFoundError for an unknown node
        pair = (link["source"]["node"], link["target"]["node"])
        assert pair not in pairs, pair
        pairs.add(pair)
    assert "same-as" in {link["relation"] for link in links}


def test_link_notes_cite_a_paragraph_of_each_text_that_its_node_cites(
    links: list[dict[str, Any]], debates: dict[str, DebateDoc]
) -> None:
    for link in links:
        cited: dict[str, set[int]] = {}
        for slug, paragraphs in CITED.findall(link["note"]):
            cited.setdefault(slug, set()).update(int(p) for p in re.findall(r"\d+", paragraphs))
        assert set(cited) == {"rozman-2016", "asan-2024"}, link["note"]
        for end in (link["source"], link["target"]):
            own = _paragraphs(debates[end["debate"]], end["node"])
            assert cited[end["debate"]] <= own, (end, cited[end["debate"]], own)
        for citation in link.get("citations", []):
            match = CITATION.match(citation)
            assert match, citation
            assert int(match.group(2)) in cited[match.group(1)], citation


def test_link_notes_are_our_own_words(links: list[dict[str, Any]],
                                      texts: dict[str, SourceText]) -> None:
    source = shingles(" ".join(texts["rozman-2016"].paragraphs))
    source |= shingles(" ".join(texts["asan-2024"].paragraphs))
    copied = [(link["source"]["node"], " ".join(run))
              for link in links for run in shingles(link["note"]) & source]
    assert copied == []


def test_links_file_is_not_taken_for_a_debate() -> None:
    from kb.seeds import seed_files

    assert LINKS not in seed_files(SEEDS)
    assert {p.name for p in seed_files(SEEDS)} == {"asan-2024.yaml", "rozman-2016.yaml"}
