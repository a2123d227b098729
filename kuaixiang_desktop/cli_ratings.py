"""``kuaixiang rating add|list|close`` and ``kuaixiang visit new``: 好差评 without the window.

``rating add`` stands for the evaluator pad or the second screen (tests, demos, a pad's
driver): the level is what the enterprise chose there, never the clerk's. Exit codes: 0 ok,
1 refused by the rules (already rated, not a supervisor, not this window's 办件), 2 bad input.
"""

from __future__ import annotations

from kuaixiang_core.domain import ratings
from kuaixiang_core.untrusted.terminal import printable as _p

from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_NEGATIVE, Answer, CliError
from .cli_common import open_db as _open_db


def _refused(exc) -> CliError:
    return CliError(EXIT_INPUT if exc.bad_input else EXIT_NEGATIVE, exc.message, field=exc.field)


def _line(view: dict) -> str:
    line = (f"{_p(view['banjian_no'])}  窗口 {_p(view['window'] or '-')}  {_p(view['clerk'] or '-')}  "
            f"{view['level_name']}  {view['rated_on']}  [{view['sync_state']}]")
    if view["reason_names"]:
        line += f"  原因：{'、'.join(view['reason_names'])}"
    if view["comment"]:
        line += f"  意见：{_p(view['comment'])}"
    f = view["followup"]
    if f is not None:
        if f["open"]:
            line += f"  整改期限 {f['deadline']}" + ("（已逾期）" if f["overdue"] else "")
        else:
            line += f"  整改已办结（{_p(f['closed_by'] or '-')}）：{_p(f['action'] or '')}"
    return line


def cmd_rating_add(args) -> Answer:
    from .services.ratings import RatingRefused, rate

    try:
        level = ratings.parse_level(args.level)
        reasons = [ratings.parse_reason(r) for r in args.reason or []]
    except ratings.RatingError as exc:
        raise CliError(EXIT_INPUT, exc.message, field=exc.field) from None
    db = _open_db(args)
    try:
        view = rate(db, args.number, level, reasons, args.comment)
    except RatingRefused as exc:
        raise _refused(exc) from None
    finally:
        db.close()
    data = view.to_json()
    text = f"已记录评价：{_line(data)}"
    if view.negative:
        text += f"\n差评已转整改，须由大厅负责人在 {view.followup_deadline} 前办结"
    return Answer(data, text)


def cmd_rating_list(args) -> Answer:
    from .services.ratings import list_ratings

    db = _open_db(args)
    try:
        views = list_ratings(db, followups=args.followups, open_only=args.open)
    finally:
        db.close()
    data = [v.to_json() for v in views]
    return Answer(data, "\n".join(_line(v) for v in data) if data else "（没有评价）")


def cmd_rating_close(args) -> Answer:
    from .services.ratings import RatingRefused, close_followup

    db = _open_db(args)
    try:
        view = close_followup(db, args.ref, args.action)
    except RatingRefused as exc:
        raise _refused(exc) from None
    finally:
        db.close()
    return Answer(view.to_json(), f"整改已办结：{_line(view.to_json())}")


def cmd_visit_new(args) -> Answer:
    from .cli_common import credit_code
    from .services.device import DeviceKeyError, local_device
    from .services.ratings import RatingRefused, open_visit
    from .services.secrets import SecretStoreUnavailable

    code = credit_code(args) if args.credit_code else None
    db = _open_db(args)
    try:
        number = open_visit(db, local_device(db).short_id, code)
    except RatingRefused as exc:
        raise _refused(exc) from None
    except (SecretStoreUnavailable, DeviceKeyError) as exc:
        raise CliError(EXIT_ENV, str(exc)) from None
    finally:
        db.close()
    return Answer({"visit_no": number}, f"来访编号 {number}：请企业评价（kuaixiang rating add {number} 等级）")


def add_commands(sub, add, parser_class) -> None:
    rating = sub.add_parser("rating", help="好差评：评价器 / 第二屏的命令行替身、评价列表、差评整改").add_subparsers(
        dest="rating_command", parser_class=parser_class, required=True)
    ra = add("add", cmd_rating_add, "记录企业对一个办件的评价（一件一评）", rating)
    ra.add_argument("number", help="办件编号：回执编号，或无申请来访的来访编号")
    ra.add_argument("level", help="非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意（或 very_satisfied … very_dissatisfied）")
    ra.add_argument("--reason", action="append",
                    help=f"差评原因（不满意、非常不满意时必填，可多次）：{'、'.join(ratings.REASONS.values())}")
    ra.add_argument("--comment", help=f"评价意见（可选，最多 {ratings.MAX_COMMENT} 字；原因选「其他」时必填）")
    rl = add("list", cmd_rating_list, "列出评价", rating)
    rl.add_argument("--followups", action="store_true", help="只列出差评（整改）")
    rl.add_argument("--open", action="store_true", help="只列出尚未办结的整改")
    rc = add("close", cmd_rating_close, "大厅负责人办结差评整改", rating)
    rc.add_argument("ref", help="办件编号或评价编号")
    rc.add_argument("--action", required=True, help="整改情况：做了什么")
    visit = sub.add_parser("visit", help="来访（无申请）").add_subparsers(dest="visit_command", parser_class=parser_class,
                                                                    required=True)
    vn = add("new", cmd_visit_new, "为无申请的来访编号，以便企业评价", visit)
    vn.add_argument("credit_code", nargs="?", help="来访企业的统一社会信用代码（可选）")
