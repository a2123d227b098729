"""Devices belong to halls, and log-in limits hold under concurrency (issue 13, items 2 and 9),
against real servers on SQLite and PostgreSQL with two halls (demo at 371502-01, linqing at
371581-01).

- Taking over another hall's device with what ``GET /devices`` shows (key id, public key) is
  refused, and so is registering without proof of the private key: a fresh, single-use
  challenge signed by it. Only the administrator re-binds or revokes, and the certificates the
  server signs follow.
- Wrong passwords are counted atomically before the password check, per account and per
  address: 60 at once get at most the limit of real checks, even spread over two instances.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import random
import socket
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from kuaixiang_core.domain import receipt_token
from kuaixiang_server import auth, cli
from kuaixiang_server.models import Device

from . import conftest
from .conftest import PASSWORD, bearer, login

HALL_A, HALL_B = "371502-01", "371581-01"


# --- helpers (self-contained: they also run against the code before this change) ----------------


def _device(label: str = "窗口") -> dict:
    private, public = receipt_token.generate_key()
    return {"key_id": receipt_token.key_id(public), "public_key": base64.b64encode(public).decode(),
            "label": label, "private": private}


def _challenge(http: httpx.Client) -> str:
    response = http.post("/api/v1/devices/challenge")
    assert response.status_code == 200, response.text  # the route exists, without a token
    body = response.json()
    assert set(body) == {"challenge", "expires_at"} and body["expires_at"].endswith("Z")
    return body["challenge"]


def _proof(challenge: str, private: bytes) -> str:
    from kuaixiang_core.domain.device_trust import sign_proof

    return sign_proof(challenge, private)


def _body(device: dict, *, challenge: str | None = None, signature: str | None = None, **changes) -> dict:
    out = {k: v for k, v in device.items() if k != "private"}
    if challenge is not None:
        out["challenge"] = challenge
    if signature is not None:
        out["signature"] = signature
    return {**out, **changes}


def _login(http: httpx.Client, username: str, password: str, device: dict | None):
    body: dict = {"username": username, "password": password}
    if device is not None:
        body["device"] = device
    return http.post("/api/v1/login", json=body)


def _register(http: httpx.Client, username: str, password: str, device: dict) -> httpx.Response:
    challenge = _challenge(http)
    response = _login(http, username, password, _body(device, challenge=challenge,
                                                      signature=_proof(challenge, device["private"])))
    return response


def _listed(http: httpx.Client, token: str) -> dict[str, dict]:
    response = http.get("/api/v1/devices", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {d["key_id"]: d for d in response.json()["devices"]}


def _row(server, key_id: str) -> tuple:
    with server.db.read() as s:
        d = s.get(Device, key_id)
        return (d.hall_code, d.label, d.public_key) if d else None


def _admin(server, capsys, *args: str) -> tuple[int, object]:
    code = cli.main(["admin", "--db", server.db_url, "device", *args, "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else err


def _error(response: httpx.Response) -> dict:
    return response.json()["error"]


def _new_user(server, hall: str = HALL_A) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    with server.db.write() as s:
        auth.add_clerk(s, name, PASSWORD, hall, window="07")
    return name


def _address() -> str:
    """A loopback address of this test's own (Linux answers all of 127/8): the per-address
    counter of 127.0.0.1, which every other test uses, stays untouched."""
    return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"


def _client(url: str, address: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=address))


# --- devices -----------------------------------------------------------------------------------


def test_a_clerk_of_another_hall_cannot_take_over_a_device(server, http, demo_token, linqing_token):
    device = _device("东昌府区3号窗口")
    assert _register(http, "demo", "demo1234", device).status_code == 200
    before = _listed(http, linqing_token)[device["key_id"]]  # what any clerk can read
    stolen = {"key_id": before["key_id"], "public_key": before["public_key"], "label": "临清市窗口"}

    without_proof = _login(http, "linqing", PASSWORD, stolen)
    assert without_proof.status_code == 400 and "challenge" in _error(without_proof)["message"]
    challenge = _challenge(http)
    own_key, _ = receipt_token.generate_key()
    with_a_wrong_proof = _login(http, "linqing", PASSWORD, {**stolen, "challenge": challenge,
                                                           "signature": _proof(challenge, own_key)})
    assert with_a_wrong_proof.status_code == 403 and "私钥" in _error(with_a_wrong_proof)["message"]
    # Even the device itself, handed to a clerk of another hall: its hall stays.
    handed_over = _register(http, "linqing", PASSWORD, device)
    assert handed_over.status_code == 409
    assert HALL_A in _error(handed_over)["message"] and "管理员" in _error(handed_over)["message"]

    after = _listed(http, demo_token)[device["key_id"]]
    assert after == before and after["hall_code"] == HALL_A and after["label"] == "东昌府区3号窗口"
    assert _row(server, device["key_id"])[:2] == (HALL_A, "东昌府区3号窗口")
    assert _register(http, "demo", "demo1234", device).status_code == 200  # its own hall still logs in


def test_registration_needs_a_fresh_single_use_challenge_signed_by_the_device(server, http, demo_token):
    device = _device()
    refused = []
    response = _login(http, "demo", "demo1234", _body(device))  # no challenge at all
    refused.append(response)
    assert response.status_code == 400
    from kuaixiang_server.config import Settings
    from kuaixiang_server.devices import issue_challenge

    challenge = _challenge(http)
    other_key, _ = receipt_token.generate_key()
    for body in (
        _body(device, challenge=challenge),  # no signature
        _body(device, challenge=challenge, signature=_proof(challenge, other_key)),  # signed by another key
        _body(device, challenge=challenge, signature=base64.b64encode(b"\0" * 64).decode()),
        _body(device, challenge=challenge[:-2] + ("AA" if not challenge.endswith("AA") else "BB"),
              signature=_proof(challenge, device["private"])),  # a challenge the server never issued
    ):
        refused.append(_login(http, "demo", "demo1234", body))
    old = issue_challenge(Settings(db_url=server.db_url, data_dir=server.folder, _key=conftest.TEST_KEY),
                          dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=10)).challenge
    expired = _login(http, "demo", "demo1234", _body(device, challenge=old, signature=_proof(old, device["private"])))
    refused.append(expired)
    assert "过期" in _error(expired)["message"]
    assert [r.status_code for r in refused] == [400, 400, 403, 403, 403, 403], [r.text for r in refused]
    assert device["key_id"] not in _listed(http, demo_token) and _row(server, device["key_id"]) is None

    good = _body(device, challenge=challenge, signature=_proof(challenge, device["private"]))
    assert _login(http, "demo", "demo1234", good).status_code == 200
    replayed = _login(http, "demo", "demo1234", good)
    assert replayed.status_code == 403 and "用过" in _error(replayed)["message"]
    assert _listed(http, demo_token)[device["key_id"]]["hall_code"] == HALL_A


def test_only_the_administrator_rebinds_and_revokes(server, http, capsys):
    from kuaixiang_core.domain import device_trust

    device = _device("东昌府区9号窗口")
    first = _register(http, "demo", "demo1234", device)
    assert first.status_code == 200
    token, signer = first.json()["token"], first.json()["signer"]
    key_id = device["key_id"]

    code, listed = _admin(server, capsys, "list")
    assert code == 0 and any(d["key_id"] == key_id and d["hall_code"] == HALL_A for d in listed)
    code, moved = _admin(server, capsys, "rebind", key_id, "--hall", HALL_B, "--window", "09")
    assert code == 0 and moved["changed"] and moved["hall_code"] == HALL_B and moved["window"] == "09"
    assert moved["tokens_revoked"] >= 1  # sessions opened under the old binding end
    assert _error(http.get("/api/v1/devices", headers=bearer(token)))["code"] == "token_revoked"

    assert _register(http, "demo", "demo1234", device).status_code == 409  # hall A no longer
    second = _register(http, "linqing", PASSWORD, device)
    assert second.status_code == 200 and second.json()["signer"] == signer
    linqing = second.json()["token"]
    response = http.get("/api/v1/devices", headers=bearer(linqing)).json()
    assert response["signer"] == signer
    entry = {d["key_id"]: d for d in response["devices"]}[key_id]
    assert (entry["hall_code"], entry["window"]) == (HALL_B, "09")
    old, new = entry["certificates"]
    assert (old["hall_code"], new["hall_code"]) == (HALL_A, HALL_B)
    assert old["valid_to"] is not None and new["valid_to"] is None and new["valid_from"] >= old["valid_from"]
    public = base64.b64decode(signer["public_key"])
    assert device_trust.signer_id(public) == signer["key_id"]
    for cert in (old, new):
        parsed = device_trust.DeviceCertificate.from_json(cert)
        assert device_trust.verify_certificate(parsed, public)
        forged = device_trust.DeviceCertificate.from_json({**cert, "hall_code": HALL_A if cert is new else HALL_B})
        assert not device_trust.verify_certificate(forged, public)

    code, revoked = _admin(server, capsys, "revoke", key_id, "--reason", "窗口电脑丢失")
    assert code == 0 and revoked["changed"] and revoked["revoked_at"] and revoked["tokens_revoked"] >= 1
    assert _error(http.get("/api/v1/devices", headers=bearer(linqing)))["code"] == "token_revoked"
    refused = _register(http, "linqing", PASSWORD, device)
    assert refused.status_code == 403 and "吊销" in _error(refused)["message"]
    token = login(http, "linqing", PASSWORD)
    entry = _listed(http, token)[key_id]
    assert entry["revoked_at"] and all(c["revoked_at"] == entry["revoked_at"] for c in entry["certificates"])
    assert _admin(server, capsys, "revoke", key_id)[1]["changed"] is False  # once is enough
    code, err = _admin(server, capsys, "rebind", key_id, "--hall", HALL_A)
    assert code == 2 and "吊销" in err  # a revoked device stays revoked
    code, err = _admin(server, capsys, "rebind", "NOSUCHKY", "--hall", HALL_A)
    assert code == 2 and "NOSUCHKY" in err


# --- the log-in limit -------------------------------------------------------------------------------


@contextlib.contextmanager
def _instances(server, tmp_path, monkeypatch, count: int = 2):
    """``count`` more server instances on the session server's database, in this process (so
    the password checks can be counted), each with its own engine, as separate processes."""
    import uvicorn

    from kuaixiang_server.app import create_app
    from kuaixiang_server.config import Settings
    from kuaixiang_server.db import open_database

    monkeypatch.setenv("KUAIXIANG_SERVER_SIGNING_KEY", getattr(conftest, "TEST_SIGNING_KEY_B64", ""))
    running, dbs, urls = [], [], []
    try:
        for n in range(count):
            settings = Settings(db_url=server.db_url, data_dir=tmp_path / f"instance-{n}")
            db = open_database(server.db_url, key=settings.key)
            dbs.append(db)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            urls.append(f"http://127.0.0.1:{sock.getsockname()[1]}")
            instance = uvicorn.Server(uvicorn.Config(create_app(settings, db), log_config=None, log_level="warning"))
            thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
            thread.start()
            running.append((instance, thread))
            while not instance.started:
                assert thread.is_alive(), "the in-process instance did not start"
                thread.join(timeout=0.02)
        yield urls
    finally:
        for instance, _thread in running:
            instance.should_exit = True
        for _instance, thread in running:
            thread.join(timeout=30)
        for db in dbs:
            db.close()


@pytest.fixture
def counted_checks(monkeypatch):
    """How many real password checks (scrypt) the in-process instances made."""
    real = auth.verify_password
    calls: list[str] = []
    lock = threading.Lock()

    def counting(password: str, stored: str) -> bool:
        with lock:
            calls.append(password)
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", counting)
    return calls


def _at_once(urls: list[str], address: str, bodies: list[dict]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies))

    def attempt(n: int) -> httpx.Response:
        with _client(urls[n % len(urls)], address) as client:
            barrier.wait(timeout=60)
            return client.post("/api/v1/login", json=bodies[n])

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(attempt, range(len(bodies))))


def test_sixty_concurrent_wrong_passwords_get_at_most_five_checks(server, tmp_path, monkeypatch, counted_checks):
    user = _new_user(server)
    address = _address()
    with _instances(server, tmp_path, monkeypatch) as urls:
        answers = _at_once(urls, address, [{"username": user, "password": f"wrong-{n:02d}"} for n in range(60)])
        statuses = sorted(r.status_code for r in answers)
        assert len(counted_checks) <= 5, f"{len(counted_checks)} real checks for one account (limit 5)"
        assert len(counted_checks) == 5  # and the limit is not reached by refusing honest attempts
        assert statuses.count(401) == len(counted_checks) and statuses.count(429) == 60 - len(counted_checks)
        limited = [r for r in answers if r.status_code == 429]
        assert all(0 < int(r.headers["Retry-After"]) <= 15 * 60 for r in limited)
        assert _error(limited[0])["code"] == "rate_limited"
        # The account is held from anywhere now, its right password included, unchecked.
        before = len(counted_checks)
        with _client(urls[0], _address()) as other:
            assert other.post("/api/v1/login", json={"username": user, "password": PASSWORD}).status_code == 429
        assert len(counted_checks) == before


def test_many_user_names_from_one_address_are_limited(server, http, tmp_path, monkeypatch, counted_checks):
    address = _address()
    limit = 30
    with _instances(server, tmp_path, monkeypatch) as urls:
        names = [f"nobody-{uuid.uuid4().hex[:8]}" for _ in range(60)]
        answers = _at_once(urls, address, [{"username": n, "password": "wrong-password"} for n in names])
        assert len(counted_checks) <= limit, f"{len(counted_checks)} checks from one address (limit {limit})"
        assert len(counted_checks) == limit
        assert sorted(r.status_code for r in answers).count(429) == 60 - len(counted_checks)
        with _client(urls[1], address) as same:  # and then any name from there, unchecked
            response = same.post("/api/v1/login", json={"username": "demo", "password": "demo1234"})
            assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    # From another address the same account logs in (the subprocess instance, same database).
    with _client(server.url, _address()) as elsewhere:
        assert elsewhere.post("/api/v1/login", json={"username": "demo", "password": "demo1234"}).status_code == 200


def test_a_right_password_gives_its_address_slot_back(server):
    """Clerks of one hall share an address: their daily log-ins never use up its allowance,
    only wrong passwords do."""
    address = _address()
    user = _new_user(server)
    with _client(server.url, address) as client:
        for n in range(29):  # 29 of the address's 30 slots, on names that do not exist
            assert client.post("/api/v1/login", json={"username": f"nobody-{n}-{uuid.uuid4().hex[:6]}",
                                                      "password": "wrong-password"}).status_code == 401
        for _ in range(3):  # each takes the last slot and gives it back
            assert client.post("/api/v1/login", json={"username": user, "password": PASSWORD}).status_code == 200
        assert client.post("/api/v1/login", json={"username": user, "password": "wrong-one!"}).status_code == 401
        response = client.post("/api/v1/login", json={"username": user, "password": PASSWORD})
        assert response.status_code == 429 and _error(response)["code"] == "rate_limited"


def test_retry_after_never_exceeds_the_window_when_another_attempt_opened_it_a_moment_later(tmp_path):
    """Two instances: one reads its clock, another opens the window a moment later; the first
    must not answer a Retry-After of the window plus that moment (901 s of a 900 s window)."""
    import datetime as dt

    from kuaixiang_server import throttle
    from kuaixiang_server.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'throttle.sqlite3'}", key=conftest.TEST_KEY)
    window = dt.timedelta(minutes=15)
    later = dt.datetime(2026, 12, 6, 8, 0, 0, 400_000)  # naive UTC, as the server stores times
    try:
        with db.write() as session:
            for _ in range(5):
                assert throttle.take(session, throttle.ACCOUNT, "u", 5, window, later) is None
        with db.write() as session:
            wait = throttle.take(session, throttle.ACCOUNT, "u", 5, window, later - dt.timedelta(seconds=1))
        assert wait == 15 * 60
    finally:
        db.close()
