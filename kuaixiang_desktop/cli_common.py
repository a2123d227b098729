"""What every command of ``kuaixiang`` shares: the answer, the error, the exit codes (DESIGN
§7: 0 ok, 1 a negative answer, 2 bad input or usage, 3 environment) and opening the database."""

from __future__ import annotations

from pathlib import Path

EXIT_OK, EXIT_NEGATIVE, EXIT_INPUT, EXIT_ENV = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, code: int, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class Answer:
    """What a command returns: the JSON payload, its human form, and the exit code."""

    def __init__(self, payload, text: str | None = None, code: int = EXIT_OK):
        self.payload = payload
        self.text = text
        self.code = code


def credit_code(args) -> str:
    """``args.credit_code`` checked and normalised (full-width, spaces, lower case), or bad input."""
    from kuaixiang_core.domain.codes import check_uscc

    check = check_uscc(args.credit_code)
    if not check.valid:
        raise CliError(EXIT_INPUT, f"统一社会信用代码无效：{check.error}", field="credit_code")
    return check.normalized


def db_path(args) -> Path:
    """The database a command works on: ``--db``, else the window's own: ``--demo`` is the one
    `kuaixiang-desktop --demo` opens, nothing is the one `kuaixiang-desktop` opens."""
    from . import paths

    demo = getattr(args, "demo", False)
    if args.db and demo:
        raise CliError(EXIT_INPUT, "--db 与 --demo 只能选一个：--demo 就是窗口演示库", field="--demo")
    if args.db:
        return Path(args.db)
    return paths.demo_db_path() if demo else paths.default_db_path()


def open_db(args, *, create: bool = False):
    """Open (and migrate) the database. Only a command that writes its first data (``create``:
    init, demo, import, login, sync) may make a new one; a command that reads says which file
    it looked for and how to make it, instead of leaving an empty database behind."""
    from . import paths
    from .services.database import open_client_db
    from .store.database import DatabaseError

    path = db_path(args)
    if not create and not path.exists():
        how = ("先运行一次 kuaixiang-desktop --demo，或 kuaixiang --demo demo" if getattr(args, "demo", False)
               else "先运行 kuaixiang init（空库）或 kuaixiang demo（演示数据）")
        message = f"数据库不存在：{path}；{how}"
        if not args.db and not getattr(args, "demo", False) and paths.demo_db_path().exists():
            message += f"。窗口的演示库在 {paths.demo_db_path()}：加 --demo 即可使用它"
        raise CliError(EXIT_ENV, message, db=str(path))
    try:
        return open_client_db(path)
    except DatabaseError as exc:
        raise CliError(EXIT_ENV, str(exc), db=str(path)) from exc
