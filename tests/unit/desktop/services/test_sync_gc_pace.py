"""sync_enterprises.fewer_collections: the collector's pace while enterprises are pulled is
raised and always put back, also when two pulls overlap or one fails."""

from __future__ import annotations

import gc

import pytest

from kuaixiang_desktop.services.sync_enterprises import PULL_GC_THRESHOLD, fewer_collections


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_raised_while_pulling_and_put_back_after_overlapping_pulls(thresholds):
    with fewer_collections():
        assert gc.get_threshold() == PULL_GC_THRESHOLD
        with fewer_collections():  # a second round on another library
            assert gc.get_threshold() == PULL_GC_THRESHOLD
        assert gc.get_threshold() == PULL_GC_THRESHOLD  # the first is still pulling
    assert gc.get_threshold() == (700, 10, 10)


def test_put_back_when_the_pull_fails(thresholds):
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("network")
    assert gc.get_threshold() == (700, 10, 10)


def test_never_lowered_nor_switched_on(thresholds):
    gc.set_threshold(500_000, 100, 200)  # someone's higher thresholds stay
    with fewer_collections():
        assert gc.get_threshold() == (500_000, 100, 200)
    gc.set_threshold(0)  # automatic collection off: it stays off
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0
