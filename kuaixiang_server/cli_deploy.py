"""``kuaixiang-server admin provision | anchors | update``: what an administrator gives the
clerks' machines — a signed hall configuration (file and QR text), the trust anchors a
county's distribution ships, and signed client updates.

Errors are :class:`DeployError`, which ``cli`` turns into its own CliError (exit code kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from kuaixiang_core.domain import provisioning, update_manifest
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.device_trust import public_key_of, signer_id

MAX_DAYS = 366


def add_parsers(cmds, common: argparse.ArgumentParser) -> None:
    p = cmds.add_parser("provision", parents=[common], help="生成大厅配置（签名的文件和二维码文本），新客户端导入后无须输入地址")
    p.add_argument("--server", required=True, help="客户端连接的中心服务器地址（https://…）")
    p.add_argument("--hall", required=True, help="大厅编码")
    p.add_argument("--window", default=None, help="窗口号")
    p.add_argument("--label", default=None, help="设备名称（如「东昌府区大厅 3 号窗口」）")
    p.add_argument("--city", default=None, help="城市的行政区划代码（默认由大厅编码得出，如 371500）")
    p.add_argument("--ca-cert", type=Path, default=None, help="要固定信任的服务器证书或 CA 证书（PEM）")
    p.add_argument("--days", type=int, default=30, help=f"配置的有效天数（1–{MAX_DAYS}，默认 30）")
    p.add_argument("--out", type=Path, required=True, help="配置文件（.kxprov）")
    p.add_argument("--qr-out", type=Path, default=None, help="二维码文本写入此文件（kuaixiang provision qr 可转为图片）")

    p = cmds.add_parser("anchors", parents=[common], help="写出发行版内置的信任锚（本市及本服务器的签名公钥）")
    p.add_argument("--city", default="371500", help="城市的行政区划代码（默认 371500 聊城市）")
    p.add_argument("--city-name", default="聊城市")
    p.add_argument("--out", type=Path, required=True)

    p = cmds.add_parser("update", parents=[common], help="客户端更新：发布、列出、撤回")
    up = p.add_subparsers(dest="update_command", required=True)
    q = up.add_parser("publish", parents=[common], help="签名并发布一个客户端版本")
    q.add_argument("file", type=Path)
    q.add_argument("--version", required=True)
    q.add_argument("--platform", required=True, choices=update_manifest.PLATFORMS)
    q.add_argument("--minimum-version", default=None, help="可由此版本及以上直接升级（更老的须管理员重装）")
    q.add_argument("--notes", default="", help="更新说明（给窗口人员看）")
    q.add_argument("--url", default=None, help="文件放在镜像上时的地址（默认由本服务器提供）")
    up.add_parser("list", parents=[common], help="已发布的版本")
    q = up.add_parser("withdraw", parents=[common], help="撤回一个版本（客户端不再看到它）")
    q.add_argument("platform", choices=update_manifest.PLATFORMS)
    q.add_argument("version")


class DeployError(Exception):
    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.message = message
        self.code = code


def _error(message: str, code: int = 2) -> DeployError:
    return DeployError(message, code)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _error(f"无法写入 {path}：{exc.strerror}", 3) from None


def _ca_der(path: Path | None) -> bytes | None:
    if path is None:
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except OSError as exc:
        raise _error(f"无法读取证书 {path}：{exc.strerror}") from None
    except ValueError:
        raise _error(f"{path} 不是 PEM 格式的 X.509 证书") from None
    return cert.public_bytes(Encoding.DER)


def anchors(args, out) -> int:
    import base64

    from .config import ConfigError, Settings

    try:
        key = public_key_of(Settings.from_env(getattr(args, "db", None)).signing_key)
    except ConfigError as exc:
        raise _error(str(exc), 3) from None

    data = {"city": args.city, "city_name": args.city_name,
            "keys": [{"key_id": signer_id(key), "public_key": base64.b64encode(key).decode("ascii")}]}
    _write(args.out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    out(args, data, f"信任锚已写入 {args.out}：{args.city_name}（{args.city}），签名密钥 {signer_id(key)}")
    return 0


def run(args, settings, db, out) -> None:
    if args.admin_command == "provision":
        _provision(args, settings, db, out)
    else:
        _update(args, settings, db, out)


def _provision(args, settings, db, out) -> None:
    from .models import Hall

    if not 1 <= args.days <= MAX_DAYS:
        raise _error(f"--days 应在 1 到 {MAX_DAYS} 之间，实际是 {args.days}")
    with db.read() as s:
        hall = s.get(Hall, args.hall)
    if hall is None:
        raise _error(f"没有大厅「{args.hall}」：请先 admin add-hall")
    city = args.city or (args.hall[:4] + "00" if args.hall[:4].isdigit() else None)
    if not city:
        raise _error("请用 --city 指定城市的行政区划代码")
    now = utcnow().replace(tzinfo=dt.UTC)
    try:
        doc = provisioning.make(settings.signing_key, city=city, server=args.server, hall=args.hall,
                                window=args.window, label=args.label, ca_der=_ca_der(args.ca_cert),
                                issued=now, expires=now + dt.timedelta(days=args.days))
    except provisioning.ProvisioningRefused as exc:
        raise _error(exc.message) from None
    _write(args.out, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    qr = None
    if args.qr_out is not None:
        try:
            qr = provisioning.to_qr(doc)
        except ValueError as exc:
            raise _error(f"配置文件已写入 {args.out}；{exc}") from None
        _write(args.qr_out, qr + "\n")
    data = {"file": str(args.out), "qr_file": str(args.qr_out) if qr else None, "qr_chars": len(qr) if qr else None,
            "fingerprint": doc["signer"], "hall": args.hall, "hall_name": hall.name, "server": doc["server"],
            "city": city, "expires": doc["expires"]}
    out(args, data, f"大厅配置已写入 {args.out}" + (f"，二维码文本 {args.qr_out}（{len(qr)} 字符）" if qr else "")
        + f"：{hall.name}（{args.hall}）→ {doc['server']}，{doc['expires']} 前有效。"
        f"\n签名指纹 {doc['signer']}：请另行（电话或书面）告知窗口，供首次导入时核对")


def _update(args, settings, db, out) -> None:
    from . import updates

    sub = args.update_command
    if sub == "publish":
        try:
            doc = updates.publish(db, settings, args.file, version=args.version, platform=args.platform,
                                  minimum_version=args.minimum_version, notes=args.notes, url=args.url)
        except updates.PublishError as exc:
            raise _error(str(exc)) from None
        out(args, doc, f"已发布 {doc['platform']} {doc['version']}（{doc['size']} 字节，sha256 {doc['sha256'][:12]}…）")
    elif sub == "list":
        rows = updates.releases(db)
        out(args, rows, lambda: "\n".join(
            f"{r['platform']:<15} {r['version']:<10} {r['size']:>12}  {r['published']}"
            + ("  已撤回" if r["withdrawn_at"] else "") for r in rows) or "（没有发布的版本）")
    else:
        try:
            changed = updates.withdraw(db, args.platform, args.version)
        except LookupError as exc:
            raise _error(str(exc)) from None
        out(args, {"platform": args.platform, "version": args.version, "changed": changed},
            f"已撤回 {args.platform} {args.version}" if changed else "早已撤回")
