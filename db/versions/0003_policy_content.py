"""policy item versions keep where to apply and their whole content; fact lookups by name

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policy_item_version") as batch:
        batch.add_column(sa.Column("where_to_apply", sa.Text(), nullable=True))
        batch.add_column(sa.Column("content_json", sa.Text(), nullable=False, server_default="{}"))
    # Rule SQL reads the latest value of one fact for every enterprise: this index covers it.
    op.create_index("ix_enterprise_fact_name", "enterprise_fact", ["fact_name", "enterprise_id", "valid_on", "value"])


def downgrade() -> None:
    op.drop_index("ix_enterprise_fact_name", "enterprise_fact")
    with op.batch_alter_table("policy_item_version") as batch:
        batch.drop_column("content_json")
        batch.drop_column("where_to_apply")
