"""代办申请 wizard: from an item to a printed receipt, with the clerk's keys counted.

Every filing test works on a private copy of the counter database (``counter_db``); the
enterprise and items are found by matching, as the counter finds them.  Printing goes to Qt's
PDF printer ("pdf:PATH"), so "printed" means a PDF page exists on disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QScrollBar, QWizard
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications, apply_context
from kuaixiang_desktop.services.applications import Agent, ApplyRefused, MaterialInput, list_applications
from kuaixiang_desktop.services.apply_context import ItemMaterial
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.ui import agent_validation as av
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.apply_wizard import AGENT_PAGE, DONE_PAGE, MATERIALS_PAGE, REVIEW_PAGE, ApplyWizard
from kuaixiang_desktop.ui.models.materials_model import Attached, MaterialsModel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner

VALID_ID = "11010519491231002X"
WRONG_CHECK_DIGIT = "110105194912310021"
PHONE = "13800138000"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier

MATERIALS = [
    ItemMaterial("申请表", required=True, originals=1, copies=0, note="加盖公章"),
    ItemMaterial("营业执照复印件", required=True, originals=0, copies=1, note=None),
    ItemMaterial("经营场所照片", required=False, originals=1, copies=0, note=None),
]

# A 1×1 PNG and a "%PDF-" file: the attachments service checks content, not names.
PNG = QImage(1, 1, QImage.Format.Format_RGB32)


def _png(path: Path) -> Path:
    PNG.fill(0xFFFFFF)
    assert PNG.save(str(path), "PNG")
    return path


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


# -- finding what to apply for ------------------------------------------------------------------


@pytest.fixture(scope="session")
def apply_cases(counter_db_path) -> dict[str, tuple[str, str]]:
    """{"plain": (credit_code, item_id) of an eligible window/online item without 容缺,
    "deferred": one whose item allows 容缺受理}, as matching shows them today."""
    db = open_client_db(counter_db_path)
    try:
        cat = compiled_catalogue(db)
        today = clock.today()
        with db.engine.connect() as conn:
            codes = [row[0] for row in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 600"))]
        found: dict[str, tuple[str, str]] = {}
        for code in codes:
            for line in match_enterprise(db, code, today, catalogue=cat).items:
                item = cat.by_id[line.item_id]
                open_now = not ((item.apply_from and today < item.apply_from) or (item.apply_to and today > item.apply_to))
                required = [m for m in item.materials if m.required]
                if line.verdict != "eligible" or line.mode not in ("window", "online") or not open_now:
                    continue
                if len(required) < 3:
                    continue
                if not item.allows_deferred:
                    kind = "plain"
                elif all(item.may_follow(m.name) for m in required):
                    kind = "deferred"
                else:
                    kind = "named"  # only some materials may follow (the catalogue's deferred block)
                found.setdefault(kind, (code, item.id))
            if len(found) == 3:
                return found
        if {"plain", "deferred"} <= found.keys():
            return found
    finally:
        db.close()
    pytest.fail(f"no demo enterprise qualifies for both kinds of item: {found}")


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def pdf_out(tmp_path) -> Path:
    return tmp_path / "printed.pdf"


@pytest.fixture
def printer(runner, pdf_out):
    return DocumentPrinter(runner, lambda: PrintSettings(printer=f"pdf:{pdf_out}", paper="a4", preview=False))


@pytest.fixture
def make_wizard(qtbot, counter_db, runner, printer, apply_cases):
    """A wizard for one of ``apply_cases`` (or any code/item), loaded before it is returned."""

    def make(case: str = "plain", *, code: str | None = None, item: str | None = None, show: bool = False,
             wait_loaded: bool = True, **kwargs) -> ApplyWizard:
        credit_code, item_id = apply_cases.get(case, (None, None))
        wizard = ApplyWizard(counter_db, runner, printer, code or credit_code, item or item_id, **kwargs)
        qtbot.addWidget(wizard)
        if wait_loaded:
            with qtbot.waitSignal(wizard.loaded, timeout=20000):
                pass
        if show:
            with qtbot.waitActive(wizard):
                wizard.show()
                wizard.activateWindow()
        return wizard

    yield make
    runner.wait()


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _ime_commit(widget, value: str) -> None:
    """Chinese arrives through the input method, as a commit (QTest only types ASCII)."""
    for char in value:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def _fill_agent(wizard: ApplyWizard, name=None, id_number=VALID_ID, phone=PHONE) -> None:
    """The legal representative in person unless ``name`` says otherwise (no 授权委托书)."""
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(name or wizard.context.legal_rep)
    ui.idEdit.setText(id_number)
    ui.phoneEdit.setText(phone)


def _to_review(qtbot, wizard: ApplyWizard) -> None:
    wizard.next()
    assert wizard.currentId() == AGENT_PAGE
    _fill_agent(wizard)
    wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    qtbot.waitUntil(lambda: not wizard.forms.checking)


def _file(qtbot, wizard: ApplyWizard):
    with qtbot.waitSignal(wizard.filed, timeout=20000) as blocker:
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    return blocker.args[0]


def _pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


# -- the materials model ------------------------------------------------------------------------


def test_materials_model_passes_the_model_tester(qtmodeltester, tmp_path):
    model = MaterialsModel()
    qtmodeltester.check(model)
    model.set_materials(MATERIALS)
    qtmodeltester.check(model)
    model.mark_all_received()
    model.set_attachment(0, Attached(tmp_path / "a.pdf", "a.pdf", 2048, "application/pdf", "0" * 64))
    qtmodeltester.check(model)
    model.set_materials([])
    qtmodeltester.check(model)


def test_materials_model_counts_checks_and_inputs():
    model = MaterialsModel()
    model.set_materials(MATERIALS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "材料", "必需", "已收取", "原件", "复印件", "附件"]
    assert model.missing_required() == ["申请表", "营业执照复印件"]
    copies = model.index(1, MaterialsModel.COPIES)
    assert model.data(copies) == 1  # the catalogue's number
    assert model.flags(copies) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(copies, 3)
    assert not model.setData(copies, 100)  # 0–99
    assert not model.setData(copies, -1)
    assert not model.setData(copies, "两份")
    assert model.data(copies) == 3
    received = model.index(0, MaterialsModel.RECEIVED)
    assert model.flags(received) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(received, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.data(received, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.missing_required() == ["营业执照复印件"]
    model.set_received(1, True)
    assert model.material_inputs() == [
        MaterialInput("申请表", None, 1, 0, True), MaterialInput("营业执照复印件", None, 0, 3, True)]


def test_materials_model_takes_file_urls_dropped_on_a_row(qtbot, tmp_path):
    model = MaterialsModel()
    model.set_materials(MATERIALS)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "scan.pdf"))])
    target = model.index(1, MaterialsModel.NAME)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    # A move would let the file manager delete the clerk's original.
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    words = QMimeData()
    words.setText("申请表")
    assert not model.canDropMimeData(words, Qt.DropAction.CopyAction, -1, -1, target)
    with qtbot.waitSignal(model.files_dropped) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assert blocker.args == [1, [tmp_path / "scan.pdf"]]
    with qtbot.waitSignal(model.files_dropped) as blocker:
        model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert blocker.args[0] == -1  # on the table, not on a row: the wizard picks the current row


# -- as-typed agent checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "final", "state", "says"),
    [
        ("", False, av.HINT, "请输入"),
        ("1101051949", False, av.HINT, "还差8位"),
        ("1101051949", True, av.ERROR, "应为18位，实际为10位"),
        ("11010519491231002X1", False, av.ERROR, "应为18位，已输入19位"),
        ("11010A", False, av.ERROR, "第6位「A」不是数字"),
        ("11010519491331", False, av.ERROR, "出生日期「19491331」不是有效日期"),
        (WRONG_CHECK_DIGIT, False, av.ERROR, "第18位校验位应为「X」，实际为「1」"),
        (VALID_ID.lower(), False, av.OK, ""),
    ],
)
def test_id_number_is_judged_as_typed(value, final, state, says):
    check = av.check_id_number(value, final=final)
    assert check.state == state
    assert says in check.message


@pytest.mark.parametrize(
    ("value", "final", "state", "says"),
    [
        ("138", False, av.HINT, "还差8位"),
        ("138", True, av.ERROR, "应为11位，实际为3位"),
        ("23800138000", False, av.ERROR, "应以 1 开头"),
        ("12800138000", False, av.ERROR, "第2位应为 3–9"),
        ("138001380001", False, av.ERROR, "应为11位，已输入12位"),
        ("138-0013-8000", False, av.OK, ""),
        ("1380013800o", False, av.ERROR, "「o」不是数字"),
    ],
)
def test_phone_is_judged_as_typed(value, final, state, says):
    check = av.check_phone(value, final=final)
    assert check.state == state
    assert says in check.message


def test_name_is_judged_as_typed():
    assert av.check_name("张", final=False).state == av.HINT
    assert "实际为 1 个字" in av.check_name("张", final=True).message
    assert av.check_name("张三1", final=False).state == av.ERROR
    assert av.check_name(" 张三 ").ok


# -- the whole visit, counted -------------------------------------------------------------------


def test_happy_path_takes_seven_keys_from_opening_to_printed_receipt(qtbot, make_wizard, counter_db, pdf_out):
    wizard = make_wizard("plain", show=True)
    assert wizard.currentId() == MATERIALS_PAGE
    presses: list[str] = []

    def press(key, modifiers=NONE, label=""):
        presses.append(label or str(key))
        qtbot.keyClick(_focus(), key, modifiers)

    def type_ascii(value: str):
        qtbot.keyClicks(_focus(), value)  # typing, not counted

    press(Qt.Key.Key_A, CTRL | SHIFT, "Ctrl+Shift+A")
    assert wizard.model.missing_required() == []
    press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == AGENT_PAGE
    assert _focus() is wizard.agent_page.ui.nameEdit
    _ime_commit(_focus(), wizard.context.legal_rep)  # in person: no 授权委托书
    press(Qt.Key.Key_Tab, label="Tab")
    assert _focus() is wizard.agent_page.ui.idEdit
    type_ascii(VALID_ID)
    press(Qt.Key.Key_Tab, label="Tab")
    assert _focus() is wizard.agent_page.ui.phoneEdit
    type_ascii(PHONE)
    press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == REVIEW_PAGE
    assert "材料齐全" in wizard.review_page.ui.outcomeLabel.text()
    assert "1101**********002X" in wizard.review_page.ui.agentValue.text()
    with qtbot.waitSignal(wizard.filed, timeout=20000) as filed:
        press(Qt.Key.Key_Return, label="Enter")
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    result = filed.args[0]
    assert result.status == "accepted" and result.receipt_no and result.missing == []
    assert wizard.result is result
    ui = wizard.done_page.ui
    assert ui.receiptValue.text() == result.receipt_no
    assert ui.printReceiptButton.isVisible() and not ui.printNoticeButton.isVisible()
    with qtbot.waitSignal(wizard.receipt_printed, timeout=30000) as printed:
        press(Qt.Key.Key_P, CTRL, "Ctrl+P")

    assert presses == ["Ctrl+Shift+A", "Enter", "Tab", "Tab", "Enter", "Enter", "Ctrl+P"]
    assert len(presses) == 7
    assert printed.args[0].destination == str(pdf_out)
    assert pdf_out.is_file() and _pages(pdf_out) == 1
    record = applications.show(counter_db, result.application_id)
    assert record.status == "accepted" and record.receipt_no == result.receipt_no
    assert record.agent.name == wizard.context.legal_rep
    # Enter closes at the end.
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert not wizard.isVisible()
    assert QDialog.result(wizard) == QDialog.DialogCode.Accepted


def test_missing_materials_give_a_draft_and_a_printed_notice(qtbot, make_wizard, counter_db, pdf_out):
    wizard = make_wizard("plain")
    wizard.model.set_received(0, True)
    missing = wizard.model.missing_required()
    assert len(missing) >= 2
    _to_review(qtbot, wizard)
    assert "存为草稿" in wizard.review_page.ui.outcomeLabel.text()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "存为草稿 (Enter)"
    assert wizard.review_page.ui.missingValue.text() == "、".join(missing)
    result = _file(qtbot, wizard)
    assert result.status == "draft" and result.receipt_no is None and result.missing == missing
    ui = wizard.done_page.ui
    assert "草稿" in ui.statusLabel.text()
    assert not ui.printReceiptButton.isVisibleTo(wizard) and ui.printNoticeButton.isVisibleTo(wizard)
    with qtbot.waitSignal(wizard.notice_printed, timeout=30000) as printed:
        wizard.print_notice()
    assert printed.args[0].title.startswith("一次性告知单")
    assert _pages(pdf_out) >= 1
    [row] = list_applications(counter_db)
    assert row.status == "draft"
    with qtbot.waitSignal(wizard.message_shown) as shown:
        wizard.print_receipt()
    assert "没有受理回执" in shown.args[1]


def test_item_allowing_deferred_materials_is_accepted_with_a_deadline(qtbot, make_wizard, counter_db, pdf_out):
    wizard = make_wizard("deferred")
    assert wizard.context.item.allows_deferred
    wizard.model.set_received(0, True)
    missing = wizard.model.missing_required()
    _to_review(qtbot, wizard)
    outcome = wizard.review_page.ui.outcomeLabel.text()
    deadline = wizard.context.deferred_deadline
    assert "容缺受理" in outcome and deadline.isoformat() in outcome
    result = _file(qtbot, wizard)
    assert result.status == "accepted" and result.receipt_no
    assert result.missing == missing and result.deferred_deadline == deadline
    ui = wizard.done_page.ui
    assert ui.statusLabel.text() == "已容缺受理"
    assert ui.deadlineValue.text() == deadline.isoformat()
    assert ui.printReceiptButton.isVisibleTo(wizard) and ui.printNoticeButton.isVisibleTo(wizard)
    with qtbot.waitSignal(wizard.receipt_printed, timeout=30000):
        wizard.print_receipt()
    with qtbot.waitSignal(wizard.notice_printed, timeout=30000):
        wizard.print_notice()
    assert _pages(pdf_out) >= 1


# -- the agent page -----------------------------------------------------------------------------


def test_wrong_id_check_digit_is_named_and_blocks_next(qtbot, make_wizard):
    wizard = make_wizard("plain", show=True)
    wizard.next()
    page = wizard.agent_page
    qtbot.keyClicks(page.ui.nameEdit, "Li Lei")
    qtbot.keyClicks(page.ui.idEdit, WRONG_CHECK_DIGIT)
    qtbot.keyClicks(page.ui.phoneEdit, PHONE)
    assert "第18位校验位应为「X」，实际为「1」" in page.ui.idMessage.text()
    assert page.ui.idMessage.property("alert") is True
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClick(page.ui.phoneEdit, Qt.Key.Key_Return)
    assert wizard.currentId() == AGENT_PAGE
    assert _focus() is page.ui.idEdit  # Enter puts the cursor where the slip is
    page.ui.idEdit.setText(VALID_ID)
    assert page.ui.idMessage.text() == "✓"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_short_phone_is_an_error_once_the_clerk_leaves_it(qtbot, make_wizard):
    wizard = make_wizard("plain", show=True)
    wizard.next()
    page = wizard.agent_page
    qtbot.keyClicks(page.ui.phoneEdit, "1380013")
    assert page.ui.phoneMessage.text() == "已输入7位，还差4位"
    assert page.ui.phoneMessage.property("alert") is False
    page.ui.phoneEdit.editingFinished.emit()
    assert page.ui.phoneMessage.text() == "手机号码应为11位，实际为7位"
    assert page.ui.phoneMessage.property("alert") is True


def test_refusal_for_an_agent_field_returns_to_that_field(qtbot, make_wizard, counter_db, monkeypatch):
    def refuse(*args, **kwargs):
        raise ApplyRefused("经办人手机号码无效：该号码已停机", field="agent_phone")

    monkeypatch.setattr(apply_context, "file_application", refuse)
    wizard = make_wizard("plain", show=True)
    wizard.mark_all_received()
    _to_review(qtbot, wizard)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000):
        wizard.next()
    assert wizard.currentId() == AGENT_PAGE
    assert wizard.agent_page.ui.phoneMessage.text() == "经办人手机号码无效：该号码已停机"
    assert _focus() is wizard.agent_page.ui.phoneEdit
    assert wizard.result is None


def test_a_second_application_for_the_same_item_is_refused_on_the_review_page(qtbot, make_wizard, counter_db,
                                                                              apply_cases):
    code, item_id = apply_cases["plain"]
    wizard = make_wizard("plain")
    first = applications.file_application(
        counter_db, code, item_id, Agent("王五", VALID_ID, PHONE),
        [MaterialInput(row.name) for row in wizard.model.rows()], device_id="TEST")
    wizard.mark_all_received()
    _to_review(qtbot, wizard)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    assert first.application_id in shown.args[1] and "不能重复申请" in shown.args[1]
    assert wizard.review_page.ui.messageLabel.text() == shown.args[1]
    assert len(list_applications(counter_db)) == 1


# -- attachments --------------------------------------------------------------------------------


def _drop(view, row: int, paths: list[Path]) -> None:
    """Drag enter, move and drop on the row's cell, as a file manager delivers them."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = view.visualRect(view.model().index(row, 0)).center()
    args = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(at, *args), QDragMoveEvent(at, *args)):
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted(), "the row refused the drag"
    drop = QDropEvent(QPointF(at), *args)
    QApplication.sendEvent(view.viewport(), drop)
    assert drop.isAccepted()


