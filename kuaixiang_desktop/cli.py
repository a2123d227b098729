"""The ``kuaixiang`` command: headless access to the client (contract in DESIGN §7).

Exit codes: 0 ok, 1 a negative answer (invalid code, not found), 2 bad input or usage,
3 environment (database, network). With ``--json`` the answer is JSON on stdout and an error
is one JSON object on stderr.

Text answers carry data from files and other halls (names, receipt numbers, reasons): they
reach the terminal through ``untrusted.terminal``, control characters escaped; a value that
fills one column of a line goes through ``_p`` so that its newlines cannot fake a line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kuaixiang_core.domain.rules.benefit_kinds import amount_phrase
from kuaixiang_core.domain.rules.evidence import bring_text
from kuaixiang_core.domain.vocabulary import GROUP_NAMES, INELIGIBLE, MODE_NAMES, SIZE_CLASS_NAMES
from kuaixiang_core.untrusted.terminal import printable as _p
from kuaixiang_core.untrusted.terminal import printable_lines

from . import __version__, process
from .cli_applications import (
    cmd_application_list,
    cmd_application_move,
    cmd_application_receive,
    cmd_application_show,
    cmd_apply,
    cmd_audit_verify,
    cmd_authorisation,
    cmd_receipt,
)
from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_NEGATIVE, EXIT_OK, Answer, CliError, credit_code
from .cli_common import open_db as _open_db
from .cli_ratings import add_commands as add_rating_commands
from .cli_rules import add_commands as add_rules_commands
from .paths import write_private

# --- commands --------------------------------------------------------------------------


def cmd_init(args) -> Answer:
    from .services.attachments import seal_plain_files
    from .services.secrets import SecretStoreUnavailable
    from .store.database import current_revision

    db = _open_db(args, create=True)
    try:
        rev = current_revision(db.engine)
        try:
            sealed = seal_plain_files()  # scans an earlier version stored in plain
        except SecretStoreUnavailable as exc:
            raise CliError(EXIT_ENV, str(exc)) from None
        text = f"数据库已就绪：{db.path}（结构版本 {rev}）"
        if sealed:
            text += f"；已加密早先以明文保存的材料文件 {sealed} 个"
        return Answer({"db": str(db.path), "schema": rev, "attachments_sealed": sealed}, text)
    finally:
        db.close()


def cmd_demo(args) -> Answer:
    from .demo.loader import WINDOW_DEMO_ENTERPRISES, WINDOW_DEMO_SEED, load_demo, load_demo_catalogue

    # With --demo the window's demo database gets the window's demo world (its demo server holds
    # the same enterprises), unless told otherwise.
    if args.enterprises is None:
        args.enterprises = WINDOW_DEMO_ENTERPRISES if args.demo else 2000
    if args.seed is None:
        args.seed = WINDOW_DEMO_SEED if args.demo else 0
    if args.enterprises < 0:
        raise CliError(EXIT_INPUT, "--enterprises 不能为负数")
    db = _open_db(args, create=True)
    try:
        result = load_demo(db, enterprises=args.enterprises, seed=args.seed)
        catalogue = load_demo_catalogue(db, full=args.full_catalogue, seed=args.seed)
    finally:
        db.close()
    payload = {
        "db": str(db.path),
        "enterprises": result.enterprises,
        "seconds": round(result.seconds, 3),
        "rows_per_second": round(result.rows_per_second, 1),
        "catalogue": {
            "documents": catalogue.documents, "items": catalogue.items, "auto": catalogue.auto,
            "online": catalogue.online, "window": catalogue.items - catalogue.auto - catalogue.online,
        },
    }
    return Answer(
        payload,
        f"已载入 {result.enterprises} 家演示企业，用时 {result.seconds:.1f} 秒；政策目录 {catalogue.documents} 个文件、"
        f"{catalogue.items} 个事项（免申即享 {catalogue.auto}，网上申请 {catalogue.online}）（{db.path}）",
    )


def cmd_code_check(args) -> Answer:
    from kuaixiang_core.domain.codes import check_code

    result = check_code(args.value)
    payload = result.to_json()
    if result.valid:
        kind = {"uscc": "统一社会信用代码", "resident_id": "居民身份证号码"}[result.kind]
        text = f"有效的{kind}：{result.normalized}"
    else:
        text = f"无效：{result.error}"
    return Answer(payload, text, EXIT_OK if result.valid else EXIT_NEGATIVE)


def cmd_enterprise_search(args) -> Answer:
    from .services.lookup import lookup

    if args.limit <= 0:
        raise CliError(EXIT_INPUT, "--limit 必须是正整数")
    db = _open_db(args)
    try:
        result = lookup(db, args.query, args.limit)
    finally:
        db.close()
    hits = [h.to_json() for h in result.hits]
    if result.kind == "licence_link":
        raise CliError(EXIT_INPUT, result.message or "营业执照二维码链接不含统一社会信用代码")
    lines = [f"{h.credit_code}  {_p(h.name)}  {h.region_name or h.region_code}  "
             f"{SIZE_CLASS_NAMES.get(h.size_class or '', '-')}" for h in result.hits]
    if result.message:
        lines.insert(0, f"注意：{result.message}")
    if not hits:  # DESIGN §7: finding nothing is a negative answer
        lines.append(f"没有找到与「{_p(args.query)}」匹配的企业")
    return Answer(hits, "\n".join(lines), EXIT_OK if hits else EXIT_NEGATIVE)


def _shown(key: str, value):
    """A record's value as a person reads it: 小型 rather than small, a stored time on the hall's clock."""
    if key == "size_class":
        return SIZE_CLASS_NAMES.get(value, value)
    if key == "updated_at" and isinstance(value, str):
        from kuaixiang_core.domain.clock import shanghai_time

        try:
            return f"{shanghai_time(dt.datetime.fromisoformat(value)):%Y-%m-%d %H:%M:%S}"
        except ValueError:
            return value
    return value


def cmd_enterprise_show(args) -> Answer:

    from .services.lookup import enterprise_detail

    uscc = credit_code(args)
    db = _open_db(args)
    try:
        detail = enterprise_detail(db, uscc)
    finally:
        db.close()
    if detail is None:
        raise CliError(EXIT_NEGATIVE, f"本地库中没有统一社会信用代码为 {uscc} 的企业")
    record = detail.to_json()
    text = "\n".join(f"{k}: {_p(_shown(k, v))}" for k, v in record.items() if k not in ("tags", "facts"))
    text += "\n资质: " + ("、".join(_p(t.tag) + ("" if t.valid_today else "（已过期）") for t in detail.tags) or "无")
    return Answer(record, text)


def _file_limits(args):
    from kuaixiang_core.untrusted.files import FileLimits, LimitSettingError

    try:
        return FileLimits.resolve(max_rows=args.max_rows, max_mb=args.max_mb)
    except LimitSettingError as exc:
        raise CliError(EXIT_INPUT, str(exc), field="--max-rows/--max-mb") from None


def cmd_enterprise_import(args) -> Answer:
    from kuaixiang_core.enterprise_files import ImportRejected

    from .services.enterprise_import import import_file

    limits = _file_limits(args)
    db = _open_db(args, create=True)
    try:
        report = import_file(db, Path(args.file), limits=limits)
    except ImportRejected as exc:
        raise CliError(
            EXIT_INPUT,
            f"导入被拒绝，数据库未做任何改动：{len(exc.errors)} 处错误",
            errors=[e.to_json() for e in exc.errors],
            lines=[str(e) for e in exc.errors],
        ) from exc
    finally:
        db.close()
    text = f"已导入 {report.rows} 行：新增 {report.inserted} 家，更新 {report.updated} 家"
    return Answer(report.to_json(), "\n".join([text, *(f"注意：{w}" for w in report.warnings)]))


def _decimal(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CliError(EXIT_INPUT, f"{option} 不是数字：{value!r}", field=option) from None
    if not number.is_finite() or number < 0:
        raise CliError(EXIT_INPUT, f"{option} 必须是非负数：{value!r}", field=option)
    return number


def cmd_size_class(args) -> Answer:
    from kuaixiang_core.domain.size_class import classify, industry_group

    if args.employees is not None and args.employees < 0:
        raise CliError(EXIT_INPUT, "--employees 必须是非负整数", field="--employees")
    if industry_group(args.industry) is None:
        raise CliError(EXIT_INPUT, f"未知或过粗的行业代码：{args.industry}（请给出 GB/T 4754-2017 大类或更细的代码）", field="--industry")
    result = classify(args.industry, args.employees, _decimal(args.revenue, "--revenue"), _decimal(args.assets, "--assets"))
    names = {**SIZE_CLASS_NAMES, None: "无法判定（缺少所需指标或行业不适用）"}
    return Answer(result.to_json(), f"{names[result.size_class]}（{result.industry_group}）")


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(EXIT_INPUT, f"--as-of 应为日期 YYYY-MM-DD：{value!r}", field="--as-of") from None


def cmd_policy_import(args) -> Answer:
    from kuaixiang_core.catalogue_files import CatalogueFileRejected

    from .services.policies import import_catalogue

    limits = _file_limits(args)
    db = _open_db(args, create=True)
    try:
        result = import_catalogue(db, Path(args.file), limits)
    except CatalogueFileRejected as exc:
        raise CliError(
            EXIT_INPUT, f"导入被拒绝，政策目录未做任何改动：{len(exc.problems)} 处错误", file=exc.file,
            errors=exc.errors_json(), lines=exc.lines(),
        ) from exc
    finally:
        db.close()
    r = result
    return Answer(
        r.to_json(),
        f"已导入 {r.documents} 个政策文件：新增事项 {r.items_new} 个，更新（新版本）{r.items_changed} 个，"
        f"未变 {r.items_unchanged} 个；新声明事实 {r.facts_declared} 个",
    )


_MODE_NAMES = MODE_NAMES


def cmd_policy_list(args) -> Answer:
    from .services.policies import compiled_catalogue, item_view

    if args.mode and args.mode not in _MODE_NAMES:
        raise CliError(EXIT_INPUT, f"--mode 应为 {' / '.join(_MODE_NAMES)}", field="--mode")
    db = _open_db(args)
    try:
        cat = compiled_catalogue(db)
    finally:
        db.close()
    items = [
        v for v in (item_view(cat, i) for i in cat.items)
        if (not args.mode or v.mode == args.mode) and (not args.region or v.document.reaches(args.region))
    ]
    lines = [f"{_p(v.item_id)}  [{_MODE_NAMES[v.mode]}]  {_p(v.title)}  （{_p(v.department)}）" for v in items]
    return Answer([v.to_json() for v in items], "\n".join(lines) + f"\n共 {len(items)} 项")


def cmd_policy_show(args) -> Answer:
    from .services.policies import compiled_catalogue, item_detail_view

    db = _open_db(args)
    try:
        cat = compiled_catalogue(db)
    finally:
        db.close()
    item = cat.by_id.get(args.item_id)
    if item is None:
        raise CliError(EXIT_NEGATIVE, f"没有编号为 {args.item_id} 的政策事项")
    v = item_detail_view(cat, item)
    text = "\n".join(
        [f"{_p(v.title)}（{_p(v.item_id)}，{_MODE_NAMES[v.mode]}）", f"文件：{_p(v.document.doc_no or '')} {_p(v.document.title)}"]
        + [f"  条件：{_p(c.text)}  〔{_p(c.clause or '')}〕" for c in v.conditions]
        + [f"  材料：{_p(m.name)}{'' if m.required else '（可选）'}" for m in v.materials]
    )
    return Answer(v.to_json(), text)


def cmd_match(args) -> Answer:
    from kuaixiang_core.domain.rules.verification import likelihood

    from .services.matching import EnterpriseNotFound, match_enterprise

    uscc = credit_code(args)
    db = _open_db(args)
    try:
        result = match_enterprise(db, uscc, _as_of(args.as_of), include_all=args.all)
    except EnterpriseNotFound:
        raise CliError(EXIT_NEGATIVE, f"本地库中没有统一社会信用代码为 {uscc} 的企业") from None
    finally:
        db.close()
    lines = [f"{result.credit_code}  截至 {result.as_of.isoformat()}：在效事项 {result.items_in_force} 项"]
    for it in result.items:
        # As the panel folds them: 需核实 items that nothing known speaks for are counted
        # below, listed only with --all.
        if it.group == "unknown" and not args.all and likelihood(it).folded:
            continue
        amount = it.benefit.amount
        lines.append(f"[{GROUP_NAMES.get(it.group, INELIGIBLE)}] {_p(it.title)}（{_p(it.item_id)}）"
                     + (f"  {amount_phrase(it.benefit.kind, str(amount))}" if amount is not None else ""))
        if it.bring:
            lines.append(f"    {_p(bring_text(it.bring))}")
        for c in it.missing:
            lines.append(f"    差：{_p(c.text)}（现为 {_p(c.actual_text)}）")
        for c in it.caps:  # caps and claim limits: what the enterprise has already claimed
            lines.append(f"    上限：{_p(c.text)}（{_p(c.actual_text)}）")
        if it.caps and it.benefit.text:
            lines.append(f"    {_p(it.benefit.text)}")
    if result.folded:
        lines.append(f"另有 {result.folded} 项需核实事项缺少全部关键信息"
                     + ("（已列在上面）" if args.all else "，未列出（--all 列出）"))
    eligible = sum(1 for it in result.items if it.verdict == "eligible")
    return Answer(result.to_json(), "\n".join(lines), EXIT_OK if eligible else EXIT_NEGATIVE)


def cmd_reach(args) -> Answer:
    from .services.reach import ItemNotFound, reach

    if args.limit <= 0:
        raise CliError(EXIT_INPUT, "--limit 必须是正整数")
    db = _open_db(args)
    try:
        page = reach(db, args.item_id, _as_of(args.as_of), args.limit)
    except ItemNotFound:
        raise CliError(EXIT_NEGATIVE, f"没有编号为 {args.item_id} 的政策事项") from None
    finally:
        db.close()
    out_of_force = "" if page.in_force else "（该事项在此日期不在有效期内）"
    lines = [f"{page.title}：符合条件的企业 {page.total} 家{out_of_force}"]
    lines += [f"  {e.credit_code}  {_p(e.name)}" for e in page.enterprises]
    return Answer(page.to_json(), "\n".join(lines), EXIT_OK if page.total else EXIT_NEGATIVE)


def cmd_rules_test(args) -> Answer:
    from .services.golden import run_path

    run = run_path(Path(args.path))
    lines = [f"FAILED {f.file}::{f.item_id}::{f.test} - {f.message}" for f in run.failures]
    lines.append(run.summary)
    code = EXIT_OK if run.failed == 0 and not run.errors else EXIT_NEGATIVE
    if run.errors:
        lines = [*run.errors, *lines]
        code = EXIT_INPUT
    return Answer(run.to_json(), "\n".join(lines), code)


def cmd_login(args) -> Answer:
    from .cli_trust import transport
    from .services import auth
    from .services.secrets import SecretStoreUnavailable

    if not args.password_stdin:
        raise CliError(EXIT_INPUT, "请用 --password-stdin 从标准输入提供密码（不要写在命令行上）", field="--password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CliError(EXIT_INPUT, "标准输入中没有密码", field="--password-stdin")
    security = transport(args)
    db = _open_db(args, create=True)
    server = args.server
    if not server:
        from .services.provisioning import provisioned
        from .sync.client import TransportSecurity

        config = provisioned(db)
        if config is None:
            db.close()
            raise CliError(EXIT_INPUT, "请用 --server 指定中心服务器，或先导入大厅配置（kuaixiang provision import）",
                           field="--server")
        server = config.server
        security = security or TransportSecurity(False, config.ca_file)
    try:
        info = auth.login(db, args.user, password, server, security=security)
    except auth.ConfigError as exc:
        raise CliError(EXIT_INPUT, exc.message, field="--server") from None
    except (auth.WrongPassword, auth.AccountLocked, auth.OfflineUnavailable) as exc:
        raise CliError(EXIT_NEGATIVE, exc.message) from None
    except (auth.ServerUnreachable, auth.ServerRateLimited, auth.ServerUntrusted) as exc:
        raise CliError(EXIT_ENV, exc.message) from None
    except auth.LoginError as exc:
        raise CliError(EXIT_NEGATIVE, exc.message) from None
    except SecretStoreUnavailable as exc:
        raise CliError(EXIT_ENV, str(exc)) from None
    finally:
        db.close()
    how = "联网登录" if info.mode == "online" else "离线登录（中心服务器不可达，未取得令牌）"
    return Answer(info.to_json(), f"{how}：{info.display_name}（{info.username}），{info.hall_name or info.hall_code} 窗口 {info.window or '-'}")


def cmd_logout(args) -> Answer:
    from .services import auth

    db = _open_db(args)
    try:
        result = auth.logout(db)
    finally:
        db.close()
    text = (f"已退出 {result.username}" if result.username else "当前没有登录") + (f"（{result.message}）" if result.message else "")
    return Answer({"username": result.username, "revoked_on_server": result.revoked_on_server, "message": result.message}, text)


def cmd_sync(args) -> Answer:
    from .cli_trust import transport
    from .services.secrets import SecretStoreUnavailable
    from .services.sync_service import SyncNotConfigured, sync
    from .sync.client import ConfigError

    security = transport(args)
    db = _open_db(args, create=True)
    try:
        report = sync(db, args.server, security=security)
    except (SyncNotConfigured, ConfigError) as exc:
        raise CliError(EXIT_INPUT, exc.message, field="--server") from None
    except SecretStoreUnavailable as exc:
        raise CliError(EXIT_ENV, str(exc)) from None
    finally:
        db.close()
    code = EXIT_OK if report.stopped is None else EXIT_NEGATIVE if report.stopped in ("auth", "forbidden") else EXIT_ENV
    return Answer(report.to_json(), report.summary(), code)


def cmd_bench(args) -> Answer:
    from .bench.runner import run

    if args.enterprises <= 0 or args.repeat <= 0:
        raise CliError(EXIT_INPUT, "--enterprises 与 --repeat 必须是正整数")
    if args.footprint:
        from .bench import footprint as benchmarks_footprint
        from .bench.runner import _ensure_db

        if not args.db:
            raise CliError(EXIT_INPUT, "--footprint 需要 --db：在已有的大数据库上测窗口的启动与内存")
        db, _load = _ensure_db(Path(args.db), args.enterprises, args.seed)
        try:
            benchmarks_footprint.ensure_full_catalogue(db, args.seed)
        finally:
            db.close()
        report = {"enterprises": args.enterprises, "metrics": benchmarks_footprint.run(Path(args.db), seed=args.seed)}
    elif args.gui:
        from .bench import gui as benchmarks_gui
        from .bench.runner import _ensure_db

        if not args.db:
            raise CliError(EXIT_INPUT, "--gui 需要 --db：在已有的大数据库上测窗口的响应")
        db, _load = _ensure_db(Path(args.db), args.enterprises, args.seed)
        db.close()
        report = {"enterprises": args.enterprises, "metrics": benchmarks_gui.run(Path(args.db), seed=args.seed)}
    else:
        report = run(Path(args.db) if args.db else None, args.enterprises, args.seed, args.repeat, rules=not args.search_only)
    if args.sync and not (args.gui or args.footprint):
        import shutil
        import tempfile

        from .bench import sync as benchmarks_sync

        workdir = Path(tempfile.mkdtemp(prefix="kx-bench-sync-"))
        try:
            report["metrics"] += benchmarks_sync.run(workdir=workdir, snapshot_enterprises=args.enterprises)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        write_private(args.out, json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
    lines = [
        f"{m['name']}: p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, 基线 p95 {m['baseline_p95_ms']} ms, ×{m['ratio']}"
        if "baseline_p95_ms" in m
        else f"{m['name']}: " + ", ".join(f"{k} {v}" for k, v in m.items() if k != "name")
        for m in report["metrics"]
    ]
    return Answer(report, "\n".join(lines))


# --- parser ----------------------------------------------------------------------------


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets --db/--json stand before or after the subcommand without one hiding the other.
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="数据库文件（默认：窗口 kuaixiang-desktop 所用的库，在用户数据目录）")
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="使用窗口演示库（kuaixiang-desktop --demo 所用的库）")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    return common


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors must exit 2 with our JSON shape when asked
        raise CliError(EXIT_INPUT, f"{self.prog}: {message}")


def _limit_options(p: argparse.ArgumentParser, rows: str = "最多读取的行数（JSON：企业对象数）") -> None:
    from kuaixiang_core.untrusted.files import DEFAULT_MAX_MB, DEFAULT_MAX_ROWS, ENV_MAX_MB, ENV_MAX_ROWS

    p.add_argument("--max-rows", type=int, metavar="N",
                   help=f"{rows}，超过即拒绝导入（默认 {DEFAULT_MAX_ROWS}，或环境变量 {ENV_MAX_ROWS}）")
    p.add_argument("--max-mb", type=float, metavar="MB", help=f"文件大小上限，.xlsx 按解压后计，超过即拒绝导入"
                   f"（默认 {DEFAULT_MAX_MB} MB，或环境变量 {ENV_MAX_MB}）")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="kuaixiang", description="政策快享 · 窗口端命令行", parents=[common])
    parser.add_argument("--version", action="version", version=f"kuaixiang {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, required=True)

    def add(name: str, func: Callable, help_text: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "创建或迁移数据库")
    demo = add("demo", cmd_demo, "载入演示数据")
    demo.add_argument("--enterprises", type=int, help="企业家数（默认 2000；--demo 时与窗口演示库相同）")
    demo.add_argument("--seed", type=int, help="随机种子（默认 0；--demo 时与窗口演示库相同）")
    demo.add_argument("--full-catalogue", action="store_true", help="生成政策文件与事项，补足平台公布的 1394 个文件、2728 个事项")

    code = sub.add_parser("code", help="代码校验").add_subparsers(dest="code_command", parser_class=_Parser, required=True)
    check = add("check", cmd_code_check, "校验统一社会信用代码或居民身份证号码", code)
    check.add_argument("value")

    ent = sub.add_parser("enterprise", help="企业").add_subparsers(dest="enterprise_command", parser_class=_Parser, required=True)
    search = add("search", cmd_enterprise_search, "查找企业", ent)
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    show = add("show", cmd_enterprise_show, "显示企业档案", ent)
    show.add_argument("credit_code")
    imp = add("import", cmd_enterprise_import, "导入企业（.csv/.xlsx/.json，全部成功或全不导入）", ent)
    imp.add_argument("file")
    _limit_options(imp)

    pol = sub.add_parser("policy", help="政策目录").add_subparsers(dest="policy_command", parser_class=_Parser, required=True)
    pimp = add("import", cmd_policy_import, "导入政策目录（.yaml/.json，全部成功或全不导入）", pol)
    pimp.add_argument("file")
    _limit_options(pimp, rows="最多读取的 YAML 节点数")
    plist = add("list", cmd_policy_list, "列出政策事项", pol)
    plist.add_argument("--mode", help="auto / online / window")
    plist.add_argument("--region", help="行政区划代码")
    pshow = add("show", cmd_policy_show, "显示政策事项", pol)
    pshow.add_argument("item_id")

    m = add("match", cmd_match, "智能匹配：企业可享受的政策")
    m.add_argument("credit_code")
    m.add_argument("--as-of")
    m.add_argument("--all", action="store_true", help="也列出不符合的事项")
    r = add("reach", cmd_reach, "政策找企业：符合条件的企业")
    r.add_argument("item_id")
    r.add_argument("--as-of")
    r.add_argument("--limit", type=int, default=50)
    rules = sub.add_parser("rules", help="规则").add_subparsers(dest="rules_command", parser_class=_Parser, required=True)
    rt = add("test", cmd_rules_test, "运行政策事项的黄金测试", rules)
    rt.add_argument("path")
    add_rules_commands(rules, add)

    ap = add("apply", cmd_apply, "代办：为企业提交申请")
    ap.add_argument("credit_code")
    ap.add_argument("item_id")
    ap.add_argument("--agent-name", required=True)
    ap.add_argument("--agent-id", required=True)
    ap.add_argument("--agent-phone", required=True)
    ap.add_argument("--material", action="append", help="名称=文件（文件可省略：已收纸质材料）")
    ap.add_argument("--no-deferred", action="store_true", help="即使事项允许容缺受理，也不容缺")
    ap.add_argument("--defer", action="append", metavar="NAME", help="容缺：允许受理后补交的材料（可多次）")
    apps = sub.add_parser("application", help="申请").add_subparsers(dest="application_command", parser_class=_Parser, required=True)
    alist = add("list", cmd_application_list, "列出申请", apps)
    alist.add_argument("--status")
    alist.add_argument("--due-within", type=int, metavar="N", help="容缺材料 N 个工作日内到期或已逾期的申请（按期限排序）")
    arecv = add("receive", cmd_application_receive, "容缺补交：收取受理后补交的材料", apps)
    arecv.add_argument("id", help="申请编号或回执编号")
    arecv.add_argument("material", help="材料名称")
    arecv.add_argument("--file", help="材料扫描件")
    ashow = add("show", cmd_application_show, "显示申请", apps)
    ashow.add_argument("id", help="申请编号或回执编号")
    ashow.add_argument("--reveal", action="store_true",
                       help="显示经办人完整证件号与手机号：须已登录，再次输入密码并写明原因（记入审计日志）")
    ashow.add_argument("--reason", help="（--reveal）查看原因，记入审计日志")
    ashow.add_argument("--password-stdin", action="store_true", help="（--reveal）从标准输入读取登录密码（一行）")
    amove = add("move", cmd_application_move, "变更申请状态（撤回等）", apps)
    amove.add_argument("id")
    amove.add_argument("status")
    amove.add_argument("--reason")
    au = add("authorisation", cmd_authorisation, "打印已填好的授权委托书（经办人不是法定代表人时）")
    au.add_argument("credit_code")
    au.add_argument("--agent-name", required=True)
    au.add_argument("--agent-id", required=True)
    au.add_argument("--agent-phone", required=True)
    au.add_argument("--item", help="委托的政策事项（省略：全部事项）")
    au.add_argument("--until", help="委托期限的结束日期 YYYY-MM-DD（默认一年）")
    au.add_argument("--out", required=True)
    rc = add("receipt", cmd_receipt, "打印受理回执 / 一次性告知单；receipt verify 核验二维码")
    rc.add_argument("id", help="申请编号或回执编号，或 verify")
    rc.add_argument("text", nargs="?", help="（verify）回执二维码的文本")
    rc.add_argument("--format", choices=("a4", "80mm"), default="a4")
    rc.add_argument("--out")
    rc.add_argument("--reprint", action="store_true", help="补打（回执上印有「补打」）")
    rc.add_argument("--notice", action="store_true", help="打印一次性告知单（材料不全时）")
    rc.add_argument("--progress", action="store_true", help="打印办理进度告知单（审核、公示、拨付等，以最近一次同步为准）")
    rc.add_argument("--pledge", action="store_true", help="打印容缺受理承诺书（A4，容缺受理时）")
    rc.add_argument("--offline", action="store_true",
                    help="（verify）只作离线核验，不查询中心端记录（默认：已联网登录时查询）")
    add_rating_commands(sub, add, _Parser)
    aud = sub.add_parser("audit", help="审计日志").add_subparsers(dest="audit_command", parser_class=_Parser, required=True)
    add("verify", cmd_audit_verify, "核验审计日志哈希链", aud)

    lg = add("login", cmd_login, "登录中心服务器（令牌存入系统密钥环；联网失败时离线登录）")
    lg.add_argument("--server", help="默认：导入的大厅配置中的地址（kuaixiang provision import）")
    lg.add_argument("--user", required=True)
    lg.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    add("logout", cmd_logout, "退出登录（注销服务器上的令牌，清除本机令牌）")
    sy = add("sync", cmd_sync, "与中心服务器同步一轮，打印计数")
    sy.add_argument("--server", help="默认：登录时的地址")
    for p in (lg, sy):
        p.add_argument("--allow-insecure-http", action="store_true",
                       help="允许以不加密的 http:// 连接本机以外的服务器（仅限可信内网测试；本机 127.0.0.1 不需要）")
        p.add_argument("--ca-cert", metavar="PEM",
                       help="只信任此证书文件：中心服务器自己的证书（钉住）或签发它的 CA（登录时记住，同步沿用）")

    from .cli_devices import add_parsers as add_device_parsers

    add_device_parsers(add, sub, _Parser)

    size = add("size-class", cmd_size_class, "企业划型（统计上大中小微型企业划分办法2017）")
    size.add_argument("--industry", required=True, help="GB/T 4754-2017 行业代码")
    size.add_argument("--employees", type=int)
    size.add_argument("--revenue", help="营业收入（万元）")
    size.add_argument("--assets", help="资产总额（万元）")

    from .cli_deploy import add_parsers

    add_parsers(sub, add, _Parser)

    bench = add("bench", cmd_bench, "性能测试")
    bench.add_argument("--enterprises", type=int, default=500_000)
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--out")
    bench.add_argument("--repeat", type=int, default=200)
    bench.add_argument("--search-only", action="store_true", help="只测查找与载入，不测匹配")
    bench.add_argument("--gui", action="store_true", help="只测窗口：查找、匹配、打印、同步时界面线程的最长卡顿（事件循环延迟探针）")
    bench.add_argument("--footprint", action="store_true",
                       help="只测窗口的启动时间与内存（不含演示服务器），与空白 Qt 窗口对比")
    bench.add_argument("--sync", action="store_true", help="另测同步：1000 个带 200 KB 附件的申请上传、100000 条企业变更下载、按快照初始化 --enterprises 家企业的新窗口端")
    return parser


def _emit_error(err: CliError, as_json: bool) -> int:
    if as_json:
        body = {"error": err.message, "exit_code": err.code, **err.details}
        print(json.dumps(body, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"错误：{printable_lines(err.message)}", file=sys.stderr)
        for line in err.details.get("lines", [])[:200]:
            print(f"  {_p(line)}", file=sys.stderr)
    return err.code


def _default(obj):
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    raise TypeError(type(obj).__name__)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json = "--json" in argv
    try:
        process.configure(gui=False)
        args = build_parser().parse_args(argv)
        args.db = getattr(args, "db", None)
        args.json = getattr(args, "json", False)
        args.demo = getattr(args, "demo", False)
        answer = args.func(args)
    except CliError as err:
        return _emit_error(err, as_json)
    except KeyboardInterrupt:
        return _emit_error(CliError(EXIT_ENV, "已中断"), as_json)
    except Exception as exc:  # a full disk, a read-only file: named, exit 3, no traceback
        from .cli_trust import environment_error

        err = environment_error(exc)
        if err is None:
            raise
        return _emit_error(err, as_json)
    if args.json:
        print(json.dumps(answer.payload, ensure_ascii=False, default=_default, indent=None))
    elif answer.text is not None:
        print(printable_lines(answer.text))
    return answer.code


if __name__ == "__main__":
    # Through the package's module, not __main__'s copy: cli_trust raises that module's CliError.
    from kuaixiang_desktop.cli import main as _main

    sys.exit(_main())
