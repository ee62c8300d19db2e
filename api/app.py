"""The FastAPI application: ``create_app()`` wires the store (with its caches), routes and pages.

``argmap serve`` runs ``uvicorn.run("api.app:create_app", factory=True, workers=N)``; each
worker builds its own app, engine and store, and nothing but the evaluation cache (keyed
by debate revision, so it cannot go stale) lives across requests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.budget import RequestBudgetMiddleware
from api.collector import pace_collector
from api.deps import mark_required_if_match
from api.limits import BodyLimitMiddleware
from api.messages import MessageMiddleware
from api.observability import RequestIdMiddleware
from api.openapi_docs import install_docs, swagger_page
from api.pages.documents import router as document_pages_router
from api.pages.routes import router as pages_router
from api.pages.workbench import router as workbench_router
from api.problems import install_problem_handlers, problem_responses
from api.routes import ROUTERS
from api.security import SecurityHeadersMiddleware, content_security_policy
from api.signin import AccountMiddleware
from api.signin import router as signin_router
from api.warm import start_warming
from kb.db import make_engine
from kb.settings import resolve_db_url
from kb.store import Store

log = logging.getLogger("argmap.api")
PAGES_STATIC = Path(__file__).parent / "pages" / "static"
GZIP_MINIMUM = 4096
"""Answers shorter than this many bytes are sent as they are."""

DESCRIPTION = """\
Argmap's REST API: debates as claim graphs (claims and evidence, supports and rebuts,
undercutters), each party's acceptance, and which claims stand for whom and why.

* **Auth**: `Authorization: Bearer TOKEN`. Anyone may read public debates; writes need an
  editor of that debate or an admin (401 without a valid token, 403 with the wrong role).
* **Concurrency**: every single resource carries an `ETag`; `PATCH`, `PUT` and `DELETE`
  need `If-Match` (428 when missing, 412 when stale).
* **Errors**: `application/problem+json` (RFC 9457).
* **Lists**: `limit` (default 50, at most 500) and `offset` (or `cursor`), envelope
  `{"items", "total", "limit", "offset", "next"}`.

The walk-through with curl examples is `docs/api.md`.
"""

TAGS = [
    {"name": "health", "description": "Liveness and readiness."},
    {"name": "debates", "description": "Debates and their settings."},
    {"name": "sources", "description": "The documents a debate cites."},
    {"name": "documents", "description": "Source texts, their numbered passages, coverage."},
    {"name": "parties", "description": "The sides of a debate and what each accepts."},
    {"name": "nodes", "description": "Claims and evidence."},
    {"name": "edges", "description": "Supports and rebuttals, undercutters included."},
    {"name": "evaluation", "description": "Which claims stand for whom, and why."},
    {"name": "history", "description": "Revisions and revert."},
    {"name": "editing", "description": "Batches as one revision, one stance, undo."},
    {"name": "transfer", "description": "Export and import in every format."},
    {"name": "users", "description": "Users, tokens and editor grants (admins)."},
]


def _include_pages(app: FastAPI) -> None:
    """Mount the students' pages and their static files."""
    app.mount("/static", StaticFiles(directory=str(PAGES_STATIC)), name="static")
    app.include_router(signin_router)
    app.include_router(workbench_router)  # before the pages: /debates/new is no slug
    app.include_router(pages_router)
    app.include_router(document_pages_router)


AUTH_REQUIRED_READS = {"list_users", "read_user", "read_me"}
"""GET operations that need a token; every other read is open to anonymous callers."""


def _document_optional_auth(app: FastAPI) -> None:
    """Mark the bearer token optional on reads (anyone may read public debates)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for path in document["paths"].values():
            for method, operation in path.items():
                reading = method == "get" or operation.get("operationId") == "evaluate_what_if"
                optional = operation.get("operationId") not in AUTH_REQUIRED_READS
                if reading and optional and "security" in operation:
                    operation["security"] = [{}, *operation["security"]]
        mark_required_if_match(document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


class NotModifiedMiddleware:
    """Answer a GET whose ``If-None-Match`` names the current ETag with 304, no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        wanted = headers.get(b"if-none-match")
        if scope["type"] != "http" or scope["method"] != "GET" or wanted is None:
            await self.app(scope, receive, send)
            return
        tags = {tag.strip() for tag in wanted.decode("latin-1").split(",")}
        swallowing = False

        async def conditional_send(message: Message) -> None:
            nonlocal swallowing
            if message["type"] == "http.response.start" and message["status"] == 200:
                etag = dict(message.get("headers", [])).get(b"etag", b"").decode("latin-1")
                if etag and (etag in tags or "*" in tags):
                    swallowing = True
                    await send({"type": "http.response.start", "status": 304,
                                "headers": [(b"etag", etag.encode("latin-1"))]})
                    return
            if swallowing:
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app(scope, receive, conditional_send)


def attach_database(app: FastAPI, url: str) -> None:
    """Point `app` at the database of `url`, with empty caches: the whole per-process state
    of a worker (the engine and its pool, the store, the caches, the sign-in limiter)."""
    engine = make_engine(url)
    app.state.engine = engine
    app.state.store = Store(engine)
    app.state.pages = None
    app.state.failed_tokens = None


def _policy(title: str) -> str:
    """The Content-Security-Policy, allowing the fixed inline blocks Argmap serves."""
    fixed = [bytes(swagger_page(title).body).decode("utf-8")]
    try:
        from kb.formats import html

        fixed.append(html.TEMPLATE)
    except ModuleNotFoundError:
        pass
    return content_security_policy(fixed)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    start_warming(app.state)
    yield
    # Close pooled connections at shutdown, so a PostgreSQL database is not left in use.
    app.state.engine.dispose()


def create_app(db_url: str | None = None) -> FastAPI:
    """Build the application over the database at `db_url` (default: ARGMAP_DB, argmap.db)."""
    url = db_url or resolve_db_url()
    pace_collector()
    app = FastAPI(
        title="Argmap",
        version="0.1.0",
        summary="An argument-mapping knowledge base over REST.",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        responses=problem_responses(500),
        lifespan=_lifespan,
    )
    attach_database(app, url)
    install_problem_handlers(app)
    # large answers gzipped for clients that accept it (pages come gzipped from their cache)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=5)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(NotModifiedMiddleware)
    app.add_middleware(MessageMiddleware)
    app.add_middleware(AccountMiddleware)
    app.add_middleware(RequestBudgetMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, policy=_policy(app.title))
    app.add_middleware(RequestIdMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    _document_optional_auth(app)
    install_docs(app)
    _include_pages(app)
    return app
