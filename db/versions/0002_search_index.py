"""search keys on enterprise and the FTS5 n-gram index; backfills existing rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

# The key format lives in search_index; a later change to it needs its own revision that
# rebuilds the keys, as this one builds them.
from kuaixiang_core.domain.search_keys import keys_for
from kuaixiang_desktop.store import search_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_KEY_COLUMNS = ("name_norm", "code_rev", "core_norm", "legal_rep_norm", "initials", "core_initials")


def upgrade() -> None:
    with op.batch_alter_table("enterprise") as batch:
        batch.add_column(sa.Column("name_norm", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("code_rev", sa.String(18), nullable=False, server_default=""))
        batch.add_column(sa.Column("core_norm", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("legal_rep_norm", sa.String(64), nullable=True))
        batch.add_column(sa.Column("initials", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("core_initials", sa.String(200), nullable=False, server_default=""))
    op.execute(search_index.CREATE_FTS)

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, credit_code, name, legal_rep FROM enterprise")).all()
    updates, fts_rows = [], []
    for rowid, code, name, legal_rep in rows:
        keys = keys_for(name, legal_rep)
        updates.append(
            {
                "id": rowid,
                "code_rev": code[::-1],
                **{c: getattr(keys, c) for c in _KEY_COLUMNS if c != "code_rev"},
            }
        )
        fts_rows.append((rowid, *search_index.fts_tokens(keys)))
    if updates:
        conn.execute(
            sa.text(
                "UPDATE enterprise SET name_norm=:name_norm, code_rev=:code_rev, core_norm=:core_norm, "
                "legal_rep_norm=:legal_rep_norm, initials=:initials, core_initials=:core_initials "
                "WHERE id=:id"
            ),
            updates,
        )
        conn.execute(
            sa.text("INSERT INTO enterprise_search(rowid, uni, bi, ini) VALUES (:r, :u, :b, :i)"),
            [dict(zip("rubi", row, strict=True)) for row in fts_rows],
        )
    for column in _KEY_COLUMNS:
        op.create_index(f"ix_enterprise_{column}", "enterprise", [column])


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS enterprise_search")
    for column in _KEY_COLUMNS:
        op.drop_index(f"ix_enterprise_{column}", "enterprise")
    with op.batch_alter_table("enterprise") as batch:
        for column in _KEY_COLUMNS:
            batch.drop_column(column)
