"""What the server checks of an application entry before it keeps it.

A window's client claims a receipt number, a window, an amount and an item that needs an
application. The server believes none of these that it can check against its own records:

- the receipt number (``371502-01-20261206-EALH-0001``: hall, the hall's date, the short id
  of the device that numbered it, a sequence; the client's ``services/applications
  ._receipt_no``) must name the token's hall and the registered device the token was
  logged in with. Otherwise the entry is refused: a receipt number is what a
  citizen holds, and one that names another hall or another device is a forgery or a
  mistake that a reviewer cannot undo later;
- an ``accepted`` application for an item the server knows as 免申即享 (mode ``auto``) is
  refused: the platform pays those without an application;
- the window is the one the server has for the token's clerk, whatever the entry says;
- the amount is the one the server's own evaluation gives.

A differing window, amount or verdict is not refused (a window that filed offline under an
older catalogue or record may differ honestly) but kept beside the server's figure as a
flag for the reviewer (``kuaixiang-server admin applications`` / ``admin show``).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy.orm import Session

from kuaixiang_core.domain.money import MoneyError, fen_to_yuan, format_yuan, to_fen
from kuaixiang_core.domain.rules.benefit_kinds import CASH

from .auth import AuthContext
from .models import AuthToken, Device, PolicyItem, PolicyItemVersion

RECEIPT_FIELD = "回执编号（payload.receipt_no）"
# The client prints key_id[:4] (services/device.Device.short_id): four base32 characters.
DEVICE_SHORT_LEN = 4
_RECEIPT_TAIL = re.compile(r"^(\d{8})-([A-Z2-7]{4})-(\d{4,6})$")
AUTO_MODE = "auto"
VERDICT_NAMES = {"eligible": "符合", "ineligible": "不符合", "unknown": "可能符合"}


class Rejected(Exception):
    """The entry is refused; ``message`` (Chinese) names the field and what is wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def receipt_hall_and_day(receipt_no: str) -> tuple[str, dt.date] | None:
    """The hall and the hall's date a well-formed receipt number names, or None."""
    parts = receipt_no.rsplit("-", 3)
    if len(parts) != 4 or not parts[0]:
        return None
    match = _RECEIPT_TAIL.match("-".join(parts[1:]))
    if match is None:
        return None
    try:
        return parts[0], dt.datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def device_short_id(key_id: str) -> str:
    return key_id[:DEVICE_SHORT_LEN].upper()


def check_receipt(session: Session, ctx: AuthContext, receipt_no: str) -> str:
    """Refuse a receipt number that does not name the token's hall and device; return that
    device's key id (the key that signed the receipt). The answer does not repeat the
    number: it may be another hall's, copied from its receipt."""
    prefix = f"{ctx.hall_code}-"
    if not receipt_no.startswith(prefix):
        raise Rejected(f"{RECEIPT_FIELD}不是本大厅（{ctx.hall_code}）的编号：应以「{prefix}」开头")
    match = _RECEIPT_TAIL.match(receipt_no[len(prefix):])
    if match is None:
        raise Rejected(f"{RECEIPT_FIELD}格式不对：应为 大厅编码-日期-设备号-序号，如 {ctx.hall_code}-20261206-EALH-0001")
    day, device, _seq = match.groups()
    try:
        dt.datetime.strptime(day, "%Y%m%d")
    except ValueError:
        raise Rejected(f"{RECEIPT_FIELD}中的日期 {day} 不存在") from None
    token = session.get(AuthToken, ctx.token_hash)
    key_id = token.device_key_id if token is not None else None
    if key_id is None:
        raise Rejected(f"本次登录没有登记本机设备，中心无法核对{RECEIPT_FIELD}中的设备号："
                       "请在窗口客户端重新登录后再同步")
    # Which hall a device may serve is the device registry's to keep (log-in, the
    # administrator); here the device must be the one this token was logged in with.
    if session.get(Device, key_id) is None:
        raise Rejected(f"本机设备 {key_id} 未在中心登记，中心无法核对{RECEIPT_FIELD}：请在窗口客户端重新登录后再同步")
    if device != device_short_id(key_id):
        raise Rejected(f"{RECEIPT_FIELD}中的设备号 {device} 不是本次登录的设备（{device_short_id(key_id)}）")
    return key_id


