"""Template filters for deal pages and emails: moments in Asia/Tokyo as the UI guide writes them."""

from datetime import datetime

from django import template

from ops.calendar import to_tokyo

register = template.Library()

WEEKDAYS = "月火水木金土日"


@register.filter
def jdatetime(value: datetime | None) -> str:
    """2026年12月7日(月) 22:00, always Japan time, whatever time zone is active."""
    if not value:
        return ""
    local = to_tokyo(value)
    return f"{local.year}年{local.month}月{local.day}日({WEEKDAYS[local.weekday()]}) {local:%H:%M}"


@register.filter
def jdt(value: datetime | None) -> str:
    """2026/12/07 22:00 for dense tables."""
    return f"{to_tokyo(value):%Y/%m/%d %H:%M}" if value else ""
