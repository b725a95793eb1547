"""The business calendar (CAL-1, CAL-2): the one place every app asks about business days and hours.

A business day is not Saturday, Sunday, a Japanese national holiday (with substitute and citizens'
holidays, from `jpholiday`) nor 29 Dec - 3 Jan, unless an operator's `CalendarOverride` says otherwise.
Business hours are 10:00-17:00 Asia/Tokyo on business days. Naive datetimes are read as Asia/Tokyo.

It answers from memory. Each process builds, once per year it is asked about, a table of that year's
business days (the national calendar with the overrides applied) with prefix counts, so every question is
an index or a subtraction: a one-year `business_days_between`, or the SLA of thousands of tickets, costs no
cache or database round-trip and no work per day. The overrides are read from the database once per
version; a version token in the shared cache says when an operator changed them, and each process looks at
it at most every `VERSION_CHECK_SECONDS`. Dates outside FIRST_DAY..LAST_DAY raise `CalendarRangeError`,
so no input can make a process build centuries of tables.
"""

import functools
import logging
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate
from zoneinfo import ZoneInfo

import jpholiday

logger = logging.getLogger(__name__)
TOKYO = ZoneInfo("Asia/Tokyo")
OPENING = clock(10, 0)
CLOSING = clock(17, 0)
MINUTES_PER_BUSINESS_DAY = 7 * 60
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # years load once each: bounded work per process
VERSION_CHECK_SECONDS = 5.0

_VERSION_KEY = "ops:calendar:version"
_ONE_DAY = timedelta(days=1)


class CalendarRangeError(ValueError):
    """A date the calendar does not answer for (before FIRST_DAY or after LAST_DAY)."""


