"""Request ids and structured logs.

Every request gets an id: the caller's ``X-Request-ID`` when it is a short plain token
(a reverse proxy's), else a fresh one. It is echoed in the answer's ``X-Request-ID``,
attached to every log record written while the request runs, and logged with the
request's method, path, status and duration as one JSON line (logger ``argmap.access``)
once ``argmap serve`` has installed :func:`log_config`.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from api.middleware import HttpMiddleware

REQUEST_ID_HEADER = "x-request-id"
VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access_log = logging.getLogger("argmap.access")


def choose_request_id(given: str | None) -> str:
    """The caller's request id when it is a plain token, else a fresh one.

    >>> choose_request_id("abc-123")
    'abc-123'
    >>> len(choose_request_id("bad id\\n")), len(choose_request_id(None))
    (32, 32)
    """
    if given is not None and VALID_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware(HttpMiddleware):
    """Give each request an id, echo it, and log the request when it ends."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER.encode())
        rid = choose_request_id(given.decode("latin-1") if given is not None else None)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != REQUEST_ID_HEADER.encode()]
                headers.append((REQUEST_ID_HEADER.encode(), rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "%s %s %s", scope["method"], scope["path"], status,
                extra={"method": scope["method"], "path": scope["path"], "status": status,
                       "ms": round((time.perf_counter() - started) * 1000, 1)},
            )
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


EXTRA_FIELDS = ("method", "path", "status", "ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, and the
    request fields of an access record.

    >>> record = logging.LogRecord("argmap.api", logging.INFO, "", 0, "hello", None, None)
    >>> record.request_id = "r1"
    >>> json.loads(JsonFormatter().format(record))["request_id"]
    'r1'
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """The ``logging.config`` dictionary of ``argmap serve``: JSON lines on stderr for
    Argmap's loggers and uvicorn's errors (uvicorn's own access log is replaced by
    ``argmap.access``)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "filters": ["request_id"], "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "loggers": {
            "argmap": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
