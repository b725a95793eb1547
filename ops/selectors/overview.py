"""The operations home: what needs an operator's eye right now, one query per panel."""

import functools

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from ops.models import EmailLog, Heartbeat, Incident

from .maintenance import planned_windows
from .monitoring import latest_check_results

SHOWN_OPEN_INCIDENTS = 10


def operations_overview() -> dict:
    from ops.monitoring_checks import CHECKS

    # Open incidents are few (each is a failure someone works on): one query reads them, counts included.
    open_incidents = list(Incident.objects.exclude(status=Incident.Status.CLOSED)
                          .only("title", "severity", "status", "detected_at").order_by("-detected_at"))
    latest = latest_check_results(CHECKS)
    active, upcoming = planned_windows(days=settings.MAINTENANCE_BANNER_DAYS)
    return {
        "open_incidents": open_incidents[:SHOWN_OPEN_INCIDENTS],
        "open_incident_count": len(open_incidents),
        "open_critical_count": sum(incident.severity == Incident.Severity.CRITICAL for incident in open_incidents),
        "active_windows": active,
        "upcoming_windows": upcoming,
        "failing_checks": [result for result in latest if not result.ok],
        "checked_at": max((result.checked_at for result in latest), default=None),
        "heartbeats": Heartbeat.objects.order_by("name"),
        **mail_overview(),
    }


@functools.lru_cache(maxsize=1)
def _mail_counts_sql() -> tuple[str, tuple]:
    # Built once per process: compiling the filtered counts costs more than the database takes to answer them.
    pending, failed = EmailLog.Status.PENDING, EmailLog.Status.FAILED
    return (EmailLog.objects.filter(status__in=[pending, failed]).values("status")
            .annotate(total=Count("pk"), retrying=Count("pk", filter=Q(attempts__gt=0))).order_by()
            .query.sql_with_params())


def mail_overview() -> dict:
    """The mail panel. One query for the counts; the failed emails themselves are read only when there are some."""
    with connection.cursor() as cursor:
        cursor.execute(*_mail_counts_sql())
        counts = {status: (total, retrying) for status, total, retrying in cursor.fetchall()}
    pending, failed = counts.get(EmailLog.Status.PENDING, (0, 0)), counts.get(EmailLog.Status.FAILED, (0, 0))
    return {
        "pending_email_count": pending[0],
        "retrying_email_count": pending[1],
        "failed_email_count": failed[0],
        "failed_emails": EmailLog.objects.filter(status=EmailLog.Status.FAILED).order_by("-created_at", "-id")[:10],
    }
