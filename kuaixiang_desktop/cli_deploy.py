"""``kuaixiang provision | update | diagnostics``: a new machine takes its hall's configuration,
checks for and stages updates, and exports what the help desk needs.

    kuaixiang provision import FILE [--fingerprint FP]   a .kxprov file, or a file holding the QR text
    kuaixiang provision show
    kuaixiang provision qr FILE --out QR.svg             the QR of a configuration, to print
    kuaixiang update check | update run                  needs an online log-in
    kuaixiang diagnostics --out FILE.zip
"""

from __future__ import annotations

from pathlib import Path

from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_NEGATIVE, Answer, CliError, open_db


def add_parsers(sub, add, parser_class) -> None:
    prov = sub.add_parser("provision", help="大厅配置（管理员生成，本机导入）").add_subparsers(
        dest="provision_command", parser_class=parser_class, required=True)
    p = add("import", cmd_provision_import, "导入大厅配置（签名核验通过才采用）", prov)
    p.add_argument("file")
    p.add_argument("--fingerprint", help="本发行版未内置信任锚时：管理员另行告知的签名指纹")
    add("show", cmd_provision_show, "本机的大厅配置", prov)
    p = add("qr", cmd_provision_qr, "把配置画成二维码（SVG），供打印后扫码导入", prov)
    p.add_argument("file")
    p.add_argument("--out", required=True)

    upd = sub.add_parser("update", help="客户端更新").add_subparsers(
        dest="update_command", parser_class=parser_class, required=True)
    add("check", cmd_update_check, "检查中心端是否有新版本（须已联网登录）", upd)
    add("run", cmd_update_run, "检查、下载并暂存新版本（下次启动时安装）", upd)

    p = add("diagnostics", cmd_diagnostics, "导出诊断信息（zip，不含个人信息和密钥）")
    p.add_argument("--out", required=True)


def _refused(exc) -> CliError:
    return CliError(EXIT_INPUT, exc.message, field=exc.field)


def cmd_provision_import(args) -> Answer:
    from .services import provisioning

    try:
        data = provisioning.read_file(Path(args.file))
    except provisioning.ProvisioningRefused as exc:
        raise _refused(exc) from None
    db = open_db(args, create=True)
    try:
        result = provisioning.import_config(db, data, fingerprint=args.fingerprint)
    except provisioning.ProvisioningRefused as exc:
        raise _refused(exc) from None
    finally:
        db.close()
    return Answer(result.to_json(), f"已导入大厅配置：{result.hall} 窗口 {result.window or '-'}，中心服务器 {result.server}"
                  + ("（已固定其证书）" if result.ca_file else "") + f"；签名指纹 {result.signer}。"
                  "现在可以登录：kuaixiang login --user 用户名 --password-stdin")


def cmd_provision_show(args) -> Answer:
    from .services import provisioning

    db = open_db(args)
    try:
        result = provisioning.provisioned(db)
    finally:
        db.close()
    if result is None:
        return Answer(None, "本机没有导入大厅配置", EXIT_NEGATIVE)
    return Answer(result.to_json(), f"{result.hall} 窗口 {result.window or '-'} → {result.server}（有效期至 {result.expires}）")


def cmd_provision_qr(args) -> Answer:
    from kuaixiang_core.domain import provisioning as domain

    from .printing.qr import qr_matrix

    try:
        text = Path(args.file).read_bytes()
        doc = domain.decode(text)
        qr = domain.to_qr(doc)
    except OSError as exc:
        raise CliError(EXIT_ENV, f"无法读取 {args.file}：{exc.strerror}") from None
    except domain.ProvisioningRefused as exc:
        raise _refused(exc) from None
    except ValueError as exc:
        raise CliError(EXIT_INPUT, str(exc)) from None
    matrix = qr_matrix(qr, "M")
    n = len(matrix)
    cells = "".join(f'<rect x="{x + 4}" y="{y + 4}" width="1" height="1"/>'
                    for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n + 8} {n + 8}" width="{(n + 8) // 2}mm" '
           f'height="{(n + 8) // 2}mm" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/>'
           f'<g fill="#000">{cells}</g></svg>\n')
    try:
        Path(args.out).write_text(svg, encoding="ascii")
    except OSError as exc:
        raise CliError(EXIT_ENV, f"无法写入 {args.out}：{exc.strerror}") from None
    return Answer({"out": args.out, "chars": len(qr), "version": (n - 17) // 4},
                  f"二维码已写入 {args.out}（{len(qr)} 字符，版本 {(n - 17) // 4}，每格 0.5 mm 打印）")


def _update(args, run: bool) -> Answer:
    from .services import updates

    db = open_db(args)
    try:
        result = updates.run_update(db) if run else updates.check(db)
    except updates.UpdateError as exc:
        code = EXIT_ENV if exc.code in ("network", "offline", "untrusted", "disk", "cut") else EXIT_NEGATIVE
        raise CliError(code, exc.message, reason=exc.code) from None
    finally:
        db.close()
    return Answer(result.to_json(), result.message)


def cmd_update_check(args) -> Answer:
    return _update(args, run=False)


def cmd_update_run(args) -> Answer:
    return _update(args, run=True)


def cmd_diagnostics(args) -> Answer:
    from .services import diagnostics

    db = open_db(args)
    try:
        result = diagnostics.export(db, Path(args.out))
    finally:
        db.close()
    return Answer(result.to_json(), f"诊断信息已写入 {result.path}（{len(result.files)} 个文件，隐去 {result.scrubbed} 处）")
