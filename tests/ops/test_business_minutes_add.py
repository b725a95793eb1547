"""`add_business_minutes`: the instant a business-hours target falls due (CAL-2), the inverse of
`business_minutes_between`, starting at the next business moment."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ops.calendar import TOKYO, add_business_minutes, business_minutes_between, next_business_moment


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


@pytest.mark.req("CAL-2")
@pytest.mark.django_db
def test_friday_night_before_a_holiday_monday_starts_on_tuesday_at_ten():
    received = _at("2026-07-17T18:00")  # Friday; Monday 20 July 2026 is 海の日
    assert next_business_moment(received) == _at("2026-07-21T10:00")
    assert add_business_minutes(received, 4 * 60) == _at("2026-07-21T14:00")


@pytest.mark.req("CAL-2")
@pytest.mark.django_db
@pytest.mark.parametrize(("start", "minutes", "due"), [
    ("2026-07-21T10:00", 0, "2026-07-21T10:00"),
    ("2026-07-21T16:00", 60, "2026-07-21T17:00"),           # ends exactly at closing: due that day
    ("2026-07-21T16:00", 61, "2026-07-22T10:01"),
    ("2026-07-21T09:00", 420, "2026-07-21T17:00"),          # before opening: the whole day
    ("2026-07-21T12:00", 420 * 2, "2026-07-23T12:00"),
    ("2026-12-28T16:30", 60, "2027-01-04T10:30"),           # across the year-end closure
    ("2026-07-18T11:00", 30, "2026-07-21T10:30"),           # Saturday
])
def test_targets_fall_due_in_business_hours(start, minutes, due):
    assert add_business_minutes(_at(start), minutes) == _at(due)


@pytest.mark.req("CAL-2")
@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
       minutes=st.integers(min_value=1, max_value=420 * 30))
def test_it_is_the_inverse_of_business_minutes_between(start, minutes):
    start = start.replace(second=0, microsecond=0, tzinfo=TOKYO)
    due = add_business_minutes(start, minutes)
    assert business_minutes_between(start, due) == minutes
    assert business_minutes_between(start, due - timedelta(minutes=1)) == minutes - 1


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        add_business_minutes(_at("2026-07-21T10:00"), -1)
