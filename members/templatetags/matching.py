"""Template filters for matching pages: Japanese dates and money as the UI guide writes them."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

WEEKDAYS = "月火水木金土日"


@register.filter
def jdate(value: date | datetime | None) -> str:
    """2026年12月7日(月)"""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日({WEEKDAYS[value.weekday()]})"


@register.filter
def man_yen(value: int | None) -> str:
    """An amount in 万円: 1,200万円; 1億2,000万円 from 10,000万円."""
    if value is None or value == "":
        return ""
    value = int(value)
    oku, man = divmod(value, 10000)
    if oku and man:
        return _("%(oku)s億%(man)s万円") % {"oku": f"{oku:,}", "man": f"{man:,}"}
    if oku:
        return _("%(oku)s億円") % {"oku": f"{oku:,}"}
    return _("%(man)s万円") % {"man": f"{man:,}"}


@register.simple_tag
def budget_range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"{man_yen(low)}〜{man_yen(high)}"
    return f"{man_yen(low)}〜" if low is not None else f"〜{man_yen(high)}"


@register.filter
def num(value) -> str:
    """1,234"""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
