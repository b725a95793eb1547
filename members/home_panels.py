"""The member home (/portal/): one screen composed of panels, each a function of the member.

A panel function takes the signed-in member and its company and returns a `HomePanel` (a template and the
data it shows) or None when it has nothing to say. Each costs a fixed number of queries whatever the number
of rows (a few rows each, counted in the database), so the home stays bounded as a company's data grows.
Another feature adds its panel by appending its function to HOME_PANELS.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from members.consultations import selectors as consultation_selectors
from members.deals import selectors as deal_selectors
from members.matching.selectors import PORTAL_HOME_RECOMMENDATIONS, recommendation_state, recommendations_for
from members.models import Deal, MemberCompany, Need, User
from members.notices import selectors as notice_selectors
from members.subsidies.selectors import subsidies_for_company
from ops.selectors.maintenance import announced_windows, window_period_text

HOME_ROWS = 5
MAIN, SIDE = "main", "side"


@dataclass
class HomePanel:
    template: str
    data: dict = field(default_factory=dict)
    column: str = MAIN


def matching_panel(user: User, company: MemberCompany) -> HomePanel:
    """The best recommendations (matching), shown as on the recommendations page."""
    return HomePanel("members/home/matching.html", {
        "recommendations": recommendations_for(user, limit=PORTAL_HOME_RECOMMENDATIONS),
        "state": recommendation_state(user)})


def deals_waiting_panel(user: User, company: MemberCompany) -> HomePanel:
    """Deals whose next step is this company's: a request to answer, a meeting to mark, an outcome to record."""
    mine = (Q(status=Deal.Status.BANKS_APPROVED, receiver_company_id=company.pk)
            | Q(status__in=(Deal.Status.ACCEPTED, Deal.Status.MET)))
    waiting = deal_selectors.deals_for(user).filter(mine)
    rows = list(waiting.order_by("-updated_at", "-pk")[:HOME_ROWS])
    for deal in rows:
        deal.next_step = deal_selectors.next_step(user, deal)
        deal.counterpart = deal.counterpart_of(company.pk)
    return HomePanel("members/home/deals.html", {"deals": rows, "total": waiting.count()})


def own_needs_panel(user: User, company: MemberCompany) -> HomePanel:
    """The company's open needs with the deal requests they drew (those that reached the company)."""
    requests = (Deal.objects.visible_to(user).filter(need=OuterRef("pk"), receiver_company_id=company.pk)
                .order_by().values("need").annotate(n=Count("pk")).values("n")[:1])
    answering = (Deal.objects.visible_to(user).filter(need=OuterRef("pk"), receiver_company_id=company.pk,
                                                      status=Deal.Status.BANKS_APPROVED)
                 .order_by().values("need").annotate(n=Count("pk")).values("n")[:1])
    needs = Need.objects.editable_by(user).open()
    rows = list(needs.annotate(
        requests=Coalesce(Subquery(requests), Value(0), output_field=IntegerField()),
        to_answer=Coalesce(Subquery(answering), Value(0), output_field=IntegerField()),
    ).order_by("-created_at", "-pk")[:HOME_ROWS])
    return HomePanel("members/home/needs.html", {"needs": rows, "total": needs.count()})


def consultations_panel(user: User, company: MemberCompany) -> HomePanel | None:
    """Consultations with the bank that have answers this member has not read yet."""
    unread = consultation_selectors.consultations_visible_to(user).filter(unread__gt=0)
    rows = list(unread[:HOME_ROWS])
    if not rows:
        return None
    return HomePanel("members/home/consultations.html", {"consultations": rows}, SIDE)


def notices_panel(user: User, company: MemberCompany) -> HomePanel | None:
    """Notices from the bank or the operator that this member has not opened yet, pinned first."""
    rows = list(notice_selectors.notices_for(user, unread_only=True)[:HOME_ROWS])
    if not rows:
        return None
    return HomePanel("members/home/notices.html", {"notices": rows}, SIDE)


def subsidies_panel(user: User, company: MemberCompany) -> HomePanel:
    """Open subsidies for the company's prefecture and industry; those closing within 14 days highlighted."""
    return HomePanel("members/home/subsidies.html", {"subsidies": subsidies_for_company(company)}, SIDE)


def maintenance_panel(user: User, company: MemberCompany) -> HomePanel | None:
    """Planned and running maintenance that stops something (from this process's memory: no query)."""
    active, upcoming = announced_windows(days=settings.MAINTENANCE_BANNER_DAYS)
    if not active and not upcoming:
        return None
    windows = [{"period": window_period_text(window), "message": window.message, "active": window in active}
               for window in [*active, *upcoming]]
    return HomePanel("members/home/maintenance.html", {"windows": windows}, SIDE)


HOME_PANELS: list[Callable[[User, MemberCompany], HomePanel | None]] = [
    deals_waiting_panel,
    matching_panel,
    own_needs_panel,
    notices_panel,
    consultations_panel,
    maintenance_panel,
    subsidies_panel,
]


def home_panels(user: User, company: MemberCompany) -> list[HomePanel]:
    return [panel for panel in (function(user, company) for function in HOME_PANELS) if panel is not None]
