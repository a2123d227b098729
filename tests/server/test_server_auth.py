"""Log-in, tokens (expiry, revocation), the log-in rate limit and device keys."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import update

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_server import cli
from kuaixiang_server.auth import hash_password, token_digest, verify_password
from kuaixiang_server.models import AuthToken, Clerk

from .conftest import PASSWORD, bearer, login, new_device, proven


def _error(response) -> dict:
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    return response.json()["error"]


def test_login_returns_token_clerk_and_registers_device(server, http):
    device = new_device("东昌府区1号窗口")
    response = http.post("/api/v1/login", json={"username": "demo", "password": "demo1234",
                                                "device": proven(http, device)})
    assert response.status_code == 200
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    body = response.json()
    assert len(body["token"]) >= 43  # 256 bits, URL-safe base64
    assert body["expires_at"].endswith("Z")
    expires = dt.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert dt.timedelta(hours=7, minutes=59) < expires - clock.now() <= dt.timedelta(hours=8)
    assert body["clerk"] == {"username": "demo", "display_name": "演示窗口", "hall_code": "371502-01",
                             "hall_name": "东昌府区政务服务中心", "window": "01", "role": "clerk"}
    assert set(body["signer"]) == {"key_id", "public_key"}  # the key that certifies devices
    with server.db.read() as s:  # stored as its SHA-256 only
        assert s.get(AuthToken, token_digest(body["token"])) is not None
        assert s.get(AuthToken, body["token"]) is None
    devices = http.get("/api/v1/devices", headers=bearer(body["token"])).json()["devices"]
    [listed] = [d for d in devices if d["key_id"] == device["key_id"]]
    assert {k: listed[k] for k in ("key_id", "public_key", "hall_code", "label", "window", "revoked_at")} == {
        "key_id": device["key_id"], "public_key": device["public_key"], "hall_code": "371502-01",
        "label": "东昌府区1号窗口", "window": "01", "revoked_at": None}
    [cert] = listed["certificates"]
    assert (cert["hall_code"], cert["window"], cert["valid_to"], cert["revoked_at"]) == ("371502-01", "01", None, None)


def test_a_device_from_another_hall_is_listed_for_everyone(server, http):
    device = new_device("临清市窗口")
    login(http, "linqing", PASSWORD, device)
    token = login(http)
    listed = {d["key_id"]: d for d in http.get("/api/v1/devices", headers=bearer(token)).json()["devices"]}
    assert listed[device["key_id"]]["hall_code"] == "371581-01"


def test_device_key_id_must_match_its_public_key(http):
    device = proven(http, new_device())
    device["key_id"] = "AAAAAAAA"
    response = http.post("/api/v1/login", json={"username": "demo", "password": "demo1234", "device": device})
    assert response.status_code == 400 and _error(response)["code"] == "bad_request"
    assert "key_id" in _error(response)["message"]


def test_bad_password_and_unknown_user_answer_401(http):
    for body in ({"username": "demo", "password": "wrong-password"}, {"username": "nobody-here", "password": "x" * 8}):
        response = http.post("/api/v1/login", json=body)
        assert response.status_code == 401
        assert _error(response) == {"code": "unauthorized", "message": "用户名或密码错误"}


def test_malformed_login_bodies_answer_400(http):
    assert _error(http.post("/api/v1/login", content=b"{not json"))["code"] == "bad_request"
    response = http.post("/api/v1/login", json={"username": "demo"})
    assert response.status_code == 400 and "password" in _error(response)["message"]


def test_five_failures_lock_that_user(server, http):
    for _ in range(5):
        assert http.post("/api/v1/login", json={"username": "locked", "password": "wrong-one"}).status_code == 401
    # Even the right password is refused now, with a Retry-After of at most 15 minutes.
    response = http.post("/api/v1/login", json={"username": "locked", "password": PASSWORD})
    assert response.status_code == 429
    assert _error(response)["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    # Other users from the same address are not affected.
    login(http, "dcf2", PASSWORD)
    # Once the failures are older than 15 minutes, the user may log in again.
    with server.db.write() as s:
        from kuaixiang_server.models import LoginThrottle

        s.execute(update(LoginThrottle).where(LoginThrottle.scope == "account", LoginThrottle.subject == "locked")
                  .values(window_start=utcnow() - dt.timedelta(minutes=16)))
    login(http, "locked", PASSWORD)


def test_requests_without_or_with_a_bad_token_answer_401(http):
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = http.get("/api/v1/devices", headers=headers)
        assert response.status_code == 401 and _error(response)["code"] == "unauthorized"


def test_expired_token_answers_token_expired(server, http):
    token = login(http, "expiree", PASSWORD)
    assert http.get("/api/v1/devices", headers=bearer(token)).status_code == 200
    with server.db.write() as s:
        s.execute(update(AuthToken).where(AuthToken.token_hash == token_digest(token))
                  .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    response = http.get("/api/v1/changes/facts", headers=bearer(token))
    assert response.status_code == 401 and _error(response)["code"] == "token_expired"


def test_logout_revokes_the_token(http):
    token = login(http, "revokee", PASSWORD)
    other = login(http, "revokee", PASSWORD)
    assert http.post("/api/v1/logout", headers=bearer(token)).status_code == 200
    response = http.get("/api/v1/devices", headers=bearer(token))
    assert response.status_code == 401 and _error(response)["code"] == "token_revoked"
    assert http.get("/api/v1/devices", headers=bearer(other)).status_code == 200  # only that one


def test_admin_revoke_tokens_revokes_every_token_of_the_user(server, http, capsys):
    tokens = [login(http, "revokee", PASSWORD) for _ in range(2)]
    assert cli.main(["admin", "--db", server.db_url, "revoke-tokens", "revokee", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["revoked"] >= 2  # and any left by other tests
    for token in tokens:
        assert _error(http.get("/api/v1/devices", headers=bearer(token)))["code"] == "token_revoked"
    login(http, "revokee", PASSWORD)  # a new log-in works


def test_passwords_are_salted_scrypt_hashes(server):
    a, b = hash_password("demo1234"), hash_password("demo1234")
    assert a != b and a.startswith("scrypt$") and verify_password("demo1234", a) and not verify_password("demo1235", a)
    with server.db.read() as s:
        from sqlalchemy import select

        stored = s.scalars(select(Clerk.password_hash).where(Clerk.username == "demo")).one()
    assert "demo1234" not in stored and verify_password("demo1234", stored)
