"""The calendar answers from memory (CAL-1, CAL-2): no round-trip or work per day, the same answers as the
day-by-day definition, changes seen by every process, and no input that can keep it busy."""

from datetime import date, datetime, timedelta

import jpholiday
import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from ops import calendar
from ops.calendar import (
    OPENING,
    TOKYO,
    CalendarRangeError,
    add_business_days,
    business_days_between,
    business_minutes_between,
    is_business_day,
    next_business_day,
)
from ops.models import CalendarOverride

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 6, 10)


@pytest.fixture
def cache_calls(monkeypatch) -> list[str]:
    """Every call this process makes to the shared cache."""
    calls = []
    for method in ("get", "add", "set", "get_many"):
        real = getattr(cache, method)

        def counted(*args, _real=real, _method=method, **kwargs):
            calls.append(_method)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cache, method, counted)
    return calls


@pytest.fixture
def still_clock(monkeypatch) -> list[float]:
    """The clock the process calendar reads to decide when to look at the version again; tests move it."""
    seconds = [0.0]
    monkeypatch.setattr(calendar._calendar, "clock", lambda: seconds[0])
    return seconds


@pytest.fixture
def no_day_by_day_holidays(monkeypatch):
    """The day-by-day holiday question must not be asked: it is what made long ranges take minutes."""

    def refuse(day):
        raise AssertionError(f"asked jpholiday about {day} alone")

    monkeypatch.setattr(jpholiday, "is_holiday", refuse)


@pytest.mark.req("CAL-1")
@pytest.mark.req("CAL-2")
def test_a_year_and_a_thousand_slas_cost_no_round_trip_per_day(cache_calls, still_clock,
                                                               django_assert_num_queries):
    CalendarOverride.objects.create(date=WEDNESDAY, is_business_day=False, note="システム移行日")
    with django_assert_num_queries(1):  # the overrides, once
        assert business_days_between(date(2026, 1, 1), date(2026, 12, 31)) == 239  # 240 less the Wednesday
        opened = datetime(2026, 6, 1, 9, 30, tzinfo=TOKYO)
        minutes = [business_minutes_between(opened, opened + timedelta(hours=7 * i)) for i in range(1000)]
    assert minutes[48] == 9 * 7 * 60  # 1-15 June 9:30: nine business days, Wednesday 10 June closed
    assert len(cache_calls) <= 3  # one look at the version (created if the cache had none)


@pytest.mark.req("CAL-1")
def test_the_version_is_looked_at_every_few_seconds_not_every_call(cache_calls, still_clock):
    is_business_day(WEDNESDAY)
    looked = len(cache_calls)
    for offset in range(500):
        is_business_day(WEDNESDAY + timedelta(days=offset))
    assert len(cache_calls) == looked
    still_clock[0] += calendar.VERSION_CHECK_SECONDS
    is_business_day(WEDNESDAY)
    assert cache_calls[looked:] == ["get"]


