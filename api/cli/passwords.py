"""Reading a new password for ``argmap user password``: standard input or a prompt."""

from __future__ import annotations

import getpass
import sys

from kb.errors import InvalidInputError


def read_password() -> str:
    """Return the password: prompted twice on a terminal, else the first line of standard
    input (a second line, when given, must repeat it)."""
    if sys.stdin.isatty():
        first = getpass.getpass("New password: ")
        second = getpass.getpass("Repeat it: ")
    else:
        lines = sys.stdin.read().splitlines()
        if not lines or not lines[0]:
            raise InvalidInputError("no password on standard input; give it as the first line")
        first = lines[0]
        second = lines[1] if len(lines) > 1 else first
    if first != second:
        raise InvalidInputError("the two passwords differ; type the same one twice")
    return first
