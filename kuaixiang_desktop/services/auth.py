"""Logging in at the window: online against the central server, offline against a local
verifier, lock-out after wrong passwords, the idle lock, log-out.

- Online log-in (``POST /api/v1/login`` with this device's public key, and its signature of
  a fresh server challenge to prove it holds the private key) returns a bearer token and
  the server's certifying key, which the first online log-in pins (services/device_trust).
  The token lives **only** in the OS keyring (services/secrets), inside this database's
  session record; no file, setting or table ever holds it.
- The clerk's row (username, display name, hall, window, role) is created or updated from the
  server's answer, with an offline verifier: ``hashlib.scrypt`` of the password with a fresh
  random salt (never the password itself), so the same clerk can log in while the township's
  network is down (DESIGN §6).
- Wrong passwords (online or offline) are counted in the clerk's row; ``max_failures`` in a
  row lock the account *on this device* for ``lockout`` (5 and 15 minutes by default). The
  count and the lock are in the database, so restarting the program does not reset them.
- :class:`IdleLock` is the pure logic of "lock the window after 10 idle minutes": the GUI
  feeds it activity and polls it; tests drive it with a fake clock.
- Log-out revokes the token on the server when it can be reached and always forgets it here.

The current session (who is logged in on this database) is a keyring entry keyed by the
database file, so two databases on one machine (tests, a second hall) never mix sessions.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from kuaixiang_core import wire, wire_session
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.device_trust import sign_proof

from ..store import audit
from ..store.database import Database
from ..store.models import Clerk, DeviceKey, Hall, Region
from ..sync.client import (
    AuthError,
    ConfigError,
    RateLimited,
    Rejected,
    RetryPolicy,
    SyncClient,
    SyncError,
    TransientError,
    TransportSecurity,
    UntrustedServer,
    is_loopback,
)
from . import device_trust
from .device import DeviceKeyError, local_device
from .secrets import SecretStoreUnavailable, delete_secret, get_secret, set_secret

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]  # naive UTC, like every time in the database

_SESSION_PREFIX = "session:"
_CITY = "371500"


# ---------------------------------------------------------------------------------------------
# Policy and errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthPolicy:
    """The numbers of log-in; the defaults are the design's."""

    max_failures: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    idle_timeout: dt.timedelta = dt.timedelta(minutes=10)
    # scrypt: 2**14 × 8 × 1 is the interactive-log-in cost (16 MB, some tens of ms).
    scrypt_n: int = 2**14
    scrypt_r: int = 8
    scrypt_p: int = 1

    def __post_init__(self) -> None:
        if self.max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        if self.lockout <= dt.timedelta(0) or self.idle_timeout <= dt.timedelta(0):
            raise ValueError("lockout and idle_timeout must be positive")


DEFAULT_POLICY = AuthPolicy()


