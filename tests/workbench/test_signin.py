"""Signing in: passwords, the session cookie, CSRF on cookie writes, limits, page access."""

from __future__ import annotations

import re

import pytest

from api.signin import COOKIE, limiter
from tests.workbench.conftest import App

PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    limiter._failures.clear()


def sign_in(app: App, name: str) -> str:
    """Sign `name` in on the app's client; return the CSRF token its pages carry."""
    app.store.set_password(name, PASSWORD)
    answer = app.client.post("/login", data={"username": name, "password": PASSWORD,
                                             "next": "/debates/demo/edit"},
                             follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/debates/demo/edit"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=" in cookie
    assert "Secure" not in cookie  # plain HTTP here
    page = app.client.get("/")
    assert f"Signed in as <strong>{name}</strong>" in page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def test_signin_cookie_writes_need_the_csrf_token(app: App) -> None:
    token = sign_in(app, "ed")
    before = app.client.get("/api/debates/demo").headers["etag"]
    forged = app.client.patch("/api/debates/demo", json={"title": "Forged"},
                              headers={"If-Match": before})
    assert forged.status_code == 403
    assert forged.headers["content-type"] == "application/problem+json"
    assert "X-CSRF-Token" in forged.json()["detail"]
    assert app.client.get("/api/debates/demo").headers["etag"] == before
    done = app.client.patch("/api/debates/demo", json={"title": "Renamed"},
                            headers={"If-Match": before, "X-CSRF-Token": token})
    assert done.status_code == 200, done.text
    newest = app.client.get("/api/debates/demo/revisions").json()["items"][0]
    assert newest["author"] == "ed"


def test_signin_bearer_tokens_need_no_csrf_token(app: App) -> None:
    sign_in(app, "ed")
    tag = app.client.get("/api/debates/demo").headers["etag"]
    answer = app.call("PATCH", "/api/debates/demo", "ed", json={"title": "By token"},
                      headers={"If-Match": tag})
    assert answer.status_code == 200


def test_signin_wrong_password_is_refused_slowed_and_limited(app: App) -> None:
    app.store.set_password("ed", PASSWORD)
    for _ in range(5):
        wrong = app.client.post("/login", data={"username": "ed", "password": "nope-nope"},
                                follow_redirects=False)
        assert wrong.status_code == 401
        assert COOKIE not in wrong.headers.get("set-cookie", "")
    locked = app.client.post("/login", data={"username": "ed", "password": PASSWORD},
                             follow_redirects=False)
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0


def test_signin_logout_ends_the_session(app: App) -> None:
    token = sign_in(app, "ed")
    out = app.client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert "Sign in" in app.client.get("/").text
    assert app.client.get("/debates/demo/edit", follow_redirects=False).status_code == 303


def test_signin_workbench_access_by_role(app: App) -> None:
    anonymous = app.client.get("/debates/demo/edit", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    assert app.client.get("/debates/new", follow_redirects=False).status_code == 303
    sign_in(app, "rita")
    assert app.client.get("/debates/demo/edit").status_code == 403
    assert app.client.get("/debates/new").status_code == 403
    sign_in(app, "ed")
    assert app.client.get("/debates/demo/edit").status_code == 200
    assert app.client.get("/debates/new").status_code == 200
    sign_in(app, "admin")
    assert app.client.get("/debates/demo/edit").status_code == 200


def test_signin_editor_of_another_debate_gets_403(app: App) -> None:
    app.call("POST", "/api/debates", json={"slug": "other", "title": "Other"})
    sign_in(app, "ed")
    assert app.client.get("/debates/other/edit").status_code == 403
    tag = app.client.get("/api/debates/other").headers["etag"]
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      app.client.get("/debates/demo/edit").text)
    assert token is not None
    answer = app.client.patch("/api/debates/other", json={"title": "X"},
                              headers={"If-Match": tag, "X-CSRF-Token": token.group(1)})
    assert answer.status_code == 403


def test_signin_cli_sets_a_password_from_stdin(db_url: str) -> None:
    from typer.testing import CliRunner

    from api.cli import app as cli
    from kb.db import make_engine
    from kb.store import Store

    store = Store(make_engine(db_url))
    store.add_user("ann", "editor")
    runner = CliRunner()
    differ = runner.invoke(cli, ["user", "password", "ann", "--db", db_url],
                           input="first password\nsecond password\n")
    assert differ.exit_code == 1 and "differ" in differ.output
    done = runner.invoke(cli, ["user", "password", "ann", "--db", db_url],
                         input="first password\nfirst password\n")
    assert done.exit_code == 0, done.output
    assert store.check_password("ann", "first password") is not None
    short = runner.invoke(cli, ["user", "password", "ann", "--db", db_url], input="short\n")
    assert short.exit_code == 1 and "at least 8" in short.output
    store.engine.dispose()
