"""What this client believes about other devices: the server's certifying key, pinned at the
first online log-in (trust on first use: whoever answers that log-in is believed; an
administrator can provision the key instead), and the device certificates sync pulls,
kept only when that key signed them. ``receipts.verify`` reads them, offline.

A certificate is replaced only by one issued later, so replaying an old device list cannot
undo a revocation or a re-binding this client has seen.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core.domain import device_trust
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire_session import DeviceList, SignerInfo

from ..store import audit
from ..store.database import Database
from ..store.models import DeviceCertificate, DeviceKey, TrustedSigner
from .sync_report import Failure

PINNED, ALREADY, MISMATCH, INVALID = "pinned", "already", "mismatch", "invalid"


@dataclass(frozen=True)
class Signer:
    key_id: str
    public_key: bytes
    server: str | None
    how: str
    pinned_at: dt.datetime
    devices_synced_at: dt.datetime | None  # naive UTC: revocations known as of then


def _decode_signer(info: SignerInfo) -> bytes | None:
    try:
        public = base64.b64decode(info.public_key, validate=True)
        return public if device_trust.signer_id(public) == info.key_id else None
    except (binascii.Error, ValueError):
        return None


def pin_signer(session: Session, info: SignerInfo | None, server: str | None, actor: str | None) -> str:
    """Pin the server's certifying key if none is pinned yet. A log-in that presents another
    key changes nothing here (the audit says so; sync reports it until an administrator
    provisions the right key)."""
    if info is None:
        return INVALID
    public = _decode_signer(info)
    if public is None:
        return INVALID
    current = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
    if current is None:
        session.add(TrustedSigner(key_id=info.key_id, public_key=public, server=server, how="first_login",
                                  pinned_at=utcnow()))
        audit.append(session, "signer.pinned", actor=actor, entity="signer", entity_id=info.key_id,
                     detail={"server": server, "how": "first_login"})
        return PINNED
    if current.key_id == info.key_id and current.public_key == public:
        return ALREADY
    audit.append(session, "signer.mismatch", actor=actor, entity="signer", entity_id=info.key_id,
                 detail={"server": server, "pinned": current.key_id})
    return MISMATCH


def trusted_signer(db: Database) -> Signer | None:
    with db.sessions() as session:
        row = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
        if row is None:
            return None
        return Signer(row.key_id, row.public_key, row.server, row.how, row.pinned_at, row.devices_synced_at)


def pinned_signer_id(session: Session) -> str | None:
    """The key id of the server's certifying key this window trusts, if any."""
    return session.scalars(select(TrustedSigner.key_id).order_by(TrustedSigner.pinned_at)).first()


def list_unchanged(session: Session, signer_id: str, now: dt.datetime) -> None:
    """The server answered that its device list is the one taken in last time (``304``),
    checked against ``signer_id``: revocations are known as of now, as after taking the list
    in again, unless another key is trusted by now (provisioned meanwhile)."""
    signer = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
    if signer is not None and signer.key_id == signer_id:
        signer.devices_synced_at = now


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value is not None else None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


def _store(session: Session, signer: TrustedSigner, cert: device_trust.DeviceCertificate, now: dt.datetime) -> bool:
    row = session.get(DeviceCertificate, (signer.key_id, cert.serial))
    issued = _naive(cert.issued_at)
    if row is not None and (issued is None or issued <= row.issued_at):
        return False  # the same or an older word of the server's
    if row is None:
        row = DeviceCertificate(signer_key_id=signer.key_id, serial=cert.serial)
        session.add(row)
    revoked = _naive(cert.revoked_at) or row.revoked_at  # a revocation once seen stays
    row.key_id, row.public_key, row.hall_code = cert.key_id, cert.public_key, cert.hall_code
    row.window, row.label, row.signature = cert.window, cert.label, cert.signature
    row.valid_from, row.valid_to, row.revoked_at = _naive(cert.valid_from), _naive(cert.valid_to), revoked
    row.issued_at, row.pulled_at = issued, now
    return True


def apply_device_list(session: Session, devices: DeviceList, now: dt.datetime) -> tuple[int, list[Failure]]:
    """Take in the server's device list: public keys of devices not known yet, and every
    certificate the pinned key signed. Returns (keys and certificates learnt, failures)."""
    failures: list[Failure] = []
    learnt = 0
    signer = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
    if signer is None:
        failures.append(Failure("devices", None, "本机尚未信任中心端的设备认证密钥：设备证书未更新，请联网登录一次"))
    elif devices.signer is not None and devices.signer.key_id != signer.key_id:
        failures.append(Failure("devices", devices.signer.key_id,
                                f"中心端的设备认证密钥（{devices.signer.key_id}）与本机信任的（{signer.key_id}）不同："
                                "设备证书未更新；请管理员核实并为本机配置正确的密钥"))
        signer = None
    for entry in devices.devices:
        try:
            public = base64.b64decode(entry.public_key, validate=True)
        except (binascii.Error, ValueError):
            failures.append(Failure("devices", entry.key_id, "设备公钥不是有效的 base64"))
            continue
        key = session.get(DeviceKey, entry.key_id)
        if key is None:
            key = DeviceKey(key_id=entry.key_id, public_key=public, is_local=False)
            session.add(key)
            learnt += 1
        elif key.public_key != public:
            failures.append(Failure("devices", entry.key_id, "该设备编号在本机登记的公钥与中心端不同"))
            continue
        if signer is None:
            continue
        for cert in entry.certificates:
            if cert.key_id != entry.key_id or cert.public_key != public:
                failures.append(Failure("devices", entry.key_id, f"证书 {cert.serial} 不属于设备 {entry.key_id}"))
            elif not device_trust.verify_certificate(cert, signer.public_key):
                failures.append(Failure("devices", entry.key_id,
                                        f"设备证书 {cert.serial} 的签名无效（不是中心端签发的，或已被改动），未采用"))
            else:
                learnt += _store(session, signer, cert, now)
                if cert.valid_to is None and not key.is_local:
                    # Only the server's signed word moves another window's hall here.
                    key.hall_code, key.label = cert.hall_code, cert.label
    if signer is not None:
        signer.devices_synced_at = now
    return learnt, failures


def certificates(db: Database, key_id: str) -> list[device_trust.DeviceCertificate]:
    """The certificates of ``key_id`` signed by the pinned key, as the domain reads them."""
    with db.sessions() as session:
        signer = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
        if signer is None:
            return []
        rows = session.scalars(select(DeviceCertificate).where(
            DeviceCertificate.key_id == key_id, DeviceCertificate.signer_key_id == signer.key_id)
            .order_by(DeviceCertificate.serial))
        return [device_trust.DeviceCertificate(
            serial=r.serial, key_id=r.key_id, public_key=r.public_key, hall_code=r.hall_code, window=r.window,
            label=r.label, valid_from=_aware(r.valid_from), valid_to=_aware(r.valid_to),  # type: ignore[arg-type]
            revoked_at=_aware(r.revoked_at), issued_at=_aware(r.issued_at), signature=r.signature,  # type: ignore[arg-type]
        ) for r in rows]
