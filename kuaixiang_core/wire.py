"""The wire format of docs/sync-protocol.md, shared by the sync client and ``kuaixiang_server``.

Plain dataclasses with ``from_json`` (strict: a bad body raises :class:`WireError` naming the
field) and ``to_json``; the canonical JSON and content hash used for idempotency; helpers for
times, cursors and Content-Range. No Qt, no SQLAlchemy, no HTTP library: both sides bring
their own.

Application entries in the outbox (``application.*`` kinds) carry the client's snapshot of the
application (``services/applications._snapshot``) as ``payload``; the sync client adds, when it
sends, ``credit_code`` (every application entry), and for ``application.accepted`` the agent
(``agent``: name, ID number and phone, never stored in the local outbox) and the client's
eligibility trace (``trace``); ``application.withdrawn`` carries the ``reason``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import wire_parts
from .domain.codes import check_resident_id, check_uscc, is_clean_uscc
from .domain.enterprise import RECORD_COLUMNS, ChangedParts, EnterpriseRecord, FactValue, Tag

__all__ = [
    "is_sha256",
    "API_PREFIX",
    "PROTOCOL_HEADER",
    "PROTOCOL_VERSION",
    "STREAMS",
    "AgentData",
    "ApplicationPayload",
    "ApplicationState",
    "ChangePage",
    "ContentRange",
    "ErrorBody",
    "EligibilityTrace",
    "MaterialData",
    "OutboxEntry",
    "OutboxRequest",
    "OutboxResponse",
    "OutboxResult",
    "WireError",
    "canonical_json",
    "content_hash",
    "enterprise_from_wire",
    "enterprise_to_wire",
    "format_time",
    "parse_content_range",
    "parse_time",
]

# The log-in and device messages are in wire_session.


PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "X-Kuaixiang-Protocol"
API_PREFIX = "/api/v1"

STREAMS = ("policies", "facts", "enterprises", "applications", "ratings")
DEFAULT_PAGE = 500
MAX_PAGE = 5000
MAX_OUTBOX_ENTRIES = 100
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
UPLOAD_OFFSET_HEADER = "Upload-Offset"

# Outbox kinds (``application.<target status>``, as services/applications writes them).
KIND_DRAFT = "application.draft"
KIND_ACCEPTED = "application.accepted"
KIND_SUBMITTED = "application.submitted"
KIND_WITHDRAWN = "application.withdrawn"
# A material owed under a 容缺 pledge came in after 受理 (the snapshot's materials say which).
KIND_SUPPLEMENTED = "application.supplemented"
APPLICATION_KINDS = (KIND_DRAFT, KIND_ACCEPTED, KIND_SUBMITTED, KIND_WITHDRAWN, KIND_SUPPLEMENTED)

# Outbox result statuses.
APPLIED, DUPLICATE, CONFLICT, REJECTED = "applied", "duplicate", "conflict", "rejected"
RESULT_STATUSES = (APPLIED, DUPLICATE, CONFLICT, REJECTED)

# Error codes (the ``code`` of an error body) and their HTTP statuses.
ERROR_STATUS = {
    "bad_request": 400,
    "hash_mismatch": 400,
    "unauthorized": 401,
    "token_expired": 401,
    "token_revoked": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "too_large": 413,
    "rate_limited": 429,
    "internal": 500,
}

VERDICTS = ("eligible", "ineligible", "unknown")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_INT32, _INT64 = 2**31 - 1, 2**63 - 1  # the database's INTEGER and BIGINT


class WireError(ValueError):
    """A body that does not follow the protocol; ``field`` is the JSON path of the problem."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------------------
# Canonical JSON and the content hash
# ---------------------------------------------------------------------------------------------


def canonical_json(value: object) -> bytes:
    """UTF-8 JSON with sorted keys, no insignificant white space, non-ASCII as is, no NaN.

    Both sides hash exactly these bytes, so the same content always gives the same hash."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def content_hash(kind: str, entity_id: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``{"kind", "entity_id", "payload"}``: what
    decides whether a repeated outbox key is a duplicate or a conflict."""
    return hashlib.sha256(canonical_json({"kind": kind, "entity_id": entity_id, "payload": payload})).hexdigest()


