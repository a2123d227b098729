"""Tests for kuaixiang_core.domain.codes (USCC and resident-ID checks)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import random
import string
from pathlib import Path

import pytest
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from kuaixiang_core.domain import codes
from kuaixiang_core.domain.codes import (
    CodeCheck,
    check_code,
    check_resident_id,
    check_uscc,
    extract_code,
    is_licence_link,
    make_uscc,
    mask_resident_id,
    normalize_text,
    uscc_is_individual,
    uscc_region_code,
)

# Published codes (company websites, university procurement notices, court documents).
# Each one is also checked against python-stdnum below, so a typo here fails loudly.
REAL_USCCS = [
    ("914403001922038216", "华为技术有限公司"),
    ("91440300708461136T", "腾讯科技(深圳)有限公司"),
    ("91110108551385082Q", "小米科技有限责任公司"),
    ("12100000425006117P", "复旦大学"),
    ("12100000470095016Q", "浙江大学"),
    ("51310110501144395U", "上海市杨浦区民政局登记的社会团体"),
    ("92350603MADUMPGH7P", "个体工商户（漳州市龙文区，裁判文书公开）"),
    ("92440300MAKHNTQ68D", "个体工商户（深圳市龙岗区，网站页脚公示）"),
]
REAL_CODES = [code for code, _ in REAL_USCCS]

# GB 11643-1999's own worked examples, and python-stdnum's documented example.
REAL_FORMAT_IDS = ["11010519491231002X", "440524188001010014", "360426199101010071"]

TODAY = dt.date(2025, 6, 1)
ALL_CHARS = string.digits + string.ascii_uppercase
FORBIDDEN = "IOZSV"


def make_id(first17: str) -> str:
    """Independent oracle for the GB 11643 check digit (ISO 7064 MOD 11-2)."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


SYNTHETIC_IDS = [
    make_id("37150219850315123"),  # 聊城市东昌府区
    make_id("37152119991231004"),
    make_id("44030520000229567"),  # leap day
    make_id("65010219700101888"),
]
ALL_IDS = REAL_FORMAT_IDS + SYNTHETIC_IDS


# --------------------------------------------------------------------------------------------
# Fixtures of the data itself
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid_per_stdnum(code: str) -> None:
    assert stdnum_uscc.is_valid(code)


@pytest.mark.parametrize("value", ALL_IDS)
def test_id_oracle_agrees_with_stdnum(value: str) -> None:
    assert stdnum_ric.calc_check_digit(value) == value[-1]


# --------------------------------------------------------------------------------------------
# USCC: valid codes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_uscc_accepted(code: str) -> None:
    for result in (check_uscc(code), check_code(code)):
        assert result == CodeCheck(True, "uscc", code, None, None)


@pytest.mark.parametrize("dept", list("12345678ANY"))
def test_every_registration_department_accepted(dept: str) -> None:
    code = make_uscc(dept + "1371500MA3C1234X")
    assert check_uscc(code).valid
    assert check_code(code).kind == "uscc"
    assert check_code(code).valid


def test_all_digit_uscc_is_not_mistaken_for_resident_id() -> None:
    # 914403001922038216 is all digits; it must come back as a valid USCC.
    result = check_code("914403001922038216")
    assert (result.valid, result.kind) == (True, "uscc")


# --------------------------------------------------------------------------------------------
# USCC: every single-character substitution and every transposition is rejected
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_every_single_substitution_rejected(code: str) -> None:
    tried = 0
    for pos in range(18):
        for ch in ALL_CHARS + "#中":
            if ch == code[pos]:
                continue
            bad = code[:pos] + ch + code[pos + 1 :]
            result = check_uscc(bad)
            assert not result.valid, bad
            assert result.normalized == bad
            assert result.kind == "uscc"
            assert result.error and result.error_code in {"character", "region", "check_character"}
            if ch in FORBIDDEN or ch in "#中":
                assert result.error_code == "character"
                assert f"第{pos + 1}位「{ch}」" in result.error
            elif pos == 17:
                assert result.error_code == "check_character"
                assert f"实际为「{ch}」" in result.error
                assert f"应为「{code[17]}」" in result.error
            elif pos >= 8:
                assert result.error_code == "check_character"
            auto = check_code(bad)
            assert not auto.valid, bad
            tried += 1
    assert tried == 18 * (len(ALL_CHARS) + 2 - 1)


