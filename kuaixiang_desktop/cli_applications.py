"""``kuaixiang apply``, ``application list|show|move``, ``receipt`` and ``audit verify``: filing
at the window and what follows it (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kuaixiang_core.domain.clock import shanghai_time
from kuaixiang_core.domain.vocabulary import STATUS_NAMES, status_name
from kuaixiang_core.untrusted.terminal import printable as _p

from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_NEGATIVE, Answer, CliError, credit_code
from .cli_common import open_db as _open_db
from .paths import write_private


def _materials(values: list[str]):
    from .services.applications import MaterialInput

    out = []
    for value in values or []:
        name, sep, file = value.partition("=")
        if not name.strip():
            raise CliError(EXIT_INPUT, f"--material 应为 名称=文件 或 名称：{value!r}", field="--material")
        out.append(MaterialInput(name.strip(), Path(file) if sep and file else None))
    return out


def cmd_apply(args) -> Answer:

    from .services.applications import Agent, ApplyRefused, file_application, show
    from .services.device import DeviceKeyError, local_device
    from .services.secrets import SecretStoreUnavailable

    uscc = credit_code(args)
    db = _open_db(args)
    try:
        device = local_device(db)
        result = file_application(
            db, uscc, args.item_id, Agent(args.agent_name, args.agent_id, args.agent_phone),
            _materials(args.material), device_id=device.short_id, accept_deferred=not args.no_deferred,
            deferred=args.defer,
        )
        record = show(db, result.application_id)
    except ApplyRefused as exc:
        code = EXIT_INPUT if exc.field in ("agent_name", "agent_id", "agent_phone", "material", "credit_code") else EXIT_NEGATIVE
        raise CliError(code, exc.message, field=exc.field, existing=exc.existing) from None
    except (SecretStoreUnavailable, DeviceKeyError) as exc:
        raise CliError(EXIT_ENV, str(exc)) from None
    finally:
        db.close()
    if result.status == "draft":
        text = (f"材料不全，未受理：缺 {'、'.join(result.missing)}。申请 {result.application_id} 已存为草稿；"
                f"请打印一次性告知单：kuaixiang receipt {result.application_id} --notice --out 告知单.pdf")
        return Answer(record.to_json(), text, EXIT_NEGATIVE)
    text = f"已受理：{record.enterprise_name} · {record.item_title}，回执编号 {result.receipt_no}（申请 {result.application_id}）"
    if result.missing:
        text += f"\n容缺受理：{'、'.join(result.missing)} 须在 {result.deferred_deadline} 前补交"
    return Answer(record.to_json(), text)


def _status(value: str | None, option: str) -> str | None:
    """A status as the contract spells it (accepted) or as the window and the receipt do (已受理)."""
    if value is None:
        return None
    by_name = {name: code for code, name in STATUS_NAMES.items()}
    code = value.strip().lower() if value.strip().lower() in STATUS_NAMES else by_name.get(value.strip())
    if code is None:
        choices = "、".join(f"{name}（{code}）" for code, name in STATUS_NAMES.items())
        raise CliError(EXIT_INPUT, f"{option} 不认识「{_p(value)}」，应为：{choices}", field=option)
    return code


def _hall_time(iso: str) -> str:
    """A signed time (ISO, UTC) as the hall's clock shows it, like the printed receipt."""
    try:
        return f"{shanghai_time(dt.datetime.fromisoformat(iso)):%Y-%m-%d %H:%M:%S}"
    except (TypeError, ValueError):
        return _p(iso)


def _not_found(key: str) -> CliError:
    return CliError(EXIT_NEGATIVE, f"没有申请编号或回执编号为 {_p(key)} 的申请")


def _due_list(args) -> Answer:
    from .services.pledges import open_pledges

    if args.status is not None:
        raise CliError(EXIT_INPUT, "--due-within 不能与 --status 同用", field="--due-within")
    if not 0 <= args.due_within <= 250:
        raise CliError(EXIT_INPUT, f"--due-within 应为 0–250 的工作日数，实际是 {args.due_within}", field="--due-within")
    db = _open_db(args)
    try:
        rows = open_pledges(db, due_within_days=args.due_within)
    finally:
        db.close()
    lines = [f"{r.deadline}  {r.state_name}  {_p(r.receipt_no or '-')}  {_p(r.enterprise_name)} · {_p(r.item_title)}"
             f"  待补：{_p('、'.join(r.owed))}" for r in rows]
    return Answer([r.to_json() for r in rows], "\n".join(lines) or f"没有 {args.due_within} 个工作日内到期或已逾期的容缺材料")