def test_a_file_dropped_onto_a_row_is_attached_to_that_material(qtbot, make_wizard, tmp_path):
    wizard = make_wizard("plain", show=True)
    scan = _png(tmp_path / "营业执照.png")
    with qtbot.waitSignal(wizard.attached, timeout=20000) as attached:
        _drop(wizard.materials_view, 1, [scan])
    row, attachment = attached.args
    assert row == 1
    material = wizard.model.row(1)
    assert material.attachment == attachment and material.received
    assert attachment.mime == "image/png" and attachment.source == scan
    assert wizard.model.data(wizard.model.index(1, MaterialsModel.ATTACHMENT)).startswith("营业执照.png")
    assert wizard.model.material_inputs()[0].file == scan


def test_an_unsupported_file_is_refused_and_changes_nothing(qtbot, make_wizard, tmp_path):
    wizard = make_wizard("plain", show=True)
    notes = tmp_path / "说明.pdf"
    notes.write_text("这不是 PDF，只是改了扩展名", encoding="utf-8")
    before = wizard.model.rows()
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        _drop(wizard.materials_view, 0, [notes])
    level, message = shown.args
    assert level == "error"
    assert message.startswith("未添加附件：说明.pdf：只接受 PDF、JPEG、PNG 或 OFD 文件")
    assert wizard.materials_page.ui.messageLabel.text() == message
    assert wizard.model.rows() == before


