"""The QR payload of a 受理回执: compact, signed with the device's Ed25519 key, verifiable offline.

Text form (fits a QR code of version ≤ 10 at error correction M for realistic values)::

    KX1.<base32, RFC 4648 alphabet, upper case, no padding, of  body ‖ signature>

Everything in the text is in the QR *alphanumeric* character set (0-9 A-Z . and a few more),
which a QR code stores in 5.5 bits per character instead of 8.

Body (binary, every integer an unsigned LEB128 varint, every string UTF-8 with a 1-byte length):

    application_id        16 bytes (UUID)
    key_id                 5 bytes (the device key fingerprint, see :func:`key_id`)
    accepted_at           varint, Unix seconds (UTC)
    amount                varint, 分 + 1; 0 means "no amount"
    credit_code           0xFF + 12 bytes (18 USCC characters packed base 31), or a string
    receipt_no, item_id, hall_code    strings

Signature: Ed25519 over ``b"KX1." + body`` (64 bytes), appended to the body.

Decoding is strict: base32 must be canonical (re-encoding gives the same text), every varint
minimal, no trailing bytes. So any change to the text, a field or the signature, a truncation,
or an unknown key gives an invalid result with a Chinese message saying which.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "PREFIX",
    "QR_V10_M_ALPHANUMERIC",
    "ReceiptFields",
    "VerifyError",
    "VerifyResult",
    "generate_key",
    "key_id",
    "sign",
    "verify",
]

PREFIX = "KX1."
_SIGNED_DOMAIN = PREFIX.encode("ascii")
_SIG_LEN = 64
_KEY_ID_BYTES = 5  # 40-bit fingerprint, shown as 8 base32 characters
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: 31 characters
_USCC_PACKED = 0xFF
_USCC_PACKED_LEN = 12  # 31**18 < 2**96
_MAX_STRING = 254  # a length byte of 255 marks a packed credit code
# The capacity of a version-10 QR code at level M in alphanumeric mode (ISO/IEC 18004 table 7).
QR_V10_M_ALPHANUMERIC = 311

_B32_RE = re.compile(r"[A-Z2-7]*")
_PREFIX_RE = re.compile(r"KX(\d+)\.")


@dataclass(frozen=True, slots=True)
class ReceiptFields:
    """What a receipt's QR code vouches for. ``key_id`` is filled in by :func:`sign`."""

    receipt_no: str
    application_id: uuid.UUID
    credit_code: str
    item_id: str
    amount_fen: int | None
    accepted_at: dt.datetime  # aware; carried in whole seconds, returned in UTC
    hall_code: str
    key_id: str = ""


class VerifyError(enum.Enum):
    """Why a token did not verify (machine-readable; the message in VerifyResult.error is for people)."""

    FORMAT = "format"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    valid: bool
    fields: ReceiptFields | None = None  # only when valid: never show unverified content as fact
    error: str | None = None  # Chinese, says which check failed
    reason: VerifyError | None = None


# --- keys ---------------------------------------------------------------------------------


def generate_key() -> tuple[bytes, bytes]:
    """A new device key: (raw 32-byte private key, raw 32-byte public key)."""
    private = Ed25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def key_id(public_bytes: bytes) -> str:
    """Short fingerprint of a public key: 8 characters of base32 (40 bits of SHA-256)."""
    _load_public(public_bytes)  # a key id is only ever made for a real key
    return _b32(_key_id_raw(public_bytes))


def _key_id_raw(public_bytes: bytes) -> bytes:
    return hashlib.sha256(b"kuaixiang-device-key\x00" + bytes(public_bytes)).digest()[:_KEY_ID_BYTES]


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _load_public(public_bytes: bytes) -> Ed25519PublicKey:
    if not isinstance(public_bytes, (bytes, bytearray)) or len(public_bytes) != 32:
        raise ValueError("Ed25519 公钥应为 32 字节")
    return Ed25519PublicKey.from_public_bytes(bytes(public_bytes))


