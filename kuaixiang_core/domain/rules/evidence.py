"""The document that proves a fact (``evidence``): what an enterprise is asked to bring
when the record lacks the fact (「请携带：失业保险缴费证明」).

A catalogue's ``facts:`` entry may name it; the built-in facts and the facts every client
ships have theirs here. An item keeps a copy of the evidence its catalogue names for the facts
it uses (Item.evidence), as it keeps its definitions: a stored item says it on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MAX_EVIDENCE = 60  # characters: one document's name, as a form prints it

# Built-in facts (facts.BUILTIN_FACTS) and the shipped ones (resources/reference/facts.json)
# where one document proves it; facts no document proves (成立年限, 企业规模) have none.
BUILTIN_EVIDENCE: dict[str, str] = {
    "employees": "从业人员花名册",
    "insured_employees": "职工参保缴费证明",
    "revenue": "上年度财务报表",
    "total_assets": "上年度资产负债表",
    "registered_capital": "营业执照",
    "established": "营业执照",
    "industry_code": "营业执照",
    "reg_type": "营业执照",
    "tax_credit_rating": "纳税信用等级评价结果",
    "insured_months": "失业保险缴费证明",
    "layoff_rate": "上年度职工花名册及减员情况说明",
    "unemployment_premium_paid": "失业保险缴费证明",
    "youth_hires": "劳动合同及毕业证书（或失业登记证明）",
    "rd_expense": "研发费用加计扣除辅助账",
    "small_scale_vat_payer": "增值税纳税人身份证明",
    "taxable_income": "上年度企业所得税年度纳税申报表",
    "export_value": "海关出口报关单汇总",
    "disabled_employment_ratio": "残疾人就业情况审核表",
}


def evidence_problem(value: object) -> str | None:
    """Why ``value`` cannot name a document: text, one line, at most MAX_EVIDENCE characters."""
    if not isinstance(value, str) or not value.strip():
        return "应为证明材料的名称（文字）"
    text = value.strip()
    if len(text) > MAX_EVIDENCE:
        return f"证明材料名称最多 {MAX_EVIDENCE} 个字，实际 {len(text)} 个"
    if any(ch in text for ch in "\r\n\t") or any(ord(ch) < 32 for ch in text):
        return "证明材料名称应为一行文字"
    return None


def evidence_for(fact: str, own: Mapping[str, str] | None = None) -> str | None:
    """The document proving ``fact``: the item's catalogue's word for it, else the built-in one."""
    if own and fact in own:
        return own[fact]
    return BUILTIN_EVIDENCE.get(fact)


def bring_list(pairs: Iterable[tuple[str, Mapping[str, str] | None]]) -> list[str]:
    """The documents to bring for (missing fact, the item's own evidence) pairs, each once,
    in the order first met."""
    out: dict[str, None] = {}
    for fact, own in pairs:
        found = evidence_for(fact, own)
        if found:
            out.setdefault(found, None)
    return list(out)


def bring_text(documents: Iterable[str]) -> str:
    """「请携带：失业保险缴费证明、上年度财务报表」, or "" for none."""
    names = list(dict.fromkeys(documents))
    return "请携带：" + "、".join(names) if names else ""
