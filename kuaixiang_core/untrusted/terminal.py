"""Text from data on its way to a terminal.

An enterprise name, a receipt number or an item id comes from a file or a client, and can
carry ESC sequences (clear the screen, retitle the window, rewrite the line above), C1
controls (a terminal may take U+009B as ESC [), a carriage return that overwrites what was
printed, or bidi overrides that show a number reversed. Every command-line tool prints its
text answers through :func:`printable_lines`, and each value of a one-line table through
:func:`printable`, which write such characters as visible escapes (``\\x1b``, ``\\u202e``).

JSON output needs none of this and is left as it is: ``json.dumps`` escapes every C0
control, so nothing there can start an escape sequence.
"""

from __future__ import annotations

import re

__all__ = ["printable", "printable_lines"]

# Bidi marks, embeddings, overrides and isolates; line and paragraph separators; lone
# surrogates (a file name that is not UTF-8), which would make print() itself fail.
_FORMAT = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT}]")
_ALL_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_FORMAT}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """One value for one line: every control character escaped, newlines too (a name with a
    newline would otherwise pass for a row of its own)."""
    return _ALL.sub(_escape, str(value))


def printable_lines(text: str) -> str:
    """A whole answer: control characters escaped, its own line breaks kept."""
    return _ALL_BUT_NEWLINE.sub(_escape, text)
