"""This device's identity: its Ed25519 signing key (private half in the OS keyring) and the
short id printed in receipt numbers.

A device is one client database with its keyring: the database's ``device_key`` row marked
``is_local`` names the key, the keyring holds its private half under a name of its own
(``device-signing-key:<key id>``). So two databases on one machine (a second hall, the
tests' windows) are two devices, each registered for its own hall; a key made before names
were per key (``device-signing-key``) is still found when it is this database's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kuaixiang_core.domain import receipt_token

from ..store.database import Database
from ..store.models import DeviceKey
from .secrets import delete_secret, get_secret, set_secret

_LEGACY_PRIVATE = "device-signing-key"
_LEGACY_PUBLIC = "device-public-key"


class DeviceKeyError(RuntimeError):
    pass


def _secret_name(key_id: str) -> str:
    return f"{_LEGACY_PRIVATE}:{key_id}"


@dataclass(frozen=True)
class Device:
    key_id: str
    public_key: bytes

    @property
    def short_id(self) -> str:
        """Four characters of the key id: enough to keep two windows' receipt numbers apart."""
        return self.key_id[:4].upper()

    def private_key(self) -> bytes:
        key = _private_of(self.key_id, self.public_key)
        if key is None:
            raise DeviceKeyError(f"密钥环中没有本机签名密钥 {self.key_id}：回执无法签名")
        return key


def _private_of(key_id: str, public_key: bytes) -> bytes | None:
    key = get_secret(_secret_name(key_id))
    if key is None and get_secret(_LEGACY_PUBLIC) == public_key:
        key = get_secret(_LEGACY_PRIVATE)
    return key


def _local_row(session) -> DeviceKey | None:
    return session.scalars(
        select(DeviceKey).where(DeviceKey.is_local.is_(True)).order_by(DeviceKey.added_at.desc()).limit(1)
    ).first()


def local_device(db: Database, hall_code: str | None = None) -> Device:
    """The device key, made on first use (or when the keyring lost this one: the database
    was copied to another machine, say; the old key stays known, so what it signed still
    verifies); its public half is recorded so receipts verify."""
    with db.sessions() as session:
        row = _local_row(session)
        if row is not None and _private_of(row.key_id, row.public_key) is not None:
            return Device(row.key_id, row.public_key)
        lost = row.key_id if row is not None else None
    private, public = receipt_token.generate_key()
    kid = receipt_token.key_id(public)
    set_secret(_secret_name(kid), private)
    with db.sessions.begin() as session:
        row = _local_row(session)  # another process may have made one meanwhile: that one stands
        if row is None or row.key_id == lost:
            if row is not None:
                row.is_local = False
            session.add(DeviceKey(key_id=kid, public_key=public, hall_code=hall_code, label="本机", is_local=True))
            return Device(kid, public)
    delete_secret(_secret_name(kid))
    return Device(row.key_id, row.public_key)


def local_key_id(db: Database) -> str | None:
    """This database's own device key id, without making one."""
    with db.sessions() as session:
        row = _local_row(session)
        return row.key_id if row is not None else None


def known_public_keys(db: Database) -> dict[str, bytes]:
    with db.sessions() as session:
        return {row.key_id: row.public_key for row in session.scalars(select(DeviceKey))}
