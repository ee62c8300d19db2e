"""What the engine concludes from the seed maps: the outcomes follow from the structure."""

from __future__ import annotations

import pytest

from kb.doc import DebateDoc, NodeKind, Stance
from kb.engine import Label, compare, cruxes, evaluate, evaluate_party, explain_party
from kb.engine.flips import flips_party
from kb.engine.structure import ancestors, sub_debate

CENTRAL = "russia-independent-of-china"
AGREED_IN = ["wedge-futile", "asymmetry-no-split", "asymmetry-growing", "asymmetry-debate-matters",
             "independence-standards", "prioritizing-china-risky", "candid-exchange-valuable",
             "chinese-ideological-criticism-rising", "comparing-pivots-has-value",
             "how-reveals-what", "g2-benefits-overstated", "review-deserves-serious-reading",
             "critiques-came-from-russian-debate"]
CONTESTED = [CENTRAL, "russia-meets-three-standards", "russia-fails-independence-standards",
             "russia-defers-to-china", "russia-increasingly-dependent", "asymmetry-still-potential",
             "bleak-prospect", "history-illuminates-turn", "history-teaches-other-lessons",
             "china-turn-strategic", "china-turn-misjudgment", "japan-us-satellite",
             "triangle-explains-war", "ukraine-war-bid-against-asymmetry",
             "wong-dismisses-economic-asymmetry", "russia-not-de-risking", "tests-set-the-bar",
             "no-concessions-to-china", "russian-narratives-defer"]


@pytest.mark.parametrize("semantics", ["grounded", "complete", "preferred", "stable"])
def test_asan_central_claim_stands_for_wong_not_for_editors(
    asan: DebateDoc, semantics: str
) -> None:
    assert evaluate_party(asan, "wong", semantics=semantics).labels[CENTRAL] == Label.IN
    assert evaluate_party(asan, "asan-editors", semantics=semantics).labels[CENTRAL] == Label.OUT


def test_asan_no_claim_is_left_undecided(asan: DebateDoc) -> None:
    for party in ("wong", "asan-editors"):
        labels = evaluate_party(asan, party).node_labels()
        assert [k for k, v in labels.items() if v == Label.UNDEC] == []


def _evidence_premises(doc: DebateDoc, party: str, key: str) -> set[str]:
    explanation = explain_party(doc, party, key)
    accepted = doc.acceptance_of(party)
    return {step.item for step in explanation.steps
            if step.item in accepted and doc.node(step.item).kind == NodeKind.EVIDENCE
            and accepted[step.item] == Stance.ACCEPTED and step.label == Label.IN}


def test_asan_explanations_of_the_central_claim_rest_on_each_side_s_evidence(
    asan: DebateDoc,
) -> None:
    wong = explain_party(asan, "wong", CENTRAL)
    editors = explain_party(asan, "asan-editors", CENTRAL)
    assert (wong.label, editors.label) == (Label.IN, Label.OUT)
    assert _evidence_premises(asan, "wong", CENTRAL)
    assert _evidence_premises(asan, "asan-editors", CENTRAL)
    # Wong's answer to the three tests (¶46) defeats the editors' main rebuttal for him
    assert "edge:u-bar-too-high" in {step.item for step in wong.steps}
    # for the editors, Russia's failure of the three tests (¶24, ¶32) stands and rebuts
    assert "russia-fails-independence-standards" in {step.item for step in editors.steps}
    assert any("Ka Ho Wong" in s for s in wong.sentences())


def test_asan_parties_agree_where_the_texts_agree(asan: DebateDoc) -> None:
    comparison = compare(asan, "wong", "asan-editors")
    assert set(AGREED_IN) <= set(comparison.agree_in)


def test_asan_parties_diverge_where_the_texts_contest(asan: DebateDoc) -> None:
    comparison = compare(asan, "wong", "asan-editors")
    diverging = {d.key for d in comparison.diverge}
    assert set(CONTESTED) <= diverging


def test_asan_undercutters_deny_what_an_accepted_fact_shows(asan: DebateDoc) -> None:
    wong = evaluate_party(asan, "wong").labels
    editors = evaluate_party(asan, "asan-editors").labels
    # both accept the critics' red lines (¶5); only for Wong is it mere face-saving (¶44)
    assert wong["three-red-lines"] == editors["three-red-lines"] == Label.IN
    assert (wong["edge:s-redlines-defers"], editors["edge:s-redlines-defers"]) == (
        Label.OUT, Label.IN)
    # both accept that the war sought influence apart from China (¶28, ¶45); the editors
    # deny that a backfiring gamble shows independent manoeuvre (¶9, ¶32)
    assert wong["ukraine-war-sought-own-influence"] == Label.IN
    assert editors["ukraine-war-sought-own-influence"] == Label.IN
    assert (wong["edge:s-ownwar-maneuver"], editors["edge:s-ownwar-maneuver"]) == (
        Label.IN, Label.OUT)
    # Wong grants the widening gap (¶47) but not that it makes Russia dependent
    assert wong["asymmetry-growing"] == Label.IN
    assert wong["russia-increasingly-dependent"] == Label.OUT


