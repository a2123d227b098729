"""Simulated hall windows against the city's server (Locust; deploy/city/load_test.py runs it).

One Locust user is one window's machine: its own Ed25519 device key, its own clerk
(``window-NNNN``, made by ``city_stack.py --clerks``), logging in as the real client does
(challenge, signed proof, ``POST /login``), then running sync rounds as
``services/sync_service.py`` does: upload the attachments of what it filed (HEAD, then PUT in
256 KB ranges), push the outbox, pull ``facts``, ``policies``, ``enterprises`` and
``applications`` (the statuses) from its cursors, then ``GET /devices``; now and then a
receipt is checked against the server's record.

The model (Liaocheng; the numbers are environment variables of the run, see load_test.py):

- a window syncs every ``KX_ROUND_S`` seconds (180: "every few minutes"), ±50 % jitter so
  the windows do not march in step;
- it files an application every ``KX_FILE_EVERY_S`` seconds on average (960: about 30 in
  an 8-hour day, a busy window), each with 1–3 scanned materials of 100–600 KB;
- a receipt check in one round of ``KX_RECEIPT_CHECK_EVERY`` (10);
- ``KX_TIME_SCALE`` divides both intervals: 1 is the real day, 30 runs thirty days' worth of
  traffic per day, to find where the stack saturates.

Each hall reaches the server from an address of its own (its NAT; here ``127.0.1.N``, hall
N of 12 as city_stack.py seeds them), so the log-in limit per address (30 attempts in flight
or failed per 15 minutes) counts per hall, as it would in the city. A refused log-in (429) is
tried again after ``Retry-After``, as the client does; the window waits, it does not go away.

Every window starts provisioned: its enterprise cursor is the stream's end when the run began
(snapshot provisioning is another part of the issue), its catalogue and statuses are pulled in
full at log-in. A push that fails in transit (timeout, 5xx, cut connection) is sent again with
the same idempotency key, as the client does; each application's final outcome is written to
``KX_LEDGER`` so the database can be checked afterwards (0 lost, 0 duplicated).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import gevent
from geventhttpclient.connectionpool import ConnectionPool
from locust import FastHttpUser, events, task

from kuaixiang_core.domain import clock, receipt_token
from kuaixiang_core.domain.device_trust import sign_proof

PASSWORD = os.environ.get("KX_CLERK_PASSWORD", "city-pass-1")
SCALE = float(os.environ.get("KX_TIME_SCALE", "1"))
ROUND_S = float(os.environ.get("KX_ROUND_S", "180")) / SCALE
FILE_EVERY_S = float(os.environ.get("KX_FILE_EVERY_S", "960")) / SCALE
RECEIPT_EVERY = int(os.environ.get("KX_RECEIPT_CHECK_EVERY", "10"))
PAIR_OFFSET = int(os.environ.get("KX_PAIR_OFFSET", "0"))
FILE_AT_START = os.environ.get("KX_FILE_AT_START") == "1"  # a smoke test's windows file at once
LEDGER = os.environ.get("KX_LEDGER")
CLERKS = int(os.environ.get("KX_CLERKS", "500"))
HALLS = 12
CHUNK = 256 * 1024
PAGE = 2000
PUSH_ATTEMPTS = 4
AGENT = {"name": "李秀英", "id_number": "11010519491231002X", "phone": "13906351234"}
STREAMS = ("facts", "policies", "enterprises", "applications")

_users = itertools.count()
_pairs = itertools.count(PAIR_OFFSET)
_world: dict = {}
_ledger: list[dict] = []
_ledger_lock = threading.Lock()


_plain_socket = ConnectionPool._create_tcp_socket


def _socket_from_the_halls_address(self, family, socktype, protocol):
    """Connections a window opens leave from its hall's address (``kx_source`` on its greenlet)."""
    sock = _plain_socket(self, family, socktype, protocol)
    source = getattr(gevent.getcurrent(), "kx_source", None)
    if source:
        sock.bind((source, 0))
    return sock


ConnectionPool._create_tcp_socket = _socket_from_the_halls_address


