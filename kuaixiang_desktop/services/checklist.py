"""一企一策政策清单: what one enterprise can have, and how to get it, as plain data to print.

``checklist_data(db, credit_code, as_of)`` matches the enterprise (the same match the counter
shows) and gathers, for every item that is due (免申即享), can be applied for, or needs
checking, what the enterprise needs to take home: the policy document's 文号, the department,
the estimated amount (Decimal 元) or the benefit's words, the materials, when and where to
apply and how long the department promises to take.  Near misses are left out: the list is
what the enterprise can have, not what it cannot.

The data classes it fills are ``printing.checklist_data``'s: printing sits below services and
cannot import them from here. ``printing.checklist.render_checklist`` lays them out. No Qt.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.match import GROUPS, MatchedItem

from ..printing.checklist_data import ChecklistData, ChecklistItem, ChecklistMaterial
from ..store.database import Database
from ..store.models import Enterprise, Hall
from .matching import EnterpriseNotFound, match_enterprise
from .policies import compiled_catalogue, item_detail_view

__all__ = [
    "CHECKLIST_GROUPS",
    "UnknownEnterprise",
    "checklist_data",
]

# The groups the list shows, in print order (a subset of domain.rules.match.GROUPS).
CHECKLIST_GROUPS = tuple(g for g in GROUPS if g in ("due", "eligible", "unknown"))


class UnknownEnterprise(EnterpriseNotFound):
    """No enterprise with this credit code in the local database."""

    def __init__(self, credit_code: str):
        super().__init__(f"本地库中没有统一社会信用代码为 {credit_code} 的企业，无法生成一企一策清单")
        self.credit_code = credit_code


def _hall(db: Database) -> tuple[str | None, str | None]:
    """The hall of the clerk at this window, when there is one (none before anyone logs in)."""
    from .applications import ApplyRefused, current_clerk  # lazy: applications pulls in crypto

    with db.sessions() as session:
        try:
            clerk = current_clerk(session)
        except ApplyRefused:
            return None, None
        hall = session.get(Hall, clerk.hall_code) if clerk.hall_code else None
        return (hall.name if hall else None), clerk.hall_code


def checklist_data(db: Database, credit_code: str, as_of: dt.date | None = None) -> ChecklistData:
    """The 一企一策 list of ``credit_code`` as of ``as_of`` (default today).

    Raises :class:`UnknownEnterprise` when the code is not in the local database, and
    ``ValueError`` when it is empty."""
    code = (credit_code or "").strip().upper()
    if not code:
        raise ValueError("请提供企业的统一社会信用代码")
    as_of = as_of or clock.today()
    with db.sessions() as session:
        name = session.scalars(select(Enterprise.name).where(Enterprise.credit_code == code)).one_or_none()
    if name is None:
        raise UnknownEnterprise(code)
    cat = compiled_catalogue(db)
    try:
        result = match_enterprise(db, code, as_of, catalogue=cat)
    except EnterpriseNotFound:  # deleted between the two reads
        raise UnknownEnterprise(code) from None

    items = []
    for group in CHECKLIST_GROUPS:
        for matched in result.items:
            if matched.group != group or matched.item_id not in cat.by_id:
                continue
            items.append(_item(cat, matched))
    hall_name, hall_code = _hall(db)
    return ChecklistData(
        enterprise_name=name,
        credit_code=code,
        as_of=as_of,
        hall_name=hall_name,
        hall_code=hall_code,
        items=tuple(items),
    )


def _item(cat, matched: MatchedItem) -> ChecklistItem:
    detail = item_detail_view(cat, cat.by_id[matched.item_id])
    to_check: list[str] = []
    for cond in matched.conditions:
        label = cond.label or cond.fact
        if cond.result == "unknown" and label and label not in to_check:
            to_check.append(label)
    return ChecklistItem(
        item_id=matched.item_id,
        group=matched.group,
        title=detail.title,
        doc_no=detail.document.doc_no,
        document_title=detail.document.title,
        department=detail.department,
        mode=detail.mode,
        amount=matched.benefit.amount,
        benefit_text=matched.benefit.text,
        materials=tuple(ChecklistMaterial(m.name, bool(m.required), int(m.originals), int(m.copies), m.note)
                        for m in detail.materials),
        apply_from=detail.apply_from,
        apply_to=detail.apply_to,
        deadline=detail.apply_to or detail.effective_to,
        promised_days=detail.promised_days,
        where=detail.where,
        to_check=tuple(to_check),
        kind=matched.benefit.kind,
        bring=matched.bring,
    )
