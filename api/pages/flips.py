"""What would change each party's verdict on a claim, in words, for the claim detail
(the engine's flips; grounded and complete in place, preferred and stable, and every
semantics on a large debate, within a short budget, and left out when it is spent)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from api.budget import run_bounded
from api.pages.detail import _item_text
from api.pages.views import LARGE, cruxes_key
from kb import engine
from kb.doc import DebateDoc, NodeKind
from kb.errors import ArgmapError

SHOWN = 5
"""Sets of changes named per party."""
BUDGET_SECONDS = 5.0
STANDS = {"IN": "stands", "OUT": "does not stand", "UNDEC": "is undecided"}
WOULD = {"IN": "stand", "OUT": "fall", "UNDEC": "be undecided"}
DOES = {"accepted": "accepted", "rejected": "rejected", "unstated": "withdrew a stance on"}


def node_flips(pages: Any, doc: DebateDoc, revision: int, key: str,
               semantics: str) -> list[dict[str, Any]]:
    """Per party: its label of claim `key`, and the smallest changes that would alter it."""
    if doc.node(key).kind is not NodeKind.CLAIM:
        return []
    found = []
    for party in doc.parties:
        try:
            flips = pages.cached(flips_key(doc, revision, party.key, key, semantics),
                                 lambda party=party: _compute(doc, party.key, key, semantics))
        except ArgmapError:
            continue
        found.append(_sentence(doc, party.name, flips))
    return found


def prepare_claim(pages: Any, doc: DebateDoc, revision: int, key: str,
                  semantics: str) -> None:
    """On a large debate, compute in one bounded child what the deferred part of a claim's
    page shows and is not cached yet (each party's flips, the cruxes of each pair of
    parties that diverge on it) and cache each: the debate is pickled and its graph built
    once instead of once per search. When that child runs out of time, each answer is
    left to its own bounded search (:func:`node_flips`, ``Pages.claim_cruxes``)."""
    if doc.node(key).kind is not NodeKind.CLAIM:
        return
    parties = [p.key for p in doc.parties
               if not pages.known(flips_key(doc, revision, p.key, key, semantics))]
    pairs = [pair for pair in pages.diverging(doc, revision, key, semantics)
             if not pages.known(cruxes_key(doc, revision, pair, key, semantics))]
    if not parties and not pairs:
        return
    try:
        flips, cruxes = run_bounded(_answers, doc, key, semantics, parties, pairs,
                                    # each flips search stops itself at half a budget
                                    seconds=BUDGET_SECONDS * (len(parties) / 2 + len(pairs) + 1),
                                    what="the flips and crux searches")
    except ArgmapError:
        return
    for party, found in flips.items():
        pages.keep(flips_key(doc, revision, party, key, semantics), found)
    for pair, ways in cruxes.items():
        pages.keep(cruxes_key(doc, revision, pair, key, semantics), ways)


def _answers(doc: DebateDoc, key: str, semantics: str, parties: list[str],
             pairs: list[tuple[str, str]]) -> tuple[dict[str, engine.Flips],
                                                    dict[tuple[str, str], list[engine.Crux]]]:
    """The flips of each of `parties` and the cruxes of each of `pairs` on claim `key` (run
    in one bounded child; a party whose search fails is left out)."""
    from api.pages.views import claim_cruxes
    from kb.engine.evaluation import graph_of

    graph = graph_of(doc)
    flips: dict[str, engine.Flips] = {}
    for party in parties:
        try:
            flips[party] = engine.flips_party(doc, party, key, semantics=semantics, limit=SHOWN,
                                              time_limit=BUDGET_SECONDS / 2, graph=graph)
        except ArgmapError:
            continue
    cruxes = {pair: claim_cruxes(doc, key, *pair, semantics) for pair in pairs}
    return flips, cruxes


def flips_key(doc: DebateDoc, revision: int, party: str, key: str,
               semantics: str) -> tuple[Hashable, ...]:
    """The page cache's key of one party's flips on claim `key`."""
    return ("flips", doc.slug, revision, party, key, semantics)


def _compute(doc: DebateDoc, party: str, key: str, semantics: str) -> engine.Flips:
    if semantics in ("grounded", "complete") and len(doc.nodes) <= LARGE:
        return engine.flips_party(doc, party, key, semantics=semantics, limit=SHOWN)
    return run_bounded(engine.flips_party, doc, party, key, semantics=semantics, limit=SHOWN,
                       time_limit=BUDGET_SECONDS / 2, seconds=BUDGET_SECONDS,
                       what="the flips search")


def _sentence(doc: DebateDoc, name: str, flips: engine.Flips) -> dict[str, Any]:
    """{"party", "label", "lead", "ways", "more"}: e.g. "This stands for Wong; it would fall
    if Wong made any one of these changes:" and one line per set."""
    lead = f"This {STANDS[flips.label.value]} for {name}"
    if flips.at_least is not None:
        lead += (f"; no set of fewer than {flips.at_least} changes to {name}'s stances "
                 f"would make it {WOULD[flips.to.value]}, and larger sets were not searched"
                 if flips.at_least > 1 else "; the search for what would change it ran out "
                 "of time") + "."
    elif flips.size is None:
        lead += f"; no change to {name}'s stances would make it {WOULD[flips.to.value]}."
    elif flips.size == 0:
        lead += "."
    else:
        lead += (f"; it would {WOULD[flips.to.value]} if {name} made any one of these "
                 f"{'changes' if flips.size == 1 else f'sets of {flips.size} changes'}:")
    ways = [" and ".join(f"{DOES[c.stance.value]} {_item_text(doc, c.item)}" for c in one)
            for one in flips.flips if one]
    return {"party": name, "label": flips.label.value, "lead": lead, "ways": ways,
            "more": not flips.complete}