# --- encoding -----------------------------------------------------------------------------


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes | None:
    """Strict base32: only canonical text decodes (unused trailing bits must be zero)."""
    if not _B32_RE.fullmatch(text) or len(text) % 8 in (1, 3, 6):
        return None
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        return None
    return data if _b32(data) == text else None


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


class _FormatError(Exception):
    pass


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int, what: str) -> bytes:
        if self.pos + n > len(self.data):
            raise _FormatError(f"内容不完整（读到{what}时数据已结束，二维码内容可能被截断）")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def varint(self, what: str) -> int:
        value = shift = 0
        for i in range(10):
            byte = self.take(1, what)[0]
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                if byte == 0 and i > 0:
                    raise _FormatError(f"{what}编码不规范")
                return value
        raise _FormatError(f"{what}过长")

    def string(self, what: str) -> str:
        length = self.take(1, what)[0]
        if length > _MAX_STRING:
            raise _FormatError(f"{what}长度无效")
        try:
            return self.take(length, what).decode("utf-8")
        except UnicodeDecodeError:
            raise _FormatError(f"{what}不是有效的文字") from None


def _pack_credit_code(code: str) -> bytes:
    if len(code) == 18 and all(c in _USCC_ALPHABET for c in code):
        n = 0
        for c in code:
            n = n * 31 + _USCC_ALPHABET.index(c)
        return bytes([_USCC_PACKED]) + n.to_bytes(_USCC_PACKED_LEN, "big")
    return _string(code, "统一社会信用代码")


def _read_credit_code(r: _Reader) -> str:
    if r.data[r.pos : r.pos + 1] != bytes([_USCC_PACKED]):
        return r.string("统一社会信用代码")
    r.take(1, "统一社会信用代码")
    n = int.from_bytes(r.take(_USCC_PACKED_LEN, "统一社会信用代码"), "big")
    chars = []
    for _ in range(18):
        n, d = divmod(n, 31)
        chars.append(_USCC_ALPHABET[d])
    if n:
        raise _FormatError("统一社会信用代码编码无效")
    return "".join(reversed(chars))


def _string(value: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what}必须是文字，得到 {type(value).__name__}")
    raw = value.encode("utf-8")
    if len(raw) > _MAX_STRING:
        raise ValueError(f"{what}过长：{len(raw)} 字节（上限 {_MAX_STRING}）")
    return bytes([len(raw)]) + raw


def _utc_seconds(when: dt.datetime) -> int:
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("受理时间必须是带时区的 datetime")
    seconds = int(when.timestamp() // 1)
    if seconds < 0:
        raise ValueError(f"受理时间无效：{when.isoformat()}")
    return seconds


def _encode_body(fields: ReceiptFields, kid_raw: bytes) -> bytes:
    if not isinstance(fields.application_id, uuid.UUID):
        raise TypeError("application_id 必须是 uuid.UUID")
    amount = fields.amount_fen
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount < 0):
        raise ValueError(f"金额（分）必须是非负整数或 None：{amount!r}")
    return b"".join(
        (
            fields.application_id.bytes,
            kid_raw,
            _varint(_utc_seconds(fields.accepted_at)),
            _varint(0 if amount is None else amount + 1),
            _pack_credit_code(fields.credit_code),
            _string(fields.receipt_no, "回执编号"),
            _string(fields.item_id, "事项编号"),
            _string(fields.hall_code, "大厅编码"),
        )
    )


