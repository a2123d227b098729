"""Policy catalogue import (all or nothing, errors with line and field), versions, matching, reach."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue, import_catalogue
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.enterprises import write_enterprises

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
AS_OF = dt.date(2026, 6, 1)
MATCH_GOLDEN = Path(__file__).resolve().parents[3] / "data" / "match"


def _catalogue_counts(db):
    with db.engine.connect() as conn:
        return tuple(
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("policy_document", "policy_item", "policy_item_version", "policy_material", "fact_definition")
        )


def _write(tmp_path, body: str, name="c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _one_item(rule: str, benefit: str = '{amount: "100"}', item_id: str = "x-1") -> str:
    return f"""\
format: 1
documents:
  - id: d-1
    title: 测试文件
    issuer: 测试局
    level: 市级
    region: "371500"
    items:
      - id: {item_id}
        title: 测试事项
        department: 测试局
        mode: online
        rule: {rule}
        benefit: {benefit}
"""


@pytest.mark.parametrize(
    "rule, benefit, line, field, words",
    [
        ('{fact: no_such_fact, op: "==", value: 1}', '{amount: "1"}', 13, "fact", "未知的事实"),
        ('{fact: employees, op: "=~", value: 1}', '{amount: "1"}', 13, "op", "未知的运算符"),
        ('{fact: employees, op: ">=", value: "十"}', '{amount: "1"}', 13, "value", "不能与文字"),
        ('{fact: region_code, op: "==", value: 371502}', '{amount: "1"}', 13, "value", "加引号"),
        ('{fact: tags, op: "==", value: 高新技术企业}', '{amount: "1"}', 13, "op", "has"),
        ('{fact: employees, op: between, value: [10, 5]}', '{amount: "1"}', 13, "value", "大于上限"),
        ('{fact: employees, op: ">=", value: 1}', '{formula: "min(rd_expense * 0.1"}', 14, "formula", "公式无法解析"),
        ('{fact: employees, op: ">=", value: 1}', '{formula: "employees * os.system"}', 14, "formula", "无法识别的字符"),
        ('{fact: employees, op: ">=", value: 1}', '{amount: "12.345"}', 14, "amount", "两位小数"),
        ("{" + "not: {" * 9 + 'fact: employees, op: ">=", value: 1' + "}" * 10, '{amount: "1"}', 13, "rule", "嵌套"),
    ],
)
def test_bad_catalogue_names_line_and_field_and_changes_nothing(db, tmp_path, rule, benefit, line, field, words):
    import_catalogue(db, MINI)
    before = _catalogue_counts(db)
    path = _write(tmp_path, _one_item(rule, benefit))
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, path)
    problems = info.value.problems
    assert any(words in p.message for p in problems), [str(p) for p in problems]
    hit = next(p for p in problems if words in p.message)
    assert hit.line == line
    assert field in hit.field
    assert _catalogue_counts(db) == before


def test_duplicate_item_id_is_named_with_both_lines(db, tmp_path):
    body = _one_item('{fact: employees, op: ">=", value: 1}')
    body += """\
      - id: x-1
        title: 重复
        department: 测试局
        mode: online
        rule: {fact: employees, op: ">=", value: 1}
