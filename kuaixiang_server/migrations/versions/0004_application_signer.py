"""application.device_key_id: the device whose token brought the receipt number

A receipt's QR names the key that signed it; the server can say whether that is the device
of the application it holds (``POST /receipts/check``) only if it noted, at intake, the device
the pushing token was logged in with (claims.check_receipt already checks that the number
names that device). Applications kept before this revision have none: the check says it
cannot tell.

Revision ID: 0004_application_signer
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_application_signer"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column: SQLite adds it in place (no table rebuild, so no cascade to fear).
    op.add_column("application", sa.Column("device_key_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Not a batch rebuild: on SQLite that drops ``application``, and its events go with it
    # through ON DELETE CASCADE. SQLite 3.35+ drops a plain column in place.
    op.drop_column("application", "device_key_id")