@pytest.mark.req("CAL-1")
def test_another_process_sees_an_override_change_at_its_next_check(django_capture_on_commit_callbacks):
    seconds = [0.0]
    other_process = calendar.BusinessCalendar(clock=lambda: seconds[0])
    assert other_process.is_business_day(WEDNESDAY) and is_business_day(WEDNESDAY)
    with django_capture_on_commit_callbacks(execute=True):  # any path, not only the admin
        override = CalendarOverride.objects.create(date=WEDNESDAY, is_business_day=False, note="システム移行日")
    assert not is_business_day(WEDNESDAY)  # the process that made the change: at once
    assert other_process.is_business_day(WEDNESDAY)  # the others: at their next look at the version
    seconds[0] += calendar.VERSION_CHECK_SECONDS
    assert not other_process.is_business_day(WEDNESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        override.delete()
    seconds[0] += calendar.VERSION_CHECK_SECONDS
    assert other_process.is_business_day(WEDNESDAY) and is_business_day(WEDNESDAY)


@pytest.mark.req("CAL-1")
def test_with_the_cache_down_overrides_still_apply(monkeypatch, still_clock):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    for method in ("get", "add", "set"):
        monkeypatch.setattr(cache, method, down)
    assert is_business_day(WEDNESDAY)
    CalendarOverride.objects.create(date=WEDNESDAY, is_business_day=False, note="システム移行日")
    still_clock[0] += calendar.VERSION_CHECK_SECONDS
    assert not is_business_day(WEDNESDAY)


@pytest.mark.req("CAL-1")
def test_fifty_years_are_counted_from_year_totals_not_day_by_day(no_day_by_day_holidays, monkeypatch):
    years_loaded = []
    real_year_holidays = jpholiday.year_holidays
    monkeypatch.setattr(jpholiday, "year_holidays", lambda year: years_loaded.append(year) or real_year_holidays(year))
    start, end = date(2000, 1, 1), date(2049, 12, 31)
    total = business_days_between(start, end)
    assert len(years_loaded) <= 50  # each year's holidays at most once in this process, ever
    assert 50 * 235 < total < 50 * 250
    assert total == business_days_between(start, date(2024, 12, 31)) + business_days_between(date(2024, 12, 31), end)
    last = add_business_days(start, total)
    assert last <= end and is_business_day(last) and business_days_between(last, end) == 0
    assert business_days_between(end, start) == -total  # both ends fall in the year-end closure
    years_loaded.clear()
    business_days_between(start, end)
    assert years_loaded == []


@pytest.mark.req("CAL-1")
@pytest.mark.parametrize("call", [
    lambda: business_days_between(date(2026, 6, 1), date(9999, 12, 31)),
    lambda: business_days_between(date(9999, 12, 31), date(2026, 6, 1)),
    lambda: add_business_days(date(2026, 6, 1), 10**9),
    lambda: add_business_days(date(2026, 6, 1), -(10**9)),
    lambda: business_minutes_between(datetime(2026, 6, 1, tzinfo=TOKYO), datetime(9999, 12, 31, tzinfo=TOKYO)),
    lambda: is_business_day(date(1, 1, 1)),
])
def test_dates_beyond_the_calendar_are_refused_at_once(no_day_by_day_holidays, call):
    with pytest.raises(CalendarRangeError):
        call()


# -- the same answers as the day-by-day definition, over random ranges, year ends and overrides --------------

def reference_is_business_day(day: date, overrides: dict[date, bool]) -> bool:
    return overrides.get(day, calendar.is_national_business_day(day))


def reference_between(start: date, end: date, overrides: dict[date, bool]) -> int:
    """Forwards the business days in (start, end]; backwards minus those in [end, start)."""
    if end >= start:
        return sum(reference_is_business_day(start + timedelta(days=i), overrides)
                   for i in range(1, (end - start).days + 1))
    return -sum(reference_is_business_day(end + timedelta(days=i), overrides) for i in range((start - end).days))


def reference_add(day: date, n: int, overrides: dict[date, bool]) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not reference_is_business_day(day, overrides):
            day += step
    return day


def reference_minutes(start: datetime, end: datetime, overrides: dict[date, bool]) -> int:
    total, day = 0, start.date()
    while day <= end.date():
        if reference_is_business_day(day, overrides):
            lo = max(start, datetime.combine(day, OPENING, tzinfo=TOKYO))
            hi = min(end, datetime.combine(day, calendar.CLOSING, tzinfo=TOKYO))
            total += int((hi - lo).total_seconds() // 60) if hi > lo else 0
        day += timedelta(days=1)
    return total


years = st.integers(min_value=2024, max_value=2029)
year_ends = st.builds(lambda year, offset: date(year, 12, 24) + timedelta(days=offset), years,
                      st.integers(min_value=0, max_value=14))
some_days = st.one_of(year_ends, st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)))
override_tables = st.dictionaries(some_days, st.booleans(), max_size=8)
reference_settings = settings(max_examples=120, deadline=None)


def with_overrides(overrides: dict[date, bool]) -> None:
    CalendarOverride.objects.all().delete()
    CalendarOverride.objects.bulk_create(
        CalendarOverride(date=day, is_business_day=is_open, note="テスト") for day, is_open in overrides.items())
    calendar.overrides_changed()


@pytest.mark.req("CAL-1")
@reference_settings
@given(start=some_days, offset=st.integers(min_value=-500, max_value=500), n=st.integers(min_value=-60, max_value=60),
       overrides=override_tables)
def test_day_arithmetic_matches_the_day_by_day_reference(start, offset, n, overrides):
    with_overrides(overrides)
    end = start + timedelta(days=offset)
    assert is_business_day(start) == reference_is_business_day(start, overrides)
    assert business_days_between(start, end) == reference_between(start, end, overrides)
    assert add_business_days(start, n) == reference_add(start, n, overrides)
    assert next_business_day(start, include_today=True) == reference_add(start - timedelta(days=1), 1, overrides)


@pytest.mark.req("CAL-2")
@reference_settings
@given(start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31)),
       span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)), overrides=override_tables)
def test_business_minutes_match_the_day_by_day_reference(start, span, overrides):
    with_overrides(overrides)
    start = start.replace(tzinfo=TOKYO)
    assert business_minutes_between(start, start + span) == reference_minutes(start, start + span, overrides)
