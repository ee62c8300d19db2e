"""Small helpers shared by the routes: creation headers, and running an
expensive engine computation in a killable child process with a time budget.

Crux search tries many acceptance changes, each a full evaluation; on a large debate under
complete, preferred or stable semantics it can run for minutes. A Python thread cannot be
stopped, so such work runs in a process forked from a clean ``forkserver`` (no threads,
no locks held) and is killed when its budget is spent: the request then gets a 503
problem instead of holding a worker for minutes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from starlette.responses import Response

from api.deps import set_etag
from api.problems import TooExpensiveError
from kb.errors import ArgmapError

T = TypeVar("T")


def created(response: Response, location: str, revision: int) -> None:
    """Mark `response` as the creation of the resource at `location`."""
    response.headers["Location"] = location
    set_etag(response, revision)


DEFAULT_BUDGET = float(os.environ.get("ARGMAP_COMPUTE_SECONDS", "30"))
"""Seconds an expensive computation may take (``ARGMAP_COMPUTE_SECONDS``)."""


def _child(conn: Connection, work: Callable[..., Any], args: tuple[Any, ...],
           kwargs: dict[str, Any]) -> None:
    try:
        result: tuple[bool, Any] = (True, work(*args, **kwargs))
    except ArgmapError as exc:
        result = (False, (type(exc), exc.detail))
    except Exception as exc:  # handed to the parent, which logs it as a 500
        result = (False, (RuntimeError, f"{type(exc).__name__}: {exc}"))
    conn.send(result)
    conn.close()


def run_bounded(work: Callable[..., T], *args: Any, seconds: float = DEFAULT_BUDGET,
                what: str = "this computation", **kwargs: Any) -> T:
    """Return ``work(*args, **kwargs)`` computed in a child process within `seconds`.

    Raises TooExpensiveError (and kills the child) when the budget is spent; an
    ArgmapError raised by `work` is raised again here.

    >>> run_bounded(sum, [1, 2, 3], seconds=30)
    6
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kb.engine", "api.routes.common"])
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, work, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TooExpensiveError(
                f"{what} takes longer than {seconds:g} s on this debate; try grounded "
                "semantics or a smaller debate"
            )
        try:
            ok, value = receiver.recv()
        except EOFError:
            raise RuntimeError(f"{what} ended without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if ok:
        result: T = value
        return result
    error_class, detail = value
    raise error_class(detail)
