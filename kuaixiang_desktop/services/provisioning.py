"""Importing a hall's provisioning (domain/provisioning): the server, the certificate to pin,
the hall, window and device label, and the server's certifying key — so nobody types a URL.

Trust on a brand-new client comes from, in order: the certifying key this database already
pinned; the anchors the county's distribution ships (``provisioning-anchors.json`` in the
shipped resources, or the file ``KUAIXIANG_PROVISIONING_ANCHORS`` names, for a deployer's
own build and the tests); else the fingerprint the clerk confirms. docs/security.md says why.

What an import changes, all or nothing: the pinned key (``trusted_signer``, how
``provisioned``), and two owner-only files beside the database — the configuration
(``<db>.provisioning.json``) and the pinned certificate (``<db>.server-ca.pem``). The pin is
committed only after both files are written; a refused configuration changes none of them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kuaixiang_core.domain import provisioning
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.provisioning import Anchors, Provisioning, ProvisioningRefused
from kuaixiang_core.resources import resources_dir

from .. import paths
from ..store import audit
from ..store.database import Database
from ..store.models import TrustedSigner

__all__ = ["Anchors", "Provisioned", "ProvisioningRefused", "anchors", "import_config", "provisioned"]

ANCHORS_ENV = "KUAIXIANG_PROVISIONING_ANCHORS"
ANCHORS_FILE = "provisioning-anchors.json"


@dataclass(frozen=True)
class Provisioned:
    """What an import left for the log-in: where the server is and how to trust it."""

    server: str
    ca_file: str | None
    hall: str
    window: str | None
    label: str | None
    city: str
    signer: str
    expires: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


def anchors() -> Anchors | None:
    """The distribution's anchors, or None when it ships none (a developer's install)."""
    override = os.environ.get(ANCHORS_ENV)
    path = Path(override) if override else resources_dir() / ANCHORS_FILE
    if not path.is_file():
        if override:
            raise ProvisioningRefused("anchors", f"找不到信任锚文件 {path}（环境变量 {ANCHORS_ENV}）")
        return None
    try:
        return Anchors.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ProvisioningRefused("anchors", f"信任锚文件 {path} 无法使用：{exc}") from None


def _config_path(db: Database) -> Path:
    return db.path.with_name(db.path.name + ".provisioning.json")


def _ca_path(db: Database) -> Path:
    return db.path.with_name(db.path.name + ".server-ca.pem")


def provisioned(db: Database) -> Provisioned | None:
    path = _config_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Provisioned(**{k: data.get(k) for k in Provisioned.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def read_file(path: Path) -> bytes:
    """A configuration file's bytes, bounded before it is read whole."""
    try:
        size = path.stat().st_size
        if size > provisioning.MAX_FILE_BYTES:
            raise ProvisioningRefused("file", f"{path.name} 过大（{size} 字节），不是政策快享的配置")
        return path.read_bytes()
    except OSError as exc:
        raise ProvisioningRefused("file", f"无法读取 {path}：{exc.strerror}") from None


def check(db: Database, data: bytes | str, *, fingerprint: str | None = None,
          now: dt.datetime | None = None) -> Provisioning:
    """The configuration checked against this client's trust, without changing anything."""
    with db.sessions() as session:
        pinned = session.scalars(select(TrustedSigner).order_by(TrustedSigner.pinned_at)).first()
        pinned_key = pinned.public_key if pinned is not None else None
    return provisioning.read(data, anchors=anchors(), pinned=pinned_key,
                             now=now or utcnow().replace(tzinfo=dt.UTC),
                             fingerprint=fingerprint)


def import_config(db: Database, data: bytes | str, *, fingerprint: str | None = None,
                  actor: str | None = None, now: dt.datetime | None = None) -> Provisioned:
    """Check ``data`` (a file's bytes or a scanned QR text) and apply it. Raises
    ProvisioningRefused (naming the field) and changes nothing when it is not accepted."""
    config = check(db, data, fingerprint=fingerprint, now=now)
    ca_file = str(_ca_path(db)) if config.ca_der is not None else None
    result = Provisioned(server=config.server, ca_file=ca_file, hall=config.hall, window=config.window,
                         label=config.label, city=config.city, signer=config.signer,
                         expires=config.to_json()["expires"])
    try:
        with db.sessions.begin() as session:
            if session.scalars(select(TrustedSigner)).first() is None:
                session.add(TrustedSigner(key_id=config.signer, public_key=config.signer_key, server=config.server,
                                          how="provisioned", pinned_at=utcnow()))
            audit.append(session, "provisioning.imported", actor=actor, entity="signer", entity_id=config.signer,
                         detail={"server": config.server, "hall": config.hall, "window": config.window,
                                 "trust": config.trust})
            session.flush()
            # Files before the commit: a full disk leaves the pin (and everything) as it was.
            if ca_file is not None:
                paths.write_private(ca_file, (config.ca_pem() or "").encode("ascii"))
            paths.write_private(_config_path(db), json.dumps(result.to_json(), ensure_ascii=False,
                                                             indent=2).encode("utf-8"))
    except OSError as exc:
        raise ProvisioningRefused("file", paths.describe_os_error(exc, "配置文件")) from None
    return result