@pytest.mark.parametrize("code", REAL_CODES)
def test_transpositions_rejected(code: str) -> None:
    tried = 0
    for gap in (1, 2):
        for i in range(18 - gap):
            j = i + gap
            if code[i] == code[j]:
                continue
            chars = list(code)
            chars[i], chars[j] = chars[j], chars[i]
            bad = "".join(chars)
            assert not check_uscc(bad).valid, bad
            assert not check_code(bad).valid, bad
            tried += 1
    assert tried > 10


# --------------------------------------------------------------------------------------------
# USCC: messages name the rule and the position
# --------------------------------------------------------------------------------------------


def test_length_message() -> None:
    result = check_uscc("91440300708461136")
    assert (result.valid, result.error_code, result.normalized) == (False, "length", None)
    assert "长度应为18位，实际为17位" in result.error
    assert "实际为19位" in check_uscc("91440300708461136TT").error


def test_forbidden_letter_message() -> None:
    result = check_uscc("9144I300708461136T")
    assert result.error_code == "character"
    assert "第5位「I」不是允许的字符（统一社会信用代码不使用 I、O、Z、S、V）" in result.error


def test_letter_o_hint() -> None:
    result = check_uscc("914403OO1922038216")
    assert "第7位「O」" in result.error
    assert "「0」" in result.error  # suggests the digit zero


def test_check_character_message() -> None:
    code = make_uscc("91371500MA3C1234X")
    wrong = "5" if code[-1] != "5" else "6"
    result = check_uscc(code[:17] + wrong)
    assert result.error_code == "check_character"
    assert f"校验位应为「{code[-1]}」，实际为「{wrong}」" in result.error


def test_registration_department_message() -> None:
    code = "0" + "1371500MA3C1234X"
    result = check_uscc(code + stdnum_uscc.calc_check_digit(code))
    assert result.error_code == "character"
    assert "第1位「0」" in result.error and "登记管理部门" in result.error


def test_region_must_be_digits() -> None:
    code = "9137A500MA3C1234X"
    result = check_uscc(code + stdnum_uscc.calc_check_digit(code))
    assert result.error_code == "region"
    assert "第5位「A」" in result.error and "行政区划" in result.error


def test_fifteen_digit_registration_number_explained() -> None:
    result = check_uscc("330108000014576")
    assert result.error_code == "length"
    assert "实际为15位" in result.error and "注册号" in result.error


# --------------------------------------------------------------------------------------------
# Messy input
# --------------------------------------------------------------------------------------------

MESSY = [
    ("91440300708461136t", "91440300708461136T"),
    ("  9144 0300 7084 6113 6T  ", "91440300708461136T"),
    ("9144-0300-7084-6113-6T", "91440300708461136T"),
    ("9144_0300.7084·6113 6T", "91440300708461136T"),
    ("９１４４０３００７０８４６１１３６Ｔ", "91440300708461136T"),
    ("９１４４　０３００－７０８４６１１３６ｔ", "91440300708461136T"),
    ("9144\u200b0300708461136T\ufeff", "91440300708461136T"),
    ("统一社会信用代码：91440300708461136T 名称：腾讯科技(深圳)有限公司", "91440300708461136T"),
    ("统一社会信用代码:9144 0300 7084 6113 6T\n法定代表人:某某", "91440300708461136T"),
    ("https://example.gov.cn/check?uscc=91440300708461136T&from=qr", "91440300708461136T"),
    ("https://example.gov.cn/check?uscc=91440300708461136t", "91440300708461136T"),
    ("https%3A%2F%2Fexample.gov.cn%2Fq%3Fuscc%3D914403001922038216", "914403001922038216"),
    ('{"name": "复旦大学", "credit_code": "12100000425006117P"}', "12100000425006117P"),
    ("http://www.gsxt.gov.cn/corp?uniscid=92350603MADUMPGH7P", "92350603MADUMPGH7P"),
    ("经营者身份证 11010519491231002x 已核验", "11010519491231002X"),
    ("统一社会信用代码：９１４４０３００７０８４６１１３６Ｔ（腾讯）", "91440300708461136T"),
    ("ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ／？ｕｓｃｃ＝９１４４０３００７０８４６１１３６ｔ", "91440300708461136T"),
]


