"""The ``sdtapi`` family of reader libraries (sdtapi.dll / libsdtapi.so, the interface of the
公安部 reference reader module that most makers ship):

- ``int SDT_OpenPort(int port)``: 0x90 on success; port 1–16 serial, 1001–1016 USB;
- ``int SDT_ClosePort(int port)``;
- ``int SDT_StartFindIDCard(int port, unsigned char *mana, int ifOpen)``: 0x9F when a card
  is found, 0x80 when there is none;
- ``int SDT_SelectIDCard(int port, unsigned char *mana, int ifOpen)``: 0x90 on success;
- ``int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *textLen,
  unsigned char *photo, unsigned int *photoLen, int ifOpen)``: 0x90 on success; ``text`` is
  the 256-byte block of :mod:`.idcard_layout`, ``photo`` the 1024-byte WLT-compressed photo.

The WLT photo needs the maker's decoder library, which differs from maker to maker; without
it the card's text is read and the clerk is told the photo cannot be shown.  ``ifOpen`` is 0:
the port stays open between calls.
"""

from __future__ import annotations

import ctypes

from .idcard import CardRemoved, IdCard, NoCard, ReaderError, ReaderUnplugged
from .idcard_layout import TEXT_BLOCK_SIZE, parse_text_block
from .native import bind, load_library

WHAT = "身份证阅读器"
OK, FOUND, NO_CARD = 0x90, 0x9F, 0x80
PHOTO_SIZE = 1024
# Return codes the manuals name (anything else is shown as a number).
CODES = {
    0x01: "端口打开失败", 0x02: "端口未打开或已断开", 0x05: "无法获得 SAM 模块", 0x10: "校验和错误", 0x11: "长度错误",
    0x21: "命令错误", 0x23: "越权操作", 0x24: "无法识别的错误", 0x31: "卡认证 SAM 失败", 0x32: "SAM 认证卡失败",
    0x33: "信息验证失败", 0x40: "无法识别的卡类型", 0x41: "读卡操作失败", 0x47: "取随机数失败", 0x60: "SAM 自检失败",
    0x66: "SAM 未经授权", 0x80: "找卡失败", 0x81: "选卡失败", 0x91: "证/卡中此项无内容",
}
_UNPLUGGED = {0x01, 0x02, 0x05}


def _say(function: str, code: int) -> str:
    return f"{function} 返回 0x{code:02X}（{CODES.get(code, '未知错误')}）"


class SdtapiReader:
    driver = "sdtapi"

    def __init__(self, library: str, port: int):
        self.library, self.port = library, port
        self._f: dict | None = None

    def _functions(self) -> dict:
        if self._f is None:
            lib = load_library(self.library, WHAT)
            p, i, buf = ctypes.c_int, ctypes.c_int, ctypes.c_char_p
            self._f = {
                "SDT_OpenPort": bind(lib, "SDT_OpenPort", [p], WHAT),
                "SDT_ClosePort": bind(lib, "SDT_ClosePort", [p], WHAT),
                "SDT_StartFindIDCard": bind(lib, "SDT_StartFindIDCard", [p, buf, i], WHAT),
                "SDT_SelectIDCard": bind(lib, "SDT_SelectIDCard", [p, buf, i], WHAT),
                "SDT_ReadBaseMsg": bind(lib, "SDT_ReadBaseMsg", [
                    p, buf, ctypes.POINTER(ctypes.c_uint), buf, ctypes.POINTER(ctypes.c_uint), i], WHAT),
            }
        return self._f

    def open(self) -> None:
        code = self._functions()["SDT_OpenPort"](self.port)
        if code != OK:
            raise ReaderUnplugged(f"身份证阅读器未连接（端口 {self.port}，{_say('SDT_OpenPort', code)}）：请检查 USB 线与端口设置")

    def close(self) -> None:
        if self._f is not None:
            try:
                self._f["SDT_ClosePort"](self.port)
            except OSError:
                pass

    def _check(self, function: str, code: int, ok: int) -> None:
        if code == ok:
            return
        if code in _UNPLUGGED:
            raise ReaderUnplugged(f"身份证阅读器连接中断（{_say(function, code)}）：请检查 USB 线")
        if code in (NO_CARD, 0x81):
            raise NoCard()
        raise ReaderError(f"身份证阅读器读卡失败（{_say(function, code)}）：请取下证件后重新放上")

    def card_present(self) -> bool:
        f = self._functions()
        mana = ctypes.create_string_buffer(8)
        code = f["SDT_StartFindIDCard"](self.port, mana, 0)
        if code == FOUND:
            return True
        if code in _UNPLUGGED:
            self._check("SDT_StartFindIDCard", code, FOUND)
        # A card already read stays selected and is not "found" again; it still answers a select.
        return f["SDT_SelectIDCard"](self.port, mana, 0) == OK

    def read(self) -> IdCard:
        f = self._functions()
        mana = ctypes.create_string_buffer(8)
        code = f["SDT_SelectIDCard"](self.port, mana, 0)
        if code != OK:
            code = f["SDT_StartFindIDCard"](self.port, mana, 0)
            self._check("SDT_StartFindIDCard", code, FOUND)
            self._check("SDT_SelectIDCard", f["SDT_SelectIDCard"](self.port, mana, 0), OK)
        text = ctypes.create_string_buffer(TEXT_BLOCK_SIZE)
        photo = ctypes.create_string_buffer(PHOTO_SIZE)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        code = f["SDT_ReadBaseMsg"](self.port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0)
        if code in (NO_CARD, 0x41):
            raise CardRemoved()
        self._check("SDT_ReadBaseMsg", code, OK)
        if not 0 < text_len.value <= TEXT_BLOCK_SIZE:
            raise ReaderError(f"身份证阅读器返回的文字信息长度不对：{text_len.value} 字节")
        # The WLT photo is not decoded here (see the module's doc): nothing of it is kept.
        return parse_text_block(text.raw[: text_len.value])
