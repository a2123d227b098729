"""Alembic environment of the server database.

The server migrates itself at start-up (kuaixiang_server.db.migrate), handing over its
connection. From a checkout, ``KUAIXIANG_SERVER_DB=… alembic -c <ini with script_location =
kuaixiang_server/migrations> revision --autogenerate -m …`` drafts a new revision.
"""

import os

from alembic import context
from sqlalchemy import create_engine

from kuaixiang_server.db import VERSION_TABLE
from kuaixiang_server.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite rebuilds tables to alter them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from kuaixiang_server.config import normalize_db_url

    engine = create_engine(normalize_db_url(os.environ.get("KUAIXIANG_SERVER_DB")))
    with engine.begin() as conn:
        _run(conn)
