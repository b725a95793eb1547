"""Reads on maintenance windows: what is active, what is coming, what the service should show."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.permissions import can_operate_platform
from ops.features import path_in_features
from ops.models import EmailLog, MaintenanceWindow

logger = logging.getLogger(__name__)

OPEN_STATUSES = (MaintenanceWindow.Status.SCHEDULED, MaintenanceWindow.Status.IN_PROGRESS)
SERVICE_STOP_CACHE_KEY = "ops:maintenance:service-stop"


@dataclass(frozen=True)
class ServiceStop:
    window_id: int
    ends_at: datetime
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
    try:
        cache.delete(SERVICE_STOP_CACHE_KEY)
    except Exception:  # entries expire within seconds anyway
        logger.warning("maintenance state cache could not be cleared")


def _load_service_stops(now: datetime) -> tuple[ServiceStop, ...]:
    windows = active_windows(now=now).filter(stops_service=True).order_by("-ends_at")
    return tuple(ServiceStop(window_id=w.pk, ends_at=w.ends_at, message=w.message, features=tuple(w.features))
                 for w in windows)


def service_stop(*, now: datetime | None = None, path: str | None = None) -> ServiceStop | None:
    """The window stopping the service (or the feature `path` belongs to) now, if any (OPS-5).

    The database is the truth; the answer is cached for a few seconds only, and writes clear it. The
    cached ends are checked against the clock, so the service reopens on time even from a cached answer.
    """
    now = now or timezone.now()
    try:
        stops = cache.get(SERVICE_STOP_CACHE_KEY)
    except Exception:  # a cache outage must not take every page down with it: ask the database
        stops = None
    if stops is None:
        try:
            stops = _load_service_stops(now)
        except DatabaseError:  # the health probes report a broken database; requests fail on their own
            return None
        try:
            cache.set(SERVICE_STOP_CACHE_KEY, stops, settings.MAINTENANCE_STATE_CACHE_SECONDS)
        except Exception:
            logger.warning("maintenance state could not be cached")
    return next((stop for stop in stops if stop.ends_at > now and stop.covers(path)), None)


def window_period_text(window: MaintenanceWindow) -> str:
    starts, ends = timezone.localtime(window.starts_at), timezone.localtime(window.ends_at)
    end_format = "H:i" if ends.date() == starts.date() else "Y-m-d H:i"
    if ends.time().hour == 0 and ends.time().minute == 0 and ends.date() == starts.date() + timedelta(days=1):
        return f"{date_format(starts, 'Y-m-d H:i')}〜24:00"
    return f"{date_format(starts, 'Y-m-d H:i')}〜{date_format(ends, end_format)}"


def _shows_banner(window: MaintenanceWindow) -> bool:
    # A weekly slot nobody switched on stops nothing, so announcing it every week would only be noise.
    return window.kind != MaintenanceWindow.Kind.WEEKLY or window.stops_service


def maintenance_banners(request) -> list[dict]:
    """Banners for upcoming and active windows: dicts with `level`, `text` and optional `url`."""
    now = timezone.now()
    try:
        active = [w for w in active_windows(now=now).order_by("starts_at") if _shows_banner(w)]
        upcoming = [w for w in upcoming_windows(now=now, days=settings.MAINTENANCE_BANNER_DAYS)
                    if _shows_banner(w)]
    except DatabaseError:
        return []
    user = getattr(request, "user", None)
    operator = user is not None and can_operate_platform(user)
    banners = []
    for window, level, label in [*((w, "warning", _("メンテナンス実施中")) for w in active),
                                 *((w, "info", _("メンテナンス予定")) for w in upcoming)]:
        text = f"【{label}】{window_period_text(window)} {window.message}"
        url = reverse("operations:maintenance_detail", args=[window.pk]) if operator else None
        banners.append({"level": level, "text": text, "url": url})
    return banners
