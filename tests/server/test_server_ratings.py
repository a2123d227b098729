"""好差评 and the course after 受理 on the server (issue 16, items 2 and 5), against a real server
process per backend: what a rating may name, one per 办件, exactly once by its UUID, the
follow-up only the hall's supervisor closes, and the department's steps with the
transitions the course refuses."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import select

from kuaixiang_core.domain import clock, ratings
from kuaixiang_server import auth, cli
from kuaixiang_server.models import Clerk, Rating

from .conftest import PASSWORD, device_short_id, latest_cursor, login, pull_all
from .test_server_push import accepted, push

HALL_A, HALL_B = "371502-01", "371581-01"


def rating(number: str, level: str = ratings.SATISFIED, *, reasons: list[str] | None = None,
           comment: str | None = None, rating_id: str | None = None, **extra) -> dict:
    rating_id = rating_id or str(uuid.uuid4())
    payload = {"id": rating_id, "banjian_no": number, "level": level, "reasons": reasons or [], "comment": comment,
               "rated_at": "2026-12-06T02:00:00Z", **extra}
    return {"key": rating_id, "kind": "rating.given", "entity_id": rating_id, "payload": payload,
            "created_at": "2026-12-06T02:00:00Z"}


def close(rating_id: str, action: str = "已回访企业，调整窗口排班") -> dict:
    key = str(uuid.uuid4())
    return {"key": key, "kind": "followup.closed", "entity_id": rating_id,
            "payload": {"rating_id": rating_id, "action": action, "closed_at": "2026-12-06T03:00:00Z"},
            "created_at": "2026-12-06T03:00:00Z"}


def _filed(server, http, token: str, hall: str = HALL_A) -> dict:
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), hall=hall)
    [result] = push(http, token, entry)
    assert result["status"] == "applied", result
    return entry


@pytest.fixture
def supervisor_token(server, http) -> str:
    with server.db.write() as s:
        if s.scalars(select(Clerk).where(Clerk.username == "dcf-boss")).first() is None:
            auth.add_clerk(s, "dcf-boss", PASSWORD, HALL_A, display_name="大厅负责人", window=None, role="supervisor")
    return login(http, "dcf-boss", PASSWORD)


def test_a_rating_of_the_halls_own_receipt_is_taken_once_and_a_second_is_refused(server, http, demo_token):
    app = _filed(server, http, demo_token)
    number = app["payload"]["receipt_no"]
    first = rating(number, ratings.VERY_SATISFIED, comment="很快", window="99", hall_code=HALL_B)
    [r] = push(http, demo_token, first)
    assert r["status"] == "applied", r
    assert r["server"]["banjian_no"] == number and r["server"]["level_name"] == "非常满意"
    # The window is the token's (the clerk's device: window 01), whatever the payload says.
    assert r["server"]["window"] == "01" and r["server"]["hall_code"] == HALL_A and r["server"]["followup"] is None
    assert r["server"]["application_id"] == app["key"] and r["server"]["clerk"] == "demo"
    [again] = push(http, demo_token, first)
    assert again["status"] == "duplicate" and again["server"] == r["server"]
    [second] = push(http, demo_token, rating(number, ratings.DISSATISFIED, reasons=["long_wait"]))
    assert second["status"] == "rejected" and "一件一评" in second["message"]
    with server.db.read() as s:
        assert len(s.scalars(select(Rating).where(Rating.banjian_no == number)).all()) == 1


def test_a_rating_for_another_halls_banjian_is_refused_as_an_unknown_one(server, http, demo_token, linqing_token):
    theirs = _filed(server, http, demo_token)
    [r] = push(http, linqing_token, rating(theirs["payload"]["receipt_no"]))
    made_up = f"{HALL_B}-20261126-{device_short_id(HALL_B)}-9999"
    [unknown] = push(http, linqing_token, rating(made_up))
    assert r["status"] == unknown["status"] == "rejected"
    assert r["message"] == unknown["message"] and "本大厅已受理" in r["message"]
    assert theirs["payload"]["receipt_no"] not in r["message"]
    # Hall A can still rate it: hall B's attempt claimed nothing.
    [own] = push(http, demo_token, rating(theirs["payload"]["receipt_no"]))
    assert own["status"] == "applied"


def test_visit_numbers_must_name_the_hall_and_the_tokens_device(server, http, demo_token):
    short = device_short_id(HALL_A)
    [ok] = push(http, demo_token, rating(f"{HALL_A}-20261206-{short}-V0001", ratings.BASIC))
    assert ok["status"] == "applied" and ok["server"]["application_id"] is None
    [other_device] = push(http, demo_token, rating(f"{HALL_A}-20261206-ZZZZ-V0001"))
    assert other_device["status"] == "rejected" and "设备号" in other_device["message"]
    [other_hall] = push(http, demo_token, rating(f"{HALL_B}-20261206-{short}-V0002"))
    assert other_hall["status"] == "rejected" and "本大厅" in other_hall["message"]
    [bad_day] = push(http, demo_token, rating(f"{HALL_A}-20261332-{short}-V0003"))
    assert bad_day["status"] == "rejected"


@pytest.mark.parametrize("change, field", [
    ({"level": "great"}, "level"),
    ({"level": "dissatisfied", "reasons": []}, "reason"),
    ({"level": "dissatisfied", "reasons": ["other"], "comment": None}, "comment"),
    ({"level": "satisfied", "reasons": ["long_wait"]}, "reason"),
    ({"reasons": ["nope"]}, "reason"),
    ({"comment": "长" * 501}, "comment"),
    ({"rated_at": "2099-01-01T00:00:00Z"}, "rated_at"),
    ({"banjian_no": "not-a-number"}, "banjian_no"),
])
def test_bad_ratings_are_refused_naming_the_field(server, http, demo_token, change, field):
    entry = rating(f"{HALL_A}-20261206-{device_short_id(HALL_A)}-V0100")
    entry["payload"].update(change)
    [r] = push(http, demo_token, entry)
    assert r["status"] == "rejected" and field in r["message"], r


def test_a_bad_rating_opens_a_followup_only_the_supervisor_closes(server, http, demo_token, linqing_token,
                                                                   supervisor_token, capsys):
    cursor = latest_cursor(server, "ratings")
    app = _filed(server, http, demo_token)
    entry = rating(app["payload"]["receipt_no"], ratings.VERY_DISSATISFIED, reasons=["long_wait", "attitude"])
    [r] = push(http, demo_token, entry)
    followup = r["server"]["followup"]
    assert followup["closed_at"] is None
    # Counted from the day the enterprise rated (rated_at 2026-12-06T02:00Z is that day in
    # Shanghai), not from today: the test ran green only on that day (a date-bound test).
    assert followup["deadline"] == ratings.followup_deadline(dt.date(2026, 12, 6)).isoformat()
    assert "整改" in r["message"]

    [by_clerk] = push(http, demo_token, close(entry["key"]))
    assert by_clerk["status"] == "rejected" and "负责人" in by_clerk["message"]
    [empty] = push(http, supervisor_token, close(entry["key"], action="  "))
    assert empty["status"] == "rejected" and "action" in empty["message"]
    [by_other_hall] = push(http, linqing_token, close(entry["key"]))
    assert by_other_hall["status"] == "rejected"
    done = close(entry["key"])
    [closed] = push(http, supervisor_token, done)
    assert closed["status"] == "applied", closed
    assert closed["server"]["followup"]["closed_by"] == "dcf-boss"
    assert closed["server"]["followup"]["action"] == "已回访企业，调整窗口排班"
    assert push(http, supervisor_token, done)[0]["status"] == "duplicate"
    [twice] = push(http, supervisor_token, close(entry["key"]))
    assert twice["status"] == "rejected" and "已于" in twice["message"]

    items, _cursor, _pages = pull_all(http, demo_token, "ratings", after=cursor)
    mine = [i for i in items if i["id"] == entry["key"]]
    assert len(mine) == 1 and mine[0]["followup"]["closed_by"] == "dcf-boss"
    assert all(i["hall_code"] == HALL_A for i in items)
    assert not [i for i in pull_all(http, linqing_token, "ratings", after=cursor)[0] if i["hall_code"] == HALL_A]

    db = ["admin", "--db", server.db_url]
    assert cli.main([*db, "ratings", "--followups", "--json"]) == 0
    listed = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    assert listed[entry["key"]]["followup"]["overdue"] is False
    assert cli.main([*db, "ratings", "--open", "--json"]) == 0
    assert entry["key"] not in {i["id"] for i in json.loads(capsys.readouterr().out)}


def test_course_steps_with_their_fields_and_impossible_transitions_refused(server, http, demo_token, capsys):
    cursor = latest_cursor(server, "applications")
    app = _filed(server, http, demo_token)
    today = clock.today().isoformat()
    db = ["admin", "--db", server.db_url]

    def review(*args: str) -> int:
        code = cli.main([*db, "review", app["key"], *args])
        return code

    assert review("publicity", "--until", today) == 2  # not approved yet
    assert "不能记录「公示」" in capsys.readouterr().err
    assert review("pay", "--amount", "5000") == 2
    assert review("correction") == 2  # no review yet
    assert review("review") == 0
    assert review("correction") == 2  # needs what to supply
    assert "须补正" in capsys.readouterr().err
    assert review("correction", "--reason", "补交残疾职工社保缴费证明") == 0
    assert review("approve") == 2  # the correction is pending: review again first
    assert review("review", "--date", "2099-01-01") == 2  # in the future
    assert review("review") == 0
    assert review("approve") == 0
    assert review("publicity", "--until", "2000-01-01") == 2
    assert review("publicity", "--until", today) == 0
    assert review("refuse", "--reason", "晚了") == 2  # approved: no 不予支持 now
    assert review("pay", "--amount", "5000") == 2  # still within the 公示
    assert "公示期满" in capsys.readouterr().err
    assert review("pay", "--amount", "abc", "--date", today) == 2
    capsys.readouterr()

    items, _cursor, _pages = pull_all(http, demo_token, "applications", after=cursor)
    [state] = [i for i in items if i["id"] == app["key"]]
    assert state["status"] == "approved"
    assert [(s["step"], s["reason"]) for s in state["course"]] == [
        ("review", None), ("correction", "补交残疾职工社保缴费证明"), ("review", None), ("approve", None),
        ("publicity", None)]
    assert state["course"][-1]["until"] == today and state["course"][-1]["name"] == "公示"


def test_pay_records_date_and_amount_and_refuse_its_reason(server, http, demo_token, capsys):
    paid, refused = _filed(server, http, demo_token), _filed(server, http, demo_token)
    db = ["admin", "--db", server.db_url]
    today = clock.today().isoformat()
    assert cli.main([*db, "review", paid["key"], "approve"]) == 0
    capsys.readouterr()
    assert cli.main([*db, "review", paid["key"], "pay", "--amount", "4800.50", "--date", today, "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["status"] == "paid"
    assert state["course"][-1] | {"at": None} == {"step": "pay", "name": "拨付", "on": today, "until": None,
                                                  "amount_fen": 480050, "reason": None, "at": None, "by": "admin"}
    assert cli.main([*db, "review", paid["key"], "pay", "--amount", "1"]) == 2  # paid is final
    assert cli.main([*db, "review", refused["key"], "refuse"]) == 2
    capsys.readouterr()
    assert cli.main([*db, "review", refused["key"], "refuse", "--reason", "不符合第六条", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["status"] == "rejected" and state["reason"] == "不符合第六条"
    assert state["course"][-1]["step"] == "refuse"
