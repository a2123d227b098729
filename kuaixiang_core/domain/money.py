"""Money: integer 分 in storage, Decimal 元 for people, 大写 for printed receipts. Never float.

- ``to_fen(Decimal("12.30")) == 1230``; more than two decimal places is an error, not a rounding.
- ``fen_to_yuan(1230) == Decimal("12.30")``.
- ``format_yuan(Decimal("12345.6")) == "12,345.60"``.
- ``in_words(Decimal("12345.6")) == "人民币壹万贰仟叁佰肆拾伍元陆角整"``.

大写金额 follows the accounting convention (《会计基础工作规范》第五十二条, 《支付结算办法》):
整 after 元 or 角 when there is no 分, never after 分; a zero inside the number is written 零
(once for a run of zeros); 零 before 分 when 角 is zero (壹元零伍分); no leading 零元 when there
are only 角/分 (伍分). Where the convention allows either form — a run of zeros ending at the
万/亿/元 position before a non-zero 仟/角 — we print the form without 零, as cn2an does and as
the convention's own example does (¥107,000.53 → 壹拾万柒仟元伍角叁分). cn2an writes the
digits; the 整 after 角, which it leaves out, is added here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["MAX_FEN", "MoneyError", "fen_to_yuan", "format_yuan", "in_words", "to_fen"]

FEN = Decimal("0.01")
# cn2an converts at most 16 integer digits; well beyond any benefit (万亿 元).
MAX_FEN = 10**18 - 1


class MoneyError(ValueError):
    """An amount that cannot be money: not a number, a fraction of a 分, negative, too large."""


def _decimal(value: Decimal | str) -> Decimal:
    if isinstance(value, float):
        raise MoneyError("金额不能用浮点数表示，请传入 Decimal 或字符串")
    if isinstance(value, bool):
        raise MoneyError(f"不是金额：{value!r}")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        for sign in ("¥", "￥", "元"):
            text = text.replace(sign, "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"不是金额：{value!r}") from None
    elif isinstance(value, int):
        # 5 could mean 5 元 or 5 分: make the caller say which.
        raise MoneyError(f"整数金额有歧义：{value}（元请传 Decimal 或字符串，分请用 fen_to_yuan）")
    elif not isinstance(value, Decimal):
        raise MoneyError(f"不是金额：{value!r}")
    if not value.is_finite():
        raise MoneyError(f"不是金额：{value!r}")
    return value


def to_fen(value: Decimal | str) -> int:
    """元 (Decimal or text like ``"12,345.60"``) → integer 分. A fraction of a 分 is an error."""
    amount = _decimal(value)
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise MoneyError(f"金额最多两位小数（到分）：{value}")
    result = int(fen)
    if abs(result) > MAX_FEN:
        raise MoneyError(f"金额过大：{value}")
    return result


def fen_to_yuan(fen: int) -> Decimal:
    """Integer 分 → Decimal 元 with exactly two places (``1230`` → ``Decimal("12.30")``)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise MoneyError(f"分必须是整数：{fen!r}")
    return (Decimal(fen) / 100).quantize(FEN)


def format_yuan(amount: Decimal | str) -> str:
    """``Decimal("12345.6")`` → ``"12,345.60"`` (thousands separators, two places, no symbol)."""
    fen = to_fen(amount)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def in_words(amount: Decimal | str, *, prefix: str = "人民币") -> str:
    """大写金额: ``Decimal("12345.60")`` → ``"人民币壹万贰仟叁佰肆拾伍元陆角整"``.

    Negative amounts are refused (a receipt never shows one); so are fractions of a 分.
    """
    fen = to_fen(amount)
    if fen < 0:
        raise MoneyError(f"大写金额不能为负数：{amount}")
    yuan, cents = divmod(fen, 100)
    import cn2an  # here, not at import: it costs the window a third of a second at start

    words = cn2an.an2cn(f"{yuan}.{cents:02d}", "rmb")
    jiao, fen_digit = divmod(cents, 10)
    # cn2an: "壹元壹角" — the convention wants 整 when there is no 分 ("壹元壹角整").
    if jiao and not fen_digit and not words.endswith("整"):
        words += "整"
    _check_shape(words, yuan, jiao, fen_digit)
    return prefix + words


def _check_shape(words: str, yuan: int, jiao: int, fen: int) -> None:
    """Guard against a cn2an release that changes its output: the convention's invariants."""
    problems = []
    if fen and words.endswith("整"):
        problems.append("有分不应写整")
    if not fen and not words.endswith("整"):
        problems.append("到元或角为止应写整")
    if yuan and "元" not in words:
        problems.append("缺少元")
    if not yuan and (jiao or fen) and words.startswith("零"):
        problems.append("不足一元不应以零开头")
    if "零零" in words:
        problems.append("连续的零只写一个")
    if problems:  # pragma: no cover - only if cn2an changes behaviour
        raise RuntimeError(f"大写金额 {words!r} 不合规范：{'；'.join(problems)}")
