"""The decisive reason names what decides a claim; silence is told from refutation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.doc import DebateDoc, EdgeDoc, NodeDoc, NodeKind, PartyDoc, Relation
from kb.engine.decisive import (
    Quote,
    decisive_reason,
    full_reasoning,
    plain,
    quoted_parts,
    standing,
)
from kb.formats.json import from_dict

ROOT = Path(__file__).resolve().parents[3]
CENTRAL = "russia-independent-of-china"


def small(acceptance: dict[str, dict[str, str]]) -> DebateDoc:
    return DebateDoc(
        slug="d", title="D", parties=(PartyDoc("a", "Ann"), PartyDoc("b", "The board")),
        nodes=(
            NodeDoc("e", NodeKind.EVIDENCE, "A fact that goes on for a while, word after word."),
            NodeDoc("c", NodeKind.CLAIM, "A claim."),
            NodeDoc("f", NodeKind.EVIDENCE, "A counter."),
            NodeDoc("u", NodeKind.EVIDENCE, "The counter misses."),
        ),
        edges=(
            EdgeDoc("s", "e", Relation.SUPPORTS, target="c"),
            EdgeDoc("r", "f", Relation.REBUTS, target="c"),
            EdgeDoc("x", "u", Relation.REBUTS, target_edge="r"),
        ),
        acceptance=acceptance,
    )


@pytest.fixture(scope="module")
def asan() -> DebateDoc:
    return from_dict(yaml.safe_load((ROOT / "seeds" / "asan-2024.yaml").read_text("utf-8")))


def test_decisive_undercutter_removes_the_rebuttal_of_a_standing_claim() -> None:
    doc = small({"a": {"e": "accepted", "f": "accepted", "u": "accepted"}})
    reason = decisive_reason(doc, "a", "c")
    assert reason.label == "IN"
    assert reason.deciders[0] == "u"
    assert "undercutter «The counter misses.» removes the rebuttal «A counter.»" in reason.text()
    assert reason.sentences[-1][1] == Quote("e", doc.node("e").text)


def test_decisive_standing_rebuttal_defeats_the_claim() -> None:
    doc = small({"b": {"e": "accepted", "f": "accepted"}})
    reason = decisive_reason(doc, "b", "c")
    assert reason.label == "OUT" and reason.status == "defeated"
    assert reason.deciders == ("f",)
    assert reason.text().startswith("For the board it does not stand: the rebuttal «A counter.»")
    assert "does not stand for them" in reason.text()


def test_decisive_rebuttal_fails_when_its_source_is_not_accepted() -> None:
    reason = decisive_reason(small({"a": {"e": "accepted"}}), "a", "c")
    assert reason.text().startswith("For Ann it stands: the rebuttal «A counter.» fails, as Ann "
                                    "does not accept it.")


def test_decisive_rejection_and_missing_support() -> None:
    assert decisive_reason(small({"a": {"c": "rejected"}}), "a", "c").text() == "Ann rejects it."
    reason = decisive_reason(small({}), "a", "c")
    assert "its support «A fact that goes on for a while, word after word.» does not hold " \
        "(not accepted, left unaddressed)" in reason.text()


def test_decisive_quotes_are_whole_and_sentences_never_repeat() -> None:
    doc = small({"a": {"e": "accepted", "f": "accepted", "u": "accepted"}})
    for party in ("a", "b"):
        reason = decisive_reason(doc, party, "c")
        assert len(set(reason.sentences)) == len(reason.sentences)
        quotes = [p for s in reason.sentences for p in s if isinstance(p, Quote)]
        assert all(q.text == doc.node(q.key).text for q in quotes)
        assert "…" not in reason.text()


def test_standing_tells_silence_from_refutation() -> None:
    doc = small({"a": {"e": "accepted", "f": "accepted"}, "b": {"f": "rejected"}})
    assert standing(doc, "a", "u") == "unaddressed"
    assert standing(doc, "a", "c") == "defeated"
    assert standing(doc, "b", "f") == "rejected"
    assert standing(doc, "b", "c") == "unsupported"
    assert standing(doc, "a", "e") == "stands"


def test_full_reasoning_links_whole_quotes_and_drops_repeats() -> None:
    doc = small({})
    sentences = ["«A fact that goes on for…» does not stand.", "«A claim.» stands.",
                 "«A claim.» stands."]
    parts = full_reasoning(doc, sentences)
    assert len(parts) == 2
    assert parts[0][0] == Quote("e", doc.node("e").text)
    assert plain(quoted_parts(doc, "«unknown» is kept.")) == "«unknown» is kept."


def test_decisive_asan_central_claim_names_the_rebuttal_and_the_undercutter(
    asan: DebateDoc,
) -> None:
    editors = decisive_reason(asan, "asan-editors", CENTRAL)
    wong = decisive_reason(asan, "wong", CENTRAL)
    rebuttal = next(e for e in asan.edges if e.key == "r-fails-independent")
    undercutter = next(e for e in asan.edges if e.target_edge == rebuttal.key
                       and "bar too high" in asan.node(e.source).text.replace("set the ", ""))
    assert editors.label == "OUT" and editors.deciders[0] == rebuttal.source
    assert "three tests" in plain(editors.sentences[0])
    assert wong.label == "IN" and wong.deciders[0] == undercutter.source
    assert "bar too high" in wong.text().replace("set the ", "")
