"""device certificates pulled from the server and the server key that signs them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Receipts verify against these (services/device_trust): a receipt is genuine only when the
device that signed it was certified for the hall and day its number names.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_certificate",
        sa.Column("signer_key_id", sa.String(32), primary_key=True),
        sa.Column("serial", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("window", sa.String(32), nullable=True),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("valid_to", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("signature", sa.String(200), nullable=False),
        sa.Column("pulled_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_device_certificate_key_id", "device_certificate", ["key_id"])
    op.create_table(
        "trusted_signer",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("server", sa.Text(), nullable=True),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.Column("devices_synced_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("trusted_signer")
    op.drop_index("ix_device_certificate_key_id", "device_certificate")
    op.drop_table("device_certificate")
