"""The server's own store: SQLAlchemy 2 typed models (schema made by kuaixiang_server/migrations).

Times are naive UTC. Money is integer 分. Every row a client pulls carries ``change_seq``:
the value of its stream's counter (``change_counter``) when it last changed; a pull is
``change_seq > cursor`` in order. The counter row is locked until the writing transaction
commits, so sequence numbers become visible in order and a reader never skips one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kuaixiang_core.domain.clock import utcnow


class Base(DeclarativeBase):
    pass


class ServerSetting(Base):
    """Small facts about this database (e.g. the fingerprint of the data key)."""

    __tablename__ = "server_setting"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeCounter(Base):
    __tablename__ = "change_counter"
    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# --- halls, clerks, tokens, devices -------------------------------------------------------------


class Hall(Base):
    __tablename__ = "hall"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Clerk(Base):
    __tablename__ = "clerk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    hall_code: Mapped[str] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32), default="clerk")
    password_hash: Mapped[str] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    hall: Mapped[Hall] = relationship(lazy="joined")


class AuthToken(Base):
    """A bearer token, kept as the SHA-256 of its value."""

    __tablename__ = "auth_token"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"), index=True)
    device_key_id: Mapped[str | None] = mapped_column(String(64))
    client_addr: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(32))


class LoginThrottle(Base):
    """Log-in attempts counted per account (``scope`` "account") and per address ("address")
    in a fixed window from ``window_start``. An attempt takes a slot before its password is
    checked and gives it back only on success, by single-statement updates, so concurrent
    attempts, on any instance, never get more checks than the limit."""

    __tablename__ = "login_throttle"
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer)


class Device(Base):
    """A window's Ed25519 public key (receipts are signed with the private half), bound to one
    hall and window. Only an administrator re-binds or revokes it; each binding is a
    :class:`DeviceCertificate`."""

    __tablename__ = "device"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64 of the 32 raw bytes
    hall_code: Mapped[str | None] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(200))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)


class DeviceCertificate(Base):
    """One binding of a device to a hall and window, from ``valid_from`` until ``valid_to``
    (open while current). Served signed with the server's key (domain/device_trust); a
    change of any field moves ``issued_at`` so clients take the newer one."""

    __tablename__ = "device_certificate"
    serial: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(ForeignKey("device.key_id"), index=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime)
    valid_to: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by: Mapped[str | None] = mapped_column(String(100))


class UsedChallenge(Base):
    """A device challenge that has been answered: challenges are stateless until used (an
    HMAC under the data key), and a row here makes the second use of one fail."""

    __tablename__ = "used_challenge"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


# --- the catalogue -------------------------------------------------------------------------------


class FactDefinition(Base):
    __tablename__ = "fact_definition"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    declared_by: Mapped[str | None] = mapped_column(String(200))
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class PolicyDocument(Base):
    __tablename__ = "policy_document"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_json: Mapped[str] = mapped_column(Text)  # the document in catalogue format, without items
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PolicyItem(Base):
    __tablename__ = "policy_item"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("policy_document.id"), index=True)
    current_version: Mapped[int] = mapped_column(Integer)


class PolicyItemVersion(Base):
    """Every version of every item, kept so a decision can be replayed."""

    __tablename__ = "policy_item_version"
    item_id: Mapped[str] = mapped_column(ForeignKey("policy_item.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_json: Mapped[str] = mapped_column(Text)  # the item in catalogue format (docs/rules.md)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


# --- enterprises ---------------------------------------------------------------------------------


class Enterprise(Base):
    __tablename__ = "enterprise"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(12))
    industry_code: Mapped[str | None] = mapped_column(String(8))
    reg_type: Mapped[str | None] = mapped_column(String(64))
    established: Mapped[dt.date | None] = mapped_column(Date)
    registered_capital_fen: Mapped[int | None] = mapped_column(BigInteger)
    employees: Mapped[int | None] = mapped_column(Integer)
    insured_employees: Mapped[int | None] = mapped_column(Integer)
    revenue_fen: Mapped[int | None] = mapped_column(BigInteger)
    total_assets_fen: Mapped[int | None] = mapped_column(BigInteger)
    tax_credit_rating: Mapped[str | None] = mapped_column(String(2))
    dishonest: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    # Derived at write time, as on the client, so a rule's SQL (kuaixiang_core.rule_sql) reads
    # them as columns: 个体工商户 (code 92…) and the class of domain.size_class (0005).
    is_individual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    size_class: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    # The ``enterprises`` stream's search keys of the row (JSON of wire_search_keys, with the
    # name and legal representative they were made from), made once when the row is written
    # instead of at every page every client pulls (keys_for of a new name is ~80 µs, a third
    # of serving it). NULL, or made from another name or keys version: made at the pull (0009).
    search_keys: Mapped[str | None] = mapped_column(Text)
    # The ``change_seq`` of the write that made the row and of the one that last changed its
    # tags: a pull that asks for changed parts (wire_parts) gets the whole record of a row
    # made after its cursor, else the tags only when they changed after it (0010). NULL: not
    # known, the whole record is sent.
    created_seq: Mapped[int | None] = mapped_column(BigInteger)
    tags_seq: Mapped[int | None] = mapped_column(BigInteger)
    # The ``change_seq`` of the write that last changed each column, for the columns changed
    # since the row was made (JSON object, column → seq; a column not named last changed at
    # ``created_seq``): version 2 of changed parts sends only the columns changed after the
    # cursor. NULL: not known (rows from before 0011), every column is sent.
    column_seqs: Mapped[str | None] = mapped_column(Text)

    tags: Mapped[list[EnterpriseTag]] = relationship(
        cascade="all, delete-orphan", order_by="EnterpriseTag.id", lazy="selectin"
    )
    facts: Mapped[list[EnterpriseFact]] = relationship(
        cascade="all, delete-orphan", order_by=lambda: [EnterpriseFact.name, EnterpriseFact.valid_on], lazy="selectin"
    )


class EnterpriseTag(Base):
    __tablename__ = "enterprise_tag"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class EnterpriseFact(Base):
    """``valid_until``: the ``valid_on`` of the next value of the same fact (NULL for the
    latest), kept by the writer (enterprises.py), so the value on a date is a filter (0005)."""

    __tablename__ = "enterprise_fact"
    __table_args__ = (Index("ix_enterprise_fact_rule", "name", "valid_on", "valid_until", "enterprise_id"),)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    valid_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    # The enterprise's ``change_seq`` of the write that added this value or last changed it
    # (not its valid_until, which each side derives): a pull that asks for changed parts gets
    # the values after its cursor (0010). NULL: not known, always sent.
    change_seq: Mapped[int | None] = mapped_column(BigInteger)


# --- applications ---------------------------------------------------------------------------------


class Application(Base):
    """An application as the platform holds it, identified by its hall and the UUID the
    client made: a UUID is printed on every receipt, so another hall that pushes it first
    gets an application of its own instead of reading, claiming or blocking this one.

    ``blocking`` is true while it stops a second one for the same enterprise and item
    (accepted, submitted, approved); a partial unique index makes that hold even between
    server instances. ``benefit_amount_fen`` is the server's own figure (from its
    evaluation at intake), ``claimed_amount_fen`` what the window said; ``review_flags_json``
    lists each claim that differed from what the server could check, for the reviewer."""

    __tablename__ = "application"
    id: Mapped[str] = mapped_column(String(36))
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    item_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    blocking: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    hall_code: Mapped[str] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(32))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    receipt_no: Mapped[str | None] = mapped_column(String(64))
    benefit_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    deferred_deadline: Mapped[dt.date | None] = mapped_column(Date)
    materials_json: Mapped[str] = mapped_column(Text, default="[]")
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # AES-GCM, see crypto.py
    agent_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    client_trace_json: Mapped[str | None] = mapped_column(Text)
    server_trace_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    claimed_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    review_flags_json: Mapped[str | None] = mapped_column(Text)
    # The device the pushing token was logged in with when the receipt number came (claims):
    # the key that signed the receipt. None for applications kept before migration 0004.
    device_key_id: Mapped[str | None] = mapped_column(String(64))

    history: Mapped[list[ApplicationEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationEvent.id", lazy="selectin"
    )
    course: Mapped[list[ApplicationStep]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationStep.id", lazy="selectin"
    )

    __table_args__ = (
        PrimaryKeyConstraint("id", "hall_code"),
        Index(
            "uq_application_open", "credit_code", "item_id", unique=True,
            sqlite_where=text("blocking"), postgresql_where=text("blocking"),
        ),
        Index("ix_application_hall_seq", "hall_code", "change_seq"),
    )


class ApplicationEvent(Base):
    """One status change. ``hall_code`` is the acting hall (None for the platform);
    ``application_hall`` with ``application_id`` names the application."""

    __tablename__ = "application_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(100))
    hall_code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    application_hall: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        ForeignKeyConstraint(["application_id", "application_hall"], ["application.id", "application.hall_code"],
                             ondelete="CASCADE"),
    )


class ApplicationStep(Base):
    """One step of the application's course at the department (domain/payout_course): 审核,
    补正, 审核通过, 公示, 拨付 (with its date and amount), 不予支持 (with the reason)."""

    __tablename__ = "application_step"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    application_hall: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[dt.date] = mapped_column(Date)
    until_date: Mapped[dt.date | None] = mapped_column(Date)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        ForeignKeyConstraint(["application_id", "application_hall"], ["application.id", "application.hall_code"],
                             ondelete="CASCADE"),
    )


class Rating(Base):
    """A 好差评 of one 办件 of one hall (its receipt number, or a visit number), at most one
    per 办件. The window and clerk are the server's: the token's device and clerk (for an
    application, the clerk who filed it). A 差评 carries its follow-up (整改): the deadline,
    and once the hall's supervisor closes it, what was done, by whom and when."""

    __tablename__ = "rating"
    id: Mapped[str] = mapped_column(String(36))
    hall_code: Mapped[str] = mapped_column(ForeignKey("hall.code"))
    banjian_no: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[str | None] = mapped_column(String(36))
    window: Mapped[str | None] = mapped_column(String(32))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    device_key_id: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(32))
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[dt.datetime] = mapped_column(DateTime)  # the device's word, within bounds
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    followup_deadline: Mapped[dt.date | None] = mapped_column(Date)
    followup_closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    followup_closed_by: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    followup_action: Mapped[str | None] = mapped_column(Text)
    change_seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        PrimaryKeyConstraint("id", "hall_code"),
        Index("ix_rating_hall_seq", "hall_code", "change_seq"),
        UniqueConstraint("hall_code", "banjian_no", name="uq_rating_banjian"),
    )


