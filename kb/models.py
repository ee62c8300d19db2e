"""The entities: each one's fields declared once, and the database tables built on them.

Each entity has a base class holding the fields a user writes (``NodeBase``: kind, text,
citations...). The table (``Node``) adds its identity and bookkeeping columns; the API's
shapes in :mod:`kb.schemas` (``NodeCreate``, ``NodeUpdate``, ``NodePublic``) and the file
format (:mod:`kb.formats.json`) derive from the same base, and the store's row fields
(:data:`ITEM_FIELDS`) are read off it, so a new field is declared here and nowhere else
(plus a migration): the engine's immutable picture (:class:`kb.doc.NodeDoc`) carries a
field it does not name in its ``extra``, through every snapshot, export and import.

Every debate item row (source, party, node, edge, acceptance) carries ``revision``: the
debate revision at which it was last written, which is its ETag. Edges name their endpoints
by key, with composite foreign keys ``(debate_id, key)`` so that an edge can never point at a
node or edge that does not exist (no orphan edge, enforced by the database too).
Citations, tags, authors and ``asserted_by`` are JSON columns. Only :mod:`kb.store` writes.

Examples
--------
>>> sorted(SQLModel.metadata.tables)[:4]
['acceptance', 'api_token', 'debate', 'debate_role']
>>> ITEM_FIELDS["node"]
('key', 'kind', 'text', 'citations', 'tags', 'asserted_by')
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydanticField
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlmodel import Field, SQLModel

from kb.doc import KEY_PATTERN, MAX_TEXT, Citation, Mode, NodeKind, Relation, model_fields

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

KEY_LENGTH = 80
MAX_LOCATOR = 200
KEY_CONSTRAINT = {"pattern": KEY_PATTERN}
"""The pydantic constraint of a key field (``schema_extra`` of a SQLModel ``Field``)."""


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
    return Field(sa_type=String(KEY_LENGTH), nullable=False, schema_extra=KEY_CONSTRAINT)


def _optional_key() -> Any:
    return Field(default=None, sa_type=String(KEY_LENGTH), nullable=True,
                 schema_extra=KEY_CONSTRAINT)


def _debate_fk() -> Any:
    return Field(foreign_key="debate.id", ondelete="CASCADE", nullable=False, index=True)


def _json_list() -> Any:
    return Field(default_factory=list, sa_type=JSON, nullable=False)


def _text(default: str | None = None, **constraints: Any) -> Any:
    if default is None:
        return Field(sa_type=Text, nullable=False, **constraints)
    return Field(default=default, sa_type=Text, nullable=False, **constraints)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class CitationIn(BaseModel):
    """``{"source": SOURCE_KEY, "locator": "¶31"}``; the string ``"asan-2024 ¶31"`` also works.

    >>> CitationIn.model_validate("asan-2024 ¶31")
    CitationIn(source='asan-2024', locator='¶31')
    """

    model_config = ConfigDict(extra="forbid")

    source: str = PydanticField(pattern=KEY_PATTERN)
    locator: str = PydanticField(default="", max_length=MAX_LOCATOR)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            source, _, locator = value.strip().partition(" ")
            return {"source": source, "locator": locator.strip()}
        return value

    def to_doc(self) -> Citation:
        return Citation(source=self.source, locator=self.locator)


def _citations() -> Any:
    return Field(default_factory=list, sa_type=JSON, nullable=False)


# Debates --------------------------------------------------------------------------------


class DebateBase(SQLModel):
    """What a user writes of a debate (its slug is its identity, fixed at creation)."""

    title: str = Field(sa_type=String(300), nullable=False, min_length=1, max_length=300)
    summary: str = _text("")
    mode: Mode = Field(default=Mode.UNSUPPORTED, sa_type=String(20), nullable=False)
    public: bool = Field(default=True, sa_type=Boolean, nullable=False)


class Debate(DebateBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=String(KEY_LENGTH), nullable=False, unique=True)
    revision: int = Field(default=1, sa_type=Integer, nullable=False)
    created_at: datetime = _created()
    updated_at: datetime = _created()


# Items of a debate: sources, parties, nodes, edges --------------------------------------


class SourceBase(SQLModel):
    title: str = Field(sa_type=String(500), nullable=False, min_length=1, max_length=500)
    authors: list[str] = _json_list()
    venue: str = _text("")
    year: int | None = Field(default=None, sa_type=Integer, nullable=True)
    url: str = _text("")
    kind: str = Field(default="", sa_type=String(40), nullable=False, max_length=40)
    """book, article, chapter, news, review, text (a debate's own text), ..."""
    note: str = _text("")


class PartyBase(SQLModel):
    name: str = Field(sa_type=String(200), nullable=False, min_length=1, max_length=200)
    description: str = _text("")


class NodeBase(SQLModel):
    kind: NodeKind = Field(sa_type=String(20), nullable=False)
    text: str = _text(min_length=1, max_length=MAX_TEXT)
    citations: list[CitationIn] = _citations()
    tags: list[str] = _json_list()
    asserted_by: list[str] = _json_list()
    """Party keys of the parties that put this node forward."""


class EdgeBase(SQLModel):
    """A supports or rebuts relation from a node to a node, or (undercutter) to an edge."""

    source: str = _key()
    relation: Relation = Field(sa_type=String(20), nullable=False)
    target: str | None = _optional_key()
    target_edge: str | None = _optional_key()
    text: str = _text("", max_length=MAX_TEXT)
    """Optional gloss: the warrant of a support, the point of a rebuttal."""
    citations: list[CitationIn] = _citations()
    asserted_by: list[str] = _json_list()


class _Item(SQLModel):
    """The columns every debate item row has besides its fields."""

    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    position: int = Field(default=0, nullable=False)
    revision: int = Field(default=1, nullable=False)


class Source(SourceBase, _Item, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),
                      Index("ix_source_position", "debate_id", "position"))


