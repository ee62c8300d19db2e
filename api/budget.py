"""Time budgets: the one place where work that may run long is bounded.

Crux search tries many acceptance changes, each a full evaluation; on a large debate under
complete, preferred or stable semantics it can run for minutes, and so can a layout or an
export of a very large debate. A Python thread cannot be stopped, so such work runs in a
process forked from a clean ``forkserver`` (no threads, no locks held) and is killed when
its budget is spent: the request then gets a 503 problem instead of holding a worker for
minutes, and the memory the work took goes back with the child process.

Routes and pages alike call :func:`run_bounded` (always in a child) or :func:`run_sized`
(in a child from a debate size on); the budget is ``ARGMAP_COMPUTE_SECONDS`` (default 30,
answered 503). Every request as a whole has a budget too, ``ARGMAP_REQUEST_SECONDS``
(default 60, answered 504 by :class:`RequestBudgetMiddleware`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import TooExpensiveError, problem_response
from kb.errors import ArgmapError

T = TypeVar("T")
log = logging.getLogger("argmap.api")

COMPUTE_SECONDS_VAR = "ARGMAP_COMPUTE_SECONDS"


def compute_seconds() -> float:
    """Seconds an expensive computation may take (``ARGMAP_COMPUTE_SECONDS``, default 30).

    >>> compute_seconds() > 0
    True
    """
    return float(os.environ.get(COMPUTE_SECONDS_VAR, "30"))


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


def run_bounded(work: Callable[..., T], *args: Any, seconds: float | None = None,
                what: str = "this computation", **kwargs: Any) -> T:
    """Return ``work(*args, **kwargs)`` computed in a child process within `seconds`.

    `work` and its arguments must pickle (a module-level function, plain data). Raises
    TooExpensiveError (and kills the child) when the budget (default:
    :func:`compute_seconds`) is spent; an ArgmapError raised by `work` is raised again here.

    >>> run_bounded(sum, [1, 2, 3], seconds=30)
    6
    """
    budget = compute_seconds() if seconds is None else seconds
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kb.engine", "api.budget", "api.preload"])
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, work, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(budget):
            raise TooExpensiveError(
                f"{what} takes longer than {budget:g} s on this debate; try grounded "
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


CHILD_FROM_VAR = "ARGMAP_BOUNDED_FROM"


def child_from() -> int:
    """Debate size (nodes) from which :func:`run_sized` works in a child process
    (``ARGMAP_BOUNDED_FROM``, default 2,000)."""
    return int(os.environ.get(CHILD_FROM_VAR, "2000"))


def run_sized(work: Callable[..., T], *args: Any, size: int, what: str = "this computation",
              **kwargs: Any) -> T:
    """Run `work` in place on a small debate, bounded in a child process on a large one.

    A layout, an export or an evaluation of a few hundred nodes takes milliseconds and is
    not worth a process; from :func:`child_from` nodes on it may take long and much memory,
    so it runs under :func:`run_bounded`.

    >>> run_sized(sorted, [2, 1], size=3)
    [1, 2]
    """
    if size < child_from():
        return work(*args, **kwargs)
    return run_bounded(work, *args, what=what, **kwargs)


REQUEST_SECONDS_VAR = "ARGMAP_REQUEST_SECONDS"


def request_seconds() -> float:
    """Seconds any request may take before it is answered 504 (``ARGMAP_REQUEST_SECONDS``,
    default 60; 0 switches the limit off)."""
    return float(os.environ.get(REQUEST_SECONDS_VAR, "60"))


class RequestBudgetMiddleware:
    """Answer a request that runs past its budget with a 504 problem.

    The answer goes out at the deadline; the route's thread cannot be stopped and finishes
    on its own (what it then sends is dropped), which is why long computations run under
    :func:`run_bounded`, whose child is killed at its own, shorter budget.
    """

    def __init__(self, app: ASGIApp, *, seconds: float | None = None) -> None:
        self.app = app
        self.seconds = request_seconds() if seconds is None else seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        state = {"started": False, "late": False}

        async def guarded_send(message: Message) -> None:
            if state["late"]:
                return
            state["started"] = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            task.result()
            return
        state["late"] = True
        task.add_done_callback(_drop_result)
        if state["started"]:
            return  # a streamed answer already under way: let the client see it end short
        log.warning("request over its budget of %gs: %s %s", self.seconds, scope["method"],
                    scope["path"])
        response = problem_response(
            504, f"this request takes longer than {self.seconds:g} s; ask for less (a "
            "smaller page, grounded semantics, a focus on one claim) or retry later",
            instance=scope["path"], code="request-timeout",
        )
        await response(scope, receive, send)


def _drop_result(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("a request answered 504 ended later with %r", task.exception())
