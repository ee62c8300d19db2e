"""Security headers on every answer, and a Content-Security-Policy the pages meet.

The pages load their script and style sheet from ``/static`` and carry no inline script;
the only inline blocks Argmap serves are fixed texts known at start-up (the handout's
``<style>`` of :mod:`kb.formats.html`, the Swagger UI start-up script of ``/docs``), which
the policy allows by their SHA-256 hash, so an injected inline script or style would not
run. The maps are inline SVG painted with presentation attributes, and ``data:`` images
are allowed for the empty favicon.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware import HttpMiddleware

INLINE = re.compile(r"<(script|style)(?:\s[^>]*)?>(.*?)</\1>", re.S | re.I)

BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def inline_hashes(html: str) -> dict[str, list[str]]:
    """CSP hash sources of the inline ``<script>`` and ``<style>`` blocks of `html`.

    >>> inline_hashes("<style>p{}</style><script src='/a.js'></script>")
    {'script': [], 'style': ["'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='"]}
    """
    found: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in INLINE.findall(html):
        if body.strip():
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found[kind.lower()].append(f"'sha256-{digest}'")
    return found


def content_security_policy(fixed_documents: Iterable[str] = ()) -> str:
    """The policy of every HTML answer, allowing the inline blocks of `fixed_documents`.

    >>> "script-src 'self'" in content_security_policy()
    True
    """
    scripts: list[str] = []
    styles: list[str] = []
    for html in fixed_documents:
        hashes = inline_hashes(html)
        scripts += hashes["script"]
        styles += hashes["style"]
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *sorted(set(scripts))]),
        "style-src " + " ".join(["'self'", *sorted(set(styles))]),
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware(HttpMiddleware):
    """Add the security headers to every answer, and `policy` to every HTML one."""

    def __init__(self, app: ASGIApp, *, policy: str) -> None:
        super().__init__(app)
        self.policy = policy.encode("latin-1")

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in BASE_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                kind = dict(headers).get(b"content-type", b"")
                if kind.startswith(b"text/html") or kind.startswith(b"image/svg+xml"):
                    headers.append((b"content-security-policy", self.policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
