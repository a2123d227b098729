"""The enterprise record as plain data: what imports, demo data and sync hand to the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分

# Qualifications a clerk sees on the card; imports may carry others.
KNOWN_TAGS = (
    "高新技术企业",
    "专精特新中小企业",
    "专精特新小巨人",
    "科技型中小企业",
    "规上企业",
    "创新型中小企业",
    "瞪羚企业",
    "省级企业技术中心",
)


@dataclass(frozen=True)
class Tag:
    tag: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class FactValue:
    name: str
    value: str  # canonical text: Decimal as str, ISO date, "true"/"false", JSON list
    valid_on: dt.date


@dataclass
class EnterpriseRecord:
    credit_code: str
    name: str
    region_code: str
    legal_rep: str | None = None
    industry_code: str | None = None
    reg_type: str | None = None
    established: dt.date | None = None
    registered_capital_fen: int | None = None
    employees: int | None = None
    insured_employees: int | None = None
    revenue_fen: int | None = None
    total_assets_fen: int | None = None
    tax_credit_rating: str | None = None
    dishonest: bool = False
    contact_phone: str | None = None
    tags: list[Tag] = field(default_factory=list)
    facts: list[FactValue] = field(default_factory=list)


# A record's own columns, in the order the wire and the server's table give them (credit code,
# tags and facts apart).
RECORD_COLUMNS = (
    "name", "legal_rep", "region_code", "industry_code", "reg_type", "established", "registered_capital_fen",
    "employees", "insured_employees", "revenue_fen", "total_assets_fen", "tax_credit_rating", "dishonest",
    "contact_phone",
)


@dataclass
class ChangedParts:
    """What a pull of changed parts sends of an enterprise the client holds
    (kuaixiang_core/wire_parts): the columns that may have changed since the client's cursor
    (with ``RECORD_COLUMNS``' names and ``EnterpriseRecord``'s types; a column left out did
    not change), the fact values added or changed, and the tags when they changed (None: the
    stored ones stand)."""

    credit_code: str
    columns: dict[str, object]
    facts: list[FactValue] = field(default_factory=list)
    tags: list[Tag] | None = None

    @classmethod
    def of(cls, record: EnterpriseRecord, *, tags: bool = True) -> ChangedParts:
        """Every column of ``record``: what version 1 of the format sends."""
        return cls(record.credit_code, {c: getattr(record, c) for c in RECORD_COLUMNS}, list(record.facts),
                   list(record.tags) if tags else None)


def fen_to_wan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / FEN_PER_WAN


def mask_phone(phone: str | None) -> str | None:
    """138****5678: enough for the clerk to recognise, not enough to call."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
