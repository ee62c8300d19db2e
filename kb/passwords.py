"""Passwords for signing in to the pages, pure: argon2id hashing (argon2-cffi).

A password is never stored in clear: only its argon2id hash (with its own salt and
parameters), which :func:`verify_password` checks in constant time.

Examples
--------
>>> stored = hash_password("correct horse battery")
>>> stored.startswith("$argon2id$")
True
>>> verify_password(stored, "correct horse battery"), verify_password(stored, "wrong")
(True, False)
>>> check_new_password("short")
Traceback (most recent call last):
...
kb.errors.InvalidInputError: a password needs at least 8 characters
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kb.errors import InvalidInputError

MIN_LENGTH = 8
MAX_LENGTH = 1024
_hasher = PasswordHasher()


def check_new_password(password: str) -> None:
    """Raise InvalidInputError unless `password` is acceptable (length, no NUL, no newline)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInputError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInputError(f"a password has at most {MAX_LENGTH} characters")
    if any(c in password for c in "\x00\r\n"):
        raise InvalidInputError("a password cannot hold NUL or line-break characters")


def hash_password(password: str) -> str:
    """Return the argon2id hash under which `password` is stored."""
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Say whether `password` matches the `stored` hash (False when there is none)."""
    if not stored or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so an unknown name answers as slowly as a known."""
    verify_password(_DUMMY, password)


_DUMMY = _hasher.hash("argmap dummy password")
