"""Where Argmap finds its database.

The URL comes from ``--db``, then the environment variable ``ARGMAP_DB``, then the SQLite file
``argmap.db`` in the working directory.

Examples
--------
>>> resolve_db_url("sqlite:///other.db")
'sqlite:///other.db'
>>> import os; os.environ.pop("ARGMAP_DB", None) and None
>>> resolve_db_url()
'sqlite:///argmap.db'
"""

from __future__ import annotations

import os

ENV_VAR = "ARGMAP_DB"
DEFAULT_DB_URL = "sqlite:///argmap.db"


def resolve_db_url(cli_value: str | None = None) -> str:
    """Return the database URL: `cli_value`, else ``$ARGMAP_DB``, else ``sqlite:///argmap.db``.

    Examples
    --------
    >>> resolve_db_url("postgresql+psycopg://postgres@127.0.0.1:5432/argmap")
    'postgresql+psycopg://postgres@127.0.0.1:5432/argmap'
    """
    if cli_value:
        return cli_value
    from_env = os.environ.get(ENV_VAR, "").strip()
    return from_env or DEFAULT_DB_URL
