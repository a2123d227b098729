"""devices belong to halls: certificates, used challenges, revocation; log-in counted per account and address

Revision ID: 0002_device_trust
Revises: 0001
Create Date: 2026-12-06

Every device registered before this revision gets one certificate for the hall it is bound to
now, from the time it registered: the binding it has is the one it keeps (an administrator
can review them with ``kuaixiang-server admin device list``). The old log-in failures go with
their table; the new counters start empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_device_trust"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("window", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_reason", sa.Text(), nullable=True))
    op.create_table(
        "device_certificate",
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("window", sa.String(length=32), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("valid_to", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["hall_code"], ["hall.code"]),
        sa.ForeignKeyConstraint(["key_id"], ["device.key_id"]),
        sa.PrimaryKeyConstraint("serial"),
    )
    op.create_index("ix_device_certificate_key_id", "device_certificate", ["key_id"], unique=False)
    op.execute(
        "INSERT INTO device_certificate (key_id, hall_code, \"window\", label, valid_from, issued_at, issued_by) "
        "SELECT key_id, hall_code, \"window\", label, registered_at, registered_at, 'migration' FROM device "
        "WHERE hall_code IS NOT NULL ORDER BY registered_at, key_id"
    )
    op.create_table(
        "used_challenge",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.create_index("ix_used_challenge_expires_at", "used_challenge", ["expires_at"], unique=False)
    op.create_table(
        "login_throttle",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "subject"),
    )
    op.drop_index("ix_login_failure_who", table_name="login_failure")
    op.drop_table("login_failure")


def downgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("client_addr", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failure_who", "login_failure", ["username", "client_addr", "at"], unique=False)
    op.drop_table("login_throttle")
    op.drop_index("ix_used_challenge_expires_at", table_name="used_challenge")
    op.drop_table("used_challenge")
    op.drop_index("ix_device_certificate_key_id", table_name="device_certificate")
    op.drop_table("device_certificate")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("revoked_reason")
        batch.drop_column("revoked_at")
        batch.drop_column("window")
