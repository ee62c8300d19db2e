"""Input and output shapes of the API (and the CLI), derived from the entities of
:mod:`kb.models`.

Per entity, as in SQLModel's own pattern: ``NodeCreate`` is ``NodeBase`` plus the key,
``NodeUpdate`` is every field of ``NodeBase`` made optional (only the fields given change),
``NodePublic`` is ``NodeBase`` plus the key and ``revision``, the ETag of the resource.
Inputs forbid unknown fields. Over HTTP an edge's key is its ``"id"``.

Examples
--------
>>> NodeCreate(key="c1", kind="claim", text="A claim.").kind
<NodeKind.CLAIM: 'claim'>
>>> EdgeCreate(source="e1", target="c1", relation="supports").key is None
True
>>> NodeUpdate(text="New.").model_dump(exclude_unset=True)
{'text': 'New.'}
>>> sorted(NodeUpdate.model_fields) == sorted(NodeBase.model_fields)
True
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, computed_field, model_validator
from pydantic.fields import FieldInfo
from sqlmodel import Field, SQLModel

from kb.auth import Role
from kb.doc import Stance
from kb.errors import InvalidInputError
from kb.models import (
    KEY_CONSTRAINT,
    CitationIn,
    DebateBase,
    EdgeBase,
    NodeBase,
    PartyBase,
    SourceBase,
)
from kb.revision_summary import describe

__all__ = [
    "AcceptancePublic", "CitationIn", "CitationPublic", "DebateCreate", "DebatePublic",
    "DebateUpdate", "EdgeCreate", "EdgePublic", "EdgeUpdate", "NodeCreate", "NodePublic",
    "NodeUpdate", "PartyCreate", "PartyPublic", "PartyUpdate", "RevisionPublic",
    "SourceCreate", "SourcePublic", "SourceUpdate", "StancePublic", "UserCreate", "UserPublic",
    "UtcDateTime",
]


class _Input(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class _Update(_Input):
    """An update: every field of the entity's base, optional; only the fields given change.

    ``null`` is accepted only where a field may be empty (``NULLABLE``); an explicit
    ``null`` for any other field raises InvalidInputError naming the field (the API answers
    422), rather than reaching the store.

    >>> SourceUpdate(year=None).model_dump(exclude_unset=True)
    {'year': None}
    >>> NodeUpdate(text=None)
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: 'text' may not be null; leave the field out to keep its value
    """

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        # Every inherited field becomes optional (default None), keeping its constraints.
        fields = cls.__pydantic_fields__
        for name, info in list(fields.items()):
            optional = FieldInfo.merge_field_infos(info, default=None,
                                                   annotation=info.annotation | None)  # type: ignore[operator]
            optional.default_factory = None
            fields[name] = optional
        cls.model_rebuild(force=True)

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        nulls = [name for name in sorted(self.model_fields_set)
                 if getattr(self, name) is None and name not in self.NULLABLE]
        if nulls:
            raise InvalidInputError(
                f"'{nulls[0]}' may not be null; leave the field out to keep its value",
                errors=[{"loc": ["body", name], "msg": "may not be null", "type": "null"}
                        for name in nulls],
            )
        return self


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive times; every time Argmap stores is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
"""A timestamp, always timezone-aware (UTC) whatever the database returned."""


class CitationPublic(BaseModel):
    """A citation as the API shows it."""

    source: str
    locator: str = ""


def _key() -> Any:
    return Field(schema_extra=KEY_CONSTRAINT)


# Debates --------------------------------------------------------------------------------


class DebateCreate(DebateBase, _Input):
    slug: str = _key()


class DebateUpdate(DebateBase, _Update):
    pass


class DebatePublic(DebateBase):
    slug: str
    revision: int
    created_at: UtcDateTime
    updated_at: UtcDateTime


# Sources and parties --------------------------------------------------------------------


class SourceCreate(SourceBase, _Input):
    key: str = _key()


class SourceUpdate(SourceBase, _Update):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"year"})


class SourcePublic(SourceBase):
    key: str
    revision: int


class PartyCreate(PartyBase, _Input):
    key: str = _key()


class PartyUpdate(PartyBase, _Update):
    pass


class PartyPublic(PartyBase):
    key: str
    revision: int


# Nodes ----------------------------------------------------------------------------------


class NodeCreate(NodeBase, _Input):
    key: str = _key()


class NodeUpdate(NodeBase, _Update):
    """Fields to change; the key of a node never changes."""


class NodePublic(NodeBase):
    key: str
    revision: int


# Edges ----------------------------------------------------------------------------------


class EdgeCreate(EdgeBase, _Input):
    """An edge to a node (`target`) or, for an undercutter, to an edge (`target_edge`).

    `key` is assigned (``e1``, ``e2``, ...) when absent.
    """

    key: str | None = Field(default=None, schema_extra=KEY_CONSTRAINT)


class EdgeUpdate(EdgeBase, _Update):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"target", "target_edge"})


class EdgePublic(EdgeBase):
    id: str
    revision: int


# Acceptance, revisions, users -----------------------------------------------------------


class AcceptancePublic(BaseModel):
    """One party's acceptance: item (node key or ``edge:KEY``) -> stance; ETag = revision."""

    party: str
    items: dict[str, Stance]
    revision: int


class StancePublic(BaseModel):
    """One party's stance on one item, and the acceptance's revision (its ETag)."""

    party: str
    item: str
    stance: Stance
    revision: int


class RevisionPublic(BaseModel):
    number: int
    author: str
    created_at: UtcDateTime
    kind: str
    summary: str
    message: str = ""
    before: dict[str, Any]
    after: dict[str, Any]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def changes(self) -> list[str]:
        """What changed, one readable line per change."""
        return describe(self.before, self.after)


class UserCreate(_Input):
    name: str = _key()
    role: Role


class UserPublic(BaseModel):
    """A user; `global_editor`: an editor of every debate (else of `editor_of` only)."""

    name: str
    role: Role
    global_editor: bool = False
    created_at: UtcDateTime
    editor_of: list[str] = []
