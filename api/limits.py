"""Request body caps, enforced before any route parses a byte.

JSON bodies may hold at most ``MAX_BODY`` (1 MB); the import route, which takes whole
files, at most ``MAX_IMPORT_BODY`` (20 MB). A declared ``Content-Length`` over the cap is
refused at once; a body without one is counted as it streams in and refused as soon as it
passes the cap. Either way the answer is a 413 problem and nothing is read further. A body
carrying a NUL character (raw, or as the JSON escape ``\u0000``) is a 422: PostgreSQL
cannot store it, and both backends must answer alike.
"""

from __future__ import annotations

import re

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware
from api.problems import problem_response

MAX_BODY = 1_000_000
MAX_IMPORT_BODY = 20_000_000
LARGE_BODY_PATHS = ("/api/import",)
MAX_DOCUMENT_BODY = 8_000_000
"""A document PUT: 2,000,000 bytes of text, with room for JSON escapes (kb.documents)."""
DOCUMENT_PATH = re.compile(r"^/api/debates/[^/]+/documents/[^/]+$")
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
"""``\u0000`` in JSON text (an escape, not an escaped backslash followed by ``u0000``)."""


def holds_nul(body: bytes) -> bool:
    r"""Say whether a request body carries a NUL character, raw or as a JSON escape.

    PostgreSQL cannot store NUL in text, so it is refused everywhere, on every backend.

    >>> holds_nul(b'{"text": "a\u0000b"}'), holds_nul(b'{"text": "a\\\\u0000b"}')
    (True, False)
    """
    return b"\x00" in body or JSON_NUL.search(body) is not None


def cap_for(path: str) -> int:
    """Return the body cap of the route at `path`.

    >>> cap_for("/api/import"), cap_for("/api/debates"), cap_for("/api/debates/d/documents/t")
    (20000000, 1000000, 8000000)
    """
    if DOCUMENT_PATH.match(path):
        return MAX_DOCUMENT_BODY
    return MAX_IMPORT_BODY if path in LARGE_BODY_PATHS else MAX_BODY


class BodyLimitMiddleware(HttpMiddleware):
    """Refuse request bodies over the cap of their route with a 413 problem."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        cap = cap_for(scope["path"])
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await self._refuse(scope, receive, send, cap)
            return
        # Read the whole body here (at most `cap` bytes) so an undeclared length is
        # bounded too, then hand it to the app as if it came from the client.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > cap:
                await self._refuse(scope, receive, send, cap)
                return
            chunks.append(body)
            more = message.get("more_body", False)
        if holds_nul(b"".join(chunks)):
            response = problem_response(
                422, "text may not contain NUL characters (U+0000); remove them",
                instance=scope["path"], code="invalid-input",
            )
            await response(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, cap: int) -> None:
        response = problem_response(
            413,
            f"the request body is larger than {cap:,} bytes; send less"
            + ("" if cap != MAX_BODY else ", or load big debates with POST /api/import"),
            instance=scope["path"],
            code="payload-too-large",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
