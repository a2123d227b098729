"""``kuaixiang-server``: run the central server, or administer its data.

    kuaixiang-server [--db URL] [--host 127.0.0.1] [--port 8765] [--demo [--demo-enterprises N] [--demo-seed S]]
                     [--token-hours H]
    kuaixiang-server [--db URL] admin add-hall CODE NAME [--region CODE]
    kuaixiang-server [--db URL] admin add-clerk NAME --hall CODE --password-stdin [--display-name N] [--window W]
    kuaixiang-server [--db URL] admin set-password NAME --password-stdin
    kuaixiang-server [--db URL] admin import-catalogue FILE [--max-rows N] [--max-mb MB]
    kuaixiang-server [--db URL] admin import-enterprises FILE [--max-rows N] [--max-mb MB]
    kuaixiang-server [--db URL] admin applications [--json]
    kuaixiang-server [--db URL] admin show APP_ID [--hall CODE] [--json]
    kuaixiang-server [--db URL] admin review APP_ID review|correction|approve|publicity|pay|refuse
                     [--reason TEXT] [--date D] [--until D] [--amount YUAN] [--hall CODE]
    kuaixiang-server [--db URL] admin ratings [--hall CODE] [--followups] [--open] [--json]
    kuaixiang-server [--db URL] admin revoke-tokens USER
    kuaixiang-server [--db URL] admin device list [--json]
    kuaixiang-server [--db URL] admin device show KEY_ID [--json]
    kuaixiang-server [--db URL] admin device rebind KEY_ID --hall CODE [--window W] [--label L] [--json]
    kuaixiang-server [--db URL] admin device revoke KEY_ID [--reason TEXT] [--json]
    kuaixiang-server [--db URL] admin add-demo-enterprises COUNT [--seed S] [--start N] [--changed]
    kuaixiang-server [--db URL] admin demo-licence-code CREDIT_CODE
    kuaixiang-server [--db URL] admin provision --server URL --hall CODE [--window W] [--label L] [--city CODE]
                     [--ca-cert PEM] [--days N] --out FILE [--qr-out FILE] [--json]
    kuaixiang-server admin anchors [--city CODE] [--city-name NAME] --out FILE
    kuaixiang-server [--db URL] admin update publish FILE --version V --platform P [--minimum-version V]
                     [--notes TEXT] [--url URL] [--json]
    kuaixiang-server [--db URL] admin update list | withdraw PLATFORM VERSION [--json]
    kuaixiang-server [--db URL] admin build-snapshot [--json]
    kuaixiang-server [--db URL] admin reach ITEM_ID [--as-of DATE] [--limit N] [--after ID] [--json]
    kuaixiang-server [--db URL] admin sweep [--as-of DATE] [--out FILE.csv] [--json]

``--db`` may also follow ``admin``. Exit codes as the ``kuaixiang`` command's: 0 ok,
1 a negative answer, 2 bad input or usage, 3 environment (database, network, key).
With ``--json`` the answer is JSON on stdout and an error one JSON object on stderr.

What clients sent (receipt numbers, item ids, names, reasons) reaches the reviewer's terminal
only through ``untrusted.terminal``: control characters, ESC and bidi overrides escaped. The
JSON output is left as it is (JSON escapes every C0 control itself).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kuaixiang_core.untrusted.terminal import printable, printable_lines

from .config import ConfigError, Settings

EXIT_OK, EXIT_NO, EXIT_INPUT, EXIT_ENV = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_INPUT, detail: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（sqlite:///路径 或 postgresql://…）或 SQLite 文件路径")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")

    parser = argparse.ArgumentParser(prog="kuaixiang-server", description="政策快享 中心服务器")
    parser.add_argument("--db", default=None, help="数据库 URL（默认：数据目录中的 SQLite 文件）")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--demo", action="store_true", help="载入演示目录、2000 家演示企业、聊城各服务大厅和 demo/demo1234 账号")
    parser.add_argument("--demo-enterprises", type=int, default=None, metavar="N",
                        help="与 --demo 同用：演示企业的数量（默认 2000）")
    parser.add_argument("--demo-seed", type=int, default=None, metavar="S", help="与 --demo 同用：演示数据的种子（默认 1）")
    parser.add_argument("--token-hours", type=float, default=None, help="令牌有效期（小时，默认 8）")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    parser.add_argument("--json", action="store_true", default=False, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    admin = sub.add_parser("admin", parents=[common], help="管理中心数据")
    cmds = admin.add_subparsers(dest="admin_command", required=True)

    p = cmds.add_parser("add-hall", parents=[common], help="新增或更名服务大厅")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--region", default=None, help="行政区划代码（默认取大厅编码的前 6 位）")

    p = cmds.add_parser("add-clerk", parents=[common], help="新增窗口人员")
    p.add_argument("username")
    p.add_argument("--hall", required=True)
    p.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码（一行）")
    p.add_argument("--display-name", default=None)
    p.add_argument("--window", default=None)
    p.add_argument("--role", default="clerk", choices=["clerk", "supervisor", "admin"])

    p = cmds.add_parser("set-password", parents=[common], help="重设窗口人员的密码（并注销其令牌）")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", required=True)

    p = cmds.add_parser("import-catalogue", parents=[common], help="导入政策目录（全部或全不）")
    p.add_argument("file", type=Path)
    _limit_options(p, "最多读取的 YAML 节点数")

    p = cmds.add_parser("import-enterprises", parents=[common], help="导入企业（.csv/.xlsx/.json，全部或全不）")
    p.add_argument("file", type=Path)
    _limit_options(p, "最多读取的行数（JSON：企业对象数）")

    cmds.add_parser("applications", parents=[common], help="中心端的申请及其状态")

    p = cmds.add_parser("show", parents=[common], help="一件申请的详情（含两份资格判断过程、待核对项）")
    p.add_argument("app_id")
    p.add_argument("--hall", default=None, help="大厅编码：同一编号有多个大厅使用时指定")

    p = cmds.add_parser("review", parents=[common],
                        help="记录办理进度：review 审核 / correction 补正（须写 --reason）/ approve 审核通过 / "
                             "publicity 公示（--until 止）/ pay 拨付（--amount 元，默认中心复核金额）/ "
                             "refuse 不予支持（须写 --reason；reject 同义）")
    p.add_argument("app_id")
    p.add_argument("action", choices=["review", "correction", "approve", "publicity", "pay", "refuse", "reject"])
    p.add_argument("--reason", default=None)
    p.add_argument("--date", default=None, help="该步骤的日期 YYYY-MM-DD（默认今天；公示为开始日）")
    p.add_argument("--until", default=None, help="（publicity）公示期最后一天 YYYY-MM-DD")
    p.add_argument("--amount", default=None, help="（pay）拨付金额，单位元，如 6000.00")
    p.add_argument("--hall", default=None, help="大厅编码：同一编号有多个大厅使用时指定")

    p = cmds.add_parser("ratings", parents=[common], help="好差评：各大厅的评价及差评整改（期限、是否逾期、整改情况）")
    p.add_argument("--hall", default=None, help="只列出这个大厅的")
    p.add_argument("--followups", action="store_true", help="只列出差评（整改）")
    p.add_argument("--open", action="store_true", help="只列出尚未办结的整改")

    p = cmds.add_parser("reach", parents=[common], help="政策找企业：某事项在全市（或其区县）惠及哪些企业")
    p.add_argument("item_id")
    p.add_argument("--as-of", type=_date, default=None, help="按哪天判断（YYYY-MM-DD，默认今天）")
    p.add_argument("--limit", type=int, default=50, help="列出多少家（0 到 5000，默认 50）")
    p.add_argument("--after", type=int, default=0, help="从上一页最后一家的序号之后列起")

    p = cmds.add_parser("sweep", parents=[common], help="免申即享：全部在效的免申即享事项及其惠及的企业")
    p.add_argument("--as-of", type=_date, default=None, help="按哪天判断（YYYY-MM-DD，默认今天）")
    p.add_argument("--out", type=Path, default=None, help="把每家企业写入 CSV 文件（事项、统一社会信用代码、名称、区划）")

    p = cmds.add_parser("revoke-tokens", parents=[common], help="注销某用户的全部令牌")
    p.add_argument("username")

    # Devices belong to halls: only these commands change a binding (devices.py).
    p = cmds.add_parser("device", parents=[common], help="窗口设备：列出、查看、改绑、吊销")
    dev = p.add_subparsers(dest="device_command", required=True)
    dev.add_parser("list", parents=[common], help="全部设备及其大厅、窗口和证书")
    p = dev.add_parser("show", parents=[common], help="一台设备的详情")
    p.add_argument("key_id")
    p = dev.add_parser("rebind", parents=[common], help="把设备改绑到另一个大厅或窗口（原证书即时截止）")
    p.add_argument("key_id")
    p.add_argument("--hall", required=True)
    p.add_argument("--window", default=None)
    p.add_argument("--label", default=None)
    p = dev.add_parser("revoke", parents=[common], help="吊销设备：此后不能登录，之后签发的回执核验不通过")
    p.add_argument("key_id")
    p.add_argument("--reason", default=None)

    # For load tests and benchmarks: more of the deterministic demo enterprises, written
    # through the same bulk path as import-enterprises.
    p = cmds.add_parser("add-demo-enterprises", parents=[common], help="写入演示企业（压力测试用，可重复运行）")
    p.add_argument("count", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--start", type=int, default=0, help="从第几家演示企业起（默认 0）")
    p.add_argument("--changed", action="store_true",
                   help="写入这些演示企业的登记变更：每家 1 至 3 项事实或字段改变（压力测试企业变更下载用；起点、数量与写入时相同）")
    p = cmds.add_parser("demo-licence-code", parents=[common],
                        help="演示用电子营业执照码（--demo 或 KUAIXIANG_SERVER_LICENCE_RESOLVER=demo 时可核验）")
    p.add_argument("credit_code")

    from .cli_deploy import add_parsers

    add_parsers(cmds, common)
    cmds.add_parser("build-snapshot", parents=[common], help="生成企业库和政策目录的快照（新窗口端据此初始化）")
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，实际是「{value}」") from None


def _limit_options(p: argparse.ArgumentParser, rows: str) -> None:
    from kuaixiang_core.untrusted.files import DEFAULT_MAX_MB, DEFAULT_MAX_ROWS, ENV_MAX_MB, ENV_MAX_ROWS

    p.add_argument("--max-rows", type=int, metavar="N",
                   help=f"{rows}，超过即拒绝导入（默认 {DEFAULT_MAX_ROWS}，或环境变量 {ENV_MAX_ROWS}）")
    p.add_argument("--max-mb", type=float, metavar="MB", help=f"文件大小上限，.xlsx 按解压后计，超过即拒绝导入"
                   f"（默认 {DEFAULT_MAX_MB} MB，或环境变量 {ENV_MAX_MB}）")


def _file_limits(args):
    from kuaixiang_core.untrusted.files import FileLimits, LimitSettingError

    try:
        return FileLimits.resolve(max_rows=args.max_rows, max_mb=args.max_mb)
    except LimitSettingError as exc:
        raise CliError(str(exc)) from None


def _read_password(args) -> str:
    if sys.stdin.isatty():
        return getpass.getpass("密码：")
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise CliError("标准输入中没有密码")
    return password


def _open(args):
    from .db import DatabaseError, open_database

    try:
        settings = Settings.from_env(args.db, getattr(args, "token_hours", None))
        return settings, open_database(settings.db_url, key=settings.key)
    except (ConfigError, DatabaseError) as exc:
        raise CliError(str(exc), EXIT_ENV) from None


def _out(args, data, text: str | Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(printable_lines(text() if callable(text) else text))


def _serve(args) -> int:
    import uvicorn

    from .app import create_app
    from .db import DatabaseError

    settings, db = _open(args)
    try:
        if args.demo:
            from .demo import seed_demo

            kwargs = {k: v for k, v in (("enterprises", args.demo_enterprises), ("seed", args.demo_seed)) if v is not None}
            result = seed_demo(db, **kwargs)
            ent = result["enterprises"]
            print(f"演示数据：企业 新增 {ent['inserted']} / 更新 {ent['updated']} / 未变 {ent['unchanged']}；"
                  f"账号 demo / demo1234（大厅 371502-01，窗口 01）", file=sys.stderr, flush=True)
        try:
            from .licences import DemoResolver

            # --demo: 电子营业执照 codes of its own (admin demo-licence-code) stand in for the issuer's.
            app = create_app(settings, db, licence_resolver=DemoResolver(settings.key) if args.demo else None)
        except (ConfigError, DatabaseError) as exc:
            raise CliError(str(exc), EXIT_ENV) from None
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False)
    finally:
        db.close()
    return EXIT_OK


def _admin(args) -> int:
    # Imports per command: a command-line tool should start fast.
    from . import auth
    from .models import Clerk

    cmd = args.admin_command
    if cmd == "anchors":  # needs the key only, not the database
        from .cli_deploy import DeployError, anchors

        try:
            return anchors(args, _out)
        except DeployError as exc:
            raise CliError(exc.message, exc.code) from None
    password = _read_password(args) if cmd in ("add-clerk", "set-password") else None
    settings, db = _open(args)
    try:
        if cmd == "add-hall":
            from kuaixiang_core.reference import region_name_map

            region = args.region or (args.code[:6] if args.code[:6] in region_name_map() else None)
            with db.write() as s:
                auth.add_hall(s, args.code, args.name, region)
            _out(args, {"code": args.code, "name": args.name, "region_code": region}, f"服务大厅 {args.code} {args.name}")
        elif cmd == "add-clerk":
            try:
                with db.write() as s:
                    clerk = auth.add_clerk(s, args.username, password, args.hall, display_name=args.display_name,
                                           window=args.window, role=args.role)
                    data = {"username": clerk.username, "hall_code": clerk.hall_code, "window": clerk.window,
                            "role": clerk.role}
            except (ValueError, LookupError) as exc:
                raise CliError(str(exc)) from None
            _out(args, data, f"窗口人员 {data['username']}（大厅 {data['hall_code']}）")
        elif cmd == "set-password":
            from sqlalchemy import select

            try:
                auth.check_new_password(password)
            except ValueError as exc:
                raise CliError(str(exc)) from None
            with db.write() as s:
                clerk = s.scalars(select(Clerk).where(Clerk.username == args.username)).one_or_none()
                if clerk is None:
                    raise CliError(f"没有用户「{args.username}」")
                clerk.password_hash = auth.hash_password(password)
            revoked = auth.revoke_tokens(db, args.username)
            _out(args, {"username": args.username, "revoked": revoked}, f"已重设 {args.username} 的密码，注销令牌 {revoked} 个")
        elif cmd == "import-catalogue":
            from kuaixiang_core.catalogue_files import CatalogueFileRejected

            from . import catalogue

            limits = _file_limits(args)
            try:
                with db.write() as s:
                    result = catalogue.import_catalogue(s, args.file, limits)
            except CatalogueFileRejected as exc:
                message = f"{exc.file}：{len(exc.problems)} 处错误，未导入任何数据"
                raise CliError("\n".join([message, *exc.lines()]), detail={
                    "error": "catalogue_rejected", "file": exc.file, "message": message, "errors": exc.errors_json()}) from None
            r = result.to_json()
            _out(args, r, f"政策文件 {r['documents']} 件；事项 新增 {r['items_new']}、新版本 {r['items_changed']}、"
                          f"未变 {r['items_unchanged']}；新声明事实 {r['facts_declared']} 项")
        elif cmd == "import-enterprises":
            from kuaixiang_core.enterprise_files import ImportRejected, read_file

            from . import enterprises
            from .catalogue import declared_facts

            limits = _file_limits(args)
            with db.read() as s:
                definitions = declared_facts(s)
            try:
                records = read_file(args.file, definitions, limits=limits)
            except ImportRejected as exc:
                raise CliError(str(exc), detail=exc.to_json()) from None
            with db.write() as s:
                counts = enterprises.upsert_enterprises(s, records, source=args.file.name)
            c = counts.to_json()
            _out(args, {"file": str(args.file), "rows": len(records), **c},
                 f"{args.file.name}：{len(records)} 行；新增 {c['inserted']}、更新 {c['updated']}、未变 {c['unchanged']}")
        elif cmd == "applications":
            from . import applications

            rows = applications.list_applications(db)
            _out(args, rows, lambda: _table(rows))
        elif cmd == "show":
            from . import applications

            try:
                data = applications.show(db, settings.key, args.app_id, args.hall)
            except LookupError as exc:
                raise CliError(str(exc)) from None
            _out(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
        elif cmd == "review":
            from . import applications

            on, until, amount = _review_fields(args)
            try:
                state = applications.review(db, args.app_id, args.action, args.reason, hall=args.hall, on=on,
                                            until=until, amount_fen=amount)
            except LookupError as exc:
                raise CliError(str(exc)) from None
            except applications.ReviewError as exc:
                raise CliError(str(exc)) from None
            _out(args, state, f"申请 {state['id']}：{state['status_name']}")
        elif cmd == "ratings":
            from . import ratings

            rows = ratings.list_ratings(db, hall=args.hall, followups=args.followups, open_only=args.open)
            _out(args, rows, lambda: _ratings_table(rows))
        elif cmd == "add-demo-enterprises":
            from kuaixiang_core.demo.enterprises import CHUNK, generate_chunk

            from .enterprises import upsert_enterprises

            if not 1 <= args.count <= 10_000_000 or args.start < 0:
                raise CliError(f"数量应在 1 到 10000000 之间、起点不小于 0，实际是 {args.count}、{args.start}")

            def records():
                from kuaixiang_core.demo.changes import changed_record
                from kuaixiang_core.domain.clock import today

                day = today()
                for at in range(args.start, args.start + args.count, CHUNK):
                    take = min(CHUNK, args.start + args.count - at)
                    for d in generate_chunk(args.seed, at, take):
                        yield changed_record(d.record, args.seed, day) if args.changed else d.record

            with db.write() as s:
                counts = upsert_enterprises(s, records(), source="demo")
            c = counts.to_json()
            _out(args, c, f"演示企业：新增 {c['inserted']}、更新 {c['updated']}、未变 {c['unchanged']}")
        elif cmd == "demo-licence-code":
            from sqlalchemy import select

            from .licences import DemoResolver
            from .models import Enterprise

            with db.read() as s:
                known = s.scalars(select(Enterprise.name).where(Enterprise.credit_code == args.credit_code)).one_or_none()
            if known is None:
                raise CliError(f"中心端没有统一社会信用代码为 {args.credit_code} 的企业", EXIT_NO)
            code = DemoResolver(settings.key).code_for(args.credit_code)
            _out(args, {"credit_code": args.credit_code, "name": known, "code": code}, code)
        elif cmd == "build-snapshot":
            from .snapshots import Snapshots, SnapshotSettings, SnapshotTooLarge

            try:
                manifest = Snapshots(db, SnapshotSettings.from_env(settings.data_dir), settings.signing_key).build()
            except SnapshotTooLarge as exc:
                raise CliError(str(exc)) from None
            data = {"id": manifest.id, "size": manifest.size, "enterprises": manifest.enterprises,
                    "chunks": len(manifest.chunks)}
            _out(args, data, f"快照 {manifest.id[:12]}：{manifest.enterprises} 家企业，{manifest.size} 字节")
        elif cmd == "device":
            _device(args, db)
        elif cmd in ("provision", "update"):
            from .cli_deploy import DeployError, run

            try:
                run(args, settings, db, _out)
            except DeployError as exc:
                raise CliError(exc.message, exc.code) from None
        elif cmd in ("reach", "sweep"):
            _outreach(args, db)
        elif cmd == "revoke-tokens":
            try:
                count = auth.revoke_tokens(db, args.username)
            except LookupError as exc:
                raise CliError(str(exc)) from None
            _out(args, {"username": args.username, "revoked": count}, f"已注销 {args.username} 的令牌 {count} 个")
    finally:
        db.close()
    return EXIT_OK


def _outreach(args, db) -> None:
    from . import outreach

    if args.admin_command == "reach":
        try:
            page = outreach.reach(db, args.item_id, args.as_of, limit=args.limit, after=args.after)
        except (outreach.ItemNotFound, ValueError) as exc:
            raise CliError(str(exc)) from None
        lines = [f"{page['item_id']} {page['title']}（{page['as_of']}）：惠及 {page['total']} 家企业"
                 + ("" if page["in_force"] else "（当日不在有效期内）")]
        lines += [f"  {e['credit_code']}  {e['region_code']}  {e['name']}" for e in page["enterprises"]]
        _out(args, page, "\n".join(lines))
        return
    result = outreach.sweep(db, args.as_of)
    if args.out is not None:
        import csv

        try:
            with open(args.out, "w", newline="", encoding="utf-8-sig") as f:
                writer = csv.writer(f)
                writer.writerow(["item_id", "credit_code", "name", "region_code"])
                writer.writerows(outreach.sweep_rows(db, args.as_of))
        except OSError as exc:
            raise CliError(f"无法写入 {args.out}：{exc.strerror}", EXIT_ENV) from None
        result["out"] = str(args.out)
    lines = [f"免申即享（{result['as_of']}）：{len(result['items'])} 个事项，惠及 {result['enterprises']} 家次，"
             f"用时 {result['seconds']:.1f} 秒"]
    lines += [f"  {i['item_id']}  {i['total']:>8}  {i['title']}" + ("" if i["in_force"] else "（不在有效期内）")
              for i in result["items"]]
    _out(args, result, "\n".join(lines))


def _device(args, db) -> None:
    from . import devices

    sub = args.device_command
    try:
        if sub == "list":
            rows = devices.list_devices(db)
            _out(args, rows, lambda: "\n".join(_device_line(d) for d in rows) or "（没有登记的设备）")
            return
        if sub == "show":
            data = devices.show_device(db, args.key_id)
            _out(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
            return
        if sub == "rebind":
            data = devices.rebind(db, args.key_id, args.hall, args.window, args.label)
            verb = "已改绑" if data["changed"] else "绑定未变"
        else:
            data = devices.revoke(db, args.key_id, args.reason)
            verb = "已吊销" if data["changed"] else "早已吊销"
    except (LookupError, ValueError) as exc:
        raise CliError(str(exc)) from None
    _out(args, data, f"{verb}：{_device_line(data)}（注销令牌 {data['tokens_revoked']} 个）")


def _review_fields(args) -> tuple:
    import datetime as dt

    from kuaixiang_core.domain.money import MoneyError, to_fen

    def day(value: str | None, option: str):
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CliError(f"{option} 应为日期 YYYY-MM-DD，实际是 {value!r}") from None

    amount = None
    if args.amount is not None:
        try:
            amount = to_fen(args.amount)
        except MoneyError as exc:
            raise CliError(f"--amount 应为金额（元，最多两位小数）：{exc}") from None
    return day(args.date, "--date"), day(args.until, "--until"), amount


def _ratings_table(rows: list[dict]) -> str:
    if not rows:
        return "（没有评价）"
    lines = []
    for r in rows:
        p = {k: printable(r[k] or "-") for k in ("banjian_no", "hall_code", "window", "clerk", "level_name",
                                                 "rated_at", "comment")}
        line = f"{p['banjian_no']:<32}  {p['hall_code']}  窗口 {p['window']}  {p['clerk']}  {p['level_name']}  {p['rated_at']}"
        f = r["followup"]
        if f is not None:
            if f["closed_at"]:
                line += f"  整改已办结 {f['closed_at']}（{printable(f['closed_by'] or '-')}）：{printable(f['action'] or '')}"
            else:
                line += f"  整改期限 {f['deadline']}" + ("  ⚠ 已逾期" if f.get("overdue") else "")
        lines.append(line)
    return "\n".join(lines)


def _device_line(d: dict) -> str:
    state = f"已吊销 {d['revoked_at']}" if d["revoked_at"] else "有效"
    # The label is what a client sent: no terminal escape of it reaches the screen.
    label = printable(d["label"] or "-")
    return f"{d['key_id']}  {d['hall_code'] or '-'}  窗口 {d['window'] or '-'}  {label}  {state}"


_FLAG_NAMES = {"benefit_amount_fen": "金额", "window": "窗口", "verdict": "资格结论", "id": "编号他厅亦用"}


def _table(rows: list[dict]) -> str:
    if not rows:
        return "（中心端没有申请）"
    lines = []
    for r in rows:
        # Every value is a client's word: one line each, nothing a terminal would act on.
        p = {k: printable(r[k] or "-") for k in ("id", "status_name", "receipt_no", "credit_code", "item_id",
                                                 "hall_code", "client_verdict", "server_verdict")}
        verdicts = f"窗口 {p['client_verdict']} / 中心 {p['server_verdict']}"
        flags = "、".join(printable(_FLAG_NAMES.get(f["field"], f["field"])) for f in r["flags"])
        lines.append(
            f"{p['id']}  {p['status_name']:<5}  {p['receipt_no']:<28}  {p['credit_code']}  "
            f"{p['item_id']}  {p['hall_code']}  {verdicts}" + (f"  ⚠ 待核对：{flags}" if flags else "")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    try:
        if args.command == "admin":
            return _admin(args)
        return _serve(args)
    except CliError as exc:
        if args.json:
            print(json.dumps(exc.detail or {"error": exc.message}, ensure_ascii=False), file=sys.stderr)
        else:
            print(printable_lines(exc.message), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
