"""The catalogue's warm-up at start: compiled with the matcher of the clerk's hall region
only, the other regions' built right after (or by their first match), the same either way."""

from __future__ import annotations

from kuaixiang_desktop.services import auth, matching, policies
from kuaixiang_desktop.store.models import Enterprise, Hall
from kuaixiang_desktop.ui import operations


def _session(hall_code: str) -> auth.SessionInfo:
    return auth.SessionInfo(username="clerk01", display_name="张三", hall_code=hall_code, hall_name=None,
                            window=None, role="clerk", mode="offline", server=None,
                            logged_in_at="2026-12-06T01:00:00Z", expires_at=None, has_token=False)


def test_the_warm_up_builds_the_halls_region_and_the_rest_come_after(counter_db, monkeypatch):
    with counter_db.sessions.begin() as s:
        s.add(Hall(code="371522-07", name="莘县古云镇便民服务中心", region_code="371522"))
    monkeypatch.setattr(auth, "current_session", lambda db: _session("371522-07"))
    assert auth.hall_region(counter_db) == "371522"

    cat = operations.warm_up_catalogue(counter_db)
    assert set(cat.matchers) == {"371522"}  # the start pays for one region's, not fifteen
    operations.build_matchers(counter_db)
    assert set(cat.matchers) == set(cat.by_region)
    assert policies.compiled_catalogue(counter_db) is cat


def test_a_match_builds_its_regions_matcher_and_agrees_with_one_built_ahead(counter_db, monkeypatch):
    monkeypatch.setattr(auth, "current_session", lambda db: None)
    assert auth.hall_region(counter_db) is None
    cat = operations.warm_up_catalogue(counter_db)
    assert set(cat.matchers) == {""}  # no clerk: the city's
    with counter_db.sessions() as s:
        codes = [e.credit_code for e in s.query(Enterprise).order_by(Enterprise.id).limit(40)]
    lazily = [matching.match_enterprise(counter_db, c, catalogue=cat) for c in codes]
    assert len(cat.matchers) > 1  # built by the matches
    cat.matchers.clear()
    cat.build_matchers()
    again = [matching.match_enterprise(counter_db, c, catalogue=cat) for c in codes]
    assert [m.to_json() for m in lazily] == [m.to_json() for m in again]


def test_hall_region_of_a_hall_not_known_here_is_none(counter_db, monkeypatch):
    monkeypatch.setattr(auth, "current_session", lambda db: _session("999999-09"))
    assert auth.hall_region(counter_db) is None
