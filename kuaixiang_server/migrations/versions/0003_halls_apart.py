"""Halls apart: applications and outbox keys per hall, upload sessions per clerk, claims kept.

- ``application``: the primary key becomes (id, hall_code), so another hall's push of a
  UUID copied from a receipt makes an application of its own hall; ``application_event``
  names its application by both (``application_hall``). New ``claimed_amount_fen`` (what
  the window said; ``benefit_amount_fen`` is now the server's own figure) and
  ``review_flags_json``. Applications kept before this revision: their amount becomes the
  claim, and the server's figure is the one of the evaluation they were given at intake.
- ``outbox_receipt``: the primary key becomes (hall_code, key).
- ``upload_session`` / ``upload_chunk``: a partial upload belongs to the clerk who began it
  and expires. Partial uploads kept in ``attachment`` move there (their last byte's time
  is unknown: they count from their start), and ``attachment_chunk`` goes.

SQLite cannot alter a primary key: those tables are rebuilt. The server's SQLite
connections enforce foreign keys, and dropping a table that others refer to deletes their
rows through ON DELETE CASCADE, so events wait in a table without keys while
``application`` is rebuilt.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-06
"""

import json
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002_device_trust"
branch_labels = None
depends_on = None


def _application_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("item_version", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("blocking", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("window", sa.String(length=32), nullable=True),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("receipt_no", sa.String(length=64), nullable=True),
        sa.Column("benefit_amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("deferred_deadline", sa.Date(), nullable=True),
        sa.Column("materials_json", sa.Text(), nullable=False),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("agent_id_enc", sa.LargeBinary(), nullable=True),
        sa.Column("agent_phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("client_trace_json", sa.Text(), nullable=True),
        sa.Column("server_trace_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
    ]


_OLD_APPLICATION = [c.name for c in _application_columns()]
_EVENT = ["id", "application_id", "from_status", "to_status", "at", "actor", "hall_code", "reason"]
_RECEIPT = ["key", "content_hash", "kind", "entity_id", "clerk_id", "hall_code", "result_json", "created_at"]


def _application_indexes() -> None:
    op.create_index("ix_application_change_seq", "application", ["change_seq"], unique=False)
    op.create_index("ix_application_credit_code", "application", ["credit_code"], unique=False)
    op.create_index("ix_application_hall_seq", "application", ["hall_code", "change_seq"], unique=False)
    op.create_index("uq_application_open", "application", ["credit_code", "item_id"], unique=True,
                    sqlite_where=sa.text("blocking"), postgresql_where=sa.text("blocking"))


def _fill_receipt_halls() -> None:
    # Every receipt was written with its hall; a row without one cannot be found per hall.
    op.execute("UPDATE outbox_receipt SET hall_code = (SELECT clerk.hall_code FROM clerk "
               "WHERE clerk.id = outbox_receipt.clerk_id) WHERE hall_code IS NULL")
    op.execute("DELETE FROM outbox_receipt WHERE hall_code IS NULL")


def _amounts() -> None:
    """The window's amount becomes the claim; the server's figure comes from the evaluation
    the application was given at intake."""
    bind = op.get_bind()
    op.execute("UPDATE application SET claimed_amount_fen = benefit_amount_fen, benefit_amount_fen = NULL")
    rows = bind.execute(sa.text("SELECT id, hall_code, server_trace_json FROM application "
                                "WHERE server_trace_json IS NOT NULL")).all()
    for app_id, hall, trace in rows:
        try:
            benefit = (json.loads(trace) or {}).get("benefit") or {}
            fen = Decimal(str(benefit.get("amount"))) * 100 if benefit.get("amount") else None
        except (ValueError, InvalidOperation, AttributeError):
            fen = None
        if fen is not None and fen == fen.to_integral_value():
            bind.execute(sa.text("UPDATE application SET benefit_amount_fen = :fen WHERE id = :id AND hall_code = :hall"),
                         {"fen": int(fen), "id": app_id, "hall": hall})


def _uploads() -> None:
    op.create_table(
        "upload_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("hall_code", sa.String(length=32), nullable=False),
        sa.Column("total_size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("touched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "clerk_id", name="uq_upload_session_owner"),
    )
    op.create_index("ix_upload_session_clerk_id", "upload_session", ["clerk_id"], unique=False)
    op.create_index("ix_upload_session_touched_at", "upload_session", ["touched_at"], unique=False)
    op.create_table(
        "upload_chunk",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["upload_session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "start"),
    )
    op.execute("INSERT INTO upload_session (sha256, clerk_id, hall_code, total_size, received, created_at, touched_at) "
               "SELECT a.sha256, a.uploaded_by, c.hall_code, a.total_size, a.received, a.created_at, a.created_at "
               "FROM attachment a JOIN clerk c ON c.id = a.uploaded_by WHERE NOT a.complete")
    op.execute("INSERT INTO upload_chunk (session_id, start, data) SELECT s.id, ch.start, ch.data "
               "FROM attachment_chunk ch JOIN upload_session s ON s.sha256 = ch.sha256")
    op.drop_table("attachment_chunk")
    op.execute("DELETE FROM attachment WHERE NOT complete")


def _upgrade_postgresql() -> None:
    op.add_column("application", sa.Column("claimed_amount_fen", sa.BigInteger(), nullable=True))
    op.add_column("application", sa.Column("review_flags_json", sa.Text(), nullable=True))
    op.add_column("application_event", sa.Column("application_hall", sa.String(length=32), nullable=True))
    op.execute("UPDATE application_event e SET application_hall = a.hall_code FROM application a "
               "WHERE a.id = e.application_id")
    op.alter_column("application_event", "application_hall", nullable=False)
    op.drop_constraint("application_event_application_id_fkey", "application_event", type_="foreignkey")
    op.drop_constraint("application_pkey", "application", type_="primary")
    op.create_primary_key("application_pkey", "application", ["id", "hall_code"])
    op.create_foreign_key("application_event_application_id_fkey", "application_event", "application",
                          ["application_id", "application_hall"], ["id", "hall_code"], ondelete="CASCADE")
    _fill_receipt_halls()
    op.alter_column("outbox_receipt", "hall_code", nullable=False)
    op.drop_constraint("outbox_receipt_pkey", "outbox_receipt", type_="primary")
    op.create_primary_key("outbox_receipt_pkey", "outbox_receipt", ["hall_code", "key"])


def _upgrade_sqlite() -> None:
    cols = ", ".join(_OLD_APPLICATION)
    op.create_table(
        "_application_new", *_application_columns(),
        sa.Column("claimed_amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("review_flags_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"]),
        sa.ForeignKeyConstraint(["hall_code"], ["hall.code"]),
        sa.PrimaryKeyConstraint("id", "hall_code"),
    )
    op.execute(f"INSERT INTO _application_new ({cols}) SELECT {cols} FROM application")
    event_cols = ", ".join(_EVENT)
    op.execute(f"CREATE TABLE _event_keep AS SELECT {', '.join('e.' + c for c in _EVENT)}, "
               "a.hall_code AS application_hall FROM application_event e JOIN application a ON a.id = e.application_id")
    op.drop_index("ix_application_event_application_id", table_name="application_event")
    op.drop_table("application_event")
    for name in ("uq_application_open", "ix_application_hall_seq", "ix_application_credit_code",
                 "ix_application_change_seq"):
        op.drop_index(name, table_name="application")
    op.drop_table("application")
    op.rename_table("_application_new", "application")
    _application_indexes()
    op.create_table(
        "application_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("hall_code", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("application_hall", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["application_id", "application_hall"], ["application.id", "application.hall_code"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(f"INSERT INTO application_event ({event_cols}, application_hall) "
               f"SELECT {event_cols}, application_hall FROM _event_keep")
    op.drop_table("_event_keep")
    op.create_index("ix_application_event_application_id", "application_event", ["application_id"], unique=False)

    _fill_receipt_halls()
    _rebuild_outbox_receipt_sqlite(["hall_code", "key"])


def _rebuild_outbox_receipt_sqlite(primary_key: list[str]) -> None:
    """``outbox_receipt`` again with ``primary_key`` (nothing refers to it)."""
    receipt_cols = ", ".join(_RECEIPT)
    op.create_table(
        "_outbox_receipt_new",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("hall_code", sa.String(length=32), nullable="hall_code" not in primary_key),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"]),
        sa.PrimaryKeyConstraint(*primary_key),
    )
    op.execute(f"INSERT INTO _outbox_receipt_new ({receipt_cols}) SELECT {receipt_cols} FROM outbox_receipt")
    op.drop_table("outbox_receipt")
    op.rename_table("_outbox_receipt_new", "outbox_receipt")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()
    _amounts()
    _uploads()


def downgrade() -> None:
    """Back to one application per UUID and one receipt per key: refused while two halls
    share one (which of them to drop is not a migration's call). Partial uploads go."""
    bind = op.get_bind()
    for table, column in (("application", "id"), ("outbox_receipt", "key")):
        shared = bind.execute(sa.text(f"SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > 1")).first()
        if shared is not None:
            raise RuntimeError(f"{table}.{column} {shared[0]} 由多个大厅使用：不能降级到 0001")
    op.create_table(
        "attachment_chunk",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachment.sha256"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sha256", "start"),
    )
    op.drop_table("upload_chunk")
    op.drop_index("ix_upload_session_touched_at", table_name="upload_session")
    op.drop_index("ix_upload_session_clerk_id", table_name="upload_session")
    op.drop_table("upload_session")
    op.execute("UPDATE application SET benefit_amount_fen = claimed_amount_fen")
    if bind.dialect.name == "sqlite":
        _rebuild_outbox_receipt_sqlite(["key"])
        event_cols = ", ".join(_EVENT)
        op.execute(f"CREATE TABLE _event_keep AS SELECT {event_cols} FROM application_event")
        op.drop_index("ix_application_event_application_id", table_name="application_event")
        op.drop_table("application_event")
        cols = ", ".join(_OLD_APPLICATION)
        op.create_table("_application_old", *_application_columns(),
                        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"]),
                        sa.ForeignKeyConstraint(["hall_code"], ["hall.code"]),
                        sa.PrimaryKeyConstraint("id"))
        op.execute(f"INSERT INTO _application_old ({cols}) SELECT {cols} FROM application")
        for name in ("uq_application_open", "ix_application_hall_seq", "ix_application_credit_code",
                     "ix_application_change_seq"):
            op.drop_index(name, table_name="application")
        op.drop_table("application")
        op.rename_table("_application_old", "application")
        _application_indexes()
        op.create_table(
            "application_event",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("application_id", sa.String(length=36), nullable=False),
            sa.Column("from_status", sa.String(length=16), nullable=True),
            sa.Column("to_status", sa.String(length=16), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("actor", sa.String(length=100), nullable=True),
            sa.Column("hall_code", sa.String(length=32), nullable=True),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.execute(f"INSERT INTO application_event ({event_cols}) SELECT {event_cols} FROM _event_keep")
        op.drop_table("_event_keep")
        op.create_index("ix_application_event_application_id", "application_event", ["application_id"], unique=False)
        return
    op.drop_constraint("outbox_receipt_pkey", "outbox_receipt", type_="primary")
    op.create_primary_key("outbox_receipt_pkey", "outbox_receipt", ["key"])
    op.alter_column("outbox_receipt", "hall_code", nullable=True)
    op.drop_constraint("application_event_application_id_fkey", "application_event", type_="foreignkey")
    op.drop_constraint("application_pkey", "application", type_="primary")
    op.create_primary_key("application_pkey", "application", ["id"])
    op.create_foreign_key("application_event_application_id_fkey", "application_event", "application",
                          ["application_id"], ["id"], ondelete="CASCADE")
    op.drop_column("application_event", "application_hall")
    op.drop_column("application", "review_flags_json")
    op.drop_column("application", "claimed_amount_fen")
