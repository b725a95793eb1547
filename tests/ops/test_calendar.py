"""The business calendar (CAL-1, CAL-2): facts, operator overrides and properties of the arithmetic."""

from datetime import UTC, date, datetime, timedelta

import jpholiday
import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from ops import calendar
from ops.calendar import (
    TOKYO,
    add_business_days,
    business_days_between,
    business_minutes_between,
    is_business_day,
    is_business_hours,
    next_business_moment,
)
from ops.models import CalendarOverride

pytestmark = pytest.mark.django_db

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0, tzinfo=TOKYO))
property_settings = settings(max_examples=150, deadline=None)


@pytest.mark.req("CAL-1")
@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 5, 6), False),   # substitute holiday for Constitution Day (a Sunday)
    (date(2026, 9, 22), False),  # citizens' holiday between two holidays
    (date(2026, 12, 28), True),  # the last business day of the year
    (date(2026, 12, 29), False),
    (date(2027, 1, 3), False),
    (date(2027, 1, 4), True),    # first business day of the year
    (date(2026, 6, 6), False),   # Saturday
    (date(2026, 6, 7), False),   # Sunday
    (date(2026, 6, 8), True),
])
def test_business_day_facts(day, expected):
    assert is_business_day(day) is expected


@pytest.mark.req("CAL-1")
@pytest.mark.parametrize("year", [2025, 2026, 2030, 2040])
def test_every_national_holiday_of_a_year_is_closed(year):
    holidays = [day for day, _name in jpholiday.year_holidays(year)]
    assert holidays and not any(is_business_day(day) for day in holidays)


@pytest.mark.req("CAL-1")
def test_adding_five_business_days_to_a_friday_skips_the_holiday_monday():
    friday = date(2026, 7, 17)  # Monday 20 July is Marine Day
    assert add_business_days(friday, 5) == date(2026, 7, 27)
    assert business_days_between(friday, date(2026, 7, 27)) == 5


@pytest.mark.req("CAL-1")
def test_year_end_arithmetic():
    assert add_business_days(date(2026, 12, 28), 1) == date(2027, 1, 4)
    assert add_business_days(date(2027, 1, 4), -1) == date(2026, 12, 28)
    assert business_days_between(date(2026, 12, 25), date(2027, 1, 5)) == 3


@pytest.mark.req("CAL-1")
def test_operator_overrides_close_and_open_days():
    wednesday, saturday = date(2026, 6, 10), date(2026, 6, 13)
    assert is_business_day(wednesday) and not is_business_day(saturday)
    CalendarOverride.objects.create(date=wednesday, is_business_day=False, note="システム移行日")
    CalendarOverride.objects.create(date=saturday, is_business_day=True, note="臨時営業日")
    calendar.overrides_changed()
    assert not is_business_day(wednesday) and is_business_day(saturday)
    assert add_business_days(date(2026, 6, 9), 1) == date(2026, 6, 11)
    assert add_business_days(date(2026, 6, 12), 1) == saturday


@pytest.mark.req("CAL-1")
def test_overrides_survive_a_cache_flush():
    """Another process bumps the version; after the cache is flushed this process must not go stale."""
    wednesday, seconds = date(2026, 6, 10), [0.0]
    process = calendar.BusinessCalendar(clock=lambda: seconds[0])
    assert process.is_business_day(wednesday)
    CalendarOverride.objects.create(date=wednesday, is_business_day=False, note="システム移行日")
    cache.set("ops:calendar:version", cache.get("ops:calendar:version") + 1, None)  # as another process would
    seconds[0] += calendar.VERSION_CHECK_SECONDS
    assert not process.is_business_day(wednesday)
    cache.clear()
    seconds[0] += calendar.VERSION_CHECK_SECONDS
    assert not process.is_business_day(wednesday)


@pytest.mark.req("CAL-1")
def test_admin_save_and_delete_reload_the_overrides(client, operator, django_capture_on_commit_callbacks):
    wednesday = date(2026, 6, 10)
    assert is_business_day(wednesday)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/ops/calendaroverride/add/",
                               {"date": "2026-06-10", "note": "システム移行日"})
    assert response.status_code == 302
    assert not is_business_day(wednesday)
    override = CalendarOverride.objects.get(date=wednesday)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/ops/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert is_business_day(wednesday)