def cmd_application_receive(args) -> Answer:
    """容缺补交: a material owed under the pledge comes in (with its scan, if given)."""
    from .services.applications import ApplicationNotFound, ApplyRefused
    from .services.pledges import receive_material

    db = _open_db(args)
    try:
        view = receive_material(db, args.id, args.material, Path(args.file) if args.file else None)
    except ApplicationNotFound:
        raise _not_found(args.id) from None
    except ApplyRefused as exc:
        raise CliError(EXIT_INPUT if exc.field == "material" else EXIT_NEGATIVE, exc.message, field=exc.field) from None
    finally:
        db.close()
    if view is None:
        return Answer(None, f"已收取「{_p(args.material)}」")
    text = f"已收取「{_p(args.material)}」；容缺承诺：{view.state_name}"
    if view.owed:
        text += f"，仍待补交 {_p('、'.join(view.owed))}（{view.deadline} 前）"
    return Answer(view.to_json(), text)


def cmd_application_list(args) -> Answer:
    from .services.applications import list_applications

    if getattr(args, "due_within", None) is not None:
        return _due_list(args)
    status = _status(args.status, "--status")
    db = _open_db(args)
    try:
        rows = list_applications(db, status)
    finally:
        db.close()
    lines = [f"{r.id}  {r.status_name}  {_p(r.receipt_no or '-')}  {_p(r.enterprise_name)} · {_p(r.item_title)}" for r in rows]
    return Answer([r.to_json() for r in rows], "\n".join(lines) or "没有申请")


def cmd_application_show(args) -> Answer:
    from .services.applications import ApplicationNotFound, show

    if not args.reveal and (args.reason is not None or args.password_stdin):
        raise CliError(EXIT_INPUT, "--reason 与 --password-stdin 只用于 --reveal", field="--reveal")
    db = _open_db(args)
    revealed = None
    try:
        if args.reveal:
            from .cli_trust import reveal

            revealed = reveal(args, db)
            record = revealed.detail
        else:
            record = show(db, args.id)
    except ApplicationNotFound:
        raise _not_found(args.id) from None
    finally:
        db.close()
    payload = record.to_json()
    if revealed is not None:
        payload["revealed"] = revealed.record_json()
    lines = [
        f"{_p(record.enterprise_name)}（{record.credit_code}）· {_p(record.item_title)}",
        f"状态：{record.status_name}  回执编号：{_p(record.receipt_no or '无')}",
        f"经办人：{_p(record.agent.name)}  {_p(record.agent.id_number)}  {_p(record.agent.phone)}",
    ] + [f"  {shanghai_time(h.at):%Y-%m-%d %H:%M:%S}  {status_name(h.from_status) if h.from_status else '-'} → "
         f"{status_name(h.to_status)}"
         + (f"（{_p(h.reason)}）" if h.reason else "") for h in record.history]
    if revealed is not None:
        lines.append(f"（已记入审计日志：{_p(revealed.by)} 于 {revealed.at:%Y-%m-%d %H:%M:%S} 查看，原因：{_p(revealed.reason)}）")
    return Answer(payload, "\n".join(lines))


def cmd_application_move(args) -> Answer:
    from kuaixiang_core.domain.application_state import TransitionError

    from .services.applications import ApplicationNotFound, transition

    target = _status(args.status, "status")
    db = _open_db(args)
    try:
        record = transition(db, args.id, target, args.reason)
    except ApplicationNotFound:
        raise _not_found(args.id) from None
    except TransitionError as exc:
        raise CliError(EXIT_INPUT, str(exc), field="status") from None
    finally:
        db.close()
    return Answer(record.to_json(), f"申请 {record.id} 现为「{record.status_name}」")


