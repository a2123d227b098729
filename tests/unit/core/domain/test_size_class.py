"""企业划型 (统计上大中小微型企业划分办法(2017)) and the reference data it relies on."""

from __future__ import annotations

import ast
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain import size_class
from kuaixiang_core.domain.size_class import (
    SIZE_CLASSES,
    THRESHOLDS,
    SizeResult,
    classify,
    industry_group,
    size_class_of_fen,
)
from kuaixiang_core.resources import reference_file

LARGE, MEDIUM, SMALL, MICRO = SIZE_CLASSES
CLASS_ORDER = (LARGE, MEDIUM, SMALL)

# The standard's table, written out again here on purpose (not read from the module), so a
# typo in the module's table fails a test.  Lower limits of (large, medium, small).
X, Y, Z = "employees", "revenue", "assets"
STANDARD = {
    "农、林、牧、渔业": ("A01", {Y: (20000, 500, 50)}),
    "工业": ("C13", {X: (1000, 300, 20), Y: (40000, 2000, 300)}),
    "建筑业": ("E47", {Y: (80000, 6000, 300), Z: (80000, 5000, 300)}),
    "批发业": ("F51", {X: (200, 20, 5), Y: (40000, 5000, 1000)}),
    "零售业": ("F52", {X: (300, 50, 10), Y: (20000, 500, 100)}),
    "交通运输业": ("G54", {X: (1000, 300, 20), Y: (30000, 3000, 200)}),
    "仓储业": ("G592", {X: (200, 100, 20), Y: (30000, 1000, 100)}),
    "邮政业": ("G60", {X: (1000, 300, 20), Y: (30000, 2000, 100)}),
    "住宿业": ("H61", {X: (300, 100, 10), Y: (10000, 2000, 100)}),
    "餐饮业": ("H62", {X: (300, 100, 10), Y: (10000, 2000, 100)}),
    "信息传输业": ("I63", {X: (2000, 100, 10), Y: (100000, 1000, 100)}),
    "软件和信息技术服务业": ("I65", {X: (300, 100, 10), Y: (10000, 1000, 50)}),
    "房地产开发经营": ("K7010", {Y: (200000, 1000, 100), Z: (10000, 5000, 2000)}),
    "物业管理": ("K702", {X: (1000, 300, 100), Y: (5000, 1000, 500)}),
    "租赁和商务服务业": ("L72", {X: (300, 100, 10), Z: (120000, 8000, 100)}),
    "其他未列明行业": ("M73", {X: (300, 100, 10)}),
}
GROUPS = sorted(STANDARD)
HUGE = {X: 10**7, Y: Decimal(10**9), Z: Decimal(10**9)}


def run(code: str, values: dict) -> SizeResult:
    return classify(code, values.get(X), values.get(Y), values.get(Z))


def at_level(indicators: dict, level: int) -> dict:
    """Every indicator exactly at the lower limit of class ``level`` (0 large .. 2 small)."""
    return {
        name: (limits[level] if name == X else Decimal(limits[level]))
        for name, limits in indicators.items()
    }


def just_below(name: str, limit: int):
    return limit - 1 if name == X else Decimal(limit) - Decimal("0.01")


# --- the table itself ------------------------------------------------------------------


def test_module_table_matches_the_standard():
    assert set(THRESHOLDS) == set(STANDARD)
    for group, (_code, indicators) in STANDARD.items():
        module = THRESHOLDS[group]
        assert set(module) == set(indicators), group
        for name, limits in indicators.items():
            assert tuple(module[name]) == limits, (group, name)


@pytest.mark.parametrize("group", GROUPS)
def test_representative_code_maps_to_group(group):
    code, _ = STANDARD[group]
    assert industry_group(code) == group


# --- boundaries for every group --------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("level", [0, 1, 2])
def test_exactly_at_lower_limits(group, level):
    code, indicators = STANDARD[group]
    result = run(code, at_level(indicators, level))
    assert result == SizeResult(CLASS_ORDER[level], group)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("level", [0, 1, 2])
def test_all_indicators_just_below_drop_one_class(group, level):
    code, indicators = STANDARD[group]
    values = {name: just_below(name, limits[level]) for name, limits in indicators.items()}
    assert run(code, values).size_class == SIZE_CLASSES[level + 1]


