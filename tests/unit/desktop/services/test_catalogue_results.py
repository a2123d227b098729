"""The catalogue, outreach and statistics services hand out frozen values; the CLI's JSON made
from them keeps the keys, and the order of keys, of DESIGN §7."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import catalogue_search, golden, outreach, policies, reach, statistics
from kuaixiang_desktop.services.policies import import_catalogue

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
AS_OF = "2026-06-01"

ITEM_KEYS = ["item_id", "title", "mode", "department", "category", "document", "effective_from", "effective_to",
             "promised_days", "benefit"]
DETAIL_KEYS = ITEM_KEYS + ["apply_from", "apply_to", "allows_deferred", "where", "body", "materials", "rule",
                           "conditions", "tests"]


def _json(capsys, *argv):
    code = main(["--json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_the_cli_json_keeps_its_keys_in_order(capsys, writable_demo_db):
    db = str(writable_demo_db.path)
    import_catalogue(writable_demo_db, MINI)
    _, listed = _json(capsys, "--db", db, "policy", "list")
    assert listed and all(list(i) == ITEM_KEYS for i in listed)
    assert list(listed[0]["document"]) == ["id", "doc_no", "title", "level", "region"]
    _, shown = _json(capsys, "--db", db, "policy", "show", "lc-wengang")
    assert list(shown) == DETAIL_KEYS
    assert list(shown["materials"][0]) == ["name", "required", "originals", "copies", "note"]
    assert list(shown["conditions"][0]) == ["text", "fact", "op", "clause"]
    assert isinstance(shown["rule"], dict) and isinstance(shown["tests"], int)
    code, page = _json(capsys, "--db", db, "reach", "lc-wengang", "--as-of", AS_OF, "--limit", "2")
    assert code == 0 and list(page) == ["item_id", "title", "as_of", "in_force", "total", "enterprises"]
    assert page["as_of"] == AS_OF and len(page["enterprises"]) == 2
    assert list(page["enterprises"][0]) == ["credit_code", "name", "region_code", "region_name", "size_class"]
    _, run = _json(capsys, "rules", "test", str(MINI))
    assert list(run) == ["passed", "failed", "errors", "failures", "summary"]


def test_golden_failures_and_errors_print_as_before(capsys, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text(encoding="utf-8").replace('amount: "6000.00"', 'amount: "6000.01"'),
                      encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("documents: [\n", encoding="utf-8")
    result = golden.run_path(tmp_path)
    assert (result.passed, result.failed, len(result.errors)) == (5, 1, 1)
    assert result.summary == "5 passed, 1 failed, 1 errors"
    [failure] = result.to_json()["failures"]
    assert list(failure) == ["file", "item_id", "test", "line", "message"] and failure["file"] == "broken.yaml"


@pytest.mark.parametrize("module", [policies, catalogue_search, reach, outreach, statistics, golden])
def test_results_are_frozen_and_slotted(module):
    results = [v for v in vars(module).values()
               if dataclasses.is_dataclass(v) and isinstance(v, type) and v.__module__ == module.__name__
               and v is not policies.CompiledCatalogue]  # the cache's own handle, not a result
    assert results
    for cls in results:
        params = cls.__dataclass_params__
        assert params.frozen and "__slots__" in vars(cls), cls.__name__


def test_a_reach_page_is_a_value(writable_demo_db):
    import_catalogue(writable_demo_db, MINI)
    day = dt.date.fromisoformat(AS_OF)
    page = reach.reach(writable_demo_db, "lc-wengang", day, limit=3)
    assert page.as_of == day and isinstance(page.enterprises, tuple)
    assert page == reach.reach(writable_demo_db, "lc-wengang", day, limit=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.total = 0  # type: ignore[misc]
