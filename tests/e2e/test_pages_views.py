"""The pages' shortcuts give the engine's answers: cruxes sought claim by claim."""

from __future__ import annotations

import pytest

from kb import engine
from kb.doc import DebateDoc
from kb.engine.structure import claim_alone, sub_debate
from kb.seeds import read_seed

from .conftest import ROOT
from .sample import sample_debate


def debates() -> list[DebateDoc]:
    found = [sample_debate("pages-sample", observer=True)]
    rozman = ROOT / "seeds" / "rozman-2016.yaml"
    if rozman.exists():
        found.append(read_seed(rozman))
    return found


@pytest.mark.parametrize("doc", debates(), ids=lambda doc: doc.slug)
def test_pages_cruxes_per_claim_equal_the_engine_on_the_whole_debate(doc: DebateDoc) -> None:
    keys = [party.key for party in doc.parties]
    checked = 0
    for first, second in [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]:
        whole = engine.cruxes(doc, first, second)
        for claim in {crux.claim for crux in whole}:
            part = claim_alone(sub_debate(doc, [claim]), claim)
            alone = [crux for crux in engine.cruxes(part, first, second) if crux.claim == claim]
            assert alone == [crux for crux in whole if crux.claim == claim]
            checked += 1
    assert checked > 0
