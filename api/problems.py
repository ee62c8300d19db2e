"""Errors as ``application/problem+json`` (RFC 9457), written once for every route.

One table maps error classes to HTTP statuses; one handler writes
``{"type", "title", "status", "detail", "instance"}`` plus extension members
(``errors`` for validation problems). Starlette's own 404/405, FastAPI's validation
errors and unexpected exceptions (a 500 without a traceback) get the same shape.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware
from kb.errors import ArgmapError, ConflictError, InvalidInputError, NotFoundError, StaleError
from kb.hints import reword

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:argmap:problem:"
log = logging.getLogger("argmap.api")


class AuthRequiredError(ArgmapError):
    """No valid bearer token was sent, and the request needs one."""


class ForbiddenError(ArgmapError):
    """The caller is known but their role does not allow this."""


class PreconditionRequiredError(ArgmapError):
    """A change was sent without ``If-Match``."""


class PayloadTooLargeError(ArgmapError):
    """The request body is larger than the route accepts."""


class UnsupportedMediaTypeError(ArgmapError):
    """The request body is not in a media type the route reads."""


class TooManyAttemptsError(ArgmapError):
    """Too many failed sign-in attempts from one client; ``retry_after`` seconds to wait."""

    def __init__(self, detail: str, *, retry_after: float) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class TooExpensiveError(ArgmapError):
    """A computation did not finish within its time budget."""


STATUS_OF: dict[type[ArgmapError], int] = {
    NotFoundError: 404,
    ConflictError: 409,
    InvalidInputError: 422,
    StaleError: 412,
    AuthRequiredError: 401,
    ForbiddenError: 403,
    PreconditionRequiredError: 428,
    PayloadTooLargeError: 413,
    UnsupportedMediaTypeError: 415,
    TooExpensiveError: 503,
    TooManyAttemptsError: 429,
}
"""Error class -> HTTP status; a subclass takes the status of its nearest listed base."""


class Problem(BaseModel):
    """An RFC 9457 problem detail, the body of every 4xx and 5xx answer."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:argmap:problem:stale",
                    "title": "Precondition Failed",
                    "status": 412,
                    "detail": "node 'c1' is at revision 7, not 5; GET it again and retry",
                    "instance": "/api/debates/demo/nodes/c1",
                }
            ]
        },
    )

    type: str = Field(description="A URN naming the kind of problem, stable across versions.")
    title: str = Field(description="The HTTP reason phrase of the status.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What is wrong and what to do about it.")
    instance: str = Field(description="The path of the request that failed.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Field errors: where (`loc`), what (`msg`), and a `type`."
    )


def status_of(exc: ArgmapError) -> int:
    """Return the HTTP status of a domain error (422 for an unlisted ArgmapError)."""
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 422


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str,
    code: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build one problem+json response."""
    phrase = _phrase(status) or "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + code if code else "about:blank",
        "title": phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = jsonable_encoder(errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _argmap_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ArgmapError)
    status = status_of(exc)
    headers = {"WWW-Authenticate": 'Bearer realm="argmap"'} if status == 401 else None
    if isinstance(exc, TooManyAttemptsError):
        headers = {"Retry-After": str(max(1, round(exc.retry_after)))}
    return problem_response(
        status,
        exc.detail,
        instance=request.url.path,
        code=exc.code,
        errors=exc.errors or None,
        headers=headers,
    )


def _clean_validation_errors(raw: list[Any]) -> list[dict[str, Any]]:
    cleaned = []
    for error in raw:
        item = {key: error[key] for key in ("loc", "msg", "type") if key in error}
        if "input" in error and isinstance(error["input"], str | int | float | bool):
            item["input"] = error["input"] if not isinstance(error["input"], str) else (
                error["input"][:200]
            )
        cleaned.append(reword(item))
    return cleaned


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _clean_validation_errors(list(exc.errors()))
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(part) for part in first.get("loc", ()))
    detail = f"invalid request: {where}: {first.get('msg')}" if where else str(first.get("msg"))
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more; see 'errors')"
    return problem_response(
        422, detail, instance=request.url.path, code="invalid-input", errors=errors
    )


_HTTP_DETAIL = {
    404: "no such route; the routes are listed at /docs",
    405: "this route does not accept that method; see the Allow header",
}
_HTTP_CODE = {404: "not-found", 405: "method-not-allowed"}


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        # FastAPI's answer to a body that is not UTF-8: as malformed as bad JSON is.
        return problem_response(
            422, "the request body is not valid JSON in UTF-8", instance=request.url.path,
            code="invalid-input",
            errors=[{"loc": ["body"], "msg": "not valid UTF-8 JSON", "type": "json_invalid"}],
        )
    generic = _phrase(exc.status_code)
    detail = exc.detail if exc.detail and exc.detail != generic else None
    return problem_response(
        exc.status_code,
        str(detail or _HTTP_DETAIL.get(exc.status_code, generic or "error")),
        instance=request.url.path,
        code=_HTTP_CODE.get(exc.status_code),
        headers=dict(exc.headers) if exc.headers else None,
    )


def _unstorable_value(request: Request, exc: Exception) -> JSONResponse:
    # A value the database cannot hold (an integer past its range): the input's fault.
    log.warning("unstorable value on %s: %s", request.url.path, str(exc).splitlines()[0])
    return problem_response(
        422,
        "a value cannot be stored: a number is out of range or a text holds a character "
        "the database refuses; send a smaller number or plain text",
        instance=request.url.path,
        code="invalid-input",
    )


def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500,
        "the server failed to answer this request; it has been logged, please retry later",
        instance=request.url.path,
        code="internal",
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of `app` answer in problem+json."""
    app.add_exception_handler(ArgmapError, _argmap_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _unstorable_value)
    app.add_exception_handler(OverflowError, _unstorable_value)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_middleware(UnexpectedErrorMiddleware)


class UnexpectedErrorMiddleware(HttpMiddleware):
    """Answer an unexpected exception with the 500 problem and keep the connection.

    Starlette's outermost error middleware answers too, but then re-raises, and the server
    closes the connection; a client reusing it would see its next request fail.
    """

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            response = _unexpected_error(Request(scope), exc)
            await response(scope, receive, send)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem+json answers."""
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
