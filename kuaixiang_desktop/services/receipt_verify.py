"""Is this receipt genuine? The check of a receipt's QR text, offline and, when asked, against
the server's record, and what it could and could not establish.

A receipt is 「回执真实」 only when all of these hold:

1. **signature**: the QR is intact and signed by a device key this client knows;
2. **receipt number**: its hall, date and device prefix agree with the QR's own fields;
3. **device certificate**: the server certified the signing device for the hall the number
   names, on the day it names (services/device_trust; this client's own device, before it
   ever logged in online, has none yet and is vouched for by the local record alone);
4. **revocation** (as of the last sync): the device was not revoked before the receipt's time
   (a time the device itself states: a stolen key can backdate, which is why revocation
   alone does not make earlier receipts genuine without the record);
5. a record that agrees, and none that disagrees:
   - **local record**: this client holds the application and its item, amount, enterprise,
     hall and receipt number are the QR's;
   - **server record** (only with ``online``, for a clerk logged in online): the central
     server holds the receipt (its number and application UUID) and each field the QR claims
     matches its record (``POST /receipts/check``, which answers per field, never with its
     values, so any hall may ask). A receipt the server does not know (unless this client
     filed it and has not delivered it yet), or that differs from its record, is not
     genuine whatever the local record says; one it confirms is genuine at a window that
     does not hold the application (another window's or hall's receipt).

A signature that holds for an application neither this client nor (asked) the server
vouches for is *unconfirmed*: the answer says what could not be checked instead of
「回执真实」. When the server cannot be reached the offline verdict stands and the
``server_record`` check says why. Offline is the default here (a scan must not wait on the
network); ``kuaixiang receipt verify`` asks the server unless told ``--offline``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kuaixiang_core import cancellation
from kuaixiang_core.domain import device_trust, receipt_token
from kuaixiang_core.domain.clock import shanghai_date, shanghai_time
from kuaixiang_core.domain.money import fen_to_yuan
from kuaixiang_core.wire_receipt import ReceiptAnswer, ReceiptClaim

from ..store.database import Database
from ..store.models import Application, Enterprise, Hall
from ..sync.client import AuthError, Rejected, RetryPolicy, SyncClient, SyncError
from . import auth
from .device import known_public_keys, local_key_id
from .device_trust import certificates, trusted_signer
from .secrets import SecretStoreUnavailable

PASSED, FAILED, UNCHECKED = "passed", "failed", "unchecked"
GENUINE, UNCONFIRMED, INVALID = "genuine", "unconfirmed", "invalid"
CHECK_NAMES = {"signature": "签名", "receipt_number": "回执编号", "certificate": "设备证书", "revocation": "吊销",
               "local_record": "本机记录", "server_record": "中心端记录"}
RESULT_NAMES = {PASSED: "通过", FAILED: "不通过", UNCHECKED: "未核对"}
SERVER_FIELD_NAMES = {"key_id": "签名设备", "credit_code": "企业", "item_id": "事项", "amount_fen": "金额",
                      "accepted_on": "受理日期", "hall_code": "大厅"}
OFFLINE = "未查询中心端记录（离线核验）"
# One quick retry: a clerk is waiting at the counter, and the offline verdict stands anyway.
SERVER_TIMEOUT = 10.0
SERVER_RETRY = dict(attempts=2, base=0.5, cap=1.0, max_elapsed=15.0)
# An application this client filed that has not reached the server yet (services/sync_service).
_NOT_DELIVERED = frozenset({"local", "queued", "failed"})


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
    went; ``local_status`` is the application's status when this client holds it,
    ``server_status`` the server's (「已报送」, 「已撤回」…) when it was asked and holds it."""

    valid: bool
    error: str | None
    receipt: VerifiedReceipt | None = None
    local_status: str | None = None
    verdict: str = INVALID
    checks: tuple[Check, ...] = ()
    server_status: str | None = None  # the status word of the server's record, when it holds it

    def to_json(self) -> dict:
        out: dict = {"valid": self.valid, "error": self.error}
        if self.valid and self.receipt is not None:
            out["fields"] = self.receipt.to_json()
            out["local_status"] = self.local_status
        elif self.receipt is not None:
            out["claimed"] = self.receipt.to_json()  # signed, but not shown as fact
        if self.server_status is not None:
            out["server_status"] = self.server_status
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


def _claim(f: receipt_token.ReceiptFields) -> ReceiptClaim:
    return ReceiptClaim(receipt_no=f.receipt_no, application_id=str(f.application_id), key_id=f.key_id,
                        credit_code=f.credit_code, item_id=f.item_id, amount_fen=f.amount_fen,
                        accepted_at=f.accepted_at, hall_code=f.hall_code)


