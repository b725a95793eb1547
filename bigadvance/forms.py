"""Form fields shared by every app: dates and times as Japanese people type them (UI guide).

Accepted, after NFKC normalisation (so full-width digits and punctuation work too):
`2027-02-10 22:00`, `2027/02/10 22:00`, `2027.2.10 22:00`, `2027年2月10日 22:00`, `2027年2月10日22時00分`,
`2027年2月10日(水) 22時`, and what a `datetime-local` picker sends (`2027-02-10T22:00`). `24:00` is the
end of the day (Japanese notices write "22:00〜24:00"). Times are Asia/Tokyo, the current time zone.
"""

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone, to_current_timezone
from django.utils.translation import gettext_lazy as _

_DATE = (r"(?P<year>\d{4})\s*(?:[-/.]|年)\s*(?P<month>\d{1,2})\s*(?:[-/.]|月)\s*(?P<day>\d{1,2})\s*日?"
         r"\s*(?:\([月火水木金土日](?:曜日?)?\))?")
_TIME = (r"(?P<hour>\d{1,2})\s*(?:"
         r":\s*(?P<minute>\d{1,2})(?:\s*:\s*(?P<second>\d{1,2})(?:\.\d+)?)?"
         r"|時\s*(?:(?P<minute_kanji>\d{1,2})\s*分(?:\s*(?P<second_kanji>\d{1,2})\s*秒)?)?)")
_DATETIME = re.compile(rf"{_DATE}(?:\s*T?\s*{_TIME})?")

DATETIME_EXAMPLE = "2027-02-10 22:00"
DATE_EXAMPLE = "2027-02-10"


class NotADate(ValueError):
    """The text is not written in an accepted form."""


class NoSuchDate(ValueError):
    """The text has the right form but names no real date or time (2月30日, 25:00)."""


def normalise_text(value: str) -> str:
    """NFKC and trimmed: what the platform stores and compares for text typed by people."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_japanese_datetime(text: str) -> tuple[date, time | None]:
    """The date and (if written) the time of `text`. Raises NotADate or NoSuchDate."""
    match = _DATETIME.fullmatch(normalise_text(text))
    if match is None:
        raise NotADate(text)
    parts = match.groupdict()
    try:
        day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError as exc:
        raise NoSuchDate(text) from exc
    if parts["hour"] is None:
        return day, None
    hour = int(parts["hour"])
    minute = int(parts["minute"] or parts["minute_kanji"] or 0)
    second = int(parts["second"] or parts["second_kanji"] or 0)
    if hour == 24 and minute == 0 and second == 0:
        return day + timedelta(days=1), time(0, 0)
    try:
        return day, time(hour, minute, second)
    except ValueError as exc:
        raise NoSuchDate(text) from exc


class _JapaneseTemporalMixin:
    min_year, max_year = 2000, 2100

    def _within_years(self, day: date) -> None:
        if not self.min_year <= day.year <= self.max_year:
            raise ValidationError(self.error_messages["year_range"], code="year_range",
                                  params={"min": self.min_year, "max": self.max_year})


class JapaneseDateTimeField(_JapaneseTemporalMixin, forms.DateTimeField):
    """A date and time typed or picked (`datetime-local`), in the forms Japanese people write."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {
        "invalid": _("日時は「%(example)s」または「2027年2月10日 22:00」の形式で入力してください。"),
        "no_time": _("時刻も入力してください（例：%(example)s）。"),
        "no_such_date": _("存在しない日時です（%(value)s）。"),
        "year_range": _("年は%(min)d年から%(max)d年の間で入力してください。"),
    }

    def __init__(self, *, min_year: int | None = None, max_year: int | None = None, **kwargs):
        self.min_year = min_year or self.min_year
        self.max_year = max_year or self.max_year
        kwargs.setdefault("help_text", _("例：2027-02-10 22:00"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return from_current_timezone(value)
        try:
            day, moment = parse_japanese_datetime(str(value))
        except NotADate:
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"example": DATETIME_EXAMPLE}) from None
        except NoSuchDate:
            raise ValidationError(self.error_messages["no_such_date"], code="no_such_date",
                                  params={"value": value}) from None
        if moment is None:
            raise ValidationError(self.error_messages["no_time"], code="no_time",
                                  params={"example": DATETIME_EXAMPLE})
        self._within_years(day)
        return from_current_timezone(datetime.combine(day, moment))

    def prepare_value(self, value):
        return to_current_timezone(value) if isinstance(value, datetime) else value


class JapaneseDateField(_JapaneseTemporalMixin, forms.DateField):
    """A date typed or picked (`date`); a time written after it is ignored."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": _("日付は「%(example)s」または「2027年2月10日」の形式で入力してください。"),
        "no_such_date": _("存在しない日付です（%(value)s）。"),
        "year_range": _("年は%(min)d年から%(max)d年の間で入力してください。"),
    }

    def __init__(self, *, min_year: int | None = None, max_year: int | None = None, **kwargs):
        self.min_year = min_year or self.min_year
        self.max_year = max_year or self.max_year
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            day, _moment = parse_japanese_datetime(str(value))
        except NotADate:
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"example": DATE_EXAMPLE}) from None
        except NoSuchDate:
            raise ValidationError(self.error_messages["no_such_date"], code="no_such_date",
                                  params={"value": value}) from None
        self._within_years(day)
        return day
