"""enterprise.is_individual, enterprise.size_class, enterprise_fact.valid_until: rule SQL on the server

The platform lists the enterprises an item reaches, and sweeps the 免申即享 items, with the
client's rule SQL (kuaixiang_core.rule_sql). It reads these as columns, as the client's schema
has them: 个体工商户 by the code's 92 prefix, the size class of domain.size_class, and the date
each declared value stops being the current one. New writes set them (enterprises.py); this
revision fills them in for the rows already there, and stores every industry code in the one
form rules read (``normalized_industry_code``, as the client does).

Revision ID: 0005_rule_columns
Revises: 0004_application_signer
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from kuaixiang_core.domain.enterprise import fen_to_wan
from kuaixiang_core.domain.size_class import classify, normalized_industry_code

revision = "0005_rule_columns"
down_revision = "0004_application_signer"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    op.add_column("enterprise", sa.Column("is_individual", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("enterprise", sa.Column("size_class", sa.String(length=8), nullable=True))
    op.add_column("enterprise_fact", sa.Column("valid_until", sa.Date(), nullable=True))
    op.create_index("ix_enterprise_fact_rule", "enterprise_fact", ["name", "valid_on", "valid_until", "enterprise_id"])
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE enterprise SET is_individual = (credit_code LIKE '92%')"))
    conn.execute(sa.text(
        "UPDATE enterprise_fact SET valid_until = (SELECT min(n.valid_on) FROM enterprise_fact n "
        "WHERE n.enterprise_id = enterprise_fact.enterprise_id AND n.name = enterprise_fact.name "
        "AND n.valid_on > enterprise_fact.valid_on)"))
    after = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT id, industry_code, employees, revenue_fen, total_assets_fen FROM enterprise "
            "WHERE id > :after AND industry_code IS NOT NULL ORDER BY id LIMIT :n"), {"after": after, "n": _BATCH}).all()
        if not rows:
            break
        changed = []
        for r in rows:
            code = normalized_industry_code(r.industry_code)
            size = classify(code, r.employees, fen_to_wan(r.revenue_fen), fen_to_wan(r.total_assets_fen)).size_class \
                if code else None
            if size is not None or code != r.industry_code:
                changed.append({"i": r.id, "c": size, "code": code})
        if changed:
            conn.execute(sa.text("UPDATE enterprise SET size_class = :c, industry_code = :code WHERE id = :i"), changed)
        after = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_enterprise_fact_rule", table_name="enterprise_fact")
    op.drop_column("enterprise_fact", "valid_until")
    op.drop_column("enterprise", "size_class")
    op.drop_column("enterprise", "is_individual")
