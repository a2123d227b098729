"""enterprise.created_seq, enterprise.tags_seq and enterprise_fact.change_seq: when an
enterprise was made, when its tags and each of its fact values last changed, so a pull can
send only the parts after its cursor

Revision ID: 0010_enterprise_part_seqs
Revises: 0009_enterprise_search_keys
Create Date: 2026-12-06

Rows written before get their enterprise's ``change_seq``: a part last changed (and the row
was made) no later than the record last changed, so a client behind that record is sent the
part again, or the whole record, never less than it lacks.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_enterprise_part_seqs"
down_revision = "0009_enterprise_search_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprise", sa.Column("created_seq", sa.BigInteger(), nullable=True))
    op.add_column("enterprise", sa.Column("tags_seq", sa.BigInteger(), nullable=True))
    op.add_column("enterprise_fact", sa.Column("change_seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE enterprise SET created_seq = change_seq, tags_seq = change_seq")
    op.execute("UPDATE enterprise_fact SET change_seq = "
               "(SELECT e.change_seq FROM enterprise e WHERE e.id = enterprise_fact.enterprise_id)")


def downgrade() -> None:
    op.drop_column("enterprise_fact", "change_seq")
    op.drop_column("enterprise", "tags_seq")
    op.drop_column("enterprise", "created_seq")
