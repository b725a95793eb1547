"""An account's lockout as django-axes keeps it (SEC-2, ACC-1): how many failures count now, and clearing them."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from ..auth import lockout_login_id


@dataclass(frozen=True)
class LockoutState:
    failures: int
    locked_until: datetime | None

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None


def lockout_key(user) -> str:
    """The login ID as axes stores it (members.auth.lockout_login_id: whatever the letter case)."""
    return lockout_login_id(None, {"username": user.username})


def lockout_state(user) -> LockoutState:
    now = timezone.now()
    recent = AccessAttempt.objects.filter(username=lockout_key(user),
                                          attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["failures"] or 0
    locked = failures >= settings.AXES_FAILURE_LIMIT and totals["last"] is not None
    return LockoutState(failures=failures,
                        locked_until=totals["last"] + settings.AXES_COOLOFF_TIME if locked else None)


def failures_clear(user) -> int:
    """Forget the account's failed attempts: a completed sign-in, or an admin releasing the lock."""
    return reset(username=lockout_key(user))
