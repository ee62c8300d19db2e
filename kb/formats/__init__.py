"""The export and import formats, one module per format.

Each module offers ``dump(doc, *, party=None) -> str`` (writers) and/or
``load(text) -> DebateDoc`` (readers), and the constants ``MEDIA_TYPE`` and ``EXTENSION``.
Modules are imported lazily so a missing optional tool never breaks the others.

Examples
--------
>>> sorted(WRITERS)[:3]
['aif', 'argdown', 'dot']
>>> format_module("json").EXTENSION
'.json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

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
}
WRITERS = ("json", "markdown", "html", "aif", "argdown", "iccma", "graphml", "dot")
READERS = ("json", "aif", "kialo", "argdown", "seed", "yaml")


def format_module(name: str) -> ModuleType:
    """Return the module of format `name`; InvalidInputError for an unknown one."""
    if name not in MODULES:
        known = ", ".join(sorted(MODULES))
        raise InvalidInputError(f"unknown format '{name}'; choose one of: {known}")
    return importlib.import_module(MODULES[name])