@pytest.mark.parametrize(
    "group,indicator,level",
    [
        (group, name, level)
        for group in GROUPS
        for name in STANDARD[group][1]
        for level in (0, 1, 2)
    ],
)
def test_one_indicator_failing_drops_a_class(group, indicator, level):
    """All other indicators at class ``level``; one just below it -> the next class down."""
    code, indicators = STANDARD[group]
    values = at_level(indicators, level)
    values[indicator] = just_below(indicator, indicators[indicator][level])
    assert run(code, values).size_class == SIZE_CLASSES[level + 1]


@pytest.mark.parametrize(
    "group,indicator", [(group, name) for group in GROUPS for name in STANDARD[group][1]]
)
def test_one_indicator_failing_while_others_are_huge(group, indicator):
    """The class is that of the weakest indicator, however strong the others are."""
    code, indicators = STANDARD[group]
    for level in (0, 1, 2):
        values = {name: HUGE[name] for name in indicators}
        values[indicator] = at_level(indicators, level)[indicator]
        assert run(code, values).size_class == CLASS_ORDER[level]


@pytest.mark.parametrize(
    "group,indicator", [(group, name) for group in GROUPS for name in STANDARD[group][1]]
)
def test_micro_by_one_indicator(group, indicator):
    code, indicators = STANDARD[group]
    small_limit = indicators[indicator][2]
    # Others huge: still micro.
    values = {name: HUGE[name] for name in indicators}
    values[indicator] = just_below(indicator, small_limit)
    assert run(code, values) == SizeResult(MICRO, group)
    # Others unknown: micro is determined anyway.
    assert run(code, {indicator: just_below(indicator, small_limit)}) == SizeResult(MICRO, group)
    # Zero is micro too.
    assert run(code, {indicator: 0 if indicator == X else Decimal(0)}).size_class == MICRO


@pytest.mark.parametrize(
    "group,indicator", [(group, name) for group in GROUPS for name in STANDARD[group][1]]
)
def test_unknown_indicator_gives_none(group, indicator):
    code, indicators = STANDARD[group]
    for level in (0, 1, 2):
        values = at_level(indicators, level)
        values[indicator] = None
        assert run(code, values) == SizeResult(None, group)


@pytest.mark.parametrize("group", GROUPS)
def test_all_unknown_gives_none(group):
    code, _ = STANDARD[group]
    assert classify(code, None, None, None) == SizeResult(None, group)


@pytest.mark.parametrize("group", GROUPS)
def test_indicators_the_group_does_not_use_are_ignored(group):
    code, indicators = STANDARD[group]
    values = at_level(indicators, 1)
    for name in (X, Y, Z):
        if name not in indicators:
            values[name] = 0 if name == X else Decimal(0)  # would be micro if it counted
    assert run(code, values).size_class == MEDIUM


def test_worked_examples():
    # NBS Q&A: 工业 large needs both Y >= 40000 and X >= 1000.
    assert classify("C", 1500, Decimal(39999), None).size_class == MEDIUM
    assert classify("C", 999, Decimal(50000), None).size_class == MEDIUM
    assert classify("C", 1000, Decimal(40000), None).size_class == LARGE
    assert classify("C", 25, Decimal(50000), None).size_class == SMALL
    assert classify("C", 19, None, None).size_class == MICRO
    assert classify("C", 20, None, None).size_class is None
    # 信息传输业: medium revenue reaches up to 100000 (not 10000).
    assert classify("64", 500, Decimal(50000), None).size_class == MEDIUM
    # 房地产开发经营: assets decide.
    assert classify("7010", None, Decimal(300000), Decimal(9999)).size_class == MEDIUM
    assert classify("7010", None, Decimal(300000), Decimal(1999)).size_class == MICRO


def test_money_accepts_int_and_fractional_decimal():
    assert classify("C13", 300, 2000, None).size_class == MEDIUM
    assert classify("C13", 300, Decimal("1999.99"), None).size_class == SMALL
    assert classify("C13", 300, Decimal("2000.00"), None).size_class == MEDIUM


# --- industries the standard does not cover --------------------------------------------


