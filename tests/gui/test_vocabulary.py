"""One vocabulary across window, CLI and documents (issue 14, point 12): the words the window
marks for translation are the core's (kuaixiang_core.domain.vocabulary), which the CLI and the
printed documents use, so 需核实 on the screen is 需核实 in a terminal and on paper."""

from __future__ import annotations

from kuaixiang_core.domain import vocabulary
from kuaixiang_desktop.printing import checklist as checklist_printing
from kuaixiang_desktop.ui import labels
from kuaixiang_desktop.ui.models import applications_model, catalogue_model, policy_tree_model


def test_the_window_speaks_the_core_vocabulary():
    assert policy_tree_model._GROUP_NAMES == vocabulary.GROUP_NAMES
    assert policy_tree_model._MODES == vocabulary.MODE_NAMES
    assert policy_tree_model._RESULT_NAMES == vocabulary.RESULT_NAMES
    assert catalogue_model.MODE_LABELS == vocabulary.MODE_NAMES
    assert applications_model.STATUS_LABELS == vocabulary.STATUS_NAMES
    assert labels._SIZE_CLASSES == vocabulary.SIZE_CLASS_NAMES


def test_the_printed_checklist_speaks_it_too():
    assert checklist_printing._MODES == vocabulary.MODE_NAMES
    for group, heading in checklist_printing._GROUP_HEADINGS.items():
        assert heading.startswith(vocabulary.GROUP_NAMES[group].split("（")[0]), (group, heading)


def test_no_screen_command_or_document_says_another_word_for_it():
    """待核实 was the CLI's word for the window's 需核实: one word, everywhere a clerk reads."""
    from pathlib import Path

    package = Path(checklist_printing.__file__).resolve().parents[1]
    said = [str(p.relative_to(package)) for p in package.rglob("*.py") if "待核实" in p.read_text(encoding="utf-8")]
    assert not said


def test_the_departments_steps_are_the_cores_words_and_read_in_english_in_an_english_window(qapp):
    import datetime as dt

    from PySide6.QtCore import QLocale

    from kuaixiang_core.domain import payout_course
    from kuaixiang_desktop.services.course import CourseStep
    from kuaixiang_desktop.ui.i18n import install_translations, remove_translations

    assert labels._COURSE_STEPS == payout_course.STEP_NAMES
    paid = CourseStep("pay", dt.date(2026, 12, 20), None, 600_000, None)
    notice = CourseStep("publicity", dt.date(2026, 12, 10), dt.date(2026, 12, 17), None, None)
    # The window's words are the service's (and the printed 办理进度告知单's) in Chinese.
    assert labels.course_line(paid) == paid.text() == "2026-12-20 拨付 6,000.00 元"
    assert labels.course_line(notice) == notice.text()
    translators = install_translations(qapp, QLocale(QLocale.Language.English))
    try:
        assert labels.course_line(paid) == "2026-12-20 Paid out 6,000.00 yuan"
        assert labels.course_summary(notice) == "Public notice until 2026-12-17 (2026-12-10)"
    finally:
        remove_translations(qapp, translators)
