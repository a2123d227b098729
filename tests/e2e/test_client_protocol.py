"""The sync client's reading of the protocol, answer by answer (httpx.MockTransport): the
error table, the protocol header, retry with full jitter, Retry-After, resumable upload,
and the network monitor. Fast; the real server is exercised by the other e2e tests."""

from __future__ import annotations

import gzip
import hashlib
import json

import httpx
import pytest

from kuaixiang_core import wire
from kuaixiang_desktop.services.network_monitor import NetworkMonitor
from kuaixiang_desktop.services.sync_report import SyncReport
from kuaixiang_desktop.sync.client import (
    NO_RETRY,
    AuthError,
    ConfigError,
    Conflict,
    Forbidden,
    ProtocolMismatch,
    RateLimited,
    Rejected,
    RetryPolicy,
    SyncClient,
    TooLarge,
    TransientError,
    api_base,
)

H = {"X-Kuaixiang-Protocol": "1"}


def _err(status: int, code: str, message: str = "说明", headers: dict | None = None) -> httpx.Response:
    return httpx.Response(status, headers={**H, **(headers or {})}, json={"error": {"code": code, "message": message}})


def _client(handler, retry: RetryPolicy = NO_RETRY, **kw) -> SyncClient:
    return SyncClient("https://server.test", "tok", transport=httpx.MockTransport(handler), retry=retry, **kw)


def _page(_request) -> httpx.Response:
    return httpx.Response(200, headers=H, json={"items": [], "next_cursor": "c1", "has_more": False})


def test_api_base():
    assert api_base("127.0.0.1:8765") == "http://127.0.0.1:8765/api/v1"
    assert api_base("https://kx.example/api/v1/") == "https://kx.example/api/v1"
    with pytest.raises(ConfigError):
        api_base("ftp://kx.example")
    with pytest.raises(ConfigError):
        api_base("  ")


