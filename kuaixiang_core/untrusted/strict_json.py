"""JSON from the network, refused when the protocol could not carry it.

``json.loads`` accepts more than the server can keep: ``NaN`` and ``Infinity`` (the content
hash refuses them later, as a 500), a lone surrogate such as ``"\\ud800"`` (no UTF-8 for it,
so the database driver fails), ``\\u0000`` (PostgreSQL text cannot hold it), integers of any
length (beyond 4,300 digits Python raises, and beyond 2^63 no database column holds them)
and nesting down to the interpreter's recursion limit. :func:`loads` refuses each with
:class:`JsonRejected`, whose ``path`` names where (``entries[0].payload.item_version``).
"""

from __future__ import annotations

import json
import math
import re

__all__ = ["INT64_MAX", "INT64_MIN", "MAX_DEPTH", "JsonRejected", "loads"]

MAX_DEPTH = 64  # an outbox body is about 8 deep; a rule trace a few more
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_MAX_INT_DIGITS = 20  # longer literals are refused before Python converts them
# Escapes that need the walk's string check: a surrogate half or NUL. A case-insensitive
# search of the raw text is cheap; most bodies have none, and then no string is looked at.
_SUSPECT = re.compile(r"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")
_SURROGATE_OR_NUL = re.compile("[\ud800-\udfff\x00]")


class JsonRejected(ValueError):
    """Not JSON the protocol accepts; ``path`` is where (empty: the body as a whole)."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class _Bad:
    """Stands in for a number that cannot be used, so the walk can say where it was."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def _shorten(literal: str) -> str:
    return literal if len(literal) <= 24 else f"{literal[:12]}…（{len(literal)} 位）"


def _parse_int(literal: str) -> int | _Bad:
    if len(literal.lstrip("-")) > _MAX_INT_DIGITS:
        return _Bad(f"整数过大：{_shorten(literal)}（应在 -2^63 到 2^63-1 之间）")
    value = int(literal)
    if not INT64_MIN <= value <= INT64_MAX:
        return _Bad(f"整数超出范围：{literal}（应在 -2^63 到 2^63-1 之间）")
    return value


def _parse_float(literal: str) -> float | _Bad:
    value = float(literal)
    if not math.isfinite(value):
        return _Bad(f"数值超出范围：{_shorten(literal)}")
    return value


def _parse_constant(name: str) -> _Bad:
    return _Bad(f"不允许 {name}（JSON 中没有此值）")


def _where(trail: tuple) -> str:
    out = ""
    for part in trail:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out if len(out) <= 120 else f"{out[:117]}…"


def _check(value: object, max_depth: int, strings: bool) -> None:
    # Iterative, so a deep document is refused without recursing into it.
    stack: list[tuple[object, int, tuple]] = [(value, 1, ())]
    while stack:
        item, depth, trail = stack.pop()
        if isinstance(item, dict):
            if depth > max_depth:
                raise JsonRejected(_where(trail), f"嵌套过深（最多 {max_depth} 层）")
            for key, child in item.items():
                if strings and _SURROGATE_OR_NUL.search(key):
                    raise JsonRejected(_where((*trail, ascii(key[:40]))), "键名含无效字符（单独的代理字符或 NUL）")
                stack.append((child, depth + 1, (*trail, key)))
        elif isinstance(item, list):
            if depth > max_depth:
                raise JsonRejected(_where(trail), f"嵌套过深（最多 {max_depth} 层）")
            stack.extend((child, depth + 1, (*trail, i)) for i, child in enumerate(item))
        elif isinstance(item, _Bad):
            raise JsonRejected(_where(trail), item.reason)
        elif strings and isinstance(item, str) and _SURROGATE_OR_NUL.search(item):
            raise JsonRejected(_where(trail), "文字含无效字符（单独的 UTF-16 代理字符或 NUL）")


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> object:
    """The value of ``data`` (UTF-8 bytes or text); :class:`JsonRejected` when it is not
    JSON, nests deeper than ``max_depth``, or holds a value the protocol cannot carry."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonRejected("", f"不是有效的 UTF-8（第 {exc.start + 1} 字节）") from None
    else:
        text = data
    try:
        value = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except RecursionError:
        raise JsonRejected("", f"嵌套过深（最多 {max_depth} 层）") from None
    except json.JSONDecodeError as exc:
        raise JsonRejected("", f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    _check(value, max_depth, strings=bool(_SUSPECT.search(text)))
    return value