def is_year_end_closure(day: date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_national_business_day(day: date) -> bool:
    """The national rule alone, day by day: the reference the year tables are checked against."""
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_year_end_closure(day)


def _check_range(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalendarRangeError(f"{day} is outside the business calendar ({FIRST_DAY} to {LAST_DAY})")


@functools.cache  # at most one entry per year of the range
def _national_year(year: int) -> bytes:
    """One byte per day of `year`, 1 on a national business day."""
    first, days = date(year, 1, 1), date(year, 12, 31).timetuple().tm_yday
    open_days = bytearray((first + timedelta(days=i)).weekday() < 5 for i in range(days))
    closed = [day for day, _name in jpholiday.year_holidays(year)]
    closed += [date(year, 1, d) for d in (1, 2, 3)] + [date(year, 12, d) for d in (29, 30, 31)]
    for day in closed:
        open_days[day.timetuple().tm_yday - 1] = 0
    return bytes(open_days)


@dataclass(frozen=True)
class _Year:
    first: int  # ordinal of 1 January
    open_days: bytes  # one byte per day, 1 on a business day
    counts: array  # counts[i]: business days among the first i days of the year
    business: list[int]  # ordinals of the business days, in order

    @classmethod
    def build(cls, year: int, overrides: dict[date, bool]) -> "_Year":
        open_days = bytearray(_national_year(year))
        for day, is_open in overrides.items():
            if day.year == year:
                open_days[day.timetuple().tm_yday - 1] = is_open
        first = date(year, 1, 1).toordinal()
        return cls(first=first, open_days=bytes(open_days), counts=array("l", accumulate(open_days, initial=0)),
                   business=[first + i for i, is_open in enumerate(open_days) if is_open])

    @property
    def total(self) -> int:
        return len(self.business)

    def index(self, day: date) -> int:
        return day.toordinal() - self.first


class BusinessCalendar:
    """The calendar of one process: year tables and overrides kept in memory, reloaded on a version change."""

    def __init__(self, *, check_seconds: float = VERSION_CHECK_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.check_seconds, self.clock = check_seconds, clock
        self.forget()

    def forget(self) -> None:
        """Drop the overrides and the year tables; the next question reloads them."""
        self._years: dict[int, _Year] = {}
        self._overrides: dict[date, bool] | None = None
        self._version: int | None = None
        self._checked_at: float | None = None

    # -- keeping the overrides current -------------------------------------------------------------
    def _current(self) -> None:
        now = self.clock()
        if self._checked_at is not None and now - self._checked_at < self.check_seconds:
            return
        self._checked_at = now
        version = _shared_version()
        if self._overrides is None or version is None or version != self._version:
            # Cache down (None): reload at every check rather than ignore the operators' overrides.
            self._years, self._overrides, self._version = {}, _load_overrides(), version

    def _year(self, year: int) -> _Year:
        self._current()
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = _Year.build(year, self._overrides or {})
        return table

    def _table(self, day: date) -> _Year:
        _check_range(day)
        return self._year(day.year)

    # -- questions ---------------------------------------------------------------------------------
    def is_business_day(self, day: date) -> bool:
        table = self._table(day)
        return bool(table.open_days[table.index(day)])

    def add_business_days(self, day: date, n: int) -> date:
        """The date n business days after `day` (before it when n < 0). n == 0 returns `day` itself."""
        if n == 0:
            return day
        if n > (LAST_DAY - day).days or -n > (day - FIRST_DAY).days:
            raise CalendarRangeError(f"{n} business days from {day} leave the business calendar")
        table = self._table(day)
        year, position = day.year, table.index(day)
        if n > 0:
            remaining = n
            after = table.total - table.counts[position + 1]  # business days later in the same year
            while remaining > after:
                remaining -= after
                year += 1
                table = self._table(date(year, 1, 1))
                position, after = -1, table.total
            return date.fromordinal(table.business[table.counts[position + 1] + remaining - 1])
        remaining = -n
        before = table.counts[position]  # business days earlier in the same year
        while remaining > before:
            remaining -= before
            year -= 1
            table = self._table(date(year, 12, 31))
            before = table.total
        return date.fromordinal(table.business[before - remaining])

    def business_days_between(self, start: date, end: date) -> int:
        """How many business-day steps lead from `start` to `end`: the inverse of `add_business_days`.

        Forwards it counts the business days in (start, end]; backwards it is minus those in [end, start), so
        `business_days_between(d, add_business_days(d, n)) == n` for every n != 0, whatever day `d` is.
        """
        first, last = self._table(start), self._table(end)
        if end < start:  # minus the business days in [end, start)
            forwards = self.business_days_between(end, start)
            return -(forwards - self.is_business_day(start) + self.is_business_day(end))
        if start.year == end.year:
            return first.counts[first.index(end) + 1] - first.counts[first.index(start) + 1]
        middle = sum(self._year(year).total for year in range(start.year + 1, end.year))
        return first.total - first.counts[first.index(start) + 1] + middle + last.counts[last.index(end) + 1]

    def next_business_day(self, day: date, *, include_today: bool = False) -> date:
        return self.add_business_days(day - _ONE_DAY if include_today else day, 1)

    def previous_business_day(self, day: date) -> date:
        return self.add_business_days(day, -1)


def _shared_version() -> int | None:
    # A fresh token (not a counter from 0) when the key is missing: after a cache flush or eviction a counter
    # would restart at a number some process already holds, and that process would keep stale overrides.
    from django.core.cache import cache

    try:
        version = cache.get(_VERSION_KEY)
        if version is None:
            cache.add(_VERSION_KEY, time.time_ns(), None)
            version = cache.get(_VERSION_KEY)
    except Exception:
        return None
    return version


def _load_overrides() -> dict[date, bool] | None:
    from ops.models import CalendarOverride

    try:
        return dict(CalendarOverride.objects.values_list("date", "is_business_day"))
    except Exception:  # before migrations exist (or with no database) the national calendar alone applies
        return None


_calendar = BusinessCalendar()


def overrides_changed() -> None:
    """Called after an override is saved or deleted: this process reloads now, the others at their next check."""
    from django.core.cache import cache

    _calendar.forget()
    try:
        cache.set(_VERSION_KEY, time.time_ns(), None)
    except Exception:  # the others find no version either, and so reload at every check
        logger.warning("calendar overrides changed but the cache is unreachable")


def forget() -> None:
    """Make this process reload the overrides at its next question (tests start from a clean slate)."""
    _calendar.forget()


def is_business_day(day: date) -> bool:
    return _calendar.is_business_day(day)


def next_business_day(day: date, *, include_today: bool = False) -> date:
    return _calendar.next_business_day(day, include_today=include_today)


def previous_business_day(day: date) -> date:
    return _calendar.previous_business_day(day)


def add_business_days(day: date, n: int) -> date:
    """The date n business days after `day` (before it when n < 0). n == 0 returns `day` itself."""
    return _calendar.add_business_days(day, n)


def business_days_between(start: date, end: date) -> int:
    """How many business-day steps lead from `start` to `end` (see `BusinessCalendar.business_days_between`)."""
    return _calendar.business_days_between(start, end)


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


def add_business_minutes(start: datetime, minutes: int) -> datetime:
    """The instant `minutes` business minutes after `start` (the inverse of `business_minutes_between`).

    Counting begins at `next_business_moment(start)`: a message received on Friday night starts its clock at
    10:00 of the next business day. A target that ends exactly at closing is due at 17:00 that day.
    """
    if minutes < 0:
        raise ValueError("business minutes to add must not be negative")
    begin = next_business_moment(start)
    closing = datetime.combine(begin.date(), CLOSING, tzinfo=TOKYO)
    left_today = int((closing - begin).total_seconds() // 60)
    if minutes <= left_today:
        return begin + timedelta(minutes=minutes)
    days, rest = divmod(minutes - left_today, MINUTES_PER_BUSINESS_DAY)
    if rest == 0:
        return datetime.combine(add_business_days(begin.date(), days), CLOSING, tzinfo=TOKYO)
    day = add_business_days(begin.date(), days + 1)
    return datetime.combine(day, OPENING, tzinfo=TOKYO) + timedelta(minutes=rest)


def _minutes_open(day: date, start: datetime, end: datetime) -> int:
    """Whole business minutes of `day` between `start` and `end` (Tokyo datetimes)."""
    if not is_business_day(day):
        return 0
    lo = max(start, datetime.combine(day, OPENING, tzinfo=TOKYO))
    hi = min(end, datetime.combine(day, CLOSING, tzinfo=TOKYO))
    return int((hi - lo).total_seconds() // 60) if hi > lo else 0


def business_minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes of business hours between two instants (0 when end <= start).

    The first and last days are measured; every business day between them counts a full day.
    """
    start, end = to_tokyo(start), to_tokyo(end)
    if end <= start:
        return 0
    first, last = start.date(), end.date()
    if first == last:
        return _minutes_open(first, start, end)
    full_days = business_days_between(first, last) - is_business_day(last)
    return (_minutes_open(first, start, end) + full_days * MINUTES_PER_BUSINESS_DAY
            + _minutes_open(last, start, end))