class LoginError(Exception):
    """Log-in refused; ``message`` is for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WrongPassword(LoginError):
    def __init__(self, message: str, remaining: int | None):
        super().__init__(message)
        self.remaining = remaining  # attempts left before the lock; None: not counted here


class AccountLocked(LoginError):
    def __init__(self, message: str, until: dt.datetime):
        super().__init__(message)
        self.until = until  # naive UTC


class OfflineUnavailable(LoginError):
    """No verifier on this device: the clerk must log in online once first."""


class ServerUnreachable(LoginError):
    """The server did not answer (network down, 5xx, …): offline log-in may be tried."""


class ServerRateLimited(LoginError):
    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class NotLoggedIn(LoginError):
    pass


class ServerUntrusted(LoginError):
    """The server's certificate did not verify: nothing was sent, and no offline log-in is
    tried in its stead (the clerk must see that the connection is not what it claims)."""


# ---------------------------------------------------------------------------------------------
# The offline verifier
# ---------------------------------------------------------------------------------------------


def make_verifier(password: str, policy: AuthPolicy = DEFAULT_POLICY) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): a fresh 16-byte salt every time."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=policy.scrypt_n, r=policy.scrypt_r,
                            p=policy.scrypt_p, dklen=32, maxmem=2**27)
    b64 = base64.b64encode
    return f"scrypt${policy.scrypt_n}${policy.scrypt_r}${policy.scrypt_p}${b64(salt).decode()}${b64(digest).decode()}"


def check_verifier(password: str, verifier: str | None) -> bool:
    """Constant-time check of ``password`` against a verifier from :func:`make_verifier`."""
    if not verifier:
        return False
    try:
        scheme, n, r, p, salt, digest = verifier.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt, validate=True), n=int(n),
                             r=int(r), p=int(p), dklen=len(expected), maxmem=2**27)
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(got, expected)


# ---------------------------------------------------------------------------------------------
# The session record (in the keyring)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInfo:
    """Who is logged in on this database. ``has_token``: an online token is held (in the
    keyring); the token itself is never part of this object."""

    username: str
    display_name: str
    hall_code: str
    hall_name: str | None
    window: str | None
    role: str
    mode: str  # online | offline
    server: str | None
    logged_in_at: str
    expires_at: str | None
    has_token: bool

    def to_json(self) -> dict:
        return asdict(self)


def _session_name(db: Database | Path) -> str:
    path = db.path if isinstance(db, Database) else db
    ident = str(Path(path).expanduser().resolve())
    return _SESSION_PREFIX + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:24]


def _read_session(db: Database | Path) -> dict | None:
    raw = get_secret(_session_name(db))
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("username") else None


def _write_session(db: Database, data: dict) -> None:
    set_secret(_session_name(db), json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _delete_session(db: Database) -> None:
    delete_secret(_session_name(db))


def _info(data: dict) -> SessionInfo:
    return SessionInfo(
        username=data["username"], display_name=data.get("display_name") or data["username"],
        hall_code=data.get("hall_code") or "", hall_name=data.get("hall_name"), window=data.get("window"),
        role=data.get("role") or "clerk", mode=data.get("mode") or "offline", server=data.get("server"),
        logged_in_at=data.get("logged_in_at") or "", expires_at=data.get("expires_at"),
        has_token=bool(data.get("token")),
    )


def current_session(db: Database) -> SessionInfo | None:
    data = _read_session(db)
    return _info(data) if data else None


def hall_region(db: Database) -> str | None:
    """The region code of the logged-in clerk's hall (None when nobody is, or it is not known)."""
    try:
        info = current_session(db)
    except SecretStoreUnavailable:
        return None
    if info is None:
        return None
    with db.sessions() as session:
        hall = session.get(Hall, info.hall_code)
        return hall.region_code if hall is not None else None


def current_username(db: Database) -> str | None:
    """The logged-in clerk of this database, or None (also when no keyring is usable):
    what ``applications.current_clerk`` should prefer after ``KUAIXIANG_CLERK``."""
    try:
        data = _read_session(db)
    except SecretStoreUnavailable:
        return None
    return data["username"] if data else None


def logged_in_username(session: OrmSession) -> str | None:
    """The logged-in clerk of the database ``session`` is bound to (None when nobody is, or
    no keyring is usable): for ``applications.current_clerk``, which only has a Session."""
    database = session.get_bind().url.database
    if not database or database == ":memory:":
        return None
    try:
        data = _read_session(Path(database))
    except SecretStoreUnavailable:
        return None
    return data["username"] if data else None


def session_token(db: Database) -> str | None:
    data = _read_session(db)
    return data.get("token") if data else None


def session_server(db: Database) -> str | None:
    data = _read_session(db)
    return data.get("server") if data else None


def session_security(db: Database) -> TransportSecurity:
    """How the logged-in session reaches its server (what the log-in was told)."""
    data = _read_session(db)
    return TransportSecurity.from_json(data.get("transport") if data else None)


def forget_token(db: Database) -> None:
    """The server refused the token (expired, revoked): keep the clerk logged in here (they
    can go on working offline) but drop the token so sync asks for an online log-in."""
    data = _read_session(db)
    if data and data.get("token"):
        data["token"] = None
        data["mode"] = "offline"
        _write_session(db, data)


