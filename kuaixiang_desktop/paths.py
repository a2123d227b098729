"""Where the client's shipped migrations and its user data live (shipped resources:
kuaixiang_core.resources), and how the client writes files of its own: owner-only, whole or
not at all.

Owner-only: on POSIX every folder the client makes is 0700 and every file 0600, set when the
file is created (never chmod'ed after the data is in it, which would leave a window where
another account could open it). On Windows ``os.chmod`` only toggles the read-only flag:
there the client relies on where its files are, the user's profile (``%LOCALAPPDATA%``, whose
ACL grants the user, SYSTEM and Administrators only); an export goes where the clerk chose.
"""

from __future__ import annotations

import errno
import os
import stat
import uuid
from pathlib import Path

import platformdirs

from kuaixiang_core.resources import shipped

_PKG = Path(__file__).resolve().parent
POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600


def migrations_dir() -> Path:
    # The wheel carries the top-level db/ under kuaixiang_desktop/_shipped/.
    return shipped("db", _PKG)


def data_dir() -> Path:
    override = os.environ.get("KUAIXIANG_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("kuaixiang", "kuaixiang"))
    # The default folder is ours by name, so one left 0755 by an older version is tightened;
    # a folder named by KUAIXIANG_DATA_DIR is only made private if we create it.
    private_dir(path, tighten=not override)
    return path


def default_db_path() -> Path:
    return data_dir() / "kuaixiang.sqlite3"


def demo_db_path() -> Path:
    """The database of `kuaixiang-desktop --demo` (and of `kuaixiang --demo`)."""
    return data_dir() / "demo.sqlite3"


# ---------------------------------------------------------------------------------------------
# Owner-only folders and files
# ---------------------------------------------------------------------------------------------


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """Make ``path`` (and missing parents) 0700; with ``tighten``, an existing folder of ours
    that others can enter is made 0700 too (one that belongs to another account is left)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another thread or process made it meanwhile
        _chmod(folder, DIR_MODE)  # mkdir's mode passes through the umask: state it
    if tighten and not missing:
        tighten_mode(path, DIR_MODE)
    return path


def tighten_mode(path: Path, mode: int) -> None:
    """Take away what others may do with an existing file or folder of ours (POSIX)."""
    if not POSIX:
        return
    try:
        st = os.stat(path)
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & ~mode:
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # not ours to change (or gone): whoever opens it next says what is wrong


def _chmod(path: Path, mode: int) -> None:
    if POSIX:
        try:
            os.chmod(path, mode)
        except OSError:
            pass


def create_private(path: Path) -> int:
    """A new, empty file at ``path`` with mode 0600 from its first byte; its descriptor.
    FileExistsError when there is one."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags, FILE_MODE)


def temp_beside(path: Path) -> Path:
    """A name next to ``path`` for writing it whole before a rename (same folder, so the
    rename is atomic; random, so two writers never share one)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")


def write_private(path: Path | str, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` whole or not at all, owner-only: into a 0600 temporary file
    beside it, flushed (and fsynced when ``durable``), then renamed over it. A full disk or a
    read-only folder raises OSError naming ``path`` and leaves an earlier file as it was."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        fd = create_private(tmp)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise naming(exc, path) from exc
    except BaseException:
        _unlink_quietly(tmp)
        raise
    if durable:
        sync_dir(path.parent)
    return path


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def sync_dir(folder: Path) -> None:
    """fsync a folder so that a rename in it survives a power cut (POSIX; a no-op elsewhere)."""
    if not POSIX:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# Saying what went wrong with a file
# ---------------------------------------------------------------------------------------------

FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def naming(exc: OSError, path: Path | str) -> OSError:
    """``exc`` as the same kind of OSError, but naming ``path`` (a temporary file's name
    tells the clerk nothing)."""
    named = type(exc)(exc.errno, exc.strerror, str(path)) if exc.errno is not None else exc
    return named


def describe_os_error(exc: OSError, what: str = "文件") -> str:
    """The clerk's sentence for a failed file operation, naming the file."""
    name = exc.filename if exc.filename is not None else "（未知文件）"
    if exc.errno in FULL:
        return f"磁盘空间不足，无法写入{what} {name}：本次操作已撤销，没有留下写了一半的文件。请清理磁盘后重试。"
    if exc.errno in READ_ONLY:
        return f"{what} {name} 或其所在文件夹是只读的（或没有写入权限）：本次操作已撤销。请检查权限后重试。"
    if exc.errno == errno.ENOENT:
        return f"找不到{what} {name}"
    reason = exc.strerror or type(exc).__name__
    return f"读写{what} {name} 时出错：{reason}"
