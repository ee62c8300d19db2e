"""``GET /api/health``: the process answers and its database is reachable."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from api.deps import StoreDep
from api.problems import problem_response, problem_responses

router = APIRouter(tags=["health"])
log = logging.getLogger("argmap.api")


class Health(BaseModel):
    status: str
    database: str


@router.get(
    "/api/health",
    operation_id="read_health",
    summary="Liveness and database reachability",
    response_model=Health,
    responses=problem_responses(503),
)
def read_health(request: Request, store: StoreDep) -> Health | JSONResponse:
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        store.list_debates(limit=1)
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", exc.__class__.__name__)
        return problem_response(
            503, "the database does not answer; check ARGMAP_DB and that it is migrated",
            instance=request.url.path, code="database-unavailable",
        )
    return Health(status="ok", database=store.engine.dialect.name)
