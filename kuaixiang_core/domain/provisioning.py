"""A hall's provisioning: what a brand-new client needs to reach its server, signed by the
server's certifying key, as a file (JSON) or as the text of a QR code.

What anchors trust on a client that has never talked to the server (docs/security.md):

1. a client that already pinned a certifying key accepts only configurations that key signed;
2. otherwise the county's distribution ships the city's anchors (``provisioning-anchors.json``:
   the city and the public keys of its servers), and only a configuration signed by one of
   them, for that city, is accepted;
3. a distribution without anchors (a developer's install) accepts a configuration only when
   the clerk confirms its fingerprint (the signer id, 16 characters) against the one the
   administrator gave them apart from the file (by telephone, on the letter).

A configuration that fails any check is refused with one :class:`ProvisioningRefused` that
names the field, and nothing is written (the caller applies only what this returns).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import signed_docs
from .device_trust import signer_id

__all__ = ["QR_MAX_CHARS", "QR_PREFIX", "Anchors", "Provisioning", "ProvisioningRefused", "make", "read", "to_qr"]

DOMAIN = b"KXPROV1."
KIND = "kuaixiang-provisioning"
QR_PREFIX = "KXP1:"
# A QR of this many alphanumeric characters is version 30 or less at level M: 137 modules,
# 69 mm across at 0.5 mm a module on an A4 sheet, which a desk 2D scanner reads; it holds a
# configuration with an RSA-2048 server certificate. Longer payloads go as a file only.
QR_MAX_CHARS = 1900
MAX_FILE_BYTES = 16 * 1024
_MAX_CA_BYTES = 4096
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ProvisioningRefused(ValueError):
    """The configuration is not accepted; ``field`` names what is wrong (``signature``,
    ``city``, ``expires``, ``signer``, a field name, or ``file``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Anchors:
    """What a distribution trusts before any log-in: its city and its servers' keys."""

    city: str | None
    city_name: str | None
    keys: tuple[bytes, ...]

    @classmethod
    def from_json(cls, data: object) -> Anchors:
        if not isinstance(data, Mapping):
            raise ValueError("信任锚应为 JSON 对象")
        keys = []
        for i, item in enumerate(data.get("keys") or []):
            try:
                raw = base64.b64decode(str(item.get("public_key", "")), validate=True)
                if signer_id(raw) != item.get("key_id"):
                    raise ValueError
            except (binascii.Error, ValueError, AttributeError):
                raise ValueError(f"信任锚 keys[{i}]：公钥与 key_id 不符") from None
            keys.append(raw)
        city = data.get("city")
        return cls(str(city) if city else None, data.get("city_name"), tuple(keys))


@dataclass(frozen=True)
class Provisioning:
    city: str
    server: str
    ca_der: bytes | None
    hall: str
    window: str | None
    label: str | None
    issued: dt.datetime
    expires: dt.datetime
    signer: str
    signer_key: bytes
    trust: str = ""  # how it was trusted: pinned | anchor | fingerprint

    def ca_pem(self) -> str | None:
        if self.ca_der is None:
            return None
        b64 = base64.b64encode(self.ca_der).decode("ascii")
        lines = [b64[i : i + 64] for i in range(0, len(b64), 64)]
        return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"

    def to_json(self) -> dict:
        return {"city": self.city, "server": self.server, "hall": self.hall, "window": self.window,
                "label": self.label, "has_ca": self.ca_der is not None, "issued": _time(self.issued),
                "expires": _time(self.expires), "signer": self.signer, "trust": self.trust}


def _time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _read_time(doc: Mapping[str, Any], key: str) -> dt.datetime:
    value = doc.get(key)
    if not isinstance(value, str) or not value.endswith("Z"):
        raise ProvisioningRefused(key, f"{key}：应为 UTC 时间（…Z）")
    try:
        return dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.UTC)
    except ValueError:
        raise ProvisioningRefused(key, f"{key}：不是时间：{value[:40]!r}") from None