# ---------------------------------------------------------------------------------------------
# Small readers
# ---------------------------------------------------------------------------------------------


def format_time(value: dt.datetime) -> str:
    """UTC ISO 8601 with ``Z`` (naive values are taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def parse_time(text: str, field: str = "time") -> dt.datetime:
    """An aware UTC datetime from ISO 8601 (``Z`` or an offset; naive is taken as UTC)."""
    if not isinstance(text, str):
        raise WireError(field, "应为 ISO 8601 时间文字")
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise WireError(field, f"不是 ISO 8601 时间：{text!r}") from None
    try:
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    except OverflowError:  # an offset moves it past year 1 or 9999: not a 500 (found by the route fuzz)
        raise WireError(field, f"时间超出范围：{text!r}") from None


def _obj(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise WireError(field, "应为 JSON 对象")
    return value


def _str(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True, max_len: int = 1000) -> str | None:
    value = obj.get(key)
    if type(value) is str and len(value) <= max_len and (not required or not value.isspace() and value):
        return value  # the usual case, without building the error path (a page has 100,000 fields)
    path = f"{where}.{key}" if where else key
    if value is None:
        if required:
            raise WireError(path, "缺少此项")
        return None
    if not isinstance(value, str):
        raise WireError(path, f"应为文字，实际是 {type(value).__name__}")
    if required and not value.strip():
        raise WireError(path, "不能为空")
    if len(value) > max_len:
        raise WireError(path, f"过长（最多 {max_len} 个字符）")
    return value


def _int(obj: Mapping[str, Any], key: str, where: str, *, required: bool = False, lo: int = ~_INT64,
         hi: int = _INT64) -> int | None:
    value = obj.get(key)
    if type(value) is int and lo <= value <= hi:
        return value
    path = f"{where}.{key}" if where else key
    if value is None:
        if required:
            raise WireError(path, "缺少此项")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise WireError(path, "应为整数")
    if not lo <= value <= hi:  # beyond, the database refuses it (a 500); not quoted: it may be 4,000 digits
        raise WireError(path, f"超出范围（应在 {lo} 到 {hi} 之间）")
    return value


def _list(obj: Mapping[str, Any], key: str, where: str) -> list:
    value = obj.get(key)
    if value is not None and not isinstance(value, list):
        raise WireError(f"{where}.{key}", "应为列表")
    return value or []


def _bool(obj: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise WireError(f"{where}.{key}", "应为 true 或 false")
    return value


def _date(obj: Mapping[str, Any], key: str, where: str) -> dt.date | None:
    value = obj.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value if isinstance(value, str) else "?")
    except ValueError:
        raise WireError(f"{where}.{key}", f"应为日期 YYYY-MM-DD，实际是 {str(value)[:40]!r}") from None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def is_sha256(text: object) -> bool:
    return isinstance(text, str) and bool(_SHA256.match(text))


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorBody:
    """``{"error": {"code", "message"}}``: the body of every non-2xx answer."""

    code: str
    message: str

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}

    @classmethod
    def from_json(cls, data: object) -> ErrorBody:
        err = _obj(_obj(data, "").get("error"), "error")
        return cls(_str(err, "code", "error") or "", _str(err, "message", "error", required=False, max_len=10_000) or "")


# ---------------------------------------------------------------------------------------------
# Pull
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangePage:
    """One page of a stream. ``next_cursor`` is opaque: store it after committing the page."""

    items: list[dict]
    next_cursor: str
    has_more: bool

    def to_json(self) -> dict:
        return {"items": self.items, "next_cursor": self.next_cursor, "has_more": self.has_more}

    @classmethod
    def from_json(cls, data: object) -> ChangePage:
        obj = _obj(data, "")
        items = obj.get("items")
        if type(items) is list and all(type(i) is dict for i in items):
            pass  # as JSON is parsed: taken as they are (a page of 2,000 items was copied item by item)
        elif not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
            raise WireError("items", "应为对象列表")
        else:
            items = [dict(i) for i in items]
        has_more = obj.get("has_more")
        if not isinstance(has_more, bool):
            raise WireError("has_more", "应为 true 或 false")
        return cls(items, _str(obj, "next_cursor", "") or "", has_more)


def enterprise_to_wire(record: EnterpriseRecord, *, version: int | None = None,
                       updated_at: dt.datetime | None = None) -> dict:
    """An item of the ``enterprises`` stream: DESIGN §4 columns (money in 分), tags, facts."""
    return {
        "credit_code": record.credit_code,
        "name": record.name,
        "legal_rep": record.legal_rep,
        "region_code": record.region_code,
        "industry_code": record.industry_code,
        "reg_type": record.reg_type,
        "established": _iso(record.established),
        "registered_capital_fen": record.registered_capital_fen,
        "employees": record.employees,
        "insured_employees": record.insured_employees,
        "revenue_fen": record.revenue_fen,
        "total_assets_fen": record.total_assets_fen,
        "tax_credit_rating": record.tax_credit_rating,
        "dishonest": record.dishonest,
        "contact_phone": record.contact_phone,
        "tags": [{"tag": t.tag, "valid_from": _iso(t.valid_from), "valid_to": _iso(t.valid_to)} for t in record.tags],
        "facts": [{"name": f.name, "value": f.value, "valid_on": f.valid_on.isoformat()} for f in record.facts],
        "version": version,
        "updated_at": format_time(updated_at) if updated_at else None,
    }


# The dates of fact values: a page repeats a few hundred of them thousands of times.
_known_days: dict[str, dt.date] = {}


def _fact_day(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if len(_known_days) < 4096:
        _known_days[text] = day
    return day


def _wire_day(text: object) -> dt.date | None:
    """A date of an item (None for null), through the page's cache of dates; ValueError when
    it is not one (the caller reads it again the checking way, for the message)."""
    if text is None:
        return None
    if type(text) is not str:
        raise ValueError(text)
    return _known_days.get(text) or _fact_day(text)


def _tag(name: str, valid_from: dt.date | None, valid_to: dt.date | None) -> Tag:
    """``Tag(...)`` without the frozen dataclass's ``__init__``, as ``_fact_value``."""
    tag = _new(Tag)
    fields = tag.__dict__
    fields["tag"], fields["valid_from"], fields["valid_to"] = name, valid_from, valid_to
    return tag


