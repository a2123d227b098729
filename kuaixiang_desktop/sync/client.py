"""The HTTP client of docs/sync-protocol.md: one ``SyncClient`` per server and token.

Everything the server can answer is turned into a typed exception the sync service can act
on, following the protocol's table:

| answer                                                   | exception                      |
|----------------------------------------------------------|--------------------------------|
| 401 ``unauthorized`` / ``token_expired`` / ``token_revoked`` | :class:`AuthError` (stop, log in) |
| 403 ``forbidden``                                        | :class:`Forbidden` (stop)      |
| 409 ``conflict``                                         | :class:`Conflict` (+ ``upload_offset``) |
| 400, 404, 405, 413 and other 4xx                         | :class:`Rejected` (do not retry unchanged) |
| 429 ``rate_limited``                                     | :class:`RateLimited` (``retry_after``) |
| 5xx, timeouts, refused or cut connections, a body that is not JSON or is cut short, an answer without ``X-Kuaixiang-Protocol`` | :class:`TransientError` (back off, retry) |
| another major ``X-Kuaixiang-Protocol``                   | :class:`ProtocolMismatch` (stop, upgrade) |

Calls that are safe to repeat (every call of the protocol is: pushes carry idempotency
keys, uploads resume from the server's offset) retry transient failures with exponential
backoff and full jitter (:class:`RetryPolicy`; sleep, clock and random source injectable).
No Qt here: the GUI runs these calls in a worker.

Transport (:class:`TransportSecurity`): the password and the bearer token travel in every
log-in and request, so plain ``http://`` is refused for any host but this machine's own
loopback (the ``--demo`` server) unless the setting allows it; ``https://`` is verified
against the usual CA bundle or, when a file is given, against that file alone: the server's
own certificate (pinned) or the CA that signs it. A certificate that does not verify is
:class:`UntrustedServer`, never retried: it is not going to get better by waiting.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import orjson

from kuaixiang_core import wire, wire_parts, wire_search_keys
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.search_keys import KEYS_VERSION
from kuaixiang_core.wire import (
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    UPLOAD_OFFSET_HEADER,
    ChangePage,
    ErrorBody,
    OutboxEntry,
    OutboxRequest,
    OutboxResponse,
    WireError,
)
from kuaixiang_core.wire_receipt import ReceiptAnswer, ReceiptClaim
from kuaixiang_core.wire_session import DeviceChallenge, DeviceInfo, DeviceList, LoginRequest, LoginResponse

from .. import __version__

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CHUNK = 1024 * 1024
DEFAULT_RETRY_AFTER = 30.0


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class SyncError(Exception):
    """Something the server (or the way to it) answered; ``message`` is for the clerk."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class AuthError(SyncError):
    """401 (or no token at all): stop the queue and ask the clerk to log in again."""


class Forbidden(SyncError):
    """403: the account may not do this; stop and show the message."""


class Rejected(SyncError):
    """The server refuses this request as it is (400, 404, 405, 413, …): do not retry it
    unchanged."""


class TooLarge(Rejected):
    """413: an attachment over the server's limit."""


class Conflict(SyncError):
    """409; for an upload, ``upload_offset`` is where the server wants the next byte."""

    def __init__(self, message: str, *, code: str | None = "conflict", status: int | None = 409,
                 upload_offset: int | None = None):
        super().__init__(message, code=code, status=status)
        self.upload_offset = upload_offset


class RateLimited(SyncError):
    """429: wait ``retry_after`` seconds before the next request."""

    def __init__(self, message: str, retry_after: float, *, code: str | None = "rate_limited", status: int | None = 429):
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after


class TransientError(SyncError):
    """5xx, a timeout, a refused or cut connection, or a body that is not the protocol's
    JSON: back off and try again later. Nothing is lost."""


class ProtocolMismatch(SyncError):
    """The server speaks another major version of the protocol: stop syncing, upgrade."""


class ConfigError(SyncError):
    """The server address cannot be used at all (not http/https, malformed)."""


class InsecureServer(ConfigError):
    """Plain ``http://`` to a host other than loopback, and the setting does not allow it."""


class UntrustedServer(ConfigError):
    """The server's certificate does not verify (against the pinned file, or the CA bundle),
    or the pinned file cannot be used."""


