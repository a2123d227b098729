"""Devices belong to halls: registration with proof of the private key, the certificates the
server signs with its own key, and the administrator's re-binding and revocation.

- A device registers (or logs in again) by signing a **challenge** the server handed out
  (``POST /devices/challenge``). Challenges are stateless until used: nonce, expiry and an
  HMAC under a key derived from the data key (so every instance accepts every instance's),
  then one row in ``used_challenge`` makes a second use fail, whichever instance sees it.
- A registered device stays in its hall and window: a clerk of another hall cannot log in
  with it (409), nor can anyone who cannot sign with its key (403). Only ``kuaixiang-server
  admin device rebind|revoke`` changes a binding; each binding is a certificate row, served
  signed (domain/device_trust) so that clients check receipts offline against it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import secrets
import struct
import threading
from dataclasses import replace

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kuaixiang_core.domain import device_trust, receipt_token
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire_session import DeviceChallenge, DeviceEntry, DeviceInfo, DeviceList, SignerInfo

from .config import Settings
from .db import Database
from .errors import ApiError
from .models import AuthToken, Clerk, Device, DeviceCertificate, Hall, UsedChallenge

_NONCE = 16
_MAC = 16
_CHALLENGE_LEN = _NONCE + 8 + _MAC


# --- challenges ----------------------------------------------------------------------------------


def _challenge_mac(data_key: bytes, body: bytes) -> bytes:
    key = hmac.new(data_key, b"kuaixiang device challenge v1", hashlib.sha256).digest()
    return hmac.new(key, body, hashlib.sha256).digest()[:_MAC]


def issue_challenge(settings: Settings, now: dt.datetime | None = None) -> DeviceChallenge:
    now = now or utcnow()
    expires = now + settings.challenge_lifetime
    body = secrets.token_bytes(_NONCE) + struct.pack(">Q", int(expires.replace(tzinfo=dt.UTC).timestamp()))
    text = base64.urlsafe_b64encode(body + _challenge_mac(settings.key, body)).decode("ascii").rstrip("=")
    return DeviceChallenge(text, expires.replace(tzinfo=dt.UTC, microsecond=0))


def _read_challenge(settings: Settings, text: str, now: dt.datetime) -> tuple[str, dt.datetime]:
    """(nonce as hex, expiry) of a challenge this server (or another instance) issued."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    body, mac = raw[:-_MAC], raw[-_MAC:]
    if len(raw) != _CHALLENGE_LEN or not hmac.compare_digest(mac, _challenge_mac(settings.key, body)):
        raise ApiError("forbidden", "设备挑战无效（不是本服务器签发的，或已被改动）：请重新获取挑战后再登录")
    expires = dt.datetime.fromtimestamp(struct.unpack(">Q", body[_NONCE:])[0], dt.UTC).replace(tzinfo=None)
    if expires <= now:
        raise ApiError("forbidden", "设备挑战已过期：请重新获取挑战后再登录")
    return body[:_NONCE].hex(), expires


def _insert_ignoring_conflict(session: Session, table, values: dict) -> bool:
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = module.insert(table).values(**values).on_conflict_do_nothing()
    return session.execute(stmt.returning(*table.primary_key.columns)).first() is not None


def consume_challenge(session: Session, settings: Settings, text: str, now: dt.datetime) -> None:
    nonce, expires = _read_challenge(settings, text, now)
    session.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < now))
    if not _insert_ignoring_conflict(session, UsedChallenge.__table__, {"nonce": nonce, "expires_at": expires}):
        raise ApiError("forbidden", "设备挑战已经用过（每个挑战只能用一次）：请重新获取挑战后再登录")


# --- registration at log-in ------------------------------------------------------------------------


def device_key(device: DeviceInfo) -> bytes:
    """The raw public key of ``device``, checked against its key id (400 when it is not)."""
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