def check_server_url(url: str) -> str:
    """The server address a configuration may carry: https://, or http:// to this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ProvisioningRefused("server", f"server：不是 http(s) 地址：{url[:80]!r}")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ProvisioningRefused("server", f"server：明文 http:// 只能指向本机，配置应使用 https://（{url[:80]}）")
    return url.rstrip("/")


def make(private_bytes: bytes, *, city: str, server: str, hall: str, window: str | None, label: str | None,
         ca_der: bytes | None, issued: dt.datetime, expires: dt.datetime) -> dict:
    """The signed configuration as a JSON object."""
    public = _public(private_bytes)
    doc = {
        "kind": KIND, "v": 1, "city": city, "server": check_server_url(server), "hall": hall,
        "window": window, "label": label,
        "ca": base64.b64encode(ca_der).decode("ascii") if ca_der else None,
        "issued": _time(issued), "expires": _time(expires),
        "signer": signer_id(public), "signer_key": base64.b64encode(public).decode("ascii"),
    }
    return {**doc, "sig": signed_docs.sign(DOMAIN, doc, private_bytes)}


def _public(private_bytes: bytes) -> bytes:
    from .device_trust import public_key_of

    return public_key_of(private_bytes)


def to_qr(doc: Mapping[str, Any]) -> str:
    """The QR text: prefix + base45(zlib(canonical JSON with the signature)). Raises
    ValueError when it is longer than :data:`QR_MAX_CHARS`."""
    body = json.dumps(dict(doc), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text = QR_PREFIX + signed_docs.b45encode(zlib.compress(body, 9))
    if len(text) > QR_MAX_CHARS:
        raise ValueError(f"配置的二维码文本有 {len(text)} 个字符，超过扫码枪可靠读取的 {QR_MAX_CHARS} 个："
                         "请改用配置文件（证书过大时可改用 CA 证书或 EC 证书）")
    return text


def decode(data: bytes | str) -> dict:
    """The JSON object of a configuration file or QR text (bounded; nothing checked yet)."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise ProvisioningRefused("file", f"配置文件过大（{len(data)} 字节，上限 {MAX_FILE_BYTES}）")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ProvisioningRefused("file", "配置文件不是 UTF-8 文本") from None
    text = data.strip()
    if text.upper().startswith(QR_PREFIX):
        if len(text) > QR_MAX_CHARS * 2:
            raise ProvisioningRefused("file", "扫码内容过长，不是政策快享的配置")
        try:
            packed = signed_docs.b45decode(text[len(QR_PREFIX):].upper())
            inflater = zlib.decompressobj()
            raw = inflater.decompress(packed, MAX_FILE_BYTES)
            if inflater.unconsumed_tail:
                raise ProvisioningRefused("file", "扫码内容解压后过大")
        except (ValueError, zlib.error) as exc:
            if isinstance(exc, ProvisioningRefused):
                raise
            raise ProvisioningRefused("file", f"扫码内容不完整或已损坏（{exc}）：请重新扫描") from None
        text = raw.decode("utf-8", "replace")
    if len(text) > MAX_FILE_BYTES:
        raise ProvisioningRefused("file", f"配置过大（上限 {MAX_FILE_BYTES} 字节）")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProvisioningRefused("file", f"不是政策快享的配置（JSON 第 {exc.lineno} 行有误）") from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise ProvisioningRefused("kind", "不是政策快享的大厅配置（kind 不是 kuaixiang-provisioning）")
    if doc.get("v") != 1:
        raise ProvisioningRefused("v", f"配置版本 {doc.get('v')!r} 本程序不认识：请升级客户端")
    return doc


def _str(doc: Mapping[str, Any], key: str, *, required: bool = True, max_len: int = 200) -> str | None:
    value = doc.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise ProvisioningRefused(key, f"{key}：应为不超过 {max_len} 个字符的文字")
    return value


def read(data: bytes | str | Mapping[str, Any], *, anchors: Anchors | None, pinned: bytes | None,
         now: dt.datetime, fingerprint: str | None = None) -> Provisioning:
    """The configuration, checked: signature, city, signer trusted (see the module), dates.
    ``pinned``: the certifying key this client already trusts; ``fingerprint``: the signer id
    the clerk confirmed (used only when neither a pinned key nor anchors decide)."""
    doc = dict(data) if isinstance(data, Mapping) else decode(data)
    signer = _str(doc, "signer", max_len=32) or ""
    try:
        key = base64.b64decode(_str(doc, "signer_key", max_len=64) or "", validate=True)
        ok = signer_id(key) == signer
    except (binascii.Error, ValueError):
        ok = False
    if not ok:
        raise ProvisioningRefused("signer_key", "signer_key：签名公钥与签名者编号不符，配置被改动")
    if not signed_docs.verify(DOMAIN, doc, key):
        raise ProvisioningRefused("signature", "签名无效：配置内容被改动过，或不是中心服务器签发的；未作任何更改")
    # Signed from here on: every field below is the signer's word.
    city = _str(doc, "city", max_len=12) or ""
    if anchors is not None and anchors.city and city != anchors.city:
        raise ProvisioningRefused("city", f"这是另一个城市（{city}）的配置，本机只接受"
                                          f"{anchors.city_name or ''}（{anchors.city}）的配置；未作任何更改")
    if pinned is not None:
        if key != pinned:
            raise ProvisioningRefused("signer", f"配置的签名者（{signer}）不是本机已信任的中心服务器：请向管理员核实；"
                                                "未作任何更改")
        trust = "pinned"
    elif anchors is not None and anchors.keys:
        if key not in anchors.keys:
            raise ProvisioningRefused("signer", f"配置的签名者（{signer}）不在本发行版信任的中心服务器之列"
                                                "（另一城市或伪造的配置）；未作任何更改")
        trust = "anchor"
    else:
        given = (fingerprint or "").replace(" ", "").replace("-", "").upper()
        if given != signer:
            raise ProvisioningRefused("fingerprint", f"须核对指纹：本机尚无信任的中心服务器。请向管理员核实指纹 {signer}"
                                                     "（电话或书面），一致时再确认导入")
        trust = "fingerprint"
    issued, expires = _read_time(doc, "issued"), _read_time(doc, "expires")
    if now > expires:
        raise ProvisioningRefused("expires", f"配置已于 {_time(expires)}（UTC）过期：请管理员重新生成；未作任何更改")
    if issued > now + dt.timedelta(minutes=10):
        raise ProvisioningRefused("issued", f"配置的签发时间 {_time(issued)} 在将来：请检查本机时钟")
    server = check_server_url(_str(doc, "server", max_len=300) or "")
    ca_text = _str(doc, "ca", required=False, max_len=_MAX_CA_BYTES * 2)
    try:
        ca = base64.b64decode(ca_text, validate=True) if ca_text else None
    except (binascii.Error, ValueError):
        raise ProvisioningRefused("ca", "ca：证书不是有效的 base64") from None
    return Provisioning(
        city=city, server=server, ca_der=ca, hall=_str(doc, "hall", max_len=32) or "",
        window=_str(doc, "window", required=False, max_len=32), label=_str(doc, "label", required=False, max_len=60),
        issued=issued, expires=expires, signer=signer, signer_key=key, trust=trust,
    )

