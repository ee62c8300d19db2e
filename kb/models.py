"""The database tables (SQLModel), and nothing else.

Every debate item row (source, party, node, edge, acceptance) carries ``revision``: the
debate revision at which it was last written, which is its ETag. Edges name their endpoints
by key, with composite foreign keys ``(debate_id, key)`` so that an edge can never point at a
node or edge that does not exist (no orphan edge, enforced by the database too).
Citations, tags, authors and ``asserted_by`` are JSON columns. Only :mod:`kb.store` writes.

Examples
--------
>>> sorted(SQLModel.metadata.tables)[:4]
['acceptance', 'api_token', 'debate', 'debate_role']
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

KEY_LENGTH = 80


def row_id(row: SQLModel) -> int:
    """Return the primary key of a flushed row.

    >>> row_id(User(id=3, name="ann", role="reader"))
    3
    """
    ident = getattr(row, "id", None)
    if not isinstance(ident, int):
        raise ValueError(f"{type(row).__name__} has no id yet; flush the session first")
    return ident


def utcnow() -> datetime:
    """Return the current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def _key() -> Any:
    return Field(sa_type=String(KEY_LENGTH), nullable=False)


def _debate_fk() -> Any:
    return Field(foreign_key="debate.id", ondelete="CASCADE", nullable=False, index=True)


def _json_list() -> Any:
    return Field(default_factory=list, sa_type=JSON, nullable=False)


class Debate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=String(KEY_LENGTH), nullable=False, unique=True)
    title: str = Field(sa_type=String(300), nullable=False)
    summary: str = Field(default="", sa_type=Text, nullable=False)
    public: bool = Field(default=True, sa_type=Boolean, nullable=False)
    mode: str = Field(default="unsupported", sa_type=String(20), nullable=False)
    revision: int = Field(default=1, sa_type=Integer, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)


