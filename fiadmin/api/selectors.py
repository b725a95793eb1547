"""Reads of the bank API, always through `visible_to(principal)` (an API key sees what its FI's admins see).

Each list costs a fixed number of queries whatever the number of rows (annotations and select_related).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members import selectors as member_selectors
from members.matching import industries
from members.matching.search import search
from members.matching.text import parse_query
from members.models import Deal, MemberCompany, Need, User
from members.permissions import get_for_user_or_404
from ops.models import Incident, IncidentEntry, MaintenanceWindow
from ops.selectors.incidents import open_critical_for
from ops.selectors.maintenance import overlapping_windows

MAINTENANCE_DAYS = 90
STATS_DEFAULT_DAYS = 30


def companies(principal, *, status: str = "", industry: str = "", prefecture: str = "",
              q: str = "") -> QuerySet[MemberCompany]:
    rows = MemberCompany.objects.visible_to(principal).annotate(user_count=Count("users"))
    if status:
        rows = rows.filter(status=status)
    if industry:
        rows = rows.filter(industry__in=industries.DIVISIONS_OF.get(industry, [industry]))
    if prefecture:
        rows = rows.filter(prefecture=prefecture)
    if q:
        rows = search(rows, parse_query(q))  # the Japanese search of the matching lists
    return rows


def company(principal, company_id) -> MemberCompany:
    return get_for_user_or_404(MemberCompany.objects.annotate(user_count=Count("users")), principal, pk=company_id)


def users(principal, *, company_id: int | None = None, is_active: bool | None = None,
          q: str = "") -> QuerySet[User]:
    rows = User.objects.visible_to(principal).select_related("company")
    if company_id:
        rows = rows.filter(company_id=company_id)
    if is_active is not None:
        rows = rows.filter(is_active=is_active)
    for word in q.split()[:5]:
        rows = rows.filter(Q(username__icontains=word) | Q(full_name__icontains=word) | Q(email__icontains=word))
    return rows


def user(principal, user_id) -> User:
    return member_selectors.account_for(principal, user_id)


def deals(principal, *, status: str = "") -> QuerySet[Deal]:
    """Deals this FI's members take part in, as the FI's admins see them (members/models/deals.py)."""
    rows = Deal.objects.visible_to(principal).select_related(
        "need", "requester_company", "receiver_company", "requester_institution", "receiver_institution")
    return rows.filter(status=status) if status else rows


@dataclass(frozen=True)
class Tally:
    value: str
    label: str
    count: int


def need_stats(principal) -> dict:
    """Needs of the FI's member companies by kind and status; an open need past its deadline counts as
    expired, as every page shows it."""
    today = timezone.localdate()
    rows = Need.objects.visible_to(principal)
    past_deadline = Q(status=Need.Status.OPEN, deadline__lt=today)
    counts: dict[tuple[str, str], int] = {}
    for row in rows.exclude(past_deadline).order_by().values("kind", "status").annotate(n=Count("pk")):
        counts[row["kind"], row["status"]] = row["n"]
    for row in rows.filter(past_deadline).order_by().values("kind").annotate(n=Count("pk")):
        key = (row["kind"], Need.Status.EXPIRED.value)
        counts[key] = counts.get(key, 0) + row["n"]
    by_kind = []
    for kind, kind_label in Need.Kind.choices:
        by_status = [Tally(status, str(label), counts.get((kind, status), 0)) for status, label in Need.Status.choices]
        by_kind.append({"kind": kind, "label": str(kind_label), "total": sum(c.count for c in by_status),
                        "by_status": by_status})
    return {"total": sum(counts.values()), "by_kind": by_kind}


def stats_period(since: date | None, until: date | None) -> tuple[date, date]:
    until = until or timezone.localdate()
    return since or until - timedelta(days=STATS_DEFAULT_DAYS - 1), until


def deal_stats(principal, *, since: date, until: date) -> dict:
    """Deals requested in [since, until] (Tokyo dates) that involve the FI's members, by state and outcome."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    rows = Deal.objects.visible_to(principal).filter(created_at__gte=start, created_at__lt=end).order_by()
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")))
    by_outcome = dict(rows.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")))
    return {
        "since": since, "until": until, "total": sum(by_status.values()),
        "by_status": [Tally(value, str(label), by_status.get(value, 0)) for value, label in Deal.Status.choices],
        "by_outcome": [Tally(value, str(label), by_outcome.get(value, 0)) for value, label in Deal.Outcome.choices],
    }


def maintenance_schedule() -> QuerySet[MaintenanceWindow]:
    """Running and planned stops of the next MAINTENANCE_DAYS (platform data: the same for every FI)."""
    now = timezone.now()
    return overlapping_windows(starts_at=now, ends_at=now + timedelta(days=MAINTENANCE_DAYS))


def open_incidents(principal) -> QuerySet[Incident]:
    """Open critical failures the system lead released to the FIs that affect this FI, with the entries
    published to institutions (never internal ones)."""
    public = IncidentEntry.objects.filter(visibility=IncidentEntry.Visibility.INSTITUTIONS).order_by("created_at")
    return (open_critical_for(principal).order_by("-detected_at")
            .prefetch_related(Prefetch("entries", queryset=public, to_attr="public_entries")))
