"""The client database: every table of DESIGN §4, typed with SQLAlchemy 2 ``Mapped[]``.

Money is stored as integer 分 (``*_fen`` columns); times as naive UTC datetimes
(SQLite has no time zones, so the convention is fixed here and converted at the edges).
"""

from __future__ import annotations

import datetime as dt
import uuid

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
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kuaixiang_core.domain.clock import utcnow


class Base(DeclarativeBase):
    pass


# --- reference data ------------------------------------------------------------------


class Region(Base):
    """GB/T 2260 division (or one of Liaocheng's functional zones)."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # city | county | zone
    parent_code: Mapped[str | None] = mapped_column(String(8))
    abolished: Mapped[dt.date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(8))


class Industry(Base):
    """GB/T 4754-2017 section (门类), division (大类) or a finer code the size rule needs."""

    __tablename__ = "industry"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))  # section | division | group | class
    section: Mapped[str] = mapped_column(String(1))


# --- enterprises ------------------------------------------------------------------------


class Enterprise(Base):
    __tablename__ = "enterprise"
    # Every column a rule can read (kuaixiang_core.rule_sql), region first: "which enterprises qualify"
    # scans this narrow index instead of the wide table, and a county's items seek into it.
    __table_args__ = (
        Index(
            "ix_enterprise_rule_facts", "region_code", "size_class", "industry_code", "employees",
            "insured_employees", "revenue_fen", "total_assets_fen", "registered_capital_fen", "established",
            "is_individual", "dishonest", "tax_credit_rating", "reg_type",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_rep: Mapped[str | None] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    industry_code: Mapped[str | None] = mapped_column(String(8))
    reg_type: Mapped[str | None] = mapped_column(String(64))
    is_individual: Mapped[bool] = mapped_column(Boolean, default=False)
    established: Mapped[dt.date | None] = mapped_column(Date)
    registered_capital_fen: Mapped[int | None] = mapped_column(BigInteger)
    employees: Mapped[int | None] = mapped_column(Integer)
    insured_employees: Mapped[int | None] = mapped_column(Integer)
    revenue_fen: Mapped[int | None] = mapped_column(BigInteger)
    total_assets_fen: Mapped[int | None] = mapped_column(BigInteger)
    tax_credit_rating: Mapped[str | None] = mapped_column(String(1))
    dishonest: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    # Cached from domain.size_class at write time, so lists and SQL rules need no Python.
    size_class: Mapped[str | None] = mapped_column(String(8))
    # Search keys (store.search_keys): normalised name and legal rep, pinyin initials of the
    # whole name and of its distinctive part (after 聊城市/县 prefixes). Added by revision 0002.
    name_norm: Mapped[str] = mapped_column(String(200), index=True)
    code_rev: Mapped[str] = mapped_column(String(18), index=True)  # reversed: suffix search
    core_norm: Mapped[str] = mapped_column(String(200), index=True)
    legal_rep_norm: Mapped[str | None] = mapped_column(String(64), index=True)
    initials: Mapped[str] = mapped_column(String(200), index=True)
    core_initials: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(32), default="local")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    tags: Mapped[list[EnterpriseTag]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="EnterpriseTag.tag"
    )
    facts: Mapped[list[EnterpriseFact]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan"
    )


class EnterpriseTag(Base):
    """A qualification (资质) such as 高新技术企业, valid over a date range."""

    __tablename__ = "enterprise_tag"
    __table_args__ = (UniqueConstraint("enterprise_id", "tag", "valid_from"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(64), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(64))
    enterprise: Mapped[Enterprise] = relationship(back_populates="tags")


class FactDefinition(Base):
    """A declared fact (一企一档) beyond the enterprise columns; the catalogue is data."""

    __tablename__ = "fact_definition"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))  # number money percent date bool text list
    unit: Mapped[str | None] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(64))
    source_department: Mapped[str | None] = mapped_column(String(64))
    declared_by: Mapped[str | None] = mapped_column(String(128))


class EnterpriseFact(Base):
    """One value of a declared fact, as of the date it is valid for.

    ``value`` holds the canonical text form (Decimal as string, ISO date, JSON list), so a
    value round-trips exactly; its type comes from the definition. ``valid_until`` is the
    ``valid_on`` of the next value of the same fact (NULL for the latest): triggers of
    migration 0006 maintain it, so the value on a date is a filter rather than a GROUP BY.
    """

    __tablename__ = "enterprise_fact"
    __table_args__ = (
        Index("ix_enterprise_fact_name", "fact_name", "enterprise_id", "valid_on", "valid_until", "value"),
        # Stored in the key's order: no separate key index to write and read (migration 0013).
        {"sqlite_with_rowid": False},
    )
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True
    )
    fact_name: Mapped[str] = mapped_column(ForeignKey("fact_definition.name"), primary_key=True)
    valid_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(64))
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    enterprise: Mapped[Enterprise] = relationship(back_populates="facts")


# --- policy catalogue ------------------------------------------------------------------


class PolicyDocument(Base):
    __tablename__ = "policy_document"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_no: Mapped[str | None] = mapped_column(String(128))  # 文号
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(8))  # 市级 | 县级
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    published: Mapped[dt.date | None] = mapped_column(Date)
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    items: Mapped[list[PolicyItem]] = relationship(back_populates="document")


class PolicyItem(Base):
    __tablename__ = "policy_item"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("policy_document.id"), index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[PolicyDocument] = relationship(back_populates="items")
    versions: Mapped[list[PolicyItemVersion]] = relationship(
        back_populates="item", order_by="PolicyItemVersion.version"
    )


class PolicyItemVersion(Base):
    """Every version of an item is kept so a decision can be replayed as of a date."""

    __tablename__ = "policy_item_version"
    # The compiled catalogue's cache stamp is read from it (store.policies.catalogue_stamp, 0012).
    __table_args__ = (Index("ix_policy_item_version_imported_at", "imported_at", "item_id"),)
    item_id: Mapped[str] = mapped_column(ForeignKey("policy_item.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    department: Mapped[str] = mapped_column(String(128))
    category: Mapped[str | None] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(8))  # auto | online | window
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    apply_from: Mapped[dt.date | None] = mapped_column(Date)
    apply_to: Mapped[dt.date | None] = mapped_column(Date)
    promised_days: Mapped[int | None] = mapped_column(Integer)
    allows_deferred: Mapped[bool] = mapped_column(Boolean, default=False)  # 容缺受理
    benefit_json: Mapped[str] = mapped_column(Text, default="{}")
    rule_json: Mapped[str] = mapped_column(Text, default="{}")
    tests_json: Mapped[str] = mapped_column(Text, default="[]")
    body: Mapped[str | None] = mapped_column(Text)
    where_to_apply: Mapped[str | None] = mapped_column(Text)  # added by revision 0003
    # The whole item as the catalogue file gave it (domain.rules.catalogue.Item.content):
    # what matching compiles, so a stored version can always be rebuilt exactly.
    content_json: Mapped[str] = mapped_column(Text, default="{}")  # added by revision 0003
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    item: Mapped[PolicyItem] = relationship(back_populates="versions")
    materials: Mapped[list[PolicyMaterial]] = relationship(
        back_populates="item_version", order_by="PolicyMaterial.seq", cascade="all, delete-orphan"
    )


class PolicyMaterial(Base):
    __tablename__ = "policy_material"
    __table_args__ = (
        ForeignKeyConstraint(
            ["item_id", "version"], ["policy_item_version.item_id", "policy_item_version.version"]
        ),
        UniqueConstraint("item_id", "version", "seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(Text)
    item_version: Mapped[PolicyItemVersion] = relationship(back_populates="materials")


# --- halls, clerks ---------------------------------------------------------------------


class Hall(Base):
    __tablename__ = "hall"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # e.g. 371502-01
    name: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))


class Clerk(Base):
    __tablename__ = "clerk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    hall_code: Mapped[str] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16), default="clerk")  # clerk | supervisor | admin
    # Offline log-in: a scrypt verifier of the password, never the password itself.
    offline_verifier: Mapped[str | None] = mapped_column(Text)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- applications ----------------------------------------------------------------------


class Attachment(Base):
    """A file in the content-addressed store of the data dir."""

    __tablename__ = "attachment"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (Index("ix_application_enterprise_item", "enterprise_id", "item_id"),)
    # Client-generated UUID: also the idempotency key when the application is pushed.
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    item_version: Mapped[int] = mapped_column(Integer)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    hall_code: Mapped[str | None] = mapped_column(ForeignKey("hall.code"))
    window: Mapped[str | None] = mapped_column(String(16))
    agent_name: Mapped[str | None] = mapped_column(String(64))
    # 经办人 ID number and phone: AES-GCM ciphertext; the masked forms are for display.
    agent_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    agent_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    agent_id_masked: Mapped[str | None] = mapped_column(String(32))
    agent_phone_masked: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    trace_json: Mapped[str] = mapped_column(Text, default="{}")
    benefit_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    benefit_text: Mapped[str | None] = mapped_column(Text)
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    deferred_deadline: Mapped[dt.date | None] = mapped_column(Date)
    server_verdict_json: Mapped[str | None] = mapped_column(Text)
    # local | queued | synced | conflict | rejected | failed (services.sync_service)
    sync_state: Mapped[str] = mapped_column(String(16), default="local")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    history: Mapped[list[ApplicationStatus]] = relationship(
        back_populates="application", order_by="ApplicationStatus.id", cascade="all, delete-orphan"
    )
    materials: Mapped[list[ApplicationMaterial]] = relationship(
        back_populates="application", order_by="ApplicationMaterial.seq", cascade="all, delete-orphan"
    )
    receipts: Mapped[list[Receipt]] = relationship(back_populates="application")
    pledge: Mapped[Pledge | None] = relationship(back_populates="application", cascade="all, delete-orphan")


class Pledge(Base):
    """容缺受理: the enterprise's pledge to hand in the materials marked ``pledged`` by
    ``deadline`` (a Shanghai date). Closed on the day the last of them came in; ``late`` if
    that day was after the deadline. Added by revision 0010."""

    __tablename__ = "pledge"
    __table_args__ = (Index("ix_pledge_open_deadline", "closed_on", "deadline"),)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), primary_key=True)
    deadline: Mapped[dt.date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    application: Mapped[Application] = relationship(back_populates="pledge")


class Authorisation(Base):
    """A 授权委托书 the enterprise signed for an agent, valid ``valid_from``–``valid_to`` for
    one item (``item_id``) or every policy item (None). The agent's ID number is AES-GCM
    bound to this row's id. Added by revision 0010."""

    __tablename__ = "authorisation"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    agent_name: Mapped[str] = mapped_column(String(64))
    agent_id_enc: Mapped[bytes] = mapped_column(LargeBinary)
    agent_id_masked: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    attachment_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment.sha256"))
    application_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ApplicationStatus(Base):
    __tablename__ = "application_status"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    hall_code: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    application: Mapped[Application] = relationship(back_populates="history")


