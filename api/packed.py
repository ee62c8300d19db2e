"""Answers kept as bytes with their gzipped form beside them, sent as the client accepts.

A large answer (the evaluation of a debate of 100,000 nodes is about 8 MB of JSON) costs
far more to compress than to look up, and the compression middleware would compress it
again for every request. An answer kept with :class:`Packed` is compressed once, when it is
made, and sent gzipped to a client that accepts gzip.

>>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br;q=1, gzip;q=0"), accepts_gzip("")
(True, False, False)
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

GZIP_LEVEL = 6
GZIP_FROM = 4096
"""Bodies shorter than this many bytes are sent as they are."""


@dataclass(frozen=True)
class Packed:
    """A body and the same gzipped (empty when the body is short)."""

    body: bytes
    gzipped: bytes

    @classmethod
    def of(cls, body: bytes) -> Packed:
        """`body`, compressed once if it is long enough to be worth it.

        >>> packed = Packed.of(b"x" * 5000)
        >>> gzip.decompress(packed.gzipped) == packed.body, Packed.of(b"{}").gzipped
        (True, b'')
        """
        short = len(body) < GZIP_FROM
        return cls(body, b"" if short else gzip.compress(body, GZIP_LEVEL, mtime=0))

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)

    def response(self, request: Request, media_type: str,
                 headers: dict[str, str] | None = None) -> Response:
        """The answer for `request`: gzipped when the client accepts it and it is kept so."""
        headers = {**(headers or {}), "Vary": "Accept-Encoding"}
        if self.gzipped and accepts_gzip(request.headers.get("accept-encoding", "")):
            headers["Content-Encoding"] = "gzip"
            return Response(self.gzipped, media_type=media_type, headers=headers)
        return Response(self.body, media_type=media_type, headers=headers)


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (and does not give it q=0)."""
    for part in header.lower().split(","):
        name, _, params = part.partition(";")
        if name.strip() in ("gzip", "*"):
            params = params.replace(" ", "")
            return not params.startswith("q=") or _positive(params[2:])
    return False


def _positive(quality: str) -> bool:
    try:
        return float(quality) > 0
    except ValueError:
        return False
