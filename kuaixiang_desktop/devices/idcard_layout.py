"""The text block of a 二代证 as the readers hand it over: 256 bytes of UCS-2LE at fixed
offsets (the layout of the card's 文字信息, as published by 公安部 and repeated in every
reader SDK's manual, ``SDT_ReadBaseMsg``'s buffer and the ``termb`` family's ``wz.txt``):

=========================  =====  ================================
field                      bytes  content
=========================  =====  ================================
姓名 name                     30  up to 15 characters, space-padded
性别 sex                        2  GB/T 2261.1 code: 1 男, 2 女, 0 未知, 9 未说明
民族 nation                     4  GB/T 3304 code, two digits
出生 birth                     16  YYYYMMDD
住址 address                   70  up to 35 characters
公民身份号码 id                36  18 characters
签发机关 authority              30  up to 15 characters
有效期起始 valid from           16  YYYYMMDD
有效期截止 valid to             16  YYYYMMDD or 长期 (permanent)
(reserved)                     36
=========================  =====  ================================

:func:`parse_text_block` turns those bytes into an :class:`~.idcard.IdCard`, refusing
anything that does not fit; :func:`encode_text_block` is its inverse, for the simulator and
the tests (a card is fed to the simulated reader the way a real one reads it).
"""

from __future__ import annotations

import datetime as dt

from .idcard import IdCard, ReaderError

FIELDS: tuple[tuple[str, int], ...] = (
    ("name", 30), ("sex", 2), ("nation", 4), ("birth", 16), ("address", 70), ("id_number", 36),
    ("authority", 30), ("valid_from", 16), ("valid_to", 16),
)
TEXT_BLOCK_SIZE = 256
PERMANENT = "长期"

SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
NATIONS = dict(enumerate((
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
    "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺",
), start=1))
NATIONS.update({97: "其他", 98: "外国血统中国籍人士"})


def _fields(block: bytes) -> dict[str, str]:
    if len(block) < TEXT_BLOCK_SIZE - 36:
        raise ReaderError(f"身份证文字信息长度不对：应为 {TEXT_BLOCK_SIZE} 字节，读到 {len(block)} 字节")
    values, offset = {}, 0
    for name, size in FIELDS:
        raw = block[offset:offset + size]
        offset += size
        try:
            text = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            raise ReaderError(f"身份证文字信息第 {offset - size}–{offset} 字节不是有效的 UCS-2 文字") from None
        values[name] = text.replace("\x00", " ").strip()
    return values


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ReaderError(f"身份证{what}「{value}」不是 YYYYMMDD 日期") from None


def parse_text_block(block: bytes, photo: bytes | None = None) -> IdCard:
    """The card that ``block`` describes; ``ReaderError`` names the field that does not parse."""
    f = _fields(bytes(block))
    if f["sex"] not in SEXES:
        raise ReaderError(f"身份证性别代码「{f['sex']}」不在 GB/T 2261.1 之内")
    try:
        nation = NATIONS[int(f["nation"])]
    except (ValueError, KeyError):
        raise ReaderError(f"身份证民族代码「{f['nation']}」不在 GB/T 3304 之内") from None
    if not f["name"] or not f["id_number"]:
        raise ReaderError("身份证文字信息中没有姓名或公民身份号码")
    valid_to = None if f["valid_to"] == PERMANENT else _date(f["valid_to"], "有效期截止日期")
    return IdCard(
        name=f["name"], sex=SEXES[f["sex"]], nation=nation, birth=_date(f["birth"], "出生日期"),
        address=f["address"], id_number=f["id_number"].upper(), authority=f["authority"],
        valid_from=_date(f["valid_from"], "有效期起始日期"), valid_to=valid_to, photo=photo,
    )


def _pad(text: str, size: int) -> bytes:
    raw = text.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"{text!r} is longer than {size // 2} characters")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def encode_text_block(card: IdCard) -> bytes:
    """The 256 bytes a reader would hand over for ``card`` (for the simulator and tests)."""
    sex = next(code for code, name in SEXES.items() if name == card.sex)
    nation = next(code for code, name in NATIONS.items() if name == card.nation)
    values = {
        "name": card.name, "sex": sex, "nation": f"{nation:02d}", "birth": f"{card.birth:%Y%m%d}",
        "address": card.address, "id_number": card.id_number, "authority": card.authority,
        "valid_from": f"{card.valid_from:%Y%m%d}",
        "valid_to": PERMANENT if card.valid_to is None else f"{card.valid_to:%Y%m%d}",
    }
    block = b"".join(_pad(values[name], size) for name, size in FIELDS)
    return block + _pad("", TEXT_BLOCK_SIZE - len(block))
