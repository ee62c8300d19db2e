"""Time budgets: the one place where work that may run long is bounded.

Crux search tries many acceptance changes, each a full evaluation; on a large debate under
complete, preferred or stable semantics it can run for minutes, and so can a layout or an
export of a very large debate. A Python thread cannot be stopped, so such work runs in a
process forked from a clean ``forkserver`` (no threads, no locks held) and is killed when
its budget is spent: the request then gets a 503 problem instead of holding a worker for
minutes, and the memory the work took goes back with the child process.

Routes and pages alike call :func:`run_bounded`; the budget is ``ARGMAP_COMPUTE_SECONDS``
(default 30).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from api.problems import TooExpensiveError
from kb.errors import ArgmapError

T = TypeVar("T")

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
    context.set_forkserver_preload(["kb.engine", "api.budget"])
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
