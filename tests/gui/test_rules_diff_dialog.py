"""政策沙盘 in the catalogue room: a new catalogue file's impact, worked out in a worker, shown
per item; its lint findings below; a bad file named with its line; nothing imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.rules_diff import diff_catalogues
from kuaixiang_desktop.ui.models.rules_diff_model import RulesDiffModel
from kuaixiang_desktop.ui.rooms.catalogue_room import CatalogueRoom
from kuaixiang_desktop.ui.rules_diff_dialog import RulesDiffDialog
from kuaixiang_desktop.ui.tasks import TaskRunner

TODAY = dt.date(2026, 6, 1)
DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "demo.yaml"


@pytest.fixture
def edited(tmp_path):
    """The demo catalogue with every 12-month requirement lowered to 6 and one item dropped."""
    text = DEMO.read_text(encoding="utf-8").replace('op: ">=", value: 12', 'op: ">=", value: 6')
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def dialog(qtbot, counter_db):
    d = RulesDiffDialog(counter_db, today_fn=lambda: TODAY)
    qtbot.addWidget(d)
    yield d
    d.runner.shutdown()


def test_the_impact_of_a_new_file_is_shown_per_item_as_the_service_counts_it(qtbot, dialog, counter_db, edited, qtmodeltester):
    before = len(compiled_catalogue(counter_db).items)
    dialog.set_file(edited)
    with qtbot.waitSignal(dialog.shown, timeout=60_000):
        dialog.run_button.click()
    expected = diff_catalogues(counter_db, None, edited, TODAY)
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(expected.items) > 0
    rows = [model.row(r) for r in range(model.rowCount())]
    assert [(r.item_id, r.gain, r.lose) for r in rows] == [(r.item_id, r.gain, r.lose) for r in expected.items]
    assert any(r.gain for r in rows)
    first = model.index(0, RulesDiffModel.CHANGE)
    assert model.data(first) == "改动" and model.data(model.index(0, RulesDiffModel.ITEM_ID)) == rows[0].item_id
    assert "新增 0、删去 0、改动" in dialog.totals_label.text()
    assert "edited.yaml" in dialog.findings.toPlainText() or dialog.findings.toPlainText() == "没有发现问题"
    assert "3,000 家企业" in dialog.message()
    assert len(compiled_catalogue(counter_db).items) == before  # nothing imported


def test_a_file_that_does_not_import_shows_its_errors_and_no_impact(qtbot, dialog, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(DEMO.read_text(encoding="utf-8").replace('op: ">=", value: 12', 'op: ">=", value: 十二', 1),
                    encoding="utf-8")
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.shown, timeout=60_000):
        dialog.run()
    assert dialog.model.rowCount() == 0 and "broken.yaml" in dialog.message()
    assert "broken.yaml 第" in dialog.findings.toPlainText() and "import_error" in dialog.findings.toPlainText()


def test_a_file_that_is_not_a_catalogue_is_named_with_its_line(qtbot, dialog, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("documents: [\n  {id: a\n", encoding="utf-8")
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.run()
    assert "x.yaml" in failed.args[0] and "第" in failed.args[0] and dialog.run_button.isEnabled()


@pytest.mark.qt_log_ignore(r"does not support (raise\(\)|propagateSizeHints)")  # the offscreen platform; not ours
def test_the_catalogue_room_opens_it(qtbot, counter_db):
    runner = TaskRunner()
    room = CatalogueRoom(counter_db, runner, today_fn=lambda: TODAY)
    qtbot.addWidget(room)
    try:
        opened = room.open_sandbox()
        assert isinstance(opened, RulesDiffDialog) and opened.isVisible()
        assert opened.date_edit.date().toPython() == TODAY
        assert room.open_sandbox() is opened  # one at a time
        room.shutdown()  # the window closing closes it, its runner stopped
        assert not opened.isVisible() and opened.runner.closed
    finally:
        runner.shutdown()
