"""Is this receipt genuine? The check of a receipt's QR text, offline, and what it could and
could not establish.

A receipt is 「回执真实」 only when all of these hold:

1. **signature**: the QR is intact and signed by a device key this client knows;
2. **receipt number**: its hall, date and device prefix agree with the QR's own fields;
3. **device certificate**: the server certified the signing device for the hall the number
   names, on the day it names (services/device_trust; this client's own device, before it
   ever logged in online, has none yet and is vouched for by the local record alone);
4. **revocation** (as of the last sync): the device was not revoked before the receipt's time
   (a time the device itself states: a stolen key can backdate, which is why revocation
   alone does not make earlier receipts genuine without the record);
5. **local record**: this client holds the application and its item, amount, enterprise,
   hall and receipt number are the QR's.

A signature that holds for an application this client does not hold is *unconfirmed*: the
record could not be checked, and the answer says so instead of 「回执真实」. The server's
record is not asked for (this check works offline); the answer lists it as not checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kuaixiang_core.domain import device_trust, receipt_token
from kuaixiang_core.domain.clock import shanghai_date, shanghai_time
from kuaixiang_core.domain.money import fen_to_yuan

from ..store.database import Database
from ..store.models import Application, Enterprise, Hall
from .device import known_public_keys, local_key_id
from .device_trust import certificates, trusted_signer

PASSED, FAILED, UNCHECKED = "passed", "failed", "unchecked"
GENUINE, UNCONFIRMED, INVALID = "genuine", "unconfirmed", "invalid"
CHECK_NAMES = {"signature": "签名", "receipt_number": "回执编号", "certificate": "设备证书", "revocation": "吊销",
               "local_record": "本机记录", "server_record": "中心端记录"}
RESULT_NAMES = {PASSED: "通过", FAILED: "不通过", UNCHECKED: "未核对"}


@dataclass(frozen=True, slots=True)
class VerifiedReceipt:
    """What a receipt's QR says, signed by the device ``key_id`` (genuine only if the
    :class:`ReceiptCheck` says so)."""

    receipt_no: str
    application_id: str
    credit_code: str
    item_id: str
    amount: Decimal | None
    accepted_at: dt.datetime  # on the hall's clock
    hall_code: str
    key_id: str

    def to_json(self) -> dict:
        return {
            "receipt_no": self.receipt_no, "application_id": self.application_id, "credit_code": self.credit_code,
            "item_id": self.item_id, "amount": str(self.amount) if self.amount is not None else None,
            "accepted_at": self.accepted_at.isoformat(), "hall_code": self.hall_code, "key_id": self.key_id,
        }


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # signature | receipt_number | certificate | revocation | local_record | server_record
    result: str  # passed | failed | unchecked
    message: str

    def to_json(self) -> dict:
        return {"check": self.name, "result": self.result, "message": self.message}

    def line(self) -> str:
        return f"{CHECK_NAMES[self.name]}：{RESULT_NAMES[self.result]}——{self.message}"


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """The check of a receipt's QR text. ``valid``: 「回执真实」; ``verdict`` genuine,
    unconfirmed (nothing failed, but the record or the device's hall could not be checked) or
    invalid; ``error`` says why it is not genuine; ``checks`` what was checked and how it
    went; ``local_status`` is the application's status when this client holds it."""

    valid: bool
    error: str | None
    receipt: VerifiedReceipt | None = None
    local_status: str | None = None
    verdict: str = INVALID
    checks: tuple[Check, ...] = ()

    def to_json(self) -> dict:
        out: dict = {"valid": self.valid, "error": self.error}
        if self.valid and self.receipt is not None:
            out["fields"] = self.receipt.to_json()
            out["local_status"] = self.local_status
        elif self.receipt is not None:
            out["claimed"] = self.receipt.to_json()  # signed, but not shown as fact
        out["verdict"] = self.verdict
        out["checks"] = [c.to_json() for c in self.checks]
        return out

    def lines(self) -> list[str]:
        return [c.line() for c in self.checks]


def _hall(db: Database, code: str) -> str:
    with db.sessions() as session:
        hall = session.get(Hall, code)
        return f"「{hall.name}」（{code}）" if hall else code


def _number_check(f: receipt_token.ReceiptFields) -> tuple[Check, device_trust.ReceiptNumber | None]:
    number = device_trust.parse_receipt_no(f.receipt_no)
    if number is None:
        return Check("receipt_number", FAILED, f"回执编号「{f.receipt_no}」不是本系统的格式"), None
    problems = []
    if number.hall_code != f.hall_code:
        problems.append(f"编号所称大厅 {number.hall_code} 与二维码中的大厅 {f.hall_code} 不符")
    if number.day != shanghai_date(f.accepted_at):
        problems.append(f"编号日期 {number.day:%Y-%m-%d} 与受理时间 {shanghai_time(f.accepted_at):%Y-%m-%d} 不符")
    if number.device != f.key_id[:4]:
        problems.append(f"编号中的设备号 {number.device} 与签名设备 {f.key_id} 不符")
    if problems:
        return Check("receipt_number", FAILED, "；".join(problems)), number
    return Check("receipt_number", PASSED, f"大厅 {number.hall_code}、日期 {number.day:%Y-%m-%d}、设备 {number.device}"), number


def _certificate_checks(db: Database, f: receipt_token.ReceiptFields, number: device_trust.ReceiptNumber | None,
                        own: bool) -> tuple[Check, Check]:
    signer = trusted_signer(db)
    as_of = f"截至上次同步 {shanghai_time(signer.devices_synced_at):%Y-%m-%d %H:%M}" if signer and signer.devices_synced_at \
        else "本机尚未同步设备列表"
    certs = [c for c in certificates(db, f.key_id) if signer and device_trust.verify_certificate(c, signer.public_key)]
    if not certs:
        if signer is None:
            why = "本机尚未联网登录、未信任中心端的设备认证密钥，无法核对签名设备属于哪个大厅"
        elif own:
            why = "本机设备尚未取得中心端证书（请联网登录并同步）"
        else:
            why = f"签名设备 {f.key_id} 没有中心端签发的证书（{as_of}）"
        result = UNCHECKED if (signer is None or own) else FAILED
        return Check("certificate", result, why), Check("revocation", UNCHECKED, "没有该设备的证书，无从核对吊销")
    revoked = min((c.revoked_at for c in certs if c.revoked_at is not None), default=None)
    if revoked is None:
        revocation = Check("revocation", PASSED, f"签名设备未被吊销（{as_of}）")
    elif f.accepted_at > revoked:  # both in whole seconds: the second of the revocation is before it
        revocation = Check("revocation", FAILED, f"签名设备 {f.key_id} 已于 {shanghai_time(revoked):%Y-%m-%d %H:%M} 吊销，"
                                                 "本回执受理于吊销之后")
    else:
        revocation = Check("revocation", PASSED, f"签名设备已于 {shanghai_time(revoked):%Y-%m-%d %H:%M} 吊销；"
                                                 "本回执受理于吊销之前（受理时间由该设备自报）")
    if number is None:
        return Check("certificate", UNCHECKED, "回执编号无法解读，无从核对大厅与日期"), revocation
    cert = device_trust.certificate_for(certs, f.key_id, number.hall_code, number.day)
    if cert is not None:
        window = f"{cert.window}号窗口" if cert.window else ""
        return Check("certificate", PASSED, f"签名设备 {f.key_id} 经中心端认证，{number.day:%Y-%m-%d} 属于 "
                                            f"{_hall(db, cert.hall_code)}{window}"), revocation
    halls = sorted({c.hall_code for c in certs})
    if number.hall_code not in halls:
        why = (f"签名设备 {f.key_id} 经中心端认证属于 {'、'.join(_hall(db, h) for h in halls)}，"
               f"不属于回执编号所称的 {_hall(db, number.hall_code)}：这张回执不是该大厅签发的")
    else:
        spans = "、".join(f"{shanghai_date(c.valid_from):%Y-%m-%d} 至 "
                         f"{shanghai_date(c.valid_to).isoformat() if c.valid_to else '今'}"
                         for c in certs if c.hall_code == number.hall_code)
        why = f"签名设备 {f.key_id} 在 {number.day:%Y-%m-%d} 未获认证属于 {_hall(db, number.hall_code)}（认证期间：{spans}）"
    return Check("certificate", FAILED, why), revocation


def _record_check(db: Database, f: receipt_token.ReceiptFields) -> tuple[Check, str | None]:
    with db.sessions() as session:
        app = session.get(Application, str(f.application_id))
        if app is None:
            return Check("local_record", UNCHECKED, "本机没有该申请的记录：事项、金额与企业无法核对"), None
        ent = session.get(Enterprise, app.enterprise_id)
        pairs = [
            ("回执编号", f.receipt_no, app.receipt_no),
            ("企业", f.credit_code, ent.credit_code if ent else None),
            ("事项", f.item_id, app.item_id),
            ("金额（元）", _yuan(f.amount_fen), _yuan(app.benefit_amount_fen)),
            ("大厅", f.hall_code, app.hall_code),
        ]
        wrong = [f"{what}（回执 {claimed or '无'}，本机 {held or '无'}）" for what, claimed, held in pairs if claimed != held]
        if wrong:
            return Check("local_record", FAILED, "与本机记录不符：" + "；".join(wrong)), app.status
        return Check("local_record", PASSED, "回执编号、企业、事项、金额、大厅与本机记录一致"), app.status


def _yuan(fen: int | None) -> str | None:
    return f"{fen_to_yuan(fen):,}" if fen is not None else None


def verify(db: Database, text: str) -> ReceiptCheck:
    """Check a receipt's QR text offline: signature, receipt number, device certificate,
    revocation (as of the last sync) and the local record (see the module's doc)."""
    result = receipt_token.verify(text, known_public_keys(db))
    if not result.valid or result.fields is None:
        return ReceiptCheck(False, result.error, checks=(Check("signature", FAILED, result.error or "核验失败"),))
    f = result.fields
    vouched = VerifiedReceipt(
        receipt_no=f.receipt_no, application_id=str(f.application_id), credit_code=f.credit_code, item_id=f.item_id,
        amount=fen_to_yuan(f.amount_fen) if f.amount_fen is not None else None,
        accepted_at=shanghai_time(f.accepted_at), hall_code=f.hall_code, key_id=f.key_id,
    )
    own = local_key_id(db) == f.key_id
    number, number_no = _number_check(f)
    certificate, revocation = _certificate_checks(db, f, number_no, own)
    record, status = _record_check(db, f)
    checks = (Check("signature", PASSED, f"由设备 {f.key_id} 签名，内容未被改动"), number, certificate, revocation,
              record, Check("server_record", UNCHECKED, "未查询中心端记录（离线核验）"))
    # The most telling reason first: whose device it is says more than a mismatched number.
    order = ("certificate", "revocation", "receipt_number", "local_record")
    failed = sorted((c for c in checks if c.result == FAILED), key=lambda c: order.index(c.name))
    if failed:
        return ReceiptCheck(False, failed[0].message, vouched, status, INVALID, checks)
    vouched_by_certificate = certificate.result == PASSED or (own and certificate.result == UNCHECKED)
    if record.result == PASSED and vouched_by_certificate:
        return ReceiptCheck(True, None, vouched, status, GENUINE, checks)
    missing = [c.message for c in (certificate, record) if c.result == UNCHECKED and not (c is certificate and own)]
    return ReceiptCheck(False, "无法确认回执真实：" + "；".join(missing), vouched, status, UNCONFIRMED, checks)
