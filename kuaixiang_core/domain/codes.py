"""统一社会信用代码 (USCC, GB 32100-2015) and 居民身份证号码 (GB 11643-1999) checks.

Pure Python: no Qt, no SQL, nothing from the rest of the package.  The check-character
arithmetic comes from python-stdnum (``stdnum.cn.uscc`` and ``stdnum.cn.ric``); this module
adds what a service window needs around it:

* normalisation of what a clerk types or a scanner sends (full-width characters, lower case,
  spaces, dashes, zero-width characters);
* extraction of a code from a longer scanner string (labelled text, URL query, JSON);
* recognition of the opaque 国家企业信用信息公示系统 links printed as QR codes on licences;
* one Chinese message per rejection that says which rule failed and at which position.

Every function is total on ``str`` input: bad input gives an invalid :class:`CodeCheck`, never an
exception (except :func:`make_uscc` and :func:`uscc_region_code`, documented to raise
``ValueError``).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc

from . import clock

__all__ = [
    "CodeCheck",
    "USCC_ALPHABET",
    "USCC_REGISTRATION_DEPARTMENTS",
    "check_code",
    "check_resident_id",
    "check_uscc",
    "extract_code",
    "is_licence_link",
    "make_uscc",
    "mask_resident_id",
    "normalize_text",
    "uscc_is_individual",
    "uscc_region_code",
]

KIND_USCC = "uscc"
KIND_RESIDENT_ID = "resident_id"

#: The 31 characters a USCC may contain: digits and upper-case letters except I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

_FORBIDDEN_LETTERS = "IOZSV"
_LOOKALIKE = {"I": "1", "O": "0", "Z": "2", "S": "5"}

#: 登记管理部门代码 (position 1) with, per the standard's table, the 机构类别代码 (position 2)
#: each department uses.  Only position 1 is enforced by :func:`check_uscc`; the category table
#: is used to tell an all-digit USCC from a resident ID when the input could be either.
USCC_REGISTRATION_DEPARTMENTS: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "123459"),
    "4": ("文化", "19"),
    "5": ("民政", "1239"),
    "6": ("旅游", "129"),
    "7": ("宗教", "129"),
    "8": ("工会", "19"),
    "9": ("工商", "123"),
    "A": ("中央军委改革和编制办公室", "19"),
    "N": ("农业", "1239"),
    "Y": ("其他", "1"),
}
_DEPARTMENT_LIST = "1–9、A、N、Y"

#: GB/T 2260 province-level codes that open an 18-digit resident ID (81/82/83: 港澳台居民居住证).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_EARLIEST_BIRTH_YEAR = 1850

# What normalize_text strips: whitespace is handled by str.isspace(); the rest explicitly.
_DASHES = "-‐‑‒–—―−﹘"
_DOTS = ".·・。"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_STRIP_CHARS = frozenset(_DASHES + _DOTS + "_" + _ZERO_WIDTH)
_SEPARATOR_CLASS = "[" + re.escape(_DASHES + _DOTS + "_") + r"\s]+"

_ALNUM_RE = re.compile(r"[0-9A-Z]+")
_LOOSE_CODE_RE = re.compile(r"[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}")

_LICENCE_HOSTS = ("gsxt.gov.cn", "gsxt.saic.gov.cn")


# --------------------------------------------------------------------------------------------
# Result type
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking one input.

    ``normalized`` is the canonical 18-character form (upper case) whenever an 18-character
    candidate could be read from the input, even when that candidate is invalid; it is ``None``
    when the input has the wrong length or nothing code-like in it.
    """

    valid: bool
    kind: str | None
    normalized: str | None
    error: str | None = None
    error_code: str | None = None

    def to_json(self) -> dict:
        """The ``kuaixiang code check --json`` object (DESIGN §7): exactly four keys."""
        return {
            "valid": self.valid,
            "kind": self.kind,
            "normalized": self.normalized,
            "error": self.error,
        }


def _ok(kind: str, code: str) -> CodeCheck:
    return CodeCheck(True, kind, code, None, None)


def _bad(kind: str | None, normalized: str | None, error_code: str, error: str) -> CodeCheck:
    return CodeCheck(False, kind, normalized, error, error_code)


