"""The business calendar (CAL-1, CAL-2): the one place every app asks about business days and hours.

A business day is not Saturday, Sunday, a Japanese national holiday (with substitute and citizens'
holidays, from `jpholiday`) nor 29 Dec - 3 Jan, unless an operator's `CalendarOverride` says otherwise.
Business hours are 10:00-17:00 Asia/Tokyo on business days. Naive datetimes are read as Asia/Tokyo.
"""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import lru_cache
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")
OPENING = clock(10, 0)
CLOSING = clock(17, 0)
MINUTES_PER_BUSINESS_DAY = 7 * 60
_SEARCH_LIMIT_DAYS = 366


_VERSION_KEY = "ops:calendar:version"


def _overrides_version() -> int:
    # A fresh token (not a counter from 0) when the key is missing: after a cache flush or eviction a counter
    # would restart at a number some process already cached, and that process would keep stale overrides.
    from django.core.cache import cache

    cache.add(_VERSION_KEY, time.time_ns(), None)
    return cache.get(_VERSION_KEY)


def overrides_changed() -> None:
    """Called when an operator edits the overrides, so every process reloads them."""
    from django.core.cache import cache

    cache.set(_VERSION_KEY, time.time_ns(), None)
    _load_overrides.cache_clear()


@lru_cache(maxsize=4)
def _load_overrides(version: int | None) -> dict[date, bool]:
    from ops.models import CalendarOverride

    return dict(CalendarOverride.objects.values_list("date", "is_business_day"))


def _overrides() -> dict[date, bool]:
    try:
        version = _overrides_version()
    except Exception:  # cache down: read the table each time rather than ignore the operators' overrides
        version = None
    try:
        if version is None:
            return _load_overrides.__wrapped__(None)
        return _load_overrides(version)
    except Exception:  # before migrations exist (or with no database) the national calendar alone applies
        return {}


def is_year_end_closure(day: date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_national_business_day(day: date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_year_end_closure(day)


def is_business_day(day: date) -> bool:
    override = _overrides().get(day)
    if override is not None:
        return override
    return is_national_business_day(day)


def next_business_day(day: date, *, include_today: bool = False) -> date:
    candidate = day if include_today else day + timedelta(days=1)
    for _ in range(_SEARCH_LIMIT_DAYS):
        if is_business_day(candidate):
            return candidate
        candidate += timedelta(days=1)
    raise ValueError("no business day within a year")  # only an absurd override table gets here


def previous_business_day(day: date) -> date:
    candidate = day - timedelta(days=1)
    for _ in range(_SEARCH_LIMIT_DAYS):
        if is_business_day(candidate):
            return candidate
        candidate -= timedelta(days=1)
    raise ValueError("no business day within a year")


def add_business_days(day: date, n: int) -> date:
    """The date n business days after `day` (before it when n < 0). n == 0 returns `day` itself."""
    step = next_business_day if n > 0 else previous_business_day
    for _ in range(abs(n)):
        day = step(day)
    return day


def business_days_between(start: date, end: date) -> int:
    """How many business-day steps lead from `start` to `end`: the inverse of `add_business_days`.

    Forwards it counts the business days in (start, end]; backwards it is minus those in [end, start), so
    `business_days_between(d, add_business_days(d, n)) == n` for every n != 0, whatever day `d` is.
    """
    if end < start:
        days = range((start - end).days)
        return -sum(1 for offset in days if is_business_day(end + timedelta(days=offset)))
    return sum(1 for offset in range(1, (end - start).days + 1) if is_business_day(start + timedelta(days=offset)))


def to_tokyo(moment: datetime) -> datetime:
    """The one place a naive datetime gets its zone: naive means Tokyo wall-clock time; aware is converted."""
    return moment.replace(tzinfo=TOKYO) if moment.tzinfo is None else moment.astimezone(TOKYO)


def is_business_hours(moment: datetime) -> bool:
    local = to_tokyo(moment)
    return is_business_day(local.date()) and OPENING <= local.time() < CLOSING


def next_business_moment(moment: datetime) -> datetime:
    """`moment` itself inside business hours, else the next 10:00 of a business day (Asia/Tokyo)."""
    local = to_tokyo(moment)
    if is_business_hours(local):
        return local
    day = local.date()
    if is_business_day(day) and local.time() < OPENING:
        return datetime.combine(day, OPENING, tzinfo=TOKYO)
    return datetime.combine(next_business_day(day), OPENING, tzinfo=TOKYO)


def business_minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes of business hours between two instants (0 when end <= start)."""
    start, end = to_tokyo(start), to_tokyo(end)
    if end <= start:
        return 0
    total = 0
    day = start.date()
    while day <= end.date():
        if is_business_day(day):
            open_at = datetime.combine(day, OPENING, tzinfo=TOKYO)
            close_at = datetime.combine(day, CLOSING, tzinfo=TOKYO)
            lo, hi = max(start, open_at), min(end, close_at)
            if hi > lo:
                total += int((hi - lo).total_seconds() // 60)
        day += timedelta(days=1)
    return total
