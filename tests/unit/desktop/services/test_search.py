"""Enterprise search: every way a clerk types, ranked as the issue asks, never SQL-injectable."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.services.lookup import lookup
from kuaixiang_desktop.store import enterprise_search
from kuaixiang_desktop.store.enterprises import write_enterprises


def _code(n: int, region: str = "371502") -> str:
    return make_uscc(f"91{region}MA3C{n:05d}")


NAMES = {
    1: ("聊城市恒达机械制造有限公司", "王建国"),
    2: ("恒达", "李娜"),
    3: ("恒达物流（聊城）有限公司", "张伟"),
    4: ("临清市鑫恒达轴承有限公司", "刘洋"),
    5: ("冠县老王家常菜馆", "王芳"),
    6: ("ＡＢＣ科技有限公司", "陈静"),
    7: ("山东恒信化工有限公司", "恒达"),
}


@pytest.fixture
def small_db(db):
    records = [EnterpriseRecord(credit_code=_code(n), name=name, legal_rep=rep, region_code="371502") for n, (name, rep) in NAMES.items()]
    with db.engine.begin() as conn:
        write_enterprises(conn, records)
    return db


def _search(db, q, limit=20):
    with db.engine.connect() as conn:
        return enterprise_search.search(conn, q, limit)


def _names(hits):
    return [h.name for h in hits]


def test_exact_code_first(small_db):
    hits = _search(small_db, _code(4))
    assert hits[0].credit_code == _code(4)
    assert hits[0].match == "code"


def test_ranking_exact_name_then_prefix_then_substring(small_db):
    hits = _search(small_db, "恒达")
    kinds = [(h.name, h.match) for h in hits]
    assert kinds[0] == ("恒达", "name")
    assert kinds[1] == ("恒达物流（聊城）有限公司", "name_prefix")
    # 聊城市恒达… starts with 恒达 once the region prefix is dropped.
    assert kinds[2] == ("聊城市恒达机械制造有限公司", "core_prefix")
    # Legal representative called 恒达 outranks mere substrings.
    assert kinds[3] == ("山东恒信化工有限公司", "legal_rep")
    assert kinds[4] == ("临清市鑫恒达轴承有限公司", "name_substring")
    assert len(hits) == 5


@pytest.mark.parametrize("query", ["鑫", "轴承", "鑫恒达轴", "恒达轴承有限"])
def test_any_substring_including_one_or_two_characters(small_db, query):
    assert "临清市鑫恒达轴承有限公司" in _names(_search(small_db, query))


def test_substring_does_not_match_characters_out_of_order(small_db):
    # 达恒 appears in no name even though both characters do.
    assert _search(small_db, "达恒") == []


@pytest.mark.parametrize("query", ["lchd", "LCHD", "ｌｃｈｄ", "hdjx", "lcshd"])
def test_pinyin_initials(small_db, query):
    assert "聊城市恒达机械制造有限公司" in _names(_search(small_db, query))


def test_case_and_width_insensitive(small_db):
    for query in ("abc", "ABC", "ａｂｃ", "Abc科技"):
        assert "ＡＢＣ科技有限公司" in _names(_search(small_db, query)), query


def test_partial_code_prefix_and_suffix(small_db):
    code = _code(5)
    assert code in [h.credit_code for h in _search(small_db, code[-6:])]
    assert code in [h.credit_code for h in _search(small_db, code[-6:].lower())]
    assert all(h.credit_code.startswith("91371502") for h in _search(small_db, "91371502"))


def test_legal_representative(small_db):
    hits = _search(small_db, "王芳")
    assert hits[0].name == "冠县老王家常菜馆"
    assert hits[0].match == "legal_rep"


def test_limit_is_respected_and_no_duplicates(small_db):
    hits = _search(small_db, "有", limit=3)
    assert len(hits) == 3
    assert len({h.id for h in hits}) == 3


@pytest.mark.parametrize(
    "query",
    ['"', "' OR 1=1 --", "恒达\" OR uni:*", "NEAR(a b)", "*", "a AND b", "%", "_", "\\", "\x00", "🙂", "   "],
)
def test_hostile_queries_are_just_text(small_db, query):
    hits = _search(small_db, query)
    assert all(isinstance(h.name, str) for h in hits)
    with small_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM enterprise")).scalar() == len(NAMES)


def test_renaming_updates_the_index(small_db):
    rec = EnterpriseRecord(credit_code=_code(4), name="临清市新名字轴承有限公司", legal_rep="刘洋", region_code="371502")
    with small_db.engine.begin() as conn:
        counts = write_enterprises(conn, [rec])
    assert (counts.inserted, counts.updated) == (0, 1)
    assert "临清市新名字轴承有限公司" in _names(_search(small_db, "新名"))
    assert "临清市鑫恒达轴承有限公司" not in _names(_search(small_db, "鑫"))


def test_lookup_recognises_licence_link_and_says_so(small_db):
    result = lookup(small_db, "https://www.gsxt.gov.cn/%7B8A5C1E2F3B4D%7D")
    assert result.kind == "licence_link"
    assert result.hits == ()
    assert "国家企业信用信息公示系统" in result.message


def test_lookup_finds_code_inside_scanner_text(small_db):
    result = lookup(small_db, f"统一社会信用代码：{_code(3).lower()} 名称：恒达物流")
    assert result.kind == "results"
    assert result.hits[0].credit_code == _code(3)


def test_lookup_reports_a_mistyped_code(small_db):
    good = _code(3)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    result = lookup(small_db, bad)
    assert result.kind == "invalid_code"
    assert "校验位" in result.message
    # The 17 characters the clerk got right still find the enterprise.
    assert result.hits[0].credit_code == good


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_every_substring_of_every_name_finds_it(small_db, data):
    n, (name, _rep) = data.draw(st.sampled_from(sorted(NAMES.items())))
    from kuaixiang_core.domain.names import normalize

    norm = normalize(name)
    start = data.draw(st.integers(0, len(norm) - 1))
    end = data.draw(st.integers(start + 1, len(norm)))
    assert _code(n) in [h.credit_code for h in _search(small_db, norm[start:end])]


def test_search_agrees_with_a_naive_scan_on_demo_data(demo_db):
    with demo_db.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name_norm FROM enterprise ORDER BY id LIMIT 40"))]
        for norm in names:
            for q in (norm[3:5], norm[4:5], norm[2:6]):
                expected = {
                    r[0]
                    for r in conn.execute(
                        text("SELECT id FROM enterprise WHERE instr(name_norm, :q) > 0"), {"q": q}
                    )
                }
                got = {h.id for h in enterprise_search.search(conn, q, limit=100000)}
                assert expected <= got, q
