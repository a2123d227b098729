"""a covering index of the enterprise columns rules read, so reach scans it instead of the table

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = [
    "region_code", "size_class", "industry_code", "employees", "insured_employees", "revenue_fen",
    "total_assets_fen", "registered_capital_fen", "established", "is_individual", "dishonest",
    "tax_credit_rating", "reg_type",
]


def upgrade() -> None:
    op.create_index("ix_enterprise_rule_facts", "enterprise", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_enterprise_rule_facts", "enterprise")
