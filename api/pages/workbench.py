"""The editors' workbench: ``/debates/new`` and ``/debates/{slug}/edit``.

The page is a shell: ``static/workbench.js`` does all the editing through the same REST
API that scripts use (with the sign-in cookie and the CSRF token of ``<meta
name="csrf-token">``), with ``workbench-conflicts.js`` (every save under its item's ETag,
and the conflict of two editors), ``workbench-citations.js`` (citations with their
passages) and ``workbench-views.js`` (the map, the labels, the history). Anonymous
visitors are sent to ``/login``; a signed-in reader, or an editor of other debates only,
gets 403; an editor of the debate or an admin gets the page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.pages.templating import templates
from api.signin import login_redirect
from kb.auth import Actor, can_create, can_edit, can_read
from kb.store import Store

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
# the header of every page offers editors their links (readers never see them)
templates.env.globals.update(can_edit=can_edit, can_create=can_create)


def _refused(request: Request, status: int, detail: str) -> Response:
    return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail},
                                      status_code=status)


def _workbench(request: Request, account: Actor, slug: str | None) -> Response:
    return templates.TemplateResponse(request, "workbench.html", {
        "slug": slug or "", "account": account, "csrf_token": request.state.csrf_token,
    })


@router.get("/debates/new")
def new_debate_page(request: Request) -> Response:
    """The workbench on a new, empty debate."""
    account: Actor | None = getattr(request.state, "account", None)
    if account is None:
        return login_redirect(request)
    if not can_create(account):
        return _refused(request, 403, f"'{account.name}' ({account.role}) may not create "
                        "debates; ask an administrator for an editor's role")
    return _workbench(request, account, None)


@router.get("/debates/{slug}/edit")
def edit_debate_page(request: Request, slug: str) -> Response:
    """The workbench on debate `slug`."""
    account: Actor | None = getattr(request.state, "account", None)
    if account is None:
        return login_redirect(request)
    store: Store = request.app.state.store
    debate = store.find_debate(slug)
    if debate is None or not can_read(account, slug, public=debate.public):
        return _refused(request, 404, f"no debate '{slug}'")
    if not can_edit(account, slug):
        return _refused(request, 403, f"'{account.name}' ({account.role}) may not edit "
                        f"debate '{slug}'; an administrator can grant it with: argmap user "
                        f"grant {account.name} --debate {slug}")
    return _workbench(request, account, slug)