@pytest.mark.parametrize(("text", "expected"), MESSY)
def test_messy_input_is_normalised_and_accepted(text: str, expected: str) -> None:
    result = check_code(text, today=TODAY)
    assert result.valid, result
    assert result.normalized == expected


@pytest.mark.parametrize(("text", "expected"), MESSY[:7])
def test_check_uscc_accepts_messy_input(text: str, expected: str) -> None:
    assert check_uscc(text) == CodeCheck(True, "uscc", expected, None, None)


def test_embedded_invalid_code_is_extracted_and_reported() -> None:
    result = check_code("统一社会信用代码：91440300708461136X 名称：某公司")
    assert (result.valid, result.kind, result.normalized) == (
        False,
        "uscc",
        "91440300708461136X",
    )
    assert result.error_code == "check_character"


def test_embedded_short_code_reports_length() -> None:
    result = check_code("统一社会信用代码：91440300708461136 名称：某公司")
    assert (result.valid, result.error_code) == (False, "length")
    assert "实际为17位" in result.error


def test_extract_code_prefers_a_valid_code() -> None:
    # The order number is 18 characters with digits where a region code would be, so it is
    # code-shaped; the valid credit code after it must still win.
    text = "订单号 20240501123456789A; 信用代码 91110108551385082Q"
    assert extract_code(text) == "91110108551385082Q"
    assert check_code(text).normalized == "91110108551385082Q"
    assert extract_code("订单号 20240501123456789A") == "20240501123456789A"


def test_extract_code_closes_up_separators() -> None:
    assert extract_code("代码: 9144 0300 7084 6113 6T 名称") == "91440300708461136T"
    assert extract_code("uscc=9144-0300-7084-6113-6T&x=1") == "91440300708461136T"


def test_extract_code_returns_none_without_a_code() -> None:
    assert extract_code("华为技术有限公司 深圳市龙岗区") is None
    assert extract_code("") is None


def test_normalize_text() -> None:
    assert normalize_text("９１ａｂ－ｃ　ｄ.e_f\u200b") == "91ABCDEF"
    assert normalize_text("") == ""


def test_empty_and_not_a_code() -> None:
    assert check_code("").error_code == "empty"
    assert check_code("  \u3000 ").error_code == "empty"
    result = check_code("华为技术有限公司")
    assert (result.valid, result.kind, result.normalized, result.error_code) == (
        False,
        None,
        None,
        "not_a_code",
    )
    assert result.error


# --------------------------------------------------------------------------------------------
# Licence links (国家企业信用信息公示系统)
# --------------------------------------------------------------------------------------------

LICENCE_LINKS = [
    "https://www.gsxt.gov.cn/%7B8A1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E%7D",
    "http://www.gsxt.gov.cn/{1BFC0F2D-9C1E-4B3A-8E77-0F6B9B2C1D3E}",
    "https://zzlz.gsxt.gov.cn/businessCheck/verifKey.do?showType=p&serial=Q2hhbmdlTWU",
    "http://www.gsxt.gov.cn/index.html?uniscid=",
    "www.gsxt.gov.cn/index.html",
    "  HTTPS://WWW.GSXT.GOV.CN/abc  ",
    "https://gsxt.saic.gov.cn/",
    "ｈｔｔｐｓ：／／ｗｗｗ．ｇｓｘｔ．ｇｏｖ．ｃｎ／％７Ｂａｂｃ％７Ｄ",
]


@pytest.mark.parametrize("link", LICENCE_LINKS)
def test_licence_links_recognised(link: str) -> None:
    assert is_licence_link(link)
    result = check_code(link)
    assert (result.valid, result.kind, result.normalized, result.error_code) == (
        False,
        None,
        None,
        "licence_link",
    )
    assert "国家企业信用信息公示系统" in result.error
    assert "18位统一社会信用代码" in result.error
    assert "企业名称" in result.error
    assert check_uscc(link).error_code == "licence_link"


@pytest.mark.parametrize(
    "text",
    [
        "https://www.gsxt.gov.cn.example.com/%7Babc%7D",
        "https://notgsxt.gov.cn/",
        "https://example.com/?next=www.gsxt.gov.cn",
        "ftp://www.gsxt.gov.cn/",
        "914403001922038216",
        "",
    ],
)
def test_not_licence_links(text: str) -> None:
    assert not is_licence_link(text)