# ---------------------------------------------------------------------------------------------
# Transport security
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransportSecurity:
    """How this client may reach the server: ``allow_insecure_http`` lets plain http:// go to
    a host other than loopback (a hall's test network, say); ``ca_file`` is a PEM file with
    the server's own certificate or its CA, the only anchor trusted when given."""

    allow_insecure_http: bool = False
    ca_file: str | None = None

    def to_json(self) -> dict:
        return {"allow_insecure_http": self.allow_insecure_http, "ca_file": self.ca_file}

    @classmethod
    def from_json(cls, data: object) -> TransportSecurity:
        if not isinstance(data, dict):
            return cls()
        ca_file = data.get("ca_file")
        return cls(data.get("allow_insecure_http") is True, ca_file if isinstance(ca_file, str) and ca_file else None)


def is_loopback(host: str | None) -> bool:
    """``localhost`` (RFC 6761 keeps it on this machine), 127.0.0.0/8 or ::1."""
    if not host:
        return False
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_transport(base: str, security: TransportSecurity) -> None:
    """Refuse plain http:// to anything but loopback unless ``security`` allows it."""
    url = httpx.URL(base)
    if url.scheme == "http" and not security.allow_insecure_http and not is_loopback(url.host):
        raise InsecureServer(
            f"拒绝以不加密的 http:// 连接中心服务器 {url.host}：密码和令牌会以明文经过网络。"
            "请使用 https:// 地址；仅在可信的内网测试时，才可在设置中允许 http（命令行：--allow-insecure-http）",
            code="insecure_http",
        )


_contexts = threading.local()


def _bundle_context() -> ssl.SSLContext:
    """httpx's own context for ``verify=True`` (its CA bundle, and SSL_CERT_FILE/SSL_CERT_DIR
    as they were when it was made), made once per thread: each client made its own, reading
    the bundle's ~150 certificates again (25-55 ms a sync round). Per thread, as httpcore
    sets the ALPN protocols of the context on every connection it opens: clients made on
    one thread share it, as a client's own connections (the page fetched ahead) always did.
    HTTP/1.1 only, the one protocol every client here speaks, set here so that httpcore's
    setting writes what is there already."""
    context = getattr(_contexts, "bundle", None)
    if context is None:
        context = _contexts.bundle = httpx.create_ssl_context()
        context.set_alpn_protocols(["http/1.1"])
    return context


def tls_verify(security: TransportSecurity) -> ssl.SSLContext:
    """What httpx's ``verify=`` gets: the CA bundle's context, or one that trusts only the
    pinned file. A pinned certificate needs not be a CA: partial chains are accepted, so the
    server's own (self-signed or issued) certificate works as the anchor."""
    if not security.ca_file:
        return _bundle_context()
    try:
        context = ssl.create_default_context(cafile=security.ca_file)
    except FileNotFoundError:
        raise UntrustedServer(f"找不到中心服务器的证书文件：{security.ca_file}", code="certificate") from None
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise UntrustedServer(f"中心服务器的证书文件无法使用：{security.ca_file}（{exc}）", code="certificate") from None
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def _certificate_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


