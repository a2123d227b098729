"""The enterprise's rating screen (好差评, docs/ratings.md): a full-screen dialog that faces the
enterprise — on a second screen when the window has one, else the clerk turns the monitor.

The rule it keeps: **the clerk never rates on the enterprise's behalf.** The five levels,
the reasons and the submit button take no keyboard focus, have no shortcut or mnemonic, and
the dialog ignores every key but Esc (which closes it without a rating) and the typing of
the optional comment; a level is chosen only by a touch or a click on the screen itself.

Designed to be driven by an evaluator pad later: :meth:`choose`, :meth:`toggle_reason`,
:meth:`set_comment` and :meth:`submit` are what the screen's own buttons call, and a pad's
driver calls the same (or ``services.ratings.rate`` directly, as ``kuaixiang rating add``
does). The rating is written on the dialog's own worker.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kuaixiang_core.domain import ratings

from ..services import ratings as rating_service
from ..services.database import Database
from . import operations
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

# Level colours, green to red, readable at a distance.
_COLOURS = {
    ratings.VERY_SATISFIED: "#1b7f3b", ratings.SATISFIED: "#3f9b4f", ratings.BASIC: "#8a8f1f",
    ratings.DISSATISFIED: "#c26a00", ratings.VERY_DISSATISFIED: "#c62828",
}
THANKS_MS = 2500  # how long the thanks stay before the screen closes itself


def _untouchable(button: QPushButton) -> QPushButton:
    """A button only a touch or a click presses: no focus, so no Space or Enter."""
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


class RatingDialog(QDialog):
    """``rated(RatingView)`` once the rating is stored; closed without one, nothing is kept."""

    rated = Signal(object)
    refused = Signal(str)

    def __init__(self, db: Database, banjian: rating_service.Banjian, parent: QWidget | None = None, *,
                 hall_line: str = "", thanks_ms: int = THANKS_MS):
        super().__init__(parent)
        self.setObjectName("ratingDialog")
        self.setWindowTitle(self.tr("服务评价"))
        self.setModal(True)
        self._db = db
        self.banjian = banjian
        self.level: str | None = None
        self.result_view: rating_service.RatingView | None = None
        self._thanks_ms = thanks_ms
        self.runner = TaskRunner(self, max_threads=1)
        self.setStyleSheet(
            "#ratingDialog { background: #f4f6f9; }"
            " QPushButton[level] { color: white; border-radius: 14px; font-size: 26px; padding: 18px; }"
            " QPushButton[level]:checked { border: 6px solid #1f2d3d; }"
            " QCheckBox { font-size: 20px; padding: 8px; } QCheckBox::indicator { width: 28px; height: 28px; }"
            " #ratingSubmit { font-size: 24px; padding: 16px 48px; background: #1565c0; color: white;"
            " border-radius: 12px; } #ratingSubmit:disabled { background: #9fb3c8; }"
            " #ratingSkip { font-size: 18px; padding: 12px 28px; }"
        )

        title = QLabel(self.tr("请您对本次服务作出评价"))
        title.setObjectName("ratingTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(title.font())
        font.setPointSize(28)
        font.setBold(True)
        title.setFont(font)
        what = QLabel(f"{banjian.title}\n{self.tr('办件编号')} {banjian.number}" + (f"\n{hall_line}" if hall_line else ""))
        what.setObjectName("ratingWhat")
        what.setAlignment(Qt.AlignmentFlag.AlignCenter)
        what.setStyleSheet("font-size: 18px; color: #3b4654;")

        self.level_buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        levels = QHBoxLayout()
        levels.setSpacing(18)
        names = {
            ratings.VERY_SATISFIED: self.tr("非常满意"), ratings.SATISFIED: self.tr("满意"),
            ratings.BASIC: self.tr("基本满意"), ratings.DISSATISFIED: self.tr("不满意"),
            ratings.VERY_DISSATISFIED: self.tr("非常不满意"),
        }
        for level in ratings.LEVELS:
            button = _untouchable(QPushButton(names[level]))
            button.setObjectName(f"level_{level}")
            button.setProperty("level", level)
            button.setCheckable(True)
            button.setMinimumSize(180, 120)
            button.setStyleSheet(f"background: {_COLOURS[level]};")
            button.clicked.connect(lambda _checked=False, lv=level: self.choose(lv))
            self.group.addButton(button)
            levels.addWidget(button)
            self.level_buttons[level] = button

        self.reasons_box = QWidget()
        self.reasons_box.setObjectName("ratingReasons")
        grid = QGridLayout(self.reasons_box)
        prompt = QLabel(self.tr("请选择不满意的原因（可多选）："))
        prompt.setStyleSheet("font-size: 20px; font-weight: bold;")
        grid.addWidget(prompt, 0, 0, 1, 3)
        reason_names = {
            "long_wait": self.tr("排队等候时间长"), "slow": self.tr("办理时间长、效率低"),
            "repeat_visits": self.tr("多次跑动"), "unclear_materials": self.tr("材料要求不清楚或前后不一"),
            "attitude": self.tr("服务态度不好"), "unskilled": self.tr("业务不熟练、解释不清"),
            "policy_unclear": self.tr("政策告知不清楚"), "system": self.tr("系统或设备故障"),
            ratings.OTHER: self.tr("其他（请在下方写明）"),
        }
        self.reason_boxes: dict[str, QCheckBox] = {}
        for i, code in enumerate(ratings.REASONS):
            box = QCheckBox(reason_names[code])
            box.setObjectName(f"reason_{code}")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.toggled.connect(self._update_submit)
            grid.addWidget(box, 1 + i // 3, i % 3)
            self.reason_boxes[code] = box

        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("ratingComment")
        self.comment_edit.setPlaceholderText(self.tr("意见和建议（选填，最多 {n} 字）").format(n=ratings.MAX_COMMENT))
        self.comment_edit.setMaximumHeight(90)
        # Only a touch or click puts the cursor in the comment: keys pressed at the window
        # before that go nowhere (the dialog itself holds the focus and ignores them).
        self.comment_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.comment_edit.setStyleSheet("font-size: 18px;")
        self.comment_edit.textChanged.connect(self._update_submit)

        self.message = QLabel()
        self.message.setObjectName("ratingMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 20px; color: #c62828;")
        self.message.setWordWrap(True)

        self.submit_button = _untouchable(QPushButton(self.tr("提交评价")))
        self.submit_button.setObjectName("ratingSubmit")
        self.submit_button.clicked.connect(self.submit)
        self.skip_button = _untouchable(QPushButton(self.tr("暂不评价")))
        self.skip_button.setObjectName("ratingSkip")
        self.skip_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.skip_button)
        actions.addSpacing(24)
        actions.addWidget(self.submit_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 24, 60, 24)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(what)
        layout.addStretch(1)
        layout.addLayout(levels)
        layout.addWidget(self.reasons_box)
        layout.addWidget(self.comment_edit)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        layout.addStretch(1)

        self.reasons_box.hide()
        self._update_submit()
        # Nothing on the screen holds the keyboard but the comment: no key reaches a level.
        self.comment_edit.installEventFilter(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # not the comment: see keyPressEvent

    # -- what the screen's buttons (or a pad) do --------------------------------------------

    def choose(self, level: str) -> None:
        if level not in ratings.LEVELS:
            return
        self.level = level
        self.level_buttons[level].setChecked(True)
        negative = level in ratings.NEGATIVE
        self.reasons_box.setVisible(negative)
        if not negative:
            for box in self.reason_boxes.values():
                box.setChecked(False)
        self.message.clear()
        self._update_submit()

    def toggle_reason(self, code: str) -> None:
        if code in self.reason_boxes and self.level in ratings.NEGATIVE:
            box = self.reason_boxes[code]
            box.setChecked(not box.isChecked())

    def set_comment(self, text: str) -> None:
        self.comment_edit.setPlainText(text)

    def reasons(self) -> list[str]:
        return [code for code, box in self.reason_boxes.items() if box.isChecked()]

    def _problem(self) -> str | None:
        if self.level is None:
            return self.tr("请先选择满意程度")
        try:
            ratings.check_rating(self.level, self.reasons(), self.comment_edit.toPlainText())
        except ratings.RatingError as exc:
            return {"reason": self.tr("请选择至少一项原因"), "comment": self.tr("请写明意见")}.get(exc.field, exc.message)
        return None

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(self._problem() is None)

    def submit(self) -> None:
        problem = self._problem()
        if problem is not None:
            self.message.setText(problem)
            return
        self.submit_button.setEnabled(False)
        for button in self.level_buttons.values():
            button.setEnabled(False)
        self.runner.submit(operations.rate, self._db, self.banjian.number, self.level, self.reasons(),
                           self.comment_edit.toPlainText(), on_done=self._stored, on_error=self._failed)

    def _stored(self, view: rating_service.RatingView) -> None:
        self.result_view = view
        self.reasons_box.hide()
        self.comment_edit.hide()
        self.submit_button.hide()
        self.skip_button.hide()
        self.message.setStyleSheet("font-size: 28px; color: #1b7f3b;")
        self.message.setText(self.tr("感谢您的评价！"))
        emit(self.rated, view)
        QTimer.singleShot(self._thanks_ms, self.accept)

    def _failed(self, exc: BaseException) -> None:
        for button in self.level_buttons.values():
            button.setEnabled(True)
        self._update_submit()
        text = exc.message if isinstance(exc, rating_service.RatingRefused) else self.tr("评价未能保存：{error}").format(error=exc)
        if not isinstance(exc, rating_service.RatingRefused):
            log.error("rating failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.message.setText(text)
        emit(self.refused, text)

    # -- the keyboard rule -----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.result_view is None:
            self.reject()
        event.accept()  # nothing else: no key picks a level, a reason or submits

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.comment_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Tab or key == Qt.Key.Key_Backtab:
                return True  # the comment is the one stop: Tab never lands on a button
            if key == Qt.Key.Key_Escape:
                self.reject()
                return True
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)

    # -- where it shows ----------------------------------------------------------------------

    def show_facing(self) -> None:
        """Full screen on the second screen (the enterprise's) when there is one, else this one."""
        screens = QGuiApplication.screens()
        here = self.parentWidget().screen() if self.parentWidget() is not None else QGuiApplication.primaryScreen()
        other = [s for s in screens if s is not here]
        target = other[0] if other else here
        if target is not None:
            self.setGeometry(target.geometry())
        self.showFullScreen()
