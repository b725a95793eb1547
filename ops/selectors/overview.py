"""The operations home: what needs an operator's eye right now."""

from django.conf import settings
from django.db.models import Count, Q

from ops.models import EmailLog, Incident

from .incidents import health_overview, incident_list
from .maintenance import active_windows, upcoming_windows


def operations_overview() -> dict:
    open_incidents = incident_list(include_closed=False).order_by("-detected_at")
    health = health_overview()
    return {
        "open_incidents": open_incidents[:10],
        "open_incident_count": open_incidents.count(),
        "open_critical_count": open_incidents.filter(severity=Incident.Severity.CRITICAL).count(),
        "active_windows": active_windows().order_by("starts_at"),
        "upcoming_windows": upcoming_windows(days=settings.MAINTENANCE_BANNER_DAYS),
        "failing_checks": [result for result in health["latest"] if not result.ok],
        "checked_at": max((result.checked_at for result in health["latest"]), default=None),
        "heartbeats": health["heartbeats"],
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