# ---------------------------------------------------------------------------------------------
# Retry
# ---------------------------------------------------------------------------------------------


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter: before retry ``n`` (0-based) wait a uniformly
    random time in ``[0, min(cap, base * 2**n)]``. A 429 waits its ``Retry-After`` instead.

    Gives up (re-raising the last error) after ``attempts`` tries, or when the next wait
    would pass ``max_elapsed`` seconds since the first try, or when a ``Retry-After`` is
    longer than ``max_retry_after``.
    """

    attempts: int = 6
    base: float = 0.5
    cap: float = 30.0
    max_elapsed: float = 120.0
    max_retry_after: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    random: Callable[[], float] = random.random

    def backoff(self, retry: int) -> float:
        return self.random() * min(self.cap, self.base * (2 ** retry))

    def wait_for(self, exc: SyncError, retry: int) -> float:
        if isinstance(exc, RateLimited):
            return max(0.0, exc.retry_after)
        return self.backoff(retry)

    def run(self, call: Callable[[], T], *, on_retry: Callable[[SyncError, float], None] | None = None,
            retry_on: tuple[type[SyncError], ...] = (TransientError, RateLimited)) -> T:
        started = self.clock()
        retry = 0
        while True:
            try:
                return call()
            except retry_on as exc:
                self.pause(exc, retry, started, on_retry)
                retry += 1

    def pause(self, exc: SyncError, retry: int, started: float,
              on_retry: Callable[[SyncError, float], None] | None = None) -> None:
        """Sleep before retry number ``retry`` (0-based) or re-raise ``exc`` when it is time
        to give up."""
        if retry + 1 >= self.attempts:
            raise exc
        wait = self.wait_for(exc, retry)
        if isinstance(exc, RateLimited) and wait > self.max_retry_after:
            raise exc
        if self.clock() - started + wait > self.max_elapsed:
            raise exc
        if on_retry is not None:
            on_retry(exc, wait)
        self.sleep(wait)


NO_RETRY = RetryPolicy(attempts=1)


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadState:
    sha256: str
    complete: bool
    offset: int
    total: int | None = None


@dataclass(frozen=True)
class UploadResult:
    sha256: str
    size: int
    already_complete: bool  # the server had the whole file before this call
    resumed_from: int  # the offset the first PUT of this call started at
    bytes_sent: int
    requests: int
    resumes: int = 0  # times it went on from a non-zero offset the server reported

    @property
    def resumed(self) -> bool:
        return self.resumes > 0


@dataclass
class ClientStats:
    requests: int = 0
    retries: int = 0
    transient: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------------------------


def api_base(server: str) -> str:
    """``http://host:port`` (or with ``/api/v1`` already) → ``http://host:port/api/v1``."""
    base = server.strip().rstrip("/")
    if not base:
        raise ConfigError("没有填写中心服务器地址")
    if "://" not in base:
        base = "http://" + base
    if not base.startswith(("http://", "https://")):
        raise ConfigError(f"中心服务器地址应以 http:// 或 https:// 开头：{server!r}")
    if not base.endswith(API_PREFIX):
        base += API_PREFIX
    return base


def _entity_tag(value: str | None) -> str | None:
    """An ``ETag`` as sent back in ``If-None-Match`` (a proxy's weak ``W/`` form kept), or None
    when there is none or it is not one (bounded: it goes into a header of every round)."""
    if not value or len(value) > 100 or not value.isascii():
        return None
    opaque = value.removeprefix("W/")
    return value if len(opaque) >= 2 and opaque[0] == opaque[-1] == '"' else None


