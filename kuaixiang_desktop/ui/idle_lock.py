"""The idle lock: after some minutes without key or mouse activity the window is covered.

:class:`IdleLockController` installs an application-wide event filter that tells
``services.auth.IdleLock`` about every key press, mouse press, mouse move and wheel turn, and
a single-shot ``QTimer`` that wakes up when the lock could be due (re-armed with the time
remaining; no polling loop).  When the lock falls, an opaque overlay covers the window (a
child widget, not a modal dialog: the rest of the desktop stays usable) and asks for the
logged-in clerk's password; ``services.auth.verify_current`` checks it on a worker, with the
same failure counting and lock-out as a log-in.  While locked, input meant for the window
anywhere but the overlay is swallowed.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..services import auth
from ..store.database import Database
from .login_dialog import local_hhmm
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
_INPUT = _ACTIVITY | {QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.Shortcut,
                      QEvent.Type.ShortcutOverride}


def _verify(db: Database, password: str) -> auth.SessionInfo:
    # Worker thread; looked up at call time so tests can replace services.auth.verify_current.
    return auth.verify_current(db, password)


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
    ):
        super().__init__(window)
        self._window = window
        self._db = db if db is not None else getattr(window, "db")
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self, max_threads=1)
        self._verifying = False
        self.idle = auth.IdleLock(timeout if timeout is not None else policy.idle_timeout)
        self.idle.subscribe(self._on_lock_changed)

        self.overlay = LockOverlay(window)
        self.overlay.unlock_button.clicked.connect(self.try_unlock)
        self.overlay.password_edit.returnPressed.connect(self.try_unlock)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

        app = QApplication.instance()
        self._app = app
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)
        self._arm()

    # -- state ------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.idle.locked

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
        self.runner.submit(_verify, self._db, password, on_done=self._unlocked, on_error=self._refused)

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
        """Remove the event filter, stop the timer, wait for a running check; safe twice."""
        self._timer.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        if self._own_runner:
            self.runner.shutdown()