@pytest.mark.parametrize(
    "code,group",
    [
        ("J", "不适用：金融业"),
        ("66", "不适用：金融业"),
        ("J6621", "不适用：金融业"),
        ("69", "不适用：金融业"),
        ("P", "不适用：教育"),
        ("83", "不适用：教育"),
        ("84", "不适用：卫生"),
        ("Q8411", "不适用：卫生"),
        ("S", "不适用：公共管理、社会保障和社会组织"),
        ("91", "不适用：公共管理、社会保障和社会组织"),
        ("96", "不适用：公共管理、社会保障和社会组织"),
        ("53", "不适用：铁路运输业"),
        ("G5311", "不适用：铁路运输业"),
        ("T", "不适用：国际组织"),
        ("97", "不适用：国际组织"),
        ("704", "不适用：房地产租赁经营（自有房地产经营活动）"),
        ("7040", "不适用：房地产租赁经营（自有房地产经营活动）"),
    ],
)
def test_uncovered_industries(code, group):
    assert industry_group(code) == group
    result = classify(code, 5000, Decimal(10**6), Decimal(10**6))
    assert result == SizeResult(None, group)
    assert classify(code, 1, Decimal(1), Decimal(1)).size_class is None


# --- industry code forms ---------------------------------------------------------------


@pytest.mark.parametrize(
    "code,group",
    [
        # section letters that map to one group
        ("A", "农、林、牧、渔业"),
        ("B", "工业"),
        ("C", "工业"),
        ("D", "工业"),
        ("E", "建筑业"),
        ("L", "租赁和商务服务业"),
        ("M", "其他未列明行业"),
        ("N", "其他未列明行业"),
        ("O", "其他未列明行业"),
        ("R", "其他未列明行业"),
        # divisions, groups, classes; with and without the letter
        ("05", "农、林、牧、渔业"),
        ("06", "工业"),
        ("13", "工业"),
        ("C13", "工业"),
        ("131", "工业"),
        ("1310", "工业"),
        ("C1310", "工业"),
        ("43", "工业"),
        ("46", "工业"),
        ("50", "建筑业"),
        ("5121", "批发业"),
        ("F5211", "零售业"),
        ("58", "交通运输业"),
        ("591", "交通运输业"),
        ("5910", "交通运输业"),
        ("G591", "交通运输业"),
        ("592", "仓储业"),
        ("5941", "仓储业"),
        ("599", "仓储业"),
        ("G5990", "仓储业"),
        ("60", "邮政业"),
        ("61", "住宿业"),
        ("62", "餐饮业"),
        ("63", "信息传输业"),
        ("64", "信息传输业"),
        ("65", "软件和信息技术服务业"),
        ("I6510", "软件和信息技术服务业"),
        ("701", "房地产开发经营"),
        ("7010", "房地产开发经营"),
        ("K7010", "房地产开发经营"),
        ("702", "物业管理"),
        ("7020", "物业管理"),
        ("703", "其他未列明行业"),
        ("7030", "其他未列明行业"),
        ("709", "其他未列明行业"),
        ("71", "租赁和商务服务业"),
        ("72", "租赁和商务服务业"),
        ("75", "其他未列明行业"),
        ("79", "其他未列明行业"),
        ("82", "其他未列明行业"),
        ("85", "其他未列明行业"),
        ("Q85", "其他未列明行业"),
        ("90", "其他未列明行业"),
        # whitespace and case
        (" c13 ", "工业"),
        ("k7010", "房地产开发经营"),
    ],
)
def test_code_forms(code, group):
    assert industry_group(code) == group


@pytest.mark.parametrize(
    "code",
    [
        # too coarse: the section or division spans several groups
        "F", "G", "H", "I", "K", "Q", "59", "G59", "70", "K70",
        # not GB/T 4754-2017 codes
        "", "   ", "U", "Z", "1", "C1", "00", "98", "99", "0000", "12345", "CC13", "13C",
        "C 13", "C-13", "705", "7050", "590", "597",
        # letter that does not match the division
        "A13", "C51", "G65", "J70",
    ],
)
def test_unknown_or_ambiguous_codes(code):
    assert industry_group(code) is None
    assert classify(code, 10, Decimal(10), Decimal(10)) == SizeResult(None, None)


def test_none_industry():
    assert classify(None, 10, Decimal(10), Decimal(10)) == SizeResult(None, None)


def test_industry_group_rejects_non_strings():
    assert industry_group(13) is None  # type: ignore[arg-type]
    assert industry_group(None) is None  # type: ignore[arg-type]


# --- inputs ----------------------------------------------------------------------------


def test_float_money_is_refused():
    with pytest.raises(TypeError, match="revenue"):
        classify("C13", 10, 100.0, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="assets"):
        classify("E47", None, Decimal(1), 100.0)  # type: ignore[arg-type]