def _retry_after(value: str | None) -> float:
    if not value:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - clock.now()).total_seconds())


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class SyncClient:
    """Calls of the protocol over one ``httpx.Client`` (keep-alive, gzip, timeouts).

    ``transport`` lets tests put an ``httpx.MockTransport`` underneath; ``retry`` is the
    policy every call uses (``NO_RETRY`` for one try only).
    """

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        security: TransportSecurity | None = None,
    ):
        self.base = api_base(server)
        self.server = self.base[: -len(API_PREFIX)]
        self.security = security or TransportSecurity()
        check_transport(self.base, self.security)
        self.token = token
        self.retry = retry or RetryPolicy()
        self.chunk_size = chunk_size
        # Ask for an enterprise's changed parts instead of its whole record (wire_parts), in
        # this version of the format; off, or version 1, only for the benchmark's rounds.
        self.enterprise_parts = True
        self.parts_version = wire_parts.PARTS_VERSION
        self.stats = ClientStats()
        self._http = httpx.Client(
            timeout=timeout if timeout is not None else httpx.Timeout(30.0, connect=5.0),
            transport=transport,
            verify=tls_verify(self.security),
            headers={"User-Agent": f"kuaixiang-desktop/{__version__}", "Accept-Encoding": "gzip",
                     "Accept": "application/json"},
            follow_redirects=False,
        )

    # -- lifecycle --------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- one request ------------------------------------------------------------------------

    def _headers(self, auth: bool, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if auth:
            if not self.token:
                raise AuthError("尚未联网登录：请先登录中心服务器", code="unauthorized")
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _send(self, method: str, path: str, *, auth: bool = True, json_body: object | None = None,
              content: bytes | None = None, params: dict | None = None,
              headers: dict[str, str] | None = None) -> httpx.Response:
        """One request; transport failures become :class:`TransientError`, a foreign
        protocol version :class:`ProtocolMismatch`. The status is not judged here."""
        hdrs = self._headers(auth, headers)
        body = content
        if json_body is not None:
            body = wire.canonical_json(json_body)
            hdrs["Content-Type"] = "application/json; charset=utf-8"
        self.stats.requests += 1
        try:
            resp = self._http.request(method, self.base + path, content=body, params=params, headers=hdrs)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise ConfigError(f"中心服务器地址无法使用：{exc}") from exc
        except httpx.TimeoutException as exc:
            raise TransientError(f"连接中心服务器超时（{type(exc).__name__}）", code="timeout") from exc
        except httpx.DecodingError as exc:
            raise TransientError("中心服务器的应答无法解压（不完整或已损坏）", code="bad_body") from exc
        except httpx.RemoteProtocolError as exc:
            raise TransientError(f"与中心服务器的连接中断：{_short(str(exc), 120)}", code="connection") from exc
        except httpx.RequestError as exc:
            failure = _certificate_failure(exc)
            if failure is not None:
                pinned = f"（按证书文件 {self.security.ca_file} 核验）" if self.security.ca_file else ""
                raise UntrustedServer(
                    f"中心服务器的证书不受信任{pinned}：{failure.verify_message or failure}。"
                    "连接已中止，密码和数据都没有发出", code="certificate") from exc
            raise TransientError(f"无法连接中心服务器：{_short(str(exc), 120) or type(exc).__name__}",
                                 code="connection") from exc
        self._check_protocol(resp)
        return resp

    @staticmethod
    def _check_protocol(resp: httpx.Response) -> None:
        version = resp.headers.get(PROTOCOL_HEADER)
        if version is None:
            # Not our server's answer: a proxy's error page, a captive portal, a half-started
            # server. Nothing to act on but waiting.
            raise TransientError(
                f"应答不是中心服务器发出的（HTTP {resp.status_code}，缺少 {PROTOCOL_HEADER}）",
                code="bad_body", status=resp.status_code,
            )
        try:
            major = int(version.strip().split(".")[0])
        except ValueError:
            raise TransientError(f"应答的协议版本无法识别：{version!r}", code="bad_body", status=resp.status_code) from None
        if major != PROTOCOL_VERSION:
            raise ProtocolMismatch(
                f"中心服务器使用第 {major} 版同步协议，本程序使用第 {PROTOCOL_VERSION} 版：请升级窗口端程序后再同步",
                code="protocol", status=resp.status_code,
            )

    @staticmethod
    def _json(resp: httpx.Response) -> Any:
        try:
            # orjson: a page of 2,000 enterprises parses in a quarter of json's time, on the
            # thread that fetches the next page while this one is written (it holds the GIL).
            return orjson.loads(resp.content)
        except (UnicodeDecodeError, orjson.JSONDecodeError):
            raise TransientError(
                f"中心服务器的应答不是有效的 JSON（HTTP {resp.status_code}，{len(resp.content)} 字节）",
                code="bad_body", status=resp.status_code,
            ) from None

    def _raise_for_error(self, resp: httpx.Response) -> None:
        status = resp.status_code
        if status < 400:
            return
        if status >= 500:
            try:
                err = ErrorBody.from_json(self._json(resp))
                message = err.message or "服务器内部错误"
            except (SyncError, WireError):
                message = "服务器内部错误"
            raise TransientError(f"中心服务器暂时出错（HTTP {status}）：{message}", code="server", status=status)
        try:
            err = ErrorBody.from_json(self._json(resp)) if resp.content else ErrorBody(_default_code(status), "")
        except WireError:
            raise TransientError(f"中心服务器的错误应答格式不对（HTTP {status}）", code="bad_body", status=status) from None
        message = err.message or f"HTTP {status}"
        code = err.code
        if status == 401:
            raise AuthError(message, code=code, status=status)
        if status == 403:
            raise Forbidden(message, code=code, status=status)
        if status == 409:
            raise Conflict(message, code=code, status=status, upload_offset=_offset(resp))
        if status == 429:
            raise RateLimited(message, _retry_after(resp.headers.get("Retry-After")), code=code, status=status)
        if status == 413:
            raise TooLarge(message, code=code, status=status)
        raise Rejected(message, code=code, status=status)

    def _call(self, method: str, path: str, *, retry: bool = True,
              retry_on: tuple[type[SyncError], ...] = (TransientError, RateLimited),
              before_parsing: Callable[[], object] | None = None, **kw) -> Any:
        """A request with the retry policy; returns the parsed JSON of a 2xx answer
        (``before_parsing``: called once it is in, before its JSON is parsed)."""

        def once() -> Any:
            resp = self._send(method, path, **kw)
            self._raise_for_error(resp)
            if before_parsing is not None:
                before_parsing()
            return self._json(resp)

        if not retry:
            return once()
        return self.retry.run(once, on_retry=self._note_retry, retry_on=retry_on)

    def _note_retry(self, exc: SyncError, wait: float) -> None:
        self.stats.retries += 1
        self.stats.transient.append(exc.message)
        log.info("同步请求将在 %.2f 秒后重试：%s", wait, exc.message)

    # -- the protocol -----------------------------------------------------------------------

    def health(self) -> dict:
        """``GET /api/v1/health`` once (no retry): a cheap reachability probe."""
        return self._call("GET", "/health", auth=False, retry=False)

    def login(self, username: str, password: str, device: DeviceInfo | None) -> LoginResponse:
        """``POST /login``. A wrong password is :class:`AuthError`; only transient failures
        are retried (a refused password is never tried again, and a 429 is handed to the
        clerk rather than waited out behind the log-in screen)."""
        data = self._call("POST", "/login", auth=False, retry_on=(TransientError,),
                          json_body=LoginRequest(username, password, device).to_json())
        try:
            return LoginResponse.from_json(data)
        except WireError as exc:
            raise TransientError(f"登录应答格式不对：{exc}", code="bad_body") from exc

    def logout(self) -> None:
        """``POST /logout``: revoke this token on the server (one try: log-out never waits)."""
        self._call("POST", "/logout", json_body={}, retry=False)

    def device_challenge(self) -> DeviceChallenge:
        """``POST /devices/challenge`` (no token): what the device signs to prove its key at
        log-in. Transient failures are retried as a log-in's are."""
        data = self._call("POST", "/devices/challenge", auth=False, retry_on=(TransientError,), json_body={})
        try:
            return DeviceChallenge.from_json(data)
        except WireError as exc:
            raise TransientError(f"设备挑战应答格式不对：{exc}", code="bad_body") from exc

    def devices(self, known: str | None = None) -> tuple[DeviceList | None, str | None]:
        """``GET /devices``: every device, its certificates and the key that signed them, with
        the list's entity tag. ``known``: the tag of the list this window last took in; when
        the server's is the same (``304``), the list is None and nothing needs checking."""

        def once() -> tuple[DeviceList | None, str | None]:
            resp = self._send("GET", "/devices", headers={"If-None-Match": known} if known else None)
            tag = _entity_tag(resp.headers.get("ETag"))
            if resp.status_code == 304 and known:
                if tag is not None and tag.removeprefix("W/") != known.removeprefix("W/"):
                    raise TransientError("设备列表应答不一致：未改动的应答带着另一个版本标记", code="bad_body", status=304)
                return None, known
            self._raise_for_error(resp)
            try:
                return DeviceList.from_json(self._json(resp)), tag
            except WireError as exc:
                raise TransientError(f"设备列表应答格式不对：{exc}", code="bad_body") from exc

        return self.retry.run(once, on_retry=self._note_retry, retry_on=(TransientError, RateLimited))

    def update_latest(self, platform: str) -> object:
        """``GET /updates/latest``: the signed manifest of the newest release (checked by the
        caller against the pinned key: this answer is not trusted for itself), or None."""
        data = self._call("GET", "/updates/latest", params={"platform": platform})
        return data.get("manifest") if isinstance(data, dict) else None

    def changes(self, stream: str, after: str | None = None, limit: int | None = None, *,
                since: str | None = None, before_parsing: Callable[[], object] | None = None) -> ChangePage:
        """``since``: where this client's pull of the stream last ended caught up; changed
        parts of enterprises are asked for only with it (wire_parts.SINCE_PARAM).
        ``before_parsing``: called when the page is in, before it is parsed (a page fetched
        ahead waits there for the writer's commit: services/sync_service._PageAhead)."""
        if stream not in wire.STREAMS:
            raise ValueError(stream)
        params: dict[str, Any] = {}
        if after:
            params["after"] = after
        if limit:
            params["limit"] = limit
        if stream == "enterprises":  # the server's search keys, when it has this version of them
            params[wire_search_keys.PARAM] = KEYS_VERSION
            if self.enterprise_parts and since is not None:
                params[wire_parts.PARAM] = self.parts_version
                params[wire_parts.SINCE_PARAM] = since
        data = self._call("GET", f"/changes/{stream}", params=params, before_parsing=before_parsing)
        try:
            return ChangePage.from_json(data)
        except WireError as exc:
            raise TransientError(f"数据流 {stream} 的应答格式不对：{exc}", code="bad_body") from exc

    def snapshot_offer(self, after: str | None) -> dict:
        """``GET /snapshot``: the server's newest snapshot and whether to take it (read by
        services/snapshot_provision, which checks the manifest and its signature)."""
        data = self._call("GET", "/snapshot", params={"after": after} if after else None)
        if not isinstance(data, dict):
            raise TransientError("快照应答格式不对：应为对象", code="bad_body")
        return data

    def snapshot_chunk(self, ident: str, n: int) -> bytes:
        """``GET /snapshot/{id}/chunks/{n}``: the bytes as sent (the caller checks their hash).
        Asked for without gzip: the file is compressed already."""

        def once() -> bytes:
            resp = self._send("GET", f"/snapshot/{ident}/chunks/{n}", headers={"Accept-Encoding": "identity",
                                                                                "Accept": "application/octet-stream"})
            self._raise_for_error(resp)
            return resp.content

        return self.retry.run(once, on_retry=self._note_retry, retry_on=(TransientError, RateLimited))

    def push(self, entries: list[OutboxEntry]) -> OutboxResponse:
        """``POST /outbox``: safe to repeat (each entry's key makes a repeat a duplicate)."""
        if len(entries) > wire.MAX_OUTBOX_ENTRIES:
            raise ValueError(f"at most {wire.MAX_OUTBOX_ENTRIES} entries per request")
        data = self._call("POST", "/outbox", json_body=OutboxRequest(entries).to_json())
        try:
            response = OutboxResponse.from_json(data)
        except WireError as exc:
            raise TransientError(f"推送应答格式不对：{exc}", code="bad_body") from exc
        sent = [e.key for e in entries]
        got = [r.key for r in response.results]
        if got != sent:
            # Answers must come one per entry, in order; anything else is not trusted.
            raise TransientError(f"推送应答与所发记录不对应（发 {len(sent)} 条，回 {len(got)} 条）", code="bad_body")
        return response

    def check_receipt(self, claim: ReceiptClaim) -> ReceiptAnswer:
        """``POST /receipts/check``: the server's word on a receipt's QR claims (read-only,
        so safe to repeat under the retry policy)."""
        data = self._call("POST", "/receipts/check", json_body=claim.to_json())
        try:
            return ReceiptAnswer.from_json(data)
        except WireError as exc:
            raise TransientError(f"回执核对应答格式不对：{exc}", code="bad_body") from exc

    def resolve_licence(self, code: str) -> dict:
        """``POST /licences/resolve``: the server's word on a 电子营业执照 code (read-only, so
        safe to repeat): ``verified``, ``supported``, ``message``, and when verified the
        ``credit_code`` and ``name`` of the enterprise it holds."""
        data = self._call("POST", "/licences/resolve", json_body={"code": code})
        ok = (isinstance(data, dict) and isinstance(data.get("verified"), bool) and isinstance(data.get("supported"), bool)
              and isinstance(data.get("message"), str) and len(data["message"]) <= 500)
        if ok and data["verified"]:
            ok = (isinstance(data.get("credit_code"), str) and len(data["credit_code"]) == 18
                  and isinstance(data.get("name"), str) and 0 < len(data["name"]) <= 200)
        if not ok:
            raise TransientError("电子营业执照核验应答格式不对", code="bad_body")
        return data

    # -- attachments ------------------------------------------------------------------------

    def attachment_state(self, sha256: str) -> UploadState:
        """``HEAD /attachments/{sha}`` once: whole file (200), or how much arrived (404)."""
        resp = self._send("HEAD", f"/attachments/{sha256}")
        offset = _offset(resp)
        if resp.status_code == 200:
            return UploadState(sha256, True, offset or 0, _int_header(resp, "Upload-Length"))
        if resp.status_code == 404:
            return UploadState(sha256, False, offset or 0, _int_header(resp, "Upload-Length"))
        # HEAD answers have no body: judge by status alone.
        _raise_for_status(resp)
        raise TransientError(f"附件查询得到意外的应答 HTTP {resp.status_code}", code="bad_body", status=resp.status_code)

    def upload_attachment(self, sha256: str, data: bytes, *, chunk_size: int | None = None,
                          on_progress: Callable[[int, int], None] | None = None) -> UploadResult:
        """Upload ``data`` (whose SHA-256 is ``sha256``) resumably: ask the server how much
        it has, then PUT the rest in ``Content-Range`` chunks. After a cut connection or a
        5xx the next step asks again and goes on from the server's offset; a 409 carries the
        offset to go on from. Bounded by the retry policy (counted from the last progress)."""
        chunk = chunk_size or self.chunk_size
        total = len(data)
        if total == 0:
            raise Rejected("附件是空的", code="bad_request")
        offset: int | None = None
        resumed_from: int | None = None
        sent = requests = resumes = 0
        failures = 0
        started = self.retry.clock()
        max_steps = 4 * (total // chunk + 2) + 4 * self.retry.attempts
        for _ in range(max_steps):
            try:
                if offset is None:
                    requests += 1
                    state = self.attachment_state(sha256)
                    if state.complete:
                        return UploadResult(sha256, total, resumed_from is None, resumed_from or 0, sent, requests,
                                            resumes)
                    offset = state.offset
                    resumes += offset > 0
                if offset >= total:
                    offset = None  # the server should have said complete: ask again
                    raise TransientError("服务器已收到全部字节却未确认完成", code="upload")
                if resumed_from is None:
                    resumed_from = offset
                end = min(offset + chunk, total) - 1
                requests += 1
                resp = self._send("PUT", f"/attachments/{sha256}", content=data[offset : end + 1],
                                  headers={"Content-Range": f"bytes {offset}-{end}/{total}",
                                           "Content-Type": "application/octet-stream"})
                self._raise_for_error(resp)
                body = self._json(resp) if resp.content else {}
                sent += end + 1 - offset
                failures = 0
                started = self.retry.clock()
                if on_progress is not None:
                    on_progress(end + 1, total)
                if isinstance(body, dict) and body.get("complete"):
                    return UploadResult(sha256, total, False, resumed_from, sent, requests, resumes)
                new_offset = body.get("offset") if isinstance(body, dict) else None
                offset = new_offset if isinstance(new_offset, int) else _offset(resp)
            except Conflict as exc:
                offset = exc.upload_offset  # None: ask with HEAD
                resumes += bool(offset)
            except (TransientError, RateLimited) as exc:
                offset = None
                self.retry.pause(exc, failures, started, self._note_retry)
                failures += 1
        raise TransientError(f"附件 {sha256[:12]}… 上传未能完成（尝试 {max_steps} 步）", code="upload")


def _default_code(status: int) -> str:
    for code, st in wire.ERROR_STATUS.items():
        if st == status:
            return code
    return "bad_request"


def _int_header(resp: httpx.Response, name: str) -> int | None:
    value = resp.headers.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _offset(resp: httpx.Response) -> int | None:
    return _int_header(resp, UPLOAD_OFFSET_HEADER)


def _raise_for_status(resp: httpx.Response) -> None:
    """The status table for an answer without a body (HEAD)."""
    status = resp.status_code
    message = f"HTTP {status}"
    if status < 400:
        return
    if status >= 500:
        raise TransientError(f"中心服务器暂时出错（HTTP {status}）", code="server", status=status)
    if status == 401:
        raise AuthError("登录已失效：请重新登录", code="unauthorized", status=status)
    if status == 403:
        raise Forbidden("没有权限", code="forbidden", status=status)
    if status == 409:
        raise Conflict(message, status=status, upload_offset=_offset(resp))
    if status == 429:
        raise RateLimited(message, _retry_after(resp.headers.get("Retry-After")), status=status)
    if status == 413:
        raise TooLarge(message, code="too_large", status=status)
    raise Rejected(message, code=_default_code(status), status=status)


__all__ = [
    "AuthError",
    "ClientStats",
    "ConfigError",
    "Conflict",
    "Forbidden",
    "InsecureServer",
    "NO_RETRY",
    "ProtocolMismatch",
    "RateLimited",
    "Rejected",
    "RetryPolicy",
    "SyncClient",
    "SyncError",
    "TooLarge",
    "TransientError",
    "TransportSecurity",
    "UntrustedServer",
    "UploadResult",
    "UploadState",
    "api_base",
]
