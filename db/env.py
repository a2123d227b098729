"""Alembic environment for the client database.

The client runs migrations itself at start-up (store.database.migrate), handing over its
connection; ``alembic -c db/alembic.ini`` from a checkout works too, on KUAIXIANG_DB_URL.
"""

import os

from alembic import context
from sqlalchemy import create_engine

from kuaixiang_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    # SQLite cannot ALTER most things in place; batch mode rebuilds tables when needed.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("KUAIXIANG_DB_URL") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
