"""Property-based fuzzing of every route of ``/api/v1`` (the security issue's last item).

Every route the app has (enumerated from ``create_app(...).routes``; a route without a
strategy in ``fuzz_wire.ROUTES`` fails ``test_every_route_has_a_fuzz_strategy``) gets
requests built from the wire types and then broken (see fuzz_wire), with and without a token,
with a token of the other hall, and with expired, revoked and disabled ones. For each one:

- never a 5xx (clients retry every 5xx; a 5xx is a bug);
- every answer carries the protocol header; every 4xx body is the protocol's error JSON, its
  code one of the table's and matching the status;
- a 4xx changes nothing: the database (every table, every row compared, which is stricter
  than counts and a hash and says which rows moved) is the same before and after, except
  ``login_throttle`` (a refused log-in is *meant* to take a slot: that is the throttle) and,
  for ``hash_mismatch``, the caller's own session of that file (the protocol discards it, and
  says so). Uploads stay below ``FLUSH_BYTES``: a longer PUT refused at its end keeps the
  pieces already written, by design (an upload resumes from them);
- a 2xx is read by the shared wire type of its answer;
- each request answers within ``REQUEST_BOUND`` seconds.

Why a real server process: the fixtures start one cheaply, and the fuzz then goes through
uvicorn's HTTP parsing, chunked bodies and the middleware exactly as a client's would. It is
the fuzz's own instance (its own database, a 40-enterprise demo), not the session servers:
its log-ins fill the throttle of 127.0.0.1, and its snapshots read every table per request,
which stays fast on a small database. Snapshots are read beside the server through the
fuzz's own connection; nothing else writes that database while a route is fuzzed.

Hypothesis: derandomized (CI sees the same examples every run), no example database written
into the repository, ``MAX_EXAMPLES`` per route and backend (times ``WEIGHT``), sized to keep
the whole module, both backends, near 40 s on two cores (each example's deadline 15 s). The
printed counts (``-s``) show what the fuzz reached on each route.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from sqlalchemy import inspect, select

from kuaixiang_core.domain.search_keys import KEYS_VERSION, keys_for
from kuaixiang_core.wire import ERROR_STATUS, PROTOCOL_HEADER, ChangePage, ErrorBody, OutboxResponse
from kuaixiang_core.wire_receipt import ReceiptAnswer
from kuaixiang_core.wire_search_keys import search_keys_from_wire
from kuaixiang_core.wire_session import DeviceChallenge, DeviceList, LoginResponse
from kuaixiang_server import auth
from kuaixiang_server.app import create_app
from kuaixiang_server.config import Settings
from kuaixiang_server.db import open_database
from kuaixiang_server.models import AuthToken, Clerk, Enterprise, EnterpriseFact, PolicyItem

from . import fuzz_wire
from .conftest import (
    HALL_DEVICES,
    PASSWORD,
    TEST_KEY,
    TEST_SIGNING_KEY_B64,
    bearer,
    device_short_id,
    fresh_database,
    login,
    new_device,
    proven,
    start_server,
)
from .fuzz_wire import API, HALL_A, HALL_B, FuzzRequest, Known

# CI runs the same examples every time; a longer hunt: KUAIXIANG_FUZZ_EXAMPLES=500, and
# KUAIXIANG_FUZZ_SEED=<n> for other examples than CI's.
MAX_EXAMPLES = int(os.environ.get("KUAIXIANG_FUZZ_EXAMPLES", "50"))
FUZZ_SEED = os.environ.get("KUAIXIANG_FUZZ_SEED")
# The routes with the most behind them get more: the outbox's intake, the uploads' sessions.
WEIGHT = {("POST", f"{API}/outbox"): 3, ("PUT", f"{API}/attachments/{{sha256}}"): 2, ("POST", f"{API}/login"): 2}
REQUEST_BOUND = 5.0  # seconds: a log-in's scrypt is tens of ms, everything else a few
UNCHECKED_TABLES = frozenset({"login_throttle"})  # see the module docstring


# --- the fuzz's own server ----------------------------------------------------------------------------


def _route_keys(app) -> set[tuple[str, str]]:
    """(method, path template) of every HTTP route of ``app``."""
    try:  # FastAPI ≥ 0.120 includes routers lazily: their routes are reached through contexts
        from fastapi.routing import iter_route_contexts
        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI lists APIRoutes directly
        routes = app.routes
    return {(method, route.path) for route in routes for method in (getattr(route, "methods", None) or ())}


Table = tuple[tuple[str, ...], tuple[tuple, ...]]  # column names, rows sorted


@dataclass
class Harness:
    kind: str
    url: str
    db: object
    log_path: Path
    client: httpx.Client
    known: Known
    tokens: dict[str, str]
    clerk_ids: dict[str, int]
    tables: list[str] = field(default_factory=list)
    _last: dict[str, Table] | None = None

    # --- the database, every table row by row -------------------------------------------------------

    def snapshot(self) -> dict[str, Table]:
        """Every table but ``UNCHECKED_TABLES``, row by row. Reused while nothing can have
        written since (the last answer was a 4xx, which is checked to change nothing)."""
        if self._last is not None:
            return self._last
        out: dict[str, Table] = {}
        raw = self.db.engine.raw_connection()  # the driver's cursor: a tenth of SQLAlchemy's cost per row
        try:
            cur = raw.cursor()
            for name in self.tables:
                cur.execute(f'SELECT * FROM "{name}"')
                cols = tuple(d[0] for d in cur.description)
                out[name] = (cols, tuple(sorted((tuple(r) for r in cur.fetchall()), key=repr)))
            cur.close()
            raw.rollback()
        finally:
            raw.close()
        return out

    def keep(self, snap: dict[str, Table] | None) -> None:
        self._last = snap

    # --- requests -----------------------------------------------------------------------------------

    def mint(self, username: str, *, expires_in: dt.timedelta = dt.timedelta(hours=1),
             revoked: bool = False) -> str:
        """A token written straight into the database (no log-in: no scrypt, no throttle)."""
        token = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.db.write() as s:
            clerk_id = s.scalars(select(Clerk.id).where(Clerk.username == username)).one()
            s.add(AuthToken(token_hash=auth.token_digest(token), clerk_id=clerk_id, created_at=now,
                            expires_at=now + expires_in, revoked_at=now if revoked else None,
                            revoked_by="admin" if revoked else None, client_addr="fuzz"))
        return token

    def authorization(self, req: FuzzRequest) -> str | None:
        role = req.auth
        if role == "none":
            return None
        if role == "logout":  # a live token of its own: a successful logout revokes it
            return f"Bearer {self.mint('fz-out')}"
        if role == "basic":
            return "Basic ZGVtbzpkZW1vMTIzNA=="
        if role == "bare":
            return self.tokens["a"]
        return f"Bearer {self.tokens[role]}"

    def send(self, req: FuzzRequest, authorization: str | None) -> tuple[httpx.Response, float]:
        # As bytes: a Latin-1 header value goes out as it is (httpx would refuse non-ASCII text).
        # Stripped: HTTP drops white space around a value, and h11 refuses to send it.
        headers = {k: v.strip(" \t").encode("latin-1") for k, v in req.headers.items()}
        if authorization is not None:
            headers["Authorization"] = authorization.encode("latin-1")
        content = req.content
        if req.chunked and content is not None:
            pieces = [content[i:i + 1000] for i in range(0, len(content), 1000)] or [b""]
            content = iter(pieces)  # httpx sends an iterator chunked, without Content-Length
        started = time.monotonic()
        response = self.client.request(req.method, self.url + req.path, params=req.params or None,
                                       headers=headers, content=content)
        return response, time.monotonic() - started

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-1500:]  # the end of the last traceback


def _diff(before: dict[str, Table], after: dict[str, Table]) -> list[str]:
    out = []
    for name in before:
        if name in UNCHECKED_TABLES or before[name] == after[name]:
            continue
        cols, old = before[name]
        new = after[name][1]
        gone = [dict(zip(cols, r, strict=True)) for r in set(old) - set(new)][:3]
        added = [dict(zip(cols, r, strict=True)) for r in set(new) - set(old)][:3]
        out.append(f"{name}: {len(old)} → {len(new)} rows; removed {gone!r}; added {added!r}")
    return out


def _without_session(snap: dict[str, Table], sha: str, clerk_id: int | None) -> dict[str, Table]:
    """``snap`` without ``clerk_id``'s upload session of ``sha`` and its chunks: what a
    ``hash_mismatch`` is documented to discard."""
    cols, rows = snap["upload_session"]
    gone = [r for r in rows if dict(zip(cols, r, strict=True))["sha256"] == sha
            and dict(zip(cols, r, strict=True))["clerk_id"] == clerk_id]
    ids = {dict(zip(cols, r, strict=True))["id"] for r in gone}
    chunk_cols, chunks = snap["upload_chunk"]
    kept_chunks = tuple(c for c in chunks if dict(zip(chunk_cols, c, strict=True))["session_id"] not in ids)
    return {**snap, "upload_session": (cols, tuple(r for r in rows if r not in gone)),
            "upload_chunk": (chunk_cols, kept_chunks)}


def _check_success(req: FuzzRequest, response: httpx.Response) -> str:
    """A 2xx answer is what the shared wire type of its route reads; returns what the
    outbox made of each entry."""
    if req.method == "HEAD":
        return ""
    if req.path.startswith(f"{API}/updates/files/"):
        # The published file (fuzz_wire's second upload content), whole or the range asked.
        assert response.content and response.content in b"attachment " * 40, response.content[:100]
        return "range" if response.status_code == 206 else "whole"
    if req.path.startswith(f"{API}/snapshot/"):
        # No snapshot is built for the fuzz server's small library: a chunk is never found.
        raise AssertionError(f"a chunk of a snapshot that was never built: {req.path}")
    data = response.json()
    path = req.path
    if path == f"{API}/snapshot":
        assert data["state"] == "not_needed" and isinstance(data["threshold"], int), data
        return data["state"]
    if path == f"{API}/login":
        LoginResponse.from_json(data)
    elif path == f"{API}/outbox":
        return "/".join(sorted({r.status for r in OutboxResponse.from_json(data).results}))
    elif path.startswith(f"{API}/changes/"):
        page = ChangePage.from_json(data)
        keyed = [i for i in page.items if "search_keys" in i]
        if keyed:  # only enterprises, only when this version was asked for, and exactly the client's
            assert path.endswith("/enterprises") and ("keys", str(KEYS_VERSION)) in list(req.params or []), req
            assert all(search_keys_from_wire(i) == keys_for(i["name"], i["legal_rep"]) for i in keyed)
            return "keyed"
    elif path == f"{API}/devices":
        DeviceList.from_json(data)
    elif path == f"{API}/devices/challenge":
        DeviceChallenge.from_json(data)
    elif path.startswith(f"{API}/attachments/"):
        assert set(data) == {"sha256", "complete", "offset", "size"}, data
    elif path == f"{API}/logout":
        assert data == {"revoked": True}, data
    elif path == f"{API}/receipts/check":
        return "known" if ReceiptAnswer.from_json(data).known else "unknown"
    elif path == f"{API}/licences/resolve":
        assert set(data) == {"verified", "supported", "message", "credit_code", "name"}, data
        return "verified" if data["verified"] else "unverified"
    elif path == f"{API}/updates/latest":
        assert set(data) == {"manifest"}, data
    elif path.startswith(f"{API}/outreach/"):
        assert {"item_id", "total", "enterprises", "next_after"} <= set(data), data
    else:
        assert data["status"] == "ok", data
    return ""


def check_one(h: Harness, req: FuzzRequest) -> str:
    """Sends ``req`` and checks the properties of the module's docstring; returns what it
    got (method, status, error code), for the fuzz's statistics."""
    authorization = h.authorization(req)  # may write (a minted token): before the snapshot
    if req.auth == "logout":
        h.keep(None)
    before = h.snapshot()
    h.keep(None)  # until this request is known to have changed nothing
    response, took = h.send(req, authorization)
    status = response.status_code
    where = f"{req!r} → {status} {response.text[:500]!r}"
    assert status < 500, f"{where}\nserver log:\n{h.log_tail()}"
    assert took < REQUEST_BOUND, f"{where} took {took:.1f} s"
    assert response.headers.get(PROTOCOL_HEADER) == "1", where
    assert status < 300 or status >= 400, where
    if status < 300:
        return f"{req.method} → {status} {_check_success(req, response)}".rstrip()
    after = h.snapshot()
    code = None
    if req.method != "HEAD":  # a HEAD answer has no body, by HTTP
        error = ErrorBody.from_json(response.json())
        code = error.code
        assert ERROR_STATUS.get(code) == status, where
        assert error.message, where
    if code == "hash_mismatch":
        sha = req.path.rsplit("/", 1)[1].lower()
        before = _without_session(before, sha, h.clerk_ids.get(req.auth))
    changed = _diff(before, after)
    assert not changed, f"{where}\nchanged on a {status}:\n" + "\n".join(changed)
    h.keep(after)
    return f"{req.method} → {status} {code or ''}"