# --------------------------------------------------------------------------------------------
# Normalisation and extraction
# --------------------------------------------------------------------------------------------


def _nfkc(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in _ZERO_WIDTH)


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), drop spaces, dashes, underscores, dots and zero-width
    characters, upper-case.  ``"９１３７ １５００-ma3c…"`` → ``"91371500MA3C…"``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _STRIP_CHARS).upper()


def _is_clean(s: str) -> bool:
    return bool(_ALNUM_RE.fullmatch(s))


def _prepare_blob(text: str) -> str:
    """NFKC, percent-decoding (a code may sit in an encoded URL or JSON), upper case."""
    blob = _nfkc(text)
    for _ in range(2):  # double-encoded query strings are common in QR payloads
        if not re.search(r"%[0-9A-Fa-f]{2}", blob):
            break
        blob = unquote(blob)
    return blob.upper()


def _candidate_runs(blob: str) -> list[str]:
    """18-character alphanumeric runs, first as written, then with separators closed up."""
    runs = [m.group() for m in _ALNUM_RE.finditer(blob) if len(m.group()) == 18]
    joined = re.sub(r"(?<=[0-9A-Z])" + _SEPARATOR_CLASS + r"(?=[0-9A-Z])", "", blob)
    if joined != blob:
        runs += [m.group() for m in _ALNUM_RE.finditer(joined) if len(m.group()) == 18]
    return runs


def _extract(text: str, kind: str | None = None) -> str | None:
    blob = _prepare_blob(text)
    runs = _candidate_runs(blob)
    checks = {
        KIND_USCC: _uscc_valid,
        KIND_RESIDENT_ID: _resident_valid,
    }
    wanted = [kind] if kind else [KIND_USCC, KIND_RESIDENT_ID]
    for run in runs:  # a valid code wins, in reading order
        if any(checks[k](run) for k in wanted):
            return run
    for run in runs:  # else the first thing shaped like one, so it can be reported
        if _LOOSE_CODE_RE.fullmatch(run):
            return run
    return None


def extract_code(text: str) -> str | None:
    """Pull an 18-character USCC or resident ID out of a longer scanner string.

    Handles labelled text (``"统一社会信用代码：91371500MA3C1234X5 名称…"``), URL queries
    (``…?uscc=91…``, percent-encoded or not) and JSON.  A valid code is preferred; failing
    that the first run shaped like a code (2 chars, 6 digits, 10 chars) is returned so that
    it can be reported as invalid.  Returns the upper-case code, or ``None``.
    """
    if not text:
        return None
    return _extract(text)


def is_licence_link(text: str) -> bool:
    """True for an opaque 国家企业信用信息公示系统 link (gsxt.gov.cn and its subdomains),
    i.e. the licence QR code's URL when it carries no readable credit code."""
    if not text:
        return False
    t = _nfkc(text).strip()
    if not t or any(ch.isspace() for ch in t):
        return False
    if "://" not in t:
        t = "http://" + t
    try:
        parts = urlsplit(t)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https"):
        return False
    if not any(host == h or host.endswith("." + h) for h in _LICENCE_HOSTS):
        return False
    return _extract(text) is None


# --------------------------------------------------------------------------------------------
# USCC
# --------------------------------------------------------------------------------------------


def _uscc_character_error(s: str) -> tuple[str, str] | None:
    """(error_code, message) for the first structural fault in a string of any length,
    or None.  Does not look at length or the check character."""
    for i, ch in enumerate(s, start=1):
        if ch in USCC_ALPHABET:
            continue
        if ch in _FORBIDDEN_LETTERS:
            msg = f"第{i}位「{ch}」不是允许的字符（统一社会信用代码不使用 I、O、Z、S、V）"
            if ch in _LOOKALIKE:
                msg += f"，是否应为数字「{_LOOKALIKE[ch]}」？"
        else:
            msg = f"第{i}位「{ch}」不是允许的字符（统一社会信用代码只由数字和大写字母组成）"
        return "character", msg
    if s and s[0] not in USCC_REGISTRATION_DEPARTMENTS:
        return "character", (
            f"第1位「{s[0]}」不是登记管理部门代码（应为{_DEPARTMENT_LIST}之一，"
            "企业和个体工商户为 9）"
        )
    for i in range(2, min(len(s), 8)):
        if not s[i].isdigit():
            return "region", (
                f"第{i + 1}位「{s[i]}」不是数字（第3–8位是登记管理机关行政区划码，应全为数字）"
            )
    return None