def test_bad_employees_are_refused():
    with pytest.raises(TypeError, match="employees"):
        classify("C13", 10.0, None, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="employees"):
        classify("C13", True, None, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="employees"):
        classify("C13", -1, None, None)


@pytest.mark.parametrize("bad", [Decimal("-0.01"), Decimal("NaN"), Decimal("Infinity"), -5])
def test_bad_money_is_refused(bad):
    with pytest.raises(ValueError, match="revenue"):
        classify("C13", 10, bad, None)


def test_inputs_are_checked_even_when_the_industry_is_unknown():
    with pytest.raises(TypeError):
        classify("ZZ", 10, 1.5, None)  # type: ignore[arg-type]


# --- the same rule in 分 (size_class_of_fen) ---------------------------------------------

FEN = 1_000_000  # 分 per 万元


def _wan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / FEN


def _edges(limits) -> list[int]:
    return sorted({v for limit in limits for v in (limit - 1, limit, limit + 1) if v >= 0})


@pytest.mark.parametrize("group", GROUPS)
def test_fen_rule_agrees_with_classify_at_every_edge(group):
    """Each limit, one below and one above (in persons and in 分), every mix of them and of
    unknown values: what classify says of the same amounts in 万元."""
    code, indicators = STANDARD[group]
    choices = {
        X: [None, 0, *_edges(indicators.get(X, (1000, 300, 20)))],
        Y: [None, 0, *_edges([limit * FEN for limit in indicators.get(Y, (40000, 2000, 300))])],
        Z: [None, 0, *_edges([limit * FEN for limit in indicators.get(Z, (80000, 5000, 300))])],
    }
    seen = set()
    for x in choices[X]:
        for y in choices[Y]:
            for z in choices[Z]:
                got = size_class_of_fen(code, x, y, z)
                assert got == classify(code, x, _wan(y), _wan(z)).size_class, (code, x, y, z)
                seen.add(got)
    assert {LARGE, MEDIUM, SMALL, MICRO, None} <= seen


@given(code=st.sampled_from([c for c, _ in STANDARD.values()] + ["J66", "704", "ZZ", "59", "C", "3451", "K"]),
       x=st.none() | st.integers(0, 10**6), y=st.none() | st.integers(0, 10**13), z=st.none() | st.integers(0, 10**13))
@settings(max_examples=500, deadline=None)
def test_fen_rule_agrees_with_classify(code, x, y, z):
    assert size_class_of_fen(code, x, y, z) == classify(code, x, _wan(y), _wan(z)).size_class


def test_fen_rule_refuses_what_classify_refuses():
    assert size_class_of_fen(None, 5, None, None) is None
    for bad in (10.0, True, "10", Decimal(10)):
        with pytest.raises(TypeError, match="employees"):
            size_class_of_fen("C13", bad, None, None)
        with pytest.raises(TypeError, match="revenue_fen"):
            size_class_of_fen("ZZ", None, bad, None)  # checked even when the industry is unknown
    with pytest.raises(ValueError, match="assets_fen"):
        size_class_of_fen("E47", None, None, -1)
    with pytest.raises(ValueError, match="employees"):
        size_class_of_fen("C13", -1, None, None)


# --- result ----------------------------------------------------------------------------


def test_to_json():
    assert classify("C13", 1000, Decimal(40000), None).to_json() == {
        "size_class": "large",
        "industry_group": "工业",
    }
    assert classify("66", 1, None, None).to_json() == {
        "size_class": None,
        "industry_group": "不适用：金融业",
    }
    assert classify("XX", 1, None, None).to_json() == {"size_class": None, "industry_group": None}
    json.dumps(classify("C13", 1, None, None).to_json())


def test_result_is_frozen():
    result = classify("C13", 1, None, None)
    with pytest.raises(AttributeError):
        result.size_class = "large"  # type: ignore[misc]


