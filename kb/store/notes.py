"""The message an editor gives a change, carried to the Revision it records.

A caller wraps its writes in ``with noting("why"):``; every revision recorded inside
carries that message. A context variable keeps the Store's write methods unchanged and is
private to each request (thread or task).

Examples
--------
>>> with noting("fix a typo"):
...     noted_message()
'fix a typo'
>>> noted_message()
''
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_MESSAGE = 500
"""Longest revision message, in characters."""

_message: ContextVar[str] = ContextVar("argmap_revision_message", default="")


@contextmanager
def noting(message: str | None) -> Iterator[None]:
    """Record `message` on every revision written inside the block (None: keep the outer)."""
    if message is None:
        yield
        return
    token = _message.set(message.strip()[:MAX_MESSAGE])
    try:
        yield
    finally:
        _message.reset(token)


def noted_message() -> str:
    """Return the message of the enclosing :func:`noting` block, or ``''``."""
    return _message.get()
