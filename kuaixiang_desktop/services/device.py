"""This device's identity: its Ed25519 signing key (private half in the OS keyring) and the
short id printed in receipt numbers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kuaixiang_core.domain import receipt_token

from ..store.database import Database
from ..store.models import DeviceKey
from .secrets import get_secret, set_secret

_PRIVATE = "device-signing-key"
_PUBLIC = "device-public-key"


class DeviceKeyError(RuntimeError):
    pass


@dataclass(frozen=True)
class Device:
    key_id: str
    public_key: bytes

    @property
    def short_id(self) -> str:
        """Four characters of the key id: enough to keep two windows' receipt numbers apart."""
        return self.key_id[:4].upper()

    def private_key(self) -> bytes:
        key = get_secret(_PRIVATE)
        if key is None:
            raise DeviceKeyError("密钥环中没有本机签名密钥：回执无法签名")
        return key


def local_device(db: Database, hall_code: str | None = None) -> Device:
    """The device key, made on first use; its public half is recorded so receipts verify."""
    private, public = get_secret(_PRIVATE), get_secret(_PUBLIC)
    if private is None or public is None:
        private, public = receipt_token.generate_key()
        set_secret(_PRIVATE, private)
        set_secret(_PUBLIC, public)
    kid = receipt_token.key_id(public)
    with db.sessions.begin() as session:
        row = session.get(DeviceKey, kid)
        if row is None:
            session.add(DeviceKey(key_id=kid, public_key=public, hall_code=hall_code, label="本机", is_local=True))
        elif row.public_key != public:
            raise DeviceKeyError(f"设备密钥 {kid} 与数据库中登记的公钥不一致")
    return Device(kid, public)


def known_public_keys(db: Database) -> dict[str, bytes]:
    with db.sessions() as session:
        return {row.key_id: row.public_key for row in session.scalars(select(DeviceKey))}
