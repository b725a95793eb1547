"""Reads on incidents. What an FI sees is cut here: only its own critical failures the system lead released,
only public entries (INC-2, INC-3)."""

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import STAFF_ROLES
from ops.models import HealthCheckResult, Heartbeat, Incident, IncidentEntry

RECENTLY_RESOLVED = timedelta(days=7)


def incident_list(*, include_closed: bool = True) -> QuerySet[Incident]:
    incidents = Incident.objects.select_related("owner").prefetch_related("affected_institutions")
    return incidents if include_closed else incidents.exclude(status=Incident.Status.CLOSED)


def incident_get(*, incident_id: int) -> Incident:
    return Incident.objects.select_related("owner", "released_by").prefetch_related(
        "affected_institutions", Prefetch("entries", queryset=IncidentEntry.objects.select_related("author")),
    ).get(pk=incident_id)


def incident_held_entries(*, incident: Incident) -> QuerySet[IncidentEntry]:
    """Notes written for FIs by someone other than the lead, waiting for the lead's release."""
    return incident.entries.filter(visibility=IncidentEntry.Visibility.HELD).select_related("author")


def incident_release_pending(*, incident: Incident) -> bool:
    """Whether the lead has something to release: the incident itself, or notes held since."""
    if incident.status == Incident.Status.CLOSED:
        return False
    return not incident.is_released or incident_held_entries(incident=incident).exists()


def _communicated() -> QuerySet[Incident]:
    """Incidents the banks may see: critical failures the system lead has released."""
    return Incident.objects.filter(severity=Incident.Severity.CRITICAL, released_at__isnull=False)


def _affecting(incidents: QuerySet[Incident], institution_id: int | None) -> QuerySet[Incident]:
    if institution_id is None:
        return incidents
    return incidents.filter(Q(affects_all_institutions=True) | Q(affected_institutions__id=institution_id)).distinct()


def status_incidents_for(user) -> list[Incident]:
    """Released critical failures open now or closed within a week that affect the user's FI (staff: all).

    Each carries `public_entries`: the timeline lines published to institutions, never internal ones.
    """
    if not user.is_authenticated:
        return []
    is_staff = user.role in STAFF_ROLES
    if not is_staff and user.institution_id is None:
        return []
    recent = Q(closed_at__isnull=True) | Q(closed_at__gte=timezone.now() - RECENTLY_RESOLVED)
    incidents = _communicated().filter(recent)
    incidents = _affecting(incidents, None if is_staff else user.institution_id)
    public = IncidentEntry.objects.filter(visibility=IncidentEntry.Visibility.INSTITUTIONS)
    return list(incidents.prefetch_related(Prefetch("entries", queryset=public, to_attr="public_entries")))


def open_critical_for(user) -> QuerySet[Incident]:
    if not user.is_authenticated or (user.role not in STAFF_ROLES and user.institution_id is None):
        return Incident.objects.none()
    incidents = _communicated().exclude(status__in=(
        Incident.Status.RECOVERY_CONFIRMED, Incident.Status.CLOSED))
    return _affecting(incidents, None if user.role in STAFF_ROLES else user.institution_id)


def incident_banners(request) -> list[dict]:
    """Banners for open critical failures the user's FI is affected by: dicts with `level`, `text`, `url`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    url = reverse("status")
    return [
        {"level": "critical", "text": _("重要障害が発生しています: %(title)s") % {"title": incident.title}, "url": url}
        for incident in open_critical_for(user).order_by("-detected_at")[:3]
    ]


def health_overview() -> dict:
    """The latest result of every check, the last day's failures and the heartbeats."""
    from ops.monitoring_checks import CHECKS

    latest = [result for name in CHECKS if (result := HealthCheckResult.objects.filter(check_name=name).first())]
    since = timezone.now() - timedelta(days=1)
    return {
        "latest": latest,
        "recent_failures": HealthCheckResult.objects.filter(ok=False, checked_at__gte=since)[:100],
        "heartbeats": Heartbeat.objects.order_by("name"),
    }
