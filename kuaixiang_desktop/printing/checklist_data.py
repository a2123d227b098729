"""What a 一企一策政策清单 prints: plain data, filled by ``services.checklist``.

It lives here, with the layout that prints it, because printing sits below services: the
service imports these classes to fill them, and :mod:`.checklist` renders them without
knowing where they came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from kuaixiang_core.domain.rules.benefit_kinds import CASH, totals_by_kind

__all__ = ["ChecklistData", "ChecklistItem", "ChecklistMaterial"]


@dataclass(frozen=True, slots=True)
class ChecklistMaterial:
    name: str
    required: bool
    originals: int
    copies: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    item_id: str
    group: str  # due | eligible | unknown
    title: str
    doc_no: str | None
    document_title: str | None
    department: str
    mode: str  # auto | online | window
    amount: Decimal | None  # estimated, 元
    benefit_text: str | None
    materials: tuple[ChecklistMaterial, ...]
    apply_from: dt.date | None
    apply_to: dt.date | None
    # The last day to apply: the end of the application window, else the end of the policy.
    deadline: dt.date | None
    promised_days: int | None
    where: str | None
    # For items that need checking: the facts (Chinese labels) the department has no data on.
    to_check: tuple[str, ...] = ()
    kind: str = CASH  # domain.rules.benefit_kinds: only cash is money paid
    # For items that need checking: the documents proving the missing facts (「请携带」).
    bring: tuple[str, ...] = ()

    @property
    def cash(self) -> Decimal | None:
        return self.amount if self.kind == CASH else None


@dataclass(frozen=True, slots=True)
class ChecklistData:
    enterprise_name: str
    credit_code: str
    as_of: dt.date
    hall_name: str | None
    hall_code: str | None
    items: tuple[ChecklistItem, ...] = field(default_factory=tuple)

    def group(self, group: str) -> list[ChecklistItem]:
        return [i for i in self.items if i.group == group]

    def total(self, groups: tuple[str, ...] = ("due", "eligible")) -> Decimal:
        """The sum of the known cash amounts of ``groups`` (the estimate a clerk reads out)."""
        return sum((i.cash for i in self.items if i.group in groups and i.cash is not None), Decimal(0))

    def totals(self, groups: tuple[str, ...] = ("due", "eligible")) -> dict[str, Decimal]:
        """The known amounts of ``groups`` per kind (benefit_kinds.totals_by_kind)."""
        return totals_by_kind((i.kind, i.amount) for i in self.items if i.group in groups)

    def bring(self) -> list[str]:
        """Every document the 需核实 items ask for, each once, in the order first met."""
        return list(dict.fromkeys(d for i in self.items for d in i.bring))
