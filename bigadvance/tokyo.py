"""Asia/Tokyo wherever a person reads or types a time.

Every time shown to a person (model `__str__`, commands, emails, pages) is Tokyo time, whatever time zone the
value carries. Every naive datetime (typed in a command, parsed from text) means Tokyo time and is made
aware by `ops.calendar.to_tokyo`, the one helper for that; this module only builds on it.
"""

from datetime import datetime

from django.utils import timezone

from ops.calendar import TOKYO, to_tokyo

DISPLAY_FORMAT = "%Y-%m-%d %H:%M"

__all__ = ["DISPLAY_FORMAT", "TOKYO", "format_tokyo", "parse_tokyo", "to_tokyo", "tokyo_now"]


def tokyo_now() -> datetime:
    return timezone.now().astimezone(TOKYO)


def format_tokyo(moment: datetime | None, fmt: str = DISPLAY_FORMAT) -> str:
    """`moment` as Tokyo wall-clock text ("" for None); naive values are already Tokyo time."""
    return "" if moment is None else to_tokyo(moment).strftime(fmt)


def parse_tokyo(text: str, fmt: str = DISPLAY_FORMAT) -> datetime:
    """Text a person typed, read as Tokyo time; raises ValueError when it does not match `fmt`."""
    return to_tokyo(datetime.strptime(text.strip(), fmt))