@pytest.fixture(scope="module")
def _fuzz_servers(tmp_path_factory):
    """The fuzz's two servers (SQLite, PostgreSQL), started at once: each takes seconds."""
    started: dict[str, object] = {}
    with contextlib.ExitStack() as stack:
        for kind in ("sqlite", "postgresql"):
            folder = tmp_path_factory.mktemp(f"fuzz-{kind}")
            try:
                url = stack.enter_context(fresh_database(kind, folder))
            except pytest.skip.Exception as skipped:
                started[kind] = skipped
                continue
            proc = start_server(url, folder, "--demo", "--demo-enterprises", "40", wait=False)
            stack.callback(proc.stop)
            started[kind] = proc
        yield started


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def harness(request, _fuzz_servers, tmp_path_factory) -> Harness:
    proc = _fuzz_servers[request.param]
    if isinstance(proc, BaseException):
        pytest.skip(str(proc))
    proc.wait_ready()
    db = open_database(proc.db_url, key=TEST_KEY)
    client = httpx.Client(timeout=REQUEST_BOUND * 2)
    try:
        with db.write() as s:
            for username, hall in (("fz-b", HALL_B), ("fz-off", HALL_A), ("fz-out", HALL_A)):
                auth.add_clerk(s, username, PASSWORD, hall, display_name=f"{username} 窗口", window="01")
            s.execute(Clerk.__table__.update().where(Clerk.username == "fz-off").values(disabled=True))
        with httpx.Client(base_url=proc.url, timeout=30) as c:
            tokens = {"a": login(c, device=HALL_DEVICES[HALL_A]), "b": login(c, "fz-b", PASSWORD, HALL_DEVICES[HALL_B])}
        with db.read() as s:
            ids = dict(s.execute(select(Clerk.username, Clerk.id)).all())
            ratio = s.scalars(select(Enterprise.credit_code).join(EnterpriseFact)
                              .where(EnterpriseFact.name == "disabled_employment_ratio").limit(6)).all()
            others = s.scalars(select(Enterprise.credit_code).order_by(Enterprise.id).limit(4)).all()
            items = s.scalars(select(PolicyItem.id).order_by(PolicyItem.id)).all()
        known = Known(credit_codes=(*ratio, *others), items=(*items, "no-such-item"),
                      usernames=("demo", "fz-b", "fz-off", "nobody"), password=PASSWORD,
                      device_prefix={HALL_A: device_short_id(HALL_A), HALL_B: device_short_id(HALL_B)})
        h = Harness(request.param, proc.url, db, proc.log_path, client, known, tokens,
                    {"a": ids["demo"], "b": ids["fz-b"]})
        h.tokens.update(garbage="not-a-token-" + "x" * 40, expired=h.mint("demo", expires_in=-dt.timedelta(1)),
                        revoked=h.mint("demo", revoked=True), disabled=h.mint("fz-off"))
        # One release the server serves, whose hash the strategies draw (an upload content).
        from kuaixiang_server import updates

        package = tmp_path_factory.mktemp("release") / "kuaixiang.zip"
        package.write_bytes(known.upload_contents[1])
        updates.publish(db, Settings(db_url=db.url, data_dir=package.parent, _key=TEST_KEY,
                                     _signing_key=base64.b64decode(TEST_SIGNING_KEY_B64)),
                        package, version="1.0", platform="linux-x86_64", minimum_version=None, notes="")
        h.tables = sorted(set(inspect(db.engine).get_table_names()) - UNCHECKED_TABLES)
        yield h
    finally:
        client.close()
        db.close()


