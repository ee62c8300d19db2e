"""The one exception tree of Argmap.

Every error a caller can fix is an :class:`ArgmapError`; ``str(exc)`` says what is wrong
and what to do. The API maps each class to an HTTP status, the CLI to exit code 1.
No HTTP status codes live here.

Examples
--------
>>> raise NotFoundError("no debate 'x'; list them with GET /api/debates")
Traceback (most recent call last):
...
kb.errors.NotFoundError: no debate 'x'; list them with GET /api/debates
"""

from __future__ import annotations

import re
from typing import Any


class ArgmapError(Exception):
    """Something the caller can fix; ``str(exc)`` says what is wrong and what to do."""

    code = "argmap-error"
    """The problem type's last part (``urn:argmap:problem:CODE``). A class derived from
    ArgmapError itself gets its name in kebab case without ``Error`` (``NotFoundError``:
    ``not-found``) unless it sets one; a class derived from one of those keeps its parent's."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give a direct kind of error its code from its name.

        >>> class TeaSpiltError(ArgmapError): pass
        >>> class GreenTeaSpiltError(TeaSpiltError): pass
        >>> TeaSpiltError.code, GreenTeaSpiltError.code
        ('tea-spilt', 'tea-spilt')
        """
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__ and ArgmapError in cls.__bases__:
            name = cls.__name__.removesuffix("Error")
            cls.code = re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFoundError(ArgmapError):
    """The named debate, node, edge, party, source or user does not exist."""


class DebateNotFoundError(NotFoundError):
    """No debate of that slug, or none the caller may read: one message everywhere.

    >>> str(DebateNotFoundError("x"))
    "no debate 'x'; the list of debates (GET /api/debates, or the page /) shows the slugs"
    """

    def __init__(self, slug: str) -> None:
        super().__init__(
            f"no debate {slug!r}; the list of debates (GET /api/debates, or the page /) "
            "shows the slugs"
        )
        self.slug = slug


class ConflictError(ArgmapError):
    """The change clashes with what is stored: a duplicate key, an edge still in use."""


class InvalidInputError(ArgmapError):
    """The input is malformed: a bad key, empty text, a bad file (with its location)."""


class StaleError(ArgmapError):
    """The caller's revision (``If-Match``) is no longer the current one."""
