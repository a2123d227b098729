"""Where Chinese text may break across lines in a label.

Qt breaks Chinese between any two characters (UAX #14), so a narrow label split 「免申即享 3
项」 into 「免申即享」 and 「3 项」, and left 「据。」 alone on the last line of a paragraph.
U+2060 WORD JOINER forbids a break where it stands and takes no room; U+00A0 does the same
for a space.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
SEPARATORS = "；;，,、"
SHORT = 12  # characters: a count with its label, never a sentence


def glue(text: str) -> str:
    """``text`` on one line whatever the width (keep it short: it cannot wrap at all)."""
    return WORD_JOINER.join(text.replace(" ", NO_BREAK_SPACE))


def glue_short_parts(text: str, limit: int = SHORT) -> str:
    """Every part of ``text`` between separators (；，、) that is at most ``limit`` characters
    is kept on one line; the text still breaks at the separators and inside long parts."""
    parts = re.split(f"([{SEPARATORS}])", text)
    return "".join(glue(part) if part and part not in SEPARATORS and len(part.strip()) <= limit else part
                   for part in parts)


def no_orphan(text: str, tail: int = 4) -> str:
    """``text`` whose last ``tail`` characters (of each paragraph) stay together: never 「据。」
    alone on a line. A short paragraph, which fits on any line, is left as it is."""
    return "\n".join(_glue_tail(paragraph, tail) for paragraph in text.split("\n"))


def _glue_tail(paragraph: str, tail: int) -> str:
    if len(paragraph) < 4 * tail:
        return paragraph
    return paragraph[:-tail] + glue(paragraph[-tail:])


def plain(text: str) -> str:
    """``text`` without the joiners (tests, copying)."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")