class Source(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    position: int = Field(default=0, nullable=False)
    revision: int = Field(default=1, nullable=False)
    title: str = Field(sa_type=String(500), nullable=False)
    authors: list[str] = _json_list()
    venue: str = Field(default="", sa_type=Text, nullable=False)
    year: int | None = Field(default=None, sa_type=Integer, nullable=True)
    url: str = Field(default="", sa_type=Text, nullable=False)
    kind: str = Field(default="", sa_type=String(40), nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)


class Party(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    position: int = Field(default=0, nullable=False)
    revision: int = Field(default=1, nullable=False)
    acceptance_revision: int = Field(default=1, nullable=False)
    """The ETag of this party's acceptance (the revision that last changed it)."""
    name: str = Field(sa_type=String(200), nullable=False)
    description: str = Field(default="", sa_type=Text, nullable=False)


class Node(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    position: int = Field(default=0, nullable=False)
    revision: int = Field(default=1, nullable=False)
    kind: str = Field(sa_type=String(20), nullable=False)
    text: str = Field(sa_type=Text, nullable=False)
    citations: list[dict[str, str]] = _json_list()
    tags: list[str] = _json_list()
    asserted_by: list[str] = _json_list()


class Edge(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("debate_id", "key"),
        ForeignKeyConstraint(["debate_id", "source"], ["node.debate_id", "node.key"]),
        ForeignKeyConstraint(["debate_id", "target"], ["node.debate_id", "node.key"]),
        ForeignKeyConstraint(["debate_id", "target_edge"], ["edge.debate_id", "edge.key"]),
        CheckConstraint("(target IS NULL) <> (target_edge IS NULL)", name="one_target"),
    )
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    position: int = Field(default=0, nullable=False)
    revision: int = Field(default=1, nullable=False)
    relation: str = Field(sa_type=String(20), nullable=False)
    source: str = _key()
    target: str | None = Field(default=None, sa_type=String(KEY_LENGTH), nullable=True)
    target_edge: str | None = Field(default=None, sa_type=String(KEY_LENGTH), nullable=True)
    text: str = Field(default="", sa_type=Text, nullable=False)
    citations: list[dict[str, str]] = _json_list()
    asserted_by: list[str] = _json_list()


class Acceptance(SQLModel, table=True):
    """One party's stance on one item (node key or ``edge:KEY``); unstated is no row."""

    __table_args__ = (
        UniqueConstraint("debate_id", "party", "item"),
        ForeignKeyConstraint(["debate_id", "party"], ["party.debate_id", "party.key"],
                             ondelete="CASCADE"),
    )
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    party: str = _key()
    item: str = Field(sa_type=String(KEY_LENGTH + 5), nullable=False)
    stance: str = Field(sa_type=String(20), nullable=False)
    revision: int = Field(default=1, nullable=False)


class User(SQLModel, table=True):
    """A user; an editor with ``global_editor`` edits every debate (else its grants)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(KEY_LENGTH), nullable=False, unique=True)
    role: str = Field(sa_type=String(20), nullable=False)
    global_editor: bool = Field(default=False, sa_type=Boolean, nullable=False,
                                sa_column_kwargs={"server_default": false()})
    password_hash: str | None = Field(default=None, sa_type=String(200), nullable=True)
    """The argon2 hash of the password for signing in to the pages (None: no password)."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)


class ApiToken(SQLModel, table=True):
    """A bearer token, stored only as the SHA-256 hex digest of the raw token."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", nullable=False, index=True)
    token_hash: str = Field(sa_type=String(64), nullable=False, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True),
                                        nullable=True)


class UserSession(SQLModel, table=True):
    """A signed-in browser: the cookie's token, stored only as its SHA-256 hex digest."""

    __tablename__ = "user_session"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", nullable=False, index=True)
    token_hash: str = Field(sa_type=String(64), nullable=False, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)


class DebateRole(SQLModel, table=True):
    """A per-debate grant: `user` may edit (and read, if private) debate `debate_id`."""

    __tablename__ = "debate_role"
    __table_args__ = (UniqueConstraint("debate_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", nullable=False, index=True)
    role: str = Field(default="editor", sa_type=String(20), nullable=False)


class Revision(SQLModel, table=True):
    """One change of a debate: who, when, what kind, and each touched item before and after.

    ``before`` and ``after`` map item ids (``debate``, ``node:KEY``, ``edge:KEY``,
    ``party:KEY``, ``source:KEY``, ``acceptance:PARTY``) to their state, ``null`` when absent.
    """

    __table_args__ = (UniqueConstraint("debate_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    number: int = Field(nullable=False)
    author: str = Field(sa_type=String(200), nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    kind: str = Field(sa_type=String(40), nullable=False)
    summary: str = Field(default="", sa_type=Text, nullable=False)
    message: str = Field(default="", sa_type=Text, nullable=False,
                         sa_column_kwargs={"server_default": ""})
    """Why, in the editor's words (optional)."""
    before: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    after: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)


class Link(SQLModel, table=True):
    """A link between two nodes, of two debates or of one: ``same-as`` or ``related``.

    Ends are named by debate and node key, without a foreign key to the node: a link
    outlives a revert that removes one of its nodes and is hidden while that node is absent
    (see docs/knowledge.md). Deleting a debate deletes its links.
    """

    __table_args__ = (
        UniqueConstraint("source_debate_id", "source_node", "target_debate_id", "target_node"),
    )
    id: int | None = Field(default=None, primary_key=True)
    source_debate_id: int = _debate_fk()
    source_node: str = _key()
    target_debate_id: int = _debate_fk()
    target_node: str = _key()
    relation: str = Field(sa_type=String(20), nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)
    citations: list[dict[str, str]] = _json_list()
    revision: int = Field(default=1, nullable=False)
    created_by: str = Field(sa_type=String(200), nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)


class LinkRevision(SQLModel, table=True):
    """The history of links: one row per creation or deletion (``before`` / ``after``).

    Kept when the link is deleted (no foreign key), so a deleted link can be read back.
    """

    __tablename__ = "link_revision"
    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(nullable=False, index=True)
    author: str = Field(sa_type=String(200), nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    kind: str = Field(sa_type=String(40), nullable=False)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON, nullable=True)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON, nullable=True)