class Party(PartyBase, _Item, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),
                      Index("ix_party_position", "debate_id", "position"))
    acceptance_revision: int = Field(default=1, nullable=False)
    """The ETag of this party's acceptance (the revision that last changed it)."""


class Node(NodeBase, _Item, table=True):
    __table_args__ = (UniqueConstraint("debate_id", "key"),
                      Index("ix_node_position", "debate_id", "position"))


class Edge(EdgeBase, _Item, table=True):
    __table_args__ = (
        UniqueConstraint("debate_id", "key"),
        ForeignKeyConstraint(["debate_id", "source"], ["node.debate_id", "node.key"]),
        ForeignKeyConstraint(["debate_id", "target"], ["node.debate_id", "node.key"]),
        ForeignKeyConstraint(["debate_id", "target_edge"], ["edge.debate_id", "edge.key"]),
        CheckConstraint("(target IS NULL) <> (target_edge IS NULL)", name="one_target"),
        # A single write finds the edges resting on an item without reading them all.
        Index("ix_edge_source", "debate_id", "source"),
        Index("ix_edge_target", "debate_id", "target"),
        Index("ix_edge_target_edge", "debate_id", "target_edge"),
        Index("ix_edge_position", "debate_id", "position"),
        # The automatic edge key: the highest eN is the first eN key longest first.
        Index("ix_edge_key_length", "debate_id", sql_text("length(key)"), "key"),
    )


ITEM_BASES: dict[str, type[SQLModel]] = {
    "source": SourceBase, "party": PartyBase, "node": NodeBase, "edge": EdgeBase,
}
ITEM_TABLES: dict[str, type[SQLModel]] = {
    "source": Source, "party": Party, "node": Node, "edge": Edge,
}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    kind: ("key", *base.model_fields) for kind, base in ITEM_BASES.items()
}
"""Kind -> the fields of an item, key first: what its doc class, file entry and row hold."""
for _kind, _base in ITEM_BASES.items():  # the doc classes carry the fields they do not name
    model_fields(_kind, {"key": None, **{name: info.get_default(call_default_factory=True)
                                         for name, info in _base.model_fields.items()}})
DEBATE_FIELDS: tuple[str, ...] = tuple(DebateBase.model_fields)


class Acceptance(SQLModel, table=True):
    """One party's stance on one item (node key or ``edge:KEY``); unstated is no row."""

    __table_args__ = (
        UniqueConstraint("debate_id", "party", "item"),
        ForeignKeyConstraint(["debate_id", "party"], ["party.debate_id", "party.key"],
                             ondelete="CASCADE"),
        Index("ix_acceptance_item", "debate_id", "item"),
    )
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    party: str = _key()
    item: str = Field(sa_type=String(KEY_LENGTH + 5), nullable=False)
    stance: str = Field(sa_type=String(20), nullable=False)
    revision: int = Field(default=1, nullable=False)


# Users and history ------------------------------------------------------------------------


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


class _UserSecret(SQLModel):
    """A secret of a user, stored only as the SHA-256 hex digest of its raw value."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", nullable=False, index=True)
    token_hash: str = Field(sa_type=String(64), nullable=False, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)


class ApiToken(_UserSecret, table=True):
    """A bearer token of the API."""

    __tablename__ = "api_token"
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True),
                                        nullable=True)


class UserSession(_UserSecret, table=True):
    """A signed-in browser: the cookie's token."""

    __tablename__ = "user_session"
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
    ``party:KEY``, ``source:KEY``, ``stance:PARTY:ITEM``) to their state, ``null`` when
    absent: each record holds the change only (migration 0003 split older whole-acceptance
    records into stances).
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


class Document(SQLModel, table=True):
    """A text a debate cites, tied to one of its sources, kept byte for byte as uploaded.

    ``passages`` holds the numbered passages (``[{"locator", "text"}]``, the rule of
    :mod:`kb.documents`); ``revision`` counts its versions and is its ETag. Documents are
    not part of the debate's revisions (a revert leaves them alone).
    """

    __table_args__ = (UniqueConstraint("debate_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    debate_id: int = _debate_fk()
    key: str = _key()
    source: str = _key()
    title: str = Field(sa_type=String(300), nullable=False)
    format: str = Field(sa_type=String(20), nullable=False)
    content: bytes = Field(sa_type=LargeBinary, nullable=False)
    size: int = Field(nullable=False)
    sha256: str = Field(sa_type=String(64), nullable=False)
    passages: list[dict[str, str]] = _json_list()
    revision: int = Field(default=1, nullable=False)
    author: str = Field(sa_type=String(200), nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True),
                                 nullable=False)


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
