"""Reads on maintenance windows: what is active, what is coming, what the service should show."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bigadvance.page_state import page_state, page_state_changed
from members.permissions import can_operate_platform
from ops.features import path_in_features
from ops.models import EmailLog, MaintenanceWindow

OPEN_STATUSES = (MaintenanceWindow.Status.SCHEDULED, MaintenanceWindow.Status.IN_PROGRESS)
STATUS_PAGE_DAYS = 30


@dataclass(frozen=True)
class ServiceStop:
    window_id: int | None  # None: the state could not be read (maintenance mode fails closed)
    ends_at: datetime | None  # None: unknown
    message: str
    features: tuple[str, ...] = ()  # empty: the whole service

    def covers(self, path: str | None) -> bool:
        return not self.features or path is None or path_in_features(path, self.features)


def email_reference(window: MaintenanceWindow) -> str:
    return f"maintenance:{window.pk}"


def active_windows(*, now: datetime | None = None) -> QuerySet[MaintenanceWindow]:
    """Windows in their time span and neither cancelled nor completed, whether the state job ran or not."""
    now = now or timezone.now()
    return MaintenanceWindow.objects.filter(status__in=OPEN_STATUSES, starts_at__lte=now, ends_at__gt=now)


def upcoming_windows(*, now: datetime | None = None, days: int | None = None) -> QuerySet[MaintenanceWindow]:
    now = now or timezone.now()
    windows = MaintenanceWindow.objects.filter(status=MaintenanceWindow.Status.SCHEDULED, starts_at__gt=now)
    if days is not None:
        windows = windows.filter(starts_at__lte=now + timedelta(days=days))
    return windows.order_by("starts_at")


def overlapping_windows(*, starts_at: datetime, ends_at: datetime) -> QuerySet[MaintenanceWindow]:
    """Open windows sharing some time with [starts_at, ends_at); a weekly slot not switched on is free time."""
    return MaintenanceWindow.objects.filter(
        status__in=OPEN_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at,
    ).exclude(kind=MaintenanceWindow.Kind.WEEKLY, stops_service=False).order_by("starts_at")


def window_list(*, now: datetime | None = None, past_days: int = 60) -> QuerySet[MaintenanceWindow]:
    """Open windows and those that ended in the last `past_days`, for the operations page."""
    now = now or timezone.now()
    return MaintenanceWindow.objects.filter(
        Q(status__in=OPEN_STATUSES) | Q(ends_at__gte=now - timedelta(days=past_days))
    ).order_by("starts_at")


def window_email_log(window: MaintenanceWindow) -> QuerySet[EmailLog]:
    return EmailLog.objects.filter(reference=email_reference(window)).order_by("created_at", "id")


def service_stop_cache_clear() -> None:
    """Every process rereads the windows (called by each maintenance write, now and after commit)."""
    page_state_changed()


@dataclass(frozen=True)
class PlannedWindow:
    """An open window as pages see it, kept per process (bigadvance.page_state)."""

    id: int
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    message: str
    stops_service: bool
    features: tuple[str, ...]

    @property
    def stops_something(self) -> bool:
        # A weekly slot nobody switched on stops nothing: it is not maintenance, so it is neither announced
        # nor listed. Release and ad-hoc windows are announced to every FI, even those limited to features.
        return self.kind != MaintenanceWindow.Kind.WEEKLY or self.stops_service

    def is_active(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def is_upcoming(self, now: datetime, days: int) -> bool:
        return self.status == MaintenanceWindow.Status.SCHEDULED and now < self.starts_at <= now + timedelta(days=days)


def _load_open_windows() -> tuple[PlannedWindow, ...]:
    now = timezone.now()
    horizon = now + timedelta(days=max(STATUS_PAGE_DAYS, settings.MAINTENANCE_BANNER_DAYS) + 1)
    windows = MaintenanceWindow.objects.filter(status__in=OPEN_STATUSES, ends_at__gt=now, starts_at__lte=horizon)
    return tuple(PlannedWindow(id=w.pk, kind=w.kind, status=w.status, starts_at=w.starts_at, ends_at=w.ends_at,
                               message=w.message, stops_service=w.stops_service, features=tuple(w.features))
                 for w in windows.order_by("starts_at", "pk"))


def _open_windows() -> tuple[PlannedWindow, ...]:
    """Open windows up to the status page's horizon, from this process's memory (one query per few seconds).

    Raises DatabaseError only when the database cannot be read and this process never read it.
    """
    return page_state.get("maintenance-windows", _load_open_windows, ttl=settings.MAINTENANCE_STATE_CACHE_SECONDS)


class MaintenanceStateUnknown(Exception):
    """The windows cannot be read and this process never knew them: maintenance mode must fail closed."""


def service_stop(*, path: str | None = None) -> ServiceStop | None:
    """The window stopping the service (or the feature `path` belongs to) now, if any (OPS-5).

    The database is the truth, kept per process for MAINTENANCE_STATE_CACHE_SECONDS and reread at once
    after a change. Starts and ends are compared with the clock, so a stop begins and ends on time even
    from memory. When the database cannot be read, the last known windows hold; with none known this
    raises MaintenanceStateUnknown.
    """
    try:
        windows = _open_windows()
    except DatabaseError as exc:
        raise MaintenanceStateUnknown from exc
    now = timezone.now()
    stops = (ServiceStop(window_id=w.id, ends_at=w.ends_at, message=w.message, features=w.features)
             for w in windows if w.stops_service and w.is_active(now))
    # The stop that lasts longest for this path decides when it reopens.
    return max((stop for stop in stops if stop.covers(path)), key=lambda stop: stop.ends_at, default=None)


def planned_windows(*, days: int, stopping_only: bool = False) -> tuple[list[PlannedWindow], list[PlannedWindow]]:
    """(active, upcoming within `days` and at most STATUS_PAGE_DAYS) windows, from this process's memory.

    `stopping_only` keeps the windows that stop something. When the database cannot be read and nothing
    is known, none.
    """
    try:
        windows = [w for w in _open_windows() if w.stops_something or not stopping_only]
    except DatabaseError:
        return [], []
    now = timezone.now()
    return [w for w in windows if w.is_active(now)], [w for w in windows if w.is_upcoming(now, days)]


def announced_windows(*, days: int) -> tuple[list[PlannedWindow], list[PlannedWindow]]:
    """What banners and the status page list: active and upcoming windows that stop something."""
    return planned_windows(days=days, stopping_only=True)


def window_period_text(window: "MaintenanceWindow | PlannedWindow") -> str:
    starts, ends = timezone.localtime(window.starts_at), timezone.localtime(window.ends_at)
    end_format = "H:i" if ends.date() == starts.date() else "Y-m-d H:i"
    if ends.time().hour == 0 and ends.time().minute == 0 and ends.date() == starts.date() + timedelta(days=1):
        return f"{date_format(starts, 'Y-m-d H:i')}〜24:00"
    return f"{date_format(starts, 'Y-m-d H:i')}〜{date_format(ends, end_format)}"


def _banner_texts() -> list[tuple[str, str, int]]:
    active, upcoming = announced_windows(days=settings.MAINTENANCE_BANNER_DAYS)
    return [(level, f"【{label}】{window_period_text(window)} {window.message}", window.id)
            for window, level, label in [*((w, "warning", _("メンテナンス実施中")) for w in active),
                                         *((w, "info", _("メンテナンス予定")) for w in upcoming)]]


def maintenance_banners(request) -> list[dict]:
    """Banners for upcoming and active windows: dicts with `level`, `text` and optional `url`.

    The texts are kept per process and language for MAINTENANCE_STATE_CACHE_SECONDS: a banner may switch
    from "planned" to "running" that much late, while the stop itself follows the clock exactly.
    """
    texts = page_state.get(f"maintenance-banners:{get_language()}", _banner_texts,
                           ttl=settings.MAINTENANCE_STATE_CACHE_SECONDS)
    if not texts:
        return []
    user = getattr(request, "user", None)
    operator = user is not None and can_operate_platform(user)
    return [{"level": level, "text": text,
             "url": reverse("operations:maintenance_detail", args=[window_id]) if operator else None}
            for level, text, window_id in texts]
