"""Shared fixtures: a migrated database per test on SQLite (a real file) and PostgreSQL.

``db_url`` is parametrized over both backends; PostgreSQL runs are marked ``pg`` and skip
with a reason when 127.0.0.1:5432 is unreachable. Each test gets an empty migrated database:
a copy of one migrated template file on SQLite; on PostgreSQL one database per test process
(``argmap_test_<random>``, dropped at the end), emptied with TRUNCATE before each
test. ``store`` is a Store on top.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.db import make_engine, upgrade
from kb.models import SQLModel
from kb.store import Store
from tests.databases import (
    create_pg_database,
    drop_pg_database,
    drop_pg_template,
    plain,
    postgres_reachable,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give `--dist loadgroup` the ``@group`` suffix on node ids that it schedules by.

    pytest-xdist 3.8 writes the suffix to ``item._nodeid``, which pytest 9.2 no longer reads
    (node ids live in ``item._id``), so every ``xdist_group`` would be ignored: the tests
    of one group spread over both workers, each starting its own servers and browser.
    Example: ``tests/e2e/test_pages.py::test_x`` becomes ``tests/e2e/test_pages.py::test_x@e2e``.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        node_id = getattr(item, "_id", None)
        if names and node_id is not None and "@" not in item.nodeid:
            item._id = type(node_id).parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "argmap.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_template() -> Iterator[None]:
    yield
    drop_pg_template()


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A migrated SQLite file of this test."""
    path = tmp_path / "argmap.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def _pg_database() -> Iterator[str | None]:
    """One migrated PostgreSQL database per test process (None without PostgreSQL)."""
    if not postgres_reachable():
        yield None
        return
    url = create_pg_database(migrate=False)
    upgrade(url)
    yield url
    drop_pg_database(url)


@pytest.fixture
def pg_url(_pg_database: str | None) -> str:
    """A migrated, empty PostgreSQL database for this test (skipped without PostgreSQL).

    The process's database is emptied before each test (TRUNCATE is much faster than a
    fresh database); use :func:`create_pg_database` for a database of your own.
    """
    if _pg_database is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (set ARGMAP_TEST_PG)")
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    import psycopg

    with psycopg.connect(plain(_pg_database), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # type: ignore[arg-type]
    return _pg_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A migrated database of this test, on each backend in turn."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A Store on the test's fresh database."""
    engine = make_engine(db_url)
    yield Store(engine)
    engine.dispose()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = "no browser: /usr/bin/chromium is missing (run `bash tests/tools/browser.sh`)"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one per test process (never a downloaded browser).

    Every browser test shares it: Playwright's sync API refuses a second instance while one
    is running in the same process.
    """
    if not CHROMIUM.exists():
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