def test_asan_second_review_links_bear_on_the_labels(asan: DebateDoc) -> None:
    """The links added in the second review act for the party whose premises carry them."""
    wong = evaluate_party(asan, "wong").labels
    editors = evaluate_party(asan, "asan-editors").labels
    # capability is not dependence (¶26): the editors' charge cuts the military and soft-power
    # inferences for them; for Wong, who answers it (¶37), they stand
    for edge in ("edge:s-nomil-nodep", "edge:s-softpower-nodep"):
        assert (wong[edge], editors[edge]) == (Label.IN, Label.OUT), edge
    # de-risking (¶32) against self-reliance (¶46)
    assert (wong["russia-not-de-risking"], editors["russia-not-de-risking"]) == (
        Label.OUT, Label.IN)
    capacity = "russia-has-independent-capacity"
    assert (wong[capacity], editors[capacity]) == (Label.IN, Label.OUT)
    # the editors' reading of the tests as a bar falls for Wong to his ¶46
    assert (wong["tests-set-the-bar"], editors["tests-set-the-bar"]) == (Label.OUT, Label.IN)
    # Wong reports the book's findings (¶5) and both accept them; what the editors draw from
    # them he undercuts (¶45, ¶46)
    for fact, edge in (("moscow-joined-china-camp-2020", "edge:s-camp-faded"),
                       ("russian-moves-reactive", "edge:s-reactive-tracks")):
        assert wong[fact] == editors[fact] == Label.IN
        assert (wong[edge], editors[edge]) == (Label.OUT, Label.IN), edge


def test_asan_central_claim_rests_on_wong_s_evidence_not_on_a_stance(asan: DebateDoc) -> None:
    """Without the evidence he offers, Wong's own position no longer carries the claim."""
    offered = {n.key for n in asan.nodes if n.kind == NodeKind.EVIDENCE and "wong" in n.asserted_by}
    bare = {k: v for k, v in asan.acceptance_of("wong").items() if k not in offered}
    assert evaluate(asan, bare).labels[CENTRAL] == Label.OUT


def test_asan_wong_s_verdict_rests_on_neutrality_against_the_deference_evidence(
    asan: DebateDoc,
) -> None:
    """What-if: Wong granting Russia's help against Vietnam's oil drilling (¶31) takes away
    the neutrality his "no concessions" rests on (¶26), so deference rebuts the claim."""
    moved = dict(asan.acceptance_of("wong"))
    moved["russia-aids-china-against-vietnam-oil"] = Stance.ACCEPTED
    labels = evaluate(asan, moved).labels
    assert labels["russia-neutral-on-china-disputes"] == Label.OUT
    assert labels["no-concessions-to-china"] == Label.OUT
    assert labels["russia-resists-chinese-influence"] == Label.OUT
    assert labels["russia-defers-to-china"] == Label.IN
    assert labels[CENTRAL] == Label.OUT


def test_asan_wong_s_verdict_rests_on_his_reading_of_the_tests(asan: DebateDoc) -> None:
    """Without his reading of the tests (¶46) the editors' tests rebuttal meets only Wong's
    own verdict on the tests, and the claim is open."""
    moved = dict(asan.acceptance_of("wong"))
    moved["standards-exclude-reactive-independence"] = Stance.REJECTED
    labels = evaluate(asan, moved).labels
    assert labels["russia-fails-independence-standards"] == Label.UNDEC
    assert labels[CENTRAL] == Label.UNDEC


def test_rozman_split_opening_falls_for_rozman_and_stands_for_observers(
    rozman: DebateDoc,
) -> None:
    mine = evaluate_party(rozman, "rozman").labels
    theirs = evaluate_party(rozman, "some-observers").labels
    assert (mine["split-opening"], theirs["split-opening"]) == (Label.OUT, Label.IN)
    for key in ("india-fails-as-balancer", "vietnam-fails-as-balancer", "japan-fails-as-balancer",
                "north-korea-fails-as-balancer", "doubling-down-on-china",
                "turn-east-is-turn-to-china"):
        assert mine[key] == Label.IN, key
    # Rozman grants the signs of coolness (¶2) but denies they reveal clashing interests
    assert mine["russian-mood-sobered"] == Label.IN
    assert mine["edge:s-mood-interests"] == Label.OUT