@events.test_start.add_listener
def _provisioned_world(environment, **_kw):
    """The enterprises and items to file for, and the enterprise stream's end: read once."""
    import httpx

    base = environment.host.rstrip("/")
    with httpx.Client(base_url=base, timeout=120) as client:
        token = _login(client, "window-0001", _window_device(1, "window-0001 压力测试"))
        codes, cursor = [], None
        while True:
            page = client.get("/api/v1/changes/enterprises", params={"limit": 5000, **({"after": cursor} if cursor else {})},
                              headers=_bearer(token)).json()
            codes += [e["credit_code"] for e in page["items"]]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        items, pcursor = {}, None
        while True:
            page = client.get("/api/v1/changes/policies", params={"limit": 500, **({"after": pcursor} if pcursor else {})},
                              headers=_bearer(token)).json()
            for entry in page["items"]:
                item = entry["item"]
                if item.get("current") and item["content"].get("mode") != "auto":
                    items[item["id"]] = (item["version"], [m["name"] for m in item["content"].get("materials", [])
                                                           if m.get("required", True)])
            pcursor = page["next_cursor"]
            if not page["has_more"]:
                break
        client.post("/api/v1/logout", headers=_bearer(token))
    _world.update(codes=sorted(codes), items=sorted(items.items()), enterprise_cursor=cursor)


