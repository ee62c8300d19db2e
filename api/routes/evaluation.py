"""Which claims stand for whom: evaluation, explanation, comparison, cruxes, what-if,
strength. Every result is cached per (debate, revision, position, semantics)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from api.budget import run_bounded
from api.deps import CacheDep, DebateDep, ItemKey, StoreDep
from api.problems import problem_responses
from kb import engine
from kb.doc import KEY_PATTERN, DebateDoc, Stance
from kb.engine import Label, Semantics
from kb.errors import DebateNotFoundError, InvalidInputError
from kb.schemas import DebatePublic
from kb.store import Store

router = APIRouter(tags=["evaluation"])
T = TypeVar("T")

PartyQuery = Annotated[
    str, Query(pattern=KEY_PATTERN, description="The party's key.", examples=["wong"])
]
SemanticsQuery = Annotated[
    Semantics, Query(description="grounded (default), complete, preferred or stable.")
]
PartiesQuery = Annotated[
    str,
    Query(
        pattern=r"^[a-z0-9][a-z0-9_.-]{0,79},[a-z0-9][a-z0-9_.-]{0,79}$",
        description="Two party keys, comma-separated.",
        examples=["wong,asan-editors"],
    ),
]
EVALUATION_PROBLEMS = problem_responses(401, 404, 422)


class EvaluationOut(BaseModel):
    """The JSON of `argmap evaluate --format json`."""

    debate: str
    party: str | None = Field(description="The party, or null for a what-if position.")
    semantics: Semantics
    labels: dict[str, Label] = Field(description="Node key -> label (the skeptical view).")
    edges: dict[str, Label] = Field(description="Edge id -> label.")
    labellings: list[dict[str, Label]] | None = Field(
        default=None, description="complete, preferred, stable: every labelling."
    )
    credulous: dict[str, bool] | None = None
    skeptical: dict[str, bool] | None = None
    labellings_truncated: bool | None = None


class StepOut(BaseModel):
    kind: str
    item: str
    label: Label
    sentence: str


class ExplanationOut(BaseModel):
    key: str
    label: Label
    steps: list[StepOut]
    sentences: list[str]


class DivergenceOut(BaseModel):
    key: str
    a: Label = Field(description="The label for the first party.")
    b: Label = Field(description="The label for the second party.")


class ComparisonOut(BaseModel):
    parties: list[str]
    semantics: Semantics
    agree_in: list[str]
    agree_out: list[str]
    agree_undec: list[str]
    diverge: list[DivergenceOut]


class ChangeOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    item: str
    from_: Stance = Field(alias="from")
    to: Stance


class SettlementOut(BaseModel):
    party: str
    changes: list[ChangeOut]
    agreed: Label


class CruxOut(BaseModel):
    claim: str
    items: list[str]
    a: Label
    b: Label
    settlements: list[SettlementOut]


class CruxesOut(BaseModel):
    parties: list[str]
    semantics: Semantics
    cruxes: list[CruxOut]


class WhatIf(BaseModel):
    """A position to evaluate: `acceptance` on top of `party`'s (or of nothing)."""

    model_config = ConfigDict(extra="forbid")

    acceptance: dict[str, Stance] = Field(
        default_factory=dict, description="Node key or `edge:ID` -> stance."
    )
    semantics: Semantics = Semantics.GROUNDED
    party: str | None = Field(
        default=None, pattern=KEY_PATTERN,
        description="Start from this party's acceptance; `acceptance` then overrides it.",
    )


class StrengthOut(BaseModel):
    debate: str
    party: str
    strength: dict[str, float] = Field(description="Node key -> DF-QuAD strength in [0, 1].")


def _cached(cache: engine.EvaluationCache, debate: DebatePublic, *key: Any,
            compute: Callable[[], T]) -> T:
    # The creation time tells apart a debate deleted and created again under one slug.
    full = (debate.slug, debate.created_at.isoformat(), debate.revision, *key)
    return cache.get_or_compute(full, compute)


def load_doc(store: Store, cache: engine.EvaluationCache,
             debate: DebatePublic) -> tuple[DebatePublic, DebateDoc]:
    """The debate as a DebateDoc, cached by revision, with the debate at that revision.

    A write may land between reading the debate and reading its content; then both are
    read again, so a result is never cached under a revision it does not belong to.
    """
    for _ in range(5):
        key = (debate.slug, debate.created_at.isoformat(), debate.revision, "doc")
        try:
            return debate, cache.get_or_compute(key, _miss)
        except _Missing:
            pass
        doc = store.snapshot(debate.slug)
        now = store.find_debate(debate.slug)
        if now is None:
            raise DebateNotFoundError(debate.slug)
        if now.revision == debate.revision and now.created_at == debate.created_at:
            return debate, cache.get_or_compute(key, partial(_same, doc))
        debate = now
    return debate, doc


class _Missing(Exception):
    """Not in the cache (raised by the lookup, so nothing is stored)."""


def _miss() -> DebateDoc:
    raise _Missing


def _same(doc: DebateDoc) -> DebateDoc:
    return doc


def _two_parties(doc: DebateDoc, parties: str) -> tuple[str, str]:
    first, second = parties.split(",")
    if first == second:
        raise InvalidInputError("name two different parties, e.g. parties=wong,asan-editors")
    doc.party(first)
    doc.party(second)
    return first, second


