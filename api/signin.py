"""People signing in to the pages: ``GET/POST /login``, ``POST /logout``, the session
cookie, and the CSRF token every cookie-authenticated write to ``/api`` must carry.

The cookie ``argmap_session`` holds a random token (the database keeps its SHA-256
digest, :mod:`kb.store.sessions`); it is HttpOnly, SameSite=Lax, Secure when the page is
served over HTTPS, and expires with the session. The CSRF token is an HMAC of the session
token: the pages put it in ``<meta name="csrf-token">`` and send it as ``X-CSRF-Token``;
another site can neither read the cookie nor compute the token. Bearer tokens need none.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from typing import Annotated
from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.pages.templating import templates
from api.problems import ForbiddenError
from api.signin_limits import SignInLimiter, delay_after
from kb.auth import Actor
from kb.store import Store
from kb.store.sessions import SESSION_LIFETIME

COOKIE = "argmap_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY_POSTS = ("/what-if",)
"""API POSTs that change nothing: a cookie without the CSRF token just reads as anonymous."""

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
limiter = SignInLimiter()


class CsrfError(ForbiddenError):
    """A cookie-authenticated write without the page's CSRF token."""

    code = "csrf-token-missing"


def csrf_token(session_token: str) -> str:
    """The CSRF token of a session (an HMAC of its token).

    >>> len(csrf_token("abc")), csrf_token("abc") == csrf_token("abd")
    (43, False)
    """
    digest = hmac.new(session_token.encode(), b"argmap-csrf", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in bytes(value).decode("latin-1").split(";"):
                key, _, raw = part.strip().partition("=")
                if key == COOKIE and raw:
                    return str(raw)
    return None


class AccountMiddleware:
    """Resolve the session cookie once per request: ``request.state.account`` (an Actor
    or None) and ``request.state.csrf_token``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            raw = _cookie(scope)
            account = None
            if raw is not None:
                store: Store = scope["app"].state.store
                account = await anyio.to_thread.run_sync(store.actor_for_session, raw)
            state["account"] = account
            state["session_token"] = raw if account is not None else None
            state["csrf_token"] = csrf_token(raw) if account is not None and raw else ""
        await self.app(scope, receive, send)


def session_actor(request: Request) -> Actor | None:
    """The signed-in account of `request`; a write to the API without the CSRF token: 403."""
    account: Actor | None = getattr(request.state, "account", None)
    if account is None:
        return None
    if request.method in SAFE_METHODS or not request.url.path.startswith("/api/"):
        return account
    sent = request.headers.get(CSRF_HEADER.lower(), "")
    if hmac.compare_digest(sent.encode(), request.state.csrf_token.encode()):
        return account
    if request.url.path.endswith(READ_ONLY_POSTS):
        return None
    raise CsrfError(
        f"this change was sent with a sign-in cookie but without the {CSRF_HEADER} header "
        "the pages send; reload the page and try again, or use a bearer token"
    )


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never ``//host``) may be where a sign-in leads."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _login_page(request: Request, *, status: int = 200, error: str = "",
                username: str = "", next_path: str = "/") -> Response:
    return templates.TemplateResponse(
        request, "login.html",
        {"error": error, "username": username, "next": _safe_next(next_path)},
        status_code=status)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form (fields ``username`` and ``password``)."""
    return _login_page(request, next_path=next)


@router.post("/login")
async def login(request: Request, username: Annotated[str, Form(max_length=200)] = "",
                password: Annotated[str, Form(max_length=1024)] = "",
                next: Annotated[str, Form(max_length=500)] = "/") -> Response:
    """Check the password; on success a redirect with the session cookie."""
    store: Store = request.app.state.store
    address = request.client.host if request.client else "unknown"
    name = username.strip().lower()
    wait = limiter.wait(name, address)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        response = _login_page(
            request, status=429, username=username, next_path=next,
            error=f"Too many failed sign-ins. Try again in about {minutes} minute(s).")
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    user = await anyio.to_thread.run_sync(store.check_password, name, password)
    if user is None:
        failures = limiter.failed_at(name, address)
        await asyncio.sleep(delay_after(failures))
        return _login_page(request, status=401, username=username, next_path=next,
                           error="The user name or the password is wrong.")
    limiter.signed_in(name)
    token = await anyio.to_thread.run_sync(store.open_session, user.name)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request,
                 csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """End the session and forget the cookie."""
    raw = getattr(request.state, "session_token", None)
    if raw and hmac.compare_digest(csrf_token.encode(), request.state.csrf_token.encode()):
        store: Store = request.app.state.store
        await anyio.to_thread.run_sync(store.close_session, raw)
    elif raw:
        return templates.TemplateResponse(
            request, "error.html",
            {"status": 403, "detail": "Sign out from the button of an Argmap page."},
            status_code=403)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


def login_redirect(request: Request) -> Response:
    """Send an anonymous visitor to the sign-in form, coming back here after."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here)}", status_code=303)
