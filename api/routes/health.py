"""``GET /api/health`` (the process answers and its database is reachable) and
``GET /api/ready`` (and the schema is at the version this code needs: ready for traffic)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from api.deps import StoreDep
from api.problems import problem_response, problem_responses
from kb.db import head_revision, schema_revision

router = APIRouter(tags=["health"])
log = logging.getLogger("argmap.api")


class Health(BaseModel):
    status: str
    database: str


class Ready(BaseModel):
    status: str
    database: str
    schema_version: str | None = Field(description="The database's Alembic revision.")


def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("%s: database unreachable: %s", request.url.path, exc.__class__.__name__)
    return problem_response(
        503, "the database does not answer; check ARGMAP_DB and that it is migrated",
        instance=request.url.path, code="database-unavailable",
    )


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
        return _unavailable(request, exc)
    return Health(status="ok", database=store.engine.dialect.name)


@router.get(
    "/api/ready",
    operation_id="read_ready",
    summary="Readiness: database reachable and schema at the newest version",
    response_model=Ready,
    responses=problem_responses(503),
)
def read_ready(request: Request, store: StoreDep) -> Ready | JSONResponse:
    """Answer 200 when the database answers and its schema is at the version this server
    needs (a load balancer may send traffic), 503 otherwise (not yet migrated, or down)."""
    try:
        store.list_debates(limit=1)
        version = schema_revision(store.engine)
    except SQLAlchemyError as exc:
        return _unavailable(request, exc)
    if version != head_revision():
        return problem_response(
            503, f"the database schema is at {version or 'no version'}, not "
            f"{head_revision()}; run: argmap db upgrade", instance=request.url.path,
            code="schema-outdated",
        )
    return Ready(status="ready", database=store.engine.dialect.name, schema_version=version)
