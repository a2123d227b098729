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
