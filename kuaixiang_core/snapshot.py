"""The registry-and-catalogue snapshot both sides share (docs/sync-protocol.md, "Snapshot").

A snapshot is a SQLite database, gzip-compressed, holding the rows a new client needs in the
shape it stores them (search keys and index tokens computed by the server, which is what
lets half a million enterprises load in under a minute), and the stream cursors it
corresponds to. Its manifest names the file's SHA-256, the SHA-256 of each chunk it is
served in, and the cursors, and is signed by the server's certifying key (the one a client
pins at its first log-in), so a client believes a snapshot only when the signature holds
under its pinned key and every byte hashes as the manifest says.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .domain.enterprise import EnterpriseRecord
from .domain.search_keys import KEYS_VERSION, fts_tokens, keys_for
from .domain.size_class import normalized_industry_code, size_class_of_fen
from .wire import WireError, canonical_json, format_time, parse_time

FORMAT = 1
CHUNK_SIZE = 8 * 1024 * 1024
# What a client accepts at most (the server's own bound, KUAIXIANG_SERVER_SNAPSHOT_MAX_MB,
# is at most this): 4 GiB compressed is some ten times the city's registry.
MAX_BYTES = 4 * 1024**3
MAX_CHUNKS = MAX_BYTES // CHUNK_SIZE
STREAMS = ("facts", "policies", "enterprises")  # what a snapshot stands in for, in pull order
SIGNED_DOMAIN = b"KXSNAP1."

ENTERPRISE_COLUMNS = (
    "id", "credit_code", "name", "legal_rep", "region_code", "industry_code", "reg_type", "is_individual",
    "established", "registered_capital_fen", "employees", "insured_employees", "revenue_fen", "total_assets_fen",
    "tax_credit_rating", "dishonest", "contact_phone", "size_class", "name_norm", "code_rev", "core_norm",
    "legal_rep_norm", "initials", "core_initials", "uni", "bi", "ini",
)
# The tables of the snapshot file, column for column: a client refuses a file with others.
TABLES: Mapping[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "s_enterprise": ENTERPRISE_COLUMNS,
    "s_tag": ("enterprise_id", "tag", "valid_from", "valid_to"),
    "s_fact": ("enterprise_id", "fact_name", "valid_on", "value"),
    "s_item": ("stream", "seq", "json"),
}
DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE TABLE s_enterprise (id INTEGER PRIMARY KEY, {', '.join(ENTERPRISE_COLUMNS[1:])})",
    "CREATE TABLE s_tag (enterprise_id INTEGER NOT NULL, tag TEXT NOT NULL, valid_from TEXT, valid_to TEXT)",
    "CREATE TABLE s_fact (enterprise_id INTEGER NOT NULL, fact_name TEXT NOT NULL, valid_on TEXT NOT NULL, "
    "value TEXT NOT NULL)",
    "CREATE TABLE s_item (stream TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL)",
)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def enterprise_row(eid: int, record: EnterpriseRecord) -> tuple:
    """The ``s_enterprise`` row of a record, derived the way the client derives it
    (kuaixiang_desktop/store/enterprises.prepare)."""
    code = normalized_industry_code(record.industry_code)
    keys = keys_for(record.name, record.legal_rep)
    size = size_class_of_fen(code, record.employees, record.revenue_fen, record.total_assets_fen) if code else None
    return (
        eid, record.credit_code, record.name, record.legal_rep, record.region_code, code, record.reg_type,
        record.credit_code.startswith("92"), record.established.isoformat() if record.established else None,
        record.registered_capital_fen, record.employees, record.insured_employees, record.revenue_fen,
        record.total_assets_fen, record.tax_credit_rating, record.dishonest, record.contact_phone, size,
        keys.name_norm, record.credit_code[::-1], keys.core_norm, keys.legal_rep_norm, keys.initials,
        keys.core_initials, *fts_tokens(keys),
    )


# What a client recomputes of a sample of rows: the name and legal representative, then every
# key the server derived from them.
KEY_CHECK_COLUMNS = ("credit_code", "name", "legal_rep", "name_norm", "core_norm", "legal_rep_norm", "initials",
                     "core_initials", "uni", "bi", "ini")


def keys_disagree(row: tuple) -> str | None:
    """The first search key of an ``s_enterprise`` row (its ``KEY_CHECK_COLUMNS``) that is not
    what ``keys_for`` and ``fts_tokens`` make of its name and legal representative, or None.
    The keys are derived data: a client can always recompute them; it checks a sample."""
    _code, name, legal_rep, *given = row
    if not isinstance(name, str) or not (legal_rep is None or isinstance(legal_rep, str)):
        return "name"
    keys = keys_for(name, legal_rep)
    expected = (keys.name_norm, keys.core_norm, keys.legal_rep_norm, keys.initials, keys.core_initials,
                *fts_tokens(keys))
    for column, want, got in zip(KEY_CHECK_COLUMNS[3:], expected, given, strict=True):
        if want != got:
            return column
    return None


@dataclass(frozen=True)
class Manifest:
    """What the server says a snapshot is; ``signature`` covers every other field."""

    id: str  # the SHA-256 (hex) of the compressed file: its name in the chunk URLs
    size: int
    chunk_size: int
    chunks: tuple[str, ...]  # SHA-256 of each chunk, in order
    cursors: Mapping[str, str]
    enterprises: int
    keys_version: int
    created_at: dt.datetime
    signer: str
    signature: str = ""

    def content(self) -> dict:
        return {
            "format": FORMAT, "id": self.id, "size": self.size, "chunk_size": self.chunk_size,
            "chunks": list(self.chunks), "cursors": dict(self.cursors), "enterprises": self.enterprises,
            "keys_version": self.keys_version, "created_at": format_time(self.created_at), "signer": self.signer,
        }

    def signed_bytes(self) -> bytes:
        return SIGNED_DOMAIN + canonical_json(self.content())

    def to_json(self) -> dict:
        return {**self.content(), "signature": self.signature}

    def chunk_span(self, n: int) -> tuple[int, int]:
        """Byte offsets ``[start, end)`` of chunk ``n``."""
        start = n * self.chunk_size
        return start, min(self.size, start + self.chunk_size)

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        """Read strictly: every field typed and bounded, else WireError naming it."""
        if not isinstance(data, Mapping):
            raise WireError("manifest", "应为对象")
        where = "manifest"

        def need(key: str, kind: type) -> Any:
            value = data.get(key)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise WireError(f"{where}.{key}", "缺少或类型不对")
            return value

        if need("format", int) != FORMAT:
            raise WireError(f"{where}.format", f"本程序只认第 {FORMAT} 版快照")
        ident = need("id", str)
        if not _HEX64.match(ident):
            raise WireError(f"{where}.id", "应为 64 位小写十六进制 SHA-256")
        size, chunk_size = need("size", int), need("chunk_size", int)
        if not 1 <= size <= MAX_BYTES:
            raise WireError(f"{where}.size", f"应在 1 到 {MAX_BYTES} 字节之间")
        if not 64 * 1024 <= chunk_size <= 64 * 1024 * 1024:
            raise WireError(f"{where}.chunk_size", "应在 64 KB 到 64 MB 之间")
        chunks = need("chunks", list)
        if len(chunks) != -(-size // chunk_size) or not all(isinstance(c, str) and _HEX64.match(c) for c in chunks):
            raise WireError(f"{where}.chunks", "块数与大小不符或含非 SHA-256 的值")
        cursors = need("cursors", Mapping)
        if set(cursors) != set(STREAMS) or not all(isinstance(v, str) and 0 < len(v) <= 200 for v in cursors.values()):
            raise WireError(f"{where}.cursors", f"应恰有 {'、'.join(STREAMS)} 三个游标")
        enterprises = need("enterprises", int)
        if not 0 <= enterprises <= 2**31 - 1:
            raise WireError(f"{where}.enterprises", "超出范围")
        keys_version = need("keys_version", int)
        created_at = parse_time(need("created_at", str), f"{where}.created_at")
        signer, signature = need("signer", str), need("signature", str)
        if len(signer) > 64 or len(signature) > 200:
            raise WireError(f"{where}.signature", "过长")
        return cls(ident, size, chunk_size, tuple(chunks), dict(cursors), enterprises, keys_version, created_at,
                   signer, signature)


def sign(manifest: Manifest, private_bytes: bytes) -> Manifest:
    raw = Ed25519PrivateKey.from_private_bytes(bytes(private_bytes)).sign(manifest.signed_bytes())
    return Manifest(**{**manifest.__dict__, "signature": base64.b64encode(raw).decode("ascii")})


def verify(manifest: Manifest, public_bytes: bytes) -> bool:
    try:
        raw = base64.b64decode(manifest.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes(public_bytes)).verify(raw, manifest.signed_bytes())
    except (binascii.Error, ValueError, TypeError, InvalidSignature):
        return False
    return True


__all__ = [
    "CHUNK_SIZE", "DDL", "ENTERPRISE_COLUMNS", "FORMAT", "KEYS_VERSION", "KEY_CHECK_COLUMNS", "MAX_BYTES",
    "MAX_CHUNKS", "Manifest", "STREAMS", "TABLES", "enterprise_row", "keys_disagree", "sign", "verify",
]
