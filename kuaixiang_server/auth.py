"""Clerks, passwords, bearer tokens, log-in rate limiting and device keys.

- Passwords: ``hashlib.scrypt`` with a per-user random salt, compared in constant time; an
  unknown user name costs the same work as a known one.
- Tokens: 256 random bits, kept as their SHA-256, with an expiry and a revocation time.
- Rate limit: failed log-ins are rows in the database (so every instance sees them); with
  ``login_max_failures`` failures for one user name from one address within
  ``login_window``, further attempts answer 429 with ``Retry-After``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kuaixiang_core.domain import receipt_token
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire import ClerkInfo, DeviceInfo, LoginRequest, LoginResponse

from .config import Settings
from .db import Database
from .errors import ApiError
from .models import AuthToken, Clerk, Device, Hall, LoginFailure

# scrypt cost: 2**14 × 8 × 1 is the interactive-log-in setting (16 MB, tens of ms).
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the user name is unknown, so that costs what a real check does."""
    return hash_password(secrets.token_hex(16))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=2**27)
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(got, expected)


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"密码至少 {MIN_PASSWORD} 个字符")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuthContext:
    """Who is calling: the clerk behind a valid token."""

    clerk_id: int
    username: str
    display_name: str
    hall_code: str
    hall_name: str
    window: str | None
    role: str
    token_hash: str

    def clerk_info(self) -> ClerkInfo:
        return ClerkInfo(self.username, self.display_name, self.hall_code, self.hall_name, self.window, self.role)


def _context(clerk: Clerk, token_hash: str) -> AuthContext:
    return AuthContext(clerk.id, clerk.username, clerk.display_name, clerk.hall_code, clerk.hall.name, clerk.window,
                       clerk.role, token_hash)


def authenticate(db: Database, authorization: str | None) -> AuthContext:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError("unauthorized", "未登录：请求缺少 Authorization: Bearer 令牌", headers={"WWW-Authenticate": "Bearer"})
    token = authorization[7:].strip()
    digest = token_digest(token)
    with db.read() as session:
        row = session.execute(
            select(AuthToken, Clerk).join(Clerk, Clerk.id == AuthToken.clerk_id).where(AuthToken.token_hash == digest)
        ).one_or_none()
        if row is None:
            raise ApiError("unauthorized", "令牌无效：请重新登录", headers={"WWW-Authenticate": "Bearer"})
        tok, clerk = row
        if tok.revoked_at is not None:
            raise ApiError("token_revoked", "令牌已被注销：请重新登录", headers={"WWW-Authenticate": "Bearer"})
        if tok.expires_at <= utcnow():
            raise ApiError("token_expired", "登录已过期：请重新登录", headers={"WWW-Authenticate": "Bearer"})
        if clerk.disabled:
            raise ApiError("unauthorized", "该账号已停用", headers={"WWW-Authenticate": "Bearer"})
        return _context(clerk, digest)


def _retry_after(failures: list[dt.datetime], settings: Settings, now: dt.datetime) -> int | None:
    """Seconds until fewer than the allowed number of failures remain in the window."""
    if len(failures) < settings.login_max_failures:
        return None
    release = sorted(failures)[len(failures) - settings.login_max_failures] + settings.login_window
    return max(1, math.ceil((release - now).total_seconds()))