@pytest.mark.req("CAL-1")
def test_an_override_outside_the_calendar_is_refused_in_japanese(client, operator):
    client.force_login(operator)
    response = client.post("/admin/ops/calendaroverride/add/", {"date": "9999-12-31", "note": "入力ミス"})
    assert response.status_code == 200
    assert "日付は2000年から2099年までの間で指定してください。" in response.content.decode()
    assert not CalendarOverride.objects.exists()


@pytest.mark.req("CAL-2")
@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2026, 6, 8, 9, 59), False),
    (datetime(2026, 6, 8, 10, 0), True),
    (datetime(2026, 6, 8, 16, 59), True),
    (datetime(2026, 6, 8, 17, 0), False),
    (datetime(2026, 6, 6, 12, 0), False),    # Saturday
    (datetime(2026, 5, 6, 12, 0), False),    # holiday
])
def test_business_hours(moment, expected):
    assert is_business_hours(moment) is expected


@pytest.mark.req("CAL-2")
def test_business_hours_read_utc_instants_in_tokyo():
    assert is_business_hours(datetime(2026, 6, 8, 1, 0, tzinfo=UTC))       # 10:00 JST
    assert not is_business_hours(datetime(2026, 6, 8, 8, 0, tzinfo=UTC))   # 17:00 JST


@pytest.mark.req("CAL-2")
def test_next_business_moment_facts():
    assert next_business_moment(datetime(2026, 7, 17, 17, 30)) == datetime(2026, 7, 21, 10, 0, tzinfo=TOKYO)
    assert next_business_moment(datetime(2026, 6, 8, 8, 0)) == datetime(2026, 6, 8, 10, 0, tzinfo=TOKYO)
    assert next_business_moment(datetime(2026, 12, 28, 18, 0)) == datetime(2027, 1, 4, 10, 0, tzinfo=TOKYO)
    inside = datetime(2026, 6, 8, 11, 15, tzinfo=TOKYO)
    assert next_business_moment(inside) == inside


@pytest.mark.req("CAL-2")
def test_business_minutes_over_a_weekend():
    friday_4pm = datetime(2026, 6, 5, 16, 0, tzinfo=TOKYO)
    monday_11am = datetime(2026, 6, 8, 11, 0, tzinfo=TOKYO)
    assert business_minutes_between(friday_4pm, monday_11am) == 120
    assert business_minutes_between(monday_11am, friday_4pm) == 0


@pytest.mark.req("CAL-1")
@property_settings
@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_adding_business_days_lands_on_a_business_day_n_steps_ahead(day, n):
    result = add_business_days(day, n)
    assert result > day and is_business_day(result)
    assert business_days_between(day, result) == n
    assert add_business_days(result, -n) <= day


@pytest.mark.req("CAL-1")
@property_settings
@given(day=days, n=st.integers(min_value=-40, max_value=-1))
def test_subtracting_business_days_is_inverted_by_business_days_between(day, n):
    result = add_business_days(day, n)
    assert result < day and is_business_day(result)
    assert business_days_between(day, result) == n


@pytest.mark.req("CAL-1")
@property_settings
@given(start=days, offset=st.integers(min_value=-400, max_value=400))
def test_business_days_between_counts_the_business_days_stepped_over(start, offset):
    end = start + timedelta(days=offset)
    if offset >= 0:
        stepped = [start + timedelta(days=i) for i in range(1, offset + 1)]
    else:
        stepped = [end + timedelta(days=i) for i in range(-offset)]
    expected = sum(map(is_business_day, stepped))
    assert business_days_between(start, end) == (expected if offset >= 0 else -expected)


@pytest.mark.req("CAL-2")
@property_settings
@given(moment=moments)
def test_next_business_moment_is_the_first_business_instant_not_before(moment):
    result = next_business_moment(moment)
    assert result >= moment and is_business_hours(result)
    assert business_minutes_between(moment, result) == 0
    assert result == moment or result.time() == calendar.OPENING


@pytest.mark.req("CAL-2")
@property_settings
@given(points=st.lists(moments, min_size=3, max_size=3).map(sorted))
def test_business_minutes_add_up_and_fit_in_the_span(points):
    a, b, c = points
    assert business_minutes_between(a, c) == business_minutes_between(a, b) + business_minutes_between(b, c)
    assert 0 <= business_minutes_between(a, c) <= (c - a).total_seconds() // 60
