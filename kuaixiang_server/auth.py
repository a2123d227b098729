"""Clerks, passwords, bearer tokens and log-in.

- Passwords: ``hashlib.scrypt`` with a per-user random salt, compared in constant time; an
  unknown user name costs the same work as a known one.
- Tokens: 256 random bits, kept as their SHA-256, with an expiry and a revocation time.
- Rate limit (throttle.py): every attempt takes a slot of its account's counter
  (``login_max_failures``) and of its address's (``login_max_address_failures``) before the
  password is checked, and gives them back on success; a full counter answers 429 with
  ``Retry-After`` until its window (``login_window``) runs out.
- Devices (devices.py): a log-in that names a device proves it holds the device's key, and
  registers it for the clerk's hall, or finds it registered there.
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

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire_session import ClerkInfo, LoginRequest, LoginResponse

from . import devices, throttle
from .config import Settings
from .db import Database
from .errors import ApiError
from .models import AuthToken, Clerk, Hall

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


def _limited(wait: int) -> ApiError:
    return ApiError("rate_limited", f"登录失败次数过多：请 {math.ceil(wait / 60)} 分钟后再试",
                    headers={"Retry-After": str(wait)})


def login(db: Database, settings: Settings, request: LoginRequest, client_addr: str) -> LoginResponse:
    username = request.username.strip()
    now = utcnow()
    raw_key = devices.device_key(request.device) if request.device else None
    if request.device is not None and raw_key is not None:
        devices.check_proof(settings, request.device, raw_key, now)
    window = settings.login_window
    with db.write() as session:
        # Both slots or neither: a refused attempt changes no counter.
        wait = throttle.take(session, throttle.ACCOUNT, username, settings.login_max_failures, window, now)
        if wait is None:
            wait = throttle.take(session, throttle.ADDRESS, client_addr, settings.login_max_address_failures,
                                 window, now)
        if wait is not None:
            raise _limited(wait)
    with db.read() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.username == username)).one_or_none()
        stored = clerk.password_hash if clerk is not None else _dummy_hash()
    ok = verify_password(request.password, stored) and clerk is not None and not clerk.disabled
    if not ok:
        with db.write() as session:
            throttle.prune(session, now, window)
        raise ApiError("unauthorized", "用户名或密码错误")
    assert clerk is not None
    with db.write() as session:
        throttle.clear(session, throttle.ACCOUNT, username)
        throttle.give_back(session, throttle.ADDRESS, client_addr)
    token = secrets.token_urlsafe(32)  # 256 bits
    expires = now + settings.token_lifetime
    with db.write() as session:
        clerk = session.get(Clerk, clerk.id)
        assert clerk is not None
        if request.device is not None and raw_key is not None:
            devices.consume_challenge(session, settings, request.device.challenge or "", now)
            devices.register(session, request.device, raw_key, clerk, now)
        session.add(AuthToken(token_hash=token_digest(token), clerk_id=clerk.id, created_at=now, expires_at=expires,
                              device_key_id=request.device.key_id if request.device else None,
                              client_addr=client_addr))
        info = _context(clerk, "").clerk_info()
    return LoginResponse(token, expires.replace(tzinfo=dt.UTC), info, devices.signer_info(settings))


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
