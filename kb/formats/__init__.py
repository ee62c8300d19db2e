"""The export and import formats, one module per format.

Each module offers ``dump(doc, *, party=None) -> str`` (writers) and/or
``load(text) -> DebateDoc`` (readers), and the constants ``MEDIA_TYPE`` and ``EXTENSION``.
Modules are imported lazily so a missing optional tool never breaks the others.

Examples
--------
>>> sorted(WRITERS)[:2]
['aif', 'argdown']
>>> format_module("json").EXTENSION
'.json'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Protocol

from kb.errors import InvalidInputError

MODULES = {
    "json": "kb.formats.json",
    "markdown": "kb.formats.markdown",
    "html": "kb.formats.html",
    "aif": "kb.formats.aif",
    "argdown": "kb.formats.argdown",
    "kialo": "kb.formats.kialo",
    "seed": "kb.formats.seed",
    "yaml": "kb.formats.seed",
    "iccma": "kb.formats.iccma",
    "graphml": "kb.formats.graphml",
    "dot": "kb.formats.dot",
    "brief": "kb.formats.brief",
    "brief-html": "kb.formats.brief_html",
}
WRITERS = (
    "json", "markdown", "html", "aif", "argdown", "iccma", "graphml", "dot", "brief", "brief-html",
)
READERS = ("json", "aif", "kialo", "argdown", "seed", "yaml")


def format_module(name: str) -> ModuleType:
    """Return the module of format `name`; InvalidInputError for an unknown one."""
    if name not in MODULES:
        known = ", ".join(sorted(MODULES))
        raise InvalidInputError(f"unknown format '{name}'; choose one of: {known}")
    return importlib.import_module(MODULES[name])


class PassageSource(Protocol):
    """What :func:`quoted_passages` reads: the store's passages of a debate's documents."""

    def source_passages(self, slug: str) -> dict[str, dict[str, str]]:
        """Source key -> locator -> passage text."""
        ...


def quoted_passages(module: ModuleType, store: PassageSource,
                    slug: str) -> dict[str, dict[str, str]]:
    """The passages a format's ``dump`` quotes for debate `slug` (source key -> locator ->
    text): the debate's documents for the summaries (``QUOTES_PASSAGES``), else nothing.

    The one rule the CLI export, the API export and the students' summary page follow.

    >>> class Documents:
    ...     def source_passages(self, slug): return {"s": {"¶1": "Text."}}
    >>> quoted_passages(format_module("markdown"), Documents(), "d")
    {'s': {'¶1': 'Text.'}}
    >>> quoted_passages(format_module("json"), Documents(), "d")
    {}
    """
    if not getattr(module, "QUOTES_PASSAGES", False):
        return {}
    return store.source_passages(slug)
