"""好差评 and the course after 受理: ``rating`` (one per 办件 of a hall, with its follow-up) and
``application_step`` (审核, 补正, 审核通过, 公示, 拨付, 不予支持), and the ``ratings`` stream's counter.

New tables only: nothing existing is rewritten.

Revision ID: 0007_ratings_payout
Revises: 0005_rule_columns
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_ratings_payout"
down_revision = "0005_rule_columns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("application_hall", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["application_id", "application_hall"], ["application.id", "application.hall_code"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_application_step_application_id", "application_step", ["application_id"], unique=False)
    op.create_table(
        "rating",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("banjian_no", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("window", sa.String(length=32), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("device_key_id", sa.String(length=64), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("followup_deadline", sa.Date(), nullable=True),
        sa.Column("followup_closed_at", sa.DateTime(), nullable=True),
        sa.Column("followup_closed_by", sa.Integer(), nullable=True),
        sa.Column("followup_action", sa.Text(), nullable=True),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["hall_code"], ["hall.code"]),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"]),
        sa.ForeignKeyConstraint(["followup_closed_by"], ["clerk.id"]),
        sa.PrimaryKeyConstraint("id", "hall_code"),
        sa.UniqueConstraint("hall_code", "banjian_no", name="uq_rating_banjian"),
    )
    op.create_index("ix_rating_hall_seq", "rating", ["hall_code", "change_seq"], unique=False)
    counters = sa.table("change_counter", sa.column("stream", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"stream": "ratings", "value": 0}])


def downgrade() -> None:
    op.execute("DELETE FROM change_counter WHERE stream = 'ratings'")
    op.drop_index("ix_rating_hall_seq", table_name="rating")
    op.drop_table("rating")
    op.drop_index("ix_application_step_application_id", table_name="application_step")
    op.drop_table("application_step")
