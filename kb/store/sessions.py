"""Store methods for people signing in: passwords and browser sessions.

A session is a random token kept in the browser's cookie; the database holds only its
SHA-256 digest, with an expiry. Sessions live in the database (not in a signed cookie) so
that signing out ends the session at once on every worker and host, and no secret key
has to be shared between them.

Examples
--------
>>> from kb.store import Store
>>> store = Store.memory()
>>> _ = store.add_user("ann", "editor")
>>> store.set_password("ann", "a long password")
>>> store.check_password("ann", "a long password").name
'ann'
>>> store.check_password("ann", "nope") is None
True
>>> token = store.open_session("ann")
>>> store.actor_for_session(token).role
'editor'
>>> store.close_session(token), store.actor_for_session(token)
(True, None)
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import col, select

from kb.auth import Actor, hash_token, new_token
from kb.errors import NotFoundError
from kb.models import User, UserSession, row_id, utcnow
from kb.passwords import check_new_password, dummy_verify, hash_password, verify_password
from kb.schemas import UserPublic
from kb.store.accounts import public_user
from kb.store.core import StoreBase

SESSION_LIFETIME = timedelta(hours=12)
"""How long a sign-in lasts."""


class SessionMethods(StoreBase):
    """Passwords and sessions."""

    def set_password(self, name: str, password: str) -> None:
        """Set user `name`'s password (stored as an argon2 hash); ends its sessions."""
        check_new_password(password)
        hashed = hash_password(password)
        with self.writing() as session:
            user = session.exec(select(User).where(col(User.name) == name)).first()
            if user is None:
                raise NotFoundError(f"no user '{name}'; create one with: argmap user add {name}"
                                    " --role editor")
            session.execute(update(User).where(col(User.id) == user.id)
                            .values(password_hash=hashed))
            session.execute(delete(UserSession).where(col(UserSession.user_id) == user.id))

    def check_password(self, name: str, password: str) -> UserPublic | None:
        """Return user `name` if `password` is theirs, else None (as slow either way)."""
        with self.reading() as session:
            user = session.exec(select(User).where(col(User.name) == name)).first()
            stored = user.password_hash if user is not None else None
        if stored is None:
            dummy_verify(password)
            return None
        if not verify_password(stored, password):
            return None
        found: UserPublic = self.get_user(name)  # type: ignore[attr-defined]
        return found

    def open_session(self, name: str) -> str:
        """Start a session for user `name`; returns the raw token for the cookie."""
        raw = new_token()
        with self.writing() as session:
            user = session.exec(select(User).where(col(User.name) == name)).first()
            if user is None:
                raise NotFoundError(f"no user '{name}'")
            now = utcnow()
            session.execute(delete(UserSession).where(col(UserSession.expires_at) < now))
            session.add(UserSession(user_id=row_id(user), token_hash=hash_token(raw),
                                    created_at=now, expires_at=now + SESSION_LIFETIME))
        return raw

    def actor_for_session(self, raw: str) -> Actor | None:
        """Return the Actor of a live session token, else None."""
        if not raw:
            return None
        with self.reading() as session:
            found = session.exec(
                select(UserSession, User).join(User, col(User.id) == UserSession.user_id)
                .where(col(UserSession.token_hash) == hash_token(raw))
            ).first()
            if found is None:
                return None
            record, user = found
            expires = record.expires_at
            if expires.tzinfo is None:
                expires = expires.replace(tzinfo=utcnow().tzinfo)
            if expires <= utcnow():
                return None
            public = public_user(session, user)
            return Actor(name=user.name, role=user.role, editor_of=frozenset(public.editor_of),
                         global_editor=user.global_editor)

    def close_session(self, raw: str) -> bool:
        """End the session of `raw`; False if there was none."""
        with self.writing() as session:
            gone = session.execute(delete(UserSession)
                                   .where(col(UserSession.token_hash) == hash_token(raw)))
            return bool(gone.rowcount)  # type: ignore[attr-defined]
