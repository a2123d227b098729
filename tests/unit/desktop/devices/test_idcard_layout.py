"""The 256-byte text block of a 二代证, as both reader families hand it over."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kuaixiang_desktop.devices.idcard import ReaderError
from kuaixiang_desktop.devices.idcard_layout import (
    FIELDS,
    NATIONS,
    TEXT_BLOCK_SIZE,
    encode_text_block,
    parse_text_block,
)
from kuaixiang_desktop.devices.idcard_sim import DEMO_CARD


def _block(**fields: str) -> bytes:
    """A block written field by field, the way the card stores it (UCS-2LE, space-padded)."""
    values = {"name": "王小明", "sex": "1", "nation": "03", "birth": "19900307", "address": "山东省聊城市东昌府区柳园路1号",
              "id_number": "371502199003070013", "authority": "聊城市公安局东昌府分局", "valid_from": "20200101",
              "valid_to": "20400101", **fields}
    out = b""
    for name, size in FIELDS:
        raw = values[name].encode("utf-16-le")
        out += raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)
    return out + b" \x00" * ((TEXT_BLOCK_SIZE - len(out)) // 2)


def test_the_offsets_add_up_to_the_published_layout():
    assert [size for _, size in FIELDS] == [30, 2, 4, 16, 70, 36, 30, 16, 16]
    assert sum(size for _, size in FIELDS) + 36 == TEXT_BLOCK_SIZE
    assert len(NATIONS) == 58 and NATIONS[1] == "汉" and NATIONS[56] == "基诺"


def test_a_block_reads_field_by_field():
    card = parse_text_block(_block(), photo=b"BM...")
    assert (card.name, card.sex, card.nation, card.birth) == ("王小明", "男", "回", dt.date(1990, 3, 7))
    assert card.address == "山东省聊城市东昌府区柳园路1号" and card.id_number == "371502199003070013"
    assert card.authority == "聊城市公安局东昌府分局"
    assert (card.valid_from, card.valid_to) == (dt.date(2020, 1, 1), dt.date(2040, 1, 1))
    assert card.photo == b"BM..."
    assert "photo" not in repr(card)  # a log line of the card never carries the photo


def test_a_permanent_card_and_a_lower_case_check_character():
    card = parse_text_block(_block(valid_to="长期", id_number="11010519491231002x"))
    assert card.valid_to is None and card.validity_text() == "2020.01.01–长期"
    assert card.id_number == "11010519491231002X"


def test_encoding_is_the_inverse_of_parsing():
    block = encode_text_block(DEMO_CARD)
    assert len(block) == TEXT_BLOCK_SIZE
    assert parse_text_block(block) == DEMO_CARD
    expired = dataclasses.replace(DEMO_CARD, valid_to=dt.date(2020, 5, 6))
    assert parse_text_block(encode_text_block(expired)).valid_to == dt.date(2020, 5, 6)


@pytest.mark.parametrize(("fields", "named"), [
    ({"sex": "5"}, "性别代码「5」"),
    ({"nation": "77"}, "民族代码「77」"),
    ({"nation": "xx"}, "民族代码「xx」"),
    ({"birth": "19901399"}, "出生日期「19901399」"),
    ({"valid_to": "2040"}, "有效期截止日期「2040」"),
    ({"name": ""}, "没有姓名"),
])
def test_a_field_that_does_not_parse_is_named(fields, named):
    with pytest.raises(ReaderError, match=named):
        parse_text_block(_block(**fields))


def test_a_short_or_garbled_block_is_refused():
    with pytest.raises(ReaderError, match="长度不对"):
        parse_text_block(b"\x00" * 100)
    garbled = bytearray(_block())
    garbled[0:2] = b"\x00\xd8"  # a lone surrogate: not UCS-2 text
    with pytest.raises(ReaderError, match="第 0–30 字节"):
        parse_text_block(bytes(garbled))
