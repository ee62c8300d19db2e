"""Bearer tokens -> the calling actor, and the role checks every route reuses.

``Authorization: Bearer TOKEN``; the store looks the token up by its SHA-256 digest
(:mod:`kb.auth`), so the raw token is never stored nor logged. No header: an anonymous
caller, who may read public debates. A header with an unknown or revoked token: 401,
whatever the route, so a client never mistakes a bad token for anonymity.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import AuthRequiredError, ForbiddenError, TooManyAttemptsError
from api.signin import session_actor
from kb.auth import Actor, can_create, can_edit, can_read
from kb.ratelimit import FailureLimiter
from kb.store import Store

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="A token from `argmap user add NAME --role ROLE` or `POST /api/users`.",
)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Actor | None:
    """The actor of the bearer token, else of the sign-in cookie, else None (anonymous)."""
    header = request.headers.get("authorization")
    if header is None:
        return session_actor(request)
    if credentials is None or not credentials.credentials.strip():
        raise AuthRequiredError(
            "the Authorization header must be 'Bearer TOKEN'; get a token with "
            "'argmap user add NAME --role editor'"
        )
    client = request.client.host if request.client else "-"
    limiter = failed_tokens(request)
    wait = limiter.retry_after(client)
    if wait > 0:
        raise TooManyAttemptsError(
            f"too many unknown bearer tokens from this client; wait {wait:.0f} s", retry_after=wait
        )
    actor = _store(request).actor_for_token(credentials.credentials.strip())
    if actor is None:
        limiter.failed(client)
        raise AuthRequiredError(
            "the bearer token is unknown or revoked; ask an admin for a new one"
        )
    return actor


def failed_tokens(request: Request) -> FailureLimiter:
    """The app's limiter of unknown bearer tokens, per client address (made on first use)."""
    limiter: FailureLimiter | None = getattr(request.app.state, "failed_tokens", None)
    if limiter is None:
        limiter = request.app.state.failed_tokens = FailureLimiter(limit=20, window=60)
    return limiter


ActorDep = Annotated[Actor | None, Depends(current_actor)]


def require_actor(actor: ActorDep) -> Actor:
    """The calling actor; 401 for an anonymous caller."""
    if actor is None:
        raise AuthRequiredError(
            "this change needs a bearer token (Authorization: Bearer TOKEN) of an editor "
            "or admin"
        )
    return actor


UserDep = Annotated[Actor, Depends(require_actor)]


def require_admin(actor: UserDep) -> Actor:
    """The calling actor if they are an admin; 403 otherwise."""
    if not actor.is_admin:
        raise ForbiddenError(f"only admins may do this; '{actor.name}' is {actor.role}")
    return actor


AdminDep = Annotated[Actor, Depends(require_admin)]


def require_creator(actor: UserDep) -> Actor:
    """The calling actor if they may create debates (admins and editors); 403 otherwise."""
    if not can_create(actor):
        raise ForbiddenError(
            f"only editors and admins may create debates; '{actor.name}' is {actor.role}"
        )
    return actor


CreatorDep = Annotated[Actor, Depends(require_creator)]


def check_editor(actor: Actor | None, slug: str) -> Actor:
    """Return `actor` if they may change debate `slug`; 401 or 403 otherwise."""
    actor = require_actor(actor)
    if not can_edit(actor, slug):
        raise ForbiddenError(
            f"'{actor.name}' ({actor.role}) may not change debate '{slug}'; an admin can "
            f"grant it with PUT /api/debates/{slug}/editors/{actor.name}"
        )
    return actor


def visible(actor: Actor | None, slug: str, *, public: bool) -> bool:
    """Say whether `actor` may see debate `slug` (private debates: admins and editors)."""
    return can_read(actor, slug, public=public)
