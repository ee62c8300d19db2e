"""Dependencies every route reuses: the store, the debate in the path, the editor check,
``If-Match``. Each check is written once here, never repeated in a route.

A request gets nothing but the app's ``Store`` (which opens a fresh session per call).
``DebateDep`` reads the debate of the path; ``DebateDocDep`` reads it together with its
whole document in ONE read transaction (so the two always belong to the same revision) and
carries the cache key of that revision: results computed from the document are kept in
the store's caches under it (``read.cached(...)``), where they can never be stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Path, Request, Response

from api.auth import ActorDep, check_editor, visible
from api.problems import PreconditionRequiredError
from kb.auth import Actor
from kb.cache import Caches, DebateKey
from kb.doc import KEY_PATTERN, DebateDoc
from kb.errors import DebateNotFoundError, NotFoundError, StaleError
from kb.schemas import DebatePublic
from kb.store import Store

ETAG_RE = re.compile(r'^"(\d{1,18})"$')
T = TypeVar("T")


def get_store(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]

Slug = Annotated[
    str, Path(pattern=KEY_PATTERN, description="The debate's slug.", examples=["asan-2024"])
]
ItemKey = Annotated[
    str,
    Path(pattern=KEY_PATTERN, description="The item's key (an edge's id).", examples=["c1"]),
]


def etag(revision: int) -> str:
    """The strong ETag of a resource at `revision`.

    >>> etag(12)
    '"12"'
    """
    return f'"{revision}"'


def set_etag(response: Response, revision: int) -> None:
    """Put the ETag of `revision` on `response`."""
    response.headers["ETag"] = etag(revision)


def parse_if_match(value: str) -> int | None:
    """Return the revision an ``If-Match`` value names (None for ``*``: any revision).

    A weak or malformed tag can never match a strong ETag, so it is stale (412).

    >>> parse_if_match('"7"'), parse_if_match("*")
    (7, None)
    """
    value = value.strip()
    if value == "*":
        return None
    found = ETAG_RE.match(value)
    if found is None:
        raise StaleError(
            f"If-Match {value[:40]!r} matches no current ETag; send the ETag of your last "
            'GET, e.g. If-Match: "12"'
        )
    return int(found.group(1))


IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ETag of the resource as you last read it, e.g. `"12"` (`*`: any).',
        max_length=100,
    ),
]


REQUIRED_MARK = "Required: "
RequiredIfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description=REQUIRED_MARK + 'the ETag of the resource as you last read it, e.g. `"12"` '
        "(`*`: any); 428 without it.",
        max_length=100,
    ),
]


def mark_required_if_match(document: dict[str, Any]) -> None:
    """Mark ``If-Match`` required in the OpenAPI `document` wherever the server needs it.

    The header is declared optional so that a missing one gets 428 (not FastAPI's 422).
    """
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                described = parameter.get("description", "")
                if parameter.get("name") == "If-Match" and described.startswith(REQUIRED_MARK):
                    parameter["required"] = True


def required_if_match(if_match: RequiredIfMatchHeader = None) -> int | None:
    """``If-Match`` of a PATCH, PUT or DELETE: 428 when missing, the revision otherwise."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequiredError(
            "this change needs If-Match with the ETag you last read (GET the resource, "
            'then send its ETag, e.g. If-Match: "12"), so no one else\'s change is lost'
        )
    return parse_if_match(if_match)


def optional_if_match(if_match: IfMatchHeader = None) -> int | None:
    """``If-Match`` of a POST: optional; when given, the debate's ETag."""
    if if_match is None or not if_match.strip():
        return None
    return parse_if_match(if_match)


IfMatchDep = Annotated[int | None, Depends(required_if_match)]
OptionalIfMatchDep = Annotated[int | None, Depends(optional_if_match)]


def readable_debate(slug: Slug, store: StoreDep, actor: ActorDep) -> DebatePublic:
    """The debate of the path, if the caller may read it (404 otherwise, private or not)."""
    debate = store.find_debate(slug)
    if debate is None or not visible(actor, slug, public=debate.public):
        raise DebateNotFoundError(slug)
    return debate


DebateDep = Annotated[DebatePublic, Depends(readable_debate)]


@dataclass(frozen=True)
class DebateRead:
    """A debate the caller may read and its document, read in one transaction."""

    debate: DebatePublic
    key: DebateKey
    doc: DebateDoc
    caches: Caches

    def cached(self, *what: Hashable, compute: Callable[[], T]) -> T:
        """The result `what` of this debate at this revision, computed once."""
        value: T = self.caches.results.get((self.key, *what), compute)
        return value


def readable_doc(slug: Slug, store: StoreDep, actor: ActorDep) -> DebateRead:
    """The debate of the path with its document, if the caller may read it (else 404)."""

    def check(debate: DebatePublic) -> None:
        if not visible(actor, slug, public=debate.public):
            raise DebateNotFoundError(slug)

    try:
        debate, key, doc = store.read_doc(slug, check=check)
    except NotFoundError:
        raise DebateNotFoundError(slug) from None
    return DebateRead(debate=debate, key=key, doc=doc, caches=store.caches)


DebateDocDep = Annotated[DebateRead, Depends(readable_doc)]


@dataclass(frozen=True)
class Editing:
    """A debate the caller may change, and who they are."""

    debate: DebatePublic
    actor: Actor

    @property
    def slug(self) -> str:
        return self.debate.slug


def editable_debate(debate: DebateDep, actor: ActorDep) -> Editing:
    """The debate of the path if the caller may change it (401, 403; 404 if invisible)."""
    return Editing(debate=debate, actor=check_editor(actor, debate.slug))


EditorDep = Annotated[Editing, Depends(editable_debate)]