def _fact_value(name: str, value: str, on: dt.date) -> FactValue:
    """``FactValue(name, value, on)`` without the frozen dataclass's ``__init__`` (an
    ``object.__setattr__`` per field, half the cost of reading a value): fields already checked."""
    fact = _new(FactValue)
    fields = fact.__dict__
    fields["name"], fields["value"], fields["valid_on"] = name, value, on
    return fact


_new = object.__new__


def enterprise_from_wire(data: object) -> EnterpriseRecord | ChangedParts:
    """The record of an ``enterprises`` stream item (version and updated_at are left out), or
    its changed parts when the item says it carries only those (kuaixiang_core/wire_parts)."""
    obj = data if type(data) is dict else _obj(data, "enterprise")
    where = "enterprise"
    code = _str(obj, "credit_code", where, max_len=18) or ""
    if not is_clean_uscc(code) and ((check := check_uscc(code)).normalized != code or not check.valid):
        raise WireError(f"{where}.credit_code", f"不是有效的统一社会信用代码：{code}")
    parts = wire_parts.is_parts(obj)
    if parts and not wire_parts.parts_version_ok(obj):
        versions = "、".join(map(str, wire_parts.VERSIONS))
        raise WireError(f"{where}.{wire_parts.FIELD}", f"应为变更部分格式版本 {versions} 之一")
    tags = []
    # An item of changed parts leaves the tags out when they did not change (wire_parts).
    tag_items = [] if parts and "tags" not in obj else _list(obj, "tags", where)
    for i, t in enumerate(tag_items):
        # As the facts below: a well-formed tag is read without building its error paths.
        if type(t) is dict:
            name = t.get("tag")
            if type(name) is str and 0 < len(name) <= 1000 and not name.isspace():
                try:
                    tags.append(_tag(name, _wire_day(t.get("valid_from")), _wire_day(t.get("valid_to"))))
                    continue
                except ValueError:
                    pass  # read again below, for the message
        t = _obj(t, f"{where}.tags[{i}]")
        tags.append(Tag(_str(t, "tag", f"{where}.tags[{i}]") or "", _date(t, "valid_from", f"{where}.tags[{i}]"),
                        _date(t, "valid_to", f"{where}.tags[{i}]")))
    facts = []
    for i, f in enumerate(_list(obj, "facts", where)):
        # A well-formed value is read without building its error paths (a page of 2,000
        # enterprises carries some 28,000 values); anything else goes the checking way below.
        if type(f) is dict:
            name, value, on_text = f.get("name"), f.get("value"), f.get("valid_on")
            # (``s and not s.isspace()`` is ``s.strip()`` without making the stripped copy)
            if (type(name) is str and type(value) is str and type(on_text) is str and 0 < len(name) <= 1000
                    and 0 < len(value) <= 100_000 and not name.isspace() and not value.isspace()):
                on = _known_days.get(on_text)
                if on is None:
                    try:
                        on = _fact_day(on_text)
                    except ValueError:
                        on = None
                if on is not None:
                    facts.append(_fact_value(name, value, on))
                    continue
        f = _obj(f, f"{where}.facts[{i}]")
        on = _date(f, "valid_on", f"{where}.facts[{i}]")
        if on is None:
            raise WireError(f"{where}.facts[{i}].valid_on", "缺少此项")
        facts.append(FactValue(_str(f, "name", f"{where}.facts[{i}]") or "",
                               _str(f, "value", f"{where}.facts[{i}]", max_len=100_000) or "", on))
    if parts:
        # Only the columns the item holds (version 2 leaves out those that did not change),
        # each read as a whole record's is.
        columns = {c: _COLUMN_READERS[c](obj, where) for c in RECORD_COLUMNS if c in obj}
        return ChangedParts(code, columns, facts, tags if "tags" in obj else None)
    return EnterpriseRecord(code, **{c: read(obj, where) for c, read in _COLUMN_READERS.items()}, tags=tags,
                            facts=facts)


