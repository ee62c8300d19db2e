"""Paginated lists: ``limit`` and ``offset`` (or the opaque ``cursor`` of ``next``).

Every list answers with the same envelope::

    {"items": [...], "total": 120, "limit": 50, "offset": 0,
     "next": "/api/debates?limit=50&offset=50"}

``limit`` defaults to 50 and may not exceed the store's ``MAX_LIMIT`` (500); a larger value
is a 422.
``next`` is the path and query of the following page, or ``null`` on the last page;
``cursor`` is accepted as a synonym of ``offset`` so clients can follow ``next`` blindly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from kb.errors import InvalidInputError
from kb.store import MAX_LIMIT

DEFAULT_LIMIT = 50

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T] = Field(description="The items of this page, in a stable order.")
    total: int = Field(description="How many items the whole list holds.", ge=0)
    limit: int = Field(description=f"The page size asked for (at most {MAX_LIMIT}).", ge=1)
    offset: int = Field(description="Index of the first item of this page.", ge=0)
    next: str | None = Field(
        description="Path and query of the next page, or null on the last page."
    )


@dataclass(frozen=True)
class PageParams:
    """The window a list request asks for."""

    limit: int
    offset: int
    request_path: str
    query: tuple[tuple[str, str], ...]

    def page(self, items: Sequence[T], total: int) -> Page[T]:
        """Wrap one window of items (already sliced) into the envelope."""
        following = self.offset + len(items)
        next_url = None
        if following < total and items:
            params = [(k, v) for k, v in self.query if k not in ("limit", "offset", "cursor")]
            params += [("limit", str(self.limit)), ("offset", str(following))]
            next_url = f"{self.request_path}?{urlencode(params)}"
        return Page[T](
            items=list(items), total=total, limit=self.limit, offset=self.offset, next=next_url
        )

    def slice(self, items: Sequence[T]) -> Page[T]:
        """Cut the window out of a whole list and wrap it."""
        return self.page(items[self.offset : self.offset + self.limit], len(items))


def page_params(
    request: Request,
    limit: Annotated[
        int,
        Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT} (default 50)."),
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int | None, Query(ge=0, le=10**9, description="Index of the first item (default 0).")
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=20,
            description="Opaque position taken from `next`; an alternative to `offset`.",
        ),
    ] = None,
) -> PageParams:
    """Read ``limit``, ``offset`` and ``cursor`` from the query."""
    start = offset or 0
    if cursor is not None:
        if not cursor.isdigit() or int(cursor) > 10**9:
            raise InvalidInputError(
                f"cursor '{cursor}' is not one this API gave out; follow the 'next' link"
            )
        if offset is not None and int(cursor) != offset:
            raise InvalidInputError("give either 'offset' or 'cursor', not both")
        start = int(cursor)
    return PageParams(
        limit=limit,
        offset=start,
        request_path=request.url.path,
        query=tuple(request.query_params.multi_items()),
    )


PageDep = Annotated[PageParams, Depends(page_params)]
