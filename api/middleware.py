"""The opening every pure ASGI middleware of the app shares: HTTP requests only.

Examples
--------
>>> def run(step):  # drive a coroutine that never waits, without an event loop
...     try:
...         step.send(None)
...     except StopIteration:
...         pass
>>> class Hello(HttpMiddleware):
...     async def http(self, scope, receive, send):
...         await send({"type": "seen", "path": scope["path"]})
>>> async def inner(scope, receive, send):
...     await send({"type": "passed", "scope": scope["type"]})
>>> sent = []
>>> async def send(message): sent.append(message)
>>> run(Hello(inner)({"type": "lifespan"}, None, send))
>>> run(Hello(inner)({"type": "http", "path": "/"}, None, send))
>>> sent
[{'type': 'passed', 'scope': 'lifespan'}, {'type': 'seen', 'path': '/'}]
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """A pure ASGI middleware acting on HTTP requests (:meth:`http`); anything else
    (lifespan, websockets) passes through to `app` untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request (the subclass's work)."""
        raise NotImplementedError