def check_proof(settings: Settings, device: DeviceInfo, raw_key: bytes, now: dt.datetime) -> None:
    """The device signed one of our challenges (checked before the password: it costs nothing;
    the challenge is used up only once the log-in succeeds)."""
    if not device.challenge or not device.signature:
        raise ApiError("bad_request", "device 须带服务器的挑战（challenge）和本机私钥对它的签名（signature）："
                                      "请先 POST /api/v1/devices/challenge")
    _read_challenge(settings, device.challenge, now)
    if not device_trust.verify_proof(device.challenge, raw_key, device.signature):
        raise ApiError("forbidden", f"设备签名不符：不能证明持有设备 {device.key_id} 的私钥，设备未登记")


def _where(session: Session, hall_code: str | None, window: str | None) -> str:
    hall = session.get(Hall, hall_code) if hall_code else None
    name = f"「{hall.name}」（{hall_code}）" if hall else f"「{hall_code or '未知大厅'}」"
    return name + (f"{window}号窗口" if window else "")


def register(session: Session, device: DeviceInfo, raw_key: bytes, clerk: Clerk, now: dt.datetime) -> Device:
    """Register ``device`` for ``clerk``'s hall and window, or find it registered there.
    A device of another hall (409) or a revoked one (403) is refused and left as it was."""
    public = base64.b64encode(raw_key).decode("ascii")
    values = {"key_id": device.key_id, "public_key": public, "hall_code": clerk.hall_code, "window": clerk.window,
              "label": device.label, "clerk_id": clerk.id, "registered_at": now, "last_login_at": now}
    if _insert_ignoring_conflict(session, Device.__table__, values):
        session.add(DeviceCertificate(key_id=device.key_id, hall_code=clerk.hall_code, window=clerk.window,
                                      label=device.label, valid_from=now, issued_at=now,
                                      issued_by=f"login:{clerk.username}"))
        session.flush()
        row = session.get(Device, device.key_id)
        assert row is not None
        return row
    row = session.scalars(select(Device).where(Device.key_id == device.key_id).with_for_update()).one()
    if row.public_key != public:
        raise ApiError("conflict", f"设备密钥 {device.key_id} 已登记了另一把公钥")
    if row.revoked_at is not None:
        raise ApiError("forbidden", f"设备 {device.key_id} 已于 {row.revoked_at:%Y-%m-%d %H:%M} (UTC) 被管理员吊销，"
                                    "不能再登录或签发回执；请联系管理员")
    if row.hall_code != clerk.hall_code:
        raise ApiError("conflict", f"设备 {device.key_id} 登记在{_where(session, row.hall_code, row.window)}，"
                                   f"不能由{_where(session, clerk.hall_code, None)}的账号使用；"
                                   "设备确已移交的，请管理员改绑（kuaixiang-server admin device rebind）")
    row.clerk_id, row.last_login_at = clerk.id, now
    return row


# --- certificates and the device list ----------------------------------------------------------------


def signer_info(settings: Settings) -> SignerInfo:
    public = device_trust.public_key_of(settings.signing_key)
    return SignerInfo(device_trust.signer_id(public), base64.b64encode(public).decode("ascii"))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


# What the list is made of, and nothing else (not a device's last log-in, say): the same
# rows under the same key make the same bytes, so the last list made is kept for them.
_DEVICE_COLUMNS = (Device.key_id, Device.public_key, Device.hall_code, Device.label, Device.window, Device.revoked_at)
_CERT_COLUMNS = (DeviceCertificate.serial, DeviceCertificate.key_id, DeviceCertificate.hall_code,
                 DeviceCertificate.window, DeviceCertificate.label, DeviceCertificate.valid_from,
                 DeviceCertificate.valid_to, DeviceCertificate.revoked_at, DeviceCertificate.issued_at)