@pytest.mark.parametrize(("response", "error", "code"), [
    (_err(401, "token_expired"), AuthError, "token_expired"),
    (_err(401, "token_revoked"), AuthError, "token_revoked"),
    (_err(403, "forbidden"), Forbidden, "forbidden"),
    (_err(400, "bad_request", "entries[0].kind: 缺少此项"), Rejected, "bad_request"),
    (_err(404, "not_found"), Rejected, "not_found"),
    (_err(413, "too_large"), TooLarge, "too_large"),
    (_err(500, "internal"), TransientError, "server"),
    (_err(503, "internal"), TransientError, "server"),
    (httpx.Response(502, text="<html>bad gateway</html>"), TransientError, "bad_body"),  # a proxy's page
    (httpx.Response(200, headers=H, content=b"<html>"), TransientError, "bad_body"),
    (httpx.Response(200, headers=H, content=b'{"items": ['), TransientError, "bad_body"),
    (httpx.Response(200, headers=H, json={"items": "x"}), TransientError, "bad_body"),  # not the schema
    (httpx.Response(200, headers={"X-Kuaixiang-Protocol": "2"}, json={}), ProtocolMismatch, "protocol"),
    (httpx.Response(200, json={"items": [], "next_cursor": "", "has_more": False}), TransientError, "bad_body"),
    (httpx.Response(200, headers={**H, "Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"\x1f\x8b not gzip")),
     TransientError,
     "bad_body"),
])
def test_error_table(response, error, code):
    client = _client(lambda request: response)
    try:
        with pytest.raises(error) as got:
            client.changes("policies")
    finally:
        client.close()
    assert got.value.code == code and got.value.message


def test_gzip_answers_are_read():
    body = json.dumps({"items": [{"name": "rd_expense", "type": "money"}] * 50, "next_cursor": "c", "has_more": False})

    def handler(request):
        assert "gzip" in request.headers["accept-encoding"]
        return httpx.Response(200, headers={**H, "Content-Encoding": "gzip"}, content=gzip.compress(body.encode()))

    with _client(handler) as client:
        assert len(client.changes("facts").items) == 50


def test_conflict_carries_the_upload_offset_and_rate_limit_the_wait():
    answers = iter([_err(409, "conflict", headers={"Upload-Offset": "4096"}),
                    _err(429, "rate_limited", headers={"Retry-After": "17"})])
    with _client(lambda r: next(answers)) as client:
        with pytest.raises(Conflict) as conflict:
            client.changes("facts")
        with pytest.raises(RateLimited) as limited:
            client.changes("facts")
    assert conflict.value.upload_offset == 4096 and limited.value.retry_after == 17


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_retry_backs_off_exponentially_with_full_jitter_then_succeeds():
    t = FakeTime()
    draws = iter([1.0, 0.5, 0.25, 1.0])
    policy = RetryPolicy(attempts=5, base=0.5, cap=3.0, sleep=t.sleep, clock=t.clock, random=lambda: next(draws))
    answers = iter([_err(503, "internal"), httpx.ConnectError("refused"), _err(500, "internal"),
                    httpx.ReadTimeout("slow")])
    calls = []

    def handler(request):
        calls.append(request)
        try:
            answer = next(answers)
        except StopIteration:
            return _page(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with _client(handler, policy) as client:
        assert client.changes("facts").next_cursor == "c1"
        assert client.stats.retries == 4
    # random × min(cap, base × 2**n): 1.0×0.5, 0.5×1.0, 0.25×2.0, 1.0×min(3, 4.0)
    assert t.slept == [0.5, 0.5, 0.5, 3.0] and len(calls) == 5


def test_retry_gives_up_after_attempts_or_elapsed_time():
    t = FakeTime()
    policy = RetryPolicy(attempts=3, base=1, sleep=t.sleep, clock=t.clock, random=lambda: 1.0)
    with _client(lambda r: _err(500, "internal"), policy) as client, pytest.raises(TransientError):
        client.changes("facts")
    assert t.slept == [1, 2]
    t = FakeTime()
    policy = RetryPolicy(attempts=50, base=1, cap=8, max_elapsed=20, sleep=t.sleep, clock=t.clock, random=lambda: 1.0)
    with _client(lambda r: _err(500, "internal"), policy) as client, pytest.raises(TransientError):
        client.changes("facts")
    assert t.slept == [1, 2, 4, 8] and sum(t.slept) <= 20


def test_retry_honours_retry_after_and_never_retries_auth_or_rejections():
    t = FakeTime()
    policy = RetryPolicy(attempts=5, sleep=t.sleep, clock=t.clock, max_retry_after=60)
    answers = iter([_err(429, "rate_limited", headers={"Retry-After": "12"})])

    def handler(request):
        return next(answers, None) or _page(request)

    with _client(handler, policy) as client:
        client.changes("facts")
    assert t.slept == [12]
    for answer in (_err(401, "unauthorized"), _err(400, "bad_request"), _err(409, "conflict")):
        t = FakeTime()
        policy = RetryPolicy(attempts=5, sleep=t.sleep, clock=t.clock)
        with _client(lambda r, a=answer: a, policy) as client, pytest.raises((AuthError, Rejected, Conflict)):
            client.changes("facts")
        assert t.slept == []
    t = FakeTime()  # a Retry-After beyond what the clerk should wait: give up at once
    policy = RetryPolicy(attempts=5, sleep=t.sleep, clock=t.clock, max_retry_after=60)
    with _client(lambda r: _err(429, "rate_limited", headers={"Retry-After": "3600"}), policy) as client:
        with pytest.raises(RateLimited):
            client.changes("facts")
    assert t.slept == []


def test_no_token_is_an_auth_error_before_any_request():
    sent = []
    client = SyncClient("https://server.test", None, transport=httpx.MockTransport(lambda r: sent.append(r)))
    with client, pytest.raises(AuthError):
        client.changes("facts")
    assert sent == []


def test_push_answers_must_match_the_entries():
    entry = wire.OutboxEntry("k1", "application.draft", "e1", {"id": "e1"})
    body = {"results": [{"key": "other", "status": "applied", "message": None, "server": None}]}
    with _client(lambda r: httpx.Response(200, headers=H, json=body)) as client, pytest.raises(TransientError):
        client.push([entry])


class UploadServer:
    """HEAD/PUT of the protocol's attachments, cutting chosen PUTs part-way."""

    def __init__(self, data: bytes, cut: set[int] = frozenset(), keep: int = 100):
        self.data = data
        self.sha = hashlib.sha256(data).hexdigest()
        self.got = b""
        self.cut = cut
        self.keep = keep
        self.puts = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        offset = {"Upload-Offset": str(len(self.got))}
        if request.method == "HEAD":
            complete = len(self.got) == len(self.data)
            return httpx.Response(200 if complete else 404, headers={**H, **offset})
        self.puts += 1
        rng = wire.parse_content_range(request.headers["content-range"])
        if rng.start != len(self.got):
            return _err(409, "conflict", headers=offset)
        body = request.content
        if self.puts in self.cut:
            self.got += body[: self.keep]  # what arrived before the connection broke
            raise httpx.RemoteProtocolError("peer closed connection")
        self.got += body
        done = len(self.got) == len(self.data)
        if done:
            assert self.got == self.data
        return httpx.Response(200, headers={**H, "Upload-Offset": str(len(self.got))},
                              json={"sha256": self.sha, "complete": done, "offset": len(self.got)})


def test_upload_resumes_from_the_servers_offset_after_cuts():
    data = bytes(range(256)) * 40  # 10,240 bytes, 1 KB chunks
    server = UploadServer(data, cut={2, 5})
    t = FakeTime()
    policy = RetryPolicy(attempts=3, sleep=t.sleep, clock=t.clock, random=lambda: 0.0)
    progress = []
    with _client(server, policy, chunk_size=1024) as client:
        result = client.upload_attachment(server.sha, data, on_progress=lambda d, n: progress.append(d))
    assert server.got == data and result.resumes == 2 and not result.already_complete
    assert result.bytes_sent == len(data) - 2 * 100  # the cut pieces were kept by the server, not re-sent
    assert progress[-1] == len(data)
    assert len(t.slept) == 2  # one backoff per cut
    with _client(server, policy) as client:  # a second time: already there, nothing sent
        again = client.upload_attachment(server.sha, data)
    assert again.already_complete and again.bytes_sent == 0


def test_upload_starting_part_way_and_correcting_a_stale_offset():
    data = b"%PDF-" + b"x" * 5000
    server = UploadServer(data)
    server.got = data[:3000]  # an earlier, interrupted upload
    with _client(server, chunk_size=4096) as client:
        result = client.upload_attachment(server.sha, data)
    assert result.resumed_from == 3000 and result.resumes == 1 and result.bytes_sent == 2005

    server = UploadServer(data)
    heads = iter(["0"])  # the HEAD answer is stale: another instance got 1,000 bytes meanwhile

    def handler(request):
        if request.method == "HEAD" and next(heads, None) == "0":
            server.got = data[:1000]
            return httpx.Response(404, headers={**H, "Upload-Offset": "0"})
        return server(request)

    with _client(handler, chunk_size=4096) as client:
        result = client.upload_attachment(server.sha, data)
    assert server.got == data and result.resumes == 1  # the 409's offset was followed


def test_upload_gives_up_when_the_cuts_do_not_stop():
    data = b"y" * 4096
    server = UploadServer(data, cut=set(range(1, 100)), keep=0)
    t = FakeTime()
    policy = RetryPolicy(attempts=3, sleep=t.sleep, clock=t.clock)
    with _client(server, policy, chunk_size=1024) as client, pytest.raises(TransientError):
        client.upload_attachment(server.sha, data)
    assert server.puts == 3


# --- the network monitor ------------------------------------------------------------------------------


def test_network_monitor_follows_rounds_and_backs_off_while_offline():
    t = FakeTime()
    changes = []
    monitor = NetworkMonitor(interval=300, base=5, cap=60, clock=t.clock, random_source=lambda: 1.0)
    monitor.subscribe(lambda old, new: changes.append((old, new)))
    assert monitor.state == "unknown" and monitor.due()
    down = SyncReport()
    down.stop("network", TransientError("无法连接"))
    for expected in (5, 10, 20, 40, 60, 60):
        monitor.observe(down)
        assert monitor.next_attempt_in() == expected
    assert monitor.state == "offline" and monitor.failures == 6 and not monitor.due()
    t.now += 60
    assert monitor.due()
    monitor.observe(SyncReport())
    assert monitor.online and monitor.next_attempt_in() == 300 and monitor.failures == 0
    auth = SyncReport()
    auth.stop("auth", AuthError("登录已失效"))
    monitor.observe(auth)
    assert monitor.online and monitor.auth_required  # reachable, but wants a log-in
    monitor.trigger()
    assert monitor.due()
    assert changes == [("unknown", "offline"), ("offline", "online")]


def test_network_monitor_probe():
    t = FakeTime()
    monitor = NetworkMonitor(clock=t.clock, random_source=lambda: 0.5)
    with _client(lambda r: (_ for _ in ()).throw(httpx.ConnectError("down"))) as client:
        assert not monitor.probe(client)
    assert monitor.state == "offline"
    with _client(lambda r: httpx.Response(200, headers=H, json={"status": "ok"})) as client:
        assert monitor.probe(client)
    assert monitor.online
