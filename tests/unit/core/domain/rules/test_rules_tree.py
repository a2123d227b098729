"""Rule trees (domain.rules.tree): parsing plain data into checked nodes, each operator's
test on a value, the errors a policy officer sees, and the sentences a clerk reads."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import pytest

from kuaixiang_core.catalogue_files import load_file
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.tree import (
    MAX_DEPTH,
    All,
    AnyOf,
    Leaf,
    Not,
    RuleError,
    describe,
    describe_negated,
    leaves,
    parse_rule,
)

DECLARED = {
    "insured_months": FactSpec("insured_months", "number", "参保月数", "月"),
    "layoff_rate": FactSpec("layoff_rate", "percent", "裁员率", "%"),
    "export_value": FactSpec("export_value", "money", "上年度出口额", "元"),
    "certified_on": FactSpec("certified_on", "date", "认定日期"),
    "certs": FactSpec("certs", "list", "证书"),
}


def leaf(fact: str, op: str, value: object, **more: object) -> Leaf:
    node = parse_rule({"fact": fact, "op": op, "value": value, **more}, DECLARED)
    assert isinstance(node, Leaf)
    return node


def refused(data: object, facts=DECLARED, **kw) -> RuleError:
    with pytest.raises(RuleError) as info:
        parse_rule(data, facts, **kw)
    return info.value


def D(text: str) -> Decimal:
    return Decimal(text)


EMP10 = {"fact": "employees", "op": ">=", "value": 10}


# --- the tree -------------------------------------------------------------------------


def test_all_any_not_become_nodes_with_their_children_in_order():
    rule = {
        "all": [
            {"fact": "insured_months", "op": ">=", "value": 12, "clause": "第二条(一)"},
            {"any": [
                {"fact": "layoff_rate", "op": "<=", "value": 5.5, "clause": "第二条(二)"},
                {"all": [
                    {"fact": "insured_employees", "op": "<=", "value": 30},
                    {"fact": "layoff_rate", "op": "<=", "value": 20},
                ]},
            ]},
            {"not": {"fact": "dishonest", "op": "==", "value": True, "clause": "第四条"}},
        ]
    }
    root = parse_rule(rule, DECLARED)
    assert isinstance(root, All) and len(root.children) == 3
    first, anyof, negation = root.children
    assert isinstance(first, Leaf) and first.fact == "insured_months" and first.clause == "第二条(一)"
    assert isinstance(anyof, AnyOf) and isinstance(anyof.children[1], All)
    assert isinstance(negation, Not) and isinstance(negation.child, Leaf) and negation.child.fact == "dishonest"
    assert [(x.fact, x.value) for x in leaves(root)] == [
        ("insured_months", D("12")),
        ("layoff_rate", D("5.5")),
        ("insured_employees", D("30")),
        ("layoff_rate", D("20")),
        ("dishonest", True),
    ]


def test_a_rule_may_be_a_single_condition():
    node = parse_rule(EMP10)
    assert isinstance(node, Leaf) and leaves(node) == [node]


def test_builtin_facts_need_no_declaration_but_declared_ones_do():
    parse_rule(EMP10)  # built in
    exc = refused({"fact": "insured_months", "op": ">=", "value": 12}, facts=None)
    assert exc.field == "fact" and "未知的事实「insured_months」" in exc.message


def test_nesting_to_the_limit_is_accepted_and_one_more_level_is_refused():
    assert MAX_DEPTH == 8  # docs/rules.md: deeper than 8 levels (the rule itself is level 1)
    rule: dict = dict(EMP10)
    for _ in range(MAX_DEPTH - 1):
        rule = {"not": rule}
    parse_rule(rule)  # the condition is at level 8
    exc = refused({"not": rule})
    assert "嵌套超过 8 层" in exc.message
    assert exc.path == "rule" + ".not" * MAX_DEPTH

    rule = dict(EMP10)
    for _ in range(MAX_DEPTH - 1):
        rule = {"all": [EMP10, rule]}
    parse_rule(rule)
    assert "嵌套超过" in refused({"any": [rule]}).message


@pytest.mark.parametrize(
    "data, words, path",
    [
        ("employees >= 10", "条件应为 all / any / not 或 {fact, op, value}", "rule"),
        ([EMP10], "条件应为 all / any / not", "rule"),
        (None, "条件应为 all / any / not", "rule"),
        ({"all": []}, "「all」后应为非空列表", "rule.all"),
        ({"any": []}, "「any」后应为非空列表", "rule.any"),
        ({"all": EMP10}, "「all」后应为非空列表", "rule.all"),
        ({"all": [EMP10], "any": [EMP10]}, "「all」旁不能再有其他键：['any']", "rule"),
        ({"not": EMP10, "clause": "第一条"}, "「not」旁不能再有其他键：['clause']", "rule"),
        ({"not": [EMP10]}, "条件应为 all / any / not", "rule.not"),
        ({"all": [EMP10, "x"]}, "条件应为", "rule.all[1]"),
        ({"all": [EMP10, {"any": [EMP10, {"not": {"fact": "nope", "op": "==", "value": 1}}]}]},
         "未知的事实「nope」", "rule.all[1].any[1].not"),
    ],
)
def test_malformed_trees_are_refused_saying_where(data, words, path):
    exc = refused(data)
    assert words in exc.message
    assert exc.path == path


def test_the_path_starts_from_where_the_rule_sits():
    exc = refused({"all": [{"fact": "nope", "op": "==", "value": 1}]}, path="documents[0].items[2].rule")
    assert exc.path == "documents[0].items[2].rule.all[0]"


# --- each operator: parsing and test ------------------------------------------------


@pytest.mark.parametrize(
    "fact, op, value, true_for, false_for",
    [
        ("employees", "==", 10, [D("10"), D("10.0")], [D("9"), D("11"), D("10.01")]),
        ("employees", "!=", 10, [D("9"), D("11")], [D("10"), D("10.00")]),
        ("employees", "<", 10, [D("9"), D("9.99"), D("-1")], [D("10"), D("11")]),
        ("employees", "<=", 10, [D("10"), D("9")], [D("10.01"), D("11")]),
        ("employees", ">", 10, [D("10.01"), D("11")], [D("10"), D("9")]),
        ("employees", ">=", 10, [D("10"), D("11")], [D("9.99"), D("9")]),
        ("employees", "between", [10, 20], [D("10"), D("15"), D("20")], [D("9.99"), D("20.01"), D("21")]),
        ("employees", "between", [10, 10], [D("10")], [D("9"), D("11")]),
        ("employees", "in", [10, 20], [D("10"), D("20.0")], [D("15"), D("0")]),
        ("employees", "not_in", [10, 20], [D("15"), D("0")], [D("10"), D("20.00")]),
        ("layoff_rate", "<=", 5.5, [D("5.5"), D("5.50"), D("0")], [D("5.51"), D("6")]),
        ("export_value", ">=", 1000000, [D("1000000.00")], [D("999999.99")]),
        ("established", "<", "2020-01-01", [dt.date(2019, 12, 31)], [dt.date(2020, 1, 1)]),
        ("established", ">=", dt.date(2020, 1, 1), [dt.date(2020, 1, 1), dt.date(2024, 2, 29)], [dt.date(2019, 12, 31)]),
        ("established", "between", ["2020-01-01", "2020-12-31"],
         [dt.date(2020, 1, 1), dt.date(2020, 12, 31)], [dt.date(2019, 12, 31), dt.date(2021, 1, 1)]),
        ("certified_on", "==", "2024-02-29", [dt.date(2024, 2, 29)], [dt.date(2024, 3, 1)]),
        ("dishonest", "==", True, [True], [False]),
        ("dishonest", "==", False, [False], [True]),
        ("dishonest", "!=", True, [False], [True]),
        ("region_code", "==", "371502", ["371502"], ["371503", "37150", " 371502"]),
        ("region_code", "in", ["371502", "371521"], ["371502", "371521"], ["371500"]),
        ("tax_credit_rating", "not_in", ["C", "D"], ["A", "B", "M"], ["C", "D"]),
        ("tax_credit_rating", "in", ["A"], ["A"], ["a", "B"]),
        ("size_class", "in", ["small", "micro"], ["small", "micro"], ["medium", "large"]),
        ("size_class", "!=", "large", ["medium"], ["large"]),
        ("tags", "has", "高新技术企业", [("高新技术企业",), ("规上企业", "高新技术企业")], [(), ("规上企业",)]),
        ("certs", "has", "ISO9001", [("ISO9001",)], [(), ("ISO14001",)]),
    ],
)
def test_each_operator_holds_exactly_where_it_should(fact, op, value, true_for, false_for):
    node = leaf(fact, op, value)
    for v in true_for:
        assert node.test(v) is True, (fact, op, value, v)
    for v in false_for:
        assert node.test(v) is False, (fact, op, value, v)


@pytest.mark.parametrize(
    "fact, op, raw, parsed",
    [
        ("employees", ">=", 10, D("10")),
        ("layoff_rate", "<=", 5.5, D("5.5")),  # YAML gives a float; the author wrote 5.5
        ("layoff_rate", "<=", 0.1, D("0.1")),  # not Decimal(0.1) = 0.1000000000000000055…
        ("export_value", ">", 1e6, D("1000000.0")),
        ("established", "<", "2020-01-01", dt.date(2020, 1, 1)),
        ("established", "<", dt.datetime(2020, 1, 1, 8, 30), dt.date(2020, 1, 1)),
        ("employees", "between", [1, 2.5], (D("1"), D("2.5"))),
        ("tax_credit_rating", "in", ["A", "B"], ("A", "B")),
        ("tags", "has", "  高新技术企业 ", "高新技术企业"),
        ("dishonest", "==", True, True),
    ],
)
def test_values_take_the_facts_type_exactly(fact, op, raw, parsed):
    node = leaf(fact, op, raw)
    assert node.value == parsed
    assert type(node.value) is type(parsed)
    if isinstance(parsed, Decimal):
        assert str(node.value) == str(parsed)  # the written digits, no binary noise
    if isinstance(parsed, tuple):
        assert all(type(a) is type(b) for a, b in zip(node.value, parsed, strict=True))


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"fact": "employees", "op": ">=", "value": 1, "claus": "x"}, "claus", "条件中有未知的键：['claus']"),
        ({"op": ">=", "value": 1}, "fact", "条件缺少「fact」"),
        ({"fact": "employees", "value": 1}, "op", "条件缺少「op」"),
        ({"fact": "employees", "op": ">="}, "value", "条件缺少「value」"),
        ({"fact": "no_such", "op": ">=", "value": 1}, "fact", "未知的事实「no_such」"),
        ({"fact": 5, "op": ">=", "value": 1}, "fact", "未知的事实「5」"),
        ({"fact": "employees", "op": "=~", "value": 1}, "op", "未知的运算符「=~」，可用：== != < <= > >= in not_in has between"),
        ({"fact": "employees", "op": "=", "value": 1}, "op", "未知的运算符「=」"),
        ({"fact": "employees", "op": "≥", "value": 1}, "op", "未知的运算符"),
        ({"fact": "tags", "op": "==", "value": "高新技术企业"}, "op", "资质（tags）只能用 has 判断"),
        ({"fact": "tags", "op": "in", "value": ["高新技术企业"]}, "op", "只能用 has"),
        ({"fact": "employees", "op": "has", "value": "x"}, "op", "has 只能用于列表或资质，「employees」是 number"),
        ({"fact": "tags", "op": "has", "value": ""}, "value", "has 后应为一个名称"),
        ({"fact": "tags", "op": "has", "value": "   "}, "value", "has 后应为一个名称"),
        ({"fact": "tags", "op": "has", "value": ["高新技术企业"]}, "value", "has 后应为一个名称"),
        ({"fact": "region_code", "op": "<", "value": "371502"}, "op", "「<」只能比较数字、金额、百分比或日期"),
        ({"fact": "dishonest", "op": ">=", "value": True}, "op", "只能比较数字"),
        ({"fact": "tax_credit_rating", "op": "between", "value": ["A", "C"]}, "op", "between 只能用于数字"),
        ({"fact": "employees", "op": "between", "value": 5}, "value", "between 后应为 [下限, 上限]"),
        ({"fact": "employees", "op": "between", "value": [5]}, "value", "between 后应为 [下限, 上限]"),
        ({"fact": "employees", "op": "between", "value": [1, 2, 3]}, "value", "between 后应为 [下限, 上限]"),
        ({"fact": "employees", "op": "between", "value": [10, 5]}, "value", "between 的下限 10 大于上限 5"),
        ({"fact": "established", "op": "between", "value": ["2021-01-01", "2020-01-01"]}, "value", "大于上限"),
        ({"fact": "employees", "op": "in", "value": []}, "value", "in 后应为非空列表"),
        ({"fact": "employees", "op": "not_in", "value": []}, "value", "not_in 后应为非空列表"),
        ({"fact": "tax_credit_rating", "op": "in", "value": "A"}, "value", "in 后应为非空列表"),
        ({"fact": "certs", "op": "in", "value": ["x"]}, "op", "列表事实「certs」请用 has"),
        ({"fact": "certs", "op": "==", "value": "x"}, "op", "列表事实「certs」请用 has"),
        ({"fact": "employees", "op": ">=", "value": "十"}, "value", "不能与文字 '十' 比较（数字不加引号）"),
        ({"fact": "employees", "op": ">=", "value": "10"}, "value", "不能与文字"),
        ({"fact": "employees", "op": "in", "value": [1, "2"]}, "value", "不能与文字"),
        ({"fact": "employees", "op": "==", "value": True}, "value", "应为数字，不是是/否"),
        ({"fact": "employees", "op": ">=", "value": [10]}, "value", "应为单个值，不是 list"),
        ({"fact": "employees", "op": ">=", "value": {"min": 1}}, "value", "应为单个值，不是 dict"),
        ({"fact": "employees", "op": ">=", "value": float("nan")}, "value", "应为有限的数字"),
        ({"fact": "employees", "op": ">=", "value": float("inf")}, "value", "应为有限的数字"),
        ({"fact": "region_code", "op": "==", "value": 371502}, "value", "应与文字比较，371502 请加引号"),
        ({"fact": "dishonest", "op": "==", "value": "true"}, "value", "应为 true 或 false，不是 'true'"),
        ({"fact": "dishonest", "op": "==", "value": 1}, "value", "应为 true 或 false"),
        ({"fact": "established", "op": "<", "value": "2020-13-01"}, "value", "应为日期 YYYY-MM-DD"),
        ({"fact": "established", "op": "<", "value": 2020}, "value", "应为日期"),
        ({"fact": "size_class", "op": "==", "value": "tiny"}, "value", "企业规模只能是 large medium small micro：'tiny'"),
        ({"fact": "size_class", "op": "in", "value": ["small", "小型"]}, "value", "企业规模只能是"),
    ],
)
def test_bad_conditions_are_refused_naming_the_field(data, field, words):
    exc = refused(data)
    assert words in exc.message, exc.message
    assert exc.field == field
    assert exc.path == "rule"


def test_a_bad_value_names_the_fact_and_its_type():
    exc = refused({"fact": "layoff_rate", "op": "<=", "value": "五"})
    assert exc.message.startswith("事实「layoff_rate」（percent）")


@pytest.mark.parametrize(
    "data",
    [
        {"fact": "employees", "op": ">=", "value": None},
        {"fact": "established", "op": "<", "value": None},
        {"fact": "layoff_rate", "op": "in", "value": [None, 5]},
    ],
)
def test_a_null_value_is_refused_when_parsed(data):
    exc = refused(data)
    assert exc.field == "value"


def test_between_with_a_null_bound_is_refused_as_a_rule_error():
    exc = refused({"fact": "employees", "op": "between", "value": [None, 5]})
    assert exc.field == "value"


# --- where in the file ---------------------------------------------------------------


def _yaml_rule(tmp_path, body: str):
    path = tmp_path / "rule.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_file(path)["rule"]


def test_errors_carry_the_line_of_the_offending_key(tmp_path):
    rule = _yaml_rule(tmp_path, """\
        rule:
          all:
            - fact: employees
              op: ">="
              value: 10
            - fact: employees
              op: "=~"
              value: 1
        """)
    exc = refused(rule)
    assert (exc.line, exc.field, exc.path) == (7, "op", "rule.all[1]")


@pytest.mark.parametrize(
    "condition, line, field",
    [
        ('fact: nope\n      op: ">="\n      value: 1', 3, "fact"),
        ('op: ">="\n      value: 1\n      fact: nope', 5, "fact"),  # the fact's own line, not the first
        ('fact: employees\n      op: ">="\n      value: "十"', 5, "value"),
        ('fact: employees\n      op: between\n      value: [5, 1]', 5, "value"),
        ('fact: tags\n      op: "=="\n      value: x', 4, "op"),
        ('fact: employees\n      value: 1\n      op: "=~"', 5, "op"),
        ('fact: employees\n      op: ">="', 3, "value"),  # a missing key: the condition's first line
        ('fact: employees\n      op: ">="\n      value: 1\n      claus: x', 3, "claus"),
    ],
)
def test_each_kind_of_leaf_error_has_its_line(tmp_path, condition, line, field):
    rule = _yaml_rule(tmp_path, "rule:\n  all:\n    - " + condition + "\n")
    exc = refused(rule)
    assert (exc.line, exc.field) == (line, field)


def test_an_empty_list_and_too_deep_nesting_have_their_lines(tmp_path):
    rule = _yaml_rule(tmp_path, """\
        rule:
          all:
            - any: []
        """)
    exc = refused(rule)
    assert (exc.line, exc.path) == (3, "rule.all[0].any")
    deep = "rule:\n" + "".join("  " * (i + 1) + "not:\n" for i in range(MAX_DEPTH)) + \
        "  " * (MAX_DEPTH + 1) + "{fact: employees, op: '>=', value: 1}\n"
    exc = refused(_yaml_rule(tmp_path, deep))
    assert "嵌套超过" in exc.message and exc.line == MAX_DEPTH + 2


# --- what the clerk reads ------------------------------------------------------------


@pytest.mark.parametrize(
    "fact, op, value, text",
    [
        ("employees", ">=", 10, "从业人员 ≥ 10 人"),
        ("employees", "<", 10, "从业人员 < 10 人"),
        ("employees", "<=", 10, "从业人员 ≤ 10 人"),
        ("employees", ">", 10, "从业人员 > 10 人"),
        ("employees", "==", 10, "从业人员 = 10 人"),
        ("employees", "!=", 10, "从业人员 ≠ 10 人"),
        ("revenue", "<", 5000000, "营业收入 < 5,000,000.00 元"),
        ("layoff_rate", "<=", 5.5, "裁员率 ≤ 5.5%"),
        ("insured_months", ">=", 12, "参保月数 ≥ 12 月"),
        ("established", "<", "2020-01-01", "成立日期早于 2020-01-01"),
        ("established", "<=", "2020-01-01", "成立日期不晚于 2020-01-01"),
        ("established", ">", "2020-01-01", "成立日期晚于 2020-01-01"),
        ("established", ">=", "2020-01-01", "成立日期不早于 2020-01-01"),
        ("established", "==", "2020-01-01", "成立日期为 2020-01-01"),
        ("established", "!=", "2020-01-01", "成立日期不为 2020-01-01"),
        ("established", "between", ["2020-01-01", "2020-12-31"], "成立日期在 2020-01-01 至 2020-12-31 之间"),
        ("employees", "between", [10, 20], "从业人员在 10 人 至 20 人 之间"),
        ("dishonest", "==", True, "是失信主体"),
        ("dishonest", "==", False, "不是失信主体"),
        ("dishonest", "!=", True, "不是失信主体"),
        ("dishonest", "!=", False, "是失信主体"),
        ("tax_credit_rating", "in", ["A", "B"], "纳税信用等级为A、B之一"),
        ("tax_credit_rating", "in", ["A"], "纳税信用等级为A"),
        ("tax_credit_rating", "not_in", ["C", "D"], "纳税信用等级不为C、D"),
        ("size_class", "in", ["small", "micro"], "企业规模为小型、微型之一"),
        ("size_class", "==", "medium", "企业规模 = 中型"),
        ("region_code", "==", "371502", "所在县（市、区） = 371502"),
        ("tags", "has", "高新技术企业", "具有有效的「高新技术企业」资质"),
        ("certs", "has", "ISO9001", "具有有效的「ISO9001」"),
    ],
)
def test_describe(fact, op, value, text):
    node = leaf(fact, op, value)
    assert node.text == text
    assert describe(node.spec, node.op, node.value) == text


def test_the_authors_own_words_win():
    node = leaf("employees", ">=", 10, text="职工十人以上", clause="第三条")
    assert node.text == "职工十人以上" and node.clause == "第三条"
    assert describe_negated(node) == "不满足：职工十人以上"
    assert leaf("employees", ">=", 10, text="").text == "从业人员 ≥ 10 人"  # empty words: generated


@pytest.mark.parametrize(
    "fact, op, value, text",
    [
        ("employees", ">=", 10, "从业人员 < 10 人"),
        ("employees", "<", 10, "从业人员 ≥ 10 人"),
        ("employees", "<=", 10, "从业人员 > 10 人"),
        ("employees", ">", 10, "从业人员 ≤ 10 人"),
        ("employees", "==", 10, "从业人员 ≠ 10 人"),
        ("employees", "!=", 10, "从业人员 = 10 人"),
        ("established", "<", "2020-01-01", "成立日期不早于 2020-01-01"),
        ("dishonest", "==", True, "不是失信主体"),
        ("tax_credit_rating", "in", ["C", "D"], "纳税信用等级不为C、D"),
        ("tax_credit_rating", "not_in", ["C", "D"], "纳税信用等级为C、D之一"),
        ("tags", "has", "高新技术企业", "不具有有效的「高新技术企业」资质"),
        ("employees", "between", [10, 20], "不满足：从业人员在 10 人 至 20 人 之间"),
    ],
)
def test_describe_negated_says_it_positively_where_it_can(fact, op, value, text):
    assert describe_negated(leaf(fact, op, value)) == text


def test_a_clause_is_kept_as_text():
    assert leaf("employees", ">=", 10, clause=3).clause == "3"
    assert leaf("employees", ">=", 10).clause is None


# --- shared answers --------------------------------------------------------------------


def test_equal_conditions_share_one_answer_and_different_ones_do_not():
    a = leaf("employees", ">=", 10, clause="第一条")
    b = parse_rule({"all": [{"fact": "employees", "op": ">=", "value": 10, "clause": "第二条"}]}).children[0]
    c = leaf("employees", ">=", 11)
    d = leaf("employees", ">", 10)
    e = leaf("insured_employees", ">=", 10)
    assert a.key == b.key == ("employees", ">=", D("10"))
    assert a.answer_id == b.answer_id
    assert a.line_id != b.line_id  # different clauses: different lines of the 'why'
    assert a.line_id == leaf("employees", ">=", 10, clause="第一条").line_id
    assert len({a.answer_id, c.answer_id, d.answer_id, e.answer_id}) == 4
