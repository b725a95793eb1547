"""The per-process page state (bigadvance/page_state.py): kept for its ttl, dropped on change, last known
value served while the database is down."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from bigadvance.page_state import VERSION_KEY, PageState


@pytest.fixture
def state(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return PageState()


class Loader:
    def __init__(self) -> None:
        self.calls, self.value, self.failing = 0, "first", False

    def __call__(self) -> str:
        self.calls += 1
        if self.failing:
            raise OperationalError("database unreachable")
        return self.value


def test_a_value_is_loaded_once_per_ttl(state, time_machine):
    load = Loader()
    assert [state.get("x", load, ttl=5) for _ in range(3)] == ["first"] * 3 and load.calls == 1
    load.value = "second"
    time_machine.shift(timedelta(seconds=6))
    assert state.get("x", load, ttl=5) == "second" and load.calls == 2


def test_the_last_known_value_is_served_while_the_database_is_down(state, time_machine):
    load = Loader()
    state.get("x", load, ttl=5)
    load.failing = True
    time_machine.shift(timedelta(minutes=5))
    assert state.get("x", load, ttl=5) == "first"
    assert state.get("x", load, ttl=5) == "first" and load.calls == 2  # retried after ttl, not per request


def test_with_nothing_known_the_database_error_reaches_the_caller(state):
    load = Loader()
    load.failing = True
    with pytest.raises(OperationalError):
        state.get("x", load, ttl=5)


def test_a_change_here_drops_the_value_at_once_but_keeps_it_as_last_known(state):
    load = Loader()
    state.get("x", load, ttl=5)
    state.changed()
    load.value = "second"
    assert state.get("x", load, ttl=5) == "second"
    state.changed()
    load.failing = True
    assert state.get("x", load, ttl=5) == "second"


def test_a_change_elsewhere_is_seen_within_a_second(state, time_machine):
    load = Loader()
    state.get("x", load, ttl=60)
    load.value = "second"
    cache.set(VERSION_KEY, "turned-elsewhere")
    time_machine.shift(timedelta(seconds=0.5))
    assert state.get("x", load, ttl=60) == "first"  # the token is checked at most once a second
    time_machine.shift(timedelta(seconds=1))
    assert state.get("x", load, ttl=60) == "second"


def test_a_cache_outage_leaves_only_the_ttl(state, time_machine, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    for method in ("get", "set"):
        monkeypatch.setattr(cache, method, down)
    load = Loader()
    assert state.get("x", load, ttl=5) == "first"
    state.changed()  # does not raise
    load.value = "second"
    assert state.get("x", load, ttl=5) == "second"
