"""The migrated schema equals the models: autogenerate finds nothing to do."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from kb.db import alembic_config, current_revision, make_engine
from kb.models import SQLModel
from kb.store.fts import include_name

HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
"""The newest migration: every upgrade ends there."""


# SQLite's reflection cannot read the expression index of automatic edge keys; it is
# compared on PostgreSQL.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_match_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []
    assert current_revision(db_url) == HEAD


def test_migrations_upgrade_fresh_sqlite_file(tmp_path: object) -> None:
    from pathlib import Path

    from kb.db import upgrade

    url = f"sqlite:///{Path(str(tmp_path)) / 'fresh.db'}"
    assert current_revision(url) is None
    upgrade(url)
    upgrade(url)  # a second run is a no-op
    assert current_revision(url) == HEAD


def test_migrations_downgrade_to_nothing_and_back(tmp_path: object) -> None:
    from pathlib import Path

    from alembic import command
    from sqlalchemy import inspect

    from kb.db import alembic_config, upgrade

    url = f"sqlite:///{Path(str(tmp_path)) / 'round.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade(url)
    assert current_revision(url) == HEAD
