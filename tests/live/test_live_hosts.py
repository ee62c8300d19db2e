"""Two hosts, one PostgreSQL database: two ``argmap serve`` processes started together on an
empty database migrate it once and seed it once, and then behave as one: a write
acknowledged by one is read by the other at once, ETags and If-Match agree across them, and
neither serves a cached evaluation older than what the other acknowledged."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from kb.db import head_revision, make_engine
from tests.api.helpers import make_debate
from tests.live.server import add_user, postgres_available, postgres_database, start_serve

pytestmark = [pytest.mark.pg, pytest.mark.slow, pytest.mark.xdist_group("hosts")]


def test_live_two_hosts_behave_as_one(tmp_path: Path) -> None:
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    with postgres_database() as url:
        hosts = [start_serve(url, tmp_path), start_serve(url, tmp_path)]
        try:
            for host in hosts:
                host.wait_ready(seconds=180)
            _check_one_schema_and_seeds(url)
            token = add_user("ann", "admin", db_url=url, cwd=tmp_path)
            auth = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=hosts[0].base_url, headers=auth, timeout=30) as one, \
                    httpx.Client(base_url=hosts[1].base_url, headers=auth, timeout=30) as two:
                _check_hosts_agree(one, two)
        finally:
            for host in hosts:
                host.stop()


def _check_one_schema_and_seeds(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            assert list(versions) == [head_revision()]
            slugs = list(conn.execute(text("SELECT slug FROM debate")).scalars())
    finally:
        engine.dispose()
    assert slugs and len(slugs) == len(set(slugs))


def _check_hosts_agree(one: httpx.Client, two: httpx.Client) -> None:
    slug = make_debate(one)["slug"]
    base = f"/api/debates/{slug}"
    # a write acknowledged by one host is read by the other at once, with the same ETag
    made = one.post(f"{base}/nodes", json={"key": "c2", "kind": "claim", "text": "Two."})
    assert made.status_code == 201, made.text
    seen = two.get(f"{base}/nodes/c2")
    assert seen.status_code == 200 and seen.headers["etag"] == made.headers["etag"]
    assert one.get(base).headers["etag"] == two.get(base).headers["etag"]
    # If-Match written against one host's ETag holds on the other, and goes stale on both
    etag = one.get(f"{base}/nodes/c1").headers["etag"]
    changed = two.patch(f"{base}/nodes/c1", json={"text": "Changed on two."},
                        headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    stale = one.patch(f"{base}/nodes/c1", json={"text": "Late."}, headers={"If-Match": etag})
    assert stale.status_code == 412
    # an evaluation cached by one host is not served after a write on the other
    params = {"party": "p"}
    assert one.get(f"{base}/evaluation", params=params).json()["labels"]["c1"] == "OUT"
    accepted = two.put(f"{base}/parties/p/acceptance", json={"e1": "accepted"},
                       headers={"If-Match": "*"})
    assert accepted.status_code == 200, accepted.text
    assert one.get(f"{base}/evaluation", params=params).json()["labels"]["c1"] == "IN"
    page = one.get(f"/debates/{slug}", params=params)
    assert page.status_code == 200
    assert two.get(f"{base}/revisions").json()["total"] == one.get(
        f"{base}/revisions").json()["total"]
