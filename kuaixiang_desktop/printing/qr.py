"""QR codes with reportlab's own encoder (no extra dependency), made fast enough for the counter.

reportlab's ``QRCode.getBestMaskPattern`` lays the symbol out eight times in pure Python and
scores each with list arithmetic: about 30 ms for a version-10 code, more than the rest of a
receipt. :class:`_FastMaskQRCode` picks the same kind of mask (the four penalty rules of
ISO/IEC 18004 §7.8.3) from one layout, with every row held as an integer bit mask, so that
choosing the mask costs a few milliseconds, and computes the Reed-Solomon codewords with a
shift register instead of reportlab's polynomial objects. The chosen symbol is then laid out by
reportlab as usual. Matrices are cached by text (preview, print and archive of one receipt
encode once).
"""

from __future__ import annotations

import functools
import re

from reportlab.graphics.barcode import qrencoder

__all__ = ["LEVELS", "qr_matrix", "qr_version"]

LEVELS = ("L", "M", "Q", "H")
_RUN5 = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = re.compile(r"(?=(10111010000|00001011101))")


def _row_bits(row) -> int:
    value = 0
    for dark in row:
        value = (value << 1) | bool(dark)
    return value


@functools.lru_cache(maxsize=8)
def _layout(version: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """Per version: which modules carry data (row bit masks), and the 8 mask patterns there."""
    probe = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    n = version * 4 + 17
    data_rows = [0] * n
    for col, row in probe.dataPosIterator():
        data_rows[row] |= 1 << (n - 1 - col)
    patterns = []
    for k in range(8):
        mask = qrencoder.QRUtil.getMask(k)
        patterns.append(tuple(_row_bits(mask(r, c) for c in range(n)) & data_rows[r] for r in range(n)))
    return tuple(data_rows), tuple(patterns)


def _penalty(rows: list[int], n: int) -> int:
    full = (1 << n) - 1
    texts = [format(r, f"0{n}b") for r in rows]
    # Rows and columns in one string, one line each: the regexes run once, in C.
    lines = "\n".join(texts) + "\n" + "\n".join(map("".join, zip(*texts)))
    runs = [len(m) for m in _RUN5.findall(lines)]  # N1: runs of five or more
    score = 3 * len(runs) + sum(runs) - 5 * len(runs)
    score += 40 * len(_FINDER_LIKE.findall(lines))  # N3: finder-like 1:1:3:1:1 + light run
    for a, b in zip(rows, rows[1:]):  # N2: 2×2 blocks of one colour
        same_vert = ~(a ^ b) & full
        blocks = same_vert & (same_vert >> 1) & ~(a ^ (a >> 1)) & (full >> 1)
        score += 3 * blocks.bit_count()
    dark = sum(r.bit_count() for r in rows)  # N4: balance of dark and light
    score += 10 * (abs(dark * 20 // (n * n) - 10))
    return score


@functools.lru_cache(maxsize=64)
def _generator_logs(ec_count: int) -> tuple[int, ...]:
    """log α of the Reed-Solomon generator's coefficients after the leading 1 (reportlab's polynomial)."""
    poly = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count)
    return tuple(qrencoder.LOG_TABLE[poly.get(i)] for i in range(1, poly.getLength()))


def _ec_bytes(data: list[int], ec_count: int) -> list[int]:
    """The remainder of data·x^ec_count divided by the generator: shift-register division in GF(256)."""
    logs = _generator_logs(ec_count)
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    rem = [0] * ec_count
    for byte in data:
        factor = byte ^ rem[0]
        del rem[0]
        rem.append(0)
        if factor:
            lf = log[factor]
            for i, lg in enumerate(logs):
                rem[i] ^= exp[(lf + lg) % 255]
    return rem


def _create_data(version: int, level: int, data_list: list) -> list[int]:
    """reportlab's ``QRCode.createData`` (same bits, same padding), with a faster Reed-Solomon."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"QR 数据过长（{buffer.getLengthInBits()} > {capacity} 位）")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    k = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(pads[k % 2], 8)
        k += 1
    codewords = buffer.buffer
    dc, ec, offset = [], [], 0
    for block in blocks:
        chunk = list(codewords[offset : offset + block.dataCount])
        offset += block.dataCount
        dc.append(chunk)
        ec.append(_ec_bytes(chunk, block.totalCount - block.dataCount))
    out = []
    for group in (dc, ec):
        for i in range(max(len(g) for g in group)):
            out.extend(g[i] for g in group if i < len(g))
    return out


class _FastMaskQRCode(qrencoder.QRCode):
    def make(self) -> None:
        if self.version is None:
            self.version = self.calculate_version()
        if self.dataCache is None:
            self.dataCache = _create_data(self.version, self.errorCorrectLevel, self.dataList)
        super().make()

    def getBestMaskPattern(self) -> int:  # noqa: N802 - reportlab's name
        self.makeImpl(True, 0)  # function patterns, blank format info, data under mask 0
        n = self.moduleCount
        data_rows, patterns = _layout(self.version)
        rows0 = [_row_bits(row) for row in self.modules]
        # Unmask: the data as it would be with no mask at all; everything else stays.
        base = [r ^ p for r, p in zip(rows0, patterns[0])]
        best, best_score = 0, None
        for k in range(8):
            candidate = [r ^ p for r, p in zip(base, patterns[k])]
            score = _penalty(candidate, n)
            if best_score is None or score < best_score:
                best, best_score = k, score
        return best


def _level(level: str) -> int:
    if level not in LEVELS:
        raise ValueError(f"未知的纠错等级 {level!r}：应为 {'/'.join(LEVELS)}")
    return getattr(qrencoder.QRErrorCorrectLevel, level)


@functools.lru_cache(maxsize=64)
def qr_matrix(text: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR symbol for ``text`` (smallest version that fits), dark = True, without quiet zone.

    reportlab picks the mode: numeric, alphanumeric (upper case, digits, `` $%*+-./:``), or bytes.
    """
    qr = _FastMaskQRCode(None, _level(level))
    qr.addData(text)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


def qr_version(text: str, level: str = "M") -> int:
    """The QR version (1–40) that ``text`` needs at ``level``."""
    return (len(qr_matrix(text, level)) - 17) // 4
