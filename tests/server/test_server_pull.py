"""Pull: the four streams, paging by cursor (no duplicates, no gaps), gzip, errors."""

from __future__ import annotations

import gzip
import json
import textwrap

import httpx
from sqlalchemy import func, select, update

from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.reference import base_facts, document_region_map
from kuaixiang_core.wire import ChangePage, enterprise_from_wire
from kuaixiang_server import cli
from kuaixiang_server.models import Enterprise

from .conftest import bearer, latest_cursor, pull_all


def test_enterprises_page_through_without_duplicates_or_gaps(server, http, demo_token):
    with server.db.read() as s:
        total = s.scalar(select(func.count()).select_from(Enterprise))
    assert total >= 2000
    items, cursor, pages = pull_all(http, demo_token, "enterprises", limit=300)
    codes = [i["credit_code"] for i in items]
    assert len(codes) == len(set(codes)) == total
    assert pages == -(-total // 300)
    # Every item is a full record the client can read back.
    record = enterprise_from_wire(items[0])
    assert record.credit_code == codes[0] and record.facts and items[0]["version"] >= 1
    # Nothing more after the last cursor; the cursor stays where it is.
    page = http.get("/api/v1/changes/enterprises", params={"after": cursor}, headers=bearer(demo_token)).json()
    assert page == {"items": [], "next_cursor": cursor, "has_more": False}


def test_a_row_changed_during_a_pull_comes_again_at_the_end(server, http, demo_token, tmp_path, capsys):
    first = http.get("/api/v1/changes/enterprises", params={"limit": 50}, headers=bearer(demo_token)).json()
    assert first["has_more"]
    changed = dict(first["items"][10])
    code = changed["credit_code"]
    server.take_enterprise()  # keep the pool honest: this one is now touched
    changed["employees"] = (changed["employees"] or 0) + 1
    # The registry changes it (an admin import) between two pages of a client's pull.
    rows = [{"credit_code": code, "name": changed["name"], "region_code": changed["region_code"],
             "industry_code": changed["industry_code"], "employees": changed["employees"],
             "established": changed["established"]}]
    path = tmp_path / "update.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["admin", "--db", server.db_url, "import-enterprises", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["updated"] == 1
    rest, _cursor, _pages = pull_all(http, demo_token, "enterprises", limit=700, after=first["next_cursor"])
    again = [i for i in rest if i["credit_code"] == code]
    assert len(again) == 1 and again[0]["employees"] == changed["employees"]
    assert rest[-1]["credit_code"] == code  # the newest change is the last
    seen = [i["credit_code"] for i in first["items"]] + [i["credit_code"] for i in rest]
    with server.db.read() as s:
        assert set(seen) == set(s.scalars(select(Enterprise.credit_code)))


def test_large_pages_are_gzip_compressed_on_request(server, demo_token):
    headers = {**bearer(demo_token), "Accept-Encoding": "gzip"}
    with httpx.Client(base_url=server.url, timeout=30) as raw:
        with raw.stream("GET", "/api/v1/changes/enterprises", params={"limit": 200}, headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["X-Kuaixiang-Protocol"] == "1"
            body = b"".join(response.iter_raw())
    page = ChangePage.from_json(json.loads(gzip.decompress(body)))
    assert len(page.items) == 200 and page.has_more
    # Without Accept-Encoding: gzip the body comes plain.
    with httpx.Client(base_url=server.url, timeout=30) as raw:
        plain = raw.get("/api/v1/changes/enterprises", params={"limit": 5},
                        headers={**bearer(demo_token), "Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and len(plain.json()["items"]) == 5


def test_facts_stream_has_the_base_and_declared_facts(http, demo_token):
    items, _cursor, _pages = pull_all(http, demo_token, "facts", limit=7)
    names = [i["name"] for i in items]
    assert len(names) == len(set(names))
    assert {f.name for f in base_facts()} <= set(names)
    assert "youth_insured_months" in names  # declared by the demo catalogue
    assert set(items[0]) == {"name", "type", "unit", "label", "source"}


def test_policies_stream_items_compile_on_the_client_as_they_did_on_the_server(http, demo_token):
    facts, _c, _p = pull_all(http, demo_token, "facts")
    known = {f["name"]: FactSpec(f["name"], f["type"], f["label"], f["unit"], f["source"]) for f in facts}
    items, _cursor, _pages = pull_all(http, demo_token, "policies", limit=10)
    assert len({i["item"]["id"] for i in items if i["item"]["current"]}) >= 51
    for entry in items:
        doc, item = entry["document"], entry["item"]
        # one item alone: a part of the catalogue (its caps may name items of other pages)
        catalogue = check_catalogue({"format": 1, "documents": [{**doc, "items": [item["content"]]}]}, known,
                                    set(document_region_map()), part=True)
        compiled = catalogue.items[0]
        assert compiled.id == item["id"] and compiled.content_hash() == item["content_hash"]


def test_a_changed_catalogue_item_comes_down_as_a_new_version(server, http, demo_token, tmp_path, capsys):
    cursor = latest_cursor(server, "policies")
    doc_id = f"test-{server.kind}-doc"
    text = textwrap.dedent(f"""\
        format: 1
        documents:
          - id: {doc_id}
            doc_no: 测试〔2026〕1号
            title: 测试文件
            issuer: 聊城市测试局
            level: 市级
            region: "371500"
            effective_from: 2026-01-01
            items:
              - id: {doc_id}-item
                title: 测试事项
                department: 聊城市测试局
                mode: online
                rule: {{fact: employees, op: ">=", value: 10, clause: "第一条"}}
                benefit: {{amount: "1000"}}
        """)
    path = tmp_path / "cat.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["admin", "--db", server.db_url, "import-catalogue", str(path)]) == 0
    capsys.readouterr()
    path.write_text(text.replace('amount: "1000"', 'amount: "2000"'), encoding="utf-8")
    assert cli.main(["admin", "--db", server.db_url, "import-catalogue", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items_changed"] == 1
    new, after_new, _pages = pull_all(http, demo_token, "policies", after=cursor)
    versions = [(i["item"]["id"], i["item"]["version"], i["item"]["current"], i["item"]["content"]["benefit"])
                for i in new]
    assert versions == [(f"{doc_id}-item", 1, False, {"amount": "1000.00"}),
                        (f"{doc_id}-item", 2, True, {"amount": "2000.00"})]
    # Importing the same file again changes nothing and sends nothing.
    assert cli.main(["admin", "--db", server.db_url, "import-catalogue", str(path)]) == 0
    assert pull_all(http, demo_token, "policies", after=after_new)[0] == []


def test_a_bad_catalogue_is_refused_whole_with_file_line_and_field(server, tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent("""\
        format: 1
        documents:
          - id: test-bad-doc
            title: 坏文件
            issuer: 测试
            level: 乡级
            region: "371500"
            items:
              - id: test-bad-item
                title: 坏事项
                department: 测试
                mode: online
                rule: {fact: employees, op: ">=", value: "十", clause: "一"}
        """), encoding="utf-8")
    assert cli.main(["admin", "--db", server.db_url, "import-catalogue", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "第6行" in err and "level" in err and "未导入任何数据" in err
    from kuaixiang_server.models import PolicyDocument

    with server.db.read() as s:
        assert s.get(PolicyDocument, "test-bad-doc") is None


def test_pull_errors(http, demo_token):
    cases = [
        ("/api/v1/changes/nothing", {}, 404, "not_found"),
        ("/api/v1/changes/facts", {"limit": 5001}, 400, "bad_request"),
        ("/api/v1/changes/facts", {"limit": "many"}, 400, "bad_request"),
        ("/api/v1/changes/facts", {"after": "garbage!"}, 400, "bad_request"),
    ]
    for path, params, status, code in cases:
        response = http.get(path, params=params, headers=bearer(demo_token))
        assert response.status_code == status, (path, params, response.text)
        assert response.json()["error"]["code"] == code
        assert response.headers["X-Kuaixiang-Protocol"] == "1"
    # A cursor of one stream is refused by another.
    cursor = http.get("/api/v1/changes/facts", params={"limit": 1}, headers=bearer(demo_token)).json()["next_cursor"]
    response = http.get("/api/v1/changes/policies", params={"after": cursor}, headers=bearer(demo_token))
    assert response.status_code == 400 and "facts" in response.json()["error"]["message"]
    assert http.get("/api/v1/changes/facts").status_code == 401


def test_enterprise_items_carry_the_servers_search_keys_only_when_asked_for_this_version(http, demo_token):
    from kuaixiang_core.domain.search_keys import KEYS_VERSION, keys_for
    from kuaixiang_core.wire_search_keys import FIELD, search_keys_from_wire

    def page(**params):
        response = http.get("/api/v1/changes/enterprises", params={"limit": 50, **params}, headers=bearer(demo_token))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    plain = page()
    assert not any(FIELD in i for i in plain)  # an older client gets the same items as before
    assert page(keys=KEYS_VERSION + 1) == plain  # another version: none, the client computes its own
    keyed = page(keys=KEYS_VERSION)
    assert [{k: v for k, v in i.items() if k != FIELD} for i in keyed] == plain
    for item in keyed:
        # Derived data: exactly what the client computes from the item's name and legal rep.
        assert search_keys_from_wire(item) == keys_for(item["name"], item["legal_rep"])
    facts = http.get("/api/v1/changes/facts", params={"keys": KEYS_VERSION}, headers=bearer(demo_token)).json()
    assert not any(FIELD in i for i in facts["items"])  # other streams carry no keys
    for bad in ("", "0", "-1", "x", "1.0", "١", "9" * 11):
        response = http.get("/api/v1/changes/enterprises", params={"keys": bad}, headers=bearer(demo_token))
        assert response.status_code == 400 and "keys" in response.json()["error"]["message"], bad


def test_enterprise_page_items_are_enterprise_item_of_each_row(server, http, demo_token):
    """The page is built straight from rows (no ORM objects, no records): every item, tags,
    facts, dates, money and stamps, is still exactly what enterprise_item makes of the row,
    and the body on the wire is that JSON."""
    from sqlalchemy.orm import selectinload

    from kuaixiang_server.enterprises import enterprise_item, enterprise_page

    with server.db.read() as s:
        seqs, items = enterprise_page(s, 0, 300)
        rows = s.scalars(select(Enterprise).options(selectinload(Enterprise.tags), selectinload(Enterprise.facts))
                         .order_by(Enterprise.change_seq).limit(300)).all()
        expected = [enterprise_item(e) for e in rows]
    assert len(items) == 300 and len(seqs) == 301
    assert [json.dumps(i, ensure_ascii=False) for i in items] == [json.dumps(i, ensure_ascii=False) for i in expected]
    assert any(i["tags"] for i in items) and any(i["established"] for i in items)
    wire_items = http.get("/api/v1/changes/enterprises", params={"limit": 300},
                          headers=bearer(demo_token)).json()["items"]
    assert wire_items == expected


def test_search_keys_are_made_when_a_row_is_written_and_made_again_when_stale(server):
    """A page takes an item's keys from ``enterprise.search_keys`` (made by the upsert), and
    makes them again from the row when that column is NULL (rows from before 0009), was made
    from another name or legal representative (a writer that left it), or is not JSON."""

    from kuaixiang_core.domain.search_keys import keys_for
    from kuaixiang_core.wire_search_keys import FIELD, search_keys_to_wire
    from kuaixiang_server.enterprises import enterprise_page, keys_column

    def page():
        with server.db.read() as s:
            return enterprise_page(s, 0, 4, keys=True)[1]

    items = page()
    codes = [i["credit_code"] for i in items]
    with server.db.read() as s:
        kept = dict(s.execute(select(Enterprise.credit_code, Enterprise.search_keys)
                              .where(Enterprise.credit_code.in_(codes))).all())
    for item in items:  # written by the demo's upsert
        assert json.loads(kept[item["credit_code"]])["for"] == [item["name"], item["legal_rep"]]
        assert item[FIELD] == search_keys_to_wire(keys_for(item["name"], item["legal_rep"]))
    other = keys_column("聊城市别的名字有限公司", "王五")
    try:
        with server.db.write() as s:
            for code, value in zip(codes, [None, other, "{not json", json.dumps([1])], strict=True):
                s.execute(update(Enterprise).where(Enterprise.credit_code == code).values(search_keys=value))
        for item in page():
            assert item[FIELD] == search_keys_to_wire(keys_for(item["name"], item["legal_rep"])), item["credit_code"]
    finally:
        with server.db.write() as s:
            for code in codes:
                s.execute(update(Enterprise).where(Enterprise.credit_code == code).values(search_keys=kept[code]))


def test_parts_are_counted_from_since_so_a_row_that_moved_during_a_pull_loses_nothing(server, http, demo_token):
    """A row changed at s1 and again at s3 moved past a client whose pull passed s1 without
    seeing it there: counted from that client's page cursor, its change at s1 would never be
    sent. ``since`` (where the client's pull last ended caught up) counts the parts from there;
    it must be a cursor of the stream not after ``after``."""
    from dataclasses import replace

    from kuaixiang_core.wire_parts import PARAM, SINCE_PARAM
    from kuaixiang_server.enterprises import record_of, upsert_enterprises

    code, other = server.take_enterprise(), server.take_enterprise()
    since = latest_cursor(server, "enterprises")
    with server.db.read() as s:
        rec, rec2 = (record_of(s.scalars(select(Enterprise).where(Enterprise.credit_code == c)).one())
                     for c in (code, other))
    with server.db.write() as s:
        upsert_enterprises(s, [replace(rec, employees=(rec.employees or 0) + 5, facts=[])], source="test")  # s1
    with server.db.write() as s:
        upsert_enterprises(s, [replace(rec2, employees=(rec2.employees or 0) + 1, facts=[])], source="test")  # s2
    passed = latest_cursor(server, "enterprises")  # the client's pull is here: past s1, the row not seen
    with server.db.write() as s:  # s3: the row moves past the client
        upsert_enterprises(s, [replace(rec, employees=(rec.employees or 0) + 5, contact_phone="13900001111", facts=[])],
                           source="test")

    def item(**params) -> dict:
        got = http.get("/api/v1/changes/enterprises", params={"after": passed, PARAM: 2, **params},
                       headers=bearer(demo_token))
        assert got.status_code == 200, got.text
        return {i["credit_code"]: i for i in got.json()["items"]}[code]

    counted = item(**{SINCE_PARAM: since})
    assert counted["employees"] == (rec.employees or 0) + 5 and counted["contact_phone"] == "13900001111"
    assert "employees" not in item()  # from the page's cursor: the change at s1 is not sent
    for bad, message in (("not-a-cursor!", "游标"), (latest_cursor(server, "facts"), "游标属于"),
                         (latest_cursor(server, "enterprises"), "since")):
        got = http.get("/api/v1/changes/enterprises", params={"after": since, PARAM: 2, SINCE_PARAM: bad},
                       headers=bearer(demo_token))
        assert got.status_code == 400 and message in got.json()["error"]["message"], bad


def test_a_pull_that_asks_for_parts_gets_what_changed_after_its_cursor(server, http, demo_token):
    """``parts=2`` (kuaixiang_core/wire_parts): a held enterprise comes with only the columns
    and values changed after the cursor, its tags only when they changed; ``parts=1`` with
    every column; one made after the cursor comes whole; a client that does not ask (or asks
    for a version this server does not know) gets whole records; a bad value is 400."""
    from dataclasses import replace

    from kuaixiang_core import wire_search_keys
    from kuaixiang_core.demo.enterprises import generate_chunk
    from kuaixiang_core.domain.enterprise import RECORD_COLUMNS, FactValue, Tag
    from kuaixiang_core.domain.search_keys import KEYS_VERSION
    from kuaixiang_core.wire_parts import FIELD, PARAM, PARTS_VERSION
    from kuaixiang_server.enterprises import record_of, upsert_enterprises

    code, other = server.take_enterprise(), server.take_enterprise()
    cursor = latest_cursor(server, "enterprises")
    with server.db.read() as s:
        rec, rec2 = (record_of(s.scalars(select(Enterprise).where(Enterprise.credit_code == c)).one())
                     for c in (code, other))
    name = rec.facts[0].name
    changed = replace(rec, employees=(rec.employees or 0) + 3, facts=[
        *rec.facts, FactValue(name, "4321", rec.facts[-1].valid_on.replace(year=2026, month=12, day=1))])
    retagged = replace(rec2, tags=[*rec2.tags, Tag("专精特新中小企业", None, None)])
    new = next(d.record for d in generate_chunk(977, 3000, 1))
    with server.db.write() as s:
        counts = upsert_enterprises(s, [changed, retagged, new], source="test")
    assert (counts.updated, counts.inserted) == (2, 1)

    def pull(**params) -> dict[str, dict]:
        got = http.get("/api/v1/changes/enterprises", params={"after": cursor, **params}, headers=bearer(demo_token))
        assert got.status_code == 200, got.text
        return {i["credit_code"]: i for i in got.json()["items"]}

    items = pull(**{PARAM: PARTS_VERSION, wire_search_keys.PARAM: KEYS_VERSION})
    assert set(items) == {code, other, new.credit_code}
    # The server's search keys come with whole records only: a client makes or keeps its own for parts.
    assert wire_search_keys.FIELD not in items[code] and wire_search_keys.FIELD not in items[other]
    assert wire_search_keys.FIELD in items[new.credit_code]
    one = items[code]
    assert PARTS_VERSION == 2 and one[FIELD] == 2
    # Of the columns, the one that changed only (and what every item carries).
    assert set(one) == {"credit_code", "employees", "facts", FIELD, "version", "updated_at"}, one
    assert one["employees"] == changed.employees
    assert one["facts"] == [{"name": name, "value": "4321", "valid_on": "2026-12-01"}]
    two = items[other]
    assert two[FIELD] == 2 and two["facts"] == [] and not set(two) & set(RECORD_COLUMNS)
    assert {t["tag"] for t in two["tags"]} == {t.tag for t in retagged.tags}
    made = items[new.credit_code]  # made after the cursor: whole, and says nothing of parts
    assert FIELD not in made and len(made["facts"]) == len({(f.name, f.valid_on) for f in new.facts})
    read = enterprise_from_wire(one)
    assert read.columns == {"employees": changed.employees} and read.tags is None
    assert read.facts == [FactValue(name, "4321", changed.facts[-1].valid_on)]

    first_version = pull(**{PARAM: 1})  # an older client of parts: every column
    assert first_version[code][FIELD] == 1 and first_version[code]["name"] == rec.name
    assert first_version[code]["employees"] == changed.employees and "tags" not in first_version[code]
    assert FIELD not in pull(**{PARAM: 3})[code]  # a version not known here: whole records

    # A row from before the server kept when each column changed: every column is sent.
    with server.db.write() as s:
        s.execute(update(Enterprise).where(Enterprise.credit_code == code).values(column_seqs=None))
    assert pull(**{PARAM: 2})[code]["name"] == rec.name
    # Its next change counts the others as changed at its last change, before this cursor.
    later = latest_cursor(server, "enterprises")
    with server.db.write() as s:
        upsert_enterprises(s, [replace(changed, name=changed.name + "（分公司）", facts=[])], source="test")
    got = http.get("/api/v1/changes/enterprises", params={"after": later, PARAM: 2}, headers=bearer(demo_token))
    again = {i["credit_code"]: i for i in got.json()["items"]}[code]
    assert again["name"] == changed.name + "（分公司）" and "employees" not in again and "region_code" not in again

    whole = pull()  # an older client: whole records, as before
    assert FIELD not in whole[code] and "tags" in whole[code] and len(whole[code]["facts"]) == len(rec.facts) + 1
    # From the start of the stream nothing is left out.
    first = http.get("/api/v1/changes/enterprises", params={PARAM: PARTS_VERSION, "limit": 5},
                     headers=bearer(demo_token)).json()["items"]
    assert all(FIELD not in i and "tags" in i for i in first)
    for bad in ("0", "x", "-1", "99999999999"):
        got = http.get("/api/v1/changes/enterprises", params={"after": cursor, PARAM: bad}, headers=bearer(demo_token))
        assert got.status_code == 400 and "parts" in got.json()["error"]["message"], bad
