"""Whole rendered pages, cached per debate revision and view, sent gzipped when accepted.

A debate page of a seed debate is about 640 KB of HTML and takes tens of milliseconds to
render; what it shows depends only on the debate at its revision and on the view (its
canonical address), except the header of a signed-in reader (their name, the sign-out
form's token). So a reader who is not signed in gets the page from ``store.caches.pages``,
keyed like every cached result by the debate's identity and revision, with its gzipped
body made once beside it and an ETag (a digest of the HTML) that ``If-None-Match``
matches with a 304 before anything is rendered. Signed-in readers get a fresh rendering.
Only pages whose content is fixed by the revision belong here: a page that shows document
passages (which change without a new revision) must put a digest of them in its key.

>>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br;q=1, gzip;q=0"), accepts_gzip("")
(True, False, False)
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api.packed import GZIP_LEVEL, accepts_gzip
from api.pages.render import error_page, render
from api.pages.templating import templates
from api.pages.views import Pages
from kb.errors import ArgmapError


@dataclass(frozen=True)
class WholePage:
    """A rendered page: its HTML, the same gzipped, and its ETag."""

    html: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, html: bytes) -> WholePage:
        """The page of `html`.

        >>> page = WholePage.of(b"<p>Hi</p>")
        >>> gzip.decompress(page.gzipped), page.etag
        (b'<p>Hi</p>', 'W/"p-9c655e84ab91015eed76"')
        """
        digest = hashlib.sha256(html).hexdigest()[:20]
        return cls(html, gzip.compress(html, GZIP_LEVEL, mtime=0), f'W/"p-{digest}"')

    @property
    def size(self) -> int:
        return len(self.html) + len(self.gzipped)


def whole_page(request: Request, pages: Pages, key: tuple[Hashable, ...],
               build: Callable[[], tuple[str, dict[str, Any]]]) -> Response:
    """The page `build` renders, from the cache under `key` (``(what, slug, revision,
    view address, ...)``) for a reader not signed in; rendered afresh otherwise."""
    if getattr(request.state, "account", None) is not None:
        return render(request, build)
    full = ("page", pages.identity.get(str(key[1])), *key)
    try:
        page = pages.caches.pages.get(full, lambda: _rendered(request, build))
    except ArgmapError as exc:
        return error_page(request, exc)
    wanted = request.headers.get("if-none-match", "")
    if page.etag in {tag.strip() for tag in wanted.split(",")}:
        return Response(status_code=304, headers={"ETag": page.etag})
    headers = {"ETag": page.etag, "Vary": "Accept-Encoding"}
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        headers["Content-Encoding"] = "gzip"
        return Response(page.gzipped, media_type="text/html", headers=headers)
    return Response(page.html, media_type="text/html", headers=headers)


def _rendered(request: Request, build: Callable[[], tuple[str, dict[str, Any]]]) -> WholePage:
    name, context = build()
    return WholePage.of(bytes(templates.TemplateResponse(request, name, context).body))