def test_a_batch_with_one_bad_file_attaches_none(qtbot, make_wizard, tmp_path):
    wizard = make_wizard("plain")
    good, bad = _png(tmp_path / "a.png"), tmp_path / "b.txt"
    bad.write_text("x", encoding="utf-8")
    before = wizard.model.rows()
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.attach_files([good, bad], [0, 1])
    assert "b.txt" in shown.args[1]
    assert wizard.model.rows() == before


def test_the_file_dialog_attaches_to_the_selected_material(qtbot, make_wizard, tmp_path):
    wizard = make_wizard("plain", show=True)
    wizard.materials_view.selectRow(2)
    scan = _pdf(tmp_path / "scan.pdf")
    dialog = wizard.open_file_dialog()
    assert isinstance(dialog, QFileDialog) and dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.isVisible() and dialog.isModal()
    dialog.selectFile(str(scan))
    with qtbot.waitSignal(wizard.attached, timeout=20000) as attached:
        dialog.accept()
    assert attached.args[0] == 2
    assert wizard.model.row(2).attachment.mime == "application/pdf"
    qtbot.waitUntil(lambda: wizard.file_dialog is None)


def test_scanner_import_takes_the_newest_fresh_scans(qtbot, make_wizard, tmp_path):
    wizard = make_wizard("plain", show=True)
    wizard.materials_view.selectRow(0)
    with qtbot.waitSignal(wizard.message_shown) as shown:
        wizard.import_from_scanner()
    assert "还没有设置扫描仪文件夹" in shown.args[1]

    folder = tmp_path / "scans"
    wizard.scanner_folder = str(folder)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.import_from_scanner()
    assert "扫描仪文件夹不存在" in shown.args[1]

    folder.mkdir()
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.import_from_scanner()
    assert "扫描仪文件夹里没有文件" in shown.args[1]

    now = time.time()
    yesterday = _png(folder / "yesterday.png")
    os.utime(yesterday, (now - 86400, now - 86400))
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.import_from_scanner()
    assert "没有最近 30 分钟内扫描的文件" in shown.args[1] and "yesterday.png" in shown.args[1]

    first, second = _png(folder / "scan-001.png"), _pdf(folder / "scan-002.pdf")
    (folder / "scan-003.pdf.tmp").write_bytes(b"%PDF-")  # still being written
    os.utime(first, (now - 60, now - 60))
    os.utime(second, (now - 30, now - 30))
    with qtbot.waitSignal(wizard.attached, timeout=20000) as attached:
        wizard.import_from_scanner()
    assert attached.args[0] == 0 and attached.args[1].source == second  # the newest

    wizard.materials_view.selectRow(1)
    with qtbot.waitSignal(wizard.attached, timeout=20000) as attached:
        wizard.import_from_scanner()
    assert attached.args[0] == 1 and attached.args[1].source == first  # the newest not yet used

    wizard.materials_view.selectRow(2)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.import_from_scanner()
    assert "都已添加过" in shown.args[1]
    assert wizard.model.row(2).attachment is None


