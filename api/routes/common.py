"""Small helpers shared by the routes: creation headers. (Time budgets: api/budget.py.)"""

from __future__ import annotations

from starlette.responses import Response

from api.deps import set_etag


def created(response: Response, location: str, revision: int) -> None:
    """Mark `response` as the creation of the resource at `location`."""
    response.headers["Location"] = location
    set_etag(response, revision)