def cmd_receipt(args) -> Answer:
    from .services.device import DeviceKeyError
    from .services.receipts import ReceiptRefused, print_notice, print_progress, print_receipt, verify
    from .services.secrets import SecretStoreUnavailable

    if args.id == "verify":
        if not args.text:
            raise CliError(EXIT_INPUT, "用法：kuaixiang receipt verify 二维码文本")
        db = _open_db(args)
        try:
            # The server's record too when logged in online; a network failure keeps the
            # offline verdict and says so in the server_record check.
            result = verify(db, args.text, online=not args.offline)
        finally:
            db.close()
        payload = result.to_json()
        checks = "".join(f"\n  {_p(line)}" for line in result.lines())
        if result.valid:
            f = payload["fields"]  # as the JSON spells them: an amount of 0.00 is still printed
            text = (f"回执真实：{_p(f['receipt_no'])}  {_p(f['credit_code'])}  事项 {_p(f['item_id'])}  "
                    f"金额 {_p(f['amount'] or '-')}  受理于 {_hall_time(f['accepted_at'])}  设备 {_p(f['key_id'])}")
            return Answer(payload, text + checks)
        # Unconfirmed (nothing failed, the record could not be checked) is not genuine either.
        head = _p(result.error) if result.verdict == "unconfirmed" else f"核验失败：{_p(result.error)}"
        return Answer(payload, f"{head}{checks}", EXIT_NEGATIVE)
    if not args.out:
        raise CliError(EXIT_INPUT, "请用 --out 指定输出的 PDF 文件")
    db = _open_db(args)
    try:
        if args.progress:
            printed = print_progress(db, args.id, args.format)
        elif args.pledge:
            from .services.applications import ApplyRefused
            from .services.forms import print_pledge

            try:
                printed = print_pledge(db, args.id)
            except ApplyRefused as exc:
                raise ReceiptRefused(exc.message) from None
        elif args.notice:
            printed = print_notice(db, args.id, args.format)
        else:
            printed = print_receipt(db, args.id, args.format, reprint=args.reprint)
        write_private(args.out, printed.pdf)
    except LookupError:
        raise _not_found(args.id) from None
    except ReceiptRefused as exc:
        raise CliError(EXIT_INPUT, str(exc)) from None
    except (SecretStoreUnavailable, DeviceKeyError) as exc:
        raise CliError(EXIT_ENV, str(exc)) from None
    finally:
        db.close()
    payload = {"out": args.out, "pdf_sha256": printed.sha256, "receipt_no": printed.receipt_no,
               "reprint": printed.reprint, "qr_text": printed.qr_text}
    kind = ("办理进度告知单" if args.progress else "容缺受理承诺书" if args.pledge else "一次性告知单" if args.notice
            else "受理回执（补打）" if printed.reprint else "受理回执")
    return Answer(payload, f"已生成{kind}：{args.out}")


def cmd_audit_verify(args) -> Answer:
    from .store import audit

    db = _open_db(args)
    try:
        with db.sessions() as session:
            check = audit.verify(session)
    finally:
        db.close()
    payload = {"ok": check.ok, "rows": check.rows, "broken_at": check.broken_at, "reason": check.reason}
    if check.ok:
        return Answer(payload, f"审计日志完好：{check.rows} 条记录，哈希链连续")
    return Answer(payload, f"审计日志被改动：{check.reason}", EXIT_NEGATIVE)


def cmd_authorisation(args) -> Answer:
    """``kuaixiang authorisation CREDIT_CODE --agent-name … --out FILE``: the pre-filled 授权委托书
    for the legal representative to sign (the agent's full ID is on the paper only)."""
    from kuaixiang_core.domain import clock

    from .services.applications import Agent, ApplyRefused
    from .services.forms import print_authorisation

    uscc = credit_code(args)
    try:
        until = dt.date.fromisoformat(args.until) if args.until else clock.today() + dt.timedelta(days=365)
    except ValueError:
        raise CliError(EXIT_INPUT, f"--until 应为日期 YYYY-MM-DD：{_p(args.until)}", field="--until") from None
    db = _open_db(args)
    try:
        pdf = print_authorisation(db, uscc, Agent(args.agent_name, args.agent_id, args.agent_phone),
                                  clock.today(), until, args.item)
        write_private(args.out, pdf)
    except ApplyRefused as exc:
        raise CliError(EXIT_INPUT, exc.message, field=exc.field) from None
    finally:
        db.close()
    return Answer({"out": args.out, "valid_to": until.isoformat()}, f"授权委托书已保存到 {_p(args.out)}（委托期限至 {until}）")