"""
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, _write(tmp_path, body))
    (problem,) = info.value.problems
    assert problem.line == 15 and "重复" in problem.message and "第9行" in problem.message


def test_malformed_files(db, tmp_path):
    for name, content, words in [
        ("a.yaml", "documents: [\n  {id: x\n", "无法解析"),
        ("b.json", '{"documents": [}', "无法解析"),
        ("c.txt", "x", ".yaml"),
        ("d.yaml", "", "为空"),
        ("e.yaml", "documents: 5", "非空列表"),
        ("f.yaml", "documents: []\ndocuments: []", "重复的键"),
    ]:
        with pytest.raises(CatalogueFileRejected) as info:
            import_catalogue(db, _write(tmp_path, content, name))
        assert any(words in p.message for p in info.value.problems), (name, [str(p) for p in info.value.problems])
    with pytest.raises(CatalogueFileRejected):
        import_catalogue(db, tmp_path / "missing.yaml")


def test_json_catalogue_is_accepted(db, tmp_path):
    import yaml

    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    result = import_catalogue(db, path)
    assert result.items_new == 3


def test_reimport_versions_only_what_changed_and_keeps_old_versions(db, tmp_path):
    first = import_catalogue(db, MINI)
    assert (first.items_new, first.items_changed, first.facts_declared) == (3, 0, 1)
    again = import_catalogue(db, MINI)
    assert (again.items_new, again.items_changed, again.items_unchanged) == (0, 0, 3)
    changed = MINI.read_text(encoding="utf-8").replace('benefit: {amount: "50000"}', 'benefit: {amount: "60000"}')
    third = import_catalogue(db, _write(tmp_path, changed))
    assert (third.items_changed, third.items_unchanged) == (1, 2)
    with db.engine.connect() as conn:
        versions = conn.execute(
            text("SELECT version, benefit_json FROM policy_item_version WHERE item_id = 'lq-zhoucheng' ORDER BY version")
        ).all()
        assert [v for v, _ in versions] == [1, 2]
        assert "50000" in versions[0][1] and "60000" in versions[1][1]
        assert conn.execute(text("SELECT current_version FROM policy_item WHERE id = 'lq-zhoucheng'")).scalar() == 2
    assert compiled_catalogue(db).by_id["lq-zhoucheng"].benefit.amount == 60000


def _enterprise(db, n, **kw):
    defaults = dict(
        credit_code=make_uscc(f"91371581MA3C{n:05d}"), name=f"临清市测试{n}轴承有限公司", region_code="371581",
        industry_code="3451", employees=25, insured_employees=12, established=dt.date(2020, 3, 1),
        revenue_fen=5_000_000_00, total_assets_fen=3_000_000_00,
    )
    defaults.update(kw)
    rec = EnterpriseRecord(**defaults)
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    return rec.credit_code


def test_match_groups_due_eligible_unknown_near_miss(db):
    import_catalogue(db, MINI)
    day = dt.date(2025, 12, 31)
    code = _enterprise(
        db, 1,
        facts=[
            FactValue("insured_months", "24", day), FactValue("layoff_rate", "0", day),
            FactValue("unemployment_premium_paid", "10000.00", day),
        ],
    )
    result = match_enterprise(db, code, AS_OF)
    groups = {i.item_id: i.group for i in result.items}
    assert groups == {"lc-wengang": "due", "lq-zhoucheng": "eligible", "lc-export": "unknown"}
    wengang = next(i for i in result.items if i.item_id == "lc-wengang")
    assert wengang.benefit.amount == Decimal("6000.00")  # small firm: 60%
    assert {c.result for c in wengang.conditions} <= {"pass", "fail", "unknown"}
    export = next(i for i in result.items if i.item_id == "lc-export")
    assert export.missing_facts == ("export_credit_premium",)
    assert all(c.clause for i in result.items for c in i.conditions)

    near = _enterprise(db, 2, employees=19)
    result = match_enterprise(db, near, AS_OF)
    item = next(i for i in result.items if i.item_id == "lq-zhoucheng")
    assert item.group == "near_miss"
    assert [m.fact for m in item.missing] == ["employees"]
    assert item.missing[0].actual == Decimal("19")


def test_near_miss_under_a_not_names_the_negated_condition(db, tmp_path):
    """``all: [employees >= 10, not employees > 100]`` with 120 staff is one condition short;
    the missing line is the one the clerk must read out: not more than 100, failed at 120."""
    rule = '{all: [{fact: employees, op: ">=", value: 10}, {not: {fact: employees, op: ">", value: 100}}]}'
    import_catalogue(db, _write(tmp_path, _one_item(rule)))
    code = _enterprise(db, 5, employees=120)
    item = next(i for i in match_enterprise(db, code, AS_OF).items if i.item_id == "x-1")
    assert item.group == "near_miss"
    [missing] = item.missing
    assert (missing.fact, missing.op, missing.result, missing.actual) == ("employees", "not >", "fail", Decimal("120"))
    assert missing == item.conditions[1]
    fine = _enterprise(db, 6, employees=50)
    assert next(i for i in match_enterprise(db, fine, AS_OF).items if i.item_id == "x-1").group == "eligible"


@pytest.mark.parametrize("who", ["due-eligible-unknown", "near-miss"])
@pytest.mark.parametrize("every", [False, True])
def test_cli_match_json_is_the_contract_byte_for_byte(db, capsys, who, every):
    """``kuaixiang match --json`` (DESIGN §7), key order and all: the files in tests/data/match
    were printed by the code that built the JSON dicts directly, before matches were typed."""
    import_catalogue(db, MINI)
    day = dt.date(2025, 12, 31)
    codes = {
        "due-eligible-unknown": _enterprise(db, 1, facts=[
            FactValue("insured_months", "24", day), FactValue("layoff_rate", "0", day),
            FactValue("unemployment_premium_paid", "10000.00", day),
        ]),
        "near-miss": _enterprise(db, 2, employees=19, dishonest=True),
    }
    argv = ["match", "--db", str(db.path), codes[who], "--json", "--as-of", AS_OF.isoformat()]
    main(argv + (["--all"] if every else []))
    golden = MATCH_GOLDEN / f"mini-{who}{'-all' if every else ''}.json"
    assert capsys.readouterr().out == golden.read_text(encoding="utf-8")


def test_match_respects_dates_regions_and_tags(db):
    import_catalogue(db, MINI)
    other_county = _enterprise(db, 3, region_code="371502", credit_code=make_uscc("91371502MA3C00003"))
    items = {i.item_id for i in match_enterprise(db, other_county, AS_OF, include_all=True).items}
    assert "lq-zhoucheng" not in items  # a 临清 document does not reach 东昌府区
    # Before the documents take effect nothing is in force.
    assert match_enterprise(db, other_county, dt.date(2023, 6, 1)).items_in_force == 0


def test_reach_agrees_with_matching(writable_demo_db):
    import_catalogue(writable_demo_db, MINI)
    for item_id in ("lc-wengang", "lq-zhoucheng", "lc-export"):
        found = reach(writable_demo_db, item_id, AS_OF, limit=100000)
        codes = {e.credit_code for e in found.enterprises}
        assert found.total == len(codes)
        with writable_demo_db.engine.connect() as conn:
            sample = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 400"))]
        for code in sample:
            verdicts = {i.item_id: i.verdict for i in match_enterprise(writable_demo_db, code, AS_OF, include_all=True).items}
            assert (verdicts.get(item_id) == "eligible") == (code in codes), (item_id, code)


@pytest.mark.parametrize("per_row_scan", [0, 10**9])
def test_reach_page_is_the_lowest_ids_whichever_way_it_is_read(writable_demo_db, monkeypatch, per_row_scan):
    """The page of reach is read per row (stopping early) for common items and from the
    city-wide lists for rare ones; both must give the same enterprises."""
    import kuaixiang_desktop.services.reach as reach_module

    import_catalogue(writable_demo_db, MINI)
    monkeypatch.setattr(reach_module, "_PER_ROW_SCAN", per_row_scan)
    for item_id in ("lc-wengang", "lq-zhoucheng", "lc-export"):
        everyone = reach(writable_demo_db, item_id, AS_OF, limit=100000).enterprises
        with writable_demo_db.engine.connect() as conn:
            ids = dict(conn.execute(text("SELECT credit_code, id FROM enterprise")).all())
        lowest = sorted(everyone, key=lambda e: ids[e.credit_code])[:7]
        page = reach(writable_demo_db, item_id, AS_OF, limit=7).enterprises
        assert list(page) == sorted(lowest, key=lambda e: (e.region_code, ids[e.credit_code])), item_id
        assert len(page) == min(7, len(everyone))


def test_cli_rules_test_summary_and_exit_codes(capsys, tmp_path):
    assert main(["rules", "test", str(MINI)]) == 0
    assert capsys.readouterr().out.strip().endswith("6 passed, 0 failed")
    broken = MINI.read_text(encoding="utf-8").replace('amount: "6000.00"', 'amount: "6000.01"')
    path = _write(tmp_path, broken)
    assert main(["rules", "test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "5 passed, 1 failed" in out and "lc-wengang" in out and "6000.01" in out


def test_cli_policy_commands(capsys, db):
    assert main(["--db", str(db.path), "policy", "import", str(MINI), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items_new"] == 3
    assert main(["--db", str(db.path), "policy", "list", "--mode", "auto", "--json"]) == 0
    assert [i["item_id"] for i in json.loads(capsys.readouterr().out)] == ["lc-wengang"]
    assert main(["--db", str(db.path), "policy", "show", "lq-zhoucheng", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["materials"][0] == {"name": "技术改造项目备案证明", "required": True, "originals": 1, "copies": 1, "note": None}
    assert main(["--db", str(db.path), "policy", "show", "nope", "--json"]) == 1
    capsys.readouterr()
    bad = MINI.parent / "does-not-exist.yaml"
    assert main(["--db", str(db.path), "policy", "import", str(bad), "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["errors"][0]["message"] == "文件不存在"


def test_fast_matcher_agrees_with_plain_matching_on_the_full_catalogue(demo_db_path, tmp_path):
    import shutil

    from kuaixiang_core.domain.rules import match as rules_match
    from kuaixiang_desktop.demo.loader import load_demo_catalogue
    from kuaixiang_desktop.services.database import open_client_db
    from kuaixiang_desktop.services.matching import enterprise_facts

    shutil.copy(demo_db_path, tmp_path / "copy.sqlite3")  # the shared demo database stays as it is
    demo_db = open_client_db(tmp_path / "copy.sqlite3")
    load_demo_catalogue(demo_db, full=True, seed=3)
    cat = compiled_catalogue(demo_db)
    assert len(cat.items) == 2728
    with demo_db.engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 60"))]
        for code in codes:
            fast_facts = enterprise_facts(conn, code, AS_OF, cat.declared)
            plain_facts = enterprise_facts(conn, code, AS_OF, cat.declared)
            fast = cat.matcher(fast_facts.get("region_code")).match(fast_facts, include_ineligible=True)
            plain = rules_match.match(cat.for_region(plain_facts.get("region_code")), plain_facts)
            key = lambda r: (r.item.id, r.verdict, r.group, r.amount, [(b[0].key, b[1]) for b in r.blockers])  # noqa: E731
            assert sorted(map(key, fast)) == sorted(map(key, plain)), code
            # What a clerk is shown (the counting path): the plain matches that have a group, in order.
            shown = cat.matcher(fast_facts.get("region_code")).match(fast_facts)
            assert list(map(key, shown)) == [key(r) for r in plain if r.group is not None], code
            assert {r.group for r in shown} <= set(rules_match.GROUPS)
            # The items made straight from the counting path are the shown matches' own, in
            # the clerk's order (group, larger amount first, id).
            rank = {g: n for n, g in enumerate(rules_match.GROUPS)}
            in_order = sorted(shown, key=lambda r: (rank[r.group], -(r.amount or 0), r.item.id))
            lines, per_group = cat.matcher(fast_facts.get("region_code")).clerk_items(plain_facts)

            def made(r):
                # With the lines of its caps where nothing is counted against them (no earlier
                # applications, the estimate within every amount cap); the rest is left to
                # services.matching, which applies caps after.
                plain = r.matched()
                if not r.item.caps:
                    return plain
                capped = rules_match.with_caps(plain, r.item.caps, plain_facts)
                return capped if (capped.benefit, capped.group) == (plain.benefit, plain.group) else plain

            assert plain_facts.history == ()
            assert lines == [made(r) for r in in_order], code
            assert [line.to_json() for line in lines] == [made(r).to_json() for r in in_order], code
            assert per_group == Counter(r.group for r in shown), code
    demo_db.close()


def test_lines_of_the_why_are_shared_between_enterprises_only_when_they_read_the_same():
    """A line is made once per condition and value and then shared, read-only; equal
    Decimals that read differently (10 and 10.0) and a different namer get lines of their own."""
    from decimal import Decimal

    from kuaixiang_core.domain.rules.evaluate import CompiledRule, Facts
    from kuaixiang_core.domain.rules.tree import parse_rule

    rule = CompiledRule(parse_rule({"all": [{"fact": "employees", "op": ">=", "value": 10, "clause": "第二条"},
                                            {"not": {"fact": "dishonest", "op": "==", "value": True}}]}))
    day = dt.date(2026, 6, 1)
    first = rule.trace(Facts({"employees": Decimal("10"), "dishonest": False}, [], day))
    second = rule.trace(Facts({"employees": Decimal("10"), "dishonest": False}, [], day))
    assert first == second and all(a is b for a, b in zip(first, second, strict=True))
    assert first[1].op == "not ==" and first[1].result == "pass"

    other = rule.trace(Facts({"employees": Decimal("10.0"), "dishonest": True}, [], day))
    assert other[0].to_json()["actual"] == "10.0" and first[0].to_json()["actual"] == "10"
    assert other[1].result == "fail" and first[1].result == "pass"

    def name_it(line):
        return dataclasses.replace(line, text=line.text + "（已命名）")

    named = rule.trace(Facts({"employees": Decimal("10"), "dishonest": False}, [], day, namer=name_it))
    assert named[0].text.endswith("（已命名）") and not first[0].text.endswith("（已命名）")
    unknown = rule.trace(Facts({}, [], day))
    assert [line.result for line in unknown] == ["unknown", "unknown"]

    import gc

    gc.collect()
    dropped = Facts({"employees": Decimal("12")}, [], day)
    rule.trace(dropped)
    del dropped
    assert gc.collect() == 0  # a Facts and its lines are freed by reference counting, no cycle


def test_fast_matcher_agrees_with_plain_matching_on_random_trees():
    """Random rules of all / any / not over a few facts, random enterprises with facts missing:
    the matcher's verdicts, groups and near-miss blockers are plain matching's, shown or not
    (a `not` over a numeric condition that holds is a near miss too)."""
    import random
    from decimal import Decimal

    from kuaixiang_core.domain.rules import match as rules_match
    from kuaixiang_core.domain.rules.catalogue import Benefit, Item
    from kuaixiang_core.domain.rules.evaluate import CompiledRule, Facts
    from kuaixiang_core.domain.rules.tree import parse_rule

    rng = random.Random(7)

    def leaf() -> dict:
        return rng.choice([
            {"fact": "employees", "op": rng.choice([">=", "<"]), "value": rng.choice([10, 20, 50])},
            {"fact": "revenue", "op": ">=", "value": rng.choice([100000, 500000])},
            {"fact": "region_code", "op": "==", "value": rng.choice(["371502", "371503"])},
            {"fact": "dishonest", "op": "==", "value": True},
            {"fact": "tax_credit_rating", "op": "in", "value": ["A", "B"]},
        ])

    def node(depth: int = 0) -> dict:
        r = rng.random()
        if depth >= 3 or r < 0.4:
            return leaf()
        if r < 0.55:
            return {"not": node(depth + 1)}
        return {rng.choice(["all", "any"]): [node(depth + 1) for _ in range(rng.randint(1, 3))]}

    items = []
    for n in range(300):
        rule = node()
        items.append(Item(
            id=f"i{n}", document_id="d", title="t", department="x", category=None, mode=rng.choice(["auto", "online"]),
            effective_from=None, effective_to=None, apply_from=None, apply_to=None, promised_days=None,
            allows_deferred=False, where=None, body=None, materials=[], rule_data=rule,
            rule=CompiledRule(parse_rule(rule)), benefit=Benefit(), tests=[],
        ))
    matcher = rules_match.Matcher(items)
    key = lambda r: (r.item.id, r.verdict, r.group, [(b[0].key, b[1]) for b in r.blockers])  # noqa: E731
    for _ in range(200):
        values: dict = {"dishonest": rng.random() < 0.3}
        for fact, choices in (("employees", [5, 15, 19, 25, 60]), ("revenue", [50000, 200000, 900000]),
                              ("region_code", ["371502", "371503"]), ("tax_credit_rating", ["A", "B", "C"])):
            if rng.random() < 0.8:
                values[fact] = rng.choice(choices) if fact in ("region_code", "tax_credit_rating") else Decimal(rng.choice(choices))
        plain = [key(r) for r in rules_match.match(items, Facts(values, [], AS_OF))]
        assert [key(r) for r in matcher.match(Facts(values, [], AS_OF), include_ineligible=True)] == plain, values
        assert [key(r) for r in matcher.match(Facts(values, [], AS_OF))] == [p for p in plain if p[2] is not None], values


def test_callers_asking_at_once_share_one_compilation(counter_db, monkeypatch):
    """The window's warm-up and its due counts ask for the catalogue together: the second
    waits for the first's compilation instead of compiling it again beside it (twice the
    memory, kept by the process)."""
    import threading

    from kuaixiang_desktop.services import policies

    policies._cache.clear()
    real_compile, real_stamp = policies._compile, policies.store.catalogue_stamp
    compiled: list[object] = []
    second_arrived = threading.Event()
    stamps = 0
    stamp_lock = threading.Lock()

    def stamp(session):
        nonlocal stamps
        with stamp_lock:
            stamps += 1
            if stamps == 2:  # the second caller has come in while the first compiles
                second_arrived.set()
        return real_stamp(session)

    def compile_(session):
        compiled.append(threading.current_thread().name)
        assert second_arrived.wait(60), "the second caller never came"
        return real_compile(session)

    monkeypatch.setattr(policies.store, "catalogue_stamp", stamp)
    monkeypatch.setattr(policies, "_compile", compile_)
    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.setdefault("first", compiled_catalogue(counter_db)), name="first")
    first.start()
    while not compiled:  # the first is inside its compilation
        first.join(0.01)
    second = threading.Thread(target=lambda: results.setdefault("second", compiled_catalogue(counter_db)), name="second")
    second.start()
    first.join(120)
    second.join(120)
    assert compiled == ["first"]
    assert results["first"] is results["second"]
    policies._cache.clear()
