"""The ``X-Argmap-Message`` header: an editor's reason for a change, kept in its revision.

Any write may carry it (percent-encoded UTF-8, as JavaScript's ``encodeURIComponent``
writes it); the middleware hands it to the store through :func:`kb.store.notes.noting`.
Routes whose body has a ``message`` field use that instead when it is given.
"""

from __future__ import annotations

from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

from kb.store.notes import noting

HEADER = b"x-argmap-message"


class MessageMiddleware:
    """Carry ``X-Argmap-Message`` to every revision the request writes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = None
        if scope["type"] == "http":
            raw = dict(scope.get("headers", [])).get(HEADER)
        if raw is None:
            await self.app(scope, receive, send)
            return
        message = unquote(raw.decode("latin-1"), errors="replace")
        with noting(message):
            await self.app(scope, receive, send)