class _Signatures:
    """The signatures of the certificates the last list carried, by the bytes signed.

    Every window asks for the list every round, so signing each certificate at each call
    cost the city O(windows²) signatures per round interval (the load test's slowest GET).
    An Ed25519 signature is deterministic, so the one made for the same bytes under the same
    key is the one a fresh signing would give: a changed certificate is other bytes and is
    signed anew. Only what the last list carried is kept (as many as there are certificates)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: bytes | None = None
        self._by_message: dict[bytes, str] = {}

    def sign(self, certs: list[device_trust.DeviceCertificate], key: bytes) -> list[device_trust.DeviceCertificate]:
        with self._lock:
            known = self._by_message if self._key == key else {}
        signed, kept = [], {}
        for cert in certs:
            message = cert.signed_bytes()
            signature = known.get(message)
            if signature is None:
                cert = device_trust.sign_certificate(cert, key)
            else:
                cert = replace(cert, signature=signature)
            kept[message] = cert.signature
            signed.append(cert)
        with self._lock:
            self._key, self._by_message = key, kept
        return signed


_signatures = _Signatures()


def _listed_rows(db: Database) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    with db.read() as session:  # one snapshot: no certificate of a device the list lacks
        devices = tuple(tuple(r) for r in session.execute(select(*_DEVICE_COLUMNS).order_by(Device.key_id)))
        certs = tuple(tuple(r) for r in session.execute(select(*_CERT_COLUMNS).order_by(DeviceCertificate.serial)))
    return devices, certs


def _made_list(devices: tuple[tuple, ...], certs: tuple[tuple, ...], settings: Settings) -> DeviceList:
    public = {key_id: base64.b64decode(text) for key_id, text, *_rest in devices}
    by_key: dict[str, list[device_trust.DeviceCertificate]] = {}
    for serial, key_id, hall_code, window, label, valid_from, valid_to, revoked_at, issued_at in certs:
        by_key.setdefault(key_id, []).append(device_trust.DeviceCertificate(
            serial=serial, key_id=key_id, public_key=public[key_id], hall_code=hall_code, window=window,
            label=label, valid_from=_aware(valid_from), valid_to=_aware(valid_to),  # type: ignore[arg-type]
            revoked_at=_aware(revoked_at), issued_at=_aware(issued_at)))  # type: ignore[arg-type]
    signed = iter(_signatures.sign([c for d in devices for c in by_key.get(d[0], ())], settings.signing_key))
    entries = [
        DeviceEntry(key_id, text, hall_code, label, window,
                    revoked_at.isoformat(timespec="seconds") + "Z" if revoked_at else None,
                    tuple(next(signed) for _ in by_key.get(key_id, ())))
        for key_id, text, hall_code, label, window, revoked_at in devices
    ]
    return DeviceList(entries, signer_info(settings))


class _LastList:
    """The last list's bytes and tag, with the rows and key they were made from. Most calls
    find the list unchanged (every window asks every round, a device changes a few times a
    year): then the rows are read and compared, and nothing is made, signed or hashed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: tuple[tuple, bytes, str] | None = None

    def body(self, db: Database, settings: Settings) -> tuple[bytes, str]:
        rows = _listed_rows(db)
        source = (settings.signing_key, *rows)
        with self._lock:
            made = self._made
        if made is not None and made[0] == source:
            return made[1], made[2]
        body = orjson.dumps(_made_list(*rows, settings).to_json())
        tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        with self._lock:
            self._made = (source, body, tag)
        return body, tag


_last_list = _LastList()


def device_list_body(db: Database, settings: Settings) -> tuple[bytes, str]:
    """``GET /devices``: every device with its certificates, signed with the server's key, as
    the route sends it, and its entity tag: a window that already has this list is answered
    ``304`` and neither receives nor checks it again."""
    return _last_list.body(db, settings)


# --- the administrator -------------------------------------------------------------------------------


