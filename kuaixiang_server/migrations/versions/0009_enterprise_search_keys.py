"""enterprise.search_keys: the search keys of the ``enterprises`` stream, made when a row is written

Revision ID: 0009_enterprise_search_keys
Revises: 0008_updates
Create Date: 2026-12-06

Rows written before stay NULL: their keys are computed when a page is read, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_enterprise_search_keys"
down_revision = "0008_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprise", sa.Column("search_keys", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("enterprise", "search_keys")
