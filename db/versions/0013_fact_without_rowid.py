"""enterprise_fact stored in its key's order (WITHOUT ROWID): one B-tree fewer to write and read

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

The table was a rowid table with its key (enterprise, fact, date) in a separate index: every
value a pulled page adds was written to three B-trees, a value moved to a new chain position
was deleted from and written again to all three, and reading the stored values of a page's
facts went through the key index and then the table. Stored in the key's order, the table is
that index: two B-trees to write (the table and ix_enterprise_fact_name), one to read, and a
library a quarter smaller on disk (the key index was as large as the table). Nothing reads the
table's rowid. The triggers of 0006 (the delete and update ones; 0009 dropped the insert one)
go with the old table and are made again as they were.

An existing library is rebuilt once, in the key's order, on the window's upgrade dialog
(ui/db_upgrade): 4.3 s for 1.4 million values (102,000 enterprises), so some 21 s at
500,000. The old table's pages stay in the file as free pages that later writes reuse.
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = "enterprise_id, fact_name, valid_on, value, source, valid_until"
_TABLE = (
    "CREATE TABLE {name} (\n"
    "\tenterprise_id INTEGER NOT NULL, \n"
    "\tfact_name VARCHAR(64) NOT NULL, \n"
    "\tvalid_on DATE NOT NULL, \n"
    "\tvalue TEXT NOT NULL, \n"
    "\tsource VARCHAR(64), \n"
    "\tvalid_until DATE, \n"
    "\tPRIMARY KEY (enterprise_id, fact_name, valid_on), \n"
    "\tFOREIGN KEY(enterprise_id) REFERENCES enterprise (id) ON DELETE CASCADE, \n"
    "\tFOREIGN KEY(fact_name) REFERENCES fact_definition (name)\n"
    "){options}"
)
_INDEX = "CREATE INDEX ix_enterprise_fact_name ON enterprise_fact (fact_name, enterprise_id, valid_on, valid_until, value)"


def _rebuild(options: str) -> None:
    bind = op.get_bind()
    triggers = [sql for (sql,) in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprise_fact' ORDER BY name")]
    op.execute(_TABLE.format(name="enterprise_fact_rebuilt", options=options))
    op.execute(f"INSERT INTO enterprise_fact_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM enterprise_fact "
               "ORDER BY enterprise_id, fact_name, valid_on")
    op.execute("DROP TABLE enterprise_fact")  # its index and triggers with it
    op.execute("ALTER TABLE enterprise_fact_rebuilt RENAME TO enterprise_fact")
    op.execute(_INDEX)
    for sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    _rebuild(" WITHOUT ROWID")


def downgrade() -> None:
    _rebuild("")