# How each column of an enterprise item is read, of a whole record and of changed parts alike.
_COLUMN_READERS: dict[str, Callable[[Mapping[str, Any], str], Any]] = {
    "name": lambda obj, where: _str(obj, "name", where) or "",
    "legal_rep": lambda obj, where: _str(obj, "legal_rep", where, required=False),
    "region_code": lambda obj, where: _str(obj, "region_code", where) or "",
    "industry_code": lambda obj, where: _str(obj, "industry_code", where, required=False),
    "reg_type": lambda obj, where: _str(obj, "reg_type", where, required=False),
    "established": lambda obj, where: _date(obj, "established", where),
    "registered_capital_fen": lambda obj, where: _int(obj, "registered_capital_fen", where),
    "employees": lambda obj, where: _int(obj, "employees", where, lo=0, hi=_INT32),
    "insured_employees": lambda obj, where: _int(obj, "insured_employees", where, lo=0, hi=_INT32),
    "revenue_fen": lambda obj, where: _int(obj, "revenue_fen", where),
    "total_assets_fen": lambda obj, where: _int(obj, "total_assets_fen", where),
    "tax_credit_rating": lambda obj, where: _str(obj, "tax_credit_rating", where, required=False),
    "dishonest": lambda obj, where: _bool(obj, "dishonest", where, False),
    "contact_phone": lambda obj, where: _str(obj, "contact_phone", where, required=False),
}
assert tuple(_COLUMN_READERS) == RECORD_COLUMNS