def _with_live_challenges(h: Harness) -> Known:
    """The log-in strategy's devices, proven with challenges fresh for this test (they last
    two minutes): hall A's registered device, hall B's, and one never seen."""
    with httpx.Client(base_url=h.url, timeout=30) as c:
        devices = (proven(c, HALL_DEVICES[HALL_A]), proven(c, HALL_DEVICES[HALL_B]), proven(c, new_device("新窗口")))
    return Known(**{**h.known.__dict__, "proven_devices": devices})


# --- the tests ----------------------------------------------------------------------------------------


def test_every_route_has_a_fuzz_strategy(tmp_path):
    """A route added to the app without a strategy here fails: nothing escapes the fuzz."""
    db = open_database(f"sqlite:///{tmp_path / 'routes.sqlite3'}", key=TEST_KEY)
    try:
        app = create_app(Settings(db_url=db.url, data_dir=tmp_path, _key=TEST_KEY,
                                  _signing_key=base64.b64decode(TEST_SIGNING_KEY_B64)), db)
        routes = _route_keys(app)
    finally:
        db.close()
    assert len(routes) >= 9
    assert routes - set(fuzz_wire.ROUTES) == set(), "routes of the app with no fuzz strategy in fuzz_wire.ROUTES"
    assert set(fuzz_wire.ROUTES) - routes == set(), "fuzz strategies for routes the app no longer has"


