"""Vendor libraries through ctypes: loading one, binding its functions with their C
signatures, and naming what is missing in words the clerk's IT support can act on."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence

from .errors import DeviceUnavailable


class LibraryMissing(DeviceUnavailable):
    pass


class FunctionMissing(DeviceUnavailable):
    pass


def load_library(path: str, what: str) -> ctypes.CDLL:
    """The library at ``path`` (a file, or a bare name the system's loader searches for).
    The vendor libraries are stdcall on 32-bit Windows: WinDLL there, CDLL elsewhere."""
    if not path:
        raise LibraryMissing(f"未设置{what}的驱动库：请在「设置 → 设备」中选择厂商提供的库文件")
    loader = getattr(ctypes, "WinDLL", None) if os.name == "nt" else None
    try:
        return (loader or ctypes.CDLL)(path)
    except OSError as exc:
        raise LibraryMissing(f"无法载入{what}的驱动库 {path}：{exc}") from None


def bind(lib: ctypes.CDLL, name: str, argtypes: Sequence, what: str, restype=ctypes.c_int):
    """``lib.name`` with its signature set; ``FunctionMissing`` if the library lacks it (a
    library of another family chosen by mistake, or a version too old)."""
    try:
        function = getattr(lib, name)
    except AttributeError:
        raise FunctionMissing(f"{what}的驱动库中没有函数 {name}：所选库与驱动类型不符，或版本过旧") from None
    function.argtypes = list(argtypes)
    function.restype = restype
    return function
