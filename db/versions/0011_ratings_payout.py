"""好差评 and the course after 受理: ``rating`` (one per 办件, with its follow-up), ``visit`` (a
visit without an application, numbered so it can be rated) and ``application_step`` (审核,
补正, 审核通过, 公示, 拨付, 不予支持 as the server last said them).

New tables only. A rating goes up through the outbox (``rating.given``, its follow-up's
close ``followup.closed``); the steps come down with the application's server state.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_step",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.String(36), sa.ForeignKey("application.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("application_id", "seq", name="uq_application_step_seq"),
    )
    op.create_index("ix_application_step_application_id", "application_step", ["application_id"])
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_no", sa.String(64), nullable=False, unique=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprise.id"), nullable=True),
        sa.Column("clerk_id", sa.Integer(), sa.ForeignKey("clerk.id"), nullable=True),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("window", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "rating",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("banjian_no", sa.String(64), nullable=False, unique=True),
        sa.Column("application_id", sa.String(36), sa.ForeignKey("application.id"), nullable=True),
        sa.Column("hall_code", sa.String(16), nullable=True),
        sa.Column("window", sa.String(16), nullable=True),
        sa.Column("clerk", sa.String(64), nullable=True),
        sa.Column("level", sa.String(32), nullable=False),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("followup_deadline", sa.Date(), nullable=True),
        sa.Column("followup_closed_at", sa.DateTime(), nullable=True),
        sa.Column("followup_closed_by", sa.String(64), nullable=True),
        sa.Column("followup_action", sa.Text(), nullable=True),
    )
    op.create_index("ix_rating_application_id", "rating", ["application_id"])
    op.create_index("ix_rating_clerk", "rating", ["clerk"])
    op.create_index("ix_rating_level", "rating", ["level"])


def downgrade() -> None:
    for index in ("ix_rating_level", "ix_rating_clerk", "ix_rating_application_id"):
        op.drop_index(index, "rating")
    op.drop_table("rating")
    op.drop_table("visit")
    op.drop_index("ix_application_step_application_id", "application_step")
    op.drop_table("application_step")
