"""Tokens and roles, pure: no database, no HTTP.

A bearer token is 32 random bytes (``secrets.token_urlsafe``); only its SHA-256 digest is
stored. Roles: ``admin`` reads and edits everything and manages users; ``editor`` is
either global (``global_editor``: it reads and edits every debate, public or private, but
does not manage users) or per debate (it edits the debates it has been granted and those
it created, and reads them even when private); ``reader`` reads public debates, like an
anonymous caller. A grant on a debate makes any user its editor.

Examples
--------
>>> raw = new_token()
>>> len(hash_token(raw))
64
>>> token_matches(raw, hash_token(raw))
True
>>> editor = Actor(name="ann", role="editor", editor_of=frozenset({"asan-2024"}))
>>> can_edit(editor, "asan-2024"), can_edit(editor, "rozman-2016")
(True, False)
>>> can_read(None, "rozman-2016", public=True), can_read(None, "x", public=False)
(True, False)
>>> can_edit(Actor(name="gil", role="editor", global_editor=True), "rozman-2016")
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a user may do: the one list of roles, used by the store, the API and the CLI.

    >>> Role("editor") is Role.EDITOR, Role.ADMIN == "admin"
    (True, True)
    """

    ADMIN = "admin"
    EDITOR = "editor"
    READER = "reader"


ROLES = tuple(Role)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Actor:
    """Who is calling: a user's name, role and the debates they may edit (all of them for
    an admin or a global editor)."""

    name: str
    role: str
    editor_of: frozenset[str] = field(default_factory=frozenset)
    global_editor: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def new_token() -> str:
    """Return a fresh random bearer token (URL-safe text, 43 characters).

    >>> new_token() != new_token()
    True
    """
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(raw: str) -> str:
    """Return the SHA-256 hex digest under which `raw` is stored.

    >>> hash_token("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_matches(raw: str, stored_hash: str) -> bool:
    """Compare `raw` with a stored digest in constant time.

    >>> token_matches("abc", hash_token("abd"))
    False
    """
    return hmac.compare_digest(hash_token(raw), stored_hash)


def can_edit(actor: Actor | None, slug: str) -> bool:
    """Say whether `actor` may change debate `slug` (admins, global editors and that
    debate's editors).

    >>> can_edit(Actor("root", "admin"), "any")
    True
    >>> can_edit(Actor("bob", "reader"), "any")
    False
    """
    if actor is None:
        return False
    return actor.is_admin or actor.global_editor or slug in actor.editor_of


def can_read(actor: Actor | None, slug: str, *, public: bool) -> bool:
    """Say whether `actor` may read debate `slug` (private ones: those who may edit it).

    >>> can_read(Actor("ann", "editor", frozenset({"x"})), "x", public=False)
    True
    """
    return public or can_edit(actor, slug)


def can_create(actor: Actor | None) -> bool:
    """Say whether `actor` may create debates (admins and editors).

    >>> can_create(Actor("ann", "editor")), can_create(Actor("bob", "reader"))
    (True, False)
    """
    return actor is not None and actor.role in (Role.ADMIN, Role.EDITOR)