@events.test_stop.add_listener
def _write_ledger(**_kw):
    if LEDGER:
        Path(LEDGER).write_text(json.dumps(_ledger, ensure_ascii=False), "utf-8")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _window_device(number: int, label: str) -> dict:
    """The window's own device key, the same on every run: a window keeps its key, so the
    city has one device per window (GET /devices lists them all) however often it is tested."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = hashlib.sha256(f"kuaixiang load-test window {number}".encode()).digest()
    public = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"key_id": receipt_token.key_id(public), "public_key": base64.b64encode(public).decode(), "label": label,
            "private": private}


def _login(client, username: str, device: dict) -> str:
    challenge = client.post("/api/v1/devices/challenge").json()["challenge"]
    body = {"username": username, "password": PASSWORD,
            "device": {**{k: device[k] for k in ("key_id", "public_key", "label")}, "challenge": challenge,
                       "signature": sign_proof(challenge, device["private"])}}
    response = client.post("/api/v1/login", json=body)
    response.raise_for_status()
    return response.json()["token"]


def _scan(tag: str, size: int) -> bytes:
    head = f"%PDF-1.4\n% {tag}\n".encode()
    return head + random.randbytes(max(0, size - len(head) - 7)) + b"\n%%EOF\n"


class HallWindow(FastHttpUser):
    """One window's machine; a round every ROUND_S seconds (jittered)."""

    network_timeout = 120.0  # the client's read timeout is generous too: a slow answer is not an error
    connection_timeout = 10.0

    def wait_time(self):
        return random.uniform(0.5 * ROUND_S, 1.5 * ROUND_S)

    def on_start(self):
        self.number = next(_users) % CLERKS + 1
        self.username = f"window-{self.number:04d}"
        gevent.getcurrent().kx_source = f"127.0.1.{(self.number - 1) % HALLS + 1}"
        self.device = _window_device(self.number, f"{self.username} 压力测试")
        self.cursors: dict[str, str | None] = dict.fromkeys(STREAMS)
        self.cursors["enterprises"] = _world.get("enterprise_cursor")
        # Receipt numbers go on from run to run (the device is the same): NNNN of the run's block.
        self.receipt_seq = (PAIR_OFFSET // 10_000) * 400
        self.receipts: list[dict] = []
        self.rounds = 0
        self.devices_tag: str | None = None
        self.next_filing = time.monotonic() + random.expovariate(1 / FILE_EVERY_S)
        self._log_in()
        self.sync_round(first=True)

    def _log_in(self):
        while not self._try_log_in():
            pass

    def _try_log_in(self) -> bool:
        with self.client.post("/api/v1/devices/challenge", name="POST /devices/challenge", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"challenge {r.status_code}")
                gevent.sleep(10)
                return False
            challenge = r.json()["challenge"]
        body = {"username": self.username, "password": PASSWORD,
                "device": {**{k: self.device[k] for k in ("key_id", "public_key", "label")}, "challenge": challenge,
                           "signature": sign_proof(challenge, self.device["private"])}}
        with self.client.post("/api/v1/login", json=body, name="POST /login", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"login {r.status_code}: {r.text[:200]}")
                retry_after = r.headers.get("Retry-After") if r.status_code == 429 else None
                gevent.sleep(float(retry_after) if retry_after else 10)
                return False
            data = r.json()
        self.token = data["token"]
        self.hall = data["clerk"]["hall_code"]
        self.window = data["clerk"]["window"]
        self.headers = _bearer(self.token)
        return True

    @task
    def sync_round(self, first: bool = False):
        self.rounds += 1
        if (first and FILE_AT_START) or (not first and time.monotonic() >= self.next_filing):
            self.next_filing = time.monotonic() + random.expovariate(1 / FILE_EVERY_S)
            self.file_and_push()
        for stream in STREAMS:
            self.pull(stream)
        self.devices()
        if self.receipts and self.rounds % RECEIPT_EVERY == 0:
            self.client.post("/api/v1/receipts/check", json=random.choice(self.receipts), headers=self.headers,
                             name="POST /receipts/check")

    def devices(self):
        """As sync/client.py asks: with the tag of the list it took in last, so an unchanged
        list is a 304 without a body."""
        headers = {**self.headers, "If-None-Match": self.devices_tag} if self.devices_tag else self.headers
        with self.client.get("/api/v1/devices", headers=headers, name="GET /devices", catch_response=True) as r:
            if r.status_code == 200:
                self.devices_tag = r.headers.get("ETag")
                r.success()
            elif r.status_code == 304 and self.devices_tag:
                r.success()
            else:
                r.failure(f"{r.status_code}")

    def pull(self, stream: str):
        for _ in range(100):
            params = {"limit": PAGE}
            if self.cursors[stream]:
                params["after"] = self.cursors[stream]
            with self.client.get(f"/api/v1/changes/{stream}?{urlencode(params)}", headers=self.headers,
                                 name=f"GET /changes/{stream}", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code}")
                    return
                page = r.json()
            self.cursors[stream] = page["next_cursor"]
            if not page["has_more"]:
                return

    def _pair(self) -> tuple[str, str, int, list[str]]:
        codes, items = _world["codes"], _world["items"]
        n = next(_pairs)
        item_id, (version, materials) = items[(n // len(codes)) % len(items)]
        return codes[n % len(codes)], item_id, version, materials

    def upload(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        with self.client.head(f"/api/v1/attachments/{sha}", headers=self.headers, name="HEAD /attachments/[sha]",
                              catch_response=True) as r:
            if r.status_code == 200:
                return sha
            r.success()  # 404: not there yet, as expected
        total = len(data)
        for start in range(0, total, CHUNK):
            end = min(total, start + CHUNK) - 1
            headers = {**self.headers, "Content-Range": f"bytes {start}-{end}/{total}",
                       "Content-Type": "application/octet-stream"}
            self.client.put(f"/api/v1/attachments/{sha}", data=data[start:end + 1], headers=headers,
                            name="PUT /attachments/[sha]")
        return sha

    def file_and_push(self):
        code, item_id, version, required = self._pair()
        app_id = str(uuid.uuid4())
        materials = []
        for i, name in enumerate(required or ["申请表"]):
            sha = self.upload(_scan(f"{app_id}-{i}", random.randint(100, 600) * 1024)) if i < 3 else None
            materials.append({"name": name, "required": True, "received": True, "originals": 1, "copies": 0,
                              "attachment_sha256": sha})
        self.receipt_seq += 1
        today = clock.today()
        receipt_no = f"{self.hall}-{today:%Y%m%d}-{self.device['key_id'][:4].upper()}-{self.receipt_seq:04d}"
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        payload = {
            "id": app_id, "enterprise_id": 1, "item_id": item_id, "item_version": version, "status": "accepted",
            "receipt_no": receipt_no, "hall_code": self.hall, "window": self.window, "benefit_amount_fen": 500000,
            "deferred_deadline": None, "materials": materials, "credit_code": code, "agent": AGENT,
            "trace": {"verdict": "eligible", "as_of": today.isoformat(), "benefit": {"amount": "5000.00", "text": None},
                      "conditions": []},
        }
        entry = {"key": app_id, "kind": "application.accepted", "entity_id": app_id, "payload": payload,
                 "created_at": now.isoformat().replace("+00:00", "Z")}
        outcome, message = "undelivered", ""
        for attempt in range(PUSH_ATTEMPTS):
            with self.client.post("/api/v1/outbox", json={"entries": [entry]}, headers=self.headers,
                                  name="POST /outbox", catch_response=True) as r:
                if r.status_code == 200:
                    result = r.json()["results"][0]
                    outcome, message = result["status"], result.get("message") or ""
                    if outcome not in ("applied", "duplicate"):
                        r.failure(f"outbox {outcome}: {message[:120]}")
                    break
                message = f"HTTP {r.status_code}"
                r.failure(f"outbox {r.status_code} (attempt {attempt + 1})")
        with _ledger_lock:
            _ledger.append({"id": app_id, "hall": self.hall, "credit_code": code, "item_id": item_id,
                            "outcome": outcome, "message": message[:200]})
        if outcome in ("applied", "duplicate"):
            self.receipts.append({"receipt_no": receipt_no, "application_id": app_id, "key_id": self.device["key_id"],
                                  "credit_code": code, "item_id": item_id, "amount_fen": 500000,
                                  "accepted_at": entry["created_at"], "hall_code": self.hall})