def test_gsxt_link_carrying_a_code_is_not_opaque() -> None:
    link = "http://www.gsxt.gov.cn/corp?uniscid=92350603MADUMPGH7P"
    assert not is_licence_link(link)
    assert check_code(link).valid


# --------------------------------------------------------------------------------------------
# Resident IDs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL_IDS)
def test_resident_ids_accepted(value: str) -> None:
    expected = CodeCheck(True, "resident_id", value, None, None)
    assert check_resident_id(value, today=TODAY) == expected
    assert check_code(value, today=TODAY) == expected
    assert check_resident_id(value.lower(), today=TODAY) == expected


def test_id_that_also_satisfies_uscc_arithmetic_is_reported_as_resident_id() -> None:
    # 1 1 is a real USCC department/category pair (机构编制/机关), and this ID happens to pass
    # the GB 32100 check too; a valid resident ID must win.
    value = make_id("11010519850315039")
    assert stdnum_uscc.is_valid(value)
    assert check_code(value, today=TODAY) == CodeCheck(True, "resident_id", value, None, None)


def test_lower_case_x_and_spacing() -> None:
    result = check_code("110105 19491231 002x")
    assert (result.valid, result.normalized) == (True, "11010519491231002X")


@pytest.mark.parametrize("value", ALL_IDS)
def test_resident_id_every_substitution_rejected(value: str) -> None:
    for pos in range(18):
        for ch in string.digits + "XA":
            if ch == value[pos]:
                continue
            bad = value[:pos] + ch + value[pos + 1 :]
            result = check_resident_id(bad, today=TODAY)
            assert not result.valid, bad
            assert result.error_code in {"character", "region", "birth_date", "check_character"}
            auto = check_code(bad, today=TODAY)
            assert not (auto.valid and auto.kind == "resident_id"), bad


@pytest.mark.parametrize("value", ALL_IDS)
def test_resident_id_transpositions_rejected(value: str) -> None:
    for i in range(17):
        if value[i] == value[i + 1]:
            continue
        bad = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
        assert not check_resident_id(bad, today=TODAY).valid, bad


def test_mistyped_id_never_passes_auto_detect_when_prefix_is_no_uscc_category() -> None:
    # "37" is 司法行政 + an undefined category, so a mistyped 山东 ID must not be accepted as a
    # USCC even when it happens to satisfy the USCC check-character arithmetic.
    value = SYNTHETIC_IDS[0]
    for pos in range(17):
        for ch in string.digits:
            bad = value[:pos] + ch + value[pos + 1 :]
            if bad != value and bad[:2] == "37":
                assert not check_code(bad, today=TODAY).valid, bad


@pytest.mark.parametrize(
    ("first17", "fragment"),
    [
        ("11010519490230002", "「19490230」不是有效日期"),
        ("11010519491301002", "「19491301」不是有效日期"),
        ("11010520010229002", "「20010229」不是有效日期"),  # not a leap year
        ("11010520300101002", "晚于今天"),
    ],
)
def test_bad_birth_dates(first17: str, fragment: str) -> None:
    value = make_id(first17)  # correct check digit, so the date is what fails
    for result in (check_resident_id(value, today=TODAY), check_code(value, today=TODAY)):
        assert (result.valid, result.kind, result.error_code) == (
            False,
            "resident_id",
            "birth_date",
        )
        assert fragment in result.error
        assert "第7–14位" in result.error


def test_birth_date_today_is_fine_tomorrow_is_not() -> None:
    born_today = make_id("370102" + TODAY.strftime("%Y%m%d") + "123")
    assert check_resident_id(born_today, today=TODAY).valid
    assert not check_resident_id(born_today, today=TODAY - dt.timedelta(days=1)).valid


@pytest.mark.parametrize("value", ALL_IDS)
def test_every_wrong_check_digit_rejected(value: str) -> None:
    for ch in string.digits + "X":
        if ch == value[-1]:
            continue
        result = check_resident_id(value[:17] + ch, today=TODAY)
        assert result.error_code == "check_character"
        assert f"校验位应为「{value[-1]}」，实际为「{ch}」" in result.error


