"""容缺受理 pledges and 授权委托书 on file

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

``pledge``: an application accepted with materials missing carries the enterprise's pledge
to hand them in by a deadline (services/pledges). ``application_material.pledged`` marks the
materials owed under it and ``received_at`` when one came in, so a late one stays late.
``authorisation``: a 授权委托书 the enterprise signed for an agent, kept so that the next visit
within its period offers it again; the agent's ID number is AES-GCM like an application's.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pledge",
        sa.Column("application_id", sa.String(36), sa.ForeignKey("application.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_pledge_open_deadline", "pledge", ["closed_on", "deadline"])
    with op.batch_alter_table("application_material") as batch:
        batch.add_column(sa.Column("pledged", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
    op.create_table(
        "authorisation",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprise.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agent_name", sa.String(64), nullable=False),
        sa.Column("agent_id_enc", sa.LargeBinary(), nullable=False),
        sa.Column("agent_id_masked", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("attachment_sha256", sa.String(64), sa.ForeignKey("attachment.sha256"), nullable=True),
        sa.Column("application_id", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_authorisation_enterprise_id", "authorisation", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_authorisation_enterprise_id", "authorisation")
    op.drop_table("authorisation")
    with op.batch_alter_table("application_material") as batch:
        batch.drop_column("received_at")
        batch.drop_column("pledged")
    op.drop_index("ix_pledge_open_deadline", "pledge")
    op.drop_table("pledge")
