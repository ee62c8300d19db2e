"""Input and output shapes (pydantic), separate from the tables.

Inputs (``*Create``, ``*Update``) forbid unknown fields; ``*Update`` fields are all
optional and only the fields given are changed. Outputs (``*Public``) carry ``revision``,
the ETag of the resource. Over HTTP an edge's key is its ``"id"``.

Examples
--------
>>> NodeCreate(key="c1", kind="claim", text="A claim.").kind
<NodeKind.CLAIM: 'claim'>
>>> EdgeCreate(source="e1", target="c1", relation="supports").key is None
True
>>> NodeUpdate(text="New.").model_dump(exclude_unset=True)
{'text': 'New.'}
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    model_validator,
)

from kb.auth import Role
from kb.doc import KEY_PATTERN, MAX_TEXT, Citation, Mode, NodeKind, Relation, Stance
from kb.errors import InvalidInputError
from kb.revision_summary import describe


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Update(_Input):
    """An update: only the fields given change, and ``null`` only where a field may be empty.

    An explicit ``null`` for any other field raises InvalidInputError naming the field
    (the API answers 422), rather than reaching the store.

    >>> SourceUpdate(year=None).model_dump(exclude_unset=True)
    {'year': None}
    >>> NodeUpdate(text=None)
    Traceback (most recent call last):
    ...
    kb.errors.InvalidInputError: 'text' may not be null; leave the field out to keep its value
    """

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

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


class CitationIn(_Input):
    """``{"source": SOURCE_KEY, "locator": "¶31"}``; the string ``"asan-2024 ¶31"`` also works."""

    source: str = Field(pattern=KEY_PATTERN)
    locator: str = Field(default="", max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            source, _, locator = value.strip().partition(" ")
            return {"source": source, "locator": locator.strip()}
        return value

    def to_doc(self) -> Citation:
        return Citation(self.source, self.locator)


class CitationPublic(BaseModel):
    source: str
    locator: str = ""


Key = Field(pattern=KEY_PATTERN)
Text = Field(min_length=1, max_length=MAX_TEXT)


# Debates --------------------------------------------------------------------------------


class DebateCreate(_Input):
    slug: str = Key
    title: str = Field(min_length=1, max_length=300)
    summary: str = ""
    mode: Mode = Mode.UNSUPPORTED
    public: bool = True


class DebateUpdate(_Update):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    summary: str | None = None
    mode: Mode | None = None
    public: bool | None = None


class DebatePublic(BaseModel):
    slug: str
    title: str
    summary: str
    mode: Mode
    public: bool
    revision: int
    created_at: UtcDateTime
    updated_at: UtcDateTime


# Sources and parties --------------------------------------------------------------------


class SourceCreate(_Input):
    key: str = Key
    title: str = Field(min_length=1, max_length=500)
    authors: list[str] = []
    venue: str = ""
    year: int | None = None
    url: str = ""
    kind: str = Field(default="", max_length=40)
    note: str = ""


class SourceUpdate(_Update):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"year"})

    title: str | None = Field(default=None, min_length=1, max_length=500)
    authors: list[str] | None = None
    venue: str | None = None
    year: int | None = None
    url: str | None = None
    kind: str | None = Field(default=None, max_length=40)
    note: str | None = None


class SourcePublic(BaseModel):
    key: str
    title: str
    authors: list[str] = []
    venue: str = ""
    year: int | None = None
    url: str = ""
    kind: str = ""
    note: str = ""
    revision: int


class PartyCreate(_Input):
    key: str = Key
    name: str = Field(min_length=1, max_length=200)
    description: str = ""


class PartyUpdate(_Update):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None


class PartyPublic(BaseModel):
    key: str
    name: str
    description: str = ""
    revision: int


# Nodes ----------------------------------------------------------------------------------


class NodeCreate(_Input):
    key: str = Key
    kind: NodeKind
    text: str = Text
    citations: list[CitationIn] = []
    tags: list[str] = []
    asserted_by: list[str] = []


class NodeUpdate(_Update):
    """Fields to change; the key of a node never changes."""

    kind: NodeKind | None = None
    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    citations: list[CitationIn] | None = None
    tags: list[str] | None = None
    asserted_by: list[str] | None = None


class NodePublic(BaseModel):
    key: str
    kind: NodeKind
    text: str
    citations: list[CitationPublic] = []
    tags: list[str] = []
    asserted_by: list[str] = []
    revision: int


# Edges ----------------------------------------------------------------------------------


class EdgeCreate(_Input):
    """An edge to a node (`target`) or, for an undercutter, to an edge (`target_edge`).

    `key` is assigned (``e1``, ``e2``, ...) when absent.
    """

    key: str | None = Field(default=None, pattern=KEY_PATTERN)
    source: str = Key
    target: str | None = Field(default=None, pattern=KEY_PATTERN)
    target_edge: str | None = Field(default=None, pattern=KEY_PATTERN)
    relation: Relation
    text: str = Field(default="", max_length=MAX_TEXT)
    citations: list[CitationIn] = []
    asserted_by: list[str] = []


class EdgeUpdate(_Update):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"target", "target_edge"})

    source: str | None = Field(default=None, pattern=KEY_PATTERN)
    target: str | None = Field(default=None, pattern=KEY_PATTERN)
    target_edge: str | None = Field(default=None, pattern=KEY_PATTERN)
    relation: Relation | None = None
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    citations: list[CitationIn] | None = None
    asserted_by: list[str] | None = None


class EdgePublic(BaseModel):
    id: str
    source: str
    target: str | None = None
    target_edge: str | None = None
    relation: Relation
    text: str = ""
    citations: list[CitationPublic] = []
    asserted_by: list[str] = []
    revision: int


# Acceptance, revisions, users -----------------------------------------------------------


class AcceptancePublic(BaseModel):
    """One party's acceptance: item (node key or ``edge:KEY``) -> stance; ETag = revision."""

    party: str
    items: dict[str, Stance]
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
    name: str = Key
    role: Role


class UserPublic(BaseModel):
    """A user; `global_editor`: an editor of every debate (else of `editor_of` only)."""

    name: str
    role: Role
    global_editor: bool = False
    created_at: UtcDateTime
    editor_of: list[str] = []