@router.get(
    "/api/debates/{slug}/evaluation",
    operation_id="read_evaluation",
    summary="Labels of every node for one party",
    response_model=EvaluationOut,
    response_model_exclude_unset=True,
    responses=EVALUATION_PROBLEMS,
)
def read_evaluation(debate: DebateDep, party: PartyQuery, store: StoreDep, cache: CacheDep,
                    semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """IN, OUT or UNDEC per node (and per edge) from the evidence `party` accepts; for
    complete, preferred and stable also every labelling and the credulous and skeptical
    views. The same JSON as `argmap evaluate --format json`."""
    debate, doc = load_doc(store, cache, debate)
    evaluation = _cached(cache, debate, "evaluation", party, semantics.value,
                         compute=lambda: engine.evaluate_party(doc, party, semantics=semantics))
    return evaluation.to_json(debate=debate.slug, party=party)


@router.get(
    "/api/debates/{slug}/nodes/{key}/explanation",
    operation_id="read_explanation",
    summary="Why a node has its label for one party",
    response_model=ExplanationOut,
    responses=EVALUATION_PROBLEMS,
)
def read_explanation(debate: DebateDep, key: ItemKey, party: PartyQuery, store: StoreDep,
                     cache: CacheDep,
                     semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """The reasons, most direct first: the support chain down to accepted evidence and
    what defeats each attacker (IN), the standing attacker or the missing support (OUT),
    or the cycle that holds it open (UNDEC)."""
    debate, doc = load_doc(store, cache, debate)
    doc.node(key)
    explanation = _cached(
        cache, debate, "explanation", party, key, semantics.value,
        compute=lambda: engine.explain_party(doc, party, key, semantics=semantics),
    )
    return explanation.to_json()


@router.get(
    "/api/debates/{slug}/comparison",
    operation_id="read_comparison",
    summary="Where two parties agree and diverge",
    response_model=ComparisonOut,
    responses=EVALUATION_PROBLEMS,
)
def read_comparison(debate: DebateDep, parties: PartiesQuery, store: StoreDep,
                    cache: CacheDep,
                    semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """Nodes both parties label IN, OUT or UNDEC, and the nodes they label differently."""
    debate, doc = load_doc(store, cache, debate)
    first, second = _two_parties(doc, parties)
    comparison = _cached(cache, debate, "comparison", first, second, semantics.value,
                         compute=lambda: engine.compare(doc, first, second,
                                                        semantics=semantics))
    return comparison.to_json()


@router.get(
    "/api/debates/{slug}/cruxes",
    operation_id="read_cruxes",
    summary="What would settle each divergent claim",
    response_model=CruxesOut,
    responses=problem_responses(401, 404, 422, 503),
)
def read_cruxes(debate: DebateDep, parties: PartiesQuery, store: StoreDep, cache: CacheDep,
                semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """For each claim the two parties label differently, the smallest sets of items on
    which their acceptance differs whose change (by either party) makes them agree.
    The search has a time budget (30 s by default): 503 when it is spent."""
    debate, doc = load_doc(store, cache, debate)
    first, second = _two_parties(doc, parties)
    found = _cached(
        cache, debate, "cruxes", first, second, semantics.value,
        compute=lambda: run_bounded(engine.cruxes, doc, first, second, semantics=semantics,
                                    what="the crux search"),
    )
    return {"parties": [first, second], "semantics": semantics.value,
            "cruxes": [crux.to_json() for crux in found]}


@router.post(
    "/api/debates/{slug}/what-if",
    operation_id="evaluate_what_if",
    summary="Labels for a position you supply",
    response_model=EvaluationOut,
    response_model_exclude_unset=True,
    responses=problem_responses(401, 404, 413, 422),
)
def evaluate_what_if(
    debate: DebateDep,
    data: Annotated[WhatIf, Body(examples=[
        {"acceptance": {"e1": "accepted", "e2": "rejected"}, "semantics": "grounded"},
        {"party": "wong", "acceptance": {"e2": "rejected"}},
    ])],
    store: StoreDep,
    cache: CacheDep,
) -> dict[str, Any]:
    """Evaluate any acceptance (a student's own position); nothing is stored. With
    `party`, the given items override that party's acceptance. Readers may call it."""
    debate, doc = load_doc(store, cache, debate)
    acceptance: dict[str, Stance] = dict(doc.acceptance_of(data.party)) if data.party else {}
    acceptance.update(data.acceptance)
    digest = hashlib.sha256(
        json.dumps(sorted((k, str(v)) for k, v in acceptance.items())).encode()
    ).hexdigest()
    evaluation = _cached(cache, debate, "what-if", digest, data.semantics.value,
                         compute=lambda: engine.what_if(doc, acceptance,
                                                        semantics=data.semantics))
    body = evaluation.to_json(debate=debate.slug, party="")
    body["party"] = None
    return body


@router.get(
    "/api/debates/{slug}/strength",
    operation_id="read_strength",
    summary="Gradual strength of every node for one party (DF-QuAD)",
    response_model=StrengthOut,
    responses=EVALUATION_PROBLEMS,
)
def read_strength(debate: DebateDep, party: PartyQuery, store: StoreDep,
                  cache: CacheDep) -> StrengthOut:
    """A number in [0, 1] per node: how strongly it stands for `party`."""
    debate, doc = load_doc(store, cache, debate)
    acceptance = doc.acceptance_of(party)
    scores = _cached(cache, debate, "strength", party,
                     compute=lambda: engine.strength(doc, acceptance))
    return StrengthOut(debate=debate.slug, party=party, strength=scores)
