"""Users, bearer tokens (stored as SHA-256 digests) and per-debate editor grants.

:class:`Accounts` holds the store's methods for them (a :class:`~kb.store.Store` is one).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from kb.auth import ROLES, Actor, Role, hash_token, new_token, token_matches
from kb.auth import can_edit as _can_edit
from kb.auth import can_read as _can_read
from kb.doc import KEY_RE
from kb.errors import ConflictError, InvalidInputError, NotFoundError
from kb.models import ApiToken, Debate, DebateRole, User, row_id, utcnow
from kb.schemas import UserPublic
from kb.store.core import StoreBase


def user_row(session: Session, name: str) -> User:
    """Return the row of user `name`; NotFoundError if there is none."""
    user = session.exec(select(User).where(col(User.name) == name)).first()
    if user is None:
        raise NotFoundError(f"no user '{name}'; create one with: argmap user add {name}")
    return user


def public_user(session: Session, user: User) -> UserPublic:
    """Return the API shape of a user, with the debates it edits."""
    slugs = session.exec(
        select(Debate.slug).join(DebateRole, col(DebateRole.debate_id) == Debate.id)
        .where(col(DebateRole.user_id) == user.id).order_by(col(Debate.slug))
    ).all()
    return UserPublic(name=user.name, role=user.role, global_editor=user.global_editor,
                      created_at=user.created_at, editor_of=list(slugs))


class Accounts(StoreBase):
    """Users, tokens and editor grants, on the store's database."""

    def add_user(self, name: str, role: str, *,
                 debates: Iterable[str] = ()) -> tuple[UserPublic, str]:
        """Create a user with a first token; returns the user and the raw token.

        `debates` are granted to the user as its editor. An editor created without
        `debates` is a global editor: it may edit every debate, public or private (but,
        unlike an admin, not manage users). ConflictError if the name is taken; the raw
        token is shown only here (only its hash is stored).

        >>> from kb.store import Store
        >>> store = Store.memory()
        >>> user, token = store.add_user("ann", "reader")
        >>> store.actor_for_token(token)
        Actor(name='ann', role='reader', editor_of=frozenset(), global_editor=False)
        >>> store.add_user("gil", "editor")[0].global_editor
        True
        >>> store.revoke_token("ann"), store.actor_for_token(token)
        (1, None)
        """
        if role not in ROLES:
            raise InvalidInputError(f"unknown role '{role}'; use one of: {', '.join(ROLES)}")
        chosen = Role(role)
        if not KEY_RE.match(name):
            raise InvalidInputError(
                f"'{name}' is not a valid user name (lower case a-z, 0-9, '_', '.', '-')")
        raw = new_token()
        with self.database.writing() as session:
            if session.exec(select(User).where(col(User.name) == name)).first() is not None:
                raise ConflictError(f"user '{name}' already exists; issue a new token with: "
                                    f"argmap user token {name}")
            debates = list(debates)
            user = User(name=name, role=chosen.value,
                        global_editor=chosen is Role.EDITOR and not debates)
            session.add(user)
            session.flush()
            assert user.id is not None
            session.add(ApiToken(user_id=user.id, token_hash=hash_token(raw)))
            for slug in debates:
                session.add(DebateRole(debate_id=row_id(self.database.debate_row(session, slug)),
                                       user_id=user.id))
            session.flush()
            public = public_user(session, user)
        return public, raw

    def get_user(self, name: str) -> UserPublic:
        """Return user `name`; NotFoundError if absent."""
        with self.database.reading() as session:
            return public_user(session, user_row(session, name))

    def list_users(self) -> list[UserPublic]:
        """Return every user, by name."""
        with self.database.reading() as session:
            users = session.exec(select(User).order_by(col(User.name))).all()
            return [public_user(session, u) for u in users]

    def issue_token(self, name: str) -> str:
        """Return a new raw token for user `name` (earlier tokens stay valid)."""
        raw = new_token()
        with self.database.writing() as session:
            user = user_row(session, name)
            assert user.id is not None
            session.add(ApiToken(user_id=user.id, token_hash=hash_token(raw)))
        return raw

    def revoke_token(self, name: str, *, token: str | None = None) -> int:
        """Revoke `token` of user `name`, or all of its tokens; returns how many."""
        with self.database.writing() as session:
            user = user_row(session, name)
            stmt = update(ApiToken).where(col(ApiToken.user_id) == user.id,
                                          col(ApiToken.revoked_at).is_(None))
            if token is not None:
                stmt = stmt.where(col(ApiToken.token_hash) == hash_token(token))
            result = session.execute(stmt.values(revoked_at=utcnow()))
            return int(result.rowcount)  # type: ignore[attr-defined]

    def actor_for_token(self, raw: str) -> Actor | None:
        """Return the Actor of a valid, unrevoked raw token, else None."""
        if not raw:
            return None
        with self.database.reading() as session:
            # The lookup is by digest; equal digests are compared again in constant time.
            found = session.exec(
                select(ApiToken, User).join(User, col(User.id) == ApiToken.user_id)
                .where(col(ApiToken.token_hash) == hash_token(raw),
                       col(ApiToken.revoked_at).is_(None))
            ).first()
            if found is None:
                return None
            token, user = found
            if not token_matches(raw, token.token_hash):
                return None
            public = public_user(session, user)
            return Actor(name=user.name, role=user.role, editor_of=frozenset(public.editor_of),
                         global_editor=user.global_editor)

    def grant_editor(self, slug: str, name: str) -> None:
        """Make user `name` an editor of debate `slug` (idempotent)."""
        with self.database.writing() as session:
            user = user_row(session, name)
            debate = self.database.debate_row(session, slug)
            exists = session.exec(select(DebateRole).where(
                col(DebateRole.user_id) == user.id, col(DebateRole.debate_id) == debate.id
            )).first()
            if exists is None:
                assert user.id is not None and debate.id is not None
                session.add(DebateRole(debate_id=debate.id, user_id=user.id))

    def revoke_editor(self, slug: str, name: str) -> bool:
        """Take back user `name`'s editor grant on debate `slug`; False if there was none.

        NotFoundError for an unknown user or debate. A global editor or an admin keeps
        editing through their role.

        >>> from kb.store.examples import demo_store
        >>> store = demo_store()
        >>> _ = store.add_user("ed", "editor", debates=["demo"])
        >>> store.revoke_editor("demo", "ed"), store.revoke_editor("demo", "ed")
        (True, False)
        >>> store.get_user("ed").editor_of
        []
        """
        with self.database.writing() as session:
            user = user_row(session, name)
            debate = self.database.debate_row(session, slug)
            gone = session.execute(delete(DebateRole).where(
                col(DebateRole.user_id) == user.id, col(DebateRole.debate_id) == debate.id))
            return bool(gone.rowcount)  # type: ignore[attr-defined]

    def can_edit(self, actor: Actor | None, slug: str) -> bool:
        """Say whether `actor` may change debate `slug`."""
        return _can_edit(actor, slug)

    def can_read(self, actor: Actor | None, slug: str) -> bool:
        """Say whether `actor` may read debate `slug` (NotFoundError if there is none)."""
        with self.database.reading() as session:
            debate = self.database.debate_row(session, slug)
            return _can_read(actor, slug, public=debate.public)
