"""The apply wizard's papers to sign: the 授权委托书 when the agent is not the legal
representative, and the 容缺受理承诺书 after 容缺受理 (ui.apply_forms)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from kuaixiang_desktop.services import applications, authorisations
from kuaixiang_desktop.services.applications import list_applications

from . import test_apply_wizard as wizard_tests
from .test_apply_wizard import CTRL, DONE_PAGE, PHONE, REVIEW_PAGE, SHIFT, VALID_ID, _file, _pages

# The wizard's fixtures, shared (pytest finds fixtures among a module's names).
apply_cases = wizard_tests.apply_cases
runner = wizard_tests.runner
pdf_out = wizard_tests.pdf_out
printer = wizard_tests.printer
make_wizard = wizard_tests.make_wizard

STRANGER = "司马测试员"  # never a demo legal representative


def _to_review_as(qtbot, wizard, name: str):
    wizard.next()
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(name)
    ui.idEdit.setText(VALID_ID)
    ui.phoneEdit.setText(PHONE)
    with qtbot.waitSignal(wizard.forms.need_known, timeout=20000) as known:
        wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    return known.args[0]


def test_an_agent_who_is_not_the_legal_rep_must_bring_the_authorisation(qtbot, make_wizard, counter_db):
    wizard = make_wizard("plain")
    wizard.mark_all_received()
    need = _to_review_as(qtbot, wizard, STRANGER)
    assert need.match == authorisations.DIFFERENT and need.legal_rep == wizard.context.legal_rep
    ui = wizard.review_page.ui
    assert ui.authorisationGroup.isVisibleTo(wizard) and ui.printAuthorisationButton.isVisibleTo(wizard)
    assert STRANGER in ui.authorisationNote.text() and wizard.context.legal_rep in ui.authorisationNote.text()
    assert "授权委托书" in ui.missingValue.text() and "存为草稿" in ui.outcomeLabel.text()
    result = _file(qtbot, wizard)
    assert result.status == "draft" and result.missing[-1].startswith("授权委托书")
    [row] = list_applications(counter_db)
    assert row.status == "draft"


def test_the_signed_authorisation_is_accepted_kept_and_offered_next_time(qtbot, make_wizard, counter_db):
    wizard = make_wizard("plain")
    wizard.mark_all_received()
    _to_review_as(qtbot, wizard, STRANGER)
    ui = wizard.review_page.ui
    ui.receivedBox.setChecked(True)
    assert ui.untilEdit.isEnabled() and "材料齐全" in ui.outcomeLabel.text()
    until = ui.untilEdit.date().toPython()
    result = _file(qtbot, wizard)
    assert result.status == "accepted"
    record = applications.show(counter_db, result.application_id)
    assert any(m.name.startswith("授权委托书") and m.received for m in record.materials)
    agent = applications.Agent(STRANGER, VALID_ID, PHONE)
    on_file = authorisations.find_on_file(counter_db, record.credit_code, agent, record.item_id)
    assert on_file is not None and on_file.valid_to == until
    # Next visit, another item of the same enterprise would offer it: here the same item again.
    applications.transition(counter_db, result.application_id, "withdrawn", "重新办理")
    again = make_wizard("plain")
    again.mark_all_received()
    need = _to_review_as(qtbot, again, STRANGER)
    assert need.on_file == on_file
    box = again.review_page.ui.onFileBox
    assert box.isVisibleTo(again) and box.isChecked() and until.isoformat() in box.text()
    assert "材料齐全" in again.review_page.ui.outcomeLabel.text()
    assert _file(qtbot, again).status == "accepted"


def test_the_legal_rep_in_person_files_without_one_and_enter_waits_for_the_check(qtbot, make_wizard):
    wizard = make_wizard("plain")
    wizard.mark_all_received()
    wizard.next()
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(wizard.context.legal_rep)
    ui.idEdit.setText(VALID_ID)
    ui.phoneEdit.setText(PHONE)
    wizard.next()
    # Enter at once, while the check may still run: it files as soon as the answer is in.
    with qtbot.waitSignal(wizard.filed, timeout=20000) as filed:
        wizard.next()
    assert filed.args[0].status == "accepted"
    assert not wizard.review_page.ui.authorisationGroup.isVisibleTo(wizard)


def test_when_unsure_the_clerk_confirms_the_legal_rep(qtbot, make_wizard):
    wizard = make_wizard("plain")
    wizard.mark_all_received()
    rep = wizard.context.legal_rep
    typo = rep[:-1] + ("甲" if rep[-1] != "甲" else "乙")
    need = _to_review_as(qtbot, wizard, typo if len(rep) >= 3 else rep + "某")
    assert need.match == authorisations.UNSURE
    ui = wizard.review_page.ui
    assert ui.legalRepBox.isVisibleTo(wizard) and "存为草稿" in ui.outcomeLabel.text()
    ui.legalRepBox.setChecked(True)
    assert "材料齐全" in ui.outcomeLabel.text() and not ui.receivedBox.isVisibleTo(wizard)
    assert _file(qtbot, wizard).status == "accepted"


def test_the_prefilled_authorisation_prints(qtbot, make_wizard, pdf_out):
    wizard = make_wizard("plain", show=True)
    wizard.mark_all_received()
    _to_review_as(qtbot, wizard, STRANGER)
    with qtbot.waitSignal(wizard.form_printed, timeout=30000) as printed:
        qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_W, CTRL | SHIFT)
    assert printed.args[0].destination == str(pdf_out) and _pages(pdf_out) == 1


def test_deferred_acceptance_prints_the_pledge(qtbot, make_wizard, counter_db, pdf_out):
    wizard = make_wizard("deferred", show=True)
    wizard.model.set_received(0, True)
    _to_review_as(qtbot, wizard, wizard.context.legal_rep)
    assert "容缺受理承诺书" in wizard.review_page.ui.outcomeLabel.text()
    result = _file(qtbot, wizard)
    assert wizard.currentId() == DONE_PAGE and result.deferred_deadline
    ui = wizard.done_page.ui
    assert ui.printPledgeButton.isVisibleTo(wizard)
    with qtbot.waitSignal(wizard.form_printed, timeout=30000):
        qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_G, CTRL | SHIFT)
    assert _pages(pdf_out) == 1
    record = applications.show(counter_db, result.application_id)
    assert [r.kind for r in record.receipts] == ["pledge"]


def test_no_pledge_to_print_without_deferral(qtbot, make_wizard):
    wizard = make_wizard("plain")
    wizard.mark_all_received()
    _to_review_as(qtbot, wizard, wizard.context.legal_rep)
    _file(qtbot, wizard)
    assert not wizard.done_page.ui.printPledgeButton.isVisibleTo(wizard)
    with qtbot.waitSignal(wizard.message_shown) as shown:
        wizard.forms.print_pledge()
    assert "不是容缺受理" in shown.args[1]


def test_a_dishonest_enterprise_is_offered_a_draft_not_a_pledge(qtbot, make_wizard):
    wizard = make_wizard("deferred")
    wizard.context = dataclasses.replace(wizard.context, dishonest=True)
    _to_review_as(qtbot, wizard, wizard.context.legal_rep)
    outcome = wizard.review_page.ui.outcomeLabel.text()
    assert "失信" in outcome and "存为草稿" in outcome


def test_a_material_the_item_does_not_let_follow_gives_a_draft(qtbot, make_wizard, apply_cases):
    if "named" not in apply_cases:
        pytest.skip("no demo enterprise qualifies for an item naming its 容缺 materials")
    wizard = make_wizard("named")
    _to_review_as(qtbot, wizard, wizard.context.legal_rep)  # nothing received
    outcome = wizard.review_page.ui.outcomeLabel.text()
    assert "不能容缺补交" in outcome and "存为草稿" in outcome
