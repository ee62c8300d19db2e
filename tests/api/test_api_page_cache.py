"""The debate page cached whole (api/pages/whole.py): gzip, ETag and 304, a new revision,
signed-in readers, and the evaluation's JSON encoded once per revision."""

from __future__ import annotations

import httpx

from kb.db import make_engine
from kb.store import Store
from tests.api.conftest import SEED_DEBATE
from tests.api.helpers import AppUnderTest

PAGE = f"/debates/{SEED_DEBATE}?party=asan-editors"
PASSWORD = "a reader's long passphrase"


def test_page_is_gzipped_when_accepted_and_the_same_html_otherwise(anon: httpx.Client) -> None:
    zipped = anon.get(PAGE, headers={"Accept-Encoding": "gzip"})
    plain = anon.get(PAGE, headers={"Accept-Encoding": "identity"})
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert zipped.content == plain.content  # httpx decodes the gzipped body
    assert zipped.headers["etag"] == plain.headers["etag"]
    assert plain.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-security-policy" in zipped.headers


def test_page_answers_a_matching_if_none_match_with_304(anon: httpx.Client) -> None:
    first = anon.get(PAGE)
    etag = first.headers["etag"]
    again = anon.get(PAGE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = anon.get(f"/debates/{SEED_DEBATE}?party=wong", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_page_changes_with_a_new_revision(server: AppUnderTest, anon: httpx.Client) -> None:
    admin = server.client("admin")
    before = anon.get(PAGE)
    node = admin.get(f"/api/debates/{SEED_DEBATE}/nodes").json()["items"][0]
    url = f"/api/debates/{SEED_DEBATE}/nodes/{node['key']}"
    etag = admin.get(url).headers["etag"]
    changed = admin.patch(url, json={"text": "A text no page showed before."},
                          headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    after = anon.get(PAGE, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "A text no page showed before." in after.text
    assert "A text no page showed before." not in before.text


def test_signed_in_reader_gets_a_page_of_their_own(server: AppUnderTest,
                                                   anon: httpx.Client) -> None:
    engine = make_engine(server.db_url)
    try:
        Store(engine).set_password("reader", PASSWORD)
    finally:
        engine.dispose()
    login = server.client()
    signed = login.post("/login", data={"username": "reader", "password": PASSWORD},
                        follow_redirects=False)
    assert signed.status_code in (302, 303), signed.text
    mine = login.get(PAGE)
    assert "Signed in as" in mine.text and "etag" not in mine.headers
    assert "Signed in as" not in anon.get(PAGE).text


def test_evaluation_is_the_same_json_twice_and_gzipped_when_large(anon: httpx.Client) -> None:
    url = f"/api/debates/{SEED_DEBATE}/evaluation?party=asan-editors"
    first, second = anon.get(url), anon.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.json()["party"] == "asan-editors" and first.json()["labels"]
    assert second.headers["content-encoding"] == "gzip"
    assert len(first.content) > 4096  # over the size that is gzipped
    assert first.headers["content-type"] == "application/json"
