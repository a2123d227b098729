"""How the window says an amount of each kind of benefit, and what to bring for a fact the
record lacks (domain.rules.benefit_kinds, domain.rules.evidence): only cash reads as money,
and totals are kept per kind, never one 「约 X 元」 over cash and deductions together."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kuaixiang_core.domain.rules.benefit_kinds import CASH, DEDUCTION, IN_KIND
from kuaixiang_core.domain.rules.evaluate import Condition

translate = QCoreApplication.translate

_KIND_NAMES = {
    "cash": QT_TRANSLATE_NOOP("BenefitText", "现金补贴"),
    "deduction": QT_TRANSLATE_NOOP("BenefitText", "加计扣除（非现金）"),
    "rate_cut": QT_TRANSLATE_NOOP("BenefitText", "费率降低（非现金）"),
    "in_kind": QT_TRANSLATE_NOOP("BenefitText", "实物/服务（非现金）"),
}


def kind_name(kind: str) -> str:
    source = _KIND_NAMES.get(kind)
    return translate("BenefitText", source) if source else kind


def kind_amount(kind: str, amount_text: str) -> str:
    """``amount_text`` (already 「5 万元」 or 「12,000 元」) as its kind reads: a cash amount as
    it is, a deduction as the base it lowers, a valued thing in kind as what it is worth."""
    if kind == DEDUCTION:
        return translate("BenefitText", "可加计扣除额 约 {amount}").format(amount=amount_text)
    if kind == IN_KIND:
        return translate("BenefitText", "实物/服务 折合约 {amount}").format(amount=amount_text)
    return amount_text


def other_totals_text(totals: Iterable[tuple[str, Decimal]], fmt) -> str:
    """The non-cash totals (「可加计扣除额 约 X 万元」…) joined with ；, ``fmt`` the amount's form."""
    return translate("BenefitText", "；").join(kind_amount(k, fmt(t)) for k, t in totals if k != CASH)


def bring_text(documents: Iterable[str]) -> str:
    """「请携带：失业保险缴费证明、…」, or "" for none."""
    names = list(dict.fromkeys(documents))
    return translate("BenefitText", "请携带：{documents}").format(documents="、".join(names)) if names else ""


def condition_bring(cond: Condition, evidence_for) -> str:
    """What to bring for an unknown condition: the documents proving the facts it lacks."""
    if cond.result != "unknown":
        return ""
    return bring_text(d for d in (evidence_for(f) for f in (cond.absent or (cond.fact,))) if d)
