"""apply wizard drafts: an application started at the window and closed before filing

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Local only (services/drafts): nothing here goes to the outbox.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "apply_draft",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprise.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("clerk.id"), nullable=False),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("materials_json", sa.Text(), nullable=False),
        sa.Column("agent_name", sa.String(64), nullable=True),
        sa.Column("agent_id_enc", sa.LargeBinary(), nullable=True),
        sa.Column("agent_phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("enterprise_id", "item_id", "clerk_id", name="uq_apply_draft_visit"),
    )
    op.create_index("ix_apply_draft_enterprise_id", "apply_draft", ["enterprise_id"])
    op.create_index("ix_apply_draft_hall_code", "apply_draft", ["hall_code"])


def downgrade() -> None:
    op.drop_index("ix_apply_draft_hall_code", "apply_draft")
    op.drop_index("ix_apply_draft_enterprise_id", "apply_draft")
    op.drop_table("apply_draft")
