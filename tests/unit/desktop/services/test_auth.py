"""Logging in at the window: offline verifier, lock-out that survives a restart, the idle
lock, the token kept only in the keyring, log-out (services/auth.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select

from kuaixiang_desktop.services import auth
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.store.models import AuditLog, Clerk, Hall
from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient

FAST = auth.AuthPolicy(scrypt_n=2**10)  # the same scheme, cheaper: these tests hash many times
PASSWORD = "正确的密码-2024"
TOKEN = "tok_" + "Q" * 40
SERVER = "https://kuaixiang.test"  # plain http:// is refused for any host but loopback


class FakeServer:
    """Just enough of the protocol for log-in and log-out, over httpx.MockTransport."""

    def __init__(self, password: str = PASSWORD, *, hall_code: str = "371502-07", down: bool = False):
        self.password = password
        self.hall_code = hall_code
        self.down = down
        self.requests: list[httpx.Request] = []
        self.revoked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        headers = {"X-Kuaixiang-Protocol": "1"}
        if request.url.path == "/api/v1/login":
            body = json.loads(request.content)
            assert body["device"]["key_id"] and base64.b64decode(body["device"]["public_key"])
            if body["password"] != self.password:
                return httpx.Response(401, headers=headers,
                                      json={"error": {"code": "unauthorized", "message": "用户名或密码错误"}})
            return httpx.Response(200, headers=headers, json={
                "token": TOKEN, "expires_at": "2030-01-01T08:00:00Z",
                "clerk": {"username": body["username"], "display_name": "王芳", "hall_code": self.hall_code,
                          "hall_name": "东昌府区古楼街道便民服务中心", "window": "03", "role": "clerk"},
            })
        if request.url.path == "/api/v1/logout":
            self.revoked.append(request.headers["Authorization"])
            return httpx.Response(200, headers=headers, json={"revoked": True})
        return httpx.Response(404, headers=headers, json={"error": {"code": "not_found", "message": "没有"}})

    def client(self) -> SyncClient:
        return SyncClient(SERVER, transport=httpx.MockTransport(self), retry=NO_RETRY)


class Clock:
    def __init__(self, start: dt.datetime = dt.datetime(2026, 6, 1, 2, 0, 0)):
        self.value = start

    def __call__(self) -> dt.datetime:
        return self.value

    def advance(self, **kw) -> None:
        self.value += dt.timedelta(**kw)


def _in_keyring(keyring_backend, text: str) -> bool:
    """services/secrets stores base64 of the bytes."""
    return any(text in base64.b64decode(v).decode("utf-8", "replace") for v in keyring_backend.store.values())


def _online(db, server: FakeServer, password: str = PASSWORD, **kw):
    client = server.client()
    try:
        return auth.login_online(db, SERVER, "wangfang", password, client=client, policy=kw.pop("policy", FAST), **kw)
    finally:
        client.close()


# --- the verifier ------------------------------------------------------------------------------


def test_verifier_checks_the_password_and_is_salted():
    first, second = auth.make_verifier(PASSWORD, FAST), auth.make_verifier(PASSWORD, FAST)
    assert first != second  # a fresh salt every time
    assert PASSWORD not in first and PASSWORD.encode().hex() not in first
    assert auth.check_verifier(PASSWORD, first) and auth.check_verifier(PASSWORD, second)
    assert not auth.check_verifier(PASSWORD + "x", first)
    assert not auth.check_verifier("", first)
    for broken in (None, "", "scrypt$1$2", "bcrypt$1024$8$1$AAAA$AAAA", "scrypt$x$8$1$AAAA$AAAA", first[:-6] + "!!!!!!"):
        assert not auth.check_verifier(PASSWORD, broken)


def test_default_verifier_uses_scrypt_interactive_cost():
    verifier = auth.make_verifier("abc")
    scheme, n, r, p, salt, digest = verifier.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32


# --- online log-in --------------------------------------------------------------------------------


def test_online_login_creates_the_clerk_with_a_verifier_and_a_session(db):
    server = FakeServer()
    info = _online(db, server)
    assert (info.username, info.hall_code, info.window, info.mode, info.has_token) == (
        "wangfang", "371502-07", "03", "online", True)
    assert info.server == SERVER and not hasattr(info, "token")
    with db.sessions() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.username == "wangfang")).one()
        assert (clerk.display_name, clerk.hall_code, clerk.window, clerk.role) == ("王芳", "371502-07", "03", "clerk")
        assert auth.check_verifier(PASSWORD, clerk.offline_verifier)
        hall = session.get(Hall, "371502-07")  # a township hall the reference data does not list
        assert hall.name == "东昌府区古楼街道便民服务中心" and hall.region_code == "371502"
        actions = [a.action for a in session.scalars(select(AuditLog))]
        assert actions == ["clerk.login"]
    assert auth.current_username(db) == "wangfang"
    assert auth.session_token(db) == TOKEN


def test_token_is_only_in_the_keyring(db, tmp_path, memory_keyring):
    _online(db, FakeServer())
    assert _in_keyring(memory_keyring, TOKEN)
    stored = [v.encode() for v in memory_keyring.store.values()]
    db.close()
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert TOKEN.encode() not in data and not any(v in data for v in stored), path
    with db.sessions() as session:  # and no column anywhere holds it
        for table in ("clerk", "audit_log", "device_key", "hall", "sync_cursor", "outbox"):
            rows = session.connection().exec_driver_sql(f"SELECT * FROM {table}").all()
            assert TOKEN not in repr(rows) and PASSWORD not in repr(rows)


def test_second_online_login_updates_the_clerk_and_replaces_the_verifier(db):
    _online(db, FakeServer(hall_code="371502-01"))
    with db.sessions() as session:
        first = session.scalars(select(Clerk.offline_verifier)).one()
    server = FakeServer(password="新密码-2025", hall_code="371503-01")
    _online(db, server, password="新密码-2025")
    with db.sessions() as session:
        clerks = list(session.scalars(select(Clerk)))
        assert len(clerks) == 1 and clerks[0].hall_code == "371503-01" and clerks[0].offline_verifier != first
    assert auth.login_offline(db, "wangfang", "新密码-2025", policy=FAST).username == "wangfang"
    with pytest.raises(auth.WrongPassword):
        auth.login_offline(db, "wangfang", PASSWORD, policy=FAST)


def test_wrong_password_online_is_counted_and_locks_without_asking_the_server(db):
    clock = Clock()
    server = FakeServer()
    _online(db, server, now=clock)
    policy = auth.AuthPolicy(max_failures=3, lockout=dt.timedelta(minutes=2), scrypt_n=2**10)
    for remaining in (2, 1):
        with pytest.raises(auth.WrongPassword) as wrong:
            _online(db, server, password="错", policy=policy, now=clock)
        assert wrong.value.remaining == remaining
    with pytest.raises(auth.AccountLocked):
        _online(db, server, password="错", policy=policy, now=clock)
    asked = len(server.requests)
    with pytest.raises(auth.AccountLocked):
        _online(db, server, policy=policy, now=clock)  # even the right password waits
    assert len(server.requests) == asked  # the server was not asked
    clock.advance(minutes=2)
    assert _online(db, server, policy=policy, now=clock).has_token
    assert auth.lock_state(db, "wangfang") == (0, None)


def test_unknown_user_failing_online_is_not_counted_here(db):
    with pytest.raises(auth.WrongPassword) as wrong:
        _online(db, FakeServer(), password="错")
    assert wrong.value.remaining is None
    with db.sessions() as session:
        assert session.scalars(select(Clerk)).all() == []


# --- offline log-in and lock-out ----------------------------------------------------------------------


def test_offline_login_needs_one_online_login_first(db):
    with pytest.raises(auth.OfflineUnavailable):
        auth.login_offline(db, "wangfang", PASSWORD, policy=FAST)


def test_offline_login_keeps_the_same_clerks_token(db):
    _online(db, FakeServer())
    info = auth.login_offline(db, "wangfang", PASSWORD, policy=FAST)
    assert info.has_token and info.mode == "online"
    auth.forget_token(db)
    info = auth.login_offline(db, "wangfang", PASSWORD, policy=FAST)
    assert not info.has_token and info.mode == "offline" and auth.session_token(db) is None


def test_five_wrong_passwords_lock_for_fifteen_minutes_across_a_restart(tmp_path):
    path = tmp_path / "client.sqlite3"
    clock = Clock()
    db = open_client_db(path)
    _online(db, FakeServer(), now=clock)
    for n in range(1, 5):
        with pytest.raises(auth.WrongPassword) as wrong:
            auth.login_offline(db, "wangfang", f"错{n}", policy=FAST, now=clock)
        assert wrong.value.remaining == 5 - n
    with pytest.raises(auth.AccountLocked) as locked:
        auth.login_offline(db, "wangfang", "错5", policy=FAST, now=clock)
    assert locked.value.until == clock.value + dt.timedelta(minutes=15)
    db.close()

    db = open_client_db(path)  # the program restarts: the lock is still there
    try:
        assert auth.lock_state(db, "wangfang") == (5, clock.value + dt.timedelta(minutes=15))
        clock.advance(minutes=14, seconds=59)
        with pytest.raises(auth.AccountLocked) as still:
            auth.login_offline(db, "wangfang", PASSWORD, policy=FAST, now=clock)
        assert "1 分钟" in still.value.message
        clock.advance(seconds=1)
        assert auth.login_offline(db, "wangfang", PASSWORD, policy=FAST, now=clock).username == "wangfang"
        assert auth.lock_state(db, "wangfang") == (0, None)
        with db.sessions() as session:
            actions = [a.action for a in session.scalars(select(AuditLog).order_by(AuditLog.id))]
        assert actions.count("clerk.login_failed") == 5 and actions.count("clerk.locked") == 1
        assert actions[-1] == "clerk.login"
    finally:
        db.close()


def test_a_success_resets_the_count(db):
    clock = Clock()
    _online(db, FakeServer(), now=clock)
    for _ in range(4):
        with pytest.raises(auth.WrongPassword):
            auth.login_offline(db, "wangfang", "错", policy=FAST, now=clock)
    auth.login_offline(db, "wangfang", PASSWORD, policy=FAST, now=clock)
    for _ in range(4):
        with pytest.raises(auth.WrongPassword):
            auth.login_offline(db, "wangfang", "错", policy=FAST, now=clock)
    assert auth.lock_state(db, "wangfang")[0] == 4


def test_policy_numbers_are_configurable(db):
    clock = Clock()
    _online(db, FakeServer(), now=clock)
    policy = auth.AuthPolicy(max_failures=2, lockout=dt.timedelta(seconds=30), scrypt_n=2**10)
    with pytest.raises(auth.WrongPassword):
        auth.login_offline(db, "wangfang", "错", policy=policy, now=clock)
    with pytest.raises(auth.AccountLocked) as locked:
        auth.login_offline(db, "wangfang", "错", policy=policy, now=clock)
    assert locked.value.until == clock.value + dt.timedelta(seconds=30)
    with pytest.raises(ValueError):
        auth.AuthPolicy(max_failures=0)


def test_login_falls_back_to_offline_when_the_server_is_down(db):
    server = FakeServer()
    _online(db, server)
    server.down = True
    client = server.client()
    try:
        info = auth.login(db, "wangfang", PASSWORD, SERVER, client=client, policy=FAST)
    finally:
        client.close()
    assert info.username == "wangfang"


def test_server_down_and_never_logged_in_here_says_so(db):
    server = FakeServer(down=True)
    client = server.client()
    try:
        with pytest.raises(auth.ServerUnreachable):
            auth.login(db, "wangfang", PASSWORD, SERVER, client=client, policy=FAST)
    finally:
        client.close()


def test_unlock_after_idle_checks_the_password_with_the_same_counting(db):
    clock = Clock()
    _online(db, FakeServer(), now=clock)
    with pytest.raises(auth.WrongPassword):
        auth.verify_current(db, "错", policy=FAST, now=clock)
    assert auth.lock_state(db, "wangfang")[0] == 1
    assert auth.verify_current(db, PASSWORD, policy=FAST, now=clock).username == "wangfang"
    assert auth.lock_state(db, "wangfang")[0] == 0


# --- sessions per database, log-out -------------------------------------------------------------------


def test_sessions_are_per_database(db, tmp_path):
    other = open_client_db(tmp_path / "other.sqlite3")
    try:
        _online(db, FakeServer())
        assert auth.current_username(db) == "wangfang"
        assert auth.current_username(other) is None and auth.session_token(other) is None
    finally:
        other.close()


def test_the_logged_in_clerk_is_found_from_a_session(db):
    """What applications.current_clerk can use (it only has a Session): see the hand-over note."""
    from kuaixiang_desktop.services.applications import ensure_demo_clerk

    with db.sessions.begin() as session:
        ensure_demo_clerk(session)  # a second local account: "the only account" no longer decides
    with db.sessions() as session:
        assert auth.logged_in_username(session) is None
    server = FakeServer()
    _online(db, server)
    with db.sessions() as session:
        assert auth.logged_in_username(session) == "wangfang"
    client = server.client()
    try:
        auth.logout(db, client=client)
    finally:
        client.close()
    with db.sessions() as session:
        assert auth.logged_in_username(session) is None


def test_logout_revokes_on_the_server_and_forgets_locally(db, memory_keyring):
    server = FakeServer()
    _online(db, server)
    client = server.client()
    try:
        result = auth.logout(db, client=client)
    finally:
        client.close()
    assert result.revoked_on_server and result.username == "wangfang"
    assert server.revoked == [f"Bearer {TOKEN}"]
    assert auth.current_session(db) is None and auth.session_token(db) is None
    assert not _in_keyring(memory_keyring, TOKEN)
    assert auth.logout(db).username is None  # logging out twice is harmless


def test_logout_offline_still_forgets_the_token(db, memory_keyring):
    server = FakeServer()
    _online(db, server)
    server.down = True
    client = server.client()
    try:
        result = auth.logout(db, client=client)
    finally:
        client.close()
    assert not result.revoked_on_server and "未能通知" in result.message
    assert auth.session_token(db) is None
    assert not _in_keyring(memory_keyring, TOKEN)


# --- the idle lock ------------------------------------------------------------------------------------


class Ticks:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_lock_locks_after_ten_quiet_minutes():
    ticks = Ticks()
    lock = auth.IdleLock(clock=ticks)
    events = []
    lock.subscribe(events.append)
    assert lock.timeout == 600 and not lock.locked and lock.remaining() == 600
    ticks.now += 599
    assert not lock.poll()
    lock.activity()  # a key press starts the ten minutes again
    ticks.now += 599
    assert not lock.poll() and lock.remaining() == pytest.approx(1)
    ticks.now += 1
    assert lock.poll() and lock.locked and events == [True]
    assert not lock.poll()  # already locked: no second event
    lock.activity()  # activity behind the lock screen does not unlock
    assert lock.locked and lock.remaining() == 0
    lock.unlock()
    assert not lock.locked and events == [True, False] and lock.remaining() == 600


def test_idle_lock_timeout_is_configurable():
    ticks = Ticks()
    lock = auth.IdleLock(dt.timedelta(minutes=3), clock=ticks)
    ticks.now += 180
    assert lock.poll()
    lock.unlock()
    lock.timeout = 30
    ticks.now += 29
    assert not lock.poll()
    lock.lock()  # the clerk locks by hand
    assert lock.locked
    with pytest.raises(ValueError):
        auth.IdleLock(0)


def test_server_rate_limit_is_reported_not_waited_out(db):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(429, headers={"X-Kuaixiang-Protocol": "1", "Retry-After": "600"},
                              json={"error": {"code": "rate_limited", "message": "登录失败次数过多：请 10 分钟后再试"}})

    client = SyncClient(SERVER, transport=httpx.MockTransport(handler))  # the default retry policy
    try:
        with pytest.raises(auth.ServerRateLimited) as limited:
            auth.login_online(db, SERVER, "wangfang", PASSWORD, client=client, policy=FAST)
    finally:
        client.close()
    assert limited.value.retry_after == 600 and len(calls) == 1
