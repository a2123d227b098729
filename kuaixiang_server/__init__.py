"""政策快享 reference central server (DESIGN §3, docs/sync-protocol.md).

FastAPI on uvicorn over SQLAlchemy 2; SQLite by default, PostgreSQL in production. Stateless:
tokens, log-in failures, idempotency records, change sequences and uploads all live in the
database, so several instances can serve one PostgreSQL.
"""

__version__ = "0.1.0"
