"""The API's routers, one module per group of routes; ``ROUTERS`` in mounting order."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    debates,
    documents,
    edges,
    editing,
    evaluation,
    flips,
    health,
    links,
    nodes,
    parties,
    revisions,
    search,
    sources,
    transfer,
    users,
)

ROUTERS: list[APIRouter] = [
    health.router,
    debates.router,
    sources.router,
    documents.router,
    parties.router,
    nodes.router,
    edges.router,
    evaluation.router,
    flips.router,
    revisions.router,
    editing.router,
    transfer.router,
    search.router,
    links.router,
    users.router,
]