def test_fifteen_digit_old_id_refused() -> None:
    for result in (check_resident_id("110105491231002"), check_code("110105491231002")):
        assert (result.valid, result.kind, result.error_code) == (False, "resident_id", "length")
        assert "15位旧身份证号不受理" in result.error
        assert "18位" in result.error


def test_resident_id_bad_region_and_characters() -> None:
    result = check_resident_id(make_id("99010519491231002"), today=TODAY)
    assert (result.error_code, "第1–2位「99」" in result.error) == ("region", True)
    result = check_resident_id("1101051949123100A2", today=TODAY)
    assert result.error_code == "character" and "第17位「A」" in result.error
    result = check_resident_id("11010519491231002Y", today=TODAY)
    assert result.error_code == "character" and "第18位「Y」" in result.error
    result = check_resident_id("1101051949123100", today=TODAY)
    assert result.error_code == "length" and "实际为16位" in result.error


def test_mask_resident_id() -> None:
    assert mask_resident_id("11010519491231002x") == "1101**********002X"
    assert mask_resident_id("3701 0219 8503 15123X") == "3701**********123X"
    assert mask_resident_id("1234") == "****"
    assert mask_resident_id("") == ""


# --------------------------------------------------------------------------------------------
# Helpers: make_uscc, region, individual
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_make_uscc_reproduces_real_codes(code: str) -> None:
    assert make_uscc(code[:17]) == code
    assert make_uscc(code[:17].lower()) == code


def test_make_uscc_round_trips_random_bodies() -> None:
    rng = random.Random(20240501)
    alphabet = codes.USCC_ALPHABET
    for _ in range(500):
        first17 = (
            rng.choice("123456789ANY")
            + rng.choice("123459")
            + "".join(rng.choice(string.digits) for _ in range(6))
            + "".join(rng.choice(alphabet) for _ in range(9))
        )
        code = make_uscc(first17)
        assert len(code) == 18 and code[:17] == first17
        assert stdnum_uscc.calc_check_digit(first17) == code[17]
        assert check_uscc(code).valid
        assert check_code(code).valid


@pytest.mark.parametrize(
    "bad",
    ["9137150MA3C1234X", "91371500MA3C1234XY", "91371500MA3C1234I", "01371500MA3C1234X",
     "9137A500MA3C1234X", ""],
)
def test_make_uscc_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        make_uscc(bad)


def test_uscc_region_code() -> None:
    assert uscc_region_code("91440300708461136T") == "440300"
    assert uscc_region_code(" 9244 0300 MAKHNTQ68D") == "440300"
    assert uscc_region_code("12100000425006117P") == "100000"
    with pytest.raises(ValueError):
        uscc_region_code("9144030070846113")


def test_uscc_is_individual() -> None:
    assert uscc_is_individual("92350603MADUMPGH7P")
    assert uscc_is_individual("92440300makhntq68d")
    assert not uscc_is_individual("914403001922038216")
    assert not uscc_is_individual("92")


# --------------------------------------------------------------------------------------------
# JSON contract (DESIGN §7) and module purity
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["914403001922038216", "914403001922038217", "https://www.gsxt.gov.cn/%7Bx%7D", "", "abc",
     "11010519491231002X"],
)
def test_to_json_has_exactly_four_keys(text: str) -> None:
    result = check_code(text)
    payload = result.to_json()
    assert list(payload) == ["valid", "kind", "normalized", "error"]
    assert payload == {
        "valid": result.valid,
        "kind": result.kind,
        "normalized": result.normalized,
        "error": result.error,
    }
    assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
    assert (payload["error"] is None) == payload["valid"]


def test_code_check_is_frozen() -> None:
    result = check_code("914403001922038216")
    with pytest.raises(AttributeError):
        result.valid = False  # type: ignore[misc]


def test_module_imports_nothing_from_the_app_nor_qt_nor_sql() -> None:
    source = Path(codes.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module is None:  # the domain's one clock, for "today"
                assert [alias.name for alias in node.names] == ["clock"], "only the clock, of the domain"
                continue
            assert node.level == 0, "no relative imports but the clock"
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "datetime", "re", "unicodedata", "dataclasses", "urllib",
                        "stdnum"}, imported
