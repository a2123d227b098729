"""Kinds of benefit (``benefit.kind``): what an amount is, so that amounts of different
kinds are never added into one 「约 X 元」.

- ``cash`` (现金补贴/奖励, the default): money paid, shown 「约 X 元」;
- ``deduction`` (加计扣除/税前扣除基数): an amount that lowers taxable income, not money
  paid, shown 「可加计扣除额 约 X 元」;
- ``rate_cut`` (费率/税率降低): its words (「失业保险费率由 1% 降至 0.5%」), never an amount;
- ``in_kind`` (实物/服务/场地): its words, or a valued amount shown 「折合约 X 元」.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

CASH, DEDUCTION, RATE_CUT, IN_KIND = "cash", "deduction", "rate_cut", "in_kind"
KINDS = (CASH, DEDUCTION, RATE_CUT, IN_KIND)
KIND_NAMES = {CASH: "现金补贴", DEDUCTION: "加计扣除", RATE_CUT: "费率降低", IN_KIND: "实物/服务"}
# How an amount of each kind reads (plain text: the PDFs and the command line; the window has
# its own translatable copies).
_AMOUNT_PHRASES = {CASH: "约 {amount} 元", DEDUCTION: "可加计扣除额 约 {amount} 元", IN_KIND: "实物/服务 折合约 {amount} 元"}


def kind_problem(kind: object, *, has_amount: bool) -> str | None:
    """Why ``kind`` cannot be a benefit's (with an amount or formula, or only words)."""
    if kind not in KINDS:
        return f"未知的优惠类型 {kind!r}，可用：{'、'.join(f'{k}（{KIND_NAMES[k]}）' for k in KINDS)}"
    if kind == RATE_CUT and has_amount:
        return "费率降低（rate_cut）不是一笔钱：请用 text 写明降低多少（如「失业保险费率由 1% 降至 0.5%」）"
    return None


def amount_phrase(kind: str, amount: str) -> str:
    """An amount already formatted (``amount``: "12,000.00") as its kind reads."""
    return _AMOUNT_PHRASES.get(kind, _AMOUNT_PHRASES[CASH]).format(amount=amount)


def totals_by_kind(pairs: Iterable[tuple[str, Decimal | None]]) -> dict[str, Decimal]:
    """The sum of the known amounts per kind, in KINDS order; kinds with none are left out."""
    sums: dict[str, Decimal] = {}
    for kind, amount in pairs:
        if amount is not None and amount.is_finite():
            key = kind if kind in _AMOUNT_PHRASES else CASH
            sums[key] = sums.get(key, Decimal(0)) + amount
    return {k: sums[k] for k in KINDS if k in sums}


def totals_text(totals: dict[str, Decimal], fmt) -> str:
    """「约 X 元；可加计扣除额 约 Y 元」: each kind apart, ``fmt`` formatting an amount."""
    return "；".join(amount_phrase(kind, fmt(total)) for kind, total in totals.items())
