"""Which claims stand for whom: evaluation, explanation, comparison, cruxes, what-if,
strength. Every result is cached per (debate identity and revision, position, semantics)
in the store's caches; the debate and its document are read in one transaction."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from api.budget import run_bounded, run_sized
from api.deps import DebateDocDep, ItemKey
from api.packed import Packed
from api.problems import problem_responses
from kb import engine
from kb.doc import KEY_PATTERN, DebateDoc, Stance
from kb.engine import Label, Semantics
from kb.errors import InvalidInputError
from kb.evaluations import grounded_json

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


def json_bytes(body: Any) -> bytes:
    """`body` as the bytes a JSON answer of the API carries.

    >>> json_bytes({"labels": {"c": "IN"}})
    b'{"labels":{"c":"IN"}}'
    """
    return to_json(body)


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
def read_evaluation(request: Request, read: DebateDocDep, party: PartyQuery,
                    semantics: SemanticsQuery = Semantics.GROUNDED) -> Response:
    """IN, OUT or UNDEC per node (and per edge) from the evidence `party` accepts; for
    complete, preferred and stable also every labelling and the credulous and skeptical
    views. The same JSON as `argmap evaluate --format json`.

    The answer is serialized once per revision and kept. Grounded labels (linear in the
    debate's size) are computed in the server process and, after a write, only where the
    write can reach (:mod:`kb.evaluations`); the other semantics run bounded."""
    debate, doc = read.debate, read.doc

    def answer() -> Packed:
        if semantics == Semantics.GROUNDED:
            body = grounded_json(read.caches, read.key, doc, party)
        else:
            body = run_sized(engine.evaluate_party, doc, party, semantics=semantics,
                             size=len(doc.nodes), what="the evaluation",
                             ).to_json(debate=debate.slug, party=party)
        return Packed.of(json_bytes(body))

    kept: Packed = read.caches.answers.get((read.key, "evaluation", party, semantics.value),
                                           answer)
    return kept.response(request, "application/json")


@router.get(
    "/api/debates/{slug}/nodes/{key}/explanation",
    operation_id="read_explanation",
    summary="Why a node has its label for one party",
    response_model=ExplanationOut,
    responses=EVALUATION_PROBLEMS,
)
def read_explanation(read: DebateDocDep, key: ItemKey, party: PartyQuery,
                     semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """The reasons, most direct first: the support chain down to accepted evidence and
    what defeats each attacker (IN), the standing attacker or the missing support (OUT),
    or the cycle that holds it open (UNDEC)."""
    doc = read.doc
    doc.node(key)
    explanation = read.cached(
        "explanation", party, key, semantics.value,
        compute=lambda: run_sized(engine.explain_party, doc, party, key, semantics=semantics,
                                  size=len(doc.nodes), what="the explanation"),
    )
    return explanation.to_json()


@router.get(
    "/api/debates/{slug}/comparison",
    operation_id="read_comparison",
    summary="Where two parties agree and diverge",
    response_model=ComparisonOut,
    responses=EVALUATION_PROBLEMS,
)
def read_comparison(read: DebateDocDep, parties: PartiesQuery,
                    semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """Nodes both parties label IN, OUT or UNDEC, and the nodes they label differently."""
    doc = read.doc
    first, second = _two_parties(doc, parties)
    comparison = read.cached("comparison", first, second, semantics.value,
                             compute=lambda: run_sized(engine.compare, doc, first, second,
                                                       semantics=semantics, size=len(doc.nodes),
                                                       what="the comparison"))
    return comparison.to_json()


@router.get(
    "/api/debates/{slug}/cruxes",
    operation_id="read_cruxes",
    summary="What would settle each divergent claim",
    response_model=CruxesOut,
    responses=problem_responses(401, 404, 422, 503),
)
def read_cruxes(read: DebateDocDep, parties: PartiesQuery,
                semantics: SemanticsQuery = Semantics.GROUNDED) -> dict[str, Any]:
    """For each claim the two parties label differently, the smallest sets of items on
    which their acceptance differs whose change (by either party) makes them agree.
    The search has a time budget (30 s by default): 503 when it is spent."""
    doc = read.doc
    first, second = _two_parties(doc, parties)
    found = read.cached("cruxes", first, second, semantics.value,
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
    read: DebateDocDep,
    data: Annotated[WhatIf, Body(examples=[
        {"acceptance": {"e1": "accepted", "e2": "rejected"}, "semantics": "grounded"},
        {"party": "wong", "acceptance": {"e2": "rejected"}},
    ])],
    ) -> dict[str, Any]:
    """Evaluate any acceptance (a student's own position); nothing is stored. With
    `party`, the given items override that party's acceptance. Readers may call it."""
    debate, doc = read.debate, read.doc
    acceptance: dict[str, Stance] = dict(doc.acceptance_of(data.party)) if data.party else {}
    acceptance.update(data.acceptance)
    digest = hashlib.sha256(
        json.dumps(sorted((k, str(v)) for k, v in acceptance.items())).encode()
    ).hexdigest()
    evaluation = read.cached("what-if", digest, data.semantics.value,
                             compute=lambda: run_sized(engine.what_if, doc, acceptance,
                                                       semantics=data.semantics,
                                                       size=len(doc.nodes), what="the what-if"))
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
def read_strength(read: DebateDocDep, party: PartyQuery) -> StrengthOut:
    """A number in [0, 1] per node: how strongly it stands for `party`."""
    debate, doc = read.debate, read.doc
    acceptance = doc.acceptance_of(party)
    scores = read.cached("strength", party,
                         compute=lambda: run_sized(engine.strength, doc, acceptance,
                                                   size=len(doc.nodes), what="the strength"))
    return StrengthOut(debate=debate.slug, party=party, strength=scores)
