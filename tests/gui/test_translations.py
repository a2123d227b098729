"""Every string the GUI passes through tr() has a finished English translation, compiled."""

from __future__ import annotations

import pytest


@pytest.fixture
def translations(tools_module):
    return tools_module("update_translations")


@pytest.mark.parametrize("language", ["en"])
def test_ts_covers_every_string_in_the_code(translations, language):
    problems = translations.problems(language)
    assert not problems, "run python tools/update_translations.py and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["en"])
def test_qm_is_compiled_from_the_current_ts(translations, language):
    assert translations.qm_is_current(language), "run python tools/update_translations.py --release"


def test_the_check_sees_an_untranslated_string(translations, tmp_path, monkeypatch):
    ts = translations.ts_path("en")
    broken = tmp_path / ts.name
    text = ts.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("<translation>Small</translation>", '<translation type="unfinished"></translation>'),
        encoding="utf-8",
    )
    monkeypatch.setattr(translations, "ts_path", lambda language: broken)
    assert translations.problems("en") == ["unfinished: [SizeClass] '小型'"]
