"""Reads on incidents. What an FI sees is cut here: only its own critical failures the system lead released,
only public entries (INC-2, INC-3)."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bigadvance.page_state import page_state
from members.models import STAFF_ROLES, FinancialInstitution
from ops.models import HealthCheckResult, Heartbeat, Incident, IncidentEntry

from .monitoring import latest_check_results

RECENTLY_RESOLVED = timedelta(days=7)


# What the incident tables show (templates/ops/incident_table.html): not the owner's whole account.
INCIDENT_TABLE_COLUMNS = ("detected_at", "severity", "title", "status", "affects_all_institutions", "released_at",
                          "owner__full_name")


def incident_tables(*, closed_shown: int = 50) -> dict:
    """The incident list page: the open incidents and the latest closed ones, a query each; the FIs of those
    that do not affect every FI are read in one more query, and only when there are such incidents."""
    incidents = Incident.objects.select_related("owner").only(*INCIDENT_TABLE_COLUMNS)
    open_incidents = list(incidents.exclude(status=Incident.Status.CLOSED))
    closed_incidents = list(incidents.filter(status=Incident.Status.CLOSED)[:closed_shown])
    prefetch_related_objects(
        [incident for incident in open_incidents + closed_incidents if not incident.affects_all_institutions],
        Prefetch("affected_institutions", queryset=FinancialInstitution.objects.only("name")))
    return {"open_incidents": open_incidents, "closed_incidents": closed_incidents}


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


ENDED = (Incident.Status.RECOVERY_CONFIRMED, Incident.Status.CLOSED)


def _load_communicated(institution_id: int | None) -> list[Incident]:
    """What the status page and the banners may show a viewer, newest first: released critical failures
    affecting the FI (staff: all) that are not over, or closed within RECENTLY_RESOLVED. Each carries
    `public_entries`: the timeline lines published to institutions, never internal ones."""
    recent = (Q(closed_at__isnull=True) | Q(closed_at__gte=timezone.now() - RECENTLY_RESOLVED)
              | ~Q(status__in=ENDED))
    public = IncidentEntry.objects.filter(visibility=IncidentEntry.Visibility.INSTITUTIONS)
    return list(_affecting(_communicated().filter(recent), institution_id)
                .prefetch_related(Prefetch("entries", queryset=public, to_attr="public_entries")))


def _communicated_to(user) -> list[Incident]:
    """Kept per process for a few seconds, per viewer (all staff alike, each FI apart); every save of an
    incident, its FIs or its entries reloads it (bigadvance/page_state.py)."""
    if not user.is_authenticated:
        return []
    if user.role in STAFF_ROLES:
        viewer, institution_id = "staff", None
    elif user.institution_id is not None:
        viewer, institution_id = f"fi:{user.institution_id}", user.institution_id
    else:
        return []
    return page_state.get(f"incidents:{viewer}", lambda: _load_communicated(institution_id),
                          ttl=settings.BANNER_CACHE_SECONDS)


def status_incidents_for(user) -> list[Incident]:
    """Released critical failures open now or closed within a week that affect the user's FI (staff: all),
    each with its `public_entries`."""
    since = timezone.now() - RECENTLY_RESOLVED
    return [incident for incident in _communicated_to(user) if incident.closed_at is None or incident.closed_at >= since]


def open_critical_for(user) -> QuerySet[Incident]:
    """Released critical failures not yet recovered that affect the user's FI (staff: all), as a query (the
    console home and the bank API filter and page it)."""
    if not user.is_authenticated or (user.role not in STAFF_ROLES and user.institution_id is None):
        return Incident.objects.none()
    incidents = _communicated().exclude(status__in=ENDED)
    return _affecting(incidents, None if user.role in STAFF_ROLES else user.institution_id)


def incident_banners(request) -> list[dict]:
    """Banners for open critical failures the user's FI is affected by: dicts with `level`, `text`, `url`."""
    user = getattr(request, "user", None)
    if user is None:
        return []
    try:
        incidents = _communicated_to(user)
    except DatabaseError:
        return []
    titles = [incident.title for incident in incidents if incident.status not in ENDED][:3]
    if not titles:
        return []
    url = reverse("status")
    return [{"level": "critical", "text": _("重要障害が発生しています: %(title)s") % {"title": title}, "url": url}
            for title in titles]


def health_overview() -> dict:
    """The latest result of every check, the last day's failures and the heartbeats."""
    from ops.monitoring_checks import CHECKS

    latest = latest_check_results(CHECKS)
    since = timezone.now() - timedelta(days=1)
    return {
        "latest": latest,
        "recent_failures": HealthCheckResult.objects.filter(ok=False, checked_at__gte=since)[:100],
        "heartbeats": Heartbeat.objects.order_by("name"),
    }
