"""What the apply wizard needs from the database: the item and the enterprise before anything is
filed, and the filing itself with the promised date the receipt will print."""

from __future__ import annotations

import datetime as dt

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_core.domain.working_days import CalendarUnknownYear, add_working_days

from .applications import (
    DEFERRED_WORKING_DAYS,
    Agent,
    ApplyRefused,
    FilingResult,
    MaterialInput,
    file_application,
    ineligible_refusal,
    item_refusal,
)
from .database import Database
from .device import local_device
from .lookup import enterprise_detail
from .matching import enterprise_facts
from .policies import compiled_catalogue, item_detail_view


def load_context(db: Database, credit_code: str, item_id: str, today: dt.date | None = None) -> dict:
    """What the wizard shows before anything is filed: the enterprise, the item with its
    materials, this enterprise's benefit estimate, and why filing would be refused, if it
    would (filing checks all of it again)."""
    today = today or clock.today()
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ApplyRefused(f"没有编号为 {item_id} 的政策事项", field="item_id")
    detail = enterprise_detail(db, credit_code, today)
    if detail is None:
        raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code")
    problem = item_refusal(item, today)
    with db.engine.connect() as conn:
        facts = enterprise_facts(conn, credit_code, today, cat.declared)
    verdict, _ = item.rule.verdict(facts)
    if verdict == "ineligible" and problem is None:
        problem = ineligible_refusal(item)
    amount = benefit_amount(item.benefit, facts)
    deadline = None
    if item.allows_deferred:
        try:
            deadline = add_working_days(today, DEFERRED_WORKING_DAYS)
        except CalendarUnknownYear:
            deadline = None
    return {
        "credit_code": detail.credit_code,
        "enterprise_name": detail.name,
        "item": item_detail_view(cat, item).to_json(),  # until this context is typed too
        "verdict": verdict,
        "amount": str(amount) if amount is not None else None,
        "benefit_text": item.benefit.text,
        "deferred_deadline": deadline,
        "problem": problem,
        "today": today,
    }


def file_and_promise(db: Database, credit_code: str, item_id: str, agent: Agent,
                     materials: list[MaterialInput], promised_days: int | None) -> tuple[FilingResult, dt.date | None]:
    """File, and count the promised date from today (what the receipt will print)."""
    device = local_device(db)
    result = file_application(db, credit_code, item_id, agent, materials, device_id=device.short_id)
    promised = None
    if result.receipt_no and promised_days:
        try:
            promised = add_working_days(clock.today(), promised_days)
        except CalendarUnknownYear:
            promised = None
    return result, promised
