"""The seed format (YAML, as in ``seeds/``): the project's own format written for people.

The same fields as :mod:`kb.formats.json`, in YAML (JSON is YAML too). Errors name the
line of each problem.

Examples
--------
>>> load("slug: d\\ntitle: D\\n").title
'D'
>>> load("slug: d\\ntitle: D\\nmode: sometimes\\n")
Traceback (most recent call last):
...
kb.errors.InvalidInputError: seed.yaml:3: mode: Input should be 'unsupported' or 'presumptive'
"""

from __future__ import annotations

import yaml

from kb.doc import DebateDoc
from kb.formats.json import to_dict

MEDIA_TYPE = "application/yaml"
EXTENSION = ".yaml"


def load(text: str) -> DebateDoc:
    """Parse and check a seed file's text (every problem with its line)."""
    from kb.seeds import read_seed_text

    return read_seed_text(text, name="seed.yaml")


def dump(doc: DebateDoc, *, party: str | None = None) -> str:
    """Write `doc` in the seed format (`party` is ignored: the file holds every party)."""
    return str(yaml.safe_dump(to_dict(doc), sort_keys=False, allow_unicode=True, width=90))