# ---------------------------------------------------------------------------------------------
# Push
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    kind: str
    entity_id: str
    payload: dict
    created_at: str | None = None

    def content_hash(self) -> str:
        return content_hash(self.kind, self.entity_id, self.payload)

    def to_json(self) -> dict:
        return {"key": self.key, "kind": self.kind, "entity_id": self.entity_id, "payload": self.payload,
                "created_at": self.created_at}

    @classmethod
    def from_json(cls, data: object, where: str = "entry") -> OutboxEntry:
        obj = _obj(data, where)
        payload = obj.get("payload")
        if not isinstance(payload, Mapping):
            raise WireError(f"{where}.payload", "应为 JSON 对象")
        created = _str(obj, "created_at", where, required=False, max_len=64)
        if created is not None:
            parse_time(created, f"{where}.created_at")
        return cls(
            _str(obj, "key", where, max_len=128) or "",
            _str(obj, "kind", where, max_len=64) or "",
            _str(obj, "entity_id", where, max_len=128) or "",
            dict(payload),
            created,
        )


@dataclass(frozen=True)
class OutboxRequest:
    entries: list[OutboxEntry]

    def to_json(self) -> dict:
        return {"entries": [e.to_json() for e in self.entries]}

    @classmethod
    def from_json(cls, data: object) -> OutboxRequest:
        obj = _obj(data, "")
        entries = obj.get("entries")
        if not isinstance(entries, list):
            raise WireError("entries", "应为列表")
        if len(entries) > MAX_OUTBOX_ENTRIES:
            raise WireError("entries", f"一次最多 {MAX_OUTBOX_ENTRIES} 条，实际 {len(entries)} 条")
        parsed = [OutboxEntry.from_json(e, f"entries[{i}]") for i, e in enumerate(entries)]
        keys = [e.key for e in parsed]
        if len(set(keys)) != len(keys):
            raise WireError("entries", "同一请求中 key 重复")
        return cls(parsed)


@dataclass(frozen=True)
class OutboxResult:
    key: str
    status: str  # applied | duplicate | conflict | rejected
    message: str | None = None
    server: dict | None = None

    def to_json(self) -> dict:
        return {"key": self.key, "status": self.status, "message": self.message, "server": self.server}

    @classmethod
    def from_json(cls, data: object) -> OutboxResult:
        obj = _obj(data, "result")
        status = _str(obj, "status", "result") or ""
        if status not in RESULT_STATUSES:
            raise WireError("result.status", f"未知的结果「{status}」")
        server = obj.get("server")
        return cls(_str(obj, "key", "result") or "", status,
                   _str(obj, "message", "result", required=False, max_len=10_000),
                   dict(server) if isinstance(server, Mapping) else None)


@dataclass(frozen=True)
class OutboxResponse:
    results: list[OutboxResult]

    def to_json(self) -> dict:
        return {"results": [r.to_json() for r in self.results]}

    @classmethod
    def from_json(cls, data: object) -> OutboxResponse:
        results = _obj(data, "").get("results")
        if not isinstance(results, list):
            raise WireError("results", "应为列表")
        return cls([OutboxResult.from_json(r) for r in results])


# ---------------------------------------------------------------------------------------------
# Application payloads
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentData:
    """经办人: PII; added to the payload by the sync client when it sends, never stored in
    the outbox; the server keeps ID number and phone encrypted."""

    name: str
    id_number: str
    phone: str

    def to_json(self) -> dict:
        return {"name": self.name, "id_number": self.id_number, "phone": self.phone}

    @classmethod
    def from_json(cls, data: object, where: str = "payload.agent") -> AgentData:
        obj = _obj(data, where)
        name = (_str(obj, "name", where, max_len=30) or "").strip()
        if not 2 <= len(name) <= 30:
            raise WireError(f"{where}.name", "经办人姓名应为 2–30 个字")
        check = check_resident_id(_str(obj, "id_number", where, max_len=40) or "")
        if not check.valid:
            raise WireError(f"{where}.id_number", f"经办人身份证号码无效：{check.error}")
        phone = re.sub(r"[\s\-]", "", _str(obj, "phone", where, max_len=40) or "").removeprefix("+86")
        if not _MOBILE.match(phone):
            raise WireError(f"{where}.phone", "经办人手机号码无效：应为 11 位、以 1 开头的手机号")
        return cls(name, check.normalized or "", phone)


