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


def open_db(args):
    from .services.database import open_client_db
    from .store.database import DatabaseError

    try:
        return open_client_db(Path(args.db) if args.db else None)
    except DatabaseError as exc:
        raise CliError(EXIT_ENV, str(exc)) from exc
