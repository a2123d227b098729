"""The idle lock: after some minutes without key or mouse activity the window is covered.

While unlocked, :class:`IdleLockController` tells ``services.auth.IdleLock`` about the clerk's
activity without an application-wide event filter.  Such a filter makes every event of every
object (each paint of each widget, each timer) a Python call that needs the GIL; with a worker
busy in Python (matching an enterprise at 500,000 enterprises) each of those calls waits for
it, and the window's stalls grew from max 33 ms / p95 23 ms to max 51 ms / p95 38 ms.  Instead:

- the widget that has the focus, in any window of the application (dialogs included), is
  filtered for key presses (and the ``ShortcutOverride`` that precedes a shortcut's key) and
  mouse presses; the filter follows ``QApplication.focusChanged`` (or, with no focus widget,
  the active window, which then receives the keys), as in ``scan_detector.py``;
- a low-frequency ``QTimer`` (every ``cursor_interval_ms``, 2 s) samples the cursor position:
  a changed position over one of the application's windows is activity (moves over other
  programs were never seen by the old filter either, and are not counted).  The widget under
  the cursor is filtered too, so a click or wheel turn on a widget without focus counts while
  the mouse rests there;
- the single-shot lock ``QTimer`` wakes up when the lock could be due (re-armed with the
  time remaining).  The cursor sample is the only polling, one cheap Python call every 2 s.

When the lock falls, an opaque overlay covers the window (a child widget, not a modal dialog:
the rest of the desktop stays usable) and asks for the logged-in clerk's password;
``services.auth.verify_current`` checks it on a worker, with the same failure counting and
lock-out as a log-in.  While locked, the application-wide filter *is* installed (and the
cursor sampling stops): input meant for the window anywhere but the overlay is swallowed.  It
is removed again on unlock.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from ..services import auth
from ..services.database import Database
from . import operations
from .accessibility import name_controls
from .login_dialog import local_hhmm
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

CURSOR_INTERVAL_MS = 2000

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        # Sent to the focus widget before a key press; a key that fires a shortcut never
        # arrives as a KeyPress there.
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
_INPUT = _ACTIVITY | {QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.Shortcut}


class LockOverlay(QFrame):
    """Covers the window while locked: who is logged in, a password field and 解锁."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title_label = QLabel(self.tr("窗口已锁定"), self)
        self.title_label.setObjectName("lockTitle")
        self.who_label = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("unlockPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("输入密码解锁"))
        self.password_edit.setMaximumWidth(320)
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("unlockError")
        self.error_label.setProperty("level", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title_label, self.who_label, self.password_edit, self.unlock_button, self.error_label):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        name_controls(self)
        self.hide()

    def error(self) -> str | None:
        return None if self.error_label.isHidden() else self.error_label.text()


class IdleLockController(QObject):
    """Locks ``window`` after ``timeout`` (seconds or timedelta; default ``policy.idle_timeout``)
    without activity; the logged-in clerk's password unlocks it.

    Signals: ``locked_changed(bool)``; ``unlock_failed(str)`` with the clerk's message.
    """

    locked_changed = Signal(bool)
    unlock_failed = Signal(str)

    def __init__(
        self,
        window: QWidget,
        policy: auth.AuthPolicy = auth.DEFAULT_POLICY,
        *,
        timeout: float | dt.timedelta | None = None,
        db: Database | None = None,
        runner: TaskRunner | None = None,
        cursor_pos: Callable[[], QPoint] = QCursor.pos,
        cursor_interval_ms: int = CURSOR_INTERVAL_MS,
    ):
        super().__init__(window)
        self._window = window
        self._db = db if db is not None else getattr(window, "db")
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self, max_threads=1)
        self._verifying = False
        self._shut = False
        self.idle = auth.IdleLock(timeout if timeout is not None else policy.idle_timeout)
        self.idle.subscribe(self._on_lock_changed)

        self.overlay = LockOverlay(window)
        self.overlay.unlock_button.clicked.connect(self.try_unlock)
        self.overlay.password_edit.returnPressed.connect(self.try_unlock)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

        # What is filtered while unlocked: the focus widget (or active window) and the widget
        # under the cursor; never the whole application (see the module docstring).
        self._focus_target: QWidget | None = None
        self._hovered: QWidget | None = None
        self._watched: list[QWidget] = []
        self._app_filter = False
        self._cursor_pos = cursor_pos
        self._last_pos = QPoint(cursor_pos())
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setInterval(cursor_interval_ms)
        self._cursor_timer.timeout.connect(self._sample_cursor)

        self._app = QApplication.instance()
        if self._app is not None:
            self._app.focusChanged.connect(self._on_focus_changed)
            self._app.focusWindowChanged.connect(self._on_focus_window_changed)
        self._refocus()
        self._cursor_timer.start()
        self._arm()

    # -- state ------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.idle.locked

    @property
    def app_filter_installed(self) -> bool:
        """Whether this controller filters the whole application (only while locked)."""
        return self._app_filter

    def lock(self) -> None:
        self.idle.lock()

    # -- timing -----------------------------------------------------------------------------

    def _arm(self) -> None:
        if self.idle.locked:
            return
        self._timer.start(max(1, math.ceil(self.idle.remaining() * 1000)))

    def _check(self) -> None:
        if not self.idle.poll():
            self._arm()

    def _sample_cursor(self) -> None:
        pos = QPoint(self._cursor_pos())
        under = QApplication.widgetAt(pos)
        if pos != self._last_pos and under is not None:
            self.idle.activity()
        self._last_pos = pos
        self._hovered = under
        self._rewatch()

    # -- what is filtered -------------------------------------------------------------------

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._refocus()

    def _on_focus_window_changed(self, _window: object) -> None:
        self._refocus()

    def _refocus(self) -> None:
        # With no focus widget, keys go to the active window itself.
        self._focus_target = QApplication.focusWidget() or QApplication.activeWindow()
        self._rewatch()

    def _rewatch(self) -> None:
        """Filter exactly the focus target and the hovered widget (none while locked or shut)."""
        wanted: list[QWidget] = []
        if not self._shut and not self.idle.locked:
            for widget in (self._focus_target, self._hovered):
                if widget is not None and isValid(widget) and not any(widget is w for w in wanted):
                    wanted.append(widget)
        for widget in self._watched:
            # A deleted widget took its filter list with it.
            if isValid(widget) and not any(widget is w for w in wanted):
                widget.removeEventFilter(self)
        for widget in wanted:
            if not any(widget is w for w in self._watched):
                widget.installEventFilter(self)
        self._watched = wanted

    def _set_app_filter(self, on: bool) -> None:
        if on == self._app_filter or self._app is None:
            return
        if on:
            self._app.installEventFilter(self)
        else:
            self._app.removeEventFilter(self)
        self._app_filter = on

    # -- events -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Resize:
            self._fit_overlay()
        if kind not in _INPUT:
            return False
        if not self.idle.locked:
            if kind in _ACTIVITY:
                self.idle.activity()
            return False
        # Locked: input for the window goes to the overlay only.
        widget = watched if isinstance(watched, QWidget) else watched.parent()  # a QShortcut's widget
        if isinstance(widget, QWidget) and widget.window() is self._window:
            return not (widget is self.overlay or self.overlay.isAncestorOf(widget))
        return False

    # -- locking and unlocking --------------------------------------------------------------

    def _fit_overlay(self) -> None:
        self.overlay.setGeometry(self._window.rect())

    def _on_lock_changed(self, locked: bool) -> None:
        if locked:
            self._timer.stop()
            self._cursor_timer.stop()
            self._rewatch()  # drops the per-widget filters: the application filter sees all
            if not self._shut:
                self._set_app_filter(True)
            session = None
            try:
                session = auth.current_session(self._db)
            except Exception:  # noqa: BLE001 - the keyring may be unusable; still lock
                log.info("no session for the lock screen", exc_info=True)
            self.overlay.who_label.setText(
                self.tr("当前窗口人员：{name}").format(name=session.display_name) if session else ""
            )
            self.overlay.error_label.hide()
            self.overlay.password_edit.clear()
            self._fit_overlay()
            self.overlay.show()
            self.overlay.raise_()
            self.overlay.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.overlay.hide()
            self.overlay.password_edit.clear()
            self._set_app_filter(False)
            if not self._shut:
                self._refocus()
                self._last_pos = QPoint(self._cursor_pos())
                self._cursor_timer.start()
                self._arm()
        emit(self.locked_changed, locked)

    def try_unlock(self) -> None:
        if not self.idle.locked or self._verifying:
            return
        password = self.overlay.password_edit.text()
        if not password:
            self._show_error(self.tr("请输入密码"))
            return
        self._verifying = True
        self.overlay.unlock_button.setEnabled(False)
        self.runner.submit(operations.unlock, self._db, password, on_done=self._unlocked, on_error=self._refused)

    def _unlocked(self, _info: auth.SessionInfo) -> None:
        self._verifying = False
        self.overlay.unlock_button.setEnabled(True)
        self.idle.unlock()

    def _refused(self, exc: BaseException) -> None:
        self._verifying = False
        self.overlay.unlock_button.setEnabled(True)
        self.overlay.password_edit.clear()
        if isinstance(exc, auth.WrongPassword):
            if exc.remaining is not None:
                text = self.tr("密码不正确，还可以再试 {n} 次").format(n=exc.remaining)
            else:
                text = self.tr("密码不正确")
        elif isinstance(exc, auth.AccountLocked):
            text = self.tr("账号已锁定，请于 {time} 后再试").format(time=local_hhmm(exc.until))
        elif isinstance(exc, auth.LoginError):
            text = exc.message
        else:
            log.info("unlock failed", exc_info=(type(exc), exc, exc.__traceback__))
            text = self.tr("解锁时出错：{error}").format(error=exc)
        self._show_error(text)

    def _show_error(self, text: str) -> None:
        self.overlay.error_label.setText(text)
        self.overlay.error_label.show()
        emit(self.unlock_failed, text)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Remove every event filter, stop the timers, wait for a running check; safe twice,
        and after the window (and this with it) is gone."""
        if self._shut or not isValid(self):
            return
        self._shut = True
        self._timer.stop()
        self._cursor_timer.stop()
        if self._app is not None:
            self._app.focusChanged.disconnect(self._on_focus_changed)
            self._app.focusWindowChanged.disconnect(self._on_focus_window_changed)
        self._set_app_filter(False)
        self._focus_target = self._hovered = None
        self._rewatch()
        self._app = None
        if self._own_runner:
            self.runner.shutdown()
