"""What the apply wizard needs from the database: the item and the enterprise before anything is
filed, and the filing itself with the promised date the receipt will print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.caps import apply_caps, reached_refusal
from kuaixiang_core.domain.rules.catalogue import Item
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_core.domain.working_days import CalendarUnknownYear, add_working_days

from ..store.enterprises import get_by_code
from .applications import (
    DEFERRED_WORKING_DAYS,
    Agent,
    ApplyRefused,
    AuthorisationInput,
    FilingResult,
    MaterialInput,
    file_application,
    ineligible_refusal,
    item_refusal,
)
from .database import Database
from .device import local_device
from .matching import enterprise_facts
from .policies import compiled_catalogue


@dataclass(frozen=True, slots=True)
class ItemMaterial:
    """A material the item asks for, with the catalogue's counts (the checklist starts from them)."""

    name: str
    required: bool
    originals: int
    copies: int
    note: str | None


@dataclass(frozen=True, slots=True)
class ApplyItem:
    """What the wizard shows and decides with of the policy item: built here from the compiled
    catalogue so that the wizard does not follow every change of the catalogue's own views."""

    item_id: str
    title: str
    department: str
    promised_days: int | None
    allows_deferred: bool
    materials: tuple[ItemMaterial, ...]
    deferrable: tuple[str, ...] = ()  # the materials that may follow after 容缺受理
    deferred_days: int = DEFERRED_WORKING_DAYS

    @classmethod
    def of(cls, item: Item) -> ApplyItem:
        return cls(
            item_id=item.id, title=item.title, department=item.department, promised_days=item.promised_days,
            allows_deferred=item.allows_deferred,
            materials=tuple(ItemMaterial(m.name, m.required, m.originals, m.copies, m.note) for m in item.materials),
            deferrable=tuple(m.name for m in item.materials if item.may_follow(m.name)),
            deferred_days=item.deferred_working_days,
        )


@dataclass(frozen=True, slots=True)
class ApplyContext:
    """The enterprise and the item before anything is filed: this enterprise's verdict and
    benefit estimate, the 容缺 deadline filing today would set, and ``problem``, why filing
    would be refused (None if it would not)."""

    credit_code: str
    enterprise_name: str
    item: ApplyItem
    verdict: str
    amount: Decimal | None
    benefit_text: str | None
    deferred_deadline: dt.date | None
    problem: str | None
    today: dt.date
    legal_rep: str | None = None
    dishonest: bool = False  # 失信: never 容缺受理
    benefit_kind: str = "cash"  # domain.rules.benefit_kinds: only cash reads as money


def load_context(db: Database, credit_code: str, item_id: str, today: dt.date | None = None) -> ApplyContext:
    """What the wizard shows before anything is filed: the enterprise, the item with its
    materials, this enterprise's benefit estimate, and why filing would be refused, if it
    would (filing checks all of it again)."""
    today = today or clock.today()
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ApplyRefused(f"没有编号为 {item_id} 的政策事项", field="item_id")
    with db.sessions() as session:
        enterprise = get_by_code(session, credit_code)
        if enterprise is None:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code")
        code, name, legal_rep = enterprise.credit_code, enterprise.name, enterprise.legal_rep
    problem = item_refusal(item, today)
    with db.engine.connect() as conn:
        facts = enterprise_facts(conn, credit_code, today, cat.declared)
    verdict, _ = item.rule.verdict(facts)
    if verdict == "ineligible" and problem is None:
        problem = ineligible_refusal(item)
    amount, words = benefit_amount(item.benefit, facts), item.benefit.text
    if item.caps:  # what filing will promise: the amount the caps leave, or a refusal
        capped = apply_caps(item.caps, verdict, amount, facts)
        amount = capped.amount
        if capped.note:
            words = capped.note if not words else f"{capped.note}。{words}"
        if capped.reached and problem is None:
            problem = reached_refusal(capped)
    deadline = None
    if item.allows_deferred:
        try:
            deadline = add_working_days(today, item.deferred_working_days)
        except CalendarUnknownYear:
            deadline = None
    return ApplyContext(
        credit_code=code,
        enterprise_name=name,
        item=ApplyItem.of(item),
        verdict=verdict,
        amount=amount,
        benefit_text=words,
        deferred_deadline=deadline,
        problem=problem,
        today=today,
        legal_rep=legal_rep,
        dishonest=bool(facts.get("dishonest")),
        benefit_kind=item.benefit.kind,
    )


def file_and_promise(db: Database, credit_code: str, item_id: str, agent: Agent,
                     materials: list[MaterialInput], promised_days: int | None,
                     authorisation: AuthorisationInput | None = None,
                     accept_deferred: bool = True) -> tuple[FilingResult, dt.date | None]:
    """File, and count the promised date from today (what the receipt will print)."""
    device = local_device(db)
    result = file_application(db, credit_code, item_id, agent, materials, device_id=device.short_id,
                              authorisation=authorisation, accept_deferred=accept_deferred)
    promised = None
    if result.receipt_no and promised_days:
        try:
            promised = add_working_days(clock.today(), promised_days)
        except CalendarUnknownYear:
            promised = None
    return result, promised
