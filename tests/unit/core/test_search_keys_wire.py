"""Search keys carried by the server (kuaixiang_core/wire_search_keys, snapshot.keys_disagree)
and the quick credit-code test of a pulled page (codes.is_clean_uscc)."""

from __future__ import annotations

import random

import pytest

from kuaixiang_core import snapshot as fmt
from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain.codes import USCC_ALPHABET, check_uscc, is_clean_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_core.domain.search_keys import KEYS_VERSION, keys_for
from kuaixiang_core.wire_search_keys import keys_agree, parse_keys_param, search_keys_from_wire, search_keys_to_wire

RECORDS = [d.record for d in generate_chunk(1, 0, 300)]


def test_keys_round_trip_and_anything_else_is_none():
    keys = keys_for("聊城市恒达机械有限公司", "张三")
    wired = search_keys_to_wire(keys)
    assert wired["v"] == KEYS_VERSION and search_keys_from_wire({"search_keys": wired}) == keys
    assert search_keys_from_wire({}) is None
    for bad in ({**wired, "v": KEYS_VERSION + 1}, {**wired, "v": True}, {**wired, "v": "1"}, {**wired, "initials": 7},
                {**wired, "name_norm": None}, {**wired, "core_initials": "x" * 1001}, [wired], "keys"):
        assert search_keys_from_wire({"search_keys": bad}) is None, bad
    assert search_keys_from_wire({"search_keys": {**wired, "legal_rep_norm": None}}).legal_rep_norm is None


def test_keys_agree_only_with_what_the_client_computes():
    keys = keys_for("聊城市恒达机械有限公司", None)
    assert keys_agree("聊城市恒达机械有限公司", None, keys)
    assert not keys_agree("聊城市恒达机械有限公司", "张三", keys)
    assert not keys_agree("聊城市恒大机械有限公司", None, keys)


def test_the_keys_param():
    assert parse_keys_param(None) is None and parse_keys_param("1") == 1
    for bad in ("", "0", "-1", "x", "1.0", "١", "9" * 11, " 1"):
        with pytest.raises(ValueError):
            parse_keys_param(bad)


@pytest.mark.parametrize("record", RECORDS[:100], ids=lambda r: r.credit_code)
def test_a_snapshot_row_agrees_with_the_clients_keys(record):
    row = fmt.enterprise_row(1, record)
    by_column = dict(zip(fmt.ENTERPRISE_COLUMNS, row, strict=True))
    sample = tuple(by_column[c] for c in fmt.KEY_CHECK_COLUMNS)
    assert fmt.keys_disagree(sample) is None
    for n, column in enumerate(fmt.KEY_CHECK_COLUMNS[3:], start=3):
        changed = (*sample[:n], (sample[n] or "") + "x", *sample[n + 1:])
        assert fmt.keys_disagree(changed) == column


def test_a_snapshot_row_of_a_name_without_legal_rep_and_of_a_non_text_name():
    row = dict(zip(fmt.ENTERPRISE_COLUMNS, fmt.enterprise_row(1, EnterpriseRecord(
        credit_code=RECORDS[0].credit_code, name="ABC贸易（聊城）有限公司", region_code="371502")), strict=True))
    sample = tuple(row[c] for c in fmt.KEY_CHECK_COLUMNS)
    assert fmt.keys_disagree(sample) is None
    assert fmt.keys_disagree((sample[0], 12, *sample[2:])) == "name"


def test_is_clean_uscc_agrees_with_check_uscc():
    rnd = random.Random(17)
    codes = [r.credit_code for r in RECORDS]
    assert all(is_clean_uscc(c) for c in codes)
    for code in codes:
        for _ in range(30):
            i = rnd.randrange(18)
            mutated = code[:i] + rnd.choice(USCC_ALPHABET + "IOZSVa -") + code[i + 1:]
            check = check_uscc(mutated)
            assert is_clean_uscc(mutated) == (check.valid and check.normalized == mutated), mutated
    for odd in ("", code[:17], code + "0", code.lower(), f" {code}", "Ｑ" * 18):
        assert not is_clean_uscc(odd)