def _uscc_valid(s: str) -> bool:
    return (
        len(s) == 18
        and _uscc_character_error(s) is None
        and _uscc.calc_check_digit(s[:17]) == s[17]
    )


def _check_uscc_normalized(s: str) -> CodeCheck:
    if not s:
        return _bad(KIND_USCC, None, "empty", "未输入统一社会信用代码")
    if len(s) != 18:
        msg = f"统一社会信用代码长度应为18位，实际为{len(s)}位"
        if len(s) == 15 and s.isdigit():
            msg += "（15位数字可能是旧的工商注册号，请使用新版营业执照上的18位统一社会信用代码）"
        return _bad(KIND_USCC, None, "length", msg)
    fault = _uscc_character_error(s)
    if fault is not None:
        return _bad(KIND_USCC, s, fault[0], fault[1])
    expected = _uscc.calc_check_digit(s[:17])
    if s[17] != expected:
        return _bad(
            KIND_USCC,
            s,
            "check_character",
            f"第18位校验位应为「{expected}」，实际为「{s[17]}」"
            "：代码中有字符抄错或相邻两位颠倒，请逐位核对",
        )
    return _ok(KIND_USCC, s)


_USCC_VALUE = {c: n for n, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Byte → its value in the alphabet, 255 for a byte not in it: a code's values in one
# bytes.translate (C), half the time of a lookup per character.
_USCC_BYTES = bytes(_USCC_VALUE.get(chr(b), 255) for b in range(256))


def is_clean_uscc(code: str) -> bool:
    """True when ``code`` is a valid 统一社会信用代码 written exactly as ``check_uscc`` would
    normalise it (no spaces, upper case): the quick test for a page of codes from the
    server. False says nothing more: ``check_uscc`` then says what is wrong, or that a
    messier spelling is fine."""
    if (len(code) != 18 or not code.isascii() or code[0] not in USCC_REGISTRATION_DEPARTMENTS
            or not code[2:8].isdigit()):
        return False
    digits = code.encode("ascii").translate(_USCC_BYTES)
    if 255 in digits:
        return False
    total = sum(map(int.__mul__, digits, _USCC_WEIGHTS))  # the first 17 (the weights stop there)
    return (31 - total % 31) % 31 == digits[17]


def check_uscc(text: str) -> CodeCheck:
    """Check a 统一社会信用代码 (GB 32100-2015).  Messy input is normalised; a code inside a
    longer string (labelled text, URL, JSON) is extracted and checked."""
    s = normalize_text(text)
    if s and not _is_clean(s):
        found = _extract(text, KIND_USCC)
        if found is not None:
            return _check_uscc_normalized(found)
        if is_licence_link(text):
            return _licence_link_result()
    return _check_uscc_normalized(s)


def uscc_region_code(code: str) -> str:
    """The 6-digit GB/T 2260 登记管理机关行政区划码 inside a USCC (positions 3–8).

    Raises ``ValueError`` when *code* is not 18 characters or those positions are not digits."""
    s = normalize_text(code)
    if len(s) != 18:
        raise ValueError(f"统一社会信用代码长度应为18位，实际为{len(s)}位")
    region = s[2:8]
    if not region.isdigit():
        raise ValueError(f"第3–8位「{region}」不是6位数字的行政区划码")
    return region


def uscc_is_individual(code: str) -> bool:
    """个体工商户: a USCC whose first two characters are 9 (工商) and 2 (个体工商户)."""
    s = normalize_text(code)
    return len(s) == 18 and s.startswith("92")


def make_uscc(first17: str) -> str:
    """Append the GB 32100 check character to 17 characters (for demo data).

    Raises ``ValueError`` (with a Chinese message) if *first17* is not 17 characters or breaks
    the structure rules (alphabet, registration department, digit region code)."""
    if not isinstance(first17, str):
        raise ValueError("应为17位字符串")
    s = normalize_text(first17)
    if len(s) != 17:
        raise ValueError(f"生成统一社会信用代码需要前17位，实际为{len(s)}位")
    fault = _uscc_character_error(s)
    if fault is not None:
        raise ValueError(fault[1])
    return s + _uscc.calc_check_digit(s)


# --------------------------------------------------------------------------------------------
# Resident ID
# --------------------------------------------------------------------------------------------


def _parse_birth(s: str) -> _dt.date | None:
    try:
        return _dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None


def _resident_fault(s: str, today: _dt.date) -> tuple[str, str] | None:
    """(error_code, message) for an 18-character string, or None when it is a valid ID."""
    for i, ch in enumerate(s[:17], start=1):
        if not ch.isdigit():
            return "character", f"第{i}位「{ch}」不是数字（身份证号前17位应为数字）"
    if not (s[17].isdigit() or s[17] == "X"):
        return "character", f"第18位「{s[17]}」不是允许的字符（身份证号最后一位应为数字或 X）"
    if s[:2] not in _PROVINCES:
        return "region", (
            f"第1–2位「{s[:2]}」不是有效的省级行政区划代码（第1–6位应为户籍所在地的行政区划码）"
        )
    raw = s[6:14]
    born = _parse_birth(s)
    shown = f"{raw[:4]}年{raw[4:6]}月{raw[6:]}日"
    if born is None:
        return "birth_date", f"第7–14位出生日期「{raw}」不是有效日期（{shown}不存在）"
    if born > today:
        return "birth_date", f"第7–14位出生日期「{raw}」晚于今天（{today.isoformat()}）"
    if born.year < _EARLIEST_BIRTH_YEAR:
        return "birth_date", f"第7–14位出生日期「{raw}」不合理（早于{_EARLIEST_BIRTH_YEAR}年）"
    expected = _ric.calc_check_digit(s)
    if s[17] != expected:
        return "check_character", (
            f"第18位校验位应为「{expected}」，实际为「{s[17]}」"
            "：号码中有数字抄错或相邻两位颠倒，请逐位核对"
        )
    return None


def _resident_valid(s: str, today: _dt.date | None = None) -> bool:
    return len(s) == 18 and _resident_fault(s, today or clock.today()) is None


def _looks_like_old_id(s: str) -> bool:
    if len(s) != 15 or not s.isdigit() or s[:2] not in _PROVINCES:
        return False
    try:
        _dt.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return True


def _looks_like_resident(s: str) -> bool:
    """Digits with a province prefix and a plausible birth year (1850–2099) at positions
    7–10.  Month and day are not looked at, so that a mistyped birth date is still reported
    as a resident-ID problem rather than as a USCC one."""
    if len(s) < 14 or not s[:14].isdigit() or s[:2] not in _PROVINCES:
        return False
    if len(s) == 18 and not (s[14:17].isdigit() and (s[17].isdigit() or s[17] == "X")):
        return False
    return _EARLIEST_BIRTH_YEAR <= int(s[6:10]) <= 2099


def _check_resident_normalized(s: str, today: _dt.date) -> CodeCheck:
    if not s:
        return _bad(KIND_RESIDENT_ID, None, "empty", "未输入身份证号")
    if len(s) == 15 and s.isdigit():
        return _bad(
            KIND_RESIDENT_ID, None, "length", "15位旧身份证号不受理，请使用18位身份证号"
        )
    if len(s) != 18:
        return _bad(KIND_RESIDENT_ID, None, "length", f"身份证号长度应为18位，实际为{len(s)}位")
    fault = _resident_fault(s, today)
    if fault is not None:
        return _bad(KIND_RESIDENT_ID, s, fault[0], fault[1])
    return _ok(KIND_RESIDENT_ID, s)


def check_resident_id(text: str, *, today: _dt.date | None = None) -> CodeCheck:
    """Check an 18-digit 居民身份证号码 (GB 11643-1999): province code, birth date (real, not in
    the future), check digit (``x`` is accepted as ``X``).  15-digit IDs are refused."""
    today = today or clock.today()
    s = normalize_text(text)
    if s and not _is_clean(s):
        found = _extract(text, KIND_RESIDENT_ID)
        if found is not None:
            return _check_resident_normalized(found, today)
    return _check_resident_normalized(s, today)


def mask_resident_id(value: str) -> str:
    """``370102199001011234`` → ``3701**********1234``: first 4 and last 4 kept."""
    s = normalize_text(value)
    if len(s) <= 8:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


# --------------------------------------------------------------------------------------------
# Auto-detection
# --------------------------------------------------------------------------------------------


def _licence_link_result() -> CodeCheck:
    return _bad(
        None,
        None,
        "licence_link",
        "这是国家企业信用信息公示系统的链接（营业执照上的二维码），其中不含统一社会信用代码："
        "请输入营业执照上印的18位统一社会信用代码，或输入企业名称查找",
    )


def _uscc_category_known(s: str) -> bool:
    entry = USCC_REGISTRATION_DEPARTMENTS.get(s[:1])
    return entry is not None and len(s) > 1 and s[1] in entry[1]


def _check_clean(s: str, today: _dt.date) -> CodeCheck:
    """Auto-detect on a normalised string of letters and digits only."""
    n = len(s)
    if n == 18:
        if _resident_valid(s, today):
            return _ok(KIND_RESIDENT_ID, s)
        looks_resident = _looks_like_resident(s)
        if _uscc_valid(s) and not (looks_resident and not _uscc_category_known(s)):
            return _ok(KIND_USCC, s)
        if looks_resident:
            return _check_resident_normalized(s, today)
        if s[:17].isdigit() and s[0] not in USCC_REGISTRATION_DEPARTMENTS:
            return _check_resident_normalized(s, today)
        return _check_uscc_normalized(s)
    if n == 15 and s.isdigit():
        if _looks_like_old_id(s):
            return _check_resident_normalized(s, today)
        return _bad(
            None,
            None,
            "length",
            "长度应为18位，实际为15位（15位数字可能是旧的工商注册号或旧身份证号）："
            "请输入18位统一社会信用代码或18位身份证号",
        )
    if _looks_like_resident(s):
        return _check_resident_normalized(s, today)
    if n >= 10 and s[0] in USCC_REGISTRATION_DEPARTMENTS and s[2:8].isdigit():
        return _check_uscc_normalized(s)
    return _bad(
        None,
        None,
        "length",
        f"长度应为18位，实际为{n}位：统一社会信用代码和身份证号都是18位",
    )


def _near_miss(text: str) -> str | None:
    """A run in longer text that is nearly code-sized (14–22 characters, mostly digits), so
    that "统一社会信用代码：91371500MA3C1234X" is reported as a length error, not as no code."""
    blob = _prepare_blob(text)
    joined = re.sub(r"(?<=[0-9A-Z])" + _SEPARATOR_CLASS + r"(?=[0-9A-Z])", "", blob)
    for m in _ALNUM_RE.finditer(joined):
        run = m.group()
        if 14 <= len(run) <= 22 and sum(ch.isdigit() for ch in run) >= 8:
            return run
    return None


def check_code(text: str, *, today: _dt.date | None = None) -> CodeCheck:
    """Check a 统一社会信用代码 or a resident ID, whichever the input is.

    Order: empty → a clean code (after normalisation) → an 18-character code embedded in
    longer text → an opaque 国家企业信用信息公示系统 link → a nearly code-sized run in longer
    text (reported as a length error) → not a code.  An 18-digit string that is a valid
    resident ID is reported as one; otherwise a valid USCC wins, except when the string has
    the shape of a resident ID (province prefix, birth year 1850–2099) and its first two
    characters are not a department/category pair the standard defines.  A mistyped resident
    ID can therefore still pass as a USCC; callers that know which kind they expect should
    use :func:`check_uscc` or :func:`check_resident_id`.
    """
    today = today or clock.today()
    s = normalize_text(text or "")
    if not s:
        return _bad(None, None, "empty", "未输入内容：请输入18位统一社会信用代码或身份证号")
    if _is_clean(s):
        return _check_clean(s, today)
    found = _extract(text)
    if found is not None:
        return _check_clean(found, today)
    if is_licence_link(text):
        return _licence_link_result()
    near_miss = _near_miss(text)
    if near_miss is not None:
        return _check_clean(near_miss, today)
    return _bad(
        None,
        None,
        "not_a_code",
        "未识别到统一社会信用代码或身份证号：请输入营业执照上的18位统一社会信用代码，"
        "或18位身份证号",
    )
