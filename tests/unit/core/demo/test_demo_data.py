"""Demo data: deterministic, valid codes with the right regions, a believable mix."""

from __future__ import annotations

import collections
import datetime as dt

from sqlalchemy import text

from kuaixiang_core.demo import enterprises as demo_data
from kuaixiang_core.domain.codes import check_uscc, uscc_region_code
from kuaixiang_core.domain.search_keys import keys_for
from kuaixiang_desktop.demo.loader import load_demo


def _records(n, seed):
    return [d.record for d in demo_data.generate(n, seed)]


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = _records(300, 5), _records(300, 5), _records(300, 6)
    assert a == b
    assert [r.credit_code for r in a] != [r.credit_code for r in c]


def test_codes_are_valid_unique_and_carry_the_region():
    records = _records(3000, 1)
    assert len({r.credit_code for r in records}) == len(records)
    for r in records:
        check = check_uscc(r.credit_code)
        assert check.valid, (r.credit_code, check.error)
        region_in_code = uscc_region_code(r.credit_code)
        if r.region_code == "371503" and r.established < dt.date(2019, 6, 27):
            assert region_in_code == "371523"  # registered while 茌平 was still a county
        else:
            assert region_in_code == r.region_code
        assert (r.credit_code[:2] == "92") == (r.reg_type == "个体工商户")


def test_a_believable_mix():
    records = _records(5000, 2)
    individual = sum(r.reg_type == "个体工商户" for r in records) / len(records)
    assert 0.25 < individual < 0.45
    assert len({r.region_code for r in records}) == 8
    assert len({r.industry_code[:2] for r in records}) >= 20
    tags = collections.Counter(t.tag for r in records for t in r.tags)
    for tag in ("高新技术企业", "专精特新中小企业", "科技型中小企业", "规上企业"):
        assert tags[tag] > 0, tag
    assert 0 < sum(r.dishonest for r in records) < 60
    assert any(r.name.startswith("聊城市") and r.name.endswith("有限公司") for r in records)
    ages = [r.established for r in records]
    assert min(ages) < dt.date(2000, 1, 1) < dt.date(2024, 1, 1) < max(ages)
    for r in records:
        assert 0 <= r.insured_employees <= r.employees
        for t in r.tags:
            assert t.valid_to is None or t.valid_from <= t.valid_to


def test_composed_search_keys_match_the_general_ones_for_plain_names():
    # The generator builds keys from name parts for speed; they must agree with keys_for
    # except where a reading depends on the neighbouring part.
    mismatches = 0
    demo = list(demo_data.generate(500, 3))
    for d in demo:
        general = keys_for(d.record.name, d.record.legal_rep)
        assert d.keys.name_norm == general.name_norm
        assert d.keys.core_norm == general.core_norm
        mismatches += d.keys.initials != general.initials
    assert mismatches <= len(demo) // 50


def test_load_is_idempotent_for_the_same_seed(db):
    first = load_demo(db, enterprises=200, seed=9)
    again = load_demo(db, enterprises=200, seed=9)
    assert first.enterprises == again.enterprises == 200
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM enterprise")).scalar() == 200
        assert conn.execute(text("SELECT count(*) FROM enterprise_search")).scalar() == 200
        # Size class is cached for every enterprise whose industry the 2017 rule covers.
        assert conn.execute(text("SELECT count(*) FROM enterprise WHERE size_class IS NULL")).scalar() < 20
