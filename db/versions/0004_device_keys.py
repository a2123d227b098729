"""device signing keys (receipts' QR codes verify against them)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_key",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=True),
        sa.Column("label", sa.String(64), nullable=True),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("device_key")
