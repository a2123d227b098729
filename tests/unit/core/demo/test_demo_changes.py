"""Demo registry changes (kuaixiang_core/demo/changes): what the sync benchmark's update round
sends, so it must be a real change of one to three things, and the same every time."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kuaixiang_core.demo.changes import changed_record
from kuaixiang_core.demo.enterprises import generate_chunk

TODAY = dt.date(2026, 5, 20)  # after 1 May: some demo firms hold this year's 科技型中小企业 already


def test_every_record_changes_in_one_to_three_things_and_the_same_way_twice():
    records = [d.record for d in generate_chunk(3, 0, 2000, today=TODAY)]
    for rec in records:
        once, again = changed_record(rec, 7, TODAY), changed_record(rec, 7, TODAY)
        assert once == again and once != rec, rec.credit_code
        assert once.credit_code == rec.credit_code and once.name == rec.name
        changed_facts = set(once.facts) - set(rec.facts)
        columns = [f.name for f in dataclasses.fields(rec)
                   if f.name not in ("facts", "tags") and getattr(rec, f.name) != getattr(once, f.name)]
        assert 1 <= len(changed_facts) + len(columns) + (once.tags != rec.tags) <= 3, rec.credit_code
        assert set(columns) <= {"employees", "contact_phone"}
        # Facts are only added or corrected in place: nothing dropped.
        assert {(f.name, f.valid_on) for f in rec.facts} <= {(f.name, f.valid_on) for f in once.facts}
    # Another seed is another change.
    assert sum(changed_record(r, 8, TODAY) != changed_record(r, 7, TODAY) for r in records[:200]) > 150