@pytest.mark.parametrize("route", list(fuzz_wire.ROUTES), ids=lambda r: f"{r[0]} {r[1].removeprefix(API)}")
def test_fuzz_route(harness, route):
    known = _with_live_challenges(harness) if route == ("POST", f"{API}/login") else harness.known
    strategy = fuzz_wire.ROUTES[route](known)

    @seed(int(FUZZ_SEED or 0))
    @settings(max_examples=MAX_EXAMPLES * WEIGHT.get(route, 1), derandomize=FUZZ_SEED is None, database=None,
              deadline=dt.timedelta(seconds=15), print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(strategy)
    def fuzz(req: FuzzRequest) -> None:
        outcome = check_one(harness, req)
        event(outcome)
        reached[outcome] += 1

    reached: collections.Counter[str] = collections.Counter()
    fuzz()
    print(f"\n{harness.kind} {route}: {dict(reached)}")


def test_the_harness_sees_a_change_and_a_refused_request_changes_nothing(harness):
    """The properties can fail: a write the server makes shows in the snapshot's diff."""
    harness.keep(None)
    before = harness.snapshot()
    sha = hashlib.sha256(b"harness check").hexdigest()
    response = harness.client.put(f"{harness.url}{API}/attachments/{sha}", content=b"harness",
                                  headers={**bearer(harness.tokens["a"]), "Content-Range": "bytes 0-6/13"})
    assert response.status_code == 200, response.text
    changed = _diff(before, harness.snapshot())
    assert [line.split(":")[0] for line in changed] == ["upload_chunk", "upload_session"]
    # The same piece again is a 409 (the offset moved on) and changes nothing.
    check_one(harness, FuzzRequest("PUT", f"{API}/attachments/{sha}", "a", headers={"Content-Range": "bytes 0-6/13"},
                                   content=b"harness"))



@pytest.mark.parametrize("created_at", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_an_outbox_created_at_past_the_calendar_is_a_400_naming_it(harness, created_at):
    # Found by the fuzz: the offset moved the time past what datetime holds, a 500 (clients
    # retry every 5xx, so the entry would have been sent again and again).
    entry = {"key": "k1", "kind": "application.draft", "entity_id": "k1", "payload": {}, "created_at": created_at}
    req = FuzzRequest("POST", f"{API}/outbox", "a", content=json.dumps({"entries": [entry]}).encode())
    assert check_one(harness, req) == "POST → 400 bad_request"
    response, _ = harness.send(req, harness.authorization(req))
    assert "entries[0].created_at" in response.json()["error"]["message"]
