"""The `kuaixiang` command's share of trust (DESIGN §6): revealing an agent's data with the
password typed again, the transport rules of ``login`` and ``sync``, and machine faults (a
full disk, a read-only file) turned into one clear line and exit 3 instead of a traceback.

Kept apart from cli.py, which imports it lazily, as it does every service.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_NEGATIVE, CliError
from .paths import describe_os_error


def read_password(args, prompt: str) -> str:
    """A password: one line of stdin with ``--password-stdin``, else typed at a terminal
    (never an argument: it would stay in the shell's history and in ``ps``)."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
    else:
        raise CliError(EXIT_INPUT, "请在终端输入密码，或用 --password-stdin 从标准输入提供", field="--password-stdin")
    if not password:
        raise CliError(EXIT_INPUT, "没有输入密码", field="--password-stdin")
    return password


def reveal(args, db):
    """``application show ID --reveal``: the reason (``--reason``, or asked at a terminal),
    the password again, then ``services.reveal``; refusals as the contract's exit codes."""
    from .services import auth
    from .services.reveal import RevealRefused, clean_reason, reveal_agent
    from .services.secrets import SecretStoreUnavailable

    reason = args.reason
    if reason is None and sys.stdin.isatty() and not args.password_stdin:
        reason = input("查看原因（记入审计日志）：")
    try:
        reason = clean_reason(reason)
        password = read_password(args, "请再次输入登录密码：")
        return reveal_agent(db, args.id, password, reason)
    except RevealRefused as exc:
        if exc.field == "reason":
            raise CliError(EXIT_INPUT, exc.message, field="--reason") from None
        raise CliError(EXIT_NEGATIVE, exc.message, field=exc.field) from None
    except auth.NotLoggedIn:
        raise CliError(EXIT_NEGATIVE, "查看经办人完整信息须先登录（kuaixiang login），并再次输入密码") from None
    except auth.LoginError as exc:  # wrong password (counted towards the lock-out), locked, no verifier
        raise CliError(EXIT_NEGATIVE, exc.message) from None
    except SecretStoreUnavailable as exc:
        raise CliError(EXIT_ENV, str(exc)) from None


def transport(args):
    """The transport rules from ``--allow-insecure-http`` / ``--ca-cert``; None when neither
    is given (``sync`` then keeps what the log-in was told)."""
    from .sync.client import TransportSecurity

    if not args.allow_insecure_http and not args.ca_cert:
        return None
    ca = str(Path(args.ca_cert).expanduser().resolve()) if args.ca_cert else None
    if ca and not Path(ca).is_file():
        raise CliError(EXIT_INPUT, f"找不到证书文件：{args.ca_cert}", field="--ca-cert")
    return TransportSecurity(allow_insecure_http=args.allow_insecure_http, ca_file=ca)


def environment_error(exc: BaseException) -> CliError | None:
    """The exit-3 answer for a fault of the machine rather than of the input: a full disk, a
    read-only or unreadable file or folder (OSError), the database refusing a write
    (``StorageFault``) or unusable (``DatabaseError``). None for anything else."""
    from .store.database import DatabaseError, StorageFault

    if isinstance(exc, OSError):
        return CliError(EXIT_ENV, describe_os_error(exc), errno=exc.errno, file=exc.filename)
    if isinstance(exc, StorageFault):
        return CliError(EXIT_ENV, str(exc), kind=exc.kind, file=str(exc.path))
    if isinstance(exc, DatabaseError):
        return CliError(EXIT_ENV, str(exc))
    return None