def item_mode(session: Session, item_id: str) -> str | None:
    """The mode of the current version of the item, or None when the server lacks it."""
    item = session.get(PolicyItem, item_id)
    if item is None:
        return None
    version = session.get(PolicyItemVersion, (item_id, item.current_version))
    if version is None:
        return None
    mode = json.loads(version.content_json).get("mode")
    return mode if isinstance(mode, str) else None


def check_mode(session: Session, item_id: str) -> None:
    if item_mode(session, item_id) == AUTO_MODE:
        raise Rejected(f"事项 {item_id}（payload.item_id）为免申即享：由平台直接兑现，无需申请，不能受理")


def benefit_kind(trace: object) -> str:
    """The kind of benefit a server trace (a dict or its stored JSON) names: ``cash`` where it
    names none (traces from before kinds, or no trace)."""
    if isinstance(trace, str):
        try:
            trace = json.loads(trace)
        except ValueError:
            trace = None
    benefit = trace.get("benefit") if isinstance(trace, dict) else None
    kind = benefit.get("kind") if isinstance(benefit, dict) else None
    return kind if isinstance(kind, str) and kind else CASH


def server_amount_fen(server_trace: dict) -> int | None:
    """The amount of the server's own evaluation, in 分 (None when it could not say)."""
    benefit = server_trace.get("benefit") if isinstance(server_trace.get("benefit"), dict) else None
    amount = benefit.get("amount") if benefit else None
    if not amount:
        return None
    try:
        return to_fen(amount)
    except MoneyError:
        return None


def yuan(fen: int | None) -> str:
    if fen is None:
        return "（无）"
    try:
        return f"{format_yuan(fen_to_yuan(fen))} 元"
    except MoneyError:  # a claim can be anything an integer can be
        return f"{fen} 分"


def flags_for(ctx: AuthContext, *, claimed_window: str | None, claimed_fen: int | None, server_trace: dict,
              client_verdict: str | None) -> list[dict]:
    """Each claim that differs from what the server holds, for the reviewer."""
    flags = []
    if claimed_window is not None and claimed_window != ctx.window:
        flags.append({"field": "window", "claimed": claimed_window, "server": ctx.window,
                      "note": f"窗口号以登录账号登记的「{ctx.window or '未登记'}」为准（报送为「{claimed_window}」）"})
    server_fen = server_amount_fen(server_trace)
    if server_trace.get("verdict") is None:
        if claimed_fen is not None:
            flags.append({"field": "benefit_amount_fen", "claimed": claimed_fen, "server": None,
                          "note": f"中心未能复核金额（{server_trace.get('note') or '无复核结论'}）；"
                                  f"窗口报送 {yuan(claimed_fen)}"})
    elif server_fen is None and claimed_fen is not None:
        flags.append({"field": "benefit_amount_fen", "claimed": claimed_fen, "server": None,
                      "note": f"中心复核未能算出金额（中心档案缺少所需数据），窗口报送 {yuan(claimed_fen)}：请核对"})
    elif claimed_fen != server_fen:
        flags.append({"field": "benefit_amount_fen", "claimed": claimed_fen, "server": server_fen,
                      "note": f"窗口报送金额 {yuan(claimed_fen)}，中心复核金额 {yuan(server_fen)}：以中心复核为准"})
    verdict = server_trace.get("verdict")
    if verdict is not None and verdict != client_verdict:
        flags.append({"field": "verdict", "claimed": client_verdict, "server": verdict,
                      "note": f"窗口资格结论「{VERDICT_NAMES.get(client_verdict or '', client_verdict)}」，"
                              f"中心复核「{VERDICT_NAMES.get(verdict, verdict)}」"})
    return flags
