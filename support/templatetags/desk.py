"""Template filters of the desk and the console's inquiry pages: dates as the UI guide writes them, SLA badges."""

from datetime import date, datetime

from django import template

from ops.calendar import to_tokyo

register = template.Library()
WEEKDAYS = "月火水木金土日"


@register.filter
def jdate(value: date | datetime | None) -> str:
    """2026年12月7日(月)."""
    if not value:
        return ""
    day = to_tokyo(value).date() if isinstance(value, datetime) else value
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"


@register.filter
def jdatetime(value: datetime | None) -> str:
    """2026年12月7日(月) 22:00, Japan time."""
    if not value:
        return ""
    local = to_tokyo(value)
    return f"{jdate(local)} {local:%H:%M}"


@register.filter
def jdt(value: datetime | None) -> str:
    """2026/12/07 22:00 for dense tables."""
    return f"{to_tokyo(value):%Y/%m/%d %H:%M}" if value else ""


@register.filter
def filesize(size: int | None) -> str:
    if not size:
        return "0 B"
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return ""