@dataclass(frozen=True)
class MaterialData:
    name: str
    required: bool = True
    received: bool = False
    originals: int = 0
    copies: int = 0
    attachment_sha256: str | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: object, where: str) -> MaterialData:
        obj = _obj(data, where)
        sha = _str(obj, "attachment_sha256", where, required=False, max_len=64)
        if sha is not None and not is_sha256(sha):
            raise WireError(f"{where}.attachment_sha256", "应为 64 位小写十六进制的 SHA-256")
        return cls(
            _str(obj, "name", where, max_len=200) or "",
            _bool(obj, "required", where, True),
            _bool(obj, "received", where, False),
            _int(obj, "originals", where, lo=0, hi=10_000) or 0,
            _int(obj, "copies", where, lo=0, hi=10_000) or 0,
            sha,
        )


@dataclass(frozen=True)
class EligibilityTrace:
    """The eligibility trace of a filing (services/applications.file_application):
    ``{"verdict", "as_of", "conditions": [{"text","fact","op","expected","actual","result","clause",…}],
    "benefit": {"amount", "text"}}``; the server's own adds ``item_version``."""

    verdict: str
    as_of: str | None
    conditions: list[dict]
    benefit: dict
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {**self.extra, "verdict": self.verdict, "as_of": self.as_of, "conditions": self.conditions,
                "benefit": self.benefit}

    @classmethod
    def from_json(cls, data: object, where: str = "payload.trace") -> EligibilityTrace:
        obj = _obj(data, where)
        verdict = obj.get("verdict")
        if verdict not in VERDICTS:
            raise WireError(f"{where}.verdict", f"应为 {' / '.join(VERDICTS)}，实际是 {verdict!r}")
        as_of = _date(obj, "as_of", where)
        conditions = obj.get("conditions") or []
        if not isinstance(conditions, list) or not all(isinstance(c, Mapping) for c in conditions):
            raise WireError(f"{where}.conditions", "应为对象列表")
        benefit = obj.get("benefit") or {}
        if not isinstance(benefit, Mapping):
            raise WireError(f"{where}.benefit", "应为 JSON 对象")
        extra = {k: v for k, v in obj.items() if k not in ("verdict", "as_of", "conditions", "benefit")}
        return cls(str(verdict), _iso(as_of), [dict(c) for c in conditions], dict(benefit), extra)


@dataclass(frozen=True)
class ApplicationPayload:
    """The payload of an ``application.*`` outbox entry.

    The client's snapshot (services/applications._snapshot): ``id``, ``enterprise_id`` (local,
    ignored by the server), ``item_id``, ``item_version``, ``status``, ``receipt_no``,
    ``hall_code``, ``window``, ``benefit_amount_fen``, ``deferred_deadline``, ``materials``;
    plus what the sync client adds when it sends:

    - ``credit_code``: on every application entry; required for ``application.accepted``;
    - ``agent`` {name, id_number, phone} and ``trace`` (:class:`EligibilityTrace`): required
      for ``application.accepted``;
    - ``reason``: for ``application.withdrawn`` (the server records "窗口撤回" without one).
    """

    id: str
    item_id: str
    status: str
    item_version: int | None = None
    receipt_no: str | None = None
    hall_code: str | None = None
    window: str | None = None
    benefit_amount_fen: int | None = None
    deferred_deadline: dt.date | None = None
    materials: list[MaterialData] = field(default_factory=list)
    credit_code: str | None = None
    agent: AgentData | None = None
    trace: EligibilityTrace | None = None
    reason: str | None = None

    @classmethod
    def from_json(cls, kind: str, entity_id: str, data: object) -> ApplicationPayload:
        where = "payload"
        obj = _obj(data, where)
        app_id = (_str(obj, "id", where, max_len=64) or "").strip().lower()
        try:
            if str(uuid.UUID(app_id)) != app_id:
                raise ValueError
        except ValueError:
            raise WireError(f"{where}.id", f"应为 UUID，实际是 {app_id!r}") from None
        if entity_id.strip().lower() != app_id:
            raise WireError("entity_id", f"与 payload.id 不一致（{entity_id} ≠ {app_id}）")
        credit = _str(obj, "credit_code", where, required=kind == KIND_ACCEPTED, max_len=64)
        if credit is not None:
            check = check_uscc(credit)
            if not check.valid:
                raise WireError(f"{where}.credit_code", f"统一社会信用代码无效：{check.error}")
            credit = check.normalized
        materials_raw = _list(obj, "materials", where)
        agent = trace = None
        if kind == KIND_ACCEPTED:
            if obj.get("agent") is None:
                raise WireError(f"{where}.agent", "受理的申请须带经办人信息")
            agent = AgentData.from_json(obj.get("agent"))
            if obj.get("trace") is None:
                raise WireError(f"{where}.trace", "受理的申请须带资格判断过程")
            trace = EligibilityTrace.from_json(obj.get("trace"))
        amount = _int(obj, "benefit_amount_fen", where, lo=0)
        return cls(
            id=app_id,
            item_id=_str(obj, "item_id", where, max_len=64) or "",
            status=_str(obj, "status", where, max_len=32) or "",
            item_version=_int(obj, "item_version", where, lo=1, hi=_INT32),
            receipt_no=_str(obj, "receipt_no", where, required=False, max_len=64),
            hall_code=_str(obj, "hall_code", where, required=False, max_len=32),
            window=_str(obj, "window", where, required=False, max_len=32),
            benefit_amount_fen=amount,
            deferred_deadline=_date(obj, "deferred_deadline", where),
            materials=[MaterialData.from_json(m, f"{where}.materials[{i}]") for i, m in enumerate(materials_raw)],
            credit_code=credit,
            agent=agent,
            trace=trace,
            reason=_str(obj, "reason", where, required=False, max_len=500),
        )