def _ask_server(db: Database, f: receipt_token.ReceiptFields, client: SyncClient | None) -> ReceiptAnswer | Check:
    """The server's answer, or the unchecked ``server_record`` saying why there is none."""
    own = client is None
    if client is None:
        try:
            server, token = auth.session_server(db), auth.session_token(db)
            security = auth.session_security(db)
        except SecretStoreUnavailable as exc:
            return Check("server_record", UNCHECKED, f"无法读取登录信息（{exc}）：未查询中心端记录（仅离线核验）")
        if not server or not token:
            return Check("server_record", UNCHECKED, "尚未联网登录：未查询中心端记录（仅离线核验）")
        try:
            client = SyncClient(server, token, timeout=SERVER_TIMEOUT, security=security,
                                retry=RetryPolicy(**SERVER_RETRY, sleep=cancellation.sleep))
        except SyncError as exc:  # an address the transport rules refuse, a pinned file that is unusable
            return Check("server_record", UNCHECKED, f"未能连接中心端：{exc.message}（仅离线核验）")
    try:
        return client.check_receipt(_claim(f))
    except AuthError as exc:
        return Check("server_record", UNCHECKED, f"中心端不接受本机的登录（{exc.message}）：请重新登录；仅离线核验")
    except Rejected as exc:
        return Check("server_record", UNCHECKED, f"中心端未受理核对请求：{exc.message}（仅离线核验）")
    except SyncError as exc:
        return Check("server_record", UNCHECKED, f"未能连接中心端：{exc.message}（仅离线核验）")
    finally:
        if own:
            client.close()


def _undelivered(db: Database, application_id: str) -> bool:
    """This client filed the application and has not yet delivered it to the server."""
    with db.sessions() as session:
        app = session.get(Application, application_id)
        return app is not None and app.sync_state in _NOT_DELIVERED


def _server_check(db: Database, f: receipt_token.ReceiptFields, answer: ReceiptAnswer) -> Check:
    if not answer.known:
        if _undelivered(db, str(f.application_id)):
            return Check("server_record", UNCHECKED, "中心端尚无此回执：本机还没有把该申请同步到中心端（同步后可再核验）")
        return Check("server_record", FAILED, "中心端无此回执：中心端没有这个回执编号与申请编号的记录"
                                              "（回执可能是伪造的，或签发窗口尚未同步）")
    state = f"中心端状态「{answer.status_name or answer.status}」"
    wrong = answer.mismatched
    if wrong:
        return Check("server_record", FAILED,
                     f"与中心端记录不符：{'、'.join(SERVER_FIELD_NAMES[w] for w in wrong)}（{state}）")
    agreed = "、".join(SERVER_FIELD_NAMES[name] for name in SERVER_FIELD_NAMES if answer.matches.get(name))
    notes = [f"{agreed}与中心端记录一致", state]
    if answer.matches.get("key_id") is None:
        notes.append("中心端没有记下签发设备，签名设备未能与之核对")
    if answer.recomputed_amount_differs:
        notes.append("中心复核的金额与回执所载不同，兑现以中心复核为准")
    return Check("server_record", PASSED, "；".join(notes))


def verify(db: Database, text: str, *, online: bool = False, client: SyncClient | None = None) -> ReceiptCheck:
    """Check a receipt's QR text: signature, receipt number, device certificate, revocation
    (as of the last sync) and the local record, offline; with ``online``, also the server's
    record, through ``client`` or the logged-in session's server (see the module's doc).
    Blocks on the network when online: call it from a worker in the window."""
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
    server, server_status = Check("server_record", UNCHECKED, OFFLINE), None
    if online or client is not None:
        answer = _ask_server(db, f, client)
        if isinstance(answer, Check):
            server = answer
        else:
            server, server_status = _server_check(db, f, answer), answer.status_name if answer.known else None
    checks = (Check("signature", PASSED, f"由设备 {f.key_id} 签名，内容未被改动"), number, certificate, revocation,
              record, server)
    # The most telling reason first: whose device it is says more than a mismatched number.
    order = ("certificate", "revocation", "receipt_number", "local_record", "server_record")
    failed = sorted((c for c in checks if c.result == FAILED), key=lambda c: order.index(c.name))
    if failed:
        return ReceiptCheck(False, failed[0].message, vouched, status, INVALID, checks, server_status)
    vouched_by_certificate = certificate.result == PASSED or (own and certificate.result == UNCHECKED)
    # The server's record stands in for a local one this window does not hold (another
    # window's or another hall's receipt): it holds every application.
    on_record = record.result == PASSED or server.result == PASSED
    if on_record and vouched_by_certificate:
        return ReceiptCheck(True, None, vouched, status, GENUINE, checks, server_status)
    missing = [c.message for c in (certificate, record) if c.result == UNCHECKED and not (c is certificate and own)
               and not (c is record and on_record)]
    if not on_record and server.message != OFFLINE:
        missing.append(server.message)  # asked, and why the server could not stand in
    return ReceiptCheck(False, "无法确认回执真实：" + "；".join(missing), vouched, status, UNCONFIRMED, checks,
                        server_status)
