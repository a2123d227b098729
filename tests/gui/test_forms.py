"""The committed ui/generated modules are what pyside6-uic makes of forms/*.ui today."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture
def compile_forms(tools_module):
    return tools_module("compile_forms")


def test_every_form_has_a_current_generated_module(compile_forms):
    forms = compile_forms.forms()
    assert {f.name for f in forms} >= {"main_window.ui", "enterprise_card.ui"}
    stale = [str(target) for _, target in compile_forms.stale_forms()]
    assert not stale, f"stale generated forms (run python tools/compile_forms.py): {stale}"
    assert not compile_forms.orphans(), "generated modules without a form"


def test_generated_modules_carry_the_generated_header_and_import(compile_forms):
    for form in compile_forms.forms():
        target = compile_forms.generated_path(form)
        head = target.read_text(encoding="utf-8")[:600]
        assert f"Form generated from reading UI file '{form.name}'" in head
        assert "All changes made in this file will be lost" in head
        importlib.import_module(f"kuaixiang_desktop.ui.generated.{target.stem}")


def test_the_staleness_check_sees_a_changed_form(compile_forms, tmp_path):
    form = compile_forms.FORMS_DIR / "main_window.ui"
    changed = tmp_path / form.name
    changed.write_text(form.read_text(encoding="utf-8").replace("窗口服务", "窗口服务（改）"), encoding="utf-8")
    committed = compile_forms.generated_path(form).read_text(encoding="utf-8")
    assert compile_forms.comparable(compile_forms.compile_form(changed)) != compile_forms.comparable(committed)
    # ... while another uic version alone is not a difference
    other_version = committed.replace("Compiler version 6.", "Compiler version 7.")
    assert compile_forms.comparable(other_version) == compile_forms.comparable(committed)
