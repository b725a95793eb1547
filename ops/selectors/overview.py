"""The operations home: what needs an operator's eye right now, one query per panel."""

from django.conf import settings
from django.db.models import Count, Q

from ops.models import EmailLog, Heartbeat, Incident

from .maintenance import planned_windows
from .monitoring import latest_check_results


def operations_overview() -> dict:
    from ops.monitoring_checks import CHECKS

    open_incidents = Incident.objects.exclude(status=Incident.Status.CLOSED)
    counts = open_incidents.aggregate(
        total=Count("pk"), critical=Count("pk", filter=Q(severity=Incident.Severity.CRITICAL)))
    latest = latest_check_results(CHECKS)
    active, upcoming = planned_windows(days=settings.MAINTENANCE_BANNER_DAYS)
    return {
        "open_incidents": open_incidents.order_by("-detected_at")[:10],
        "open_incident_count": counts["total"],
        "open_critical_count": counts["critical"],
        "active_windows": active,
        "upcoming_windows": upcoming,
        "failing_checks": [result for result in latest if not result.ok],
        "checked_at": max((result.checked_at for result in latest), default=None),
        "heartbeats": Heartbeat.objects.order_by("name"),
        **mail_overview(),
    }


def mail_overview() -> dict:
    """The mail panel. One query for the counts; the failed emails themselves are read only when there are some."""
    pending, failed = EmailLog.Status.PENDING, EmailLog.Status.FAILED
    counts = EmailLog.objects.filter(status__in=[pending, failed]).aggregate(
        pending=Count("pk", filter=Q(status=pending)),
        retrying=Count("pk", filter=Q(status=pending, attempts__gt=0)),
        failed=Count("pk", filter=Q(status=failed)),
    )
    return {
        "pending_email_count": counts["pending"],
        "retrying_email_count": counts["retrying"],
        "failed_email_count": counts["failed"],
        "failed_emails": EmailLog.objects.filter(status=failed).order_by("-created_at", "-id")[:10],
    }
