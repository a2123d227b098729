"""``GET /devices`` answers a window that already has the list with ``304`` (its entity tag),
and signs only certificates it has not signed in that form before: the load test's slowest
GET, every window asking every round (docs/load-test.md). Against real servers on SQLite and
PostgreSQL; the signatures' cache also on its own."""

from __future__ import annotations

import base64
import datetime as dt
import json

from kuaixiang_core.domain import device_trust, receipt_token
from kuaixiang_server import cli
from kuaixiang_server.devices import _Signatures
from kuaixiang_server.routes.session import tag_matches

from .conftest import bearer, login
from .test_security_devices import HALL_B, _device, _register


def _admin(server, capsys, *args: str) -> dict:
    code = cli.main(["admin", "--db", server.db_url, "device", *args, "--json"])
    out, _err = capsys.readouterr()
    assert code == 0, _err
    return json.loads(out)


def test_an_unchanged_list_is_answered_304_and_a_change_gives_a_new_tag(server, http, capsys):
    token = login(http, "demo", "demo1234")
    first = http.get("/api/v1/devices", headers=bearer(token))
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) == 34

    again = http.get("/api/v1/devices", headers={**bearer(token), "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    # As a proxy that compresses answers passes it on (nginx with gzip), and among others.
    for header in (f"W/{tag}", f'"0000", {tag}', "*"):
        assert http.get("/api/v1/devices", headers={**bearer(token), "If-None-Match": header}).status_code == 304
    other = http.get("/api/v1/devices", headers={**bearer(token), "If-None-Match": '"0123456789abcdef"'})
    assert other.status_code == 200 and other.json() == first.json()
    # Without a token there is no list, and no tag to probe it with either.
    assert http.get("/api/v1/devices", headers={"If-None-Match": tag}).status_code == 401

    device = _device("东昌府区8号窗口")  # a window registers: the list changes
    assert _register(http, "demo", "demo1234", device).status_code == 200
    grown = http.get("/api/v1/devices", headers={**bearer(token), "If-None-Match": tag})
    assert grown.status_code == 200 and grown.headers["etag"] != tag
    assert device["key_id"] in {d["key_id"] for d in grown.json()["devices"]}

    _admin(server, capsys, "rebind", device["key_id"], "--hall", HALL_B, "--window", "08")
    moved = http.get("/api/v1/devices", headers={**bearer(token), "If-None-Match": grown.headers["etag"]})
    assert moved.status_code == 200 and moved.headers["etag"] not in (tag, grown.headers["etag"])
    entry = {d["key_id"]: d for d in moved.json()["devices"]}[device["key_id"]]
    signer = base64.b64decode(moved.json()["signer"]["public_key"])
    old, new = entry["certificates"]
    assert old["valid_to"] is not None and new["hall_code"] == HALL_B
    for cert in (old, new):  # the certificate the rebind ended is signed again in its new form
        assert device_trust.verify_certificate(device_trust.DeviceCertificate.from_json(cert), signer)


def _cert(serial: int, hall: str = "371502-01", valid_to: dt.datetime | None = None) -> device_trust.DeviceCertificate:
    _private, public = receipt_token.generate_key()
    at = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    return device_trust.DeviceCertificate(serial=serial, key_id=receipt_token.key_id(public), public_key=public,
                                          hall_code=hall, window="3", label=None, valid_from=at, valid_to=valid_to,
                                          revoked_at=None, issued_at=at)


def test_the_signatures_kept_are_the_ones_a_fresh_signing_gives_and_follow_a_change(monkeypatch):
    key, other_key = receipt_token.generate_key()[0], receipt_token.generate_key()[0]
    certs = [_cert(n) for n in range(1, 6)]
    signed = []
    real = device_trust.sign_certificate
    monkeypatch.setattr(device_trust, "sign_certificate", lambda c, k: signed.append(c.serial) or real(c, k))
    cache = _Signatures()

    first = cache.sign(certs, key)
    assert signed == [1, 2, 3, 4, 5]
    assert [c.signature for c in first] == [real(c, key).signature for c in certs]
    signed.clear()
    assert cache.sign(certs, key) == first and signed == []  # nothing signed again

    ended = dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC)
    changed = [*certs[:2], _replace(certs[2], valid_to=ended), *certs[3:]]
    after = cache.sign(changed, key)
    assert signed == [3] and after[2].signature == real(changed[2], key).signature != first[2].signature
    signed.clear()
    assert cache.sign(changed, other_key)[0].signature == real(certs[0], other_key).signature  # a new key
    assert signed == [1, 2, 3, 4, 5]
    # Only what the last list carried is kept: a certificate gone from it is forgotten.
    cache.sign(changed[:1], other_key)
    assert len(cache._by_message) == 1


def _replace(cert, **changes):
    from dataclasses import replace

    return replace(cert, **changes)


def test_if_none_match_is_read_with_bounds():
    tag = '"' + "a" * 32 + '"'
    assert tag_matches(tag, tag) and tag_matches(f"W/{tag}", tag) and tag_matches(f'"b", {tag}', tag)
    assert not tag_matches(None, tag) and not tag_matches("", tag) and not tag_matches('"b"', tag)
    assert not tag_matches(tag.strip('"'), tag)  # unquoted is another tag
    assert not tag_matches(", ".join(['"x"'] * 16 + [tag]), tag)  # only the first 16 are looked at
    assert not tag_matches(" " * 2040 + "," + tag, tag)  # a header over 2 KB is not read


def test_an_unchanged_list_is_not_made_again_and_a_change_in_what_it_shows_is(server, http, monkeypatch):
    from sqlalchemy import update

    from kuaixiang_server import devices
    from kuaixiang_server.models import Device

    class Keyed:
        signing_key = receipt_token.generate_key()[0]

    device = _device("东昌府区6号窗口")
    assert _register(http, "demo", "demo1234", device).status_code == 200
    made: list[int] = []
    real = devices._made_list
    monkeypatch.setattr(devices, "_made_list", lambda *a: made.append(1) or real(*a))
    last = devices._LastList()
    body, tag = last.body(server.db, Keyed)
    assert made == [1] and json.loads(body)["devices"]
    assert last.body(server.db, Keyed) == (body, tag) and made == [1]

    some = device["key_id"]
    with server.db.read() as s:
        old_label, old_login = s.get(Device, some).label, s.get(Device, some).last_login_at
    try:
        with server.db.write() as s:  # a log-in moves last_login_at, which the list does not show
            s.execute(update(Device).where(Device.key_id == some).values(last_login_at=dt.datetime(2026, 12, 7, 1, 0)))
        assert last.body(server.db, Keyed) == (body, tag) and made == [1]

        with server.db.write() as s:
            s.execute(update(Device).where(Device.key_id == some).values(label="改过的标签"))
        changed, changed_tag = last.body(server.db, Keyed)
        assert made == [1, 1] and changed_tag != tag
        assert {d["key_id"]: d for d in json.loads(changed)["devices"]}[some]["label"] == "改过的标签"

        class Other:
            signing_key = receipt_token.generate_key()[0]
        assert last.body(server.db, Other)[1] != changed_tag and made == [1, 1, 1]  # another key
    finally:
        with server.db.write() as s:
            s.execute(update(Device).where(Device.key_id == some).values(label=old_label, last_login_at=old_login))