def test_ctrl_i_imports_from_the_scanner_onto_selected_rows_in_scan_order(qtbot, make_wizard, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    now = time.time()
    for n, name in enumerate(["p1.png", "p2.png"]):
        os.utime(_png(folder / name), (now - 20 + n, now - 20 + n))
    wizard = make_wizard("plain", show=True, scanner_folder=str(folder))
    view = wizard.materials_view
    view.selectRow(0)
    view.selectionModel().select(wizard.model.index(1, 0), view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)
    with qtbot.waitSignals([wizard.attached, wizard.attached], timeout=20000):
        qtbot.keyClick(view, Qt.Key.Key_I, CTRL)
    assert wizard.model.row(0).attachment.source.name == "p1.png"
    assert wizard.model.row(1).attachment.source.name == "p2.png"


def test_space_ticks_the_current_material_whatever_the_column(qtbot, make_wizard):
    wizard = make_wizard("plain", show=True)
    view = wizard.materials_view
    view.setCurrentIndex(wizard.model.index(1, MaterialsModel.NAME))
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert wizard.model.row(1).received
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not wizard.model.row(1).received


def test_enter_in_a_count_confirms_it_without_turning_the_page(qtbot, make_wizard):
    wizard = make_wizard("plain", show=True)
    view = wizard.materials_view
    copies = wizard.model.index(0, MaterialsModel.COPIES)
    view.setCurrentIndex(copies)
    view.edit(copies)
    editor = view.indexWidget(copies) or QApplication.focusWidget()
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert wizard.model.row(0).copies == 3
    assert wizard.currentId() == MATERIALS_PAGE
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)  # the next Enter does
    assert wizard.currentId() == AGENT_PAGE


