"""The bench's ``rules_diff`` case runs (small, to check that it works, not how fast)."""

from __future__ import annotations

from kuaixiang_desktop.bench import rules_diff
from kuaixiang_desktop.services.policies import compiled_catalogue


def test_the_rules_diff_case_reports_its_edits_time_and_baseline(counter_db):
    before = len(compiled_catalogue(counter_db).items)
    metric = rules_diff.run(counter_db, seed=3)
    assert metric["name"] == "rules_diff" and metric["enterprises"] == 3000 and metric["items"] == before
    assert metric["removed"] > 0 and metric["added"] > 0
    assert metric["items_compared"] >= metric["added"] + metric["removed"]
    assert metric["seconds"] > 0 and metric["baseline_sample"] > 0 and metric["ratio"] is not None
    assert len(compiled_catalogue(counter_db).items) == before  # the edits were never imported


def test_the_edits_move_thresholds_and_amounts_of_a_copy():
    data = {"documents": [{"id": "d", "items": [
        {"id": f"i{n}", "rule": {"all": [{"fact": "employees", "op": ">=", "value": 10}]}, "benefit": {"amount": "100"}}
        for n in range(60)]}]}
    out, edits = rules_diff.edited(data, seed=1)
    assert edits["thresholds_moved"] == 3 and edits["removed"] == 20 and edits["added"] > 0
    assert len(out["documents"][0]["items"]) == 60 - 20 + edits["added"]
    assert all(i["rule"]["all"][0]["value"] == 10 for i in data["documents"][0]["items"])  # the original untouched
    values = [i["rule"]["all"][0]["value"] for i in out["documents"][0]["items"]]
    assert {8.0, 12.0} & set(values)