def test_rozman_cruxes_name_rozman_s_evidence(rozman: DebateDoc) -> None:
    found = [c for c in cruxes(rozman, "rozman", "some-observers") if c.claim == "split-opening"]
    assert found
    evidence = {n.key for n in rozman.nodes if n.kind == NodeKind.EVIDENCE}
    assert all(set(c.items) <= evidence | {f"edge:{e.key}" for e in rozman.edges} for c in found)


BARE = {"strategic-dependence-presumes-war", "mongolia-ties-from-good-image",
        "mutual-strategic-dependence", "edge:r-presumeswar-mutual", "edge:s-mutual-nodep",
        "edge:s-eutrade-nodep", "china-defers-in-central-asia", "edge:s-cadefer-limlev",
        "china-impunity-in-central-asia", "edge:r-impunity-cadefer", "edge:s-impunity-defers"}
"""Asserted without evidence in the text (docs/seeds.md, 'Bare claims'), and the 2021 trade
figure that Wong himself undercuts by conceding the loss of European ties (¶47)."""


def test_seed_each_party_s_own_arguments_stand_for_it(asan: DebateDoc, rozman: DebateDoc) -> None:
    for doc in (asan, rozman):
        for party in doc.parties:
            labels = evaluate_party(doc, party.key).labels
            own = [n.key for n in doc.nodes if party.key in n.asserted_by]
            own += [f"edge:{e.key}" for e in doc.edges if party.key in e.asserted_by]
            failing = {item for item in own if labels[item] != Label.IN}
            assert failing <= BARE, (doc.slug, party.key, failing - BARE)


def test_rozman_explanation_names_his_evidence(rozman: DebateDoc) -> None:
    explanation = explain_party(rozman, "rozman", "split-opening")
    assert explanation.label == Label.OUT
    assert _evidence_premises(rozman, "rozman", "split-opening")
    assert any("Gilbert Rozman" in s for s in explanation.sentences())


def single_flips(doc: DebateDoc, party: str, claim: str) -> dict[tuple[str, str], str]:
    """Every one-item change of `party`'s stances that changes `claim`'s grounded label:
    (item, new stance) -> new label. The claim's own stance is left out (rejecting it
    trivially flips it). docs/seeds.md lists these as the flips of the central claim."""
    part = sub_debate(doc, [claim])  # the items that reach the claim: no other can change it
    own = part.acceptance_of(party)
    items = sorted(ancestors(doc, claim))
    now = evaluate(part, own).labels[claim]
    found = {}
    for item in items:
        if item == claim:
            continue
        for stance in Stance:
            if stance != own.get(item, Stance.UNSTATED):
                label = evaluate(part, {**own, item: stance}).labels[claim]
                if label != now:
                    found[(item, stance.value)] = label.value
    return found


def test_asan_flips_of_the_central_claim_are_the_documented_ones(asan: DebateDoc) -> None:
    assert single_flips(asan, "wong", CENTRAL) == {
        ("russia-aids-china-against-vietnam-oil", "accepted"): "OUT",
        ("joint-flyovers-near-japan", "accepted"): "OUT",
        ("standards-exclude-reactive-independence", "rejected"): "UNDEC",
        ("independence-as-resilience", "rejected"): "UNDEC",
        ("edge:s-resilience-reactive", "rejected"): "UNDEC",
    }
    assert single_flips(asan, "asan-editors", CENTRAL) == {}
    # four changes that open the editors' verdict (docs/seeds.md): one answer to each of
    # their three rebuttals and one fact of Wong's beneath a support
    moved = dict(asan.acceptance_of("asan-editors"))
    moved.update({"standards-exclude-reactive-independence": Stance.ACCEPTED,
                  "wong-left-leverage-warning-aside": Stance.ACCEPTED,
                  "edge:r-defers-independent": Stance.REJECTED,
                  "russia-not-in-bri": Stance.ACCEPTED})
    assert evaluate(asan, moved).labels[CENTRAL] == Label.UNDEC
    # the exact search: three changes at least open it, four at least make it stand
    opening = flips_party(asan, "asan-editors", CENTRAL, to=Label.UNDEC, limit=500)
    assert (opening.size, len(opening.flips), opening.complete) == (3, 500, False)
    standing = flips_party(asan, "asan-editors", CENTRAL, to=Label.IN, limit=500)
    assert (standing.size, len(standing.flips), standing.complete) == (4, 344, True)