@dataclass(frozen=True)
class ApplicationState:
    """An item of the ``applications`` stream, and the ``server`` of an outbox result."""

    id: str
    status: str
    reason: str | None
    history: list[dict]
    server_verdict: dict | None
    receipt_no: str | None = None
    hall_code: str | None = None
    credit_code: str | None = None
    item_id: str | None = None
    item_version: int | None = None
    updated_at: str | None = None
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "extra"}
        return {**self.extra, **out}

    @classmethod
    def from_json(cls, data: object) -> ApplicationState:
        obj = _obj(data, "application")
        history = _list(obj, "history", "application")
        if not all(isinstance(h, Mapping) for h in history):
            raise WireError("application.history", "应为对象列表")
        verdict = obj.get("server_verdict")
        known = {"id", "status", "reason", "history", "server_verdict", "receipt_no", "hall_code", "credit_code",
                 "item_id", "item_version", "updated_at"}
        return cls(
            _str(obj, "id", "application") or "",
            _str(obj, "status", "application") or "",
            _str(obj, "reason", "application", required=False, max_len=10_000),
            [dict(h) for h in history],
            dict(verdict) if isinstance(verdict, Mapping) else None,
            _str(obj, "receipt_no", "application", required=False),
            _str(obj, "hall_code", "application", required=False),
            _str(obj, "credit_code", "application", required=False),
            _str(obj, "item_id", "application", required=False),
            _int(obj, "item_version", "application"),
            _str(obj, "updated_at", "application", required=False),
            {k: v for k, v in obj.items() if k not in known},
        )


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------

_RANGE = re.compile(r"^bytes ([0-9]{1,18})-([0-9]{1,18})/([0-9]{1,18})$")  # ASCII digits, below 2^63


@dataclass(frozen=True)
class ContentRange:
    start: int
    end: int  # inclusive
    total: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def header(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.total}"


def parse_content_range(text: str) -> ContentRange:
    """``bytes start-end/total`` (end inclusive, as HTTP has it)."""
    m = _RANGE.match(text.strip())
    if not m:
        raise WireError("Content-Range", f"应为 bytes 开始-结束/总长，实际是 {text!r}")
    start, end, total = (int(g) for g in m.groups())
    if end < start or end >= total:
        raise WireError("Content-Range", f"范围无效：{text!r}")
    return ContentRange(start, end, total)
