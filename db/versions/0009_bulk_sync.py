"""enterprise_fact.valid_until kept by the writers in bulk, not by a trigger per inserted row

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

The insert trigger of 0006 ran a correlated query per inserted value and made every INSERT
open a statement journal: the largest cost left in applying a pulled page (issue 17). The two
writers of the table (store/enterprises.write_enterprises and the snapshot's swap) now set
valid_until for the enterprises they wrote with one window-function UPDATE per page
(store/fact_chain). The delete and update triggers stay: nothing bulk fires them, and they
keep a hand-made fix right.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_NEXT = (
    "(SELECT min(n.valid_on) FROM enterprise_fact n WHERE n.enterprise_id = enterprise_fact.enterprise_id "
    "AND n.fact_name = enterprise_fact.fact_name AND n.valid_on > enterprise_fact.valid_on)"
)
_INSERT_TRIGGER = (
    "CREATE TRIGGER enterprise_fact_until_insert "
    "AFTER INSERT ON enterprise_fact WHEN NEW.valid_until IS NOT NULL OR EXISTS (SELECT 1 FROM enterprise_fact o "
    "WHERE o.enterprise_id = NEW.enterprise_id AND o.fact_name = NEW.fact_name AND o.valid_on <> NEW.valid_on) "
    f"BEGIN UPDATE enterprise_fact SET valid_until = {_NEXT} "
    "WHERE enterprise_id = NEW.enterprise_id AND fact_name = NEW.fact_name; END"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS enterprise_fact_until_insert")


def downgrade() -> None:
    op.execute(_INSERT_TRIGGER)
