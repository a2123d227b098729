"""The ``termb`` family of reader libraries (termb.dll / libtermb.so, shipped by several
reader makers with the same published interface):

- ``int InitComm(int port)``: 1 on success; port 1–16 serial, 1001–1016 USB;
- ``int Authenticate(void)``: 1 when a card was found and selected;
- ``int Read_Content(int active)``: 1 on success; with ``active`` 1 it writes the card's
  text block (``wz.txt``, the 256-byte layout of :mod:`.idcard_layout`) and its decoded photo
  (``zp.bmp``) into the current working directory;
- ``int CloseComm(void)``.

Because the library writes into the working directory, the read happens inside a private
folder of ours (0700), under a lock, and both files are read and deleted at once: the photo
is not left on disk for anyone.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

from .idcard import CardRemoved, IdCard, ReaderError, ReaderUnplugged
from .idcard_layout import parse_text_block
from .native import bind, load_library

WHAT = "身份证阅读器"
TEXT_FILE, PHOTO_FILE, RAW_PHOTO_FILE = "wz.txt", "zp.bmp", "xp.wlt"
_CWD_LOCK = threading.Lock()  # the working directory is the process's, not the thread's
OK = 1


class TermbReader:
    driver = "termb"

    def __init__(self, library: str, port: int, work_dir: Path):
        self.library, self.port, self.work_dir = library, port, Path(work_dir)
        self._f: dict | None = None

    def _functions(self) -> dict:
        if self._f is None:
            lib = load_library(self.library, WHAT)
            self._f = {
                "InitComm": bind(lib, "InitComm", [ctypes.c_int], WHAT),
                "Authenticate": bind(lib, "Authenticate", [], WHAT),
                "Read_Content": bind(lib, "Read_Content", [ctypes.c_int], WHAT),
                "CloseComm": bind(lib, "CloseComm", [], WHAT),
            }
        return self._f

    def open(self) -> None:
        code = self._functions()["InitComm"](self.port)
        if code != OK:
            raise ReaderUnplugged(f"身份证阅读器未连接（端口 {self.port}，InitComm 返回 {code}）：请检查 USB 线与端口设置")

    def close(self) -> None:
        if self._f is not None:
            try:
                self._f["CloseComm"]()
            except OSError:
                pass

    def card_present(self) -> bool:
        return self._functions()["Authenticate"]() == OK

    def read(self) -> IdCard:
        f = self._functions()
        from ..paths import private_dir

        folder = private_dir(self.work_dir)
        with _CWD_LOCK:
            before = os.getcwd()
            os.chdir(folder)
            try:
                code = f["Read_Content"](1)
            finally:
                os.chdir(before)
            text, photo = _take(folder / TEXT_FILE), _take(folder / PHOTO_FILE)
            _take(folder / RAW_PHOTO_FILE)
        if code != OK:
            if f["Authenticate"]() != OK:
                raise CardRemoved()  # it was there when the read began
            raise ReaderError(f"身份证阅读器读卡失败（Read_Content 返回 {code}）：请取下证件后重新放上")
        if text is None:
            raise ReaderError(f"身份证阅读器报告读卡成功，但没有写出 {TEXT_FILE}：请检查驱动版本")
        return parse_text_block(text, photo)


def _take(path: Path) -> bytes | None:
    """The file's bytes, and the file gone."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data