def _decode_body(body: bytes) -> ReceiptFields:
    r = _Reader(body)
    app_id = uuid.UUID(bytes=r.take(16, "申请编号"))
    kid = _b32(r.take(_KEY_ID_BYTES, "设备密钥编号"))
    seconds = r.varint("受理时间")
    amount = r.varint("金额")
    credit_code = _read_credit_code(r)
    receipt_no = r.string("回执编号")
    item_id = r.string("事项编号")
    hall_code = r.string("大厅编码")
    if r.pos != len(body):
        raise _FormatError("内容末尾有多余数据")
    try:
        accepted_at = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise _FormatError("受理时间无效") from None
    return ReceiptFields(
        receipt_no=receipt_no,
        application_id=app_id,
        credit_code=credit_code,
        item_id=item_id,
        amount_fen=None if amount == 0 else amount - 1,
        accepted_at=accepted_at,
        hall_code=hall_code,
        key_id=kid,
    )


# --- sign / verify ------------------------------------------------------------------------


def sign(fields: ReceiptFields, private_bytes: bytes) -> str:
    """The QR text for ``fields``, signed with the device's raw Ed25519 private key.

    ``fields.key_id`` may be empty (it is taken from the key) or must match the key.
    """
    if not isinstance(private_bytes, (bytes, bytearray)) or len(private_bytes) != 32:
        raise ValueError("Ed25519 私钥应为 32 字节")
    private = Ed25519PrivateKey.from_private_bytes(bytes(private_bytes))
    public = _raw_public(private.public_key())
    kid_raw = _key_id_raw(public)
    if fields.key_id and fields.key_id != _b32(kid_raw):
        raise ValueError(f"设备密钥编号 {fields.key_id} 与签名私钥（{_b32(kid_raw)}）不符")
    body = _encode_body(fields, kid_raw)
    signature = private.sign(_SIGNED_DOMAIN + body)
    return PREFIX + _b32(body + signature)


def _invalid(reason: VerifyError, message: str) -> VerifyResult:
    return VerifyResult(valid=False, fields=None, error=message, reason=reason)


def verify(text: str, public_keys: Mapping[str, bytes]) -> VerifyResult:
    """Check a QR text against the known device keys (key id → raw public key). Never raises."""
    if not isinstance(text, str):
        return _invalid(VerifyError.FORMAT, "格式错误：二维码内容不是文字")
    text = text.strip()  # scanners in keyboard mode often append Enter
    if not text.startswith(PREFIX):
        m = _PREFIX_RE.match(text)
        if m:
            return _invalid(
                VerifyError.UNSUPPORTED_VERSION,
                f"格式错误：不支持的回执版本 KX{m.group(1)}（本程序识别 {PREFIX.rstrip('.')}），请升级后再核验",
            )
        return _invalid(VerifyError.FORMAT, f"格式错误：不是政策快享受理回执的二维码（应以 {PREFIX} 开头）")
    data = _unb32(text[len(PREFIX) :])
    if data is None:
        return _invalid(VerifyError.FORMAT, "格式错误：二维码内容含有无效字符或不完整")
    if len(data) <= _SIG_LEN:
        return _invalid(VerifyError.FORMAT, "格式错误：内容不完整（被截断）")
    body, signature = data[:-_SIG_LEN], data[-_SIG_LEN:]
    try:
        fields = _decode_body(body)
    except _FormatError as exc:
        return _invalid(VerifyError.FORMAT, f"格式错误：{exc}")
    public = public_keys.get(fields.key_id)
    if public is None:
        return _invalid(VerifyError.UNKNOWN_KEY, f"未知的设备密钥 {fields.key_id}（不是本系统登记的设备签发的，或内容被改动）")
    try:
        if _b32(_key_id_raw(public)) != fields.key_id:
            raise ValueError
        key = _load_public(public)
    except ValueError:
        return _invalid(VerifyError.UNKNOWN_KEY, f"设备密钥 {fields.key_id} 登记的公钥无效或与编号不符")
    try:
        key.verify(signature, _SIGNED_DOMAIN + body)
    except InvalidSignature:
        return _invalid(VerifyError.BAD_SIGNATURE, "签名不符（内容被改动）")
    return VerifyResult(valid=True, fields=fields)
