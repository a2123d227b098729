"""enterprise.column_seqs: when each column of an enterprise last changed, so a pull of
changed parts (version 2) sends only the columns changed after its cursor

Revision ID: 0011_enterprise_column_seqs
Revises: 0010_enterprise_part_seqs
Create Date: 2026-12-06

Rows written before stay NULL (not known): every column of theirs is sent until a write
records the columns it changes, counting the others as changed at the row's last change,
the latest they can have changed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_enterprise_column_seqs"
down_revision = "0010_enterprise_part_seqs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprise", sa.Column("column_seqs", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("enterprise", "column_seqs")
