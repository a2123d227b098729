"""An update the central server publishes: one signed manifest per version and platform.

Fields: ``version`` (PEP 440), ``platform`` (``linux-x86_64``, ``linux-arm64``,
``windows-x86_64`` for one-folder builds as a .zip; ``deb-amd64``, ``deb-arm64`` for the
UOS/Kylin package), ``url`` (absolute, or a path on the server), ``sha256``, ``size`` (bytes),
``minimum_version`` (the oldest installed version this package may replace; an older one
needs a full install by an administrator), ``notes`` and ``published``. Signed by the server's
certifying key, the one a client pinned at its first log-in or took from its provisioning,
so an update can come from nowhere else, whatever answers the HTTP request.

Versions are compared with ``packaging.version``: never a downgrade, never the same version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

from . import signed_docs
from .device_trust import public_key_of, signer_id

__all__ = ["PLATFORMS", "ManifestRefused", "UpdateManifest", "make", "read"]

DOMAIN = b"KXUPD1."
KIND = "kuaixiang-update"
PLATFORMS = ("linux-x86_64", "linux-arm64", "windows-x86_64", "deb-amd64", "deb-arm64")
MAX_SIZE = 2 * 1024**3  # nothing we ship is near 2 GB; a manifest saying more is refused
_SHA = re.compile(r"^[0-9a-f]{64}$")


class ManifestRefused(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class UpdateManifest:
    version: str
    platform: str
    url: str
    sha256: str
    size: int
    minimum_version: str | None
    notes: str
    published: str
    signer: str
    doc: dict  # the signed JSON as received (kept beside a staged update)

    def to_json(self) -> dict:
        return {"version": self.version, "platform": self.platform, "url": self.url, "sha256": self.sha256,
                "size": self.size, "minimum_version": self.minimum_version, "notes": self.notes,
                "published": self.published, "signer": self.signer}

    def newer_than(self, running: str) -> bool:
        return Version(self.version) > Version(running)

    def installs_over(self, running: str) -> bool:
        return self.minimum_version is None or Version(running) >= Version(self.minimum_version)


def check_version(value: object, field: str = "version") -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise ManifestRefused(field, f"{field}：应为版本号文字")
    try:
        return str(Version(value))
    except InvalidVersion:
        raise ManifestRefused(field, f"{field}：「{value}」不是版本号（PEP 440，如 1.2.0）") from None


def make(private_bytes: bytes, *, version: str, platform: str, url: str, sha256: str, size: int,
         minimum_version: str | None, notes: str, published: dt.datetime) -> dict:
    public = public_key_of(private_bytes)
    doc = {
        "kind": KIND, "v": 1, "version": check_version(version), "platform": platform, "url": url,
        "sha256": sha256, "size": size,
        "minimum_version": check_version(minimum_version, "minimum_version") if minimum_version else None,
        "notes": notes, "published": published.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z",
        "signer": signer_id(public),
    }
    _fields(doc)
    return {**doc, "sig": signed_docs.sign(DOMAIN, doc, private_bytes)}


def _fields(doc: Mapping[str, Any]) -> None:
    if doc.get("kind") != KIND or doc.get("v") != 1:
        raise ManifestRefused("kind", "不是政策快享的更新说明（kind/v 不对）")
    if doc.get("platform") not in PLATFORMS:
        raise ManifestRefused("platform", f"platform：应为 {'、'.join(PLATFORMS)} 之一")
    url = doc.get("url")
    if not isinstance(url, str) or not url or len(url) > 500 or not (url.startswith(("https://", "http://", "/"))):
        raise ManifestRefused("url", "url：应为 http(s) 地址或服务器上的路径")
    if not isinstance(doc.get("sha256"), str) or not _SHA.match(doc["sha256"]):
        raise ManifestRefused("sha256", "sha256：应为 64 位小写十六进制")
    size = doc.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_SIZE:
        raise ManifestRefused("size", f"size：应为 1 到 {MAX_SIZE} 之间的字节数")
    if not isinstance(doc.get("notes"), str) or len(doc["notes"]) > 4000:
        raise ManifestRefused("notes", "notes：应为不超过 4000 个字符的文字")


def read(doc: object, signer_public: bytes) -> UpdateManifest:
    """The manifest, checked against the pinned certifying key ``signer_public``."""
    if not isinstance(doc, Mapping):
        raise ManifestRefused("manifest", "更新说明应为 JSON 对象")
    if not signed_docs.verify(DOMAIN, doc, signer_public):
        raise ManifestRefused("signature", "更新说明的签名无效（被改动过，或不是本机信任的中心服务器签发的）：未下载")
    _fields(doc)
    version = check_version(doc.get("version"))
    minimum = check_version(doc["minimum_version"], "minimum_version") if doc.get("minimum_version") else None
    published = doc.get("published")
    return UpdateManifest(version, doc["platform"], doc["url"], doc["sha256"], doc["size"], minimum, doc["notes"],
                          published if isinstance(published, str) else "", signer_id(signer_public), dict(doc))

