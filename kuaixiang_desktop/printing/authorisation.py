"""授权委托书 as an A4 PDF (reportlab), filled in for the enterprise to sign and stamp.

When the agent at the window is not the enterprise's legal representative, the enterprise
authorises them in writing. The window prints the form already filled in (enterprise, credit
code, legal representative, agent and the agent's full ID number, the item and the period);
the legal representative signs, the enterprise stamps it, and its scan becomes a material of
the application. The paper carries the full ID number: it is the enterprise's own document;
the screen only ever shows it masked. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kuaixiang_core.domain.clock import SHANGHAI

from .fonts import CjkFont, cjk_font
from .layout import chinese_date, markup, numbered, or_dash, p
from .paper import A4_MARGIN_X, SlipStyles, aware, build_a4, kv_table, styles_for, table

__all__ = ["AuthorisationData", "render_authorisation"]


@dataclass(slots=True)
class AuthorisationData:
    hall_name: str
    enterprise_name: str
    credit_code: str
    legal_rep: str | None
    agent_name: str
    agent_id_number: str  # in full: this is the paper the enterprise signs
    agent_phone: str | None
    item_title: str | None  # None: every policy item of the enterprise
    valid_from: dt.date
    valid_to: dt.date
    issued_at: dt.datetime

    def __post_init__(self) -> None:
        aware(self.issued_at, "issued_at")
        if self.valid_to < self.valid_from:
            raise ValueError("委托期限的结束日期早于开始日期")


def _story(data: AuthorisationData, st: SlipStyles, width: float) -> list[Flowable]:
    scope = f"“{markup(data.item_title)}”政策事项" if data.item_title else "本单位在政策快享平台的各项政策事项"
    period = f"{chinese_date(data.valid_from)}至{chinese_date(data.valid_to)}"
    story: list[Flowable] = [
        p("授权委托书", st.title),
        Spacer(1, 4 * mm),
        p(f"致：{markup(data.hall_name)}", st.body),
        Spacer(1, 2 * mm),
        kv_table(
            [
                ("委托单位", markup(data.enterprise_name)),
                ("统一社会信用代码", markup(data.credit_code)),
                ("法定代表人", or_dash(data.legal_rep)),
                ("受托人（经办人）", markup(data.agent_name)),
                ("受托人身份证号码", markup(data.agent_id_number)),
                ("受托人联系电话", or_dash(data.agent_phone)),
                ("委托事项", scope),
                ("委托期限", period),
            ],
            st, width, 36 * mm,
        ),
        Spacer(1, 4 * mm),
        p(f"兹委托上述受托人代表本单位，在委托期限内办理{scope}的申请、材料提交与补正、签收受理回执及相关文书等事宜。"
          "受托人在委托权限内所作的行为及签署的文件，本单位均予以承认，并承担相应的法律责任。"
          "受托人无转委托权。", st.body),
        Spacer(1, 14 * mm),
    ]
    signed = [
        [p("委托单位（盖章）：", st.body), p("法定代表人（签字）：", st.body)],
        [p("", st.body), p("", st.body)],
        [p("受托人（签字）：", st.body), p("日期：______年____月____日", st.body)],
    ]
    story.append(table(signed, [width / 2, width / 2],
                       [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)], st))
    notes = [
        "请附受托人身份证复印件；法定代表人亲自办理的无需本委托书。",
        f"窗口打印日期：{chinese_date(data.issued_at.astimezone(SHANGHAI).date())}；涂改无效。",
    ]
    story += [Spacer(1, 8 * mm), p("注：<br/>" + numbered(notes), st.small)]
    return story


def render_authorisation(data: AuthorisationData, *, font: CjkFont | None = None) -> bytes:
    """The pre-filled 授权委托书 as A4 PDF bytes."""
    font = font or cjk_font()
    st = styles_for(font, "a4")
    width = A4[0] - 2 * A4_MARGIN_X
    return build_a4(_story(data, st, width), font, title=f"授权委托书 {data.enterprise_name}",
                    subject=data.item_title or "政策事项", footer=f"授权委托书 · {data.enterprise_name}",
                    later_header=f"授权委托书（续）  {data.enterprise_name}", reprint=False)
