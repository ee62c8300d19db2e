"""Small helpers shared by the item routes."""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response

from api.deps import set_etag
from kb.errors import InvalidInputError


def reject_nulls(data: BaseModel, *, nullable: tuple[str, ...] = ()) -> None:
    """Refuse an explicit ``null`` for a field that cannot be empty (422, nothing changed)."""
    nulls = [
        name for name in sorted(data.model_fields_set)
        if getattr(data, name) is None and name not in nullable
    ]
    if nulls:
        raise InvalidInputError(
            f"'{nulls[0]}' may not be null; leave the field out to keep its value",
            errors=[{"loc": ["body", name], "msg": "may not be null", "type": "null"}
                    for name in nulls],
        )


def created(response: Response, location: str, revision: int) -> None:
    """Mark `response` as the creation of the resource at `location`."""
    response.headers["Location"] = location
    set_etag(response, revision)
