"""update_release: signed client update manifests and the files the server serves

Revision ID: 0008_updates
Revises: 0007_ratings_payout
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_updates"
down_revision = "0007_ratings_payout"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "update_release",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("platform", "version", name="uq_update_release_platform_version"),
    )
    op.create_index("ix_update_release_platform", "update_release", ["platform"])
    op.create_index("ix_update_release_sha256", "update_release", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_update_release_sha256", table_name="update_release")
    op.drop_index("ix_update_release_platform", table_name="update_release")
    op.drop_table("update_release")