def _summary(session: Session, device: Device) -> dict:
    clerk = session.get(Clerk, device.clerk_id) if device.clerk_id else None
    certs = session.scalars(select(DeviceCertificate).where(DeviceCertificate.key_id == device.key_id)
                            .order_by(DeviceCertificate.serial))
    t = _time
    return {
        "key_id": device.key_id, "hall_code": device.hall_code, "window": device.window, "label": device.label,
        "registered_at": t(device.registered_at), "last_login_at": t(device.last_login_at),
        "last_clerk": clerk.username if clerk else None, "revoked_at": t(device.revoked_at),
        "revoked_reason": device.revoked_reason,
        "certificates": [{"serial": c.serial, "hall_code": c.hall_code, "window": c.window, "label": c.label,
                          "valid_from": t(c.valid_from), "valid_to": t(c.valid_to), "revoked_at": t(c.revoked_at),
                          "issued_by": c.issued_by} for c in certs],
    }


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def list_devices(db: Database) -> list[dict]:
    with db.read() as session:
        return [_summary(session, d) for d in session.scalars(select(Device).order_by(Device.hall_code, Device.key_id))]


def show_device(db: Database, key_id: str) -> dict:
    with db.read() as session:
        device = session.get(Device, key_id)
        if device is None:
            raise LookupError(f"没有编号为「{key_id}」的设备")
        return _summary(session, device)


def _locked(session: Session, key_id: str) -> Device:
    device = session.scalars(select(Device).where(Device.key_id == key_id).with_for_update()).one_or_none()
    if device is None:
        raise LookupError(f"没有编号为「{key_id}」的设备")
    return device


def _end_tokens(session: Session, key_id: str, why: str, now: dt.datetime) -> int:
    """Log out every session on the device: they were opened under the old binding."""
    result = session.execute(update(AuthToken).where(AuthToken.device_key_id == key_id, AuthToken.revoked_at.is_(None))
                             .values(revoked_at=now, revoked_by=why))
    return result.rowcount or 0


def rebind(db: Database, key_id: str, hall_code: str, window: str | None, label: str | None,
           actor: str = "admin") -> dict:
    """Bind the device to another hall, window or label: the current certificate ends now
    (receipts it covered stay genuine) and a new one starts."""
    now = utcnow()
    with db.write() as session:
        device = _locked(session, key_id)
        if session.get(Hall, hall_code) is None:
            raise LookupError(f"没有编码为「{hall_code}」的服务大厅")
        if device.revoked_at is not None:
            raise ValueError(f"设备 {key_id} 已吊销，不能改绑；请让该窗口生成新设备密钥后重新登录")
        label = label if label is not None else device.label
        if (device.hall_code, device.window, device.label) == (hall_code, window, label):
            return {**_summary(session, device), "changed": False, "tokens_revoked": 0}
        session.execute(update(DeviceCertificate).where(DeviceCertificate.key_id == key_id,
                                                        DeviceCertificate.valid_to.is_(None))
                        .values(valid_to=now, issued_at=now))
        session.add(DeviceCertificate(key_id=key_id, hall_code=hall_code, window=window, label=label, valid_from=now,
                                      issued_at=now, issued_by=actor))
        device.hall_code, device.window, device.label = hall_code, window, label
        ended = _end_tokens(session, key_id, "device_rebind", now)
        session.flush()
        return {**_summary(session, device), "changed": True, "tokens_revoked": ended}


def revoke(db: Database, key_id: str, reason: str | None, actor: str = "admin") -> dict:
    """Revoke the device for good: its receipts from now on fail verification, earlier ones
    say that it was revoked later; its sessions end and it can no longer log in."""
    now = utcnow()
    with db.write() as session:
        device = _locked(session, key_id)
        if device.revoked_at is not None:
            return {**_summary(session, device), "changed": False, "tokens_revoked": 0}
        device.revoked_at, device.revoked_reason = now, reason or f"由 {actor} 吊销"
        session.execute(update(DeviceCertificate).where(DeviceCertificate.key_id == key_id)
                        .values(revoked_at=now, issued_at=now))
        ended = _end_tokens(session, key_id, "device_revoked", now)
        session.flush()
        return {**_summary(session, device), "changed": True, "tokens_revoked": ended}
