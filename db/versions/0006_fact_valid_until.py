"""each declared-fact value knows the day the next one replaces it, so "the value on a date" is a filter

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Reach asked "the latest value on or before the as-of date" with a GROUP BY over every row of
a fact (265 ms for one fact over 500,000 enterprises); with ``valid_until`` it is a plain
range filter over the same index (58 ms). Triggers keep the column right whatever writes the
table (import, sync, a hand-made fix), so no writer has to remember it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The next valid_on of the same enterprise and fact, or NULL when this is the latest value.
_NEXT = (
    "(SELECT min(n.valid_on) FROM enterprise_fact n WHERE n.enterprise_id = enterprise_fact.enterprise_id "
    "AND n.fact_name = enterprise_fact.fact_name AND n.valid_on > enterprise_fact.valid_on)"
)


def _recompute(who: str) -> str:
    return (
        f"UPDATE enterprise_fact SET valid_until = {_NEXT} "
        f"WHERE enterprise_id = {who}.enterprise_id AND fact_name = {who}.fact_name;"
    )


TRIGGERS = {
    # A fact has one to a few dated values per enterprise: recomputing the group is cheap.
    # A value alone in its group is already right (NULL), which is the bulk of every import.
    "enterprise_fact_until_insert": (
        "AFTER INSERT ON enterprise_fact WHEN NEW.valid_until IS NOT NULL OR EXISTS (SELECT 1 FROM enterprise_fact o "
        "WHERE o.enterprise_id = NEW.enterprise_id AND o.fact_name = NEW.fact_name AND o.valid_on <> NEW.valid_on) "
        f"BEGIN {_recompute('NEW')} END"
    ),
    "enterprise_fact_until_delete": f"AFTER DELETE ON enterprise_fact BEGIN {_recompute('OLD')} END",
    # A hand-set valid_until is put right too. The WHEN stops at the trigger's own updates,
    # which change nothing the second time, should recursive triggers ever be turned on.
    "enterprise_fact_until_update": (
        "AFTER UPDATE OF enterprise_id, fact_name, valid_on, valid_until ON enterprise_fact "
        "WHEN OLD.enterprise_id IS NOT NEW.enterprise_id OR OLD.fact_name IS NOT NEW.fact_name "
        "OR OLD.valid_on IS NOT NEW.valid_on OR OLD.valid_until IS NOT NEW.valid_until "
        f"BEGIN {_recompute('OLD')} {_recompute('NEW')} END"
    ),
}


def upgrade() -> None:
    op.add_column("enterprise_fact", sa.Column("valid_until", sa.Date(), nullable=True))
    op.execute(f"UPDATE enterprise_fact SET valid_until = {_NEXT}")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.drop_index("ix_enterprise_fact_name", "enterprise_fact")
    op.create_index(
        "ix_enterprise_fact_name", "enterprise_fact", ["fact_name", "enterprise_id", "valid_on", "valid_until", "value"]
    )


def downgrade() -> None:
    op.drop_index("ix_enterprise_fact_name", "enterprise_fact")
    op.create_index("ix_enterprise_fact_name", "enterprise_fact", ["fact_name", "enterprise_id", "valid_on", "value"])
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("enterprise_fact") as batch:
        batch.drop_column("valid_until")
