"""The forms the window prints for the enterprise to sign: the 容缺受理承诺书 of an accepted
application (archived with it, like a receipt) and the pre-filled 授权委托书."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import utcnow

from ..store import audit
from ..store.database import Database
from ..store.models import Clerk, Enterprise, Hall, Receipt
from .applications import Agent, ApplyRefused, _load, check_agent, current_clerk
from .attachments import store_bytes
from .policies import compiled_catalogue
from .receipts import Printed


def print_pledge(db: Database, application_id: str) -> Printed:
    """The application's 容缺受理承诺书; refused when it has no pledge."""
    cat = compiled_catalogue(db)
    with db.sessions.begin() as session:
        app = _load(session, application_id)
        pledge = app.pledge
        if pledge is None:
            raise ApplyRefused("该申请不是容缺受理，没有容缺受理承诺书", field="application")
        item = cat.by_id.get(app.item_id)
        specs = {m.name: m for m in item.materials} if item else {}
        ent = session.get(Enterprise, app.enterprise_id)
        hall = session.get(Hall, app.hall_code) if app.hall_code else None
        clerk = session.get(Clerk, app.clerk_id) if app.clerk_id else None
        # reportlab is loaded with the first print, not with the window (its start-up cost).
        from ..printing.pledge import PledgeData, render_pledge

        data = PledgeData(
            hall_name=hall.name if hall else app.hall_code or "", window=app.window or "",
            enterprise_name=ent.name, credit_code=ent.credit_code, legal_rep=ent.legal_rep,
            item_title=item.title if item else app.item_id, department=item.department if item else "",
            receipt_no=app.receipt_no,
            materials=[(m.name, specs[m.name].originals if m.name in specs else 0,
                        specs[m.name].copies if m.name in specs else 1) for m in app.materials if m.pledged],
            deadline=pledge.deadline, working_days=pledge.working_days,
            clerk_name=clerk.display_name if clerk else "", issued_at=clock.now(), agent_name=app.agent_name,
        )
        pdf = render_pledge(data)
        stored = store_bytes(pdf, f"pledge-{app.id}.pdf")
        session.add(Receipt(application_id=app.id, kind="pledge", receipt_no=app.receipt_no, layout="a4",
                            reprint=False, pdf_sha256=stored.sha256, created_at=utcnow()))
        audit.append(session, "pledge.print", actor=clerk.username if clerk else None, entity="application",
                     entity_id=app.id, detail={"deadline": pledge.deadline.isoformat()})
        return Printed(pdf, stored.sha256, app.receipt_no, False, None)


def print_authorisation(db: Database, credit_code: str, agent: Agent, valid_from: dt.date, valid_to: dt.date,
                        item_id: str | None = None) -> bytes:
    """The 授权委托书 filled in for this enterprise, agent and item (None: every item), to be
    signed and stamped. The agent's full ID number is on the paper only."""
    agent = check_agent(agent)
    if valid_to < valid_from:
        raise ApplyRefused(f"委托期限的结束日期 {valid_to} 早于开始日期 {valid_from}", field="valid_to")
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id) if item_id else None
    if item_id and item is None:
        raise ApplyRefused(f"没有编号为 {item_id} 的政策事项", field="item_id")
    with db.sessions() as session:
        ent = session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).one_or_none()
        if ent is None:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code")
        clerk = current_clerk(session)
        hall = session.get(Hall, clerk.hall_code)
        from ..printing.authorisation import AuthorisationData, render_authorisation

        data = AuthorisationData(
            hall_name=hall.name if hall else clerk.hall_code, enterprise_name=ent.name, credit_code=ent.credit_code,
            legal_rep=ent.legal_rep, agent_name=agent.name, agent_id_number=agent.id_number, agent_phone=agent.phone,
            item_title=item.title if item else None, valid_from=valid_from, valid_to=valid_to, issued_at=clock.now(),
        )
    return render_authorisation(data)
