"""Recording security events and reporting them to the system lead (ACC-1) without letting anyone flood them.

Lockouts are recorded one by one but mailed as one digest per SECURITY_ALERT_WINDOW_MINUTES: the first lock
after a quiet window goes out at once, later ones wait for the window to pass and arrive together with
counts per login ID. Login IDs that belong to no account are only counted, and no subject line carries text
a visitor typed. A staff password change (any path: see members.signals) is announced at once.
"""

import ipaddress
import logging
from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min
from django.db.models.functions import Lower
from django.utils import timezone

from members.models import Role, User
from ops.notifications import notification_send

from .middleware import current_request
from .models import SecurityEvent

logger = logging.getLogger(__name__)
DIGEST_KINDS = (SecurityEvent.Kind.LOCKOUT,)


def _system_lead_addresses() -> list[str]:
    return list(User.objects.staff().filter(role=Role.SYSTEM_LEAD, is_active=True).values_list("email", flat=True))


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def lockout_record(*, login_id: str, ip_address: str | None = None) -> SecurityEvent | None:
    """Record a lockout once per lock (attempts refused while it holds are not new events); the digest reports it."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT, login_id__iexact=login_id[:150],
                                    created_at__gte=since).exists():
        return None
    user = (User.objects.unscoped("a security event names the account it concerns")
            .filter(username__iexact=login_id).select_related("institution").first())
    event = SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOCKOUT, login_id=login_id[:150], user=user,
        institution=user.institution if user else None, ip_address=_valid_ip(ip_address),
        detail="login ID locked after repeated login failures",
    )
    transaction.on_commit(_alerts_send_soon)
    return event


def _alerts_send_soon() -> None:
    from audit.tasks import security_alerts_send_task

    try:
        security_alerts_send_task.delay()
    except Exception:  # beat runs the same job every minute
        logger.exception("security alerts could not be queued")


@transaction.atomic
def security_alerts_send(*, now: datetime | None = None) -> int:
    """Mail the digest of unreported lockouts unless one went out within the window; returns events reported."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.SECURITY_ALERT_WINDOW_MINUTES)
    last = SecurityEvent.objects.filter(kind__in=DIGEST_KINDS).aggregate(last=Max("reported_at"))["last"]
    if last is not None and now - last < window:
        return 0
    pending = SecurityEvent.objects.filter(kind__in=DIGEST_KINDS, reported_at__isnull=True, created_at__lte=now)
    ids = list(pending.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    events = SecurityEvent.objects.filter(pk__in=ids)
    since = events.aggregate(first=Min("created_at"))["first"]
    known = list(events.filter(user__isnull=False).values("user__username", "institution__name")
                 .annotate(count=Count("pk")).order_by("-count", "user__username"))
    unknown = events.filter(user__isnull=True).aggregate(count=Count("pk"),
                                                         distinct=Count(Lower("login_id"), distinct=True))
    context = {
        "since": since, "until": now, "total": len(ids), "known": known,
        "unknown_count": unknown["count"], "unknown_distinct": unknown["distinct"],
        "failed_logins": AccessFailureLog.objects.filter(attempt_time__gte=since, attempt_time__lte=now).count(),
        "window_minutes": settings.SECURITY_ALERT_WINDOW_MINUTES,
    }
    notification_send(template="security_digest", recipients=_system_lead_addresses(), context=context,
                      category="security", reference=f"security_digest:{ids[-1]}")
    events.update(reported_at=now)
    return len(ids)


def _request_origin() -> tuple[bool, User | None, str | None]:
    """Whether a web request is running, who is signed in and from where (the address as axes reads it)."""
    request = current_request()
    if request is None:  # a management command, the shell or a task
        return False, None, None
    user = getattr(request, "user", None)
    actor = user if isinstance(user, User) and user.is_authenticated else None
    return True, actor, _valid_ip(get_client_ip_address(request))


@transaction.atomic
def staff_password_change_record(*, user: User, change: str) -> SecurityEvent:
    """Announce at once to the system lead that a staff account's password was set, changed or disabled."""
    in_request, actor, ip_address = _request_origin()
    now = timezone.now()
    event = SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.STAFF_PASSWORD_CHANGED, login_id=user.username, user=user, ip_address=ip_address,
        detail=f"password {change} " + (f"by {actor.username}" if actor else
                                         "by a visitor not signed in" if in_request else "outside a web request"),
        reported_at=now,
    )
    notification_send(template="staff_password_changed", recipients=_system_lead_addresses(),
                      context={"event": event, "account": user, "change": change, "actor": actor,
                               "in_request": in_request},
                      category="security", reference=f"security_event:{event.pk}")
    return event
