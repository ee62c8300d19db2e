"""What would change one party's verdict on a node: the flips route. Cached per (debate
identity and revision, party, node, semantics, target, limit) in the store's caches and run
within the compute budget."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.budget import compute_seconds, run_bounded
from api.deps import DebateDocDep, ItemKey
from api.problems import problem_responses
from api.routes.evaluation import PartyQuery, SemanticsQuery
from kb import engine
from kb.doc import Stance
from kb.engine import Label, Semantics
from kb.engine.flips import DEFAULT_LIMIT, MAX_LIMIT

router = APIRouter(tags=["evaluation"])


class FlipChangeOut(BaseModel):
    item: str = Field(description="A node key or `edge:ID`.")
    stance: Stance = Field(description="The stance the party would take on it.")


class FlipsOut(BaseModel):
    debate: str
    party: str
    node: str
    semantics: Semantics
    label: Label = Field(description="The node's label for the party now.")
    to: Label = Field(description="The label the changes lead to.")
    size: int | None = Field(
        description="Changes per set: the fewest that work (0: the label is already `to`; "
        "null: no set of changes does it, or none was found in time: see `at_least`).")
    flips: list[list[FlipChangeOut]] = Field(
        description="Every set of `size` changes after which the node is labelled `to`.")
    complete: bool = Field(description="False when there are more sets than `limit`, or "
                           "may be: the search stopped at its time limit.")
    at_least: int | None = Field(
        None, description="When the search stopped at its time limit before finding a set: "
        "no set of fewer changes works (larger ones were not searched); else null.")


@router.get(
    "/api/debates/{slug}/nodes/{key}/flips",
    operation_id="read_flips",
    summary="What would change one party's label of a node",
    response_model=FlipsOut,
    responses=problem_responses(401, 404, 422, 503),
)
def read_flips(
    read: DebateDocDep,
    key: ItemKey,
    party: PartyQuery,
    semantics: SemanticsQuery = Semantics.GROUNDED,
    to: Annotated[Label | None, Query(
        description="IN, OUT or UNDEC; default OUT for a node that is IN, else IN.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT,
                                description="Most sets listed.")] = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """The smallest sets of changes to `party`'s acceptance (accepting, rejecting or
    withdrawing a stance on any item that reaches the node) after which the node has the
    label `to` under `semantics` (the skeptical view). The search stops after half the
    compute budget (``ARGMAP_COMPUTE_SECONDS``) with what it has: the sets of the smallest
    size found so far (`complete` false), or none and `at_least`, the size below which no
    set works. The whole budget stays the guard: 503 when it is spent."""
    doc = read.doc
    doc.node(key)
    doc.party(party)
    target = None if to is None else to.value
    found: engine.Flips = read.cached(
        "flips", party, key, semantics.value, target, limit,
        compute=lambda: run_bounded(engine.flips_party, doc, party, key, semantics=semantics,
                                    to=target, limit=limit, time_limit=compute_seconds() / 2,
                                    what="the flips search"),
    )
    return found.to_json(debate=read.debate.slug, party=party)