def test_module_imports_nothing_of_ours_nor_qt_nor_sql():
    tree = ast.parse(Path(size_class.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            imported.add((node.module or "").split(".")[0])
    # The table is law, not code: the module stays standard-library only.
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


# --- reference data --------------------------------------------------------------------


def _load(name: str) -> list[dict]:
    with open(reference_file(name), encoding="utf-8") as handle:
        data = json.load(handle)
    assert isinstance(data, list)
    return data


def test_regions_json():
    regions = _load("regions.json")
    codes = [row["code"] for row in regions]
    assert len(codes) == len(set(codes))
    by_code = {row["code"]: row for row in regions}
    for row in regions:
        assert {"code", "name", "level", "parent"} <= set(row)
        assert row["level"] in {"city", "county", "zone"}
        assert row["parent"] is None or row["parent"] in by_code

    assert by_code["371500"] == {"code": "371500", "name": "聊城市", "level": "city", "parent": None}
    current_counties = {
        row["code"]: row["name"]
        for row in regions
        if row["level"] == "county" and "abolished" not in row
    }
    assert current_counties == {
        "371502": "东昌府区",
        "371503": "茌平区",
        "371521": "阳谷县",
        "371522": "莘县",
        "371524": "东阿县",
        "371525": "冠县",
        "371526": "高唐县",
        "371581": "临清市",
    }
    assert all(by_code[code]["parent"] == "371500" for code in current_counties)

    old = by_code["371523"]
    assert (old["name"], old["level"], old["parent"]) == ("茌平县", "county", "371500")
    assert old["abolished"] == "2019-06-27"
    assert old["successor"] == "371503"

    zones = [row for row in regions if row["level"] == "zone"]
    assert {row["name"] for row in zones} == {
        "聊城经济技术开发区",
        "聊城高新技术产业开发区",
        "聊城江北水城旅游度假区",
    }
    for zone in zones:
        assert not zone["code"].isdigit(), "zone codes must not look like GB/T 2260 codes"
        assert zone["parent"] == "371500"
        assert zone["parent_district"] == "371502"
        assert zone["note"]
    development_zone = next(row for row in zones if row["name"] == "聊城经济技术开发区")
    for street in ("东城街道", "北城街道", "蒋官屯街道"):
        assert street in development_zone["note"]


def test_industries_json():
    industries = _load("industries.json")
    codes = [row["code"] for row in industries]
    assert len(codes) == len(set(codes))
    for row in industries:
        assert set(row) == {"code", "name", "level", "section"}
        assert row["level"] in {"section", "division", "group", "class"}
        assert row["name"]

    sections = {row["code"]: row["name"] for row in industries if row["level"] == "section"}
    divisions = {row["code"]: row for row in industries if row["level"] == "division"}
    assert list(sections) == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    assert len(sections) == 20
    assert len(divisions) == 97
    assert sorted(divisions) == [f"{n:02d}" for n in range(1, 98)]
    assert all(row["section"] == row["code"] for row in industries if row["level"] == "section")

    expected_names = {
        "01": "农业",
        "05": "农、林、牧、渔专业及辅助性活动",
        "11": "开采专业及辅助性活动",
        "13": "农副食品加工业",
        "25": "石油、煤炭及其他燃料加工业",
        "43": "金属制品、机械和设备修理业",
        "51": "批发业",
        "53": "铁路运输业",
        "58": "多式联运和运输代理业",
        "59": "装卸搬运和仓储业",
        "65": "软件和信息技术服务业",
        "70": "房地产业",
        "72": "商务服务业",
        "79": "土地管理业",
        "84": "卫生",
        "85": "社会工作",
        "87": "广播、电视、电影和录音制作业",
        "96": "基层群众自治组织及其他组织",
        "97": "国际组织",
    }
    for code, name in expected_names.items():
        assert divisions[code]["name"] == name
    assert sections["C"] == "制造业"
    assert sections["I"] == "信息传输、软件和信息技术服务业"
    assert sections["S"] == "公共管理、社会保障和社会组织"

    finer = {row["code"]: row for row in industries if row["level"] in {"group", "class"}}
    for code, name, level in [
        ("591", "装卸搬运", "group"),
        ("702", "物业管理", "group"),
        ("7010", "房地产开发经营", "class"),
        ("703", "房地产中介服务", "group"),
        ("709", "其他房地产业", "group"),
    ]:
        assert (finer[code]["name"], finer[code]["level"]) == (name, level)
    for row in finer.values():
        assert row["code"][:2] in divisions
        assert row["section"] == divisions[row["code"][:2]]["section"]


def test_industries_json_agrees_with_size_class_mapping():
    """Every code in the file resolves; letter+code gives the same group as the code alone."""
    industries = _load("industries.json")
    for row in industries:
        code, section = row["code"], row["section"]
        group = industry_group(code)
        if row["level"] == "section":
            continue
        assert industry_group(section + code) == group, code
        if code in {"59", "70"}:
            assert group is None  # split by 中类
        else:
            assert group is not None, code
            assert group in THRESHOLDS or group.startswith("不适用："), code
