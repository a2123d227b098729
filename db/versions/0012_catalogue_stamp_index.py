"""An index on ``policy_item_version (imported_at, item_id)``: the compiled catalogue's cache
stamp (count of versions, latest import) read from the index instead of a scan of every
stored version with its content, which cost every match in the window 5-10 ms.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_policy_item_version_imported_at", "policy_item_version", ["imported_at", "item_id"])


def downgrade() -> None:
    op.drop_index("ix_policy_item_version_imported_at", table_name="policy_item_version")
