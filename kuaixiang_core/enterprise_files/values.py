"""Raw cell values as readers give them (text, int, float, Decimal, date, bool, list, dict):
emptiness, display in messages, and the normalisations every parser shares."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal

ONE = Decimal(1)
WAN = Decimal(10_000)


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == [] or raw == {}


def plain(d: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros: 1E+3 → 1000, 2.50 → 2.5."""
    text = format(d.normalize(), "f")
    return "0" if text == "-0" else text


def show(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, Decimal):
        return plain(raw)
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (list, dict)):
        return json.dumps(raw, ensure_ascii=False, default=show)
    return str(raw)


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decimal_from_float(value: float) -> Decimal:
    # Excel keeps 15 significant digits; anything past them in a float is binary noise
    # (0.1 + 0.2 arrives as 0.30000000000000004), so round there before going decimal.
    return Decimal(format(value, ".15g"))


def nfkc(text: str) -> str:
    # Full-width digits, commas and brackets are what a Chinese IME types.
    return unicodedata.normalize("NFKC", text).strip()
