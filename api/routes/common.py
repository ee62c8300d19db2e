"""Small helpers shared by the routes: creation headers, the options of routes that answer
alike. (Time budgets: api/budget.py.)"""

from __future__ import annotations

from typing import Any, TypedDict

from starlette.responses import Response

from api.deps import set_etag
from api.problems import problem_responses


class RouteOptions(TypedDict):
    """The answer of a route (``response_model``, ``responses``), shared by the routes
    that answer alike: ``@router.put(path, operation_id=..., summary=..., **OPTIONS)``."""

    response_model: Any
    responses: dict[int | str, dict[str, Any]]


def route_options(model: Any, *problems: int) -> RouteOptions:
    """The options of routes answering `model`, or a problem of one of `problems`.

    >>> sorted(route_options(dict, 404, 422)["responses"])
    [404, 422]
    """
    return {"response_model": model, "responses": problem_responses(*problems)}


def created(response: Response, location: str, revision: int) -> None:
    """Mark `response` as the creation of the resource at `location`."""
    response.headers["Location"] = location
    set_etag(response, revision)
