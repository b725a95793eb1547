"""What the console home shows (issue 9 item 1): counts over the admin's own bank, each a bounded query.

Logins per day come from django-axes' AccessLog (one row per successful login, kept while
AXES_DISABLE_ACCESS_LOG is off, the default): User.last_login keeps only the latest login per person, which
would undercount every day but the last.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from members.consultations.selectors import consultations_awaiting_bank
from members.deals.selectors import deals_awaiting_bank
from members.join.selectors import applications_waiting
from members.models import Deal, Need, User
from ops import calendar
from ops.selectors.incidents import open_critical_for
from ops.selectors.maintenance import upcoming_windows

from .charts import Chart

PERIODS = {"30": 30, "90": 90, "365": 365}
LOGIN_DAYS = 30
ACTIVE_DAYS = 30
MAINTENANCE_DAYS = 30
LIST_ROWS = 5


@dataclass
class Waiting:
    applications: int
    deal_approvals: int
    consultations_overdue: int
    locked_users: int

    @property
    def total(self) -> int:
        return self.applications + self.deal_approvals + self.consultations_overdue + self.locked_users


def _login_ids(user):
    """This bank's login IDs as axes stores them (lower case, members.auth.lockout_login_id)."""
    return User.objects.visible_to(user).annotate(login_id=Lower("username")).values("login_id")


def one_business_day_ago(now: datetime | None = None) -> datetime:
    """The same clock time on the previous business day (Tokyo): older than this is 'over one business day'."""
    now = calendar.to_tokyo(now or timezone.now())
    day = calendar.previous_business_day(now.date())
    return datetime.combine(day, time(now.hour, now.minute, now.second), tzinfo=calendar.TOKYO)


def locked_users_count(user) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME if settings.AXES_COOLOFF_TIME else None
    attempts = AccessAttempt.objects.filter(username__in=_login_ids(user),
                                            failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    return attempts.values("username").distinct().count()


def waiting_for(user) -> Waiting:
    return Waiting(
        applications=applications_waiting(user).count(),
        deal_approvals=deals_awaiting_bank(user).count(),
        consultations_overdue=consultations_awaiting_bank(user).filter(waiting_since__lt=one_business_day_ago()).count(),
        locked_users=locked_users_count(user),
    )


def active_users(user) -> dict[str, int]:
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    return User.objects.visible_to(user).aggregate(
        total=Count("pk", filter=Q(is_active=True)),
        active=Count("pk", filter=Q(is_active=True, last_login__gte=since)))


def logins_per_day(user) -> Chart:
    today = calendar.to_tokyo(timezone.now()).date()
    first = today - timedelta(days=LOGIN_DAYS - 1)
    start = datetime.combine(first, time.min, tzinfo=calendar.TOKYO)
    per_day = dict(AccessLog.objects.filter(username__in=_login_ids(user), attempt_time__gte=start)
                   .annotate(day=TruncDate("attempt_time", tzinfo=calendar.TOKYO)).order_by()
                   .values_list("day").annotate(n=Count("pk")))
    days = [first + timedelta(days=offset) for offset in range(LOGIN_DAYS)]
    return Chart(_("日別ログイン数（直近30日）"), [(f"{day.month}/{day.day}", per_day.get(day, 0)) for day in days])


def needs_and_deals(user) -> tuple[dict[str, int], Chart]:
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    needs = Need.objects.visible_to(user).aggregate(
        total=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since)))
    per_status = dict(Deal.objects.visible_to(user).order_by().values_list("status").annotate(n=Count("pk")))
    stages = Chart(_("状態別の商談数"), [(str(label), per_status.get(value, 0))
                                     for value, label in Deal.Status.choices])
    return needs, stages


def funnel(user, days: int) -> Chart:
    """Deals requested in the period involving this bank's members, and how far they went."""
    since = timezone.now() - timedelta(days=days)
    counts = Deal.objects.visible_to(user).filter(created_at__gte=since).aggregate(
        requested=Count("pk"),
        approved=Count("pk", filter=Q(receiver_reached_at__isnull=False)),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        met=Count("pk", filter=Q(met_at__isnull=False)),
        won=Count("pk", filter=Q(outcome=Deal.Outcome.WON)))
    return Chart(_("商談の流れ（直近%(days)s日の申込）") % {"days": days}, [
        (_("申込"), counts["requested"]), (_("金融機関が承認"), counts["approved"]),
        (_("申込先が承諾"), counts["accepted"]), (_("面談"), counts["met"]), (_("成約"), counts["won"])])


def operations_notices(user) -> dict:
    return {"maintenance": list(upcoming_windows(days=MAINTENANCE_DAYS)[:LIST_ROWS]),
            "incidents": list(open_critical_for(user)[:LIST_ROWS])}