# -- failures -----------------------------------------------------------------------------------


@pytest.mark.allow_log_warnings
def test_a_service_failure_while_filing_is_shown_and_files_nothing(qtbot, make_wizard, counter_db, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "磁盘空间不足")

    monkeypatch.setattr(apply_context, "file_application", broken)
    wizard = make_wizard("plain", show=True)
    wizard.mark_all_received()
    _to_review(qtbot, wizard)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        wizard.next()
    assert shown.args[0] == "error" and "受理失败，申请没有保存" in shown.args[1] and "磁盘空间不足" in shown.args[1]
    assert wizard.currentId() == REVIEW_PAGE
    assert wizard.review_page.ui.messageLabel.isVisible()
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # the clerk may try again
    assert wizard.result is None
    assert list_applications(counter_db) == ()


def test_an_item_the_enterprise_cannot_apply_for_stops_on_the_first_page(qtbot, make_wizard, apply_cases):
    code, _ = apply_cases["plain"]
    wizard = make_wizard(code=code, item="no-such-item", wait_loaded=False)
    with qtbot.waitSignal(wizard.message_shown, timeout=20000) as shown:
        pass
    assert "没有编号为 no-such-item 的政策事项" in shown.args[1]
    assert not wizard.materials_page.isComplete()
    assert wizard.model.rowCount() == 0


def test_closing_while_loading_drops_the_load(qtbot, make_wizard, runner):
    wizard = make_wizard("plain", wait_loaded=False)
    with qtbot.waitSignal(runner.dropped, timeout=20000):
        wizard.reject()
        assert not wizard.busy
    assert wizard.context is None


def test_every_control_on_every_page_has_a_chinese_name(make_wizard):
    import re

    from kuaixiang_desktop.ui.accessibility import focusable

    wizard = make_wizard(show=True)
    unnamed = [f"{type(w).__name__} {w.objectName()} {w.accessibleName()!r}" for w in focusable(wizard)
               if not re.search(r"[\u4e00-\u9fff]", w.accessibleName()) and not isinstance(w, QScrollBar)]
    assert not unnamed
