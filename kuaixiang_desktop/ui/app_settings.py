"""What the counter remembers between sessions: server (and how to reach it), printer, paper,
receipt layout, font, window geometry.  One typed wrapper over ``QSettings`` so that no room spells a key twice.

The settings live where Qt keeps an application's settings (the registry on Windows, an INI
file under ``$XDG_CONFIG_HOME`` elsewhere); tests point ``XDG_CONFIG_HOME`` at a temporary
directory.  Bad stored values (hand-edited files, an older version's keys) fall back to the
default instead of failing: the clerk can always start.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from ..services.auth import TransportSecurity

PAPERS = ("a4", "80mm")
DEFAULT_SERVER = "http://127.0.0.1:8765"
DEFAULT_FONT_SIZE = 10.5


@dataclass(frozen=True)
class PrintSettings:
    printer: str  # a printer name; "" means the system default printer
    paper: str  # "a4" or "80mm": receipts and notices; the 一企一策清单 is always A4
    preview: bool  # show a preview before printing (off at a busy counter)


class AppSettings:
    """Typed access to the client's settings; ``scope`` separates tests and demo mode."""

    def __init__(self, scope: str | None = None):
        name = "kuaixiang-desktop" + (f"-{scope}" if scope else "")
        self._s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kuaixiang", name)

    def sync(self) -> None:
        self._s.sync()

    def file_name(self) -> str:
        return self._s.fileName()

    # -- helpers ----------------------------------------------------------------------------

    def _str(self, key: str, default: str) -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return default

    def _float(self, key: str, default: float) -> float:
        try:
            return float(self._s.value(key, default))
        except (TypeError, ValueError):
            return default

    # -- server -----------------------------------------------------------------------------

    @property
    def server(self) -> str:
        return self._str("sync/server", DEFAULT_SERVER).strip() or DEFAULT_SERVER

    def has_server(self) -> bool:
        """Whether a server was ever set (in 设置, or by importing a hall's configuration)."""
        return self._s.contains("sync/server")

    @server.setter
    def server(self, url: str) -> None:
        self._s.setValue("sync/server", url.strip())

    @property
    def allow_insecure_http(self) -> bool:
        """Plain http:// to a server other than this machine (a trusted test network only)."""
        return self._bool("sync/allow_insecure_http", False)

    @allow_insecure_http.setter
    def allow_insecure_http(self, value: bool) -> None:
        self._s.setValue("sync/allow_insecure_http", bool(value))

    @property
    def ca_file(self) -> str:
        """A PEM file: the server's own certificate or its CA, the only one trusted; "" for
        the usual CA bundle."""
        return self._str("sync/ca_file", "").strip()

    @ca_file.setter
    def ca_file(self, path: str) -> None:
        self._s.setValue("sync/ca_file", path.strip())

    def transport_security(self) -> TransportSecurity:
        return TransportSecurity(self.allow_insecure_http, self.ca_file or None)

    # -- printing ---------------------------------------------------------------------------

    @property
    def printer(self) -> str:
        return self._str("print/printer", "")

    @printer.setter
    def printer(self, name: str) -> None:
        self._s.setValue("print/printer", name)

    @property
    def paper(self) -> str:
        value = self._str("print/paper", "a4")
        return value if value in PAPERS else "a4"

    @paper.setter
    def paper(self, value: str) -> None:
        if value not in PAPERS:
            raise ValueError(f"paper must be one of {PAPERS}, not {value!r}")
        self._s.setValue("print/paper", value)

    @property
    def preview_before_print(self) -> bool:
        return self._bool("print/preview", True)

    @preview_before_print.setter
    def preview_before_print(self, value: bool) -> None:
        self._s.setValue("print/preview", bool(value))

    def print_settings(self) -> PrintSettings:
        return PrintSettings(self.printer, self.paper, self.preview_before_print)

    # -- font -------------------------------------------------------------------------------

    @property
    def font_family(self) -> str:
        return self._str("ui/font_family", "")

    @font_family.setter
    def font_family(self, family: str) -> None:
        self._s.setValue("ui/font_family", family)

    @property
    def font_size(self) -> float:
        size = self._float("ui/font_size", DEFAULT_FONT_SIZE)
        return size if 8 <= size <= 24 else DEFAULT_FONT_SIZE

    def has_font_size(self) -> bool:
        return self._s.contains("ui/font_size")

    @font_size.setter
    def font_size(self, size: float) -> None:
        self._s.setValue("ui/font_size", float(size))

    # -- window state -----------------------------------------------------------------------

    def geometry(self, name: str) -> QByteArray | None:
        value = self._s.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._s.setValue(f"window/{name}", value)

    def value(self, key: str, default: str = "") -> str:
        """A free-form remembered string (a room's last filter, say)."""
        return self._str(f"state/{key}", default)

    def set_value(self, key: str, value: str) -> None:
        self._s.setValue(f"state/{key}", value)