class ApplicationMaterial(Base):
    __tablename__ = "application_material"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    attachment_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment.sha256"))
    # Owed under the application's pledge (容缺受理), and when it came in (revision 0010).
    pledged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    application: Mapped[Application] = relationship(back_populates="materials")


class Receipt(Base):
    """A printed 受理回执 or 一次性告知单; the PDF is archived by its sha256."""

    __tablename__ = "receipt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt | notice
    receipt_no: Mapped[str | None] = mapped_column(String(40))
    layout: Mapped[str] = mapped_column(String(8))  # a4 | 80mm
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    payload: Mapped[str | None] = mapped_column(Text)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    application: Mapped[Application] = relationship(back_populates="receipts")


class ApplyDraft(Base):
    """An application the clerk started in the apply wizard and closed before filing.

    Local to this machine: never in the outbox, never pushed (a half-typed visit is not the
    platform's business). The agent's ID and phone are AES-GCM like an application's, bound
    to the draft's id."""

    __tablename__ = "apply_draft"
    __table_args__ = (UniqueConstraint("enterprise_id", "item_id", "clerk_id", name="uq_apply_draft_visit"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"))
    hall_code: Mapped[str] = mapped_column(String(32), index=True)
    page: Mapped[int] = mapped_column(Integer, default=0)
    # [{name, received, originals, copies, file: {source, label, size, mime, sha256} | null}]
    materials_json: Mapped[str] = mapped_column(Text, default="[]")
    agent_name: Mapped[str | None] = mapped_column(String(64))
    agent_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    agent_phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# --- sync and audit --------------------------------------------------------------------


class ApplicationStep(Base):
    """One step of the application's course at the department, as the server last said it
    (domain/payout_course): replaced whole from each server state of the application."""

    __tablename__ = "application_step"
    __table_args__ = (UniqueConstraint("application_id", "seq", name="uq_application_step_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[dt.date] = mapped_column(Date)
    until_date: Mapped[dt.date | None] = mapped_column(Date)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Visit(Base):
    """A visit without an application, numbered so that it can be rated (好差评)."""

    __tablename__ = "visit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_no: Mapped[str] = mapped_column(String(64), unique=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    hall_code: Mapped[str] = mapped_column(String(16))
    window: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Rating(Base):
    """A 好差评 of one 办件 (a receipt or a visit number), at most one per 办件: given here
    (``origin`` "local", queued in the outbox) or at another window of the hall (pulled,
    "server"). ``clerk`` is the username of the clerk rated. A 差评 carries its follow-up."""

    __tablename__ = "rating"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    banjian_no: Mapped[str] = mapped_column(String(64), unique=True)
    application_id: Mapped[str | None] = mapped_column(ForeignKey("application.id"), index=True)
    hall_code: Mapped[str | None] = mapped_column(String(16))
    window: Mapped[str | None] = mapped_column(String(16))
    clerk: Mapped[str | None] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(32), index=True)
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(8), default="local")
    followup_deadline: Mapped[dt.date | None] = mapped_column(Date)
    followup_closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    followup_closed_by: Mapped[str | None] = mapped_column(String(64))
    followup_action: Mapped[str | None] = mapped_column(Text)


class OutboxEntry(Base):
    """A local change waiting to be pushed; written in the same transaction as the change."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)  # idempotency key
    kind: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    # pending | sent | duplicate | conflict | rejected | failed
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    acked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncCursor(Base):
    __tablename__ = "sync_cursor"
    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    """Append-only, hash-chained: each row's hash covers its content and the previous hash."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class DeviceKey(Base):
    """Ed25519 public keys that sign receipts: this device's and those learnt by sync."""

    __tablename__ = "device_key"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    hall_code: Mapped[str | None] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(64))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DeviceCertificate(Base):
    """A device certificate the server signed (domain/device_trust), pulled by sync and kept
    only once verified against the pinned :class:`TrustedSigner`: which hall and window a
    device belonged to, and when. Receipts verify against these, offline."""

    __tablename__ = "device_certificate"
    signer_key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    serial: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    hall_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[str | None] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime)
    valid_to: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    signature: Mapped[str] = mapped_column(String(200))
    pulled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrustedSigner(Base):
    """The server's certifying key: pinned at the first online log-in (trust on first use) or
    provisioned by an administrator. ``devices_synced_at``: the last pull of the device list,
    i.e. how fresh this client's knowledge of revocations is."""

    __tablename__ = "trusted_signer"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    server: Mapped[str | None] = mapped_column(Text)
    how: Mapped[str] = mapped_column(String(16))  # first_login | provisioned
    pinned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    devices_synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