# ---------------------------------------------------------------------------------------------
# Lock-out
# ---------------------------------------------------------------------------------------------


def _find_clerk(session, username: str) -> Clerk | None:
    return session.scalars(select(Clerk).where(Clerk.username == username)).one_or_none()


def _check_not_locked(db: Database, username: str, now: dt.datetime) -> None:
    with db.sessions.begin() as session:
        clerk = _find_clerk(session, username)
        if clerk is None or clerk.locked_until is None:
            return
        if clerk.locked_until > now:
            minutes = max(1, int((clerk.locked_until - now).total_seconds() + 59) // 60)
            raise AccountLocked(
                f"密码错误次数过多，账号「{username}」在本机已锁定，请 {minutes} 分钟后再试", clerk.locked_until
            )
        # The lock has run out: a fresh count starts.
        clerk.locked_until = None
        clerk.failed_attempts = 0


def _record_failure(db: Database, username: str, now: dt.datetime, policy: AuthPolicy, how: str) -> LoginError:
    """Count one wrong password (committed at once) and return the error to raise."""
    with db.sessions.begin() as session:
        clerk = _find_clerk(session, username)
        if clerk is None:
            return WrongPassword("用户名或密码错误", None)
        clerk.failed_attempts = (clerk.failed_attempts or 0) + 1
        audit.append(session, "clerk.login_failed", actor=username, entity="clerk", entity_id=username,
                     detail={"mode": how, "failed_attempts": clerk.failed_attempts})
        if clerk.failed_attempts >= policy.max_failures:
            clerk.locked_until = now + policy.lockout
            audit.append(session, "clerk.locked", actor=username, entity="clerk", entity_id=username,
                         detail={"until": clerk.locked_until.isoformat(timespec="seconds") + "Z"})
            minutes = int(policy.lockout.total_seconds() // 60)
            return AccountLocked(
                f"密码连续错误 {clerk.failed_attempts} 次，账号「{username}」在本机锁定 {minutes} 分钟", clerk.locked_until
            )
        remaining = policy.max_failures - clerk.failed_attempts
        return WrongPassword(f"用户名或密码错误（再错 {remaining} 次将锁定 "
                             f"{int(policy.lockout.total_seconds() // 60)} 分钟）", remaining)


def lock_state(db: Database, username: str) -> tuple[int, dt.datetime | None]:
    """(failed attempts, locked until) of a local account; (0, None) when unknown here."""
    with db.sessions() as session:
        clerk = _find_clerk(session, username)
        return (clerk.failed_attempts or 0, clerk.locked_until) if clerk else (0, None)


# ---------------------------------------------------------------------------------------------
# Log-in
# ---------------------------------------------------------------------------------------------


def _device_info(db: Database, label: str | None, client: SyncClient) -> wire_session.DeviceInfo:
    """This device as the log-in names it, with its signature of a fresh server challenge."""
    device = local_device(db)
    info = wire_session.DeviceInfo(device.key_id, base64.b64encode(device.public_key).decode("ascii"),
                           label or socket.gethostname()[:60] or None)
    try:
        challenge = client.device_challenge().challenge
    except Rejected as exc:
        if exc.status == 404:  # a server from before device proofs: it asks for none
            return info
        raise
    try:
        signature = sign_proof(challenge, device.private_key())
    except DeviceKeyError as exc:
        raise LoginError(str(exc)) from None
    return wire_session.DeviceInfo(info.key_id, info.public_key, info.label, challenge, signature)


def _store_clerk(db: Database, info: wire_session.ClerkInfo, password: str, policy: AuthPolicy, device_key_id: str,
                 signer: wire_session.SignerInfo | None = None, server: str | None = None) -> None:
    verifier = make_verifier(password, policy)  # outside the transaction: scrypt takes a while
    with db.sessions.begin() as session:
        hall = session.get(Hall, info.hall_code)
        if hall is None:
            region = info.hall_code[:6] if session.get(Region, info.hall_code[:6]) is not None else _CITY
            session.add(Hall(code=info.hall_code, name=info.hall_name or info.hall_code, region_code=region))
            session.flush()
        elif info.hall_name and hall.name != info.hall_name:
            hall.name = info.hall_name
        clerk = _find_clerk(session, info.username)
        if clerk is None:
            clerk = Clerk(username=info.username, display_name=info.display_name or info.username,
                          hall_code=info.hall_code, window=info.window, role=info.role)
            session.add(clerk)
        clerk.display_name = info.display_name or info.username
        clerk.hall_code, clerk.window, clerk.role = info.hall_code, info.window, info.role
        clerk.offline_verifier = verifier
        clerk.failed_attempts, clerk.locked_until = 0, None
        key = session.get(DeviceKey, device_key_id)
        if key is not None and key.is_local and key.hall_code != info.hall_code:
            key.hall_code = info.hall_code
        session.flush()
        audit.append(session, "clerk.login", actor=info.username, entity="clerk", entity_id=info.username,
                     detail={"mode": "online", "device": device_key_id})
        device_trust.pin_signer(session, signer, server, info.username)


def login_online(
    db: Database,
    server: str,
    username: str,
    password: str,
    *,
    policy: AuthPolicy = DEFAULT_POLICY,
    now: Clock = utcnow,
    client: SyncClient | None = None,
    device_label: str | None = None,
    security: TransportSecurity | None = None,
) -> SessionInfo:
    """Log in against the server; on success the token goes into the keyring and the clerk's
    row (with a new offline verifier) into the database.

    Raises AccountLocked (locked on this device), WrongPassword / AccountLocked (the server
    refused the password: counted here), ServerRateLimited, ServerUnreachable, LoginError."""
    username = username.strip()
    if not username or not password:
        raise LoginError("请填写用户名和密码")
    _check_not_locked(db, username, now())
    own = client is None
    # At the log-in screen a dead network must not keep the clerk waiting: one quick retry.
    client = client or SyncClient(server, timeout=10.0, retry=RetryPolicy(attempts=2, base=0.5, cap=1.0),
                                  security=security)
    try:
        device = _device_info(db, device_label, client)
        answer = client.login(username, password, device)
    except UntrustedServer as exc:
        raise ServerUntrusted(exc.message) from None
    except AuthError:
        raise _record_failure(db, username, now(), policy, "online") from None
    except RateLimited as exc:
        raise ServerRateLimited(f"中心服务器：{exc.message}", exc.retry_after) from None
    except TransientError as exc:
        # Said once: the transport's own message may open with the same words already, and
        # the dialog shows this message as it is (each layer prefixing it said it three times).
        prefix = "无法连接中心服务器："
        raise ServerUnreachable(exc.message if exc.message.startswith(prefix) else prefix + exc.message) from None
    except SyncError as exc:
        raise LoginError(f"中心服务器拒绝登录：{exc.message}") from None
    finally:
        if own:
            client.close()
    info = answer.clerk
    if info.username != username:
        raise LoginError(f"中心服务器返回的账号「{info.username}」与所填「{username}」不一致")
    _store_clerk(db, info, password, policy, device.key_id, answer.signer, client.server)
    data = {
        "username": info.username, "display_name": info.display_name, "hall_code": info.hall_code,
        "hall_name": info.hall_name, "window": info.window, "role": info.role, "mode": "online",
        "server": client.server, "logged_in_at": wire.format_time(now()),
        "expires_at": wire.format_time(answer.expires_at), "token": answer.token,
        "transport": client.security.to_json(),
    }
    _write_session(db, data)
    return _info(data)


def login_offline(
    db: Database,
    username: str,
    password: str,
    *,
    policy: AuthPolicy = DEFAULT_POLICY,
    now: Clock = utcnow,
) -> SessionInfo:
    """Log in against this device's verifier (after one online log-in)."""
    username = username.strip()
    if not username or not password:
        raise LoginError("请填写用户名和密码")
    _check_not_locked(db, username, now())
    with db.sessions() as session:
        clerk = _find_clerk(session, username)
        verifier = clerk.offline_verifier if clerk else None
        if clerk is not None:
            hall = session.get(Hall, clerk.hall_code)
            profile = {"username": clerk.username, "display_name": clerk.display_name, "hall_code": clerk.hall_code,
                       "hall_name": hall.name if hall else None, "window": clerk.window, "role": clerk.role}
    if not verifier:
        raise OfflineUnavailable(f"本机没有账号「{username}」的离线登录凭据：请在联网时登录一次")
    if not check_verifier(password, verifier):
        raise _record_failure(db, username, now(), policy, "offline")
    with db.sessions.begin() as session:
        row = _find_clerk(session, username)
        assert row is not None
        row.failed_attempts, row.locked_until = 0, None
        audit.append(session, "clerk.login", actor=username, entity="clerk", entity_id=username,
                     detail={"mode": "offline"})
    previous = _read_session(db) or {}
    keep = previous.get("username") == username  # the same clerk keeps a still-held token
    data = {
        **profile, "mode": "online" if keep and previous.get("token") else "offline",
        "server": previous.get("server") if keep else None, "logged_in_at": wire.format_time(now()),
        "expires_at": previous.get("expires_at") if keep else None,
        "token": previous.get("token") if keep else None,
        "transport": previous.get("transport") if keep else None,
    }
    _write_session(db, data)
    return _info(data)


def login(
    db: Database,
    username: str,
    password: str,
    server: str | None = None,
    *,
    policy: AuthPolicy = DEFAULT_POLICY,
    now: Clock = utcnow,
    client: SyncClient | None = None,
    security: TransportSecurity | None = None,
) -> SessionInfo:
    """Online when a server is given and answers; offline against the local verifier when
    it cannot be reached (or when no server is given). An address the transport rules refuse
    (plain http:// elsewhere than loopback) raises ConfigError before anything is sent."""
    if server:
        try:
            return login_online(db, server, username, password, policy=policy, now=now, client=client,
                                security=security)
        except ServerUnreachable as online_error:
            try:
                return login_offline(db, username, password, policy=policy, now=now)
            except OfflineUnavailable:
                raise online_error from None
    return login_offline(db, username, password, policy=policy, now=now)


def verify_current(db: Database, password: str, *, policy: AuthPolicy = DEFAULT_POLICY, now: Clock = utcnow,
                   purpose: str = "unlock") -> SessionInfo:
    """Check the logged-in clerk's password (unlocking after the idle lock, revealing an
    agent's data: ``purpose``, as the audit records a wrong one), with the same counting and
    lock-out as a log-in."""
    info = current_session(db)
    if info is None:
        raise NotLoggedIn("当前没有登录的窗口人员")
    _check_not_locked(db, info.username, now())
    with db.sessions() as session:
        clerk = _find_clerk(session, info.username)
        verifier = clerk.offline_verifier if clerk else None
    if not verifier:
        raise OfflineUnavailable(f"本机没有账号「{info.username}」的离线登录凭据")
    if not check_verifier(password, verifier):
        raise _record_failure(db, info.username, now(), policy, purpose)
    with db.sessions.begin() as session:
        row = _find_clerk(session, info.username)
        if row is not None:
            row.failed_attempts, row.locked_until = 0, None
    return info


# ---------------------------------------------------------------------------------------------
# Log-out
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogoutResult:
    username: str | None
    revoked_on_server: bool
    message: str | None = None


def logout(db: Database, *, client: SyncClient | None = None, timeout: float = 5.0) -> LogoutResult:
    """Revoke the token on the server when reachable (one quick try), and always forget the
    session here, whatever the server said."""
    data = _read_session(db)
    if data is None:
        return LogoutResult(None, False, "当前没有登录")
    revoked, message = False, None
    token, server = data.get("token"), data.get("server")
    try:
        if token and (server or client):
            own = client is None
            from ..sync.client import NO_RETRY

            c = None
            try:
                c = client or SyncClient(server, token, timeout=timeout, retry=NO_RETRY,  # type: ignore[arg-type]
                                         security=TransportSecurity.from_json(data.get("transport")))
                if c.token is None:
                    c.token = token
                c.logout()
                revoked = True
            except AuthError:
                revoked, message = True, "令牌在服务器上已失效"
            except SyncError as exc:  # a ConfigError too: the session is forgotten here all the same
                message = f"未能通知中心服务器（{exc.message}）；本机已退出，令牌将按期失效"
            finally:
                if own and c is not None:
                    c.close()
    finally:
        _delete_session(db)
        with db.sessions.begin() as session:
            audit.append(session, "clerk.logout", actor=data.get("username"), entity="clerk",
                         entity_id=data.get("username"), detail={"revoked_on_server": revoked})
    return LogoutResult(data.get("username"), revoked, message)


# ---------------------------------------------------------------------------------------------
# The idle lock
# ---------------------------------------------------------------------------------------------


class IdleLock:
    """Locks after ``timeout`` without activity. Pure logic: the GUI calls :meth:`activity`
    from its event filter and :meth:`poll` from a timer, and shows the lock screen when
    :meth:`poll` returns True; :meth:`unlock` after :func:`verify_current` succeeded.

    ``clock`` returns seconds (monotonic by default: changing the wall clock neither locks
    nor unlocks)."""

    def __init__(self, timeout: float | dt.timedelta = DEFAULT_POLICY.idle_timeout,
                 clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._timeout = self._seconds(timeout)
        self._last = clock()
        self._locked = False
        self._listeners: list[Callable[[bool], Any]] = []

    @staticmethod
    def _seconds(value: float | dt.timedelta) -> float:
        seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
        if seconds <= 0:
            raise ValueError("idle timeout must be positive")
        return seconds

    @property
    def timeout(self) -> float:
        return self._timeout

    @timeout.setter
    def timeout(self, value: float | dt.timedelta) -> None:
        self._timeout = self._seconds(value)

    @property
    def locked(self) -> bool:
        return self._locked

    def subscribe(self, listener: Callable[[bool], Any]) -> None:
        """``listener(locked)`` on every change of :attr:`locked`."""
        self._listeners.append(listener)

    def _set(self, locked: bool) -> None:
        if locked != self._locked:
            self._locked = locked
            for listener in list(self._listeners):
                listener(locked)

    def activity(self) -> None:
        """The clerk did something (key, mouse, scan). Ignored while locked."""
        if not self._locked:
            self._last = self._clock()

    def remaining(self) -> float:
        """Seconds until the lock (0 when locked)."""
        if self._locked:
            return 0.0
        return max(0.0, self._timeout - (self._clock() - self._last))

    def poll(self) -> bool:
        """Lock if idle long enough; True when this call locked it."""
        if not self._locked and self._clock() - self._last >= self._timeout:
            self._set(True)
            return True
        return False

    def lock(self) -> None:
        self._set(True)

    def unlock(self) -> None:
        self._last = self._clock()
        self._set(False)


__all__ = [
    "AccountLocked",
    "AuthPolicy",
    "ConfigError",
    "DEFAULT_POLICY",
    "IdleLock",
    "LoginError",
    "LogoutResult",
    "NotLoggedIn",
    "OfflineUnavailable",
    "ServerRateLimited",
    "ServerUnreachable",
    "ServerUntrusted",
    "SessionInfo",
    "TransportSecurity",
    "WrongPassword",
    "check_verifier",
    "current_session",
    "current_username",
    "forget_token",
    "is_loopback",
    "lock_state",
    "logged_in_username",
    "login",
    "login_offline",
    "login_online",
    "logout",
    "make_verifier",
    "session_security",
    "session_server",
    "session_token",
    "verify_current",
]