class OutboxReceipt(Base):
    """The first answer to an outbox key within one hall: a repeat is answered from here.
    Keys are the hall's own (the key of an application entry is its UUID, printed on the
    receipt), so another hall's use of the same key is a different entry."""

    __tablename__ = "outbox_receipt"
    key: Mapped[str] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    hall_code: Mapped[str] = mapped_column(String(32))
    result_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (PrimaryKeyConstraint("hall_code", "key"),)


# --- attachments ----------------------------------------------------------------------------------


class Attachment(Base):
    """A complete, hash-checked file, shared by everyone (content-addressed).

    Since 0003 only complete files are rows here (partial uploads are ``UploadSession``s);
    ``received`` and ``complete`` stay from 0001, always the total and true, so that the
    upgrade did not have to rewrite every stored file on SQLite."""

    __tablename__ = "attachment"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    total_size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class UploadSession(Base):
    """A partial upload of one file by one clerk. Nobody else sees or extends it, so a
    wrong length or wrong bytes declared by one clerk cannot stop another's upload; it
    expires ``upload_ttl`` after its last byte (``touched_at``)."""

    __tablename__ = "upload_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"), index=True)
    hall_code: Mapped[str] = mapped_column(String(32))
    total_size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("sha256", "clerk_id", name="uq_upload_session_owner"),)


class UploadChunk(Base):
    __tablename__ = "upload_chunk"
    session_id: Mapped[int] = mapped_column(ForeignKey("upload_session.id", ondelete="CASCADE"), primary_key=True)
    start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- client updates --------------------------------------------------------------------------------


class UpdateRelease(Base):
    """One published client build for one platform: the signed manifest clients check, and the
    file itself when the server serves it (``data``; None when the manifest names a mirror).
    Kept in the database so that every instance serves every release (the server is
    stateless, as for attachments)."""

    __tablename__ = "update_release"
    __table_args__ = (UniqueConstraint("platform", "version", name="uq_update_release_platform_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    manifest: Mapped[str] = mapped_column(Text)  # the signed JSON, served as it is
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