def _load_device_key(device: DeviceInfo) -> bytes:
    try:
        raw = base64.b64decode(device.public_key, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise ApiError("bad_request", "device.public_key 应为 32 字节 Ed25519 公钥的 base64") from None
    try:
        expected = receipt_token.key_id(raw)
    except Exception:  # noqa: BLE001 - any key the receipt code cannot use is refused
        raise ApiError("bad_request", "device.public_key 不是可用的 Ed25519 公钥") from None
    if device.key_id != expected:
        raise ApiError("bad_request", f"device.key_id「{device.key_id}」与公钥不符（应为 {expected}）")
    return raw


def login(db: Database, settings: Settings, request: LoginRequest, client_addr: str) -> LoginResponse:
    username = request.username.strip()
    now = utcnow()
    since = now - settings.login_window
    raw_key = _load_device_key(request.device) if request.device else None
    with db.read() as session:
        failures = list(session.scalars(
            select(LoginFailure.at).where(
                LoginFailure.username == username, LoginFailure.client_addr == client_addr, LoginFailure.at > since
            )
        ))
        wait = _retry_after(failures, settings, now)
        if wait is not None:
            raise ApiError("rate_limited", f"登录失败次数过多：请 {math.ceil(wait / 60)} 分钟后再试",
                           headers={"Retry-After": str(wait)})
        clerk = session.scalars(select(Clerk).where(Clerk.username == username)).one_or_none()
        stored = clerk.password_hash if clerk is not None else _dummy_hash()
    ok = verify_password(request.password, stored) and clerk is not None and not clerk.disabled
    if not ok:
        with db.write() as session:
            session.add(LoginFailure(username=username, client_addr=client_addr, at=now))
            session.execute(delete(LoginFailure).where(LoginFailure.at < now - dt.timedelta(days=1)))
        raise ApiError("unauthorized", "用户名或密码错误")
    assert clerk is not None
    token = secrets.token_urlsafe(32)  # 256 bits
    expires = now + settings.token_lifetime
    with db.write() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.username == username,
                                                   LoginFailure.client_addr == client_addr))
        clerk = session.get(Clerk, clerk.id)
        assert clerk is not None
        if request.device is not None and raw_key is not None:
            register_device(session, request.device, raw_key, clerk, now)
        session.add(AuthToken(token_hash=token_digest(token), clerk_id=clerk.id, created_at=now, expires_at=expires,
                              device_key_id=request.device.key_id if request.device else None,
                              client_addr=client_addr))
        info = _context(clerk, "").clerk_info()
    return LoginResponse(token, expires.replace(tzinfo=dt.UTC), info)


def register_device(session: Session, device: DeviceInfo, raw_key: bytes, clerk: Clerk, now: dt.datetime) -> None:
    public = base64.b64encode(raw_key).decode("ascii")
    row = session.get(Device, device.key_id)
    if row is None:
        session.add(Device(key_id=device.key_id, public_key=public, hall_code=clerk.hall_code, label=device.label,
                           clerk_id=clerk.id, registered_at=now, last_login_at=now))
        return
    if row.public_key != public:
        raise ApiError("conflict", f"设备密钥 {device.key_id} 已登记了另一把公钥")
    row.hall_code, row.clerk_id, row.last_login_at = clerk.hall_code, clerk.id, now
    if device.label:
        row.label = device.label


def logout(db: Database, ctx: AuthContext) -> None:
    with db.write() as session:
        session.execute(
            update(AuthToken).where(AuthToken.token_hash == ctx.token_hash, AuthToken.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_by="logout")
        )


def revoke_tokens(db: Database, username: str) -> int:
    """Revoke every live token of ``username`` (the administrator's act); returns how many."""
    with db.write() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.username == username)).one_or_none()
        if clerk is None:
            raise LookupError(f"没有用户「{username}」")
        result = session.execute(
            update(AuthToken)
            .where(AuthToken.clerk_id == clerk.id, AuthToken.revoked_at.is_(None), AuthToken.expires_at > utcnow())
            .values(revoked_at=utcnow(), revoked_by="admin")
        )
        return result.rowcount or 0


def devices(db: Database) -> list[dict]:
    with db.read() as session:
        return [
            {"key_id": d.key_id, "public_key": d.public_key, "hall_code": d.hall_code, "label": d.label}
            for d in session.scalars(select(Device).order_by(Device.key_id))
        ]


def add_hall(session: Session, code: str, name: str, region_code: str | None) -> Hall:
    hall = session.get(Hall, code)
    if hall is None:
        hall = Hall(code=code, name=name, region_code=region_code)
        session.add(hall)
    else:
        hall.name, hall.region_code = name, region_code or hall.region_code
    return hall


def add_clerk(session: Session, username: str, password: str, hall_code: str, *, display_name: str | None = None,
              window: str | None = None, role: str = "clerk") -> Clerk:
    check_new_password(password)
    if session.get(Hall, hall_code) is None:
        raise LookupError(f"没有编码为「{hall_code}」的服务大厅：请先 add-hall")
    if session.scalar(select(func.count()).select_from(Clerk).where(Clerk.username == username)):
        raise ValueError(f"用户「{username}」已存在")
    clerk = Clerk(username=username, display_name=display_name or username, hall_code=hall_code, window=window,
                  role=role, password_hash=hash_password(password))
    session.add(clerk)
    session.flush()
    return clerk
