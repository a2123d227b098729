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


def test_the_catalogue_compiled_ahead_of_the_log_in_is_the_one_the_warm_up_uses(counter_db, monkeypatch):
    import threading

    monkeypatch.setattr(auth, "current_session", lambda db: None)
    policies._cache.clear()
    real = policies._compile
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def compile_slowly(session):
        calls.append(1)
        started.set()
        release.wait(timeout=60)
        return real(session)

    monkeypatch.setattr(policies, "_compile", compile_slowly)
    ahead = policies.compile_ahead(counter_db)
    assert started.wait(timeout=60)
    warmed: list[policies.CompiledCatalogue] = []
    warm = threading.Thread(target=lambda: warmed.append(operations.warm_up_catalogue(counter_db)))
    looked, real_hit = threading.Event(), policies._cache._hit

    def hit(key, stamp):
        if threading.current_thread() is warm:
            looked.set()  # found nothing compiled: it goes on to the per-library lock
        return real_hit(key, stamp)

    monkeypatch.setattr(policies._cache, "_hit", hit)
    warm.start()  # asks while the compilation ahead is in progress
    assert looked.wait(timeout=60)
    release.set()
    ahead.join(timeout=60)
    warm.join(timeout=60)
    assert not ahead.is_alive() and not warm.is_alive()
    assert calls == [1]  # one compilation, not a second beside the first
    assert warmed[0] is policies.compiled_catalogue(counter_db)
    assert len(warmed[0].items) > 0


def test_a_compilation_ahead_that_fails_says_so_in_the_log_and_leaves_the_warm_up_to_try(counter_db, monkeypatch,
                                                                                       caplog):
    import logging

    policies._cache.clear()
    real = policies._compile

    def broken(session):
        raise OSError("disk I/O error")

    monkeypatch.setattr(policies, "_compile", broken)
    errors: list[object] = []
    monkeypatch.setattr("threading.excepthook", errors.append)
    with caplog.at_level(logging.INFO, logger="kuaixiang_desktop.services.policies"):
        policies.compile_ahead(counter_db).join(timeout=60)
    assert errors == []  # nothing escapes the thread
    assert "catalogue not compiled ahead of the log-in: disk I/O error" in caplog.text
    monkeypatch.setattr(policies, "_compile", real)
    assert len(operations.warm_up_catalogue(counter_db).items) > 0  # nothing cached from the failure
